package gitstore

import (
	"bytes"
	"compress/zlib"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/plumbing/format/objfile"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"

	"github.com/incidentkit/incidentkit/internal/faults"
)

// objectDB reads and writes the object database of one git directory.
//
// Writes go to one small packfile per commit: a commit adds ~7 objects,
// and one pack plus its index costs 2 file fsyncs and 1 directory fsync,
// where 7 loose objects cost 7 file fsyncs plus up to 7 directory fsyncs
// (measured on this machine: ~1.1 ms vs ~6.2 ms). The price is many small
// packs, which maintenance.go rolls up geometrically.
//
// Reads look in the packs it has indexed (in memory, newest first), then
// in loose objects, and on a miss re-list objects/pack and look again: a
// pack written or removed by another process (or by git gc) is picked up
// without re-reading the indexes of packs already known, so the cost of a
// read does not grow with the size of the repository.
//
// objectDB is not safe for concurrent use; repo serialises access.
type objectDB struct {
	objDir  string // <gitdir>/objects
	packDir string // <gitdir>/objects/pack
	cache   cache.Object
	sync    *syncer
	packs   []*pack // newest first
	byName  map[plumbing.Hash]*pack
	zw      *zlib.Writer // reused for commit packs: a new one allocates ~1 MB
	zbuf    *bytes.Buffer
	// held reports whether the repo's write lock is held: packs written
	// under it are kept (publishPack).
	held *atomic.Bool
}

// pack is one indexed packfile kept open, so a pack deleted by a
// concurrent repack stays readable until the next refresh drops it.
type pack struct {
	name    plumbing.Hash
	idx     *idxfile.MemoryIndex
	objects int64
	size    int64
	mtime   time.Time
	file    *os.File
	pf      *packfile.Packfile
}

func newObjectDB(gitDir string, c cache.Object, s *syncer) *objectDB {
	objDir := filepath.Join(gitDir, "objects")
	return &objectDB{
		objDir:  objDir,
		packDir: filepath.Join(objDir, "pack"),
		cache:   c,
		sync:    s,
		byName:  map[plumbing.Hash]*pack{},
	}
}

// close releases every open pack.
func (db *objectDB) close() error {
	var first error
	for _, p := range db.packs {
		if err := p.file.Close(); err != nil && first == nil {
			first = err
		}
	}
	db.packs, db.byName = nil, map[plumbing.Hash]*pack{}
	return first
}

// refresh re-lists objects/pack: it indexes packs it has not seen (a pack
// counts once both its .pack and .idx exist) and drops packs that are gone.
func (db *objectDB) refresh() error {
	ents, err := os.ReadDir(db.packDir)
	if err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("gitstore: list packs: %w", err)
	}
	names := make(map[string]bool, len(ents))
	for _, e := range ents {
		names[e.Name()] = true
	}
	live := map[plumbing.Hash]bool{}
	for _, e := range ents {
		n := e.Name()
		base, ok := strings.CutSuffix(n, ".idx")
		if !ok || !strings.HasPrefix(base, "pack-") || !names[base+".pack"] {
			continue
		}
		h, ok := fromHex(strings.TrimPrefix(base, "pack-"))
		if !ok {
			continue
		}
		live[h] = true
		if db.byName[h] != nil {
			continue
		}
		p, err := db.openPack(h)
		if errors.Is(err, os.ErrNotExist) {
			delete(live, h) // removed while we listed
			continue
		}
		if err != nil {
			return err
		}
		db.addPack(p)
	}
	kept := db.packs[:0]
	for _, p := range db.packs {
		if live[p.name] {
			kept = append(kept, p)
			continue
		}
		_ = p.file.Close()
		delete(db.byName, p.name)
	}
	clear(db.packs[len(kept):])
	db.packs = kept
	return nil
}

func (db *objectDB) packPath(h plumbing.Hash, ext string) string {
	return filepath.Join(db.packDir, "pack-"+h.String()+ext)
}

