package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/memstore"
)

func TestOverdue(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	st := memstore.New(&memstore.Options{Now: func() time.Time { return now }})
	ada := incident.Person{Name: "Ada", Email: "ada@example.com"}
	resolve := func(sev string, kind incident.Kind) *incident.Incident {
		t.Helper()
		inc, err := st.Create(ctx, incident.Declaration{Title: "t", Severity: sev, Kind: kind}, ada)
		if err != nil {
			t.Fatal(err)
		}
		inc, err = st.Update(ctx, inc.ID, ada, func(inc *incident.Incident, at time.Time) error {
			if err := inc.Assign(incident.RoleCommander, ada, ada, at); err != nil {
				return err
			}
			return inc.SetStatus(incident.StatusResolved, "", ada, at)
		})
		if err != nil {
			t.Fatal(err)
		}
		return inc
	}
	missing := resolve("sev1", incident.KindNormal)   // requires a post-mortem, none written
	resolve("sev3", incident.KindNormal)              // requires none
	resolve("sev1", incident.KindDrill)               // drills owe none
	withItems := resolve("sev2", incident.KindNormal) // has one, with a late action item
	waived := resolve("sev1", incident.KindNormal)    // waived
	if _, err := st.Update(ctx, waived.ID, ada, func(inc *incident.Incident, at time.Time) error {
		return inc.WaivePostmortem("duplicate of a known provider outage", ada, at)
	}); err != nil {
		t.Fatal(err)
	}
	pol, _ := st.Policy(ctx)
	pm, err := postmortem.Draft(withItems, pol, ada, now)
	if err != nil {
		t.Fatal(err)
	}
	pm.Status = postmortem.StatusPublished
	pm.ActionItems = []postmortem.ActionItem{
		{ID: "A1", Title: "Add alert", Type: postmortem.ActionDetect, Owner: "@ada", Due: now.AddDate(0, 0, 3), Status: postmortem.ActionOpen},
		{ID: "A2", Title: "Done already", Type: postmortem.ActionPrevent, Owner: "@ada", Due: now.AddDate(0, 0, 1), Status: postmortem.ActionDone},
	}
	if err := st.PutPostmortem(ctx, pm, ada); err != nil {
		t.Fatal(err)
	}

	got, err := store.Overdue(ctx, st, now.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("a day later: %+v, want nothing overdue", got)
	}

	later := now.AddDate(0, 0, 10)
	got, err = store.Overdue(ctx, st, later)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("ten days later: %d overdue, want 2: %+v", len(got), got)
	}
	if got[0].IncidentID != missing.ID || got[0].ActionID != "" || len(got[0].Owners) != 1 || got[0].Owners[0] != ada.String() {
		t.Errorf("first: %+v, want the missing post-mortem of %s owned by its commander", got[0], missing.ID)
	}
	if want := later.Sub(now.Add(48 * time.Hour)); got[0].Late != want {
		t.Errorf("missing post-mortem late by %v, want %v", got[0].Late, want)
	}
	if got[1].IncidentID != withItems.ID || got[1].ActionID != "A1" || got[1].Owners[0] != "@ada" {
		t.Errorf("second: %+v, want action item A1 of %s", got[1], withItems.ID)
	}
}
