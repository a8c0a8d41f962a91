package incident

import (
	"fmt"
	"slices"
	"time"

	"github.com/incidentkit/incidentkit/internal/yamldoc"
	"github.com/incidentkit/incidentkit/severity"
)

// Rule names a response target of the severity policy that an incident can
// miss. [Incident.CheckSLA] reports each miss as a [Finding].
//
// Every clock starts at the declaration, as [severity.Targets] defines them,
// and counts only time the incident was open (triage, investigating,
// identified or monitoring): the time an incident spent resolved before it
// was reopened does not count against it. Without a reopen this is plain
// wall-clock time. Exactly at a target is in time; only beyond it is late.
// A target of zero is not checked.
type Rule string

// The rules, in the order [Rules] lists them.
const (
	// RuleAckLate: the incident was acknowledged later than
	// Targets.Acknowledge after the declaration. At is the acknowledgement.
	RuleAckLate Rule = "ack_late"
	// RuleAckMissing: the incident is still open and unacknowledged longer
	// than Targets.Acknowledge after the declaration. At is when the
	// acknowledgement was due.
	RuleAckMissing Rule = "ack_missing"
	// RuleFirstUpdateLate: the first status update (to any audience) came
	// later than Targets.FirstUpdate after the declaration. At is the update.
	RuleFirstUpdateLate Rule = "first_update_late"
	// RuleFirstUpdateMissing: the incident was open longer than
	// Targets.FirstUpdate without any status update. At is when it was due.
	RuleFirstUpdateMissing Rule = "first_update_missing"
	// RuleInternalSilence: stakeholders went without an update longer than
	// Targets.InternalCadence while the incident was open. Public updates
	// count too, since everyone inside can read the status page. The
	// cadence applies from the first update on (the time before it is the
	// first-update rule's), up to the next update, the end of the open
	// period, or now. At is when the next update was due.
	RuleInternalSilence Rule = "internal_silence"
	// RulePublicSilence: customers went without a public update longer than
	// Targets.PublicCadence while the incident was open and customer-facing.
	// An incident is customer-facing from the first public update, or from
	// when Impact.CustomerFacing was first set (the declaration when the
	// timeline does not say), whichever is earlier. At is when the next
	// public update was due.
	RulePublicSilence Rule = "public_silence"
	// RuleMitigateLate: impact was mitigated, or is still not mitigated,
	// later than Targets.Mitigate after the declaration. At is the
	// mitigation, or when it was due while it is still missing.
	RuleMitigateLate Rule = "mitigate_late"
	// RuleResolveLate: the incident was resolved, or is still not resolved,
	// later than Targets.Resolve after the declaration. At is the
	// resolution, or when it was due while it is still missing.
	RuleResolveLate Rule = "resolve_late"
	// RulePostmortemOverdue: the policy requires a post-mortem for the
	// level, and it was not published or waived within
	// Targets.PostmortemDeadline of the resolution (it still is not, or it
	// was done late). At is the deadline. Like [Incident.Close], drills and
	// maintenance never require a post-mortem.
	RulePostmortemOverdue Rule = "postmortem_overdue"
)

// Rules lists every rule in lifecycle order, the order [Incident.CheckSLA]
// uses for findings at the same moment.
var Rules = []Rule{
	RuleAckLate, RuleAckMissing, RuleFirstUpdateLate, RuleFirstUpdateMissing,
	RuleInternalSilence, RulePublicSilence, RuleMitigateLate, RuleResolveLate,
	RulePostmortemOverdue,
}

// Valid reports whether r is one of the defined rules.
func (r Rule) Valid() bool { return slices.Contains(Rules, r) }

// Finding is one missed target.
type Finding struct {
	Rule    Rule
	Target  time.Duration // the policy's target for the rule
	Actual  time.Duration // how long it took, or has taken so far
	Over    time.Duration // by how much the target was missed: Actual - Target, always positive
	At      time.Time     // when it happened (late) or was due (missing, silence, overdue)
	Message string        // for people, e.g. "acknowledged 12m after declaration; target 5m (7m late)"
}

// String returns the finding's rule and message.
func (f Finding) String() string { return string(f.Rule) + ": " + f.Message }

