package gitstore

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	gogit "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/incidentkit/incidentkit/internal/gittest"
)

// The git CLI helpers are shared with the other packages' tests.
var (
	runGit = gittest.Run
	gitErr = gittest.Output
	fsck   = gittest.Fsck
)

var testWhen = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

func meta(msg string) commitMeta {
	s := signature{Name: "Ada Responder", Email: "ada@example.com", When: testWhen}
	return commitMeta{Author: s, Committer: s, Message: msg + "\n"}
}

func newTestRepo(t testing.TB, bare bool) *repo {
	t.Helper()
	dir := t.TempDir()
	r, err := initRepo(dir, bare, "main", repoOptions{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.close() })
	return r
}

// commit writes changes on top of the branch tip and moves main there.
func commit(t testing.TB, r *repo, changes ...change) plumbing.Hash {
	t.Helper()
	unlock, err := r.lockWrite(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	tip, err := r.readRef("refs/heads/main")
	if err != nil {
		t.Fatal(err)
	}
	var parents []plumbing.Hash
	var base plumbing.Hash
	if !tip.IsZero() {
		parents = []plumbing.Hash{tip}
		c, err := r.readCommit(tip)
		if err != nil {
			t.Fatal(err)
		}
		base = c.TreeHash
	}
	h, err := r.writeCommit(parents, base, changes, meta("change"))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.casRef("refs/heads/main", tip, h); err != nil {
		t.Fatal(err)
	}
	return h
}

func incidentPath(i int) string {
	return fmt.Sprintf("incidents/%d/%02d/INC-%d-%04d/incident.yaml", 2024+i%3, 1+i/3%12, 2024+i%3, i)
}

func TestInitOpen(t *testing.T) {
	for _, bare := range []bool{true, false} {
		t.Run(fmt.Sprintf("bare=%v", bare), func(t *testing.T) {
			dir := t.TempDir()
			r, err := initRepo(dir, bare, "trunk", repoOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if err := r.close(); err != nil {
				t.Fatal(err)
			}
			r, err = openRepo(dir, repoOptions{})
			if err != nil {
				t.Fatal(err)
			}
			defer r.close()
			want := ""
			if !bare {
				want = dir
			}
			if r.workDir != want {
				t.Errorf("workDir = %q, want %q", r.workDir, want)
			}
			if got := runGit(t, dir, "symbolic-ref", "HEAD"); got != "refs/heads/trunk" {
				t.Errorf("HEAD = %q, want refs/heads/trunk", got)
			}
			if h, err := r.readRef("HEAD"); err != nil || !h.IsZero() {
				t.Errorf("readRef(HEAD) = %v, %v; want zero (unborn)", h, err)
			}
		})
	}
	if _, err := openRepo(t.TempDir(), repoOptions{}); err == nil {
		t.Error("openRepo(empty dir) succeeded")
	}
}

func TestOpenGitdirFile(t *testing.T) {
	dir := t.TempDir()
	gd := filepath.Join(dir, "store.git")
	wt := filepath.Join(dir, "wt")
	runGit(t, dir, "init", "-q", "--separate-git-dir", gd, wt)
	r, err := openRepo(wt, repoOptions{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.close()
	if r.gitDir != gd || r.workDir != wt {
		t.Errorf("gitDir, workDir = %q, %q; want %q, %q", r.gitDir, r.workDir, gd, wt)
	}
}

// TestFetchIsDurable: go-git's fetch stores the received pack through our
// PackfileWriter (fsynced, indexed, visible at once).
func TestFetchIsDurable(t *testing.T) {
	src := t.TempDir()
	runGit(t, src, "init", "-q", "-b", "main")
	for i := range 3 {
		if err := os.WriteFile(filepath.Join(src, "f"), []byte(fmt.Sprint(i)), 0o644); err != nil {
			t.Fatal(err)
		}
		runGit(t, src, "add", "f")
		runGit(t, src, "commit", "-q", "-m", fmt.Sprint(i))
	}
	head := plumbing.NewHash(runGit(t, src, "rev-parse", "HEAD"))
	dir := t.TempDir()
	r, err := initRepo(dir, true, "main", repoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.close()
	syncs := r.sync.count.Load()
	if _, err := r.git.CreateRemote(&config.RemoteConfig{Name: "origin", URLs: []string{"file://" + src}}); err != nil {
		t.Fatal(err)
	}
	err = r.git.Fetch(&gogit.FetchOptions{RemoteName: "origin",
		RefSpecs: []config.RefSpec{"+refs/heads/main:refs/remotes/origin/main"}})
	if err != nil {
		t.Fatal(err)
	}
	if r.sync.count.Load()-syncs < 3 {
		t.Errorf("fetch made %d fsyncs, want pack, idx and directory", r.sync.count.Load()-syncs)
	}
	c, err := r.readCommit(head)
	if err != nil {
		t.Fatal(err)
	}
	if c.Message != "2\n" {
		t.Errorf("message = %q", c.Message)
	}
	fsck(t, dir)
}
