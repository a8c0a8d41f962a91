package gitstore

import (
	"bytes"
	"crypto/sha1"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	gitindex "github.com/go-git/go-git/v5/plumbing/format/index"
)

// syncWorktree brings the working tree and index of a non-bare repository
// up to date after branch moved to newCommit by changes, if branch is the
// one checked out (HEAD names it); otherwise, and for bare repositories,
// it does nothing. Only the changed paths are touched: each file is
// written to a temp file and renamed in place, and the index is rewritten
// with git's lock protocol (index.lock, rename), so `git status` stays
// clean. A file the user has modified (it no longer matches its index
// entry) is left alone; git status then shows their edit against the new
// commit, and nothing is lost. Call it after casRef, holding lockWrite.
func (r *repo) syncWorktree(branch plumbing.ReferenceName, changes []change, newCommit plumbing.Hash) error {
	if r.workDir == "" || len(changes) == 0 {
		return nil
	}
	_, head, err := r.readRefOnce(plumbing.HEAD)
	if err != nil {
		return err
	}
	if head != branch {
		return nil
	}
	lockPath := filepath.Join(r.gitDir, "index.lock")
	lock, err := lockIndex(lockPath)
	if err != nil {
		return err
	}
	committed := false
	defer func() {
		if !committed {
			_ = lock.Close()
			_ = os.Remove(lockPath)
		}
	}()
	idx, err := r.readIndex()
	if err != nil {
		return err
	}
	byName := make(map[string]int, len(idx.Entries))
	conflicted := map[string]bool{}
	for i, e := range idx.Entries {
		// Stage 0 is a merged entry (go-git's gitindex.Merged is 1, wrongly).
		if e.Stage == 0 {
			byName[e.Name] = i
		} else {
			conflicted[e.Name] = true
		}
	}
	removed := map[string]bool{}
	for _, c := range changes {
		if conflicted[c.Path] {
			continue // mid-merge in the work tree: the user resolves it
		}
		i, tracked := byName[c.Path]
		var old *gitindex.Entry
		if tracked {
			old = idx.Entries[i]
		}
		full := filepath.Join(r.workDir, filepath.FromSlash(c.Path))
		if old != nil && !unmodified(full, old) {
			// The user's edit stays; the index follows the commit.
			if c.Data == nil {
				removed[c.Path] = true
			} else {
				old.Hash = plumbing.ComputeHash(plumbing.BlobObject, c.Data)
				old.ModifiedAt, old.Size = time.Time{}, 0
			}
			continue
		}
		if c.Data == nil {
			if err := os.Remove(full); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("gitstore: work tree: %w", err)
			}
			r.removeEmptyDirs(filepath.Dir(full))
			removed[c.Path] = true
			continue
		}
		mode := filemode.Regular
		if old != nil && old.Mode == filemode.Executable {
			mode = filemode.Executable
		}
		e, err := r.writeWorkFile(full, c.Data, mode)
		if err != nil {
			return err
		}
		e.Name = c.Path
		if old != nil {
			*old = *e
		} else {
			idx.Entries = append(idx.Entries, e)
		}
	}
	if len(removed) > 0 {
		kept := idx.Entries[:0]
		for _, e := range idx.Entries {
			if !removed[e.Name] {
				kept = append(kept, e)
			}
		}
		idx.Entries = kept
	}
	sort.Slice(idx.Entries, func(i, j int) bool { return idx.Entries[i].Name < idx.Entries[j].Name })
	// The cache-tree and other optional extensions are dropped (the encoder
	// does not write them); git rebuilds them when it needs them.
	idx.Cache, idx.ResolveUndo, idx.EndOfIndexEntry = nil, nil, nil
	if err := writeIndex(lock, idx); err != nil {
		return err
	}
	if err := lock.Close(); err != nil {
		return fmt.Errorf("gitstore: write index: %w", err)
	}
	if err := os.Rename(lockPath, filepath.Join(r.gitDir, "index")); err != nil {
		return fmt.Errorf("gitstore: write index: %w", err)
	}
	committed = true
	return nil
}

