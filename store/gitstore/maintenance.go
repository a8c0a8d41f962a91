package gitstore

import (
	"compress/zlib"
	"context"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/incidentkit/incidentkit/internal/faults"
)

// Maintenance keeps the object database bounded. Every commit adds one
// small pack (objects.go), so packs are rolled up the way
// "git repack --geometric=2" does: when there are more than maxPacks, the
// smallest packs are merged until the object counts of the packs left form
// a progression where each pack holds at least twice the objects of the
// next smaller one. Each object is copied O(log n) times over the life of
// the repository, the number of packs stays O(log n) + maxPacks, and a
// lookup scans at most that many in-memory indexes.
//
// Safety against concurrent readers (other processes, git): a merged pack
// is durable and visible (fsynced, .idx renamed in place, directory
// fsynced) before any pack or loose object it replaces is deleted, and
// every reader, ours and git's, re-lists the packs when an object is not
// found. Against git gc / git repack running beside us: they only delete
// packs and loose objects whose objects they have rewritten; we only
// delete what we have rewritten; a pack that vanishes under us stays
// readable through its open descriptor.
const (
	// maxPacks is the number of packs tolerated before a rollup.
	maxPacks = 16
	// packCheckEvery is how many commits maybePack lets pass between
	// looks at the pack directory.
	packCheckEvery = 8
	// maxRollupObjects caps the packs a rollup considers: bigger packs
	// (from pack(), git gc, or earlier rollups) are left alone, so the
	// commit that triggers a rollup copies at most about this many objects
	// instead of, once each time the repository doubles, all of them.
	maxRollupObjects = 50_000
	// staleTemp is the age after which temp files and .idx-less packs
	// left by a crash are removed.
	staleTemp = time.Hour
)

