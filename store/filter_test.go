package store_test

import (
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
)

var (
	ada = incident.Person{Name: "Ada Lovelace", Email: "ada@example.com"}
	bob = incident.Person{Name: "Bob Jones", Email: "bob@example.com"}
	t0  = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
)

func TestFilterMatch(t *testing.T) {
	inc := &incident.Incident{
		ID:         "INC-2026-0001",
		Severity:   "sev2",
		Kind:       incident.KindNormal,
		Status:     incident.StatusInvestigating,
		Labels:     []string{"db", "payments"},
		Milestones: incident.Milestones{Declared: t0},
	}
	resolved := &incident.Incident{Status: incident.StatusResolved, Milestones: incident.Milestones{Declared: t0}}
	tests := []struct {
		name string
		f    store.Filter
		inc  *incident.Incident
		want bool
	}{
		{"zero", store.Filter{}, inc, true},
		{"status in", store.Filter{Status: []incident.Status{incident.StatusTriage, incident.StatusInvestigating}}, inc, true},
		{"status out", store.Filter{Status: []incident.Status{incident.StatusTriage}}, inc, false},
		{"severity in", store.Filter{Severity: []string{"sev1", "sev2"}}, inc, true},
		{"severity out", store.Filter{Severity: []string{"sev1"}}, inc, false},
		{"kind in", store.Filter{Kind: []incident.Kind{incident.KindNormal}}, inc, true},
		{"kind out", store.Filter{Kind: []incident.Kind{incident.KindDrill}}, inc, false},
		{"label", store.Filter{Labels: []string{"db"}}, inc, true},
		{"labels all present", store.Filter{Labels: []string{"payments", "db"}}, inc, true},
		{"labels one missing", store.Filter{Labels: []string{"db", "eu"}}, inc, false},
		{"open", store.Filter{Open: true}, inc, true},
		{"open resolved", store.Filter{Open: true}, resolved, false},
		{"not open", store.Filter{NotOpen: true}, inc, false},
		{"not open resolved", store.Filter{NotOpen: true}, resolved, true},
		{"open and not open", store.Filter{Open: true, NotOpen: true}, inc, false},
		{"from equal", store.Filter{DeclaredFrom: t0}, inc, true},
		{"from after", store.Filter{DeclaredFrom: t0.Add(time.Second)}, inc, false},
		{"to equal", store.Filter{DeclaredTo: t0}, inc, false},
		{"to after", store.Filter{DeclaredTo: t0.Add(time.Second)}, inc, true},
		{"limit ignored", store.Filter{Limit: 1}, inc, true},
		{"all fields", store.Filter{
			Status: []incident.Status{incident.StatusInvestigating}, Severity: []string{"sev2"},
			Kind: []incident.Kind{incident.KindNormal}, Labels: []string{"db"}, Open: true,
			DeclaredFrom: t0, DeclaredTo: t0.Add(time.Hour),
		}, inc, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f.Match(tt.inc); got != tt.want {
				t.Errorf("%+v.Match(%s) = %v, want %v", tt.f, tt.inc.ID, got, tt.want)
			}
		})
	}
}

func TestSort(t *testing.T) {
	at := func(id string, d time.Duration) *incident.Incident {
		return &incident.Incident{ID: id, Milestones: incident.Milestones{Declared: t0.Add(d)}}
	}
	incs := []*incident.Incident{
		at("INC-2026-0003", 0), at("INC-2026-0001", time.Hour), at("INC-2026-0004", 0),
		at("INC-2026-0002", 0), at("INC-2026-0005", -time.Hour),
	}
	store.Sort(incs)
	want := []string{"INC-2026-0001", "INC-2026-0002", "INC-2026-0003", "INC-2026-0004", "INC-2026-0005"}
	for i, inc := range incs {
		if inc.ID != want[i] {
			t.Errorf("Sort: position %d is %s, want %s", i, inc.ID, want[i])
		}
	}
	store.Sort(nil) // must not panic
}
