package gitstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

// BenchmarkSync pulls and merges n commits the local clone lacks (a tenth
// of them declarations, the rest notes and severity changes on those
// incidents) while the clone has one commit of its own on an incident the
// remote also changed: a real structural merge, then the push of the
// merge. Each iteration starts from copies of the same remote and clone,
// made with the timer stopped. The remote is a bare repository by path
// (go-git runs git-upload-pack and git-receive-pack).
func BenchmarkSync(b *testing.B) {
	for _, n := range []int{1000} {
		b.Run(fmt.Sprintf("commits=%d", n), func(b *testing.B) {
			remoteTpl, localTpl := seedSync(b, n)
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				dir := b.TempDir()
				remote, local := filepath.Join(dir, "remote.git"), filepath.Join(dir, "local.git")
				if err := os.CopyFS(remote, os.DirFS(remoteTpl)); err != nil {
					b.Fatal(err)
				}
				if err := os.CopyFS(local, os.DirFS(localTpl)); err != nil {
					b.Fatal(err)
				}
				st, err := gitstore.Open(local, &gitstore.Options{NoSync: true})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				res, err := st.Sync(ctx, store.SyncOptions{URL: remote})
				b.StopTimer()
				if err != nil || !res.Merged || !res.Pushed {
					b.Fatalf("Sync = %+v, %v", res, err)
				}
				st.Close()
				b.StartTimer()
			}
		})
	}
}

// seedSync builds, once, a remote with n commits that a clone lacks and
// the clone with one commit of its own, and returns their directories.
func seedSync(b *testing.B, n int) (remote, local string) {
	b.Helper()
	ctx := context.Background()
	root := b.TempDir()
	remote = filepath.Join(root, "remote.git")
	git(b, root, "init", "--quiet", "--bare", "-b", "main", remote)
	clock := newClock().Now
	open := func(name string, init bool) *gitstore.Store {
		o := &gitstore.Options{NoSync: true, Now: clock}
		dir := filepath.Join(root, name)
		if !init {
			git(b, root, "init", "--quiet", "--bare", "-b", "main", dir)
			st, err := gitstore.Open(dir, o)
			if err != nil {
				b.Fatal(err)
			}
			return st
		}
		st, err := gitstore.Init(dir, o)
		if err != nil {
			b.Fatal(err)
		}
		return st
	}
	sync := func(st *gitstore.Store) {
		if _, err := st.Sync(ctx, store.SyncOptions{URL: remote}); err != nil {
			b.Fatal(err)
		}
	}
	up := open("upstream.git", true)
	defer up.Close()
	first, err := up.Create(ctx, incident.Declaration{Title: "Shared incident", Severity: "sev2"}, alice)
	if err != nil {
		b.Fatal(err)
	}
	sync(up)
	lo := open("local.git", false)
	defer lo.Close()
	sync(lo)
	ids := []string{first.ID}
	for i := 0; i < n; i++ {
		if i%10 == 0 {
			inc, err := up.Create(ctx, incident.Declaration{Title: fmt.Sprintf("Incident %d", i), Severity: "sev3"}, bob)
			if err != nil {
				b.Fatal(err)
			}
			ids = append(ids, inc.ID)
			continue
		}
		id := ids[i%len(ids)]
		_, err := up.Update(ctx, id, bob, func(inc *incident.Incident, at time.Time) error {
			if i%3 == 0 {
				return inc.SetSeverity([]string{"sev1", "sev2", "sev3"}[i%2], "bench", bob, at)
			}
			return inc.AddNote(fmt.Sprintf("note %d", i), bob, at)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	sync(up)
	_, err = lo.Update(ctx, first.ID, alice, func(inc *incident.Incident, at time.Time) error {
		return inc.AddNote("local note", alice, at)
	})
	if err != nil {
		b.Fatal(err)
	}
	return remote, filepath.Join(root, "local.git")
}

// BenchmarkSyncUpToDate is the floor of a sync: the clone and the remote
// (a bare repository by path) already agree, so it only asks the remote
// for its branch.
func BenchmarkSyncUpToDate(b *testing.B) {
	ctx := context.Background()
	root := b.TempDir()
	remote := filepath.Join(root, "remote.git")
	git(b, root, "init", "--quiet", "--bare", "-b", "main", remote)
	st, err := gitstore.Init(filepath.Join(root, "local.git"), &gitstore.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	opts := store.SyncOptions{URL: remote}
	if _, err := st.Sync(ctx, opts); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := st.Sync(ctx, opts); err != nil {
			b.Fatal(err)
		}
	}
}