// maybePack rolls up packs if there are too many. It is cheap when there
// is nothing to do (a counter; a directory listing every packCheckEvery
// commits). Packs of maxRollupObjects or more are left alone. The caller must hold lockWrite; without it maybePack does
// nothing. A rollup copies the objects of the packs it merges, so the
// commit that triggers it pays for it: typically the ~maxPacks small packs
// of the last commits, rarely (each time the repository doubles) all.
func (r *repo) maybePack() error {
	if !r.held.Load() {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.packCheck < packCheckEvery {
		return nil
	}
	r.packCheck = 0
	if err := r.db.refresh(); err != nil {
		return err
	}
	var small []*pack
	for _, p := range r.db.unquarantined(r.db.packs) {
		if p.objects < maxRollupObjects {
			small = append(small, p)
		}
	}
	if len(small) <= maxPacks {
		return nil
	}
	err := r.db.rollup(context.Background(), geometricSplit(small), false, false)
	r.st.Reindex() // go-git's own pack index, used by its object iterators
	return err
}

// pack merges every pack and loose object into one pack, deletes what it
// replaced and removes temp files left by crashes. It takes the write
// lock itself: do not call it while holding lockWrite.
func (r *repo) pack(ctx context.Context) error {
	unlock, err := r.lockWrite(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.db.refresh(); err != nil {
		return err
	}
	r.db.removeStaleTemps()
	all := r.db.unquarantined(r.db.packs)
	err = r.db.rollup(ctx, all, true, true)
	r.st.Reindex()
	return err
}

// geometricSplit returns the packs a geometric rollup merges (factor 2 on
// object counts, as git's --geometric=2), none if they already form a
// progression.
func geometricSplit(packs []*pack) []*pack {
	ps := append([]*pack(nil), packs...)
	sort.Slice(ps, func(i, j int) bool { return ps[i].objects < ps[j].objects })
	i := len(ps) - 1
	for ; i > 0; i-- {
		if ps[i].objects < 2*ps[i-1].objects {
			break
		}
	}
	split := i
	if split > 0 {
		split++
	}
	var total int64
	for _, p := range ps[:split] {
		total += p.objects
	}
	for ; split < len(ps) && ps[split].objects < 2*total; split++ {
		total += ps[split].objects
	}
	if split < 2 {
		return nil
	}
	return ps[:split]
}

// rollup writes the objects of packs (and, with loose, of every loose
// object) into one new pack, then deletes what it replaced. Entries are
// copied verbatim, compressed bytes and all (inflating and deflating every
// object again made rollups 60% of the CPU of a commit); with compress,
// entries stored uncompressed (commit packs) are deflated on the way.
func (db *objectDB) rollup(ctx context.Context, packs []*pack, loose, compress bool) error {
	var looseHashes []plumbing.Hash
	if loose {
		var err error
		if looseHashes, err = db.looseObjects(); err != nil {
			return err
		}
	}
	if len(packs)+len(looseHashes) == 0 || (len(packs) == 1 && len(looseHashes) == 0) {
		return nil
	}
	tmp, err := createTemp("repack.create", db.packDir, tmpPackPrefix)
	if err != nil {
		return fmt.Errorf("gitstore: repack: %w", err)
	}
	done := false
	defer func() {
		if !done {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	bw := &bufWriter{f: tmp, buf: make([]byte, 0, 1<<20)}
	level := zlib.BestSpeed
	if compress {
		level = zlib.DefaultCompression
	}
	pb := db.newPackBuilder(bw, level)
	seen := map[plumbing.Hash]bool{}
	copyObject := func(o plumbing.EncodedObject, h plumbing.Hash) error {
		if seen[h] {
			return nil
		}
		seen[h] = true
		rd, err := o.Reader()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(rd)
		_ = rd.Close()
		if err != nil {
			return err
		}
		return pb.add(rawObject{typ: o.Type(), data: data, hash: h})
	}
	for _, p := range packs {
		if err := db.copyPack(ctx, pb, p, seen, compress, copyObject); err != nil {
			return fmt.Errorf("gitstore: repack pack-%s: %w", p.name, err)
		}
	}
	for _, h := range looseHashes {
		if err := ctx.Err(); err != nil {
			return err
		}
		o, err := db.readLoose(h)
		if isNotFound(err) {
			continue // packed and pruned by git meanwhile
		}
		if err == nil {
			err = copyObject(o, h)
		}
		if err != nil {
			return fmt.Errorf("gitstore: repack: %w", err)
		}
	}
	err = faults.Check("repack.write", tmp.Name())
	if err == nil {
		err = bw.flush()
	}
	if err != nil {
		return fmt.Errorf("gitstore: repack: %w", err)
	}
	checksum, err := finishPackFile(tmp, pb.count)
	if err != nil {
		return err
	}
	p, err := db.publishPack(checksum, pb.iw, true, func() (*os.File, error) { return tmp, nil })
	if err != nil {
		return err
	}
	done = true
	if p == nil {
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
	} else {
		db.addPack(p)
	}
	// Only now, with the new pack durable and visible, drop what it holds.
	for _, old := range packs {
		if old.name == checksum {
			continue
		}
		// A .keep of ours goes with its pack, last; anyone else's stays.
		exts := []string{".idx", ".pack"}
		if b, err := os.ReadFile(db.packPath(old.name, ".keep")); err == nil && string(b) == keepNote {
			exts = append(exts, ".keep")
		}
		for _, ext := range exts {
			err := faults.Check("repack.remove", db.packPath(old.name, ext))
			if err == nil {
				err = os.Remove(db.packPath(old.name, ext))
			}
			if err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("gitstore: repack: %w", err)
			}
		}
	}
	for _, h := range looseHashes {
		if seen[h] {
			_ = os.Remove(db.loosePath(h))
		}
	}
	if err := db.sync.dirAt("repack.fsync", db.packDir); err != nil {
		return err
	}
	return db.refresh()
}

// copyPack copies the entries of p into pb: whole objects verbatim
// (deflating stored ones if compress), deltas resolved through add.
func (db *objectDB) copyPack(ctx context.Context, pb *packBuilder, p *pack, seen map[plumbing.Hash]bool,
	compress bool, add func(plumbing.EncodedObject, plumbing.Hash) error) error {
	it, err := p.idx.EntriesByOffset()
	if err != nil {
		return err
	}
	var ents []idxEntry
	for {
		e, err := it.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			_ = it.Close()
			return err
		}
		ents = append(ents, idxEntry{e.Hash, int64(e.Offset)})
	}
	_ = it.Close()
	end := p.size - 20
	for i, e := range ents {
		if err := ctx.Err(); err != nil {
			return err
		}
		if seen[e.hash] {
			continue
		}
		next := end
		if i+1 < len(ents) {
			next = ents[i+1].offset
		}
		if next <= e.offset || next-e.offset > 1<<30 {
			return fmt.Errorf("entry %s: bad offsets", e.hash)
		}
		raw := make([]byte, next-e.offset)
		if _, err := p.file.ReadAt(raw, e.offset); err != nil {
			return err
		}
		typ, hdr := entryHeader(raw)
		isDelta := typ == plumbing.OFSDeltaObject || typ == plumbing.REFDeltaObject
		stored := hdr+2 < len(raw) && raw[hdr+2]&0x06 == 0 // deflate BTYPE 00
		if !isDelta && hdr > 0 && !(compress && stored) {
			seen[e.hash] = true
			if err := pb.addRaw(e.hash, raw); err != nil {
				return err
			}
			continue
		}
		o, err := p.pf.GetByOffset(e.offset)
		if err != nil {
			return err
		}
		if err := add(o, e.hash); err != nil {
			return err
		}
	}
	return nil
}

type idxEntry struct {
	hash   plumbing.Hash
	offset int64
}

// entryHeader returns the type of a pack entry and the length of its
// header, 0 if malformed.
func entryHeader(raw []byte) (plumbing.ObjectType, int) {
	for i, b := range raw {
		if b&0x80 == 0 {
			if i > 9 {
				return 0, 0
			}
			return plumbing.ObjectType((raw[0] >> 4) & 7), i + 1
		}
	}
	return 0, 0
}

// finishPackFile patches the object count into the header of the pack
// written to f, appends the checksum of the whole and returns it.
func finishPackFile(f *os.File, count uint32) (plumbing.Hash, error) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], count)
	if _, err := f.WriteAt(n[:], 8); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("gitstore: repack: %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("gitstore: repack: %w", err)
	}
	sum := sha1.New()
	if _, err := io.Copy(sum, f); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("gitstore: repack: %w", err)
	}
	var h plumbing.Hash
	copy(h[:], sum.Sum(nil))
	if _, err := f.Write(h[:]); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("gitstore: repack: %w", err)
	}
	return h, nil
}

