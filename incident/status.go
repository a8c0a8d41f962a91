package incident

import "slices"

// Status is where an incident is in its lifecycle.
//
// The normal path is triage → investigating → identified → monitoring →
// resolved → closed. Responders may skip ahead (a self-healing blip goes from
// triage straight to resolved) and step back when a theory is wrong
// (identified → investigating) or a fix regresses (monitoring →
// investigating). A resolved incident can be reopened. Declined (from triage:
// a bug, not an incident), merged (a duplicate of another incident) and
// closed are final.
type Status string

// The statuses of the lifecycle.
const (
	StatusTriage        Status = "triage"        // declared, not yet being worked
	StatusInvestigating Status = "investigating" // responders are looking for the cause
	StatusIdentified    Status = "identified"    // the cause is known, a fix is under way
	StatusMonitoring    Status = "monitoring"    // mitigated: impact has stopped, watching for recurrence
	StatusResolved      Status = "resolved"      // the problem is fixed
	StatusClosed        Status = "closed"        // follow-up done (post-mortem published or waived)
	StatusDeclined      Status = "declined"      // not an incident (e.g. an ordinary bug)
	StatusMerged        Status = "merged"        // a duplicate, merged into another incident
)

// Statuses lists every status in lifecycle order.
var Statuses = []Status{
	StatusTriage, StatusInvestigating, StatusIdentified, StatusMonitoring,
	StatusResolved, StatusClosed, StatusDeclined, StatusMerged,
}

// transitions holds the legal moves; anything absent is illegal.
var transitions = map[Status][]Status{
	StatusTriage:        {StatusInvestigating, StatusIdentified, StatusMonitoring, StatusResolved, StatusDeclined, StatusMerged},
	StatusInvestigating: {StatusIdentified, StatusMonitoring, StatusResolved, StatusMerged},
	StatusIdentified:    {StatusInvestigating, StatusMonitoring, StatusResolved, StatusMerged},
	StatusMonitoring:    {StatusInvestigating, StatusIdentified, StatusResolved, StatusMerged},
	StatusResolved:      {StatusInvestigating, StatusClosed},
}

// Valid reports whether s is one of the defined statuses.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Open reports whether the incident still needs responders: any status
// before resolved.
func (s Status) Open() bool {
	switch s {
	case StatusTriage, StatusInvestigating, StatusIdentified, StatusMonitoring:
		return true
	}
	return false
}

// Final reports whether no move leads out of s (closed, declined, merged).
func (s Status) Final() bool { return s.Valid() && len(transitions[s]) == 0 }

// CanMove reports whether the lifecycle allows a move from s to to.
// Staying in the same status is not a move and is not allowed.
func (s Status) CanMove(to Status) bool { return slices.Contains(transitions[s], to) }

// Next returns the statuses reachable from s in one move.
func (s Status) Next() []Status { return slices.Clone(transitions[s]) }

// Kind says whether an incident is real. Drills and maintenance windows use
// the same lifecycle but are kept out of metrics and SLA reports.
type Kind string

// The kinds of incident.
const (
	KindNormal      Kind = "normal"      // a real incident
	KindDrill       Kind = "drill"       // a game day or exercise
	KindMaintenance Kind = "maintenance" // planned work announced to customers
)

// Valid reports whether k is a defined kind.
func (k Kind) Valid() bool {
	return k == KindNormal || k == KindDrill || k == KindMaintenance
}

// Counted reports whether incidents of kind k count in metrics and SLA
// compliance (only normal incidents do).
func (k Kind) Counted() bool { return k == KindNormal }
