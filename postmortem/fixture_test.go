package postmortem_test

import (
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
)

var (
	alice = incident.Person{Name: "Alice Ng", Email: "alice@example.com"}
	bob   = incident.Person{Name: "Bob Ruiz", Email: "bob@example.com"}
	carol = incident.Person{Name: "Carol Diaz"}
	t0    = time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
)

// newIncident returns a resolved sev2 incident with a realistic timeline.
func newIncident(tb testing.TB) *incident.Incident {
	tb.Helper()
	inc, err := incident.New(incident.Declaration{
		ID:            "INC-2026-0042",
		UID:           "01JDEMO0000000000000000000",
		Title:         "Checkout API returning 503s",
		Summary:       "The checkout API returned 503 for about 40% of requests after the connection pool to the orders database saturated.",
		Severity:      "sev2",
		ImpactStarted: t0.Add(-12 * time.Minute),
		Detected:      t0.Add(-4 * time.Minute),
		Components:    []string{"checkout-api"},
	}, alice, t0)
	must(tb, err)
	must(tb, inc.Assign(incident.RoleCommander, alice, alice, t0.Add(time.Minute)))
	must(tb, inc.Assign(incident.RoleLead, bob, alice, t0.Add(2*time.Minute)))
	must(tb, inc.SetStatus(incident.StatusInvestigating, "looking at the orders database", bob, t0.Add(3*time.Minute)))
	must(tb, inc.AddLink(incident.Link{Kind: incident.LinkAlert, Target: "https://alerts.example.com/a/5xx-rate", Title: "Checkout 5xx rate"}, alice, t0.Add(4*time.Minute)))
	must(tb, inc.PostUpdate(incident.AudiencePublic, "We are investigating failed checkouts.", carol, t0.Add(10*time.Minute)))
	must(tb, inc.AddNote("pool at 100/100 connections since 09:18", bob, t0.Add(14*time.Minute)))
	must(tb, inc.SetImpact(12000, 340, "Some checkouts failed.", "About 2% of daily orders delayed.", alice, t0.Add(20*time.Minute)))
	must(tb, inc.SetStatus(incident.StatusIdentified, "pool exhausted by slow report query", bob, t0.Add(25*time.Minute)))
	must(tb, inc.SetStatus(incident.StatusMonitoring, "report job paused, pool recovered", bob, t0.Add(41*time.Minute)))
	must(tb, inc.SetStatus(incident.StatusResolved, "query moved to the replica", bob, t0.Add(2*time.Hour)))
	return inc
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// drafted returns the draft of newIncident's post-mortem.
func drafted(tb testing.TB) (*incident.Incident, *postmortem.Postmortem) {
	tb.Helper()
	inc := newIncident(tb)
	pm, err := postmortem.Draft(inc, severity.Default(), alice, t0.Add(3*time.Hour))
	must(tb, err)
	return inc, pm
}

// completed returns the post-mortem as the team finished it: every
// section written, reviewed and approved, action items in all states.
func completed(tb testing.TB) (*incident.Incident, *postmortem.Postmortem) {
	tb.Helper()
	inc, pm := drafted(tb)
	pm.Status = postmortem.StatusApproved
	pm.Authors = append(pm.Authors, bob)
	pm.Reviewers = []postmortem.Reviewer{
		{Person: carol, Approved: t0.Add(50 * time.Hour)},
		{Person: incident.Person{Name: "Dan Okafor", Email: "dan@example.com"}},
	}
	pm.Summary = "For 53 minutes on 20 November, about 40% of checkout requests failed with HTTP 503. " +
		"A slow reporting query held connections to the orders database until the API's connection pool was exhausted.\n\n" +
		"Pausing the report job restored service; moving the query to a read replica resolved it."
	pm.Impact = "- 12,000 users saw failed checkouts; 340 business customers were affected.\n" +
		"- About 2% of the day's orders were delayed, none lost.\n\n" +
		"Customers retried successfully once the pool recovered."
	pm.RootCauses = "- The monthly sales report ran a full scan on the primary database, holding each connection for minutes.\n" +
		"- The checkout API and the report job share one connection pool with no per-client limit.\n" +
		"- Contributing: the pool saturation metric existed but had no alert, so the first signal was user-facing errors."
	pm.Trigger = "The report job's schedule moved from 02:00 to 09:15 UTC in a configuration change on 18 November, into peak traffic."
	pm.Detection = "The checkout 5xx alert fired 8 minutes after impact started. The alert failed to fire earlier because its threshold is 30% over 5 minutes."
	pm.Resolution = "1. Paused the report job (pool recovered within a minute).\n2. Moved the report query to the read replica.\n3. Re-enabled the job at 02:00 UTC."
	pm.WentWell = "- The runbook for pool exhaustion pointed straight at long-running queries.\n- The public status page was updated within 10 minutes."
	pm.WentWrong = "- Nothing in the schedule change review showed that the job uses the primary database.\n- The `pg_stat_activity` dashboard needed a VPN the on-call laptop did not have configured."
	pm.Lucky = "The incident happened on a Friday morning rather than during the Black Friday peak a week later."
	pm.Lessons = "Shared pools make unrelated workloads compete; a schedule change can be a production change."
	pm.ActionNotes = "Tracked in the CHECKOUT project."
	pm.ActionItems = []postmortem.ActionItem{
		{ID: "A1", Title: "Add connection-pool saturation alert", Type: postmortem.ActionDetect, Owner: "@alice", Due: date(2026, 12, 11), Priority: postmortem.P2, Status: postmortem.ActionOpen, Link: "https://tracker.example.com/CHECKOUT-101"},
		{ID: "A2", Title: "Give the report job its own pool with a limit of 5 connections", Type: postmortem.ActionPrevent, Owner: "@bob", Due: date(2026, 12, 4), Priority: postmortem.P1, Status: postmortem.ActionDone},
		{ID: "A3", Title: "Route reporting queries to the read replica by default", Type: postmortem.ActionMitigate, Owner: "Carol Diaz", Due: date(2027, 1, 15), Priority: postmortem.P2, Status: postmortem.ActionOpen,
			Notes: "- [ ] inventory the report jobs\n- [ ] switch the default DSN"},
		{ID: "A4", Title: "Review schedule changes like deploys", Type: postmortem.ActionProcess, Owner: "@dan", Due: date(2026, 12, 18), Priority: postmortem.P3, Status: postmortem.ActionWontDo},
	}
	pm.Other = []postmortem.Section{
		{Title: "Glossary", Body: "- **Pool**: the set of database connections the API keeps open.", After: postmortem.SectionLessons},
	}
	return inc, pm
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
