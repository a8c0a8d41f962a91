package gitstore

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

func TestMaybePackBoundsPacks(t *testing.T) {
	r := newTestRepo(t, true)
	var last plumbing.Hash
	for i := range 200 {
		unlock, err := r.lockWrite(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		tip, _ := r.readRef("refs/heads/main")
		var parents []plumbing.Hash
		var base plumbing.Hash
		if !tip.IsZero() {
			parents, base = []plumbing.Hash{tip}, mustTree(t, r, tip)
		}
		last, err = r.writeCommit(parents, base, []change{{Path: incidentPath(i % 50), Data: []byte(strconv.Itoa(i))}}, meta("c"))
		if err == nil {
			err = r.casRef("refs/heads/main", tip, last)
		}
		if err == nil {
			err = r.maybePack()
		}
		unlock()
		if err != nil {
			t.Fatal(err)
		}
		if n := len(r.db.packs); n > maxPacks+packCheckEvery+8 {
			t.Fatalf("after %d commits: %d packs", i+1, n)
		}
	}
	fsck(t, r.gitDir)
	if got := runGit(t, r.gitDir, "rev-list", "--count", "main"); got != "200" {
		t.Errorf("rev-list --count = %s", got)
	}
	// A second handle (another process's view) still reads everything.
	r2, err := openRepo(r.gitDir, repoOptions{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r2.close()
	b, err := r2.readBlob(mustLookup(t, r2, last, incidentPath(199%50)))
	if err != nil || string(b) != "199" {
		t.Errorf("readBlob = %q, %v", b, err)
	}
}

func mustLookup(t *testing.T, r *repo, c plumbing.Hash, p string) plumbing.Hash {
	t.Helper()
	h, ok, err := r.lookupPath(mustTree(t, r, c), p)
	if err != nil || !ok {
		t.Fatalf("lookupPath(%s) = %v, %v", p, ok, err)
	}
	return h
}

func TestPackFull(t *testing.T) {
	dir := t.TempDir()
	r, err := initRepo(dir, false, "main", repoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.close()
	// Loose objects and a pack made by git itself, then ours.
	if err := os.WriteFile(filepath.Join(dir, "cli.txt"), []byte("from git\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runGit(t, dir, "add", "cli.txt")
	runGit(t, dir, "commit", "-q", "-m", "cli")
	runGit(t, dir, "repack", "-q")
	if err := os.WriteFile(filepath.Join(dir, "cli2.txt"), []byte("loose\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runGit(t, dir, "add", "cli2.txt")
	runGit(t, dir, "commit", "-q", "-m", "cli2")
	for i := range 20 {
		commit(t, r, change{Path: fmt.Sprintf("d%d/f", i%4), Data: []byte(strconv.Itoa(i))})
	}
	if r.db.looseCount() == 0 {
		t.Fatal("want loose objects before pack")
	}
	if err := r.pack(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := r.db.looseCount(); n != 0 {
		t.Errorf("loose objects after pack = %d", n)
	}
	if n := len(r.db.packs); n != 1 {
		t.Errorf("packs after pack = %d, want 1", n)
	}
	fsck(t, dir)
	if got := runGit(t, dir, "rev-list", "--count", "main"); got != "22" {
		t.Errorf("rev-list --count = %s", got)
	}
	objs := strings.Fields(runGit(t, dir, "rev-list", "--objects", "--no-object-names", "main"))
	r2, err := openRepo(dir, repoOptions{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r2.close()
	for _, o := range objs {
		if _, err := r2.readObject(plumbing.AnyObject, plumbing.NewHash(o)); err != nil {
			t.Errorf("read %s: %v", o, err)
		}
	}
	if got := runGit(t, dir, "status", "--porcelain"); got != "" {
		t.Logf("status (worktree not synced here): %s", got)
	}
	// Repacking again is a no-op and stays clean.
	if err := r.pack(t.Context()); err != nil {
		t.Fatal(err)
	}
	fsck(t, dir)
}

func TestGeometricSplit(t *testing.T) {
	mk := func(counts ...int64) []*pack {
		var ps []*pack
		for i, c := range counts {
			ps = append(ps, &pack{name: plumbing.Hash{byte(i)}, objects: c})
		}
		return ps
	}
	for _, tc := range []struct {
		counts []int64
		want   int
	}{
		{[]int64{1000, 100, 10, 1}, 0},
		{[]int64{1000, 7, 7, 7, 7}, 4},
		{[]int64{64, 32, 7, 7, 7, 7, 7}, 7},
		{[]int64{1000, 300, 7, 7}, 2},
	} {
		if got := len(geometricSplit(mk(tc.counts...))); got != tc.want {
			t.Errorf("geometricSplit(%v) merges %d packs, want %d", tc.counts, got, tc.want)
		}
	}
}

// TestReadAfterForeignRepack: a handle that indexed the packs keeps
// reading after git repack -a -d and git gc replace them underneath it.
func TestReadAfterForeignRepack(t *testing.T) {
	r := newTestRepo(t, true)
	dir := r.gitDir
	var cs []plumbing.Hash
	for i := range 5 {
		cs = append(cs, commit(t, r, change{Path: fmt.Sprintf("f%d", i), Data: []byte(strconv.Itoa(i))}))
	}
	r2, err := openRepo(dir, repoOptions{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r2.close()
	if _, err := r2.readBlob(mustLookup(t, r2, cs[4], "f4")); err != nil {
		t.Fatal(err)
	}
	for i := 5; i < 10; i++ {
		cs = append(cs, commit(t, r, change{Path: fmt.Sprintf("f%d", i), Data: []byte(strconv.Itoa(i))}))
	}
	runGit(t, dir, "repack", "-a", "-d", "-q")
	for i, c := range cs {
		b, err := r2.readBlob(mustLookup(t, r2, c, fmt.Sprintf("f%d", i)))
		if err != nil || string(b) != strconv.Itoa(i) {
			t.Fatalf("after repack: f%d = %q, %v", i, b, err)
		}
	}
	cs = append(cs, commit(t, r, change{Path: "f10", Data: []byte("10")}))
	runGit(t, dir, "gc", "-q", "--prune=now")
	for _, rr := range []*repo{r, r2} {
		b, err := rr.readBlob(mustLookup(t, rr, cs[10], "f10"))
		if err != nil || string(b) != "10" {
			t.Fatalf("after gc: f10 = %q, %v", b, err)
		}
	}
	commit(t, r, change{Path: "f11", Data: []byte("11")})
	if err := r.pack(t.Context()); err != nil {
		t.Fatal(err)
	}
	fsck(t, dir)
	if got := runGit(t, dir, "rev-list", "--count", "main"); got != "12" {
		t.Errorf("rev-list --count = %s", got)
	}
}

// TestRewritesObjectDroppedByRepack: an object of an unpublished commit
// that git repack -a -d dropped is written again, not assumed present
// because our handle still has its (deleted) pack open.
func TestRewritesObjectDroppedByRepack(t *testing.T) {
	r := newTestRepo(t, true)
	dir := r.gitDir
	base := commit(t, r, change{Path: "seed", Data: []byte("0")})
	// An attempt whose ref update never happened (lost the CAS race).
	lost, err := r.writeCommit([]plumbing.Hash{base}, mustTree(t, r, base), []change{{Path: "new/file", Data: []byte("same content")}}, meta("lost"))
	if err != nil {
		t.Fatal(err)
	}
	runGit(t, dir, "repack", "-a", "-d", "-q")
	if _, err := gitErr(dir, "cat-file", "-e", lost.String()); err == nil {
		t.Fatal("repack -a -d kept the unreachable commit; test premise broken")
	}
	c := commit(t, r, change{Path: "new/file", Data: []byte("same content")})
	fsck(t, dir)
	if got := runGit(t, dir, "cat-file", "-p", c.String()+":new/file"); got != "same content" {
		t.Errorf("content = %q", got)
	}
}
