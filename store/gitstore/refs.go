package gitstore

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// errRefChanged reports a compare-and-swap whose expected old value was
// not the current one. Re-read and retry.
var errRefChanged = errors.New("gitstore: reference changed")

// errRefLocked reports a ref lock held by another program (git) for
// longer than casRef waits. Retry later.
var errRefLocked = errors.New("gitstore: reference locked")

// refLockWait is how long casRef waits for a ref lock held by another
// program; git itself waits 100 ms (core.filesRefLockTimeout).
const refLockWait = time.Second

// validRefName checks name against the rules of git check-ref-format for
// the refs this package writes (under refs/).
func validRefName(name plumbing.ReferenceName) error {
	s := string(name)
	if !strings.HasPrefix(s, "refs/") || strings.Contains(s, "..") || strings.Contains(s, "@{") ||
		strings.HasSuffix(s, ".") || strings.HasSuffix(s, "/") {
		return fmt.Errorf("gitstore: invalid reference name %q", s)
	}
	for _, c := range strings.Split(s, "/") {
		if c == "" || strings.HasPrefix(c, ".") || strings.HasSuffix(c, ".lock") ||
			strings.ContainsFunc(c, func(r rune) bool { return r < 0x20 || r == 0x7f || strings.ContainsRune(" ~^:?*[\\", r) }) {
			return fmt.Errorf("gitstore: invalid reference name %q", s)
		}
	}
	return nil
}

// readRef returns the value of ref name, loose or packed, following
// symbolic refs; plumbing.ZeroHash if it does not exist. Refs are replaced
// by rename, by us and by git, so a read never sees a torn value.
func (r *repo) readRef(name plumbing.ReferenceName) (plumbing.Hash, error) {
	for range 5 {
		h, target, err := r.readRefOnce(name)
		if err != nil || target == "" {
			return h, err
		}
		name = target
	}
	return plumbing.ZeroHash, fmt.Errorf("gitstore: read %s: symbolic reference loop", name)
}

// readRefOnce reads ref name without following it; target is set for a
// symbolic ref.
func (r *repo) readRefOnce(name plumbing.ReferenceName) (h plumbing.Hash, target plumbing.ReferenceName, err error) {
	b, err := os.ReadFile(filepath.Join(r.gitDir, filepath.FromSlash(string(name))))
	switch {
	case err == nil:
		s := strings.TrimSpace(string(b))
		if t, ok := strings.CutPrefix(s, "ref:"); ok {
			return plumbing.ZeroHash, plumbing.ReferenceName(strings.TrimSpace(t)), nil
		}
		h, ok := fromHex(s)
		if !ok || len(s) != 40 {
			return plumbing.ZeroHash, "", fmt.Errorf("gitstore: read %s: malformed value %q", name, s)
		}
		return h, "", nil
	case errors.Is(err, os.ErrNotExist), errors.Is(err, syscall.EISDIR), errors.Is(err, syscall.ENOTDIR):
		// A ref that is a directory (refs/heads/a when refs/heads/a/b
		// exists) or under a file does not exist as a loose ref.
		h, err := r.packedRef(name)
		return h, "", err
	default:
		return plumbing.ZeroHash, "", fmt.Errorf("gitstore: read %s: %w", name, err)
	}
}

// packedRef returns the value of name in packed-refs, zero if absent.
func (r *repo) packedRef(name plumbing.ReferenceName) (plumbing.Hash, error) {
	f, err := os.Open(filepath.Join(r.gitDir, "packed-refs"))
	if errors.Is(err, os.ErrNotExist) {
		return plumbing.ZeroHash, nil
	}
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("gitstore: read packed-refs: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	want := []byte(name)
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) < 42 || line[0] == '#' || line[0] == '^' || line[40] != ' ' {
			continue
		}
		if bytes.Equal(line[41:], want) {
			h, ok := fromHex(string(line[:40]))
			if !ok {
				return plumbing.ZeroHash, fmt.Errorf("gitstore: packed-refs: malformed value for %s", name)
			}
			return h, nil
		}
	}
	if err := sc.Err(); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("gitstore: read packed-refs: %w", err)
	}
	return plumbing.ZeroHash, nil
}

