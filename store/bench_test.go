package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/memstore"
)

func BenchmarkDescribe(b *testing.B) {
	before, err := incident.New(incident.Declaration{ID: "INC-2026-0001", Title: "Checkout fails", Severity: "sev2"}, ada, t0)
	if err != nil {
		b.Fatal(err)
	}
	for i := range 100 {
		_ = before.AddNote(fmt.Sprintf("note %d", i), bob, t0)
	}
	after := before.Clone()
	_ = after.SetStatus(incident.StatusInvestigating, "", bob, t0)
	_ = after.AddNote("rolling back", bob, t0)
	for b.Loop() {
		store.Describe(before, after)
	}
}

// BenchmarkFieldHistory reads the status history of an incident with 100
// revisions through the History fallback.
func BenchmarkFieldHistory(b *testing.B) {
	s := memstore.New(&memstore.Options{Now: func() time.Time { return t0 }})
	inc, err := s.Create(b.Context(), incident.Declaration{Title: "Checkout fails", Severity: "sev2"}, ada)
	if err != nil {
		b.Fatal(err)
	}
	for i := range 99 {
		_, err := s.Update(b.Context(), inc.ID, bob, func(inc *incident.Incident, at time.Time) error {
			return inc.AddNote(fmt.Sprintf("note %d", i), bob, at)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		if _, err := store.FieldHistory(b.Context(), s, inc.ID, "status"); err != nil {
			b.Fatal(err)
		}
	}
}
