package incident

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Conflict is one field that two clones changed to different values, as
// [Merge3] settled it. The losing value is also in the merged timeline, as
// an event of kind [EventConflict].
type Conflict struct {
	Field  string // field path, e.g. "title", "roles.commander", "milestones.resolved"
	Chosen string // the value kept, as text
	Lost   string // the value not kept, as text
	Rule   string // the rule that chose, in words
}

// The rules Merge3 settles conflicts by; they are the Rule of a [Conflict]
// and the Text of its conflict event.
const (
	ruleLater    = "the later change wins"
	ruleID       = "changes in the same second: the greater event id wins"
	ruleRecorded = "a change the timeline records wins over a hand edit"
	ruleValue    = "no event tells the changes apart: the greater value wins"
	ruleEarliest = "the earliest time wins"
	ruleStatus   = "follows the chosen status"
	ruleDeclared = "one declaration: the earliest wins"
	ruleKind     = "only maintenance has a schedule: follows the kind"
)

// Merge3 merges two versions of an incident that descend from base: the
// structural three-way merge that syncing two clones of a repository needs
// when both changed the same incident. base may be nil when both sides
// created an incident with the same UID independently; it is then treated
// as an empty incident. by and at are the person merging and the time of the
// merge, used for the conflict events. Merge3 changes none of its arguments.
//
// The result does not depend on which side is ours, except for the ID when
// both sides renumbered the incident (see below): Merge3(b, x, y) and
// Merge3(b, y, x) are equal, conflict events included. Merge3(b, x, x) is x
// with no conflicts, and Merge3(b, b, y) is y. When base, ours and theirs
// are valid, so is the result.
//
// The rules:
//
//   - Timeline events and status updates are append-only: the result has
//     every event and update of either side exactly once (by ID), ordered
//     by time, then as both sides ordered those of the same second, then
//     by ID (also where the sides disagree). An entry deleted by hand on
//     one side comes back; an entry both sides edited by hand differently
//     keeps the greater text (a conflict on "timeline[<id>]" or
//     "updates[<id>]"). Since IDs derive from content and position, the
//     same change made on both clones from the same state is one event.
//   - A field changed on one side only takes that side's value; changed on
//     both sides to the same value, that value.
//   - A field changed on both sides to different values: the side whose
//     latest timeline event for that field (among the events the side added
//     since base) is later wins; in the same second, the greater event ID
//     wins; a side with such an event wins over a side without one (a hand
//     edit); when neither has one, the greater value (byte order) wins. The
//     losing value is returned as a [Conflict] and recorded in the timeline
//     as an event of kind [EventConflict]: Subject is the field path, From
//     the lost value, To the chosen one, Text the rule, Actor by, At at.
//     This is the rule for title, summary, kind, severity, status, the
//     schedule (start and end together, as one value), the post-mortem
//     state, the impact figures and descriptions, each role
//     ("roles.<role>"), each component ("impact.components[<name>]") and
//     each link by kind and target ("links[<kind> <target>]": title and
//     suspect mark, or its removal by hand).
//   - Labels and aliases merge as sets: kept when both sides have them or
//     one side added them, dropped when one side removed them; in sorted
//     order when the sides kept theirs sorted.
//   - Milestones impact_started, detected, declared and acknowledged:
//     changed on both sides, the earliest set time wins (a conflict, with
//     the field path "milestones.<name>").
//   - Milestones mitigated, resolved and closed, and decline_reason and
//     merged_into, follow the status so that they stay consistent with it:
//     they come, together, from the side whose status was chosen. When
//     both sides have the same status but these differ, the side is chosen
//     by the field rule over status events (the later status history
//     wins). A value the other side had changed is a conflict with the rule
//     "follows the chosen status". The status itself is chosen by the field
//     rule over status events, so a status changed on one side only wins
//     even when the other side moved and came back to the base status.
//   - A schedule kept on an incident whose merged kind is not maintenance
//     (one side changed the kind by hand, the other set a schedule) is
//     dropped, a conflict on "schedule" with the rule "only maintenance has
//     a schedule: follows the kind", so that the result stays valid.
//   - ID: the UIDs must be equal, else the error wraps [ErrInvalid]. An ID
//     changed on one side only (a renumbering) is taken; when both sides
//     have different new IDs, ours' ID is kept and theirs' is added to the
//     aliases. Nothing is lost, so this is not a conflict.
//   - Two declared events (independent creation) keep the earliest, on a
//     tie the greater ID; the other is a conflict on "timeline.declared".
//
// Conflicts are returned sorted by field, then values; their events follow
// in the same order. The error wraps [ErrInvalid] when ours or theirs is
// nil, the UIDs differ, by is not a valid person, at is zero or before the
// declaration.
func Merge3(base, ours, theirs *Incident, by Person, at time.Time) (*Incident, []Conflict, error) {
	if ours == nil || theirs == nil {
		return nil, nil, fmt.Errorf("%w: merge: nil incident", ErrInvalid)
	}
	if ours.UID != theirs.UID {
		return nil, nil, fmt.Errorf("%w: merge: different incidents (uid %q and %q)", ErrInvalid, ours.UID, theirs.UID)
	}
	if base == nil {
		base = &Incident{}
	} else if base.UID != ours.UID {
		return nil, nil, fmt.Errorf("%w: merge: base is a different incident (uid %q, want %q)", ErrInvalid, base.UID, ours.UID)
	}
	if err := by.Validate(); err != nil {
		return nil, nil, fmt.Errorf("%w: merge: by: %v", ErrInvalid, err)
	}
	if at.IsZero() {
		return nil, nil, fmt.Errorf("%w: merge: zero time", ErrInvalid)
	}
	m := &merger{b: base, o: ours, t: theirs, res: &Incident{UID: ours.UID}}
	m.newO, m.newT = added(base.Timeline, ours.Timeline), added(base.Timeline, theirs.Timeline)
	m.merge()
	r := m.res
	if d := r.Milestones.Declared; !d.IsZero() && normTime(at).Before(d) {
		return nil, nil, fmt.Errorf("%w: merge: %s is before the incident was declared (%s)", ErrInvalid, timeText(at), timeText(d))
	}
	slices.SortStableFunc(m.conflicts, func(x, y Conflict) int {
		return cmp.Or(cmp.Compare(x.Field, y.Field), cmp.Compare(x.Chosen, y.Chosen), cmp.Compare(x.Lost, y.Lost))
	})
	for _, c := range m.conflicts {
		r.record(Event{At: at, Actor: by, Kind: EventConflict, Subject: c.Field, From: c.Lost, To: c.Chosen, Text: c.Rule})
	}
	return r, m.conflicts, nil
}

