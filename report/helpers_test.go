package report_test

import (
	"context"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/memstore"
)

var (
	ada = incident.Person{Name: "Ada Lovelace", Email: "ada@example.com"}
	bob = incident.Person{Name: "Bob Jones", Email: "bob@example.com"}
)

// tm parses a UTC time written "2006-01-02T15:04".
func tm(s string) time.Time {
	t, err := time.Parse("2006-01-02T15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// day parses a date written "2006-01-02" (midnight UTC).
func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// testPolicy is the default policy without update cadences, so that the
// SLA findings of the data set can be worked out by hand from a few
// milestones.
func testPolicy() *severity.Policy {
	p := severity.Default()
	for i := range p.Levels {
		p.Levels[i].Targets.InternalCadence = 0
		p.Levels[i].Targets.PublicCadence = 0
	}
	return p
}

// world writes a story into a store with a clock the test moves.
type world struct {
	t   testing.TB
	ctx context.Context
	clk time.Time
	s   store.Store
	pol *severity.Policy
}

// newMemWorld returns a world over a new memstore with testPolicy.
func newMemWorld(t testing.TB) *world {
	w := &world{t: t, ctx: context.Background(), pol: testPolicy()}
	w.s = memstore.New(&memstore.Options{Now: w.now, Policy: w.pol})
	return w
}

func (w *world) now() time.Time { return w.clk }

// declare declares an incident at time ts ("2006-01-02T15:04").
func (w *world) declare(ts string, d incident.Declaration) *incident.Incident {
	w.t.Helper()
	w.clk = tm(ts)
	inc, err := w.s.Create(w.ctx, d, ada)
	if err != nil {
		w.t.Fatalf("declare %q: %v", d.Title, err)
	}
	return inc
}

// do updates incident id at time ts.
func (w *world) do(id, ts string, fn func(inc *incident.Incident, at time.Time) error) {
	w.t.Helper()
	w.clk = tm(ts)
	if _, err := w.s.Update(w.ctx, id, bob, fn); err != nil {
		w.t.Fatalf("update %s at %s: %v", id, ts, err)
	}
}

func (w *world) ack(id, ts string) {
	w.t.Helper()
	w.do(id, ts, func(inc *incident.Incident, at time.Time) error { return inc.Acknowledge(bob, at) })
}

func (w *world) status(id, ts string, s incident.Status) {
	w.t.Helper()
	w.do(id, ts, func(inc *incident.Incident, at time.Time) error { return inc.SetStatus(s, "", bob, at) })
}

func (w *world) update(id, ts, msg string) {
	w.t.Helper()
	w.do(id, ts, func(inc *incident.Incident, at time.Time) error {
		return inc.PostUpdate(incident.AudienceInternal, msg, bob, at)
	})
}

// postmortem drafts the post-mortem of incident id at time ts, lets edit
// change it, and stores it.
func (w *world) postmortem(id, ts string, edit func(pm *postmortem.Postmortem)) {
	w.t.Helper()
	inc, err := w.s.Get(w.ctx, id)
	if err != nil {
		w.t.Fatal(err)
	}
	pm, err := postmortem.Draft(inc, w.pol, bob, tm(ts))
	if err != nil {
		w.t.Fatal(err)
	}
	if edit != nil {
		edit(pm)
	}
	w.clk = tm(ts)
	if err := w.s.PutPostmortem(w.ctx, pm, bob); err != nil {
		w.t.Fatalf("put post-mortem of %s: %v", id, err)
	}
}

// publish marks the post-mortem of id published at ts, in the document and
// in the incident, as the review flow of a store does.
func (w *world) publish(id, ts string) {
	w.t.Helper()
	pm, err := w.s.Postmortem(w.ctx, id)
	if err != nil {
		w.t.Fatal(err)
	}
	pm.Status, pm.Published = postmortem.StatusPublished, tm(ts)
	w.clk = tm(ts)
	if err := w.s.PutPostmortem(w.ctx, pm, bob); err != nil {
		w.t.Fatal(err)
	}
	w.do(id, ts, func(inc *incident.Incident, at time.Time) error {
		return inc.SetPostmortem(incident.PostmortemPublished, bob, at)
	})
}

// reportNow is the moment the data set is reported at.
var reportNow = tm("2026-11-27T12:00")

// dataset writes the hand-built data set whose figures the tests check.
// Times are UTC. The policy is the default without update cadences:
//
//	        ack  first update  mitigate  resolve  post-mortem       actions
//	sev1    5m   15m           1h        4h       required, 2d      28d
//	sev2    15m  30m           4h        1d       required, 2d      56d
//	sev3    1h   4h            3d        7d       not required      -
//
// Every incident and what the report must make of it at reportNow
// (2026-11-27 12:00) is worked out in the comments beside it; TestFigures
// adds them up.
func dataset(w *world) map[string]string {
	ids := map[string]string{}

	// A, sev1, October. Impact 09:50, declared 10:00, acked 10:03 (ack 3m),
	// update 10:10, monitoring 10:40 (mitigate 50m from impact; 40m after
	// the declaration, within 1h), resolved 12:00 (resolve 2h10m; 2h after
	// the declaration, within 4h). Post-mortem due 10-07 12:00, published
	// 10-06 10:00: on time. No finding. Action items: A1 done, A2 open due
	// 11-01 (overdue: late from 11-02 00:00, 25d12h at reportNow), A3 open
	// due 12-15. Closed after publication.
	a := w.declare("2026-10-05T10:00", incident.Declaration{Title: "Checkout fails", Severity: "sev1",
		ImpactStarted: tm("2026-10-05T09:50")}).ID
	ids["A"] = a
	w.ack(a, "2026-10-05T10:03")
	w.update(a, "2026-10-05T10:10", "rolling back")
	w.status(a, "2026-10-05T10:40", incident.StatusMonitoring)
	w.status(a, "2026-10-05T12:00", incident.StatusResolved)
	w.postmortem(a, "2026-10-05T16:00", func(pm *postmortem.Postmortem) {
		pm.ActionItems = []postmortem.ActionItem{
			{ID: "A1", Title: "Roll back faster", Owner: "@bob", Due: day("2026-10-20"), Status: postmortem.ActionDone},
			{ID: "A2", Title: "Alert on pool saturation", Owner: "@ada", Due: day("2026-11-01"), Status: postmortem.ActionOpen},
			{ID: "A3", Title: "Load test checkout", Owner: "@bob", Due: day("2026-12-15"), Status: postmortem.ActionOpen},
		}
	})
	w.publish(a, "2026-10-06T10:00")
	w.do(a, "2026-10-06T11:00", func(inc *incident.Incident, at time.Time) error { return inc.Close(w.pol, bob, at) })

	// D, a sev1 drill in October: excluded (drill), nothing else.
	d := w.declare("2026-10-10T10:00", incident.Declaration{Title: "Game day", Severity: "sev1", Kind: incident.KindDrill}).ID
	ids["D"] = d
	w.status(d, "2026-10-10T11:00", incident.StatusResolved)

	// B, sev2, October. Declared 08:00 (impact unknown), update 08:20
	// (within 30m), acked 08:30 (ack 30m: late, target 15m), resolved
	// 14:00 straight from triage (mitigate = resolve = 6h: mitigate late,
	// target 4h; resolve within 1d). No post-mortem, due 10-22 14:00:
	// overdue, and a postmortem_overdue finding.
	b := w.declare("2026-10-20T08:00", incident.Declaration{Title: "Slow search", Severity: "sev2"}).ID
	ids["B"] = b
	w.update(b, "2026-10-20T08:20", "looking")
	w.ack(b, "2026-10-20T08:30")
	w.status(b, "2026-10-20T14:00", incident.StatusResolved)

	// C, sev3, October (no post-mortem required). Acked 09:20 (20m),
	// update 09:30, resolved the next day 09:00 (mitigate = resolve = 1d).
	// No finding. A post-mortem anyway, with one open item without a due
	// date (sev3 has no action item deadline: open, not overdue).
	c := w.declare("2026-10-25T09:00", incident.Declaration{Title: "Typo on invoices", Severity: "sev3"}).ID
	ids["C"] = c
	w.ack(c, "2026-10-25T09:20")
	w.update(c, "2026-10-25T09:30", "fix queued")
	w.status(c, "2026-10-26T09:00", incident.StatusResolved)
	w.postmortem(c, "2026-10-27T09:00", func(pm *postmortem.Postmortem) {
		pm.ActionItems = []postmortem.ActionItem{{ID: "C1", Title: "Spell-check templates", Status: postmortem.ActionOpen}}
	})

	// E, sev1, November. Impact 09:30, declared 10:00, update 10:05, acked
	// 10:10 (ack 10m: late), monitoring 11:30 (mitigate 2h from impact;
	// 1h30m after the declaration: late), resolved 15:00 (resolve 5h30m;
	// 5h after the declaration: late). Post-mortem due 11-05 15:00,
	// published 11-06 10:00: late (and a postmortem_overdue finding).
	// Items: B1 open due 11-30, B2 won't do.
	e := w.declare("2026-11-03T10:00", incident.Declaration{Title: "API errors", Severity: "sev1",
		ImpactStarted: tm("2026-11-03T09:30")}).ID
	ids["E"] = e
	w.update(e, "2026-11-03T10:05", "investigating")
	w.ack(e, "2026-11-03T10:10")
	w.status(e, "2026-11-03T11:30", incident.StatusMonitoring)
	w.status(e, "2026-11-03T15:00", incident.StatusResolved)
	w.postmortem(e, "2026-11-04T09:00", func(pm *postmortem.Postmortem) {
		pm.ActionItems = []postmortem.ActionItem{
			{ID: "B1", Title: "Retry budget", Owner: "@ada", Due: day("2026-11-30"), Status: postmortem.ActionOpen},
			{ID: "B2", Title: "Rewrite the gateway", Owner: "@bob", Status: postmortem.ActionWontDo},
		}
	})
	w.publish(e, "2026-11-06T10:00")

	// H, sev2, November: declined (excluded).
	h := w.declare("2026-11-10T09:00", incident.Declaration{Title: "Flaky test", Severity: "sev2"}).ID
	ids["H"] = h
	w.do(h, "2026-11-10T09:30", func(inc *incident.Incident, at time.Time) error { return inc.Decline("a bug", bob, at) })

	// I, sev3, November: merged into E (excluded).
	i := w.declare("2026-11-12T09:00", incident.Declaration{Title: "API errors again", Severity: "sev3"}).ID
	ids["I"] = i
	w.do(i, "2026-11-12T09:05", func(inc *incident.Incident, at time.Time) error { return inc.MergeInto(e, bob, at) })

	// J, sev2, November. Acked 09:10 (10m), update 09:20, resolved 12:00
	// (mitigate = resolve = 3h, within targets). Post-mortem waived 11-16:
	// waived, not in the rate. No finding.
	j := w.declare("2026-11-15T09:00", incident.Declaration{Title: "Webhook delays", Severity: "sev2"}).ID
	ids["J"] = j
	w.ack(j, "2026-11-15T09:10")
	w.update(j, "2026-11-15T09:20", "draining queue")
	w.status(j, "2026-11-15T12:00", incident.StatusResolved)
	w.do(j, "2026-11-16T10:00", func(inc *incident.Incident, at time.Time) error {
		return inc.WaivePostmortem("covered by the review of E", bob, at)
	})

	// F, sev1, November. Acked 09:02 (2m), update 09:10, resolved 10:00
	// (mitigate = resolve = 1h: exactly the target, in time). No
	// post-mortem, due 11-28 10:00: pending. No finding.
	f := w.declare("2026-11-26T09:00", incident.Declaration{Title: "Login loop", Severity: "sev1"}).ID
	ids["F"] = f
	w.ack(f, "2026-11-26T09:02")
	w.update(f, "2026-11-26T09:10", "reverting config")
	w.status(f, "2026-11-26T10:00", incident.StatusResolved)

	// G, sev2, November, still open. Investigating 11:05 (acknowledges: 5m),
	// update 11:10. At 12:00 within every target. Post-mortem required but
	// not resolved and no document: unknown.
	g := w.declare("2026-11-27T11:00", incident.Declaration{Title: "Queue backlog", Severity: "sev2"}).ID
	ids["G"] = g
	w.status(g, "2026-11-27T11:05", incident.StatusInvestigating)
	w.update(g, "2026-11-27T11:10", "scaling workers")

	w.clk = reportNow
	return ids
}
