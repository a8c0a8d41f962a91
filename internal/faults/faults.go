// Package faults is a fault-injection seam for the file-system steps of a
// write. The repository layer of store/gitstore calls [Check] (or [Reach])
// at each step: before it creates, writes, fsyncs, closes or renames a
// file, fsyncs a directory, takes or releases a lock. Without a hook
// installed, Check is one atomic load and returns nil.
//
// A test process installs a [Hook] with [Set] to fail a step with an
// injected error (which then flows through the same code as the real
// operation's error) or to kill the process at a step ([Kill]). Crash
// tests run a child process that installs a hook such as [KillAt].
//
// The points gitstore calls, in the order a commit reaches them (reach
// only: the hook may observe or kill, not fail):
//
//	lock.open        open the flock sidecar <gitdir>/incidentkit.lock (first write of a handle)
//	lock.flock       flock it
//	pack.keep        create pack-<sum>.keep (before the pack, see gitstore/pack_write.go)
//	pack.create      create the pack file (final name, or a temp name)
//	pack.write       write it
//	pack.fsync       fsync it
//	pack.rename      rename a temp pack to its final name (only when one was needed)
//	idx.create       create the temp .idx
//	idx.write        write it
//	idx.fsync        fsync it
//	idx.close        close it
//	idx.rename       rename it to pack-<sum>.idx: the objects are visible
//	packdir.fsync    fsync objects/pack
//	mkdir            create a missing ref directory (then mkdir.fsync of its parent)
//	ref.note.intent  note in the sidecar the intent to lock the ref (reach only)
//	ref.lock.create  create <ref>.lock (O_EXCL)
//	ref.note.owned   note the lock's identity in the sidecar (reach only)
//	ref.lock.write   write the new value into the lock
//	ref.lock.fsync   fsync the lock
//	ref.lock.close   close it
//	ref.rename       rename <ref>.lock to <ref>: the commit is published
//	refdir.fsync     fsync the ref's directory (on failure the ref is put back)
//	lock.unlock      release the flock (reach only)
//
// A rollup of small packs (gitstore's maintenance, now and then after a
// commit) adds repack.create, repack.write, then pack.keep, pack.fsync,
// pack.rename, the idx.* steps and packdir.fsync for the merged pack,
// repack.remove for each file it replaces and repack.fsync. A fetch adds
// fetch.create. Fsync points are reached only when fsync is on.
package faults

import (
	"io/fs"
	"os"
	"sync/atomic"
	"syscall"
)

// Point is one file-system step of a write.
type Point struct {
	// Name says which step, e.g. "pack.fsync" (see the package comment).
	Name string
	// Path is the file or directory the step acts on.
	Path string
	// Fallible is true when an error returned by the hook fails the step
	// (Check); false when the step's errors are ignored by design and the
	// hook can only observe or kill (Reach).
	Fallible bool
}

// Hook decides what happens at a point: nil lets the step run, an error
// fails it (at a fallible point). A hook may also kill the process.
// Hooks run on the writing goroutine and must be safe for concurrent use.
type Hook func(p Point) error

var hook atomic.Pointer[Hook]

// Set installs h as the process's hook (nil removes it) and returns a
// function that restores the previous one.
func Set(h Hook) (restore func()) {
	var p *Hook
	if h != nil {
		p = &h
	}
	old := hook.Swap(p)
	return func() { hook.Store(old) }
}

// Check runs the hook at fallible point name acting on path. It returns
// nil when no hook is installed or the hook lets the step run; otherwise
// the hook's error as an *fs.PathError whose Op is name, so a message
// built from it names the step and the file, and errors.Is matches the
// injected errno.
func Check(name, path string) error {
	h := hook.Load()
	if h == nil {
		return nil
	}
	err := (*h)(Point{Name: name, Path: path, Fallible: true})
	if err == nil {
		return nil
	}
	return &fs.PathError{Op: name, Path: path, Err: err}
}

// Reach runs the hook at point name, whose errors the caller ignores by
// design: the hook can observe it or kill the process, not fail it.
func Reach(name, path string) {
	if h := hook.Load(); h != nil {
		_ = (*h)(Point{Name: name, Path: path})
	}
}

// Kill sends SIGKILL to the calling process and does not return: the
// process dies as it would under kill -9, with no deferred functions run
// and nothing flushed.
func Kill() {
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
	select {} // SIGKILL is asynchronous; never run past it
}

// KillAt returns a hook that kills the process at the k-th point reached
// (k counts from 1), after calling seen, if not nil, for every point up
// to and including it (for logging which step that was).
func KillAt(k int64, seen func(n int64, p Point)) Hook {
	var c atomic.Int64
	return func(p Point) error {
		n := c.Add(1)
		if seen != nil {
			seen(n, p)
		}
		if n == k {
			Kill()
		}
		return nil
	}
}

// FailAt returns a hook that fails the k-th fallible point reached
// (counting from 1, reach-only points not counted) with err, once.
func FailAt(k int64, err error, seen func(n int64, p Point)) Hook {
	var c atomic.Int64
	return func(p Point) error {
		if !p.Fallible {
			return nil
		}
		n := c.Add(1)
		if seen != nil {
			seen(n, p)
		}
		if n == k {
			return err
		}
		return nil
	}
}
