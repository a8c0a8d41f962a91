package incident

import (
	"fmt"
	"time"
)

// Incident is one production problem and everything recorded about it.
//
// An Incident is a plain value: methods change it in memory and take the
// acting [Person] and the time of the change; nothing here does I/O or reads
// the clock. Every change appends an [Event] to the Timeline, so the timeline
// is the complete story, and the timeline together with Updates is
// append-only (which lets two clones of a repository merge their changes).
type Incident struct {
	ID      string   // human-friendly, e.g. "INC-2026-0042"; see [CheckID]
	UID     string   // immutable unique id (a ULID), never reused even if ID is renumbered
	Aliases []string // earlier IDs of this incident (after a renumbering), so old links resolve

	Title   string
	Summary string
	Kind    Kind
	// Severity is the name of a level of the team's severity policy, e.g. "sev1".
	Severity string
	Status   Status
	// Schedule is the planned window of a maintenance; zero for other
	// kinds, and for maintenance without a planned window.
	Schedule Schedule

	Milestones Milestones
	// Roles maps each role to the person holding it now. Hand-offs are in
	// the Timeline as events of kind [EventRole].
	Roles  map[Role]Person
	Impact Impact
	Links  []Link
	Labels []string

	Postmortem PostmortemState

	DeclineReason string // why it was declined (StatusDeclined)
	MergedInto    string // the ID of the incident this one duplicates (StatusMerged)

	Timeline []Event  // every change, ordered by time
	Updates  []Update // status updates posted to stakeholders, ordered by time
}

// Milestones are the moments that define an incident's durations. A zero
// time means the moment has not happened (or is not known).
type Milestones struct {
	ImpactStarted time.Time // when users started to be hurt, if known
	Detected      time.Time // when a person or an alert noticed
	Declared      time.Time // when the incident was declared
	Acknowledged  time.Time // when a responder took it on
	Mitigated     time.Time // when impact stopped
	Resolved      time.Time // when the problem was fixed
	Closed        time.Time // when follow-up was done
}

// PostmortemState records where the incident's post-mortem is, so that the
// lifecycle can require one before closing.
type PostmortemState struct {
	Status       PostmortemStatus
	WaivedReason string // why no post-mortem is needed, when Status is PostmortemWaived
}

// PostmortemStatus is the state of an incident's post-mortem as the incident
// sees it. The postmortem package owns the document itself.
type PostmortemStatus string

// The states of a post-mortem.
const (
	PostmortemNone      PostmortemStatus = ""          // none started
	PostmortemDraft     PostmortemStatus = "draft"     // being written
	PostmortemInReview  PostmortemStatus = "in_review" // proposed for review
	PostmortemPublished PostmortemStatus = "published" // approved and published
	PostmortemWaived    PostmortemStatus = "waived"    // explicitly not needed, with a reason
)

// Valid reports whether s is a defined post-mortem state.
func (s PostmortemStatus) Valid() bool {
	switch s {
	case PostmortemNone, PostmortemDraft, PostmortemInReview, PostmortemPublished, PostmortemWaived:
		return true
	}
	return false
}

// Done reports whether the post-mortem no longer blocks closing.
func (s PostmortemStatus) Done() bool { return s == PostmortemPublished || s == PostmortemWaived }

// validID reports whether id matches the allow-list for incident IDs,
// ^[A-Z][A-Z0-9]{0,15}(-[0-9]{1,9}){1,3}$. IDs become path components and
// branch names, so nothing else may pass. It is written out by hand because
// stores check every directory name of a repository with it.
func validID(id string) bool {
	i := 0
	for i < len(id) && (id[i] >= 'A' && id[i] <= 'Z' || i > 0 && id[i] >= '0' && id[i] <= '9') {
		i++
	}
	if i == 0 || i > 16 {
		return false
	}
	groups := 0
	for i < len(id) {
		if id[i] != '-' {
			return false
		}
		i++
		start := i
		for i < len(id) && id[i] >= '0' && id[i] <= '9' {
			i++
		}
		if n := i - start; n == 0 || n > 9 {
			return false
		}
		groups++
	}
	return groups >= 1 && groups <= 3
}

