// Postmortem runs the learning half of an incident on a Git repository:
// draft a blameless post-mortem from a resolved incident, lint it (to-dos
// and blame language are flagged), write it properly, propose it for review
// on its own branch, approve it, and publish it with a merge commit. It
// prints what a reviewer would see along the way.
//
// Run it from the module root:
//
//	go run ./examples/postmortem
//
// It works in a new temporary repository, which it prints the path of and
// keeps, so you can look around with git (git log --graph --all). Choose the
// place with -repo DIR (a repository that must not exist yet).
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
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

func main() {
	repo := flag.String("repo", "", "the repository to create (default: a new temporary directory)")
	flag.Parse()
	if *repo == "" {
		dir, err := os.MkdirTemp("", "incidentkit-postmortem-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "postmortem:", err)
			os.Exit(1)
		}
		*repo = filepath.Join(dir, "incidents.git")
	}
	if err := run(context.Background(), os.Stdout, *repo, time.Now()); err != nil {
		fmt.Fprintln(os.Stderr, "postmortem:", err)
		os.Exit(1)
	}
}

var (
	ana  = incident.Person{Name: "Ana Alert", Email: "ana@example.com"}
	bo   = incident.Person{Name: "Bo Reviewer", Email: "bo@example.com"}
	chen = incident.Person{Name: "Chen Engineer", Email: "chen@example.com"}
)

