package memstore_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/memstore"
)

func BenchmarkCreate(b *testing.B) {
	s := memstore.New(&memstore.Options{Now: func() time.Time { return t0 }})
	d := incident.Declaration{Title: "Checkout fails", Severity: "sev2", Components: []string{"api"}}
	for b.Loop() {
		if _, err := s.Create(b.Context(), d, ada); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpdate adds a note to an incident with 100 timeline events.
func BenchmarkUpdate(b *testing.B) {
	s := memstore.New(&memstore.Options{Now: func() time.Time { return t0 }})
	inc, err := s.Create(b.Context(), incident.Declaration{Title: "Checkout fails", Severity: "sev2"}, ada)
	if err != nil {
		b.Fatal(err)
	}
	_, err = s.Update(b.Context(), inc.ID, bob, func(inc *incident.Incident, at time.Time) error {
		for i := range 99 {
			if err := inc.AddNote(fmt.Sprintf("note %d", i), bob, at); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		// Each run replaces the note of the previous one, keeping the
		// timeline at 100 events.
		_, err := s.Update(b.Context(), inc.ID, bob, func(inc *incident.Incident, at time.Time) error {
			inc.Timeline = inc.Timeline[:99]
			return inc.AddNote("one more", bob, at)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGet(b *testing.B) {
	s := memstore.New(&memstore.Options{Now: func() time.Time { return t0 }})
	inc, err := s.Create(b.Context(), incident.Declaration{Title: "Checkout fails", Severity: "sev2"}, ada)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Get(b.Context(), inc.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkList lists the 10 most recent open incidents of 1,000.
func BenchmarkList(b *testing.B) {
	c := &clock{t0}
	s := memstore.New(&memstore.Options{Now: c.now})
	for i := range 1000 {
		c.t = t0.Add(time.Duration(i) * time.Minute)
		inc, err := s.Create(b.Context(), incident.Declaration{Title: "Checkout fails", Severity: "sev2"}, ada)
		if err != nil {
			b.Fatal(err)
		}
		if i%2 == 0 {
			_, err = s.Update(b.Context(), inc.ID, bob, func(inc *incident.Incident, at time.Time) error {
				return inc.SetStatus(incident.StatusResolved, "", bob, at)
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	f := store.Filter{Open: true, Limit: 10}
	for b.Loop() {
		incs, err := s.List(b.Context(), f)
		if err != nil || len(incs) != 10 {
			b.Fatal(len(incs), err)
		}
	}
}
