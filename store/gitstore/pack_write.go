package gitstore

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"

	"github.com/incidentkit/incidentkit/internal/faults"
)

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
