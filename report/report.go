package report

import (
	"time"

	"github.com/incidentkit/incidentkit/incident"
)

// TotalKey is the Key of [Report.Total].
const TotalKey = "total"

// Report is the incident report of a store as of one moment. Build makes
// it; Text, JSON and HTML write it. Every figure is defined in the package
// documentation.
type Report struct {
	// Now is the moment the report describes, UTC, truncated to the second.
	Now time.Time
	// Severities has one row per level of the policy, most severe first,
	// including levels without incidents. Key is the level's name.
	Severities []Row
	// Titles maps each level's name to its title ("Critical"), for display.
	Titles map[string]string
	// Months has one row per calendar month (UTC) of declaration, oldest
	// first, from the month of the first counted incident to the month of
	// the last one, months without incidents included. Key is "2026-11".
	// It is empty when no incident counts.
	Months []Row
	// Total summarises every counted incident. Key is [TotalKey].
	Total Row
	// Excluded counts the incidents left out of every figure, by reason.
	Excluded incident.Excluded
	// Overdue lists the open action items past their due date as of Now,
	// most overdue first, then by incident and action item ID.
	Overdue []OverdueItem
	// Problems lists, one line each ("file:line:col: field: message"),
	// the incident and post-mortem files that could not be read. The
	// figures leave them out (see the package documentation).
	Problems []string
}

// Row holds the figures of one group of counted incidents: one severity
// level, one month, or all of them.
type Row struct {
	Key string // level name, month ("2026-11") or TotalKey

	Declared int // counted incidents declared (Open + Resolved)
	Open     int // of those, still open (triage to monitoring) as of Now
	Resolved int // of those, resolved or closed as of Now

	// Time to acknowledge, mitigate and resolve (see incident.Durations)
	// over the incidents where the phase is known: N, nearest-rank P50 and
	// P90, and the maximum.
	Acknowledge, Mitigate, Resolve incident.Stats

	// SLA is the share of the Declared incidents without any SLA finding
	// as of Now.
	SLA Ratio
	// Breached counts, for each rule, the incidents with at least one
	// finding of that rule. Rules no incident broke are absent.
	Breached map[incident.Rule]int

	Postmortems Postmortems
	ActionItems ActionItems
}

// Postmortems are the post-mortem figures of a [Row], over the counted
// incidents whose level requires a post-mortem. See the package
// documentation for when a post-mortem is due, on time or late.
type Postmortems struct {
	Required int // incidents whose level requires a post-mortem
	OnTime   int // published at or before the deadline
	Late     int // published after the deadline, or unpublished past it
	Overdue  int // of Late, still unpublished past the deadline as of Now
	Pending  int // unpublished, deadline not reached yet
	Waived   int // waived; not in the rate
	// Unknown are required post-mortems with no deadline yet (incident not
	// resolved, no due date set) or whose file could not be read.
	Unknown int
}

// OnTimeRate returns OnTime out of OnTime + Late: the post-mortems that
// were due so far (or are already published) and made it in time.
func (p Postmortems) OnTimeRate() Ratio { return Ratio{Num: p.OnTime, Den: p.OnTime + p.Late} }

// ActionItems are the action item figures of a [Row], over the
// post-mortems of its counted incidents, as the documents stand.
type ActionItems struct {
	Total   int // action items
	Open    int // not done and not won't-do
	Overdue int // open and past due as of Now (postmortem.FindOverdue)
}

// OverdueItem is an open action item past its due date.
type OverdueItem struct {
	IncidentID    string
	IncidentTitle string
	Severity      string
	ActionID      string // may be empty: not every item has an ID
	Action        string // the action item's title
	Owners        []string
	Due           time.Time     // the item's due date (midnight UTC), or its deadline from the policy
	Late          time.Duration // how long past due as of Now
}