// openPack loads the index of pack h and opens the pack.
func (db *objectDB) openPack(h plumbing.Hash) (*pack, error) {
	data, err := os.ReadFile(db.packPath(h, ".idx"))
	if err != nil {
		return nil, fmt.Errorf("gitstore: read pack index: %w", err)
	}
	idx := idxfile.NewMemoryIndex()
	if err := idxfile.NewDecoder(bytes.NewReader(data)).Decode(idx); err != nil {
		return nil, fmt.Errorf("gitstore: pack-%s.idx: %w", h, err)
	}
	if !bytes.Equal(idx.PackfileChecksum[:], h[:]) {
		return nil, fmt.Errorf("gitstore: pack-%s.idx: names another pack", h)
	}
	f, err := os.Open(db.packPath(h, ".pack"))
	if err != nil {
		return nil, fmt.Errorf("gitstore: open pack: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("gitstore: %w", err)
	}
	n, _ := idx.Count()
	return &pack{name: h, idx: idx, objects: n, size: fi.Size(), mtime: fi.ModTime(), file: f,
		pf: packfile.NewPackfileWithCache(idx, nil, billyFile{f}, db.cache, 0)}, nil
}

// addPack inserts p keeping db.packs newest first (p first among equal
// modification times: the clock is coarser than our commits).
func (db *objectDB) addPack(p *pack) {
	db.byName[p.name] = p
	db.packs = append([]*pack{p}, db.packs...)
	sort.SliceStable(db.packs, func(i, j int) bool { return db.packs[i].mtime.After(db.packs[j].mtime) })
}

// find returns the pack holding h and its offset there.
func (db *objectDB) find(h plumbing.Hash) (*pack, int64) {
	for _, p := range db.packs {
		if off, err := p.idx.FindOffset(h); err == nil {
			return p, off
		}
	}
	return nil, 0
}

func (db *objectDB) loosePath(h plumbing.Hash) string {
	s := h.String()
	return filepath.Join(db.objDir, s[:2], s[2:])
}

// has reports whether h is stored, loose or packed, on disk now: not
// from the cache, and not from a pack that git repack has deleted under
// our open descriptor (writeObjects must not skip an object that others
// can no longer read).
func (db *objectDB) has(h plumbing.Hash) bool {
	if p, _ := db.find(h); p != nil {
		if _, err := os.Lstat(db.packPath(p.name, ".pack")); err == nil {
			return true
		}
	}
	_, err := os.Lstat(db.loosePath(h))
	return err == nil
}

// hasKept reports whether h is stored in a pack that is on disk with a
// .keep file, which git never deletes (see publishPack), and that is not
// quarantined (quarantine.go).
func (db *objectDB) hasKept(h plumbing.Hash) bool {
	p, _ := db.find(h)
	if p == nil {
		return false
	}
	if _, err := os.Lstat(db.packPath(p.name, ".pack")); err != nil {
		return false
	}
	_, err := os.Lstat(db.packPath(p.name, ".keep"))
	return err == nil && !db.quarantined(p.name)
}

// refreshTries is how many times get re-lists the packs for an object it
// does not find.
const refreshTries = 3

// get returns object h of type t (plumbing.AnyObject for any type).
func (db *objectDB) get(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	o, err := db.lookup(h)
	// Another process may have written a new pack, or repacked and
	// removed the loose copy or the pack we knew (go-git#2242). Look
	// again after re-listing the packs, more than once: a directory
	// listing is no snapshot, and one made while a rollup publishes its
	// pack and deletes the ones it merged can miss both the new pack and
	// the old (TestConcurrentProcesses saw "object not found" for a
	// published commit, 2 reads in 60,000).
	for range refreshTries {
		if !errors.Is(err, plumbing.ErrObjectNotFound) {
			break
		}
		if rerr := db.refresh(); rerr != nil {
			return nil, rerr
		}
		o, err = db.lookup(h)
	}
	if err != nil {
		return nil, err
	}
	if t != plumbing.AnyObject && o.Type() != t {
		return nil, plumbing.ErrObjectNotFound
	}
	return o, nil
}

func (db *objectDB) lookup(h plumbing.Hash) (plumbing.EncodedObject, error) {
	if o, ok := db.cache.Get(h); ok {
		return o, nil
	}
	if p, off := db.find(h); p != nil {
		o, err := p.pf.GetByOffset(off)
		if err != nil {
			return nil, fmt.Errorf("gitstore: read %s from pack-%s: %w", h, p.name, err)
		}
		return o, nil
	}
	o, err := db.readLoose(h)
	if err != nil {
		return nil, err
	}
	db.cache.Put(o)
	return o, nil
}

func (db *objectDB) readLoose(h plumbing.Hash) (plumbing.EncodedObject, error) {
	f, err := os.Open(db.loosePath(h))
	if os.IsNotExist(err) {
		return nil, plumbing.ErrObjectNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("gitstore: %w", err)
	}
	defer f.Close()
	r, err := objfile.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("gitstore: object %s: %w", h, err)
	}
	defer r.Close()
	t, size, err := r.Header()
	if err != nil {
		return nil, fmt.Errorf("gitstore: object %s: %w", h, err)
	}
	o := &plumbing.MemoryObject{}
	o.SetType(t)
	o.SetSize(size)
	if _, err := io.Copy(o, r); err != nil {
		return nil, fmt.Errorf("gitstore: object %s: %w", h, err)
	}
	if o.Hash() != h {
		return nil, fmt.Errorf("gitstore: object %s: corrupt (hash %s)", h, o.Hash())
	}
	return o, nil
}