// CheckSLA evaluates the incident against the targets of its current
// severity level in policy p, as of now, and returns every missed target in
// order of At, then of [Rules]. See [Rule] for what each rule checks and how
// the clocks run. Milestones, updates and events later than now count as
// not happened yet. The current level applies to the whole incident: one
// raised from sev3 to sev1 is held to sev1's targets from its declaration.
//
// Drills and maintenance are evaluated like any incident, for practice
// ([Summarize] leaves them out). Declined and merged incidents have no
// targets (the surviving incident carries a duplicate's), so they have no
// findings. The error wraps [severity.ErrUnknownLevel] when the incident's
// severity is not a level of p.
func (inc *Incident) CheckSLA(p *severity.Policy, now time.Time) ([]Finding, error) {
	lvl, err := p.Level(inc.Severity)
	if err != nil {
		return nil, fmt.Errorf("incident %s: check sla: %w", inc.ID, err)
	}
	if inc.Status == StatusDeclined || inc.Status == StatusMerged || inc.Milestones.Declared.IsZero() {
		return nil, nil
	}
	c := newClock(inc, normTime(now))
	t := lvl.Targets
	var fs []Finding
	add := func(f Finding) { fs = append(fs, f) }
	var first time.Time
	if us := c.updates(""); len(us) > 0 {
		first = us[0]
	}
	m := inc.Milestones
	c.checkReached(t.Acknowledge, c.seen(m.Acknowledged), reach{RuleAckLate, RuleAckMissing, "acknowledged", "not acknowledged", true}, add)
	c.checkReached(t.FirstUpdate, first, reach{RuleFirstUpdateLate, RuleFirstUpdateMissing, "first update", "no update", false}, add)
	c.checkSilence(RuleInternalSilence, AudienceInternal, t.InternalCadence, add)
	c.checkSilence(RulePublicSilence, AudiencePublic, t.PublicCadence, add)
	c.checkReached(t.Mitigate, c.seen(m.Mitigated), reach{RuleMitigateLate, RuleMitigateLate, "mitigated", "not mitigated", true}, add)
	c.checkReached(t.Resolve, c.seen(m.Resolved), reach{RuleResolveLate, RuleResolveLate, "resolved", "not resolved", true}, add)
	if t.PostmortemRequired && inc.Kind.Counted() {
		c.checkPostmortem(t.PostmortemDeadline, add)
	}
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if d := a.At.Compare(b.At); d != 0 {
			return d
		}
		return slices.Index(Rules, a.Rule) - slices.Index(Rules, b.Rule)
	})
	return fs, nil
}

// span is a period during which the incident was open.
type span struct{ start, end time.Time }

// clock answers "how long was the incident open between a and b" for the
// SLA rules, as of now.
type clock struct {
	inc    *Incident
	now    time.Time
	open   []span // the open periods up to now, in time order
	isOpen bool   // whether the incident is open at now
}

func newClock(inc *Incident, now time.Time) *clock {
	c := &clock{inc: inc, now: now}
	start, isOpen, sawStatus := inc.Milestones.Declared, true, false
	for _, e := range inc.Timeline {
		if e.Kind != EventStatus || e.At.After(now) {
			continue
		}
		sawStatus = true
		wasOpen, nowOpen := Status(e.From).Open(), Status(e.To).Open()
		switch {
		case wasOpen && !nowOpen && isOpen:
			c.add(start, e.At)
			isOpen = false
		case !wasOpen && nowOpen && !isOpen:
			start, isOpen = e.At, true
		}
	}
	if isOpen {
		end := now
		if !sawStatus && !inc.Status.Open() {
			// A record without status events (built by hand) that is no
			// longer open: its open period ended at the resolution, unless
			// that is after now.
			if r := inc.Milestones.Resolved; !r.After(now) {
				isOpen = false
				if !r.IsZero() {
					end = r
				}
			}
		}
		c.add(start, end)
	}
	c.isOpen = isOpen
	return c
}

func (c *clock) add(start, end time.Time) {
	if end.After(start) {
		c.open = append(c.open, span{start, end})
	}
}

// seen returns t, or the zero time when t is later than now.
func (c *clock) seen(t time.Time) time.Time {
	if t.After(c.now) {
		return time.Time{}
	}
	return t
}

// openBetween returns how long the incident was open between a and b.
func (c *clock) openBetween(a, b time.Time) time.Duration {
	var d time.Duration
	for _, s := range c.open {
		lo, hi := s.start, s.end
		if a.After(lo) {
			lo = a
		}
		if b.Before(hi) {
			hi = b
		}
		if hi.After(lo) {
			d += hi.Sub(lo)
		}
	}
	return d
}

// due returns the moment at which the incident had been open for d since a,
// and the zero time when it has not been open that long (as of now).
func (c *clock) due(a time.Time, d time.Duration) time.Time {
	for _, s := range c.open {
		if !s.end.After(a) {
			continue
		}
		lo := s.start
		if a.After(lo) {
			lo = a
		}
		room := s.end.Sub(lo)
		if room >= d {
			return lo.Add(d)
		}
		d -= room
	}
	return time.Time{}
}

func fmtDur(d time.Duration) string { return yamldoc.FormatDuration(d) }

func fmtTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// late builds the finding for a target missed by actual.
func late(r Rule, target, actual time.Duration, at time.Time, format string, args ...any) Finding {
	over := actual - target
	msg := fmt.Sprintf(format, args...)
	return Finding{Rule: r, Target: target, Actual: actual, Over: over, At: at,
		Message: fmt.Sprintf("%s; target %s (%s late)", msg, fmtDur(target), fmtDur(over))}
}

// reach describes a moment that must come within a target of the
// declaration, and how to report it late or missing.
type reach struct {
	late, missing       Rule
	lateWhat, missWhat  string // "acknowledged", "not acknowledged"
	missingOnlyWhenOpen bool   // leaving the open statuses implies the moment
}

