package statuspage

import (
	"sort"
	"time"

	"github.com/incidentkit/incidentkit/incident"
)

// The public statuses of an incident ([PublicIncident.Status] and
// [PublicUpdate.Status]). Triage shows as investigating; closed as resolved.
const (
	StatusInvestigating = "investigating"
	StatusIdentified    = "identified"
	StatusMonitoring    = "monitoring"
	StatusResolved      = "resolved"
)

// The public statuses of maintenance.
const (
	StatusScheduled  = "scheduled"   // announced, not begun: in triage, before its planned start
	StatusInProgress = "in_progress" // under way: investigating, identified or monitoring, or past its planned start
	StatusCompleted  = "completed"   // done (resolved or closed)
)

// The kinds of [PublicIncident].
const (
	KindIncident    = "incident"
	KindMaintenance = "maintenance"
)

// PublicIncident is the public view of an incident: the only thing the
// page templates, the feed, the JSON and the customer message templates
// see. [Public] fills it from an allow-list of fields; nothing else of the
// incident (internal updates, notes, roles, people, emails, labels, links,
// severity, summary, business impact) is copied into it.
type PublicIncident struct {
	ID    string `json:"id"`    // the incident ID, e.g. "INC-2026-0042"
	Title string `json:"title"` // the incident title
	Kind  string `json:"kind"`  // "incident" or "maintenance"
	// Status is investigating, identified, monitoring or resolved for an
	// incident; scheduled, in_progress or completed for maintenance.
	Status string `json:"status"`
	// Impact is the worst state of the components the incident names
	// ("operational" when it names none); see [Component].
	Impact string `json:"impact"`
	// Description is the customer-facing impact description recorded with
	// the incident (incident.Impact.CustomerFacing), empty when none.
	Description string      `json:"description"`
	Components  []Component `json:"components"` // the components it names, sorted by name
	// Started is when the incident was declared (announced, for maintenance).
	Started time.Time `json:"started_at"`
	// ScheduledStart and ScheduledEnd are the planned window of a
	// maintenance (incident.Schedule); nil, and left out of the JSON,
	// when it has none and for incidents.
	ScheduledStart *time.Time `json:"scheduled_start,omitempty"`
	ScheduledEnd   *time.Time `json:"scheduled_end,omitempty"`
	// Resolved is when it was resolved (or closed); nil while it is open.
	Resolved *time.Time `json:"resolved_at,omitempty"`
	// Updated is the time of the latest public update, or Started.
	Updated time.Time `json:"updated_at"`
	// Updates are the public updates, newest first.
	Updates []PublicUpdate `json:"updates"`
}

// PublicUpdate is one status update posted to the public audience.
type PublicUpdate struct {
	ID      string    `json:"id"`      // the update's ID, stable and unique within its incident
	At      time.Time `json:"at"`      // when it was posted (UTC)
	Status  string    `json:"status"`  // the public status when it was posted
	Message string    `json:"message"` // the text, shown as plain text
}

// Component is a component and its state: operational, maintenance,
// degraded, partial_outage or major_outage.
type Component struct {
	Name   string `json:"name"`
	Status string `json:"status"`
}

// Public returns the public view of inc as of now: updates posted after now
// are left out, as are updates to any audience but the public one. It
// copies only allow-listed fields (see [PublicIncident]).
func Public(inc *incident.Incident, now time.Time) *PublicIncident {
	now = now.UTC()
	p := &PublicIncident{
		ID:          inc.ID,
		Title:       inc.Title,
		Kind:        KindIncident,
		Status:      currentStatus(inc, now),
		Description: inc.Impact.CustomerFacing,
		Started:     inc.Milestones.Declared.UTC(),
		Components:  []Component{},
		Updates:     []PublicUpdate{},
	}
	if inc.Kind == incident.KindMaintenance {
		p.Kind = KindMaintenance
		if s := inc.Schedule; !s.Start.IsZero() && !s.End.IsZero() {
			start, end := s.Start.UTC(), s.End.UTC()
			p.ScheduledStart, p.ScheduledEnd = &start, &end
		}
	}
	worst := incident.ComponentOperational
	for _, c := range inc.Impact.Components {
		p.Components = append(p.Components, Component{Name: c.Name, Status: string(c.Status)})
		if rank(c.Status) > rank(worst) {
			worst = c.Status
		}
	}
	sort.Slice(p.Components, func(i, j int) bool { return p.Components[i].Name < p.Components[j].Name })
	p.Impact = string(worst)
	if !inc.Status.Open() {
		if t := resolvedAt(inc); !t.IsZero() {
			t = t.UTC()
			p.Resolved = &t
		}
	}
	p.Updated = p.Started
	for i := len(inc.Updates) - 1; i >= 0; i-- {
		u := inc.Updates[i]
		if u.Audience != incident.AudiencePublic || u.At.After(now) {
			continue
		}
		p.Updates = append(p.Updates, PublicUpdate{
			ID:      u.ID,
			At:      u.At.UTC(),
			Status:  publicStatus(inc.Kind, u.Status),
			Message: u.Message,
		})
		if u.At.After(p.Updated) {
			p.Updated = u.At.UTC()
		}
	}
	// Updates are kept in time order; a hand-edited file may not be.
	sort.SliceStable(p.Updates, func(i, j int) bool { return p.Updates[i].At.After(p.Updates[j].At) })
	return p
}

// currentStatus is the public status of inc as of now. Maintenance in
// triage is scheduled until its planned start, and in progress from then
// on, whether or not a responder has moved it on; open maintenance past its
// planned end is still in progress, since only resolving it says the work
// is done.
func currentStatus(inc *incident.Incident, now time.Time) string {
	if underway(inc, now) {
		return StatusInProgress
	}
	return publicStatus(inc.Kind, inc.Status)
}

// underway reports whether inc is open maintenance that has begun: moved
// out of triage, or past its planned start.
func underway(inc *incident.Incident, now time.Time) bool {
	if inc.Kind != incident.KindMaintenance || !inc.Status.Open() {
		return false
	}
	start := inc.Schedule.Start
	return inc.Status != incident.StatusTriage || !start.IsZero() && !now.Before(start)
}

// publicStatus maps a lifecycle status to the words customers see.
func publicStatus(k incident.Kind, s incident.Status) string {
	if k == incident.KindMaintenance {
		switch s {
		case incident.StatusTriage:
			return StatusScheduled
		case incident.StatusInvestigating, incident.StatusIdentified, incident.StatusMonitoring:
			return StatusInProgress
		}
		return StatusCompleted
	}
	switch s {
	case incident.StatusTriage, incident.StatusInvestigating:
		return StatusInvestigating
	case incident.StatusIdentified:
		return StatusIdentified
	case incident.StatusMonitoring:
		return StatusMonitoring
	}
	// Resolved and closed; declined and merged never reach a page.
	return StatusResolved
}

// resolvedAt is when inc stopped being a problem: resolved, else closed,
// else (for a record without milestones) declared.
func resolvedAt(inc *incident.Incident) time.Time {
	m := inc.Milestones
	switch {
	case !m.Resolved.IsZero():
		return m.Resolved
	case !m.Closed.IsZero():
		return m.Closed
	}
	return m.Declared
}

// rank orders component states by trouble; maintenance is less trouble than
// any outage, so an outage during maintenance shows as the outage.
func rank(s incident.ComponentStatus) int {
	switch s {
	case incident.ComponentMaintenance:
		return 1
	case incident.ComponentDegraded:
		return 2
	case incident.ComponentPartialOutage:
		return 3
	case incident.ComponentMajorOutage:
		return 4
	}
	return 0
}
