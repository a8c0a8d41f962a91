package postmortem_test

import (
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
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