// rawObject is an object to write: its type, content and hash.
type rawObject struct {
	typ  plumbing.ObjectType
	data []byte
	hash plumbing.Hash
}

func newRawObject(t plumbing.ObjectType, data []byte) rawObject {
	return rawObject{typ: t, data: data, hash: plumbing.ComputeHash(t, data)}
}

// memoryObject returns o as a go-git object for the cache.
func (o rawObject) memoryObject() *plumbing.MemoryObject {
	m := &plumbing.MemoryObject{}
	m.SetType(o.typ)
	m.SetSize(int64(len(o.data)))
	_, _ = m.Write(o.data)
	return m
}

// writeObjects stores the objects of objs that are not stored yet as one
// new pack, durable (unless noSync) and visible to git when it returns.
func (db *objectDB) writeObjects(objs []rawObject) error {
	// An object already stored is skipped only if it is in a kept pack:
	// elsewhere (a pack git may repack, a loose object) it may be
	// unreachable, left by a failed write, and git gc or git repack -a -d
	// running beside us may delete it before the commit that needs it is
	// published. A duplicate costs a few bytes; a missing object, the
	// repository.
	var todo []rawObject
	seen := map[plumbing.Hash]bool{}
	for _, o := range objs {
		if seen[o.hash] || db.hasKept(o.hash) {
			continue
		}
		seen[o.hash] = true
		todo = append(todo, o)
	}
	if len(todo) == 0 {
		return nil
	}
	var buf bytes.Buffer
	pb := db.newPackBuilder(&buf, zlib.NoCompression)
	for _, o := range todo {
		if err := pb.add(o); err != nil {
			return fmt.Errorf("gitstore: write pack: %w", err)
		}
	}
	data := buf.Bytes()
	binary.BigEndian.PutUint32(data[8:], pb.count)
	checksum := plumbing.Hash(sha1.Sum(data))
	data = append(data, checksum[:]...)
	keep := db.held != nil && db.held.Load()
	p, err := db.publishPack(checksum, pb.iw, keep, func() (*os.File, error) {
		// The pack is written under its final name: git ignores a pack
		// until its .idx exists, and the .idx appears by rename.
		name := db.packPath(checksum, ".pack")
		err := faults.Check("pack.create", name)
		var f *os.File
		if err == nil {
			f, err = os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o444)
		}
		if errors.Is(err, os.ErrExist) {
			// Left by a crash, or being written by another process that
			// makes the very same commit: never touch it; write a temp
			// file that publishPack fsyncs and renames over it.
			f, err = createTemp("pack.create", db.packDir, tmpPackPrefix)
		}
		if err != nil {
			return nil, err
		}
		err = faults.Check("pack.write", f.Name())
		if err == nil {
			_, err = f.Write(data)
		}
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
			return nil, err
		}
		return f, nil
	})
	if err != nil {
		return err
	}
	for _, o := range todo {
		db.cache.Put(o.memoryObject())
	}
	if p != nil {
		db.addPack(p)
	}
	return nil
}

// packBuilder writes pack entries (whole objects, no deltas) to w after
// a header whose object count the caller patches in at the end.
type packBuilder struct {
	w     io.Writer
	n     int64
	count uint32
	iw    *idxfile.Writer
	zw    *zlib.Writer
	zbuf  *bytes.Buffer
}

