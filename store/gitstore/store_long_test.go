package gitstore_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

var longCommits = flag.Int("store.longcommits", 0, "commits in TestLongHistory (0 skips it; the README quotes a run with 100000)")

// TestLongHistory writes many commits through the store, as a busy team
// would over years, and reports how the repository holds up: packs, loose
// objects, size on disk, and the cost of reads and writes at the end. It
// runs only when asked (the package before the flag, which go test does not
// know): go test ./store/gitstore -run TestLongHistory -store.longcommits=100000 -v
func TestLongHistory(t *testing.T) {
	n := *longCommits
	if n == 0 {
		t.Skip("run with -store.longcommits=N")
	}
	ctx := context.Background()
	clock := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	// A commit every 10 minutes and an incident every 20 commits: about 200
	// incidents a month, a busy team. (Denser months make every commit
	// rewrite a wider month tree.)
	now := func() time.Time { clock = clock.Add(10 * time.Minute); return clock }
	dir := filepath.Join(t.TempDir(), "long.git")
	st, err := gitstore.Init(dir, &gitstore.Options{NoSync: true, Now: now})
	require.NoError(t, err)
	defer st.Close()

	// A new incident every 20 commits, each updated in the commits after it.
	start := time.Now()
	var ids []string
	for i := 0; i < n; i++ {
		if i%20 == 0 {
			inc, err := st.Create(ctx, incident.Declaration{Title: fmt.Sprintf("Incident %d", i), Severity: "sev3"}, alice)
			require.NoError(t, err)
			ids = append(ids, inc.ID)
			continue
		}
		id := ids[len(ids)-1]
		_, err := st.Update(ctx, id, alice, func(inc *incident.Incident, at time.Time) error {
			return inc.AddNote(fmt.Sprintf("step %d", i), alice, at)
		})
		require.NoError(t, err)
		if (i+1)%(n/10) == 0 {
			t.Logf("%d commits in %v; %s", i+1, time.Since(start).Round(time.Second), repoStats(t, dir))
		}
	}
	t.Logf("before Pack: %s", repoStats(t, dir))
	require.NoError(t, st.Pack(ctx))
	t.Logf("after Pack: %s", repoStats(t, dir))

	t0 := time.Now()
	last := ids[max(0, len(ids)-100):]
	for _, id := range last {
		_, err := st.Get(ctx, id)
		require.NoError(t, err)
	}
	t.Logf("Get: %v each (cold cache, last %d incidents)", time.Since(t0)/time.Duration(len(last)), len(last))
	t0 = time.Now()
	list, err := st.List(ctx, store.Filter{})
	require.NoError(t, err)
	t.Logf("List of %d: %v", len(list), time.Since(t0))
	t0 = time.Now()
	_, err = st.Update(ctx, ids[0], alice, func(inc *incident.Incident, at time.Time) error { return inc.AddNote("late", alice, at) })
	require.NoError(t, err)
	t.Logf("Update of the oldest incident: %v", time.Since(t0))
	t0 = time.Now()
	fsck(t, dir)
	t.Logf("git fsck --strict: clean in %v", time.Since(t0).Round(time.Millisecond))
}

// repoStats describes the object database of the repository at dir.
func repoStats(t *testing.T, dir string) string {
	packs, err := filepath.Glob(filepath.Join(dir, "objects", "pack", "*.pack"))
	require.NoError(t, err)
	var size int64
	for _, p := range packs {
		fi, err := os.Stat(p)
		require.NoError(t, err)
		size += fi.Size()
	}
	loose, _ := filepath.Glob(filepath.Join(dir, "objects", "[0-9a-f][0-9a-f]", "*"))
	return fmt.Sprintf("%d packs, %.1f MiB, %d loose objects", len(packs), float64(size)/(1<<20), len(loose))
}
