package incident

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

var levelPattern = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,31}$`)

// SetSeverity changes the severity to the named level, with the reason. The
// change history stays in the timeline as events of kind [EventSeverity].
// Whether the level exists in the team's policy is checked by the store,
// which holds the policy.
func (inc *Incident) SetSeverity(level, reason string, by Person, at time.Time) error {
	if !levelPattern.MatchString(level) {
		return fmt.Errorf("%w: severity %q: want a level name like sev1", ErrInvalid, level)
	}
	if inc.Status.Final() {
		return &TransitionError{ID: inc.ID, From: inc.Status, To: inc.Status, Reason: "cannot change the severity of a " + string(inc.Status) + " incident"}
	}
	if err := inc.checkChange(by, at); err != nil {
		return err
	}
	if level == inc.Severity {
		return nil
	}
	from := inc.Severity
	inc.Severity = level
	inc.record(Event{At: at, Actor: by, Kind: EventSeverity, From: from, To: level, Text: reason})
	return nil
}

// SeverityChange is one change of severity, read back from the timeline.
type SeverityChange struct {
	From, To string // From is empty for the declaration
	Reason   string
	By       Person
	At       time.Time
}

// SeverityHistory returns the severity at declaration and every change since.
func (inc *Incident) SeverityHistory() []SeverityChange {
	var h []SeverityChange
	for _, e := range inc.Timeline {
		switch e.Kind {
		case EventDeclared:
			h = append(h, SeverityChange{To: e.To, By: e.Actor, At: e.At})
		case EventSeverity:
			h = append(h, SeverityChange{From: e.From, To: e.To, Reason: e.Text, By: e.Actor, At: e.At})
		}
	}
	return h
}

// PostUpdate posts a status update to an audience. The update remembers the
// status at the time, and the timeline records that it was posted.
func (inc *Incident) PostUpdate(aud Audience, message string, by Person, at time.Time) error {
	if !aud.Valid() {
		return fmt.Errorf("%w: audience %q: want internal or public", ErrInvalid, aud)
	}
	if strings.TrimSpace(message) == "" {
		return fmt.Errorf("%w: empty update message", ErrInvalid)
	}
	if err := inc.checkChange(by, at); err != nil {
		return err
	}
	e := inc.record(Event{At: at, Actor: by, Kind: EventUpdate, Subject: string(aud), To: string(inc.Status), Text: message})
	u := Update{ID: e.ID, At: e.At, Actor: by, Audience: aud, Status: inc.Status, Message: message}
	i := sort.Search(len(inc.Updates), func(i int) bool { return inc.Updates[i].At.After(u.At) })
	inc.Updates = slices.Insert(inc.Updates, i, u)
	return nil
}

// AddNote adds a free-text note to the timeline.
func (inc *Incident) AddNote(text string, by Person, at time.Time) error {
	if strings.TrimSpace(text) == "" {
		return fmt.Errorf("%w: empty note", ErrInvalid)
	}
	if err := inc.checkChange(by, at); err != nil {
		return err
	}
	inc.record(Event{At: at, Actor: by, Kind: EventNote, Text: text})
	return nil
}

// SetTitle changes the title.
func (inc *Incident) SetTitle(title string, by Person, at time.Time) error {
	if strings.TrimSpace(title) == "" {
		return fmt.Errorf("%w: empty title", ErrInvalid)
	}
	return inc.setField("title", &inc.Title, title, by, at)
}

// SetSummary changes the summary.
func (inc *Incident) SetSummary(summary string, by Person, at time.Time) error {
	return inc.setField("summary", &inc.Summary, summary, by, at)
}

func (inc *Incident) setField(name string, field *string, v string, by Person, at time.Time) error {
	if err := inc.checkChange(by, at); err != nil {
		return err
	}
	if *field == v {
		return nil
	}
	inc.record(Event{At: at, Actor: by, Kind: EventField, Subject: name, From: *field, To: v})
	*field = v
	return nil
}

var labelPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._:/-]{0,63}$`)

// CheckLabel reports whether l is acceptable as a label: 1 to 64
// lower-case letters, digits, '.', '_', ':', '/' or '-', starting with a
// letter or digit. The error matches [ErrInvalid].
func CheckLabel(l string) error {
	if !labelPattern.MatchString(l) {
		return fmt.Errorf("%w: label %q: want lower-case letters, digits and . _ : / - (at most 64)", ErrInvalid, l)
	}
	return nil
}

// SetLabels replaces the labels (sorted, duplicates dropped).
func (inc *Incident) SetLabels(labels []string, by Person, at time.Time) error {
	for _, l := range labels {
		if err := CheckLabel(l); err != nil {
			return err
		}
	}
	labels = normLabels(labels)
	if err := inc.checkChange(by, at); err != nil {
		return err
	}
	if slices.Equal(labels, inc.Labels) {
		return nil
	}
	inc.record(Event{At: at, Actor: by, Kind: EventField, Subject: "labels",
		From: strings.Join(inc.Labels, ","), To: strings.Join(labels, ",")})
	inc.Labels = labels
	return nil
}

func normLabels(ls []string) []string {
	if len(ls) == 0 {
		return nil
	}
	out := slices.Clone(ls)
	sort.Strings(out)
	return slices.Compact(out)
}

// SetImpactStarted records when impact began, when it is learned later.
func (inc *Incident) SetImpactStarted(t time.Time, by Person, at time.Time) error {
	return inc.setMilestone("impact_started", &inc.Milestones.ImpactStarted, t, by, at)
}

// SetDetected records when the problem was detected, when it is learned later.
func (inc *Incident) SetDetected(t time.Time, by Person, at time.Time) error {
	return inc.setMilestone("detected", &inc.Milestones.Detected, t, by, at)
}

func (inc *Incident) setMilestone(name string, m *time.Time, t time.Time, by Person, at time.Time) error {
	t = normTime(t)
	if t.IsZero() {
		return fmt.Errorf("%w: %s: zero time", ErrInvalid, name)
	}
	if t.After(inc.Milestones.Declared) {
		return fmt.Errorf("%w: %s: %s is after the declaration", ErrInvalid, name, t.Format(time.RFC3339))
	}
	if err := inc.checkChange(by, at); err != nil {
		return err
	}
	if m.Equal(t) {
		return nil
	}
	var from string
	if !m.IsZero() {
		from = m.Format(time.RFC3339)
	}
	inc.record(Event{At: at, Actor: by, Kind: EventMilestone, Subject: name, From: from, To: t.Format(time.RFC3339)})
	*m = t
	return nil
}

// Clone returns a deep copy of inc, so that stores can hand out values that
// callers may change freely.
func (inc *Incident) Clone() *Incident {
	if inc == nil {
		return nil
	}
	c := *inc
	c.Aliases = slices.Clone(inc.Aliases)
	c.Labels = slices.Clone(inc.Labels)
	c.Links = slices.Clone(inc.Links)
	c.Impact.Components = slices.Clone(inc.Impact.Components)
	c.Timeline = slices.Clone(inc.Timeline)
	c.Updates = slices.Clone(inc.Updates)
	if inc.Roles != nil {
		c.Roles = make(map[Role]Person, len(inc.Roles))
		for r, p := range inc.Roles {
			c.Roles[r] = p
		}
	}
	return &c
}