// newPackBuilder starts a pack on w. Commit packs (level NoCompression)
// reuse one zlib writer; deflating the few small objects of a commit
// would cost more CPU than the whole rest of the commit, and rollups
// compress them later.
func (db *objectDB) newPackBuilder(w io.Writer, level int) *packBuilder {
	pb := &packBuilder{w: w, iw: new(idxfile.Writer), zbuf: new(bytes.Buffer)}
	if level == zlib.NoCompression {
		if db.zw == nil {
			db.zbuf = new(bytes.Buffer)
			db.zw, _ = zlib.NewWriterLevel(db.zbuf, level)
		}
		pb.zw, pb.zbuf = db.zw, db.zbuf
	} else {
		pb.zw, _ = zlib.NewWriterLevel(pb.zbuf, level)
	}
	hdr := []byte{'P', 'A', 'C', 'K', 0, 0, 0, 2, 0, 0, 0, 0}
	n, _ := w.Write(hdr)
	pb.n = int64(n)
	return pb
}

func (pb *packBuilder) add(o rawObject) error {
	pb.zbuf.Reset()
	packEntryHeader(pb.zbuf, o.typ, int64(len(o.data)))
	pb.zw.Reset(pb.zbuf)
	if _, err := pb.zw.Write(o.data); err != nil {
		return err
	}
	if err := pb.zw.Close(); err != nil {
		return err
	}
	entry := pb.zbuf.Bytes()
	if _, err := pb.w.Write(entry); err != nil {
		return err
	}
	pb.iw.Add(o.hash, uint64(pb.n), crc32.ChecksumIEEE(entry))
	pb.n += int64(len(entry))
	pb.count++
	return nil
}

// addRaw appends an entry copied verbatim from another pack: its header
// and compressed data. Only whole objects (not deltas) can move so.
func (pb *packBuilder) addRaw(h plumbing.Hash, entry []byte) error {
	if _, err := pb.w.Write(entry); err != nil {
		return err
	}
	pb.iw.Add(h, uint64(pb.n), crc32.ChecksumIEEE(entry))
	pb.n += int64(len(entry))
	pb.count++
	return nil
}

// publishPack makes a pack visible: create returns the complete pack file
// (open, checksum written, not yet synced) at its final name or a temp
// name; publishPack fsyncs it, renames it to its final name if needed,
// writes the .idx to a temp file, fsyncs it, renames it in place (git uses
// a pack once its .idx exists) and fsyncs the pack directory. It returns
// the opened pack, or nil if the pack already existed.
//
// With keep (packs written under the write lock, and fetched packs, whose
// objects no ref reaches until sync publishes one), the pack gets a .keep
// file before its .pack file appears and keeps it until a rollup
// (maintenance.go) merges it into another kept pack: git repack and git
// gc never delete a kept pack. They must not delete ours: they list the
// .pack files they find, read the refs, pack what those reach and then
// delete every listed pack without a .keep. A commit pack that appeared
// before the listing but was published after the refs were read lost its
// commit that way (git 2.39; internal/stress found it within seconds).
// Our rollups copy every object, reachable or not, so nothing we wrote is
// lost to a repack; the price is that git gc leaves our packs to our own
// maintenance.
func (db *objectDB) publishPack(checksum plumbing.Hash, iw *idxfile.Writer, keep bool, create func() (*os.File, error)) (*pack, error) {
	idxName := db.packPath(checksum, ".idx")
	if _, err := os.Lstat(idxName); err == nil {
		// This very pack is already stored; make sure it is kept.
		if keep {
			_, err := db.keep(checksum)
			return nil, err
		}
		return nil, nil
	}
	if !iw.Finished() {
		if err := iw.OnFooter(checksum); err != nil {
			return nil, fmt.Errorf("gitstore: index pack: %w", err)
		}
	}
	idx, err := iw.Index()
	if err != nil {
		return nil, fmt.Errorf("gitstore: index pack: %w", err)
	}
	var ibuf bytes.Buffer
	if _, err := idxfile.NewEncoder(&ibuf).Encode(idx); err != nil {
		return nil, fmt.Errorf("gitstore: encode pack index: %w", err)
	}
	// The .keep comes first: git repack lists the .pack files it finds
	// (with or without an .idx) and deletes the ones it listed without a
	// .keep once it is done, so a commit pack written under its final
	// name without one was deleted under us (found by internal/stress).
	madeKeep := false
	if keep {
		if madeKeep, err = db.keep(checksum); err != nil {
			return nil, err
		}
	}
	unkeep := func() {
		if madeKeep {
			_ = os.Remove(db.packPath(checksum, ".keep"))
		}
	}
	f, err := create()
	if err != nil {
		unkeep()
		return nil, fmt.Errorf("gitstore: write pack: %w", err)
	}
	packName := db.packPath(checksum, ".pack")
	fail := func(err error) (*pack, error) {
		_ = f.Close()
		_ = os.Remove(f.Name())
		unkeep()
		return nil, err
	}
	if err := db.sync.fileAt("pack.fsync", f); err != nil {
		return fail(err)
	}
	if f.Name() != packName {
		err := faults.Check("pack.rename", f.Name())
		if err == nil {
			err = os.Rename(f.Name(), packName)
		}
		if err != nil {
			return fail(fmt.Errorf("gitstore: %w", err))
		}
	}
	idxTmp, err := db.sync.writeTempAt("idx", db.packDir, tmpIdxPrefix, ibuf.Bytes())
	if err != nil {
		return fail(err)
	}
	err = faults.Check("idx.rename", idxTmp)
	if err == nil {
		err = os.Rename(idxTmp, idxName)
	}
	if err != nil {
		_ = os.Remove(idxTmp)
		return fail(fmt.Errorf("gitstore: %w", err))
	}
	if err := db.sync.dirAt("packdir.fsync", db.packDir); err != nil {
		// Not durable: take the pack back out of sight (nothing refers
		// to its objects yet), so the repository is as it was.
		_ = os.Remove(idxName)
		return fail(err)
	}
	fi, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("gitstore: %w", err)
	}
	count, _ := idx.Count()
	return &pack{name: checksum, idx: idx, objects: count, size: fi.Size(), mtime: fi.ModTime(),
		file: f, pf: packfile.NewPackfileWithCache(idx, nil, billyFile{f}, db.cache, 0)}, nil
}