// added returns the events of side that are not in base.
func added(base, side []Event) []Event {
	in := make(map[string]bool, len(base))
	for _, e := range base {
		in[e.ID] = true
	}
	var out []Event
	for _, e := range side {
		if !in[e.ID] {
			out = append(out, e)
		}
	}
	return out
}

// merger holds one three-way merge.
type merger struct {
	b, o, t    *Incident
	newO, newT []Event // events each side added since base, in time order
	res        *Incident
	conflicts  []Conflict
}

func (m *merger) conflict(field, chosen, lost, rule string) {
	m.conflicts = append(m.conflicts, Conflict{Field: field, Chosen: chosen, Lost: lost, Rule: rule})
}

// explains returns a test for the events that change a field: events of
// kind k about subject, and the declaration (which sets every field when
// there is no base).
func explains(k EventKind, subject string) func(Event) bool {
	return func(e Event) bool { return e.Kind == EventDeclared || (e.Kind == k && e.Subject == subject) }
}

// latest returns the last of events that ex accepts.
func latest(events []Event, ex func(Event) bool) (Event, bool) {
	for i := len(events) - 1; i >= 0; i-- {
		if ex(events[i]) {
			return events[i], true
		}
	}
	return Event{}, false
}

// decide applies the field rule to two different values that both sides
// changed, and reports whether theirs wins and by which rule.
func (m *merger) decide(o, t string, ex func(Event) bool) (theirs bool, rule string) {
	eo, okO := latest(m.newO, ex)
	et, okT := latest(m.newT, ex)
	switch {
	case okO && okT && !eo.At.Equal(et.At):
		return et.At.After(eo.At), ruleLater
	case okO && okT && eo.ID != et.ID:
		return et.ID > eo.ID, ruleID
	case okO != okT:
		return okT, ruleRecorded
	}
	return t > o, ruleValue
}

// pick chooses between the values of a field given as text (b, o, t for
// base, ours, theirs), records a conflict when both sides changed it
// differently, and reports whether theirs is chosen.
func (m *merger) pick(field, b, o, t string, ex func(Event) bool) bool {
	switch {
	case o == t || t == b:
		return false
	case o == b:
		return true
	}
	theirs, rule := m.decide(o, t, ex)
	if theirs {
		m.conflict(field, t, o, rule)
	} else {
		m.conflict(field, o, t, rule)
	}
	return theirs
}

