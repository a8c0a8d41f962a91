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

	"github.com/incidentkit/incidentkit/internal/faults"
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
// casRef notes in the flocked sidecar file that it is about to create the
// lock, then the inode and birth time of the lock it created (writeNote). A writer that finds "<ref>.lock" in place while its note
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
	err = faults.Check("ref.lock.write", lock.Name())
	if err == nil {
		_, err = lock.WriteString(new.String() + "\n")
	}
	if err != nil {
		return fmt.Errorf("gitstore: update %s: %w", name, err)
	}
	if err := r.sync.fileAt("ref.lock.fsync", lock); err != nil {
		return err
	}
	err = faults.Check("ref.lock.close", lock.Name())
	if cerr := lock.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("gitstore: update %s: %w", name, err)
	}
	err = faults.Check("ref.rename", lock.Name())
	if err == nil {
		err = os.Rename(lock.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("gitstore: update %s: %w", name, err)
	}
	committed = true
	if err := r.sync.dirAt("refdir.fsync", dir); err != nil {
		return r.undoRef(name, new, old, err)
	}
	return nil
}

// undoRef moves ref name back from new to old after the fsync of its
// directory failed (cause): the new value may not survive a crash, and the
// caller reports the write as failed, so it must not stay visible either.
// The caller still holds lockWrite, so only a git command can have moved
// the ref since; then, or if undoing fails too, the error says that the
// reference may be at new.
func (r *repo) undoRef(name plumbing.ReferenceName, new, old plumbing.Hash, cause error) error {
	path := filepath.Join(r.gitDir, filepath.FromSlash(string(name)))
	lock, err := r.lockRef(name, path+".lock")
	if err != nil {
		return fmt.Errorf("%w; %s may still point at %s: %v", cause, name, short(new), err)
	}
	renamed := false
	defer func() {
		_ = lock.Close()
		if !renamed {
			_ = os.Remove(lock.Name())
		}
	}()
	cur, _, err := r.readRefOnce(name)
	if err == nil && cur != new {
		return fmt.Errorf("%w; %s moved on to %s meanwhile", cause, name, short(cur))
	}
	if err == nil && old.IsZero() {
		// The ref did not exist, loose or packed: remove the one we made.
		err = os.Remove(path)
	} else if err == nil {
		_, err = lock.WriteString(old.String() + "\n")
		if err == nil {
			// Through the syncer, as every other fsync: counted,
			// skipped under NoSync, a fault point.
			err = r.sync.fileAt("ref.undo.fsync", lock)
		}
		if err == nil {
			err = os.Rename(lock.Name(), path)
			renamed = err == nil
		}
	}
	if err == nil {
		err = r.sync.dir(filepath.Dir(path))
	}
	if err != nil {
		return fmt.Errorf("%w; %s may still point at %s: %v", cause, name, short(new), err)
	}
	return fmt.Errorf("%w; %s put back to %s", cause, name, short(old))
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
	// The previous holder's note, read before ours overwrites it.
	prev := r.readNote()
	for {
		faults.Reach("ref.note.intent", r.lockFile.Name())
		r.writeNote(fmt.Sprintf("intent %s at %d", name, time.Now().UnixNano()))
		err := faults.Check("ref.lock.create", lockPath)
		var f *os.File
		if err == nil {
			f, err = os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		}
		if err == nil {
			if testHookRefLock != nil {
				testHookRefLock("created")
			}
			faults.Reach("ref.note.owned", r.lockFile.Name())
			if id, ok := lockID(lockPath); ok {
				r.writeNote(fmt.Sprintf("owned %s %s", name, id))
			}
			if testHookRefLock != nil {
				testHookRefLock("owned")
			}
			return f, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("gitstore: lock %s: %w", name, err)
		}
		if staleLock(name, lockPath, prev) {
			if err := os.Remove(lockPath); err != nil && !errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("gitstore: remove stale lock of %s: %w", name, err)
			}
			continue
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("gitstore: lock %s: %w: %s exists (if no git command is running, remove it)", name, errRefLocked, lockPath)
		}
		time.Sleep(wait)
		if wait < 10*time.Millisecond {
			wait *= 2
		}
	}
}

// lockID identifies a lock file by inode and birth time: unlike ctime,
// they do not change when the new value is written into the lock, and no
// later file has both. ok is false if the file system lacks btime.
func lockID(path string) (id string, ok bool) {
	var st unix.Statx_t
	err := unix.Statx(unix.AT_FDCWD, path, unix.AT_SYMLINK_NOFOLLOW, unix.STATX_INO|unix.STATX_BTIME, &st)
	if err != nil || st.Mask&unix.STATX_BTIME == 0 {
		return "", false
	}
	return fmt.Sprintf("ino %d btime %d", st.Ino, st.Btime.Sec*1e9+int64(st.Btime.Nsec)), true
}

// testHookRefLock, if set, runs right after a ref lock is created and
// again once it is noted as ours (crash tests die there).
var testHookRefLock func(stage string)

// noteSize is the fixed size of the sidecar note: rewriting it in place
// at one size needs no truncate.
const noteSize = 256

// intentWindow bounds how long after its "intent" note a lock file can
// have been created by the writer that wrote the note. File timestamps
// come from a coarse clock, hence the slack before the note too.
const (
	intentSlack  = 20 * time.Millisecond
	intentWindow = 2 * time.Second
)

// writeNote records in the flocked sidecar file what the lock holder is
// doing with ref locks, so the next holder can tell a lock file left by a
// dead incidentkit writer from one a git command holds:
//
//	intent <ref> at <unix ns>           about to create <ref>.lock
//	owned <ref> ino <n> btime <unix ns> created that very file
//
// The note is rewritten in place, not fsynced (after kill -9 the page
// cache keeps it) and never cleared: an "owned" note matches no later
// file, and an "intent" note only files born within intentWindow of it.
func (r *repo) writeNote(note string) {
	b := make([]byte, noteSize)
	line := note + " pid " + strconv.Itoa(os.Getpid()) + "\n"
	if len(line) > noteSize {
		line = "none\n" // ref name too long to note: a crash leaves the lock to a human
	}
	copy(b, line)
	_, _ = r.lockFile.WriteAt(b, 0)
}

// readNote returns the sidecar note without its pid.
func (r *repo) readNote() string {
	buf := make([]byte, noteSize)
	n, _ := r.lockFile.ReadAt(buf, 0)
	note, _, _ := strings.Cut(string(buf[:n]), " pid ")
	return note
}

// staleLock reports whether the lock file at lockPath was left by an
// incidentkit writer that died inside casRef, judging by note, the note
// of the previous flock holder. The caller holds the flock, so no live
// incidentkit writer is inside casRef: if the note names this very file
// (or an intent to create it, and the file was born right after), its
// creator is dead.
func staleLock(name plumbing.ReferenceName, lockPath, note string) bool {
	id, ok := lockID(lockPath)
	if !ok {
		return false
	}
	if note == fmt.Sprintf("owned %s %s", name, id) {
		return true
	}
	var at, born int64
	var ino uint64
	if _, err := fmt.Sscanf(note, "intent "+string(name)+" at %d", &at); err != nil {
		return false
	}
	if _, err := fmt.Sscanf(id, "ino %d btime %d", &ino, &born); err != nil {
		return false
	}
	return born >= at-int64(intentSlack) && born <= at+int64(intentWindow)
}