// Temp files in objects/pack. Not "tmp_...": git prune (and so git gc)
// deletes every objects/pack/tmp_* file older than its expiry, which
// --prune=now makes every one, in flight or not: the stress harness saw
// writes fail with the .idx temp file renamed away under them.
const (
	tmpPackPrefix = "incidentkit_tmp_pack_"
	tmpIdxPrefix  = "incidentkit_tmp_idx_"
)

// keepNote is the content of the .keep files publishPack makes: the
// rollup removes those with its pack, and leaves anyone else's alone.
const keepNote = "incidentkit: rolled up by incidentkit, not by git repack\n"

// keep makes pack-<checksum>.keep and reports whether it made it: one
// that exists already is left as it is. It is not fsynced: after a crash
// a pack without its .keep is only exposed to a repack that reads the
// refs after the crash, and they reach every published object.
func (db *objectDB) keep(checksum plumbing.Hash) (bool, error) {
	name := db.packPath(checksum, ".keep")
	err := faults.Check("pack.keep", name)
	var f *os.File
	if err == nil {
		f, err = os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o444)
	}
	if errors.Is(err, os.ErrExist) {
		return false, nil
	}
	if err == nil {
		_, err = f.WriteString(keepNote)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			_ = os.Remove(name)
		}
	}
	if err != nil {
		return false, fmt.Errorf("gitstore: keep pack: %w", err)
	}
	return true, nil
}

// packEntryHeader writes the type and size header of a pack entry.
func packEntryHeader(w *bytes.Buffer, t plumbing.ObjectType, size int64) {
	b := byte(t)<<4 | byte(size&0x0f)
	size >>= 4
	for size != 0 {
		w.WriteByte(b | 0x80)
		b = byte(size & 0x7f)
		size >>= 7
	}
	w.WriteByte(b)
}

// billyFile adapts an *os.File to billy.File for go-git's packfile reader,
// which never locks it.
type billyFile struct{ *os.File }

func (billyFile) Lock() error   { return nil }
func (billyFile) Unlock() error { return nil }

// fromHex parses a full 40-digit hex object name.
func fromHex(s string) (plumbing.Hash, bool) {
	if len(s) != 40 || !plumbing.IsHash(s) {
		return plumbing.ZeroHash, false
	}
	return plumbing.NewHash(s), true
}

// isNotFound reports whether err means a missing object.
func isNotFound(err error) bool {
	return errors.Is(err, plumbing.ErrObjectNotFound)
}