// run tells the story on a new repository at path; start is the real time.
func run(ctx context.Context, w io.Writer, path string, start time.Time) error {
	now := start.Add(-6 * time.Hour).UTC().Truncate(time.Second)
	clock := func() time.Time { return now }
	later := func(d time.Duration) { now = now.Add(d) }
	st, err := gitstore.Init(path, &gitstore.Options{Now: clock})
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintf(w, "repository: %s\n", path)

	// A resolved sev2 to learn from.
	inc, err := st.Create(ctx, incident.Declaration{
		Title: "Payments time out at checkout", Severity: "sev2", Components: []string{"payments-api"},
	}, ana)
	if err != nil {
		return err
	}
	id := inc.ID
	for _, s := range []struct {
		after time.Duration
		who   incident.Person
		fn    store.UpdateFunc
	}{
		{4 * time.Minute, ana, func(inc *incident.Incident, at time.Time) error {
			return inc.SetStatus(incident.StatusInvestigating, "", ana, at)
		}},
		{20 * time.Minute, chen, func(inc *incident.Incident, at time.Time) error {
			return inc.SetStatus(incident.StatusMonitoring, "raised the database pool from 20 to 80", chen, at)
		}},
		{40 * time.Minute, chen, func(inc *incident.Incident, at time.Time) error {
			return inc.SetStatus(incident.StatusResolved, "", chen, at)
		}},
	} {
		later(s.after)
		if _, err := st.Update(ctx, id, s.who, s.fn); err != nil {
			return err
		}
	}
	if inc, err = st.Get(ctx, id); err != nil {
		return err
	}
	pol, err := st.Policy(ctx)
	if err != nil {
		return err
	}

	// 1. Draft: the facts are filled in, the thinking is left as to-dos.
	later(time.Hour)
	pm, err := postmortem.Draft(inc, pol, ana, now)
	if err != nil {
		return err
	}
	file := id + "/postmortem.md"
	fmt.Fprintf(w, "\n== lint of the draft of %s\n", id)
	if err := lint(w, file, pm, inc, pol); err != nil {
		return err
	}

	// 2. A first write-up that slips into blame.
	pm.Summary = "Checkout payments timed out for 64 minutes."
	pm.RootCauses = "Chen forgot to raise the database pool size when traffic doubled."
	pm.Trigger = "A marketing campaign doubled checkout traffic."
	pm.Detection = "The payments latency alert paged the on-call after 3 minutes."
	pm.Resolution = "The pool was raised from 20 to 80 connections."
	pm.WentWell = "The alert fired quickly and the runbook had the right query."
	pm.WentWrong = "Nothing tied the pool size to expected traffic."
	pm.Lucky = "The campaign started at a quiet hour."
	pm.Lessons = "Capacity settings need an owner and an alert."
	pm.ActionItems = []postmortem.ActionItem{{
		ID: "A1", Title: "Alert when the pool is more than 80% used", Type: postmortem.ActionDetect,
		Owner: "@chen", Due: now.Add(14 * 24 * time.Hour).Truncate(24 * time.Hour), Priority: postmortem.P2,
		Status: postmortem.ActionOpen,
	}, {
		ID: "A2", Title: "Size the pool from the traffic forecast", Type: postmortem.ActionPrevent,
		Owner: "@ana", Due: now.Add(28 * 24 * time.Hour).Truncate(24 * time.Hour), Priority: postmortem.P2,
		Status: postmortem.ActionOpen,
	}}
	fmt.Fprintf(w, "\n== lint of the first write-up\n")
	if err := lint(w, file, pm, inc, pol); err != nil {
		return err
	}

	// 3. Reframed around the system, as the lint suggests, and the last
	// to-dos written.
	pm.RootCauses = "The database pool size was fixed at 20 and nothing tied it to expected traffic, so a traffic spike exhausted it."
	pm.Impact = replaceTodo(pm.Impact, "About a third of checkout attempts failed; most customers retried within the hour.")
	pm.ActionNotes = replaceTodo(pm.ActionNotes, "")
	fmt.Fprintf(w, "\n== lint after the rewrite\n")
	if err := lint(w, file, pm, inc, pol); err != nil {
		return err
	}

	// 4. Review as a pull request: propose, approve, publish.
	later(time.Hour)
	rev, err := store.ProposePostmortem(ctx, st, pm, ana)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n== proposed on branch %s: what the reviewer sees in the pull request\n%s",
		rev.Branch, postmortem.Render(rev.Postmortem))
	later(2 * time.Hour)
	if rev, err = store.ApprovePostmortem(ctx, st, id, bo); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n== approved by %s (status %s)\n", rev.Postmortem.Reviewers[0].Person.Name, rev.Postmortem.Status)
	later(10 * time.Minute)
	if rev, err = store.PublishPostmortem(ctx, st, id, bo); err != nil {
		return err
	}
	published, err := st.Postmortem(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "published: merged %s into main: %v; post-mortem status %s\n", rev.Branch, rev.Merged, published.Status)

	// 5. With the post-mortem published, the incident can close.
	if _, err := st.Update(ctx, id, bo, func(inc *incident.Incident, at time.Time) error {
		return inc.Close(pol, bo, at)
	}); err != nil {
		return err
	}
	revs, err := store.History(ctx, st, id)
	if err != nil {
		return err
	}
	last := revs[len(revs)-1]
	subject, _, _ := strings.Cut(last.Message, "\n")
	fmt.Fprintf(w, "closed: %s (%s)\n", id, subject)
	return nil
}

// replaceTodo replaces the to-do paragraph Draft left in a section.
func replaceTodo(section, text string) string {
	var keep []string
	for _, para := range strings.Split(section, "\n\n") {
		if strings.HasPrefix(para, postmortem.TodoMarker) {
			para = text
		}
		if para != "" {
			keep = append(keep, para)
		}
	}
	return strings.Join(keep, "\n\n")
}

// lint prints the findings of the post-mortem as it would be written, like
// a pull-request check would.
func lint(w io.Writer, file string, pm *postmortem.Postmortem, inc *incident.Incident, pol *severity.Policy) error {
	findings, err := postmortem.Lint(file, postmortem.Render(pm), inc, pol)
	if err != nil {
		return err
	}
	if len(findings) == 0 {
		fmt.Fprintln(w, "no findings")
	}
	for _, f := range findings {
		fmt.Fprintln(w, f)
	}
	return nil
}
