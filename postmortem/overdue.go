package postmortem

import (
	"cmp"
	"slices"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/severity"
)

// Overdue is a post-mortem or an action item past its due date.
type Overdue struct {
	IncidentID string
	// ActionID and Action are set for an overdue action item, and empty
	// for an overdue post-mortem.
	ActionID string
	Action   string   // the action item's title
	Owners   []string // the item's owner, or the post-mortem's authors
	Due      time.Time
	Late     time.Duration // how long past the deadline (for a dated item, the end of its due day)
}

// FindOverdue returns what is past due at now, most overdue first:
//
//   - post-mortems not yet approved or published whose due date has passed
//     (the front matter's due; without one, the level's PostmortemDeadline
//     after the incident was resolved, or [DefaultDeadline]);
//   - open action items whose due date has passed: the item's own due date
//     wins; without one, the level's ActionItemDeadline after the incident
//     was resolved (no deadline when the policy sets none).
//
// incs supplies each post-mortem's incident by ID (for the severity and the
// resolution time); a post-mortem whose incident is missing is judged on
// its own dates only. pol may be nil.
func FindOverdue(pms []*Postmortem, incs []*incident.Incident, pol *severity.Policy, now time.Time) []Overdue {
	byID := make(map[string]*incident.Incident, len(incs))
	for _, inc := range incs {
		if inc != nil {
			byID[inc.ID] = inc
		}
	}
	var out []Overdue
	for _, p := range pms {
		if p == nil {
			continue
		}
		inc := byID[p.IncidentID]
		var targets severity.Targets
		var resolved time.Time
		if inc != nil {
			if lv, err := pol.Level(inc.Severity); err == nil {
				targets = lv.Targets
			}
			resolved = inc.Milestones.Resolved
		}
		if p.Status == StatusDraft || p.Status == StatusInReview {
			if due := DueAt(p, resolved, targets); !due.IsZero() && now.After(due) {
				var owners []string
				for _, a := range p.Authors {
					owners = append(owners, a.String())
				}
				out = append(out, Overdue{IncidentID: p.IncidentID, Owners: owners, Due: due, Late: now.Sub(due)})
			}
		}
		for _, a := range p.ActionItems {
			if a.Status.Closed() {
				continue
			}
			// A due date is a day: the item is late once that day is over.
			due, deadline := a.Due, a.Due.Add(24*time.Hour)
			if due.IsZero() && !resolved.IsZero() && targets.ActionItemDeadline > 0 {
				due = resolved.Add(targets.ActionItemDeadline)
				deadline = due
			}
			if due.IsZero() || !now.After(deadline) {
				continue
			}
			var owners []string
			if a.Owner != "" {
				owners = []string{a.Owner}
			}
			out = append(out, Overdue{IncidentID: p.IncidentID, ActionID: a.ID, Action: a.Title, Owners: owners, Due: due, Late: now.Sub(deadline)})
		}
	}
	SortOverdue(out)
	return out
}

// SortOverdue sorts items the way FindOverdue returns them: most overdue
// first, then by incident and action item.
func SortOverdue(items []Overdue) {
	slices.SortStableFunc(items, func(a, b Overdue) int {
		return cmp.Or(cmp.Compare(b.Late, a.Late), cmp.Compare(a.IncidentID, b.IncidentID), cmp.Compare(a.ActionID, b.ActionID))
	})
}

// DueAt returns when a post-mortem is due: pm's own due date when it sets
// one (pm may be nil, for one not yet written), else [Deadline] after
// resolved; the zero time when neither is known (not resolved yet). It is
// the one rule FindOverdue, store.Overdue and the report judge by.
func DueAt(pm *Postmortem, resolved time.Time, t severity.Targets) time.Time {
	if pm != nil && !pm.Due.IsZero() {
		return pm.Due
	}
	if resolved.IsZero() {
		return time.Time{}
	}
	return resolved.Add(Deadline(t))
}

// Deadline returns how long after resolution a post-mortem is due under a
// level's targets: its PostmortemDeadline, or DefaultDeadline when it sets
// none.
func Deadline(t severity.Targets) time.Duration {
	return cmp.Or(t.PostmortemDeadline, DefaultDeadline)
}
