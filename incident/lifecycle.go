package incident

import (
	"fmt"
	"strings"
	"time"

	"github.com/incidentkit/incidentkit/severity"
)

// checkChange validates the actor and the time of any change.
func (inc *Incident) checkChange(by Person, at time.Time) error {
	if err := by.Validate(); err != nil {
		return fmt.Errorf("%w: actor: %v", ErrInvalid, err)
	}
	if at.IsZero() {
		return fmt.Errorf("%w: zero time", ErrInvalid)
	}
	if d := inc.Milestones.Declared; !d.IsZero() && normTime(at).Before(d) {
		return fmt.Errorf("%w: %s is before the incident was declared (%s)", ErrInvalid,
			normTime(at).Format(time.RFC3339), d.Format(time.RFC3339))
	}
	return nil
}

// statusSince returns when the current status began: the time of the last
// status event, or the declaration.
func (inc *Incident) statusSince() time.Time {
	for i := len(inc.Timeline) - 1; i >= 0; i-- {
		if inc.Timeline[i].Kind == EventStatus {
			return inc.Timeline[i].At
		}
	}
	return inc.Milestones.Declared
}

// move checks and performs a status change, keeping milestones in step.
func (inc *Incident) move(to Status, text string, by Person, at time.Time) error {
	from := inc.Status
	refuse := func(format string, args ...any) error {
		return &TransitionError{ID: inc.ID, From: from, To: to, Reason: fmt.Sprintf(format, args...)}
	}
	if !to.Valid() {
		return refuse("unknown status")
	}
	if from == to {
		return refuse("already %s", to)
	}
	if !from.CanMove(to) {
		if from.Final() {
			return refuse("%s is final", from)
		}
		return refuse("not a lifecycle move; from %s the next statuses are %s", from, joinStatuses(from.Next()))
	}
	if err := inc.checkChange(by, at); err != nil {
		return err
	}
	at = normTime(at)
	if since := inc.statusSince(); at.Before(since) {
		return refuse("%s is before the current status began (%s)", at.Format(time.RFC3339), since.Format(time.RFC3339))
	}
	if from == StatusTriage && inc.Milestones.Acknowledged.IsZero() && to != StatusDeclined && to != StatusMerged {
		// Someone working the incident has acknowledged it, whether or not
		// they said so explicitly.
		inc.Milestones.Acknowledged = at
		inc.record(Event{At: at, Actor: by, Kind: EventAcknowledged})
	}
	m := &inc.Milestones
	switch to {
	case StatusMonitoring:
		if m.Mitigated.IsZero() {
			m.Mitigated = at
		}
	case StatusResolved:
		if m.Mitigated.IsZero() {
			m.Mitigated = at
		}
		m.Resolved = at
	case StatusInvestigating, StatusIdentified:
		// Stepping back from monitoring or resolved means the impact is
		// back: the incident is neither mitigated nor resolved any more.
		m.Mitigated, m.Resolved = time.Time{}, time.Time{}
	case StatusClosed:
		m.Closed = at
	}
	inc.Status = to
	inc.record(Event{At: at, Actor: by, Kind: EventStatus, From: string(from), To: string(to), Text: text})
	return nil
}

func joinStatuses(ss []Status) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = string(s)
	}
	return strings.Join(parts, ", ")
}

// SetStatus moves the incident to status to, with an optional note. Moves the
// lifecycle does not allow, and moves dated before the current status began,
// return a *TransitionError (matching [ErrTransition]). Declining, merging
// and closing need more than a status; use [Incident.Decline],
// [Incident.MergeInto] and [Incident.Close].
//
// Leaving triage acknowledges the incident if nobody had. Reaching monitoring
// or resolved sets the mitigated milestone (if unset) and resolved sets the
// resolved milestone; stepping back to investigating or identified clears
// both, since impact is back.
func (inc *Incident) SetStatus(to Status, note string, by Person, at time.Time) error {
	switch to {
	case StatusDeclined, StatusMerged, StatusClosed:
		return &TransitionError{ID: inc.ID, From: inc.Status, To: to,
			Reason: "use Decline, MergeInto or Close, which record the reason"}
	}
	return inc.move(to, note, by, at)
}