// looseObjects lists the loose objects.
func (db *objectDB) looseObjects() ([]plumbing.Hash, error) {
	dirs, err := os.ReadDir(db.objDir)
	if err != nil {
		return nil, fmt.Errorf("gitstore: list objects: %w", err)
	}
	var out []plumbing.Hash
	for _, d := range dirs {
		if len(d.Name()) != 2 || !d.IsDir() {
			continue
		}
		ents, err := os.ReadDir(filepath.Join(db.objDir, d.Name()))
		if err != nil {
			return nil, fmt.Errorf("gitstore: list objects: %w", err)
		}
		for _, e := range ents {
			if h, ok := fromHex(d.Name() + e.Name()); ok {
				out = append(out, h)
			}
		}
	}
	return out, nil
}

// looseCount counts loose objects (for tests and diagnostics).
func (db *objectDB) looseCount() int {
	hs, _ := db.looseObjects()
	return len(hs)
}

// removeStaleTemps deletes our temp files, .idx-less packs and .keep files
// of ours without a pack older than staleTemp: leftovers of a crash.
// Younger ones may be in flight.
func (db *objectDB) removeStaleTemps() {
	ents, err := os.ReadDir(db.packDir)
	if err != nil {
		return
	}
	names := map[string]bool{}
	for _, e := range ents {
		names[e.Name()] = true
	}
	for _, e := range ents {
		n := e.Name()
		ours := strings.HasPrefix(n, tmpPackPrefix) || strings.HasPrefix(n, tmpIdxPrefix) ||
			strings.HasPrefix(n, "tmp_pack_incidentkit_") || strings.HasPrefix(n, "tmp_idx_incidentkit_") // older names
		orphan := strings.HasSuffix(n, ".pack") && !names[strings.TrimSuffix(n, ".pack")+".idx"]
		if base, ok := strings.CutSuffix(n, ".keep"); ok && !names[base+".pack"] {
			// A crash between the .keep and its pack left it.
			b, err := os.ReadFile(filepath.Join(db.packDir, n))
			orphan = err == nil && string(b) == keepNote
		}
		if !ours && !orphan {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > staleTemp {
			_ = os.Remove(filepath.Join(db.packDir, n))
		}
	}
}

// bufWriter buffers writes to a file (os.File is unbuffered).
type bufWriter struct {
	f   *os.File
	buf []byte
}

func (w *bufWriter) Write(p []byte) (int, error) {
	if len(w.buf)+len(p) > cap(w.buf) {
		if err := w.flush(); err != nil {
			return 0, err
		}
	}
	if len(p) > cap(w.buf) {
		return w.f.Write(p)
	}
	w.buf = append(w.buf, p...)
	return len(p), nil
}

func (w *bufWriter) flush() error {
	_, err := w.f.Write(w.buf)
	w.buf = w.buf[:0]
	return err
}