// lockIndex creates index.lock, waiting briefly for a git command that
// holds it.
func lockIndex(path string) (*os.File, error) {
	deadline := time.Now().Add(refLockWait)
	wait := 100 * time.Microsecond
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, os.ErrExist) || time.Now().After(deadline) {
			return nil, fmt.Errorf("gitstore: lock index: %w", err)
		}
		time.Sleep(wait)
		if wait < 10*time.Millisecond {
			wait *= 2
		}
	}
}

// readIndex reads the index, an empty one if there is none yet. Versions
// 2 and 3 are decoded here: go-git's decoder (reflection per field) took
// 25 ms of the 79 ms an update of a 10,000-file work tree cost. Optional
// extensions (cache-tree, untracked cache, ...) are dropped, as the index
// is rewritten without them; git rebuilds them when it needs them.
func (r *repo) readIndex() (*gitindex.Index, error) {
	b, err := os.ReadFile(filepath.Join(r.gitDir, "index"))
	if errors.Is(err, os.ErrNotExist) {
		return &gitindex.Index{Version: 2}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("gitstore: read index: %w", err)
	}
	if idx, ok := decodeIndex(b); ok {
		return idx, nil
	}
	idx := &gitindex.Index{}
	if err := gitindex.NewDecoder(bytes.NewReader(b)).Decode(idx); err != nil {
		return nil, fmt.Errorf("gitstore: read index: %w", err)
	}
	return idx, nil
}

const indexEntryFixed = 62 // stat data, hash and flags, before the name

// decodeIndex decodes a version 2 or 3 index without mandatory
// extensions; ok is false for anything else (go-git decodes those).
func decodeIndex(b []byte) (idx *gitindex.Index, ok bool) {
	be := binary.BigEndian
	if len(b) < 32 || string(b[:4]) != "DIRC" {
		return nil, false
	}
	idx = &gitindex.Index{Version: be.Uint32(b[4:])}
	if idx.Version != 2 && idx.Version != 3 {
		return nil, false
	}
	n := int(be.Uint32(b[8:]))
	end := len(b) - 20
	if n > end/indexEntryFixed {
		return nil, false
	}
	off := 12
	idx.Entries = make([]*gitindex.Entry, 0, n)
	for range n {
		if off+indexEntryFixed > end {
			return nil, false
		}
		e := b[off:]
		flags := be.Uint16(e[60:])
		nameAt := indexEntryFixed
		ent := &gitindex.Entry{
			CreatedAt:  time.Unix(int64(be.Uint32(e[0:])), int64(be.Uint32(e[4:]))),
			ModifiedAt: time.Unix(int64(be.Uint32(e[8:])), int64(be.Uint32(e[12:]))),
			Dev:        be.Uint32(e[16:]),
			Inode:      be.Uint32(e[20:]),
			Mode:       filemode.FileMode(be.Uint32(e[24:])),
			UID:        be.Uint32(e[28:]),
			GID:        be.Uint32(e[32:]),
			Size:       be.Uint32(e[36:]),
			Stage:      gitindex.Stage(flags >> 12 & 3),
		}
		copy(ent.Hash[:], e[40:60])
		if flags&0x4000 != 0 {
			if idx.Version < 3 || off+nameAt+2 > end {
				return nil, false
			}
			ext := be.Uint16(e[62:])
			ent.SkipWorktree, ent.IntentToAdd = ext&0x4000 != 0, ext&0x2000 != 0
			nameAt += 2
		}
		nul := bytes.IndexByte(b[off+nameAt:end], 0)
		if nul < 0 {
			return nil, false
		}
		ent.Name = string(b[off+nameAt : off+nameAt+nul])
		idx.Entries = append(idx.Entries, ent)
		off += (nameAt + nul + 8) &^ 7
	}
	for off+8 <= end {
		sig, size := b[off:off+4], int(be.Uint32(b[off+4:]))
		if sig[0] < 'A' || sig[0] > 'Z' || off+8+size > end {
			return nil, false // mandatory extension (split or sparse index)
		}
		off += 8 + size
	}
	return idx, true
}

