package store

import (
	"slices"
	"time"

	"github.com/incidentkit/incidentkit/incident"
)

// Filter selects incidents for [Store.List]. The zero Filter matches every
// incident; each set field narrows the selection, and a slice field matches
// any of its values.
type Filter struct {
	Status   []incident.Status // any of these statuses
	Severity []string          // any of these severity levels
	Kind     []incident.Kind   // any of these kinds
	Labels   []string          // all of these labels
	Open     bool              // only open incidents (triage to monitoring)
	NotOpen  bool              // only incidents that are no longer open
	// DeclaredFrom and DeclaredTo bound the declaration time: From is
	// inclusive, To exclusive; a zero time leaves that side open.
	DeclaredFrom, DeclaredTo time.Time
	Limit                    int // at most this many results (0: no limit)
}

// Match reports whether inc passes the filter (Limit aside).
func (f Filter) Match(inc *incident.Incident) bool {
	if len(f.Status) > 0 && !slices.Contains(f.Status, inc.Status) {
		return false
	}
	if len(f.Severity) > 0 && !slices.Contains(f.Severity, inc.Severity) {
		return false
	}
	if len(f.Kind) > 0 && !slices.Contains(f.Kind, inc.Kind) {
		return false
	}
	for _, l := range f.Labels {
		if !slices.Contains(inc.Labels, l) {
			return false
		}
	}
	if f.Open && !inc.Status.Open() || f.NotOpen && inc.Status.Open() {
		return false
	}
	d := inc.Milestones.Declared
	if !f.DeclaredFrom.IsZero() && d.Before(f.DeclaredFrom) {
		return false
	}
	if !f.DeclaredTo.IsZero() && !d.Before(f.DeclaredTo) {
		return false
	}
	return true
}

// Sort orders incidents as List returns them: most recently declared first,
// ties broken by ID.
func Sort(incs []*incident.Incident) {
	slices.SortStableFunc(incs, func(a, b *incident.Incident) int {
		if c := b.Milestones.Declared.Compare(a.Milestones.Declared); c != 0 {
			return c
		}
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
}