// CheckID reports whether id is an acceptable incident ID: an upper-case
// prefix and one to three groups of digits, such as "INC-2026-0042" or
// "OPS-7". IDs become file paths and branch names, so anything else (path
// separators, dots, lower case, Unicode) is refused.
func CheckID(id string) error {
	if !validID(id) {
		return fmt.Errorf("%w: id %q: want an upper-case prefix and digit groups like INC-2026-0042", ErrInvalid, id)
	}
	return nil
}

// Declaration is what is known when an incident is declared. ID and UID may
// be left empty for a store to assign.
type Declaration struct {
	ID, UID       string
	Title         string
	Summary       string
	Severity      string // level name in the policy, e.g. "sev1"
	Kind          Kind   // KindNormal when empty
	ImpactStarted time.Time
	Detected      time.Time
	Components    []string // affected components, marked ComponentMajorOutage... see Impact
	Labels        []string
	// Schedule is the planned window of a maintenance (only with
	// KindMaintenance; zero for none). See [Incident.SetSchedule].
	Schedule Schedule
	// Links are what detected or caused the incident (alerts, deploys,
	// tickets), recorded with the declaration so that they land in the
	// same change; each follows the rules of [Incident.AddLink].
	Links []Link
}

// New declares an incident: status triage, declared by, at. The first
// timeline event records the declaration; a maintenance's planned window,
// d.Schedule (with the rules of [Incident.SetSchedule]), is set with it and
// gets no event of its own; d.Links each get a link event.
func New(d Declaration, by Person, at time.Time) (*Incident, error) {
	if d.Kind == "" {
		d.Kind = KindNormal
	}
	if !d.Kind.Valid() {
		return nil, fmt.Errorf("%w: kind %q: want one of normal, drill, maintenance", ErrInvalid, d.Kind)
	}
	if d.Title == "" {
		return nil, fmt.Errorf("%w: empty title", ErrInvalid)
	}
	if d.Severity == "" {
		return nil, fmt.Errorf("%w: empty severity", ErrInvalid)
	}
	if !levelPattern.MatchString(d.Severity) {
		return nil, fmt.Errorf("%w: severity %q: want a level name like sev1", ErrInvalid, d.Severity)
	}
	for _, l := range d.Labels {
		if err := CheckLabel(l); err != nil {
			return nil, err
		}
	}
	if d.ID != "" {
		if err := CheckID(d.ID); err != nil {
			return nil, err
		}
	}
	if err := by.Validate(); err != nil {
		return nil, err
	}
	if at.IsZero() {
		return nil, fmt.Errorf("%w: zero declaration time", ErrInvalid)
	}
	at = normTime(at)
	// The same rule as SetImpactStarted and SetDetected: these moments are
	// known at declaration only if they are not after it.
	if normTime(d.ImpactStarted).After(at) || normTime(d.Detected).After(at) {
		return nil, fmt.Errorf("%w: impact start and detection must not be after the declaration", ErrInvalid)
	}
	sched, err := normSchedule(d.Kind, d.Schedule)
	if err != nil {
		return nil, err
	}
	inc := &Incident{
		ID:       d.ID,
		UID:      d.UID,
		Title:    d.Title,
		Summary:  d.Summary,
		Kind:     d.Kind,
		Severity: d.Severity,
		Status:   StatusTriage,
		Schedule: sched,
		Milestones: Milestones{
			ImpactStarted: normTime(d.ImpactStarted),
			Detected:      normTime(d.Detected),
			Declared:      at,
		},
		Labels: normLabels(d.Labels),
	}
	if inc.Milestones.Detected.IsZero() {
		inc.Milestones.Detected = at
	}
	for _, c := range d.Components {
		if err := inc.Impact.setComponent(c, ComponentMajorOutage); err != nil {
			return nil, err
		}
	}
	if inc.Kind == KindMaintenance {
		for i := range inc.Impact.Components {
			inc.Impact.Components[i].Status = ComponentMaintenance
		}
	}
	inc.record(Event{At: at, Actor: by, Kind: EventDeclared, To: d.Severity, Text: d.Title})
	for _, l := range d.Links {
		if err := inc.AddLink(l, by, at); err != nil {
			return nil, err
		}
	}
	return inc, nil
}

// normTime returns t in UTC truncated to the second (Git keeps seconds, and
// files must be byte-stable).
func normTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Second)
}