// Reopen moves a resolved incident back to investigating, with the reason.
func (inc *Incident) Reopen(reason string, by Person, at time.Time) error {
	if inc.Status != StatusResolved {
		return &TransitionError{ID: inc.ID, From: inc.Status, To: StatusInvestigating, Reason: "only a resolved incident can be reopened"}
	}
	return inc.move(StatusInvestigating, reason, by, at)
}

// Acknowledge records that a responder has taken the incident on. The first
// acknowledgement sets the acknowledged milestone; later ones are no-ops.
func (inc *Incident) Acknowledge(by Person, at time.Time) error {
	if err := inc.checkChange(by, at); err != nil {
		return err
	}
	if !inc.Milestones.Acknowledged.IsZero() {
		return nil
	}
	if !inc.Status.Open() {
		return &TransitionError{ID: inc.ID, From: inc.Status, To: inc.Status, Reason: "cannot acknowledge an incident that is not open"}
	}
	inc.Milestones.Acknowledged = normTime(at)
	inc.record(Event{At: at, Actor: by, Kind: EventAcknowledged})
	return nil
}

// Decline marks an incident in triage as not an incident (for example an
// ordinary bug for the backlog). The reason is required.
func (inc *Incident) Decline(reason string, by Person, at time.Time) error {
	if strings.TrimSpace(reason) == "" {
		return &TransitionError{ID: inc.ID, From: inc.Status, To: StatusDeclined, Reason: "a reason is required"}
	}
	if err := inc.move(StatusDeclined, reason, by, at); err != nil {
		return err
	}
	inc.DeclineReason = reason
	return nil
}

// MergeInto marks the incident as a duplicate of the incident with ID into.
func (inc *Incident) MergeInto(into string, by Person, at time.Time) error {
	if err := CheckID(into); err != nil {
		return err
	}
	if into == inc.ID {
		return &TransitionError{ID: inc.ID, From: inc.Status, To: StatusMerged, Reason: "cannot merge an incident into itself"}
	}
	if err := inc.move(StatusMerged, "duplicate of "+into, by, at); err != nil {
		return err
	}
	inc.MergedInto = into
	return nil
}

// Close closes a resolved incident. When the policy requires a post-mortem
// for the incident's severity, it must be published or explicitly waived
// first (see [Incident.SetPostmortem] and [Incident.WaivePostmortem]).
// Drills and maintenance never require one.
func (inc *Incident) Close(p *severity.Policy, by Person, at time.Time) error {
	if inc.Status == StatusResolved && inc.Kind.Counted() && !inc.Postmortem.Status.Done() {
		lvl, err := p.Level(inc.Severity)
		if err != nil {
			return fmt.Errorf("incident %s: close: %w", inc.ID, err)
		}
		if lvl.Targets.PostmortemRequired {
			return &TransitionError{ID: inc.ID, From: inc.Status, To: StatusClosed,
				Reason: fmt.Sprintf("the policy requires a post-mortem for %s; publish it or waive it with a reason", inc.Severity)}
		}
	}
	return inc.move(StatusClosed, "", by, at)
}

// SetPostmortem records a new state of the incident's post-mortem. Use
// [Incident.WaivePostmortem] to waive one.
func (inc *Incident) SetPostmortem(s PostmortemStatus, by Person, at time.Time) error {
	if !s.Valid() || s == PostmortemWaived {
		return fmt.Errorf("%w: post-mortem status %q: want draft, in_review or published", ErrInvalid, s)
	}
	return inc.setPostmortem(PostmortemState{Status: s}, by, at)
}

// WaivePostmortem records that no post-mortem is needed, and why. A waived
// post-mortem no longer blocks closing.
func (inc *Incident) WaivePostmortem(reason string, by Person, at time.Time) error {
	if strings.TrimSpace(reason) == "" {
		return fmt.Errorf("%w: waiving a post-mortem needs a reason", ErrInvalid)
	}
	return inc.setPostmortem(PostmortemState{Status: PostmortemWaived, WaivedReason: reason}, by, at)
}

func (inc *Incident) setPostmortem(s PostmortemState, by Person, at time.Time) error {
	if err := inc.checkChange(by, at); err != nil {
		return err
	}
	if inc.Postmortem == s {
		return nil
	}
	from := inc.Postmortem.Status
	inc.Postmortem = s
	inc.record(Event{At: at, Actor: by, Kind: EventPostmortem, From: string(from), To: string(s.Status), Text: s.WaivedReason})
	return nil
}