// pickString merges a string field.
func (m *merger) pickString(field string, b, o, t string, ex func(Event) bool) string {
	if m.pick(field, b, o, t, ex) {
		return t
	}
	return o
}

// earliest merges a milestone by the earliest-time rule.
func (m *merger) earliest(field string, b, o, t time.Time) time.Time {
	switch {
	case o.Equal(t) || t.Equal(b):
		return o
	case o.Equal(b):
		return t
	}
	chosen, lost := o, t
	if o.IsZero() || (!t.IsZero() && t.Before(o)) {
		chosen, lost = t, o
	}
	m.conflict(field, timeText(chosen), timeText(lost), ruleEarliest)
	return chosen
}

func (m *merger) merge() {
	b, o, t, r := m.b, m.o, m.t, m.res
	m.id()
	r.Title = m.pickString("title", b.Title, o.Title, t.Title, explains(EventField, "title"))
	r.Summary = m.pickString("summary", b.Summary, o.Summary, t.Summary, explains(EventField, "summary"))
	r.Kind = Kind(m.pickString("kind", string(b.Kind), string(o.Kind), string(t.Kind), explains(EventDeclared, "")))
	r.Severity = m.pickString("severity", b.Severity, o.Severity, t.Severity, explains(EventSeverity, ""))
	r.Labels = mergeSet(b.Labels, o.Labels, t.Labels)
	m.schedule()
	pm := func(p PostmortemState) string {
		if p.WaivedReason == "" {
			return string(p.Status)
		}
		return string(p.Status) + ": " + p.WaivedReason
	}
	r.Postmortem = o.Postmortem
	if m.pick("postmortem", pm(b.Postmortem), pm(o.Postmortem), pm(t.Postmortem), explains(EventPostmortem, "")) {
		r.Postmortem = t.Postmortem
	}
	m.roles()
	m.impact()
	m.links()
	m.status()
	bm, om, tm := b.Milestones, o.Milestones, t.Milestones
	r.Milestones.ImpactStarted = m.earliest("milestones.impact_started", bm.ImpactStarted, om.ImpactStarted, tm.ImpactStarted)
	r.Milestones.Detected = m.earliest("milestones.detected", bm.Detected, om.Detected, tm.Detected)
	r.Milestones.Declared = m.earliest("milestones.declared", bm.Declared, om.Declared, tm.Declared)
	r.Milestones.Acknowledged = m.earliest("milestones.acknowledged", bm.Acknowledged, om.Acknowledged, tm.Acknowledged)

	r.Timeline = unionByID(m, "timeline", b.Timeline, o.Timeline, t.Timeline,
		func(e Event) string { return e.ID }, func(e Event) time.Time { return e.At }, describeEvent)
	r.Timeline = m.oneDeclaration(r.Timeline)
	r.Updates = unionByID(m, "updates", b.Updates, o.Updates, t.Updates,
		func(u Update) string { return u.ID }, func(u Update) time.Time { return u.At }, describeUpdate)
}

// id merges the ID and the aliases.
func (m *merger) id() {
	b, o, t, r := m.b, m.o, m.t, m.res
	r.ID = o.ID
	var extra []string
	switch {
	case o.ID == t.ID || t.ID == b.ID:
	case o.ID == b.ID:
		r.ID = t.ID
	default:
		extra = []string{t.ID}
	}
	for _, a := range append(mergeSet(b.Aliases, o.Aliases, t.Aliases), extra...) {
		if a != r.ID && a != "" && !slices.Contains(r.Aliases, a) {
			r.Aliases = append(r.Aliases, a)
		}
	}
}

