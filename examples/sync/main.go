// Sync shows two responders working on their own clones of the team's
// incident records, offline, then syncing through a shared Git remote:
// both edit the same incident and both declare a new one, which gets the
// same ID on each clone. Sync merges the edits field by field, renumbers
// the later of the two new incidents, and both clones end up identical.
//
// Run it from the module root:
//
//	go run ./examples/sync
//
// It works in a new temporary directory, removed at the end; with -dir DIR
// it works in DIR (which must not hold the repositories yet) and leaves
// them there to look at with git: DIR/remote.git is the shared remote,
// DIR/alice.git and DIR/bob.git the two clones. The remote is a bare
// repository by path; a git://, http:// or https:// URL works the same.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

func main() {
	dir := flag.String("dir", "", "where to create the remote and the two clones (default: a temporary directory)")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "sync:", err)
		os.Exit(1)
	}
}

// clock is the simulated clock the story runs on: a minute per reading.
type clock struct{ t time.Time }

func (c *clock) now() time.Time {
	c.t = c.t.Add(time.Minute)
	return c.t
}

var (
	alice = incident.Person{Name: "Alice Responder", Email: "alice@example.com"}
	bob   = incident.Person{Name: "Bob Oncall", Email: "bob@example.com"}
)

// run tells the story in dir ("" for a temporary directory).
func run(ctx context.Context, w io.Writer, dir string) error {
	if dir == "" {
		tmp, err := os.MkdirTemp("", "incidentkit-sync-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	clk := &clock{t: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
	opts := &gitstore.Options{Now: clk.now}

	remote := filepath.Join(dir, "remote.git")
	seed, err := gitstore.Init(remote, opts)
	if err != nil {
		return err
	}
	if err := seed.Close(); err != nil {
		return err
	}
	origin := store.SyncOptions{URL: remote}
	a, err := gitstore.Clone(ctx, filepath.Join(dir, "alice.git"), opts, origin)
	if err != nil {
		return err
	}
	defer a.Close()
	b, err := gitstore.Clone(ctx, filepath.Join(dir, "bob.git"), opts, origin)
	if err != nil {
		return err
	}
	defer b.Close()
	sync := func(name string, st *gitstore.Store, by incident.Person) error {
		o := origin
		o.By = by
		res, err := st.Sync(ctx, o)
		if err != nil {
			return err
		}
		var did []string
		switch {
		case res.Merged:
			did = append(did, "merged")
		case res.FastForward:
			did = append(did, "fast-forwarded")
		}
		if res.Pushed {
			did = append(did, "pushed")
		}
		if len(did) == 0 {
			did = append(did, "up to date")
		}
		fmt.Fprintf(w, "%s synced: %s\n", name, strings.Join(did, ", "))
		for _, r := range res.Renumbered {
			fmt.Fprintf(w, "  renumbered %s -> %s (the same ID was declared on both clones)\n", r.From, r.To)
		}
		for _, n := range res.Review {
			fmt.Fprintf(w, "  review: %s\n", n)
		}
		return nil
	}

	// Alice declares; both clones get it.
	inc, err := a.Create(ctx, incident.Declaration{Title: "Checkout latency above 2s", Severity: "sev2"}, alice)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "alice declared %s %q\n", inc.ID, inc.Title)
	if err := sync("alice", a, alice); err != nil {
		return err
	}
	if err := sync("bob", b, bob); err != nil {
		return err
	}

	// Offline: both work on the incident and both declare a new one.
	fmt.Fprintln(w, "-- offline --")
	if _, err := a.Update(ctx, inc.ID, alice, func(i *incident.Incident, at time.Time) error {
		return i.AddNote("Rolled back the 14:02 deploy.", alice, at)
	}); err != nil {
		return err
	}
	if _, err := b.Update(ctx, inc.ID, bob, func(i *incident.Incident, at time.Time) error {
		return i.SetSeverity("sev1", "Payments are timing out too.", bob, at)
	}); err != nil {
		return err
	}
	na, err := a.Create(ctx, incident.Declaration{Title: "Search index stale", Severity: "sev3"}, alice)
	if err != nil {
		return err
	}
	nb, err := b.Create(ctx, incident.Declaration{Title: "Login emails delayed", Severity: "sev3"}, bob)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "alice declared %s %q\nbob declared %s %q\n", na.ID, na.Title, nb.ID, nb.Title)

	fmt.Fprintln(w, "-- back online --")
	for _, step := range []struct {
		name string
		st   *gitstore.Store
		by   incident.Person
	}{{"alice", a, alice}, {"bob", b, bob}, {"alice", a, alice}} {
		if err := sync(step.name, step.st, step.by); err != nil {
			return err
		}
	}

	fmt.Fprintln(w, "-- converged --")
	var views [2]string
	for i, st := range []*gitstore.Store{a, b} {
		incs, err := st.List(ctx, store.Filter{})
		if err != nil {
			return err
		}
		var sb strings.Builder
		for _, x := range incs {
			fmt.Fprintf(&sb, "%s %s %q, timeline events: %d", x.ID, x.Severity, x.Title, len(x.Timeline))
			if len(x.Aliases) > 0 {
				fmt.Fprintf(&sb, ", formerly %s", strings.Join(x.Aliases, ", "))
			}
			sb.WriteString("\n")
		}
		views[i] = sb.String()
	}
	fmt.Fprint(w, views[0])
	if views[0] != views[1] {
		return fmt.Errorf("the clones differ:\n%s\nand\n%s", views[0], views[1])
	}
	fmt.Fprintln(w, "alice and bob see the same records")
	merged, err := b.Get(ctx, inc.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s timeline:\n", inc.ID)
	for _, e := range merged.Timeline {
		what := string(e.Kind)
		switch {
		case e.Text != "":
			what += ": " + e.Text
		case e.To != "":
			what += ": " + e.From + " -> " + e.To
		}
		fmt.Fprintf(w, "  %s %s %s\n", e.At.Format("15:04"), e.Actor.Name, what)
	}
	return nil
}
