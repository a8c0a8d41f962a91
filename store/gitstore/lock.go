package gitstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/incidentkit/incidentkit/internal/faults"
)

// lockFileName is the sidecar file in the git directory whose flock
// serialises incidentkit writers across processes. Git ignores it. It
// also holds the note casRef leaves while it owns a ref lock (refs.go).
const lockFileName = "incidentkit.lock"

// lockWrite serialises writers: first among goroutines of this repo, then
// among processes through an exclusive flock on the sidecar lock file. It
// waits, polling with backoff, until it holds both or ctx is done. The
// returned unlock releases both; call it exactly once.
func (r *repo) lockWrite(ctx context.Context) (unlock func(), err error) {
	select {
	case r.writeSem <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("gitstore: lock: %w", ctx.Err())
	}
	release := func() { <-r.writeSem }
	if r.lockFile == nil {
		name := filepath.Join(r.gitDir, lockFileName)
		err := faults.Check("lock.open", name)
		var f *os.File
		if err == nil {
			f, err = os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		}
		if err != nil {
			release()
			return nil, fmt.Errorf("gitstore: lock: %w", err)
		}
		r.lockFile = f
	}
	fd := int(r.lockFile.Fd())
	wait := 200 * time.Microsecond
	for {
		err := faults.Check("lock.flock", r.lockFile.Name())
		if err == nil {
			err = syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB)
		}
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			release()
			return nil, fmt.Errorf("gitstore: lock: %w", err)
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			release()
			return nil, fmt.Errorf("gitstore: lock: %w", ctx.Err())
		}
		if wait < 20*time.Millisecond {
			wait *= 2
		}
	}
	r.held.Store(true)
	done := false
	return func() {
		if done {
			return
		}
		done = true
		faults.Reach("lock.unlock", r.lockFile.Name())
		r.held.Store(false)
		_ = syscall.Flock(fd, syscall.LOCK_UN)
		release()
	}, nil
}