// roles merges each role by the field rule.
func (m *merger) roles() {
	b, o, t, r := m.b, m.o, m.t, m.res
	var names []Role
	for _, inc := range []*Incident{o, t} {
		for n := range inc.Roles {
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	slices.Sort(names)
	for _, n := range names {
		p := o.Roles[n]
		if m.pick("roles."+string(n), personString(b.Roles[n]), personString(o.Roles[n]), personString(t.Roles[n]), explains(EventRole, string(n))) {
			p = t.Roles[n]
		}
		if p.IsZero() {
			continue
		}
		if r.Roles == nil {
			r.Roles = map[Role]Person{}
		}
		r.Roles[n] = p
	}
}

// impact merges each component by the field rule, and each figure and
// description.
func (m *merger) impact() {
	b, o, t, r := &m.b.Impact, &m.o.Impact, &m.t.Impact, &m.res.Impact
	status := func(im *Impact, name string) string {
		c, _ := im.Component(name)
		return string(c.Status)
	}
	names := func(im *Impact) []string {
		var ns []string
		for _, c := range im.Components {
			ns = append(ns, c.Name)
		}
		return ns
	}
	for _, n := range order(names(o), names(t), lessString, always) {
		s := m.pickString("impact.components["+n+"]", status(b, n), status(o, n), status(t, n), explains(EventComponent, n))
		if s != "" {
			r.Components = append(r.Components, Component{Name: n, Status: ComponentStatus(s)})
		}
	}
	count := func(field string, b, o, t int64) int64 {
		itoa := func(n int64) string { return strconv.FormatInt(n, 10) }
		if m.pick("impact."+field, itoa(b), itoa(o), itoa(t), explains(EventImpact, field)) {
			return t
		}
		return o
	}
	r.UsersAffected = count("users_affected", b.UsersAffected, o.UsersAffected, t.UsersAffected)
	r.CustomersAffected = count("customers_affected", b.CustomersAffected, o.CustomersAffected, t.CustomersAffected)
	r.CustomerFacing = m.pickString("impact.customer_facing", b.CustomerFacing, o.CustomerFacing, t.CustomerFacing, explains(EventImpact, "customer_facing"))
	r.Business = m.pickString("impact.business", b.Business, o.Business, t.Business, explains(EventImpact, "business"))
}

// links merges links by kind and target, each by the field rule.
func (m *merger) links() {
	key := func(l Link) string { return string(l.Kind) + " " + l.Target }
	find := func(inc *Incident, k string) (Link, string) {
		for _, l := range inc.Links {
			if key(l) == k {
				s := strconv.Quote(l.Title)
				if l.Suspect {
					s += " suspect"
				}
				return l, s
			}
		}
		return Link{}, ""
	}
	keys := func(inc *Incident) []string {
		var ks []string
		for _, l := range inc.Links {
			ks = append(ks, key(l))
		}
		return ks
	}
	for _, k := range order(keys(m.o), keys(m.t), lessString, always) {
		_, bs := find(m.b, k)
		ol, os := find(m.o, k)
		tl, ts := find(m.t, k)
		l := ol
		if m.pick("links["+k+"]", bs, os, ts, func(e Event) bool {
			return e.Kind == EventLink && e.Subject+" "+e.To == k
		}) {
			l = tl
		}
		if l.Kind != "" {
			m.res.Links = append(m.res.Links, l)
		}
	}
}

// status merges the status by the field rule, and takes the fields that
// must agree with it (mitigated, resolved, closed, decline_reason,
// merged_into) from the side whose status is chosen.
func (m *merger) status() {
	b, o, t, r := m.b, m.o, m.t, m.res
	ex := explains(EventStatus, "")
	names := []string{"milestones.mitigated", "milestones.resolved", "milestones.closed", "decline_reason", "merged_into"}
	group := func(inc *Incident) []string {
		ms := inc.Milestones
		return []string{timeText(ms.Mitigated), timeText(ms.Resolved), timeText(ms.Closed), inc.DeclineReason, inc.MergedInto}
	}
	join := func(s []string) string { return fmt.Sprintf("%q", s) }
	gb, gO, gT := group(b), group(o), group(t)
	var fromT bool
	if o.Status != t.Status {
		fromT = m.pick("status", string(b.Status), string(o.Status), string(t.Status), ex)
	} else {
		switch jb, jo, jt := join(gb), join(gO), join(gT); {
		case jo == jt || jt == jb:
		case jo == jb:
			fromT = true
		default:
			fromT, _ = m.decide(jo, jt, ex)
		}
	}
	w, gw, gl := o, gO, gT
	if fromT {
		w, gw, gl = t, gT, gO
	}
	r.Status = w.Status
	r.Milestones.Mitigated, r.Milestones.Resolved, r.Milestones.Closed = w.Milestones.Mitigated, w.Milestones.Resolved, w.Milestones.Closed
	r.DeclineReason, r.MergedInto = w.DeclineReason, w.MergedInto
	for i, n := range names {
		if gl[i] != gw[i] && gl[i] != gb[i] {
			m.conflict(n, gw[i], gl[i], ruleStatus)
		}
	}
}
