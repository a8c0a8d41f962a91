package gitstore

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

func TestCasRef(t *testing.T) {
	r := newTestRepo(t, true)
	const main = plumbing.ReferenceName("refs/heads/main")
	c1, _ := r.writeCommit(nil, plumbing.ZeroHash, []change{{Path: "f", Data: []byte("1")}}, meta("1"))
	c2, _ := r.writeCommit([]plumbing.Hash{c1}, plumbing.ZeroHash, []change{{Path: "f", Data: []byte("2")}}, meta("2"))
	c3, _ := r.writeCommit([]plumbing.Hash{c2}, plumbing.ZeroHash, []change{{Path: "f", Data: []byte("3")}}, meta("3"))
	if err := r.casRef(main, plumbing.ZeroHash, c1); err == nil {
		t.Fatal("casRef without lockWrite succeeded")
	}
	unlock, err := r.lockWrite(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	steps := []struct {
		name     plumbing.ReferenceName
		old, new plumbing.Hash
		changed  bool
	}{
		{main, c1, c2, true},                 // missing ref, old given
		{main, plumbing.ZeroHash, c1, false}, // create
		{main, plumbing.ZeroHash, c2, true},  // must not exist
		{main, c1, c2, false},                // advance
		{main, c1, c3, true},                 // stale
		{"refs/heads/feature/deep/x", plumbing.ZeroHash, c3, false},
	}
	for i, s := range steps {
		err := r.casRef(s.name, s.old, s.new)
		if got := errors.Is(err, errRefChanged); got != s.changed || (err != nil && !s.changed) {
			t.Fatalf("step %d: casRef(%s, %s, %s) = %v, want changed=%v", i, s.name, short(s.old), short(s.new), err, s.changed)
		}
	}
	if got := runGit(t, r.gitDir, "rev-parse", "main", "feature/deep/x"); got != c2.String()+"\n"+c3.String() {
		t.Errorf("rev-parse = %q", got)
	}
	// Packed refs: the value in packed-refs counts as current.
	runGit(t, r.gitDir, "pack-refs", "--all")
	if _, err := os.Stat(filepath.Join(r.gitDir, "refs/heads/main")); !os.IsNotExist(err) {
		t.Fatalf("pack-refs left the loose ref: %v", err)
	}
	if h, err := r.readRef(main); err != nil || h != c2 {
		t.Fatalf("readRef(packed) = %v, %v", h, err)
	}
	if err := r.casRef(main, c1, c3); !errors.Is(err, errRefChanged) {
		t.Fatalf("stale casRef on packed ref = %v", err)
	}
	if err := r.casRef(main, plumbing.ZeroHash, c3); !errors.Is(err, errRefChanged) {
		t.Fatalf("create casRef on packed ref = %v", err)
	}
	if err := r.casRef(main, c2, c3); err != nil {
		t.Fatal(err)
	}
	if got := runGit(t, r.gitDir, "rev-parse", "main"); got != c3.String() {
		t.Errorf("after packed update rev-parse = %s", got)
	}
	for _, bad := range []plumbing.ReferenceName{"HEAD", "main", "refs/heads/a..b", "refs/heads/x.lock", "refs/heads/a b", "refs/heads/"} {
		if err := r.casRef(bad, plumbing.ZeroHash, c1); err == nil || errors.Is(err, errRefChanged) {
			t.Errorf("casRef(%q) = %v, want invalid name", bad, err)
		}
	}
	fsck(t, r.gitDir)
}

func TestCasRefWaitsForForeignLock(t *testing.T) {
	r := newTestRepo(t, true)
	c1 := commit(t, r, change{Path: "f", Data: []byte("1")})
	c2, _ := r.writeCommit([]plumbing.Hash{c1}, plumbing.ZeroHash, []change{{Path: "f", Data: []byte("2")}}, meta("2"))
	// A lock file git holds (no note of ours) is never stolen.
	lock := filepath.Join(r.gitDir, "refs/heads/main.lock")
	if err := os.WriteFile(lock, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	unlock, _ := r.lockWrite(t.Context())
	err := r.casRef("refs/heads/main", c1, c2)
	unlock()
	if !errors.Is(err, errRefLocked) {
		t.Fatalf("casRef with foreign lock = %v, want errRefLocked", err)
	}
	if _, err := os.Stat(lock); err != nil {
		t.Fatalf("foreign lock removed: %v", err)
	}
}

// TestRepoHelperProcess is not a test: other tests run the test binary with
// GITSTORE_HELPER set to make it a writer process.
func TestRepoHelperProcess(t *testing.T) {
	mode := os.Getenv("GITSTORE_HELPER")
	if mode == "" {
		t.Skip("helper process only")
	}
	dir := os.Getenv("GITSTORE_DIR")
	n, _ := strconv.Atoi(os.Getenv("GITSTORE_N"))
	r, err := openRepo(dir, repoOptions{NoSync: os.Getenv("GITSTORE_NOSYNC") == "1"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if stage, ok := strings.CutPrefix(mode, "die-in-casref-"); ok {
		testHookRefLock = func(s string) {
			if s == stage {
				os.Exit(3)
			}
		}
	}
	w := bufio.NewWriter(os.Stdout)
	for i := 0; n == 0 || i < n; i++ {
		h, err := appendCommit(context.Background(), r, fmt.Sprintf("proc-%d/file", os.Getpid()), []byte(strconv.Itoa(i)))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		fmt.Fprintln(w, h)
		_ = w.Flush()
	}
	os.Exit(0)
}

// helper starts the test binary as a writer process on dir.
func helper(t *testing.T, mode, dir string, n int, noSync bool) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestRepoHelperProcess$", "-test.count=1")
	ns := "0"
	if noSync {
		ns = "1"
	}
	cmd.Env = append(os.Environ(), "GITSTORE_HELPER="+mode, "GITSTORE_DIR="+dir, "GITSTORE_N="+strconv.Itoa(n), "GITSTORE_NOSYNC="+ns)
	cmd.Stderr = os.Stderr
	return cmd
}

// appendCommit appends one commit writing path on main, retrying while
// the branch moves; it returns once the commit is published.
func appendCommit(ctx context.Context, r *repo, path string, data []byte) (plumbing.Hash, error) {
	for {
		unlock, err := r.lockWrite(ctx)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		h, err := func() (plumbing.Hash, error) {
			tip, err := r.readRef("refs/heads/main")
			if err != nil {
				return plumbing.ZeroHash, err
			}
			var parents []plumbing.Hash
			var base plumbing.Hash
			if !tip.IsZero() {
				c, err := r.readCommit(tip)
				if err != nil {
					return plumbing.ZeroHash, err
				}
				parents, base = []plumbing.Hash{tip}, c.TreeHash
			}
			h, err := r.writeCommit(parents, base, []change{{Path: path, Data: data}}, meta("append"))
			if err != nil {
				return plumbing.ZeroHash, err
			}
			if err := r.casRef("refs/heads/main", tip, h); err != nil {
				return plumbing.ZeroHash, err
			}
			return h, r.maybePack()
		}()
		unlock()
		if errors.Is(err, errRefChanged) || errors.Is(err, errRefLocked) {
			continue
		}
		return h, err
	}
}

// reachable returns the set of commits reachable from main.
func reachable(t *testing.T, dir string) map[string]bool {
	t.Helper()
	set := map[string]bool{}
	for _, h := range strings.Fields(runGit(t, dir, "rev-list", "main")) {
		set[h] = true
	}
	return set
}

func TestConcurrentWriters(t *testing.T) {
	r := newTestRepo(t, true)
	dir := r.gitDir
	const goroutines, procs, each = 4, 3, 15
	var mu sync.Mutex
	var acked []string
	var wg sync.WaitGroup
	errs := make(chan error, goroutines+procs)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Half share the repo handle, half open their own.
			rr := r
			if g%2 == 1 {
				var err error
				if rr, err = openRepo(dir, repoOptions{NoSync: true}); err != nil {
					errs <- err
					return
				}
				defer rr.close()
			}
			for i := range each {
				h, err := appendCommit(t.Context(), rr, fmt.Sprintf("g%d/file", g), []byte(strconv.Itoa(i)))
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				acked = append(acked, h.String())
				mu.Unlock()
			}
		}()
	}
	for range procs {
		cmd := helper(t, "append", dir, each, true)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				mu.Lock()
				acked = append(acked, sc.Text())
				mu.Unlock()
			}
			if err := cmd.Wait(); err != nil {
				errs <- fmt.Errorf("helper: %w", err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(acked) != (goroutines+procs)*each {
		t.Fatalf("acknowledged %d commits, want %d", len(acked), (goroutines+procs)*each)
	}
	set := reachable(t, dir)
	for _, h := range acked {
		if !set[h] {
			t.Errorf("acknowledged commit %s not reachable from main", h)
		}
	}
	if len(set) != len(acked) {
		t.Errorf("main has %d commits, %d acknowledged", len(set), len(acked))
	}
	fsck(t, dir)
}

func TestConcurrentGitUpdateRef(t *testing.T) {
	r := newTestRepo(t, true)
	dir := r.gitDir
	first := commit(t, r, change{Path: "seed", Data: []byte("0")})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	// git CLI writer: commit-tree on the tip, update-ref with the old value.
	var gitAcked []string
	gitDone := make(chan error, 1)
	go func() {
		for i := 0; i < 15; i++ {
			for {
				tip, err := gitErr(dir, "rev-parse", "main")
				if err != nil {
					gitDone <- err
					return
				}
				c, err := gitErr(dir, "commit-tree", "-p", tip, "-m", "git "+strconv.Itoa(i), tip+"^{tree}")
				if err != nil {
					gitDone <- fmt.Errorf("commit-tree: %v: %s", err, c)
					return
				}
				if _, err := gitErr(dir, "update-ref", "refs/heads/main", c, tip); err == nil {
					gitAcked = append(gitAcked, c)
					break
				}
			}
		}
		gitDone <- nil
	}()
	// A reader that must never see a torn or missing ref.
	readerDone := make(chan error, 1)
	go func() {
		r2, err := openRepo(dir, repoOptions{NoSync: true})
		if err != nil {
			readerDone <- err
			return
		}
		defer r2.close()
		for ctx.Err() == nil {
			h, err := r2.readRef("refs/heads/main")
			if err != nil || h.IsZero() {
				readerDone <- fmt.Errorf("readRef = %v, %v", h, err)
				return
			}
		}
		readerDone <- nil
	}()
	var ours []string
	for i := range 15 {
		h, err := appendCommit(ctx, r, "ours", []byte(strconv.Itoa(i)))
		if err != nil {
			t.Fatal(err)
		}
		ours = append(ours, h.String())
	}
	if err := <-gitDone; err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-readerDone; err != nil {
		t.Fatal(err)
	}
	set := reachable(t, dir)
	for _, h := range append(ours, gitAcked...) {
		if !set[h] {
			t.Errorf("acknowledged commit %s lost", h)
		}
	}
	if want := 1 + len(ours) + len(gitAcked); len(set) != want || !set[first.String()] {
		t.Errorf("main has %d commits, want %d", len(set), want)
	}
	fsck(t, dir)
}

func TestStaleRefLockRecovered(t *testing.T) {
	for _, stage := range []string{"created", "owned"} {
		t.Run(stage, func(t *testing.T) { testStaleRefLockRecovered(t, stage) })
	}
}

func testStaleRefLockRecovered(t *testing.T, stage string) {
	r := newTestRepo(t, true)
	dir := r.gitDir
	commit(t, r, change{Path: "seed", Data: []byte("0")})
	// A writer dies holding refs/heads/main.lock.
	cmd := helper(t, "die-in-casref-"+stage, dir, 1, true)
	if err := cmd.Run(); err == nil {
		t.Fatal("helper did not die")
	}
	lock := filepath.Join(dir, "refs/heads/main.lock")
	if _, err := os.Stat(lock); err != nil {
		t.Fatalf("no stale lock left: %v", err)
	}
	if _, err := gitErr(dir, "update-ref", "refs/heads/main", "HEAD"); err == nil {
		t.Fatal("git update-ref succeeded despite the lock")
	}
	// The next incidentkit writer recovers it.
	if _, err := appendCommit(t.Context(), r, "after", []byte("1")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(lock); !os.IsNotExist(err) {
		t.Errorf("lock still there: %v", err)
	}
	fsck(t, dir)
}
