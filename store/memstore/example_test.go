package memstore_test

import (
	"context"
	"fmt"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/memstore"
)

// Example declares two incidents, works on one, lists the open ones and
// prints the history of the first.
func Example() {
	ctx := context.Background()
	// A clock that starts at 09:30 UTC and moves ten minutes per write.
	now := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	s := memstore.New(&memstore.Options{Now: func() time.Time {
		t := now
		now = now.Add(10 * time.Minute)
		return t
	}})
	ada := incident.Person{Name: "Ada Lovelace", Email: "ada@example.com"}
	bob := incident.Person{Name: "Bob Jones", Email: "bob@example.com"}

	checkout, err := s.Create(ctx, incident.Declaration{
		Title: "Checkout fails", Severity: "sev1", Components: []string{"payments-api"},
	}, ada)
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := s.Create(ctx, incident.Declaration{Title: "Slow search", Severity: "sev3"}, bob); err != nil {
		fmt.Println(err)
		return
	}
	_, err = s.Update(ctx, checkout.ID, bob, func(inc *incident.Incident, at time.Time) error {
		if err := inc.Assign(incident.RoleCommander, bob, bob, at); err != nil {
			return err
		}
		return inc.SetStatus(incident.StatusIdentified, "pool exhausted after deploy 812", bob, at)
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = s.Update(ctx, checkout.ID, bob, func(inc *incident.Incident, at time.Time) error {
		return inc.SetStatus(incident.StatusResolved, "rolled back", bob, at)
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	open, err := s.List(ctx, store.Filter{Open: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, inc := range open {
		fmt.Println("open:", inc.ID, inc.Severity, inc.Status, inc.Title)
	}
	revs, err := s.History(ctx, checkout.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range revs {
		fmt.Printf("%s %s %s\n%s\n", r.ID, r.At.Format("15:04"), r.Author.Name, r.Message)
	}
	// Output:
	// open: INC-2026-0002 sev3 triage Slow search
	// r1 09:30 Ada Lovelace
	// INC-2026-0001: declared sev1: Checkout fails
	// r3 09:50 Bob Jones
	// INC-2026-0001: status triage -> identified: pool exhausted... (+1 more)
	//
	// - role commander none -> Bob Jones
	// - status triage -> identified: pool exhausted after deploy 812
	// r4 10:00 Bob Jones
	// INC-2026-0001: status identified -> resolved: rolled back
}
