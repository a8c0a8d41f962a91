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

// Two responders, each with a clone of the team's records, declare
// incidents while offline; syncing merges their work, and the later of the
// two incidents that got the same ID moves to the next free one.
func ExampleStore_Sync() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "incidentkit-sync")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	t := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	opts := &gitstore.Options{NoSync: true, Now: func() time.Time { t = t.Add(time.Minute); return t }}

	// The shared remote: any Git server would do; here a bare repository.
	remote := filepath.Join(dir, "records.git")
	seed, err := gitstore.Init(remote, opts)
	if err != nil {
		panic(err)
	}
	seed.Close()
	origin := store.SyncOptions{URL: remote}

	alice, err := gitstore.Clone(ctx, filepath.Join(dir, "alice.git"), opts, origin)
	if err != nil {
		panic(err)
	}
	defer alice.Close()
	bob, err := gitstore.Clone(ctx, filepath.Join(dir, "bob.git"), opts, origin)
	if err != nil {
		panic(err)
	}
	defer bob.Close()

	a := incident.Person{Name: "Alice", Email: "alice@example.com"}
	b := incident.Person{Name: "Bob", Email: "bob@example.com"}
	ia, _ := alice.Create(ctx, incident.Declaration{Title: "Search is down", Severity: "sev2"}, a)
	ib, _ := bob.Create(ctx, incident.Declaration{Title: "Payments failing", Severity: "sev1"}, b)
	fmt.Println("offline:", ia.ID, "and", ib.ID)

	if _, err := alice.Sync(ctx, origin); err != nil {
		panic(err)
	}
	res, err := bob.Sync(ctx, origin)
	if err != nil {
		panic(err)
	}
	for _, r := range res.Renumbered {
		fmt.Println("renumbered:", r.From, "->", r.To)
	}
	if _, err := alice.Sync(ctx, origin); err != nil {
		panic(err)
	}
	for _, st := range []*gitstore.Store{alice, bob} {
		incs, _ := st.List(ctx, store.Filter{})
		for _, inc := range incs {
			fmt.Printf("%s %q aliases=%v\n", inc.ID, inc.Title, inc.Aliases)
		}
	}
	// Output:
	// offline: INC-2026-0001 and INC-2026-0001
	// renumbered: INC-2026-0001 -> INC-2026-0002
	// INC-2026-0002 "Payments failing" aliases=[INC-2026-0001]
	// INC-2026-0001 "Search is down" aliases=[]
	// INC-2026-0002 "Payments failing" aliases=[INC-2026-0001]
	// INC-2026-0001 "Search is down" aliases=[]
}