// writeIndex encodes idx (version 2, or 3 if an entry needs extended
// flags) with its SHA-1 trailer to w.
func writeIndex(w io.Writer, idx *gitindex.Index) error {
	be := binary.BigEndian
	version := uint32(2)
	for _, e := range idx.Entries {
		if e.SkipWorktree || e.IntentToAdd {
			version = 3
		}
	}
	b := make([]byte, 12, 12+len(idx.Entries)*(indexEntryFixed+2+48)+20)
	copy(b, "DIRC")
	be.PutUint32(b[4:], version)
	be.PutUint32(b[8:], uint32(len(idx.Entries)))
	stamp := func(t time.Time) (uint32, uint32) {
		if t.IsZero() || t.Unix() < 0 {
			return 0, 0
		}
		return uint32(t.Unix()), uint32(t.Nanosecond())
	}
	for _, e := range idx.Entries {
		start := len(b)
		var fixed [indexEntryFixed]byte
		cs, cn := stamp(e.CreatedAt)
		ms, mn := stamp(e.ModifiedAt)
		for i, v := range []uint32{cs, cn, ms, mn, e.Dev, e.Inode, uint32(e.Mode), e.UID, e.GID, e.Size} {
			be.PutUint32(fixed[i*4:], v)
		}
		copy(fixed[40:], e.Hash[:])
		flags := uint16(min(len(e.Name), 0xfff)) | uint16(e.Stage&3)<<12
		extended := e.SkipWorktree || e.IntentToAdd
		if extended {
			flags |= 0x4000
		}
		be.PutUint16(fixed[60:], flags)
		b = append(b, fixed[:]...)
		if extended {
			var ext uint16
			if e.SkipWorktree {
				ext |= 0x4000
			}
			if e.IntentToAdd {
				ext |= 0x2000
			}
			b = be.AppendUint16(b, ext)
		}
		b = append(b, e.Name...)
		size := (len(b) - start + 8) &^ 7
		b = append(b, make([]byte, size-(len(b)-start))...)
	}
	sum := sha1.Sum(b)
	b = append(b, sum[:]...)
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("gitstore: write index: %w", err)
	}
	return nil
}

// unmodified reports whether the file at path still holds what index
// entry e records: same stat data, or else same content.
func unmodified(path string, e *gitindex.Entry) bool {
	fi, err := os.Lstat(path)
	if err != nil {
		return errors.Is(err, os.ErrNotExist) // a deleted file is no edit to keep
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && uint32(fi.Size()) == e.Size &&
		fi.ModTime().Equal(e.ModifiedAt) && uint32(st.Ino) == e.Inode {
		return true
	}
	if !fi.Mode().IsRegular() {
		return false
	}
	b, err := os.ReadFile(path)
	return err == nil && plumbing.ComputeHash(plumbing.BlobObject, b) == e.Hash
}

// writeWorkFile writes data to path by temp file and rename, and returns
// the index entry describing the result.
func (r *repo) writeWorkFile(path string, data []byte, mode filemode.FileMode) (*gitindex.Entry, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("gitstore: work tree: %w", err)
	}
	// The kernel applies the umask to the mode, as for files git writes.
	perm := os.FileMode(0o666)
	if mode == filemode.Executable {
		perm = 0o777
	}
	var f *os.File
	var err error
	for {
		f, err = os.OpenFile(filepath.Join(dir, ".incidentkit-tmp-"+strconv.FormatUint(rand.Uint64(), 36)),
			os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, os.ErrExist) {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("gitstore: work tree: %w", err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return nil, fmt.Errorf("gitstore: work tree: %w", err)
	}
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, fmt.Errorf("gitstore: work tree: %w", err)
	}
	e := &gitindex.Entry{
		Hash:       plumbing.ComputeHash(plumbing.BlobObject, data),
		ModifiedAt: fi.ModTime(),
		Mode:       mode,
		Size:       uint32(fi.Size()),
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		e.CreatedAt = time.Unix(st.Ctim.Sec, st.Ctim.Nsec)
		e.Dev, e.Inode, e.UID, e.GID = uint32(st.Dev), uint32(st.Ino), st.Uid, st.Gid
	}
	return e, nil
}

// removeEmptyDirs removes dir and its parents while they are empty,
// stopping at the working tree root.
func (r *repo) removeEmptyDirs(dir string) {
	for strings.HasPrefix(dir, r.workDir+string(filepath.Separator)) {
		if os.Remove(dir) != nil {
			return
		}
		dir = filepath.Dir(dir)
	}
}
