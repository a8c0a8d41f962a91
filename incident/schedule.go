package incident

import (
	"fmt"
	"time"
)

// Schedule is the planned window of a maintenance ([KindMaintenance]): when
// the work is announced to start and to end. It is what a status page shows
// customers ("Scheduled: 2026-12-03 02:00-04:00 UTC"), not what happened:
// the milestones and the status record that. The zero Schedule means no
// window is planned (or known).
//
// A Schedule is either zero or has both times set, End after Start, in UTC
// with whole seconds; [Incident.Validate] checks this, and that only
// maintenance has one.
type Schedule struct {
	Start time.Time // when the work is planned to begin
	End   time.Time // when it is planned to be over
}

// IsZero reports whether s is the zero Schedule: no window.
func (s Schedule) IsZero() bool { return s.Start.IsZero() && s.End.IsZero() }

// String returns the window as an RFC 3339 interval,
// "2026-12-03T02:00:00Z/2026-12-03T04:00:00Z" (the text of its timeline
// events and merge conflicts), or "" for the zero Schedule.
func (s Schedule) String() string {
	if s.IsZero() {
		return ""
	}
	return timeText(s.Start) + "/" + timeText(s.End)
}

// normSchedule checks a window given to the lifecycle and returns it in UTC,
// truncated to seconds. Both times zero is no window.
func normSchedule(kind Kind, s Schedule) (Schedule, error) {
	s = Schedule{Start: normTime(s.Start), End: normTime(s.End)}
	switch {
	case s.IsZero():
		return s, nil
	case kind != KindMaintenance:
		return s, fmt.Errorf("%w: schedule: only maintenance has a planned window (kind is %s)", ErrInvalid, kind)
	case s.Start.IsZero() || s.End.IsZero():
		return s, fmt.Errorf("%w: schedule: want both a start and an end", ErrInvalid)
	case !s.End.After(s.Start):
		return s, fmt.Errorf("%w: schedule: end %s is not after start %s", ErrInvalid, timeText(s.End), timeText(s.Start))
	}
	return s, nil
}

// SetSchedule sets the planned window of a maintenance, start to end, and
// records the change as an event of kind [EventField] with Subject
// "schedule" and From and To the windows before and after (see
// [Schedule.String]). Both times zero removes the window. Only incidents of
// [KindMaintenance] have a window, and end must be after start; otherwise
// the error matches [ErrInvalid]. Times are kept in UTC, truncated to the
// second. The window may lie before the declaration (maintenance recorded
// after the fact) and may be changed in any status.
func (inc *Incident) SetSchedule(start, end time.Time, by Person, at time.Time) error {
	s, err := normSchedule(inc.Kind, Schedule{Start: start, End: end})
	if err != nil {
		return err
	}
	if err := inc.checkChange(by, at); err != nil {
		return err
	}
	if inc.Schedule == s {
		return nil
	}
	inc.record(Event{At: at, Actor: by, Kind: EventField, Subject: "schedule", From: inc.Schedule.String(), To: s.String()})
	inc.Schedule = s
	return nil
}

// schedule checks the planned window: both ends or neither, end after
// start, and only on maintenance.
func (v *validator) schedule() {
	s := v.inc.Schedule
	if s.IsZero() {
		return
	}
	v.when("schedule.start", s.Start)
	v.when("schedule.end", s.End)
	if k := v.inc.Kind; k.Valid() && k != KindMaintenance {
		v.errorNear("kind", "schedule", "only maintenance has a planned window (kind is %s)", k)
	}
	switch {
	case s.Start.IsZero():
		v.errorNear("schedule", "schedule.start", "missing")
	case s.End.IsZero():
		v.errorNear("schedule", "schedule.end", "missing")
	case s.End.Before(s.Start):
		v.errorf("schedule.end", "%s is before schedule.start (%s)", stamp(s.End), stamp(s.Start))
	case s.End.Equal(s.Start):
		v.errorf("schedule.end", "equal to schedule.start: the window is empty")
	}
}

// schedule merges the planned window as one value by the field rule, and
// drops it when the merged kind has none.
func (m *merger) schedule() {
	b, o, t, r := m.b, m.o, m.t, m.res
	r.Schedule = o.Schedule
	if m.pick("schedule", b.Schedule.String(), o.Schedule.String(), t.Schedule.String(), explains(EventField, "schedule")) {
		r.Schedule = t.Schedule
	}
	if r.Kind != KindMaintenance && !r.Schedule.IsZero() {
		m.conflict("schedule", "", r.Schedule.String(), ruleKind)
		r.Schedule = Schedule{}
	}
}
