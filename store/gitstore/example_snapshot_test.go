package gitstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

// A report or status page reads a [store.Reader]; [store.At] gives one for
// any past commit, so last month's figures can be recomputed exactly as the
// records stood then.
func ExampleStore_Snapshot() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "incidentkit-snapshot")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	t := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	st, err := gitstore.Init(filepath.Join(dir, "records.git"), &gitstore.Options{
		NoSync: true, Now: func() time.Time { t = t.Add(time.Minute); return t },
	})
	if err != nil {
		panic(err)
	}
	defer st.Close()

	alice := incident.Person{Name: "Alice", Email: "alice@example.com"}
	inc, err := st.Create(ctx, incident.Declaration{Title: "Search is down", Severity: "sev2"}, alice)
	if err != nil {
		panic(err)
	}
	_, err = st.Update(ctx, inc.ID, alice, func(inc *incident.Incident, at time.Time) error {
		return inc.SetStatus(incident.StatusMonitoring, "rolled back", alice, at)
	})
	if err != nil {
		panic(err)
	}

	for _, rev := range []string{"HEAD~1", "HEAD"} {
		snap, err := store.At(ctx, st, rev)
		if err != nil {
			panic(err)
		}
		then, err := snap.Get(ctx, inc.ID)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-6s %s: %s is %s\n", rev, snap.At.Format(time.Kitchen), then.ID, then.Status)
	}
	// Output:
	// HEAD~1 9:02AM: INC-2026-0001 is triage
	// HEAD   9:03AM: INC-2026-0001 is monitoring
}
