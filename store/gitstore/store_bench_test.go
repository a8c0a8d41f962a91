package gitstore_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	gogit "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

// Seeded repositories are built once per size and process, then shared by
// the benchmarks (which add to them; the growth is small next to the seed).
var (
	seedMu   sync.Mutex
	seedDirs = map[int]string{}
	seedRoot string
)

// seeded returns a bare repository holding n incidents, declared one hour
// apart (so they spread over months as real ones do), each with a few
// timeline events. The repository has n+1 commits.
func seeded(b *testing.B, n int) (dir string, ids []string) {
	b.Helper()
	seedMu.Lock()
	defer seedMu.Unlock()
	if seedRoot == "" {
		// INCIDENTKIT_BENCH_DIR keeps the seeded repositories between runs
		// (seeding 10,000 incidents takes a while); by default they go to
		// a temporary directory.
		seedRoot = os.Getenv("INCIDENTKIT_BENCH_DIR")
		if seedRoot == "" {
			d, err := os.MkdirTemp("", "incidentkit-bench-")
			if err != nil {
				b.Fatal(err)
			}
			seedRoot = d
		}
	}
	dir = filepath.Join(seedRoot, fmt.Sprintf("incidents-%d.git", n))
	if _, err := os.Stat(dir); err == nil && os.Getenv("INCIDENTKIT_BENCH_DIR") != "" {
		seedDirs[n] = dir
	}
	if _, ok := seedDirs[n]; !ok {
		t := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		clock := func() time.Time { t = t.Add(time.Hour); return t }
		st, err := gitstore.Init(dir, &gitstore.Options{NoSync: true, Now: clock})
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < n; i++ {
			if _, err := st.Create(context.Background(), incident.Declaration{
				Title: fmt.Sprintf("Seeded incident %d", i), Summary: "Error rate above 5% on the API gateway.",
				Severity: "sev2", Components: []string{"api-gateway"}, Labels: []string{"seed"},
			}, alice); err != nil {
				b.Fatal(err)
			}
		}
		st.Close()
		seedDirs[n] = dir
	}
	st, err := gitstore.Open(dir, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	list, err := st.List(context.Background(), store.Filter{})
	if err != nil {
		b.Fatal(err)
	}
	for _, inc := range list {
		ids = append(ids, inc.ID)
	}
	return dir, ids
}

func openBench(b *testing.B, dir string, nosync bool) *gitstore.Store {
	st, err := gitstore.Open(dir, &gitstore.Options{NoSync: nosync})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

func addNote(st *gitstore.Store, id string, i int) error {
	_, err := st.Update(context.Background(), id, alice, func(inc *incident.Incident, at time.Time) error {
		return inc.AddNote(fmt.Sprintf("benchmark note %d", i), alice, at)
	})
	return err
}

func BenchmarkUpdate(b *testing.B) {
	for _, bc := range []struct {
		name   string
		n      int
		nosync bool
	}{
		{"incidents=100", 100, false},
		{"incidents=10000", 10000, false},
		{"incidents=10000/nosync", 10000, true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			dir, ids := seeded(b, bc.n)
			st := openBench(b, dir, bc.nosync)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := addNote(st, ids[i%len(ids)], i); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCreate(b *testing.B) {
	b.Run("incidents=10000", func(b *testing.B) {
		dir, _ := seeded(b, 10000)
		st := openBench(b, dir, false)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := st.Create(context.Background(), incident.Declaration{Title: "Bench", Severity: "sev3"}, alice); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkGet(b *testing.B) {
	b.Run("incidents=10000", func(b *testing.B) {
		dir, ids := seeded(b, 10000)
		st := openBench(b, dir, false)
		ctx := context.Background()
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := st.Get(ctx, ids[i%len(ids)]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkList(b *testing.B) {
	ctx := context.Background()
	check := func(b *testing.B, list []*incident.Incident, err error) {
		if err != nil || len(list) < 10000 {
			b.Fatalf("List: %d incidents, %v", len(list), err)
		}
	}
	b.Run("incidents=10000/cold", func(b *testing.B) {
		dir, _ := seeded(b, 10000)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			st, err := gitstore.Open(dir, nil) // a new process's view: nothing cached
			if err != nil {
				b.Fatal(err)
			}
			list, err := st.List(ctx, store.Filter{})
			check(b, list, err)
			st.Close()
		}
	})
	b.Run("incidents=10000/warm", func(b *testing.B) {
		dir, _ := seeded(b, 10000)
		st := openBench(b, dir, false)
		list, err := st.List(ctx, store.Filter{})
		check(b, list, err)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			list, err := st.List(ctx, store.Filter{})
			check(b, list, err)
		}
	})
}

func BenchmarkHistory(b *testing.B) {
	b.Run("commits=10000", func(b *testing.B) {
		dir, ids := seeded(b, 10000)
		st := openBench(b, dir, false)
		id := ids[len(ids)/2]
		for i := 0; i < 3; i++ { // a few revisions to find
			if err := addNote(st, id, i); err != nil {
				b.Fatal(err)
			}
		}
		// Warm: the store has walked this history before (see /cold).
		if _, err := store.History(context.Background(), st, id); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			revs, err := store.History(context.Background(), st, id)
			if err != nil || len(revs) < 4 {
				b.Fatalf("History: %d revisions, %v", len(revs), err)
			}
		}
	})
	// cold: a new Store per call, as a new process would see it (nothing
	// of the history walked before is remembered).
	b.Run("commits=10000/cold", func(b *testing.B) {
		dir, ids := seeded(b, 10000)
		id := ids[len(ids)/2]
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			st, err := gitstore.Open(dir, nil)
			if err != nil {
				b.Fatal(err)
			}
			revs, err := store.History(context.Background(), st, id)
			if err != nil || len(revs) < 1 {
				b.Fatalf("History: %d revisions, %v", len(revs), err)
			}
			st.Close()
		}
	})
}

// worktreeClone makes a non-bare clone of the seeded repository for the
// comparison benchmarks, and returns it with one incident file's path.
func worktreeClone(b *testing.B, n int) (dir, file string) {
	src, ids := seeded(b, n)
	dir = filepath.Join(b.TempDir(), "wt")
	if out, err := exec.Command("git", "clone", "-q", src, dir).CombinedOutput(); err != nil {
		b.Fatalf("git clone: %v: %s", err, out)
	}
	matches, err := filepath.Glob(filepath.Join(dir, "incidents", "*", "*", ids[0], "incident.yaml"))
	if err != nil || len(matches) != 1 {
		b.Fatalf("incident file of %s: %v %v", ids[0], matches, err)
	}
	return dir, matches[0]
}

// BenchmarkGitCLIUpdate makes the same change as BenchmarkUpdate with
// `git add` and `git commit` in a work tree, for comparison.
func BenchmarkGitCLIUpdate(b *testing.B) {
	b.Run("incidents=10000", func(b *testing.B) {
		dir, file := worktreeClone(b, 10000)
		f, err := os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			fmt.Fprintf(f, "# %d\n", i)
			for _, args := range [][]string{{"add", file}, {"commit", "-q", "-m", "note"}} {
				if out, err := gitErr(dir, args...); err != nil {
					b.Fatalf("git %v: %v: %s", args, err, out)
				}
			}
		}
	})
}

// BenchmarkWorktreeUpdate makes the same change with go-git's
// Worktree.Add and Worktree.Commit, for comparison.
func BenchmarkWorktreeUpdate(b *testing.B) {
	b.Run("incidents=10000", func(b *testing.B) {
		dir, file := worktreeClone(b, 10000)
		repo, err := gogit.PlainOpen(dir)
		if err != nil {
			b.Fatal(err)
		}
		wt, err := repo.Worktree()
		if err != nil {
			b.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, file)
		f, err := os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			fmt.Fprintf(f, "# %d\n", i)
			if _, err := wt.Add(filepath.ToSlash(rel)); err != nil {
				b.Fatal(err)
			}
			sig := &object.Signature{Name: alice.Name, Email: alice.Email, When: time.Now()}
			if _, err := wt.Commit("note", &gogit.CommitOptions{Author: sig, Committer: sig}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
