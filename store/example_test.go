package store_test

import (
	"context"
	"fmt"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/memstore"
)

// exampleStore returns a memstore whose clock starts at 09:30 UTC and moves
// five minutes per write, holding one incident moved to investigating and
// then handed to a commander.
func exampleStore(ctx context.Context) (store.Store, string, error) {
	now := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	s := memstore.New(&memstore.Options{Now: func() time.Time {
		t := now
		now = now.Add(5 * time.Minute)
		return t
	}})
	ada := incident.Person{Name: "Ada Lovelace", Email: "ada@example.com"}
	bob := incident.Person{Name: "Bob Jones", Email: "bob@example.com"}
	inc, err := s.Create(ctx, incident.Declaration{Title: "Checkout fails", Severity: "sev2"}, ada)
	if err != nil {
		return nil, "", err
	}
	if _, err := s.Update(ctx, inc.ID, bob, func(inc *incident.Incident, at time.Time) error {
		return inc.SetStatus(incident.StatusInvestigating, "", bob, at)
	}); err != nil {
		return nil, "", err
	}
	_, err = s.Update(ctx, inc.ID, ada, func(inc *incident.Incident, at time.Time) error {
		return inc.Assign(incident.RoleCommander, bob, ada, at)
	})
	return s, inc.ID, err
}

func ExampleHistory() {
	ctx := context.Background()
	s, id, err := exampleStore(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	revs, err := store.History(ctx, s, id)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range revs {
		fmt.Printf("%s %s %s: %s\n", r.ID, r.At.Format("15:04"), r.Author.Name, r.Message)
	}
	// Output:
	// r1 09:30 Ada Lovelace: INC-2026-0001: declared sev2: Checkout fails
	// r2 09:35 Bob Jones: INC-2026-0001: status triage -> investigating
	// r3 09:40 Ada Lovelace: INC-2026-0001: role commander none -> Bob Jones
}

func ExampleFieldHistory() {
	ctx := context.Background()
	s, id, err := exampleStore(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	changes, err := store.FieldHistory(ctx, s, id, "status")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range changes {
		fmt.Printf("%s %s: %q -> %q\n", c.At.Format("15:04"), c.Author.Name, c.From, c.To)
	}
	// Output:
	// 09:30 Ada Lovelace: "" -> "triage"
	// 09:35 Bob Jones: "triage" -> "investigating"
}

func ExampleAsOf() {
	ctx := context.Background()
	s, id, err := exampleStore(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	inc, err := store.AsOf(ctx, s, id, time.Date(2026, 11, 27, 9, 37, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(inc.Status, len(inc.Roles))
	// Output:
	// investigating 0
}

func ExampleDescribe() {
	at := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	ada := incident.Person{Name: "Ada Lovelace"}
	before, _ := incident.New(incident.Declaration{ID: "INC-2026-0042", Title: "Checkout fails", Severity: "sev2"}, ada, at)
	after := before.Clone()
	_ = after.SetSeverity("sev1", "all regions", ada, at)
	_ = after.AddNote("rolling back deploy 812", ada, at)
	fmt.Println(store.Describe(before, after))
	// Output:
	// INC-2026-0042: severity sev2 -> sev1: all regions (+1 more)
	//
	// - severity sev2 -> sev1: all regions
	// - note: rolling back deploy 812
}
