// Quickstart runs one incident from declaration to resolution on a Git
// repository and prints what incidentkit recorded: the timeline, the SLA
// findings, the incident file and the audit trail of commits.
//
// Run it from the module root:
//
//	go run ./examples/quickstart
//
// It creates the bare repository ./incidents.git (or reuses it: run it twice
// and the second run adds a second incident). Choose another place with
// -repo DIR. The story runs on a simulated clock that starts two hours ago,
// so the SLA findings have something to say.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

func main() {
	repo := flag.String("repo", "incidents.git", "the Git repository to use (created if missing)")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *repo, time.Now()); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// clock is the simulated clock the story runs on.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

// run tells the story on the repository at path; start is the real time.
func run(ctx context.Context, w io.Writer, path string, start time.Time) error {
	clk := &clock{t: start.Add(-2 * time.Hour).UTC().Truncate(time.Second)}
	opts := &gitstore.Options{Now: clk.now}
	st, err := gitstore.Open(path, opts)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(w, "creating %s\n", path)
		st, err = gitstore.Init(path, opts)
	}
	if err != nil {
		return err
	}
	defer st.Close()

	var (
		ana   = incident.Person{Name: "Ana Alert", Email: "ana@example.com"}
		bo    = incident.Person{Name: "Bo Commander", Email: "bo@example.com"}
		chen  = incident.Person{Name: "Chen Engineer", Email: "chen@example.com"}
		dee   = incident.Person{Name: "Dee Comms", Email: "dee@example.com"}
		emeka = incident.Person{Name: "Emeka Commander", Email: "emeka@example.com"}
	)

	// 1. The on-call engineer declares a Sev1.
	inc, err := st.Create(ctx, incident.Declaration{
		Title:      "Checkout returns 502 for all users",
		Summary:    "Every checkout request fails at the payment gateway.",
		Severity:   "sev1",
		Components: []string{"checkout", "payments-api"},
	}, ana)
	if err != nil {
		return err
	}
	id := inc.ID
	fmt.Fprintf(w, "declared %s: %s\n", id, inc.Title)

	// step applies one change, authored by who, some minutes later.
	step := func(after time.Duration, who incident.Person, fn store.UpdateFunc) error {
		clk.advance(after)
		_, err := st.Update(ctx, id, who, fn)
		return err
	}
	steps := []struct {
		after time.Duration
		who   incident.Person
		fn    store.UpdateFunc
	}{
		{7 * time.Minute, bo, func(inc *incident.Incident, at time.Time) error { return inc.Acknowledge(bo, at) }},
		{1 * time.Minute, bo, func(inc *incident.Incident, at time.Time) error {
			if err := inc.Assign(incident.RoleCommander, bo, bo, at); err != nil {
				return err
			}
			if err := inc.Assign(incident.RoleLead, chen, bo, at); err != nil {
				return err
			}
			if err := inc.Assign(incident.RoleCommunicator, dee, bo, at); err != nil {
				return err
			}
			return inc.SetStatus(incident.StatusInvestigating, "paging payments on-call", bo, at)
		}},
		{4 * time.Minute, dee, func(inc *incident.Incident, at time.Time) error {
			return inc.PostUpdate(incident.AudienceInternal, "Checkout is down for everyone; payments on-call engaged.", dee, at)
		}},
		{2 * time.Minute, dee, func(inc *incident.Incident, at time.Time) error {
			return inc.PostUpdate(incident.AudiencePublic, "We are investigating failed checkouts. Next update in 30 minutes.", dee, at)
		}},
		{6 * time.Minute, chen, func(inc *incident.Incident, at time.Time) error {
			if err := inc.AddLink(incident.Link{Kind: incident.LinkDeploy, Target: "payments-api v2026.11.27-3", Suspect: true}, chen, at); err != nil {
				return err
			}
			return inc.SetStatus(incident.StatusIdentified, "connection pool exhausted since the 09:10 deploy", chen, at)
		}},
		{3 * time.Minute, bo, func(inc *incident.Incident, at time.Time) error {
			return inc.Assign(incident.RoleCommander, emeka, bo, at) // shift change: command handed over
		}},
		{20 * time.Minute, chen, func(inc *incident.Incident, at time.Time) error {
			if err := inc.SetComponent("checkout", incident.ComponentOperational, chen, at); err != nil {
				return err
			}
			return inc.SetStatus(incident.StatusMonitoring, "rolled back payments-api; error rate back to baseline", chen, at)
		}},
		{50 * time.Minute, dee, func(inc *incident.Incident, at time.Time) error {
			return inc.PostUpdate(incident.AudiencePublic, "A fix has been applied and checkouts are succeeding. We are monitoring.", dee, at)
		}},
		{15 * time.Minute, emeka, func(inc *incident.Incident, at time.Time) error {
			if err := inc.SetComponent("payments-api", incident.ComponentOperational, emeka, at); err != nil {
				return err
			}
			return inc.SetStatus(incident.StatusResolved, "no errors for an hour", emeka, at)
		}},
	}
	for _, s := range steps {
		if err := step(s.after, s.who, s.fn); err != nil {
			return err
		}
	}

	inc, err = st.Get(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n== timeline of %s (%s, %s)\n", id, inc.Severity, inc.Status)
	for _, e := range inc.Timeline {
		fmt.Fprintf(w, "%s  %-13s %-12s %s\n", e.At.Format("15:04"), e.Kind, e.Actor.Name, describe(e))
	}

	pol, err := st.Policy(ctx)
	if err != nil {
		return err
	}
	findings, err := inc.CheckSLA(pol, clk.now())
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n== SLA findings (%d)\n", len(findings))
	for _, f := range findings {
		fmt.Fprintf(w, "- %s: %s\n", f.Rule, f.Message)
	}

	data, err := incident.Format(inc)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n== %s/incident.yaml\n%s", id, data)

	revs, err := store.History(ctx, st, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n== audit trail (%d commits)\n", len(revs))
	for _, r := range revs {
		subject, _, _ := strings.Cut(r.Message, "\n")
		fmt.Fprintf(w, "%.10s  %s  %-16s %s\n", r.ID, r.At.Format("15:04"), r.Author.Name, subject)
	}
	fmt.Fprintf(w, "\nsee it with git: git --git-dir=%s log --stat\n", path)
	return nil
}

// describe renders a timeline event as one short line.
func describe(e incident.Event) string {
	parts := []string{}
	if e.Subject != "" {
		parts = append(parts, e.Subject)
	}
	if e.From != "" || e.To != "" {
		parts = append(parts, strings.TrimSpace(e.From+" -> "+e.To))
	}
	if e.Text != "" {
		parts = append(parts, e.Text)
	}
	return strings.Join(parts, ": ")
}