// checkReached reports the moment at late when it came (at or before now)
// beyond target, and missing when it has not come and the incident has
// been open longer than target.
func (c *clock) checkReached(target time.Duration, at time.Time, r reach, add func(Finding)) {
	if target <= 0 {
		return
	}
	decl := c.inc.Milestones.Declared
	if !at.IsZero() {
		if took := c.openBetween(decl, at); took > target {
			add(late(r.late, target, took, at, "%s %s after declaration", r.lateWhat, fmtDur(took)))
		}
		return
	}
	if r.missingOnlyWhenOpen && !c.isOpen {
		return
	}
	if took := c.openBetween(decl, c.now); took > target {
		add(late(r.missing, target, took, c.due(decl, target), "%s %s after declaration", r.missWhat, fmtDur(took)))
	}
}

// updates returns the times of the updates posted at or before now, of the
// audience, or of every audience when aud is empty.
func (c *clock) updates(aud Audience) []time.Time {
	var ts []time.Time
	for _, u := range c.inc.Updates {
		if (aud == "" || u.Audience == aud) && !u.At.After(c.now) {
			ts = append(ts, u.At)
		}
	}
	return ts
}

// customerFacingSince returns when Impact.CustomerFacing was first set (at
// or before now), the declaration when it is set but the timeline does not
// say when, and the zero time when it is not set.
func (c *clock) customerFacingSince() time.Time {
	recorded := false
	for _, e := range c.inc.Timeline {
		if e.Kind != EventImpact || e.Subject != "customer_facing" {
			continue
		}
		recorded = true
		if e.To != "" && !e.At.After(c.now) {
			return e.At
		}
	}
	if !recorded && c.inc.Impact.CustomerFacing != "" {
		return c.inc.Milestones.Declared
	}
	return time.Time{}
}

func (c *clock) checkSilence(r Rule, aud Audience, cadence time.Duration, add func(Finding)) {
	if cadence <= 0 {
		return
	}
	var from string
	var points []time.Time
	if aud == AudiencePublic {
		points = c.updates(AudiencePublic)
		if cf := c.customerFacingSince(); !cf.IsZero() && (len(points) == 0 || cf.Before(points[0])) {
			points = append([]time.Time{cf}, points...)
			from = "it became customer-facing at " + fmtTime(cf)
		}
	} else {
		points = c.updates("")
	}
	if len(points) == 0 {
		return
	}
	silence := func(a, b time.Time, how string) {
		gap := c.openBetween(a, b)
		if gap <= cadence {
			return
		}
		since := from
		if since == "" {
			since = "the update at " + fmtTime(a)
		}
		over := gap - cadence
		add(Finding{Rule: r, Target: cadence, Actual: gap, Over: over, At: c.due(a, cadence),
			Message: fmt.Sprintf("no %s update for %s after %s%s; cadence %s (%s over)",
				aud, fmtDur(gap), since, how, fmtDur(cadence), fmtDur(over))})
	}
	for i := 1; i < len(points); i++ {
		silence(points[i-1], points[i], "")
		from = ""
	}
	how := " (ongoing)"
	if !c.isOpen {
		how = " until it was resolved"
	}
	silence(points[len(points)-1], c.now, how)
}

// postmortemDone returns when the post-mortem was last published or waived
// (at or before now), and whether it is done as of now. A done post-mortem
// without a timeline event returns the zero time: it counts as on time.
func (c *clock) postmortemDone() (time.Time, PostmortemStatus, bool) {
	var at time.Time
	var how PostmortemStatus
	saw := false
	for _, e := range c.inc.Timeline {
		if e.Kind != EventPostmortem {
			continue
		}
		saw = true
		if e.At.After(c.now) {
			continue
		}
		switch done := PostmortemStatus(e.To).Done(); {
		case done && at.IsZero():
			at, how = e.At, PostmortemStatus(e.To)
		case !done:
			at = time.Time{}
		}
	}
	if !saw {
		return time.Time{}, c.inc.Postmortem.Status, c.inc.Postmortem.Status.Done()
	}
	return at, how, !at.IsZero()
}

func (c *clock) checkPostmortem(deadline time.Duration, add func(Finding)) {
	resolved := c.seen(c.inc.Milestones.Resolved)
	if deadline <= 0 || resolved.IsZero() || c.isOpen {
		return
	}
	due := resolved.Add(deadline)
	doneAt, how, done := c.postmortemDone()
	var took time.Duration
	var msg string
	switch {
	case done && doneAt.IsZero():
		return
	case done:
		took = doneAt.Sub(resolved)
		msg = "post-mortem " + string(how) + " " + fmtDur(took) + " after resolution"
	default:
		took = c.now.Sub(resolved)
		msg = "no published or waived post-mortem " + fmtDur(took) + " after resolution"
	}
	if took <= deadline {
		return
	}
	over := took - deadline
	add(Finding{Rule: RulePostmortemOverdue, Target: deadline, Actual: took, Over: over, At: due,
		Message: fmt.Sprintf("%s; deadline %s (%s overdue)", msg, fmtDur(deadline), fmtDur(over))})
}
