package postmortem_test

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
)

func ExampleDraft() {
	ada := incident.Person{Name: "Ada Lovelace", Email: "ada@example.com"}
	at := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	inc, _ := incident.New(incident.Declaration{
		ID: "INC-2026-0042", Title: "Checkout API returning 503s", Severity: "sev2",
	}, ada, at)
	_ = inc.SetStatus(incident.StatusResolved, "pool limit raised", ada, at.Add(45*time.Minute))

	pm, err := postmortem.Draft(inc, severity.Default(), ada, at.Add(2*time.Hour))
	if err != nil {
		fmt.Println(err)
		return
	}
	md := string(postmortem.Render(pm))
	// The front matter, the title and the drafted timeline.
	fmt.Println(md[:strings.Index(md, "## Root causes")])
	// Output:
	// ---
	// incident: INC-2026-0042
	// title: Checkout API returning 503s
	// status: draft
	// authors:
	//   - Ada Lovelace <ada@example.com>
	// reviewers: []
	// created: 2026-11-27T11:30:00Z
	// due: 2026-11-29T10:15:00Z
	// ---
	//
	// # Checkout API returning 503s
	//
	// ## Summary
	//
	// _TODO: two or three sentences: what happened, who was affected, for how long, and how it was fixed_
	//
	// ## Impact
	//
	// - Severity: sev2 (Major)
	// - Mitigated: 2026-11-27 10:15 UTC
	// - Resolved: 2026-11-27 10:15 UTC
	// - Time to: acknowledge 45m, mitigate 45m, resolve 45m
	//
	// _TODO: describe the impact on users and the business in your words_
	//
	// ## Timeline
	//
	// - 2026-11-27 09:30 UTC — **Detected**
	// - 2026-11-27 09:30 UTC — **Declared** sev2 by Ada Lovelace: Checkout API returning 503s
	// - 2026-11-27 10:15 UTC — **Acknowledged** by Ada Lovelace
	// - 2026-11-27 10:15 UTC — Status triage → resolved by Ada Lovelace: pool limit raised
	// - 2026-11-27 10:15 UTC — **Mitigated**: impact stopped
	// - 2026-11-27 10:15 UTC — **Resolved**
}

func ExampleParse() {
	file := `---
incident: INC-2026-0042
title: Checkout API returning 503s
status: in_review
authors: [Ada Lovelace <ada@example.com>]
reviewers:
  - name: Grace Hopper
    approved: 2026-11-30T10:00:00Z
---

# Checkout API returning 503s

## Summary

A slow report query exhausted the database pool.

## Action items

- [x] Alert on pool saturation (owner: @ada, due: 2026-12-11, type: detect, priority: p2, id: A1)
- [ ] Give reports their own pool (owner: @grace, due: 2026-12-18, type: prevent, id: A2)

## Appendix

Graphs from the orders dashboard.
`
	pm, err := postmortem.Parse("postmortem.md", []byte(file))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(pm.IncidentID, pm.Status, pm.Reviewers[0].Person.Name, pm.Reviewers[0].Approved.Format(time.DateOnly))
	fmt.Println(pm.Summary)
	for _, a := range pm.ActionItems {
		fmt.Printf("%s %s: %s (%s, %s, due %s)\n", a.ID, a.Status, a.Title, a.Owner, a.Type, a.Due.Format(time.DateOnly))
	}
	fmt.Printf("kept: %q after %s\n", pm.Other[0].Title, pm.Other[0].After)
	// Output:
	// INC-2026-0042 in_review Grace Hopper 2026-11-30
	// A slow report query exhausted the database pool.
	// A1 done: Alert on pool saturation (@ada, detect, due 2026-12-11)
	// A2 open: Give reports their own pool (@grace, prevent, due 2026-12-18)
	// kept: "Appendix" after action_items
}

func ExampleParse_error() {
	file := "---\nincident: INC-2026-0042\nstatus: done\n---\n\n# Title\n\n## Action items\n\n- [ ] Add alert (owner: @ada, due: soon)\n"
	_, err := postmortem.Parse("postmortem.md", []byte(file))
	fmt.Println(err)
	// Output:
	// postmortem.md:3:9: status: want one of draft, in_review, approved, published, got "done"
	// postmortem.md:10:36: action_items[0].due: want a date like 2026-12-11, got "soon"
}

func ExampleLint() {
	file := `---
incident: INC-2026-0042
status: draft
---

# Checkout API returning 503s

## Summary

The alert failed to fire, and @bob forgot to check the pool. Human error.

## Action items

- [ ] Add a pool saturation alert (owner: @ada, type: detect)
`
	findings, err := postmortem.Lint("postmortem.md", []byte(file), nil, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range findings {
		if f.Rule != postmortem.RuleCompleteness {
			fmt.Println(f)
		}
	}
	// Output:
	// postmortem.md:10:31: blameless: "@bob forgot" names a person as the cause: describe what the system allowed or hid (e.g. "the deploy removed the index; no check caught it")
	// postmortem.md:10:62: blameless: "Human error": it ends the inquiry where it should start: describe what in the system made the action possible and its effect hard to see
	// postmortem.md:14:1: action-due: action item "Add a pool saturation alert" has no due date: add "due: YYYY-MM-DD"
}

func ExampleFindOverdue() {
	pm := &postmortem.Postmortem{
		IncidentID: "INC-2026-0042",
		Status:     postmortem.StatusInReview,
		Authors:    []incident.Person{{Name: "Ada Lovelace"}},
		Due:        time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC),
		ActionItems: []postmortem.ActionItem{
			{ID: "A1", Title: "Alert on pool saturation", Owner: "@ada", Due: time.Date(2026, 12, 11, 0, 0, 0, 0, time.UTC), Status: postmortem.ActionOpen},
			{ID: "A2", Title: "Separate pools", Owner: "@grace", Due: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Status: postmortem.ActionDone},
		},
	}
	now := time.Date(2026, 12, 14, 12, 0, 0, 0, time.UTC)
	for _, o := range postmortem.FindOverdue([]*postmortem.Postmortem{pm}, nil, nil, now) {
		what := "post-mortem"
		if o.ActionID != "" {
			what = o.ActionID + " " + o.Action
		}
		fmt.Printf("%s %s: %v late, owners %v\n", o.IncidentID, what, o.Late, o.Owners)
	}
	// Output:
	// INC-2026-0042 post-mortem: 360h0m0s late, owners [Ada Lovelace]
	// INC-2026-0042 A1 Alert on pool saturation: 60h0m0s late, owners [@ada]
}

// A hand-edited post-mortem that does not parse reports every problem with
// its place; errors.As reaches the list.
func ExampleInvalidError() {
	_, err := postmortem.Parse("incidents/2026/11/INC-2026-0042/postmortem.md", []byte("---\nincident: INC-2026-0042\nstatus: finished\n---\n# x\n"))
	var invalid *postmortem.InvalidError
	if errors.As(err, &invalid) {
		for _, p := range invalid.Problems {
			fmt.Printf("line %d, field %s: %s\n", p.Line, p.Field, p.Message)
		}
	}
	fmt.Println(errors.Is(err, postmortem.ErrInvalid))
	// Output:
	// line 3, field status: want one of draft, in_review, approved, published, got "finished"
	// true
}