// casRef moves ref name from old to new with git's lock-file protocol, so
// it excludes git update-ref, git commit and other incidentkit processes:
// create "<ref>.lock" with O_CREAT|O_EXCL, re-read the current value (loose
// or packed) under it, write "new\n", fsync, rename over the ref, fsync
// the directory. old == ZeroHash means the ref must not exist. If the
// current value is not old it returns an error wrapping errRefChanged.
//
// The caller must hold lockWrite. That makes stale locks recoverable:
// right after creating the ref lock, casRef notes the ref, its pid and the
// lock file's inode and birth time in the flocked sidecar file. A writer that finds "<ref>.lock" in place while its note
// matches that very file knows its creator was an incidentkit writer that
// died inside casRef (a live one would still hold the flock), and removes
// it. Any other lock belongs to another program (git); casRef waits up to
// refLockWait for it and then fails with errRefLocked, as git does.
func (r *repo) casRef(name plumbing.ReferenceName, old, new plumbing.Hash) error {
	if !r.held.Load() {
		return fmt.Errorf("gitstore: update %s: write lock not held", name)
	}
	if err := validRefName(name); err != nil {
		return err
	}
	if new.IsZero() {
		return fmt.Errorf("gitstore: update %s: zero value", name)
	}
	path := filepath.Join(r.gitDir, filepath.FromSlash(string(name)))
	dir := filepath.Dir(path)
	if err := r.sync.mkdirAll(dir); err != nil {
		return err
	}
	lock, err := r.lockRef(name, path+".lock")
	if err != nil {
		return err
	}
	committed := false
	defer func() {
		if !committed {
			_ = lock.Close()
			_ = os.Remove(lock.Name())
		}
	}()
	cur, _, err := r.readRefOnce(name)
	if err != nil {
		return err
	}
	if cur != old {
		return fmt.Errorf("gitstore: update %s: %w (is %s, expected %s)", name, errRefChanged, short(cur), short(old))
	}
	if _, err := lock.WriteString(new.String() + "\n"); err != nil {
		return fmt.Errorf("gitstore: update %s: %w", name, err)
	}
	if err := r.sync.file(lock); err != nil {
		return err
	}
	if err := lock.Close(); err != nil {
		return fmt.Errorf("gitstore: update %s: %w", name, err)
	}
	if err := os.Rename(lock.Name(), path); err != nil {
		return fmt.Errorf("gitstore: update %s: %w", name, err)
	}
	committed = true
	return r.sync.dir(dir)
}

func short(h plumbing.Hash) string {
	if h.IsZero() {
		return "none"
	}
	return h.String()[:12]
}

// lockRef creates the lock file of ref name, recovering a stale one of
// ours and waiting for one of git's.
func (r *repo) lockRef(name plumbing.ReferenceName, lockPath string) (*os.File, error) {
	deadline := time.Now().Add(refLockWait)
	wait := 100 * time.Microsecond
	for {
		f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			r.writeNote(name, f)
			if testHookRefLocked != nil {
				testHookRefLocked()
			}
			return f, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("gitstore: lock %s: %w", name, err)
		}
		if r.noteMatches(name, lockPath) {
			if err := os.Remove(lockPath); err != nil && !errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("gitstore: remove stale lock of %s: %w", name, err)
			}
			continue
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("gitstore: lock %s: %w: %s exists", name, errRefLocked, lockPath)
		}
		time.Sleep(wait)
		if wait < 10*time.Millisecond {
			wait *= 2
		}
	}
}

// lockNote identifies a ref lock file created by this package by inode
// and birth time: unlike ctime, these do not change when the new value is
// written into the lock. "" if the file system does not report btime.
func lockNote(name plumbing.ReferenceName, path string) string {
	var st unix.Statx_t
	err := unix.Statx(unix.AT_FDCWD, path, unix.AT_SYMLINK_NOFOLLOW, unix.STATX_INO|unix.STATX_BTIME, &st)
	if err != nil || st.Mask&unix.STATX_BTIME == 0 {
		return ""
	}
	return fmt.Sprintf("casref %s ino %d btime %d.%09d", name, st.Ino, st.Btime.Sec, st.Btime.Nsec)
}

// testHookRefLocked, if set, runs right after a ref lock is taken (crash
// tests die there).
var testHookRefLocked func()

// noteSize is the fixed size of the sidecar note: rewriting it in place
// at one size needs no truncate.
const noteSize = 256

// writeNote records in the sidecar file that we own lock f of ref name.
// The note is never cleared: it names the lock file by inode and birth
// time to the nanosecond, which no later lock file shares. It is not fsynced:
// after kill -9 the page cache keeps it.
func (r *repo) writeNote(name plumbing.ReferenceName, f *os.File) {
	id := lockNote(name, f.Name())
	if id == "" {
		return
	}
	note := []byte(id + " pid " + strconv.Itoa(os.Getpid()) + "\n")
	if len(note) > noteSize {
		return // ref name too long to note: a crash leaves the lock to a human
	}
	padded := make([]byte, noteSize)
	copy(padded, note)
	_, _ = r.lockFile.WriteAt(padded, 0)
}

// noteMatches reports whether the lock file at lockPath is the one the
// sidecar note says an incidentkit writer created.
func (r *repo) noteMatches(name plumbing.ReferenceName, lockPath string) bool {
	buf := make([]byte, noteSize)
	n, _ := r.lockFile.ReadAt(buf, 0)
	note, _, _ := strings.Cut(string(buf[:n]), " pid ")
	want := lockNote(name, lockPath)
	return want != "" && note == want
}
