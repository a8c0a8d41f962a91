package incident

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"time"
)

// Event is one entry of an incident's timeline. Events are never edited or
// removed; each has an ID unique within its incident, which is what lets two
// clones merge their timelines as a union.
type Event struct {
	ID      string    // content-derived, 12 hex digits
	At      time.Time // when it happened (UTC, seconds)
	Actor   Person    // who did it
	Kind    EventKind // what kind of change
	Subject string    // what it is about: a role, a component, a link kind, a field name
	From    string    // the value before, for changes
	To      string    // the value after, for changes
	Text    string    // free text: a note, a reason, an update's message
}

// EventKind names the kind of an [Event].
type EventKind string

// The kinds of timeline events.
const (
	EventDeclared     EventKind = "declared"     // the incident was declared; To is the severity
	EventAcknowledged EventKind = "acknowledged" // a responder took it on
	EventStatus       EventKind = "status"       // status From -> To; Text is the note
	EventSeverity     EventKind = "severity"     // severity From -> To; Text is the reason
	EventRole         EventKind = "role"         // role Subject handed From -> To
	EventUpdate       EventKind = "update"       // a status update was posted; Subject is the audience
	EventNote         EventKind = "note"         // a responder's note
	EventLink         EventKind = "link"         // a link was added; Subject is the link kind, To the target
	EventComponent    EventKind = "component"    // component Subject status From -> To
	EventImpact       EventKind = "impact"       // an impact field Subject changed From -> To
	EventField        EventKind = "field"        // a descriptive field Subject (title, summary, labels, schedule) changed From -> To
	EventMilestone    EventKind = "milestone"    // a milestone Subject was set to To (RFC 3339)
	EventPostmortem   EventKind = "postmortem"   // the post-mortem state changed From -> To
	EventConflict     EventKind = "conflict"     // a merge of concurrent edits chose To over From for Subject
)

// EventKinds lists every event kind.
var EventKinds = []EventKind{
	EventDeclared, EventAcknowledged, EventStatus, EventSeverity, EventRole,
	EventUpdate, EventNote, EventLink, EventComponent, EventImpact, EventField,
	EventMilestone, EventPostmortem, EventConflict,
}

// Valid reports whether k is a defined event kind.
func (k EventKind) Valid() bool {
	for _, v := range EventKinds {
		if k == v {
			return true
		}
	}
	return false
}

// Audience says who a status update is for.
type Audience string

// The audiences of status updates.
const (
	AudienceInternal Audience = "internal" // responders and stakeholders inside the company
	AudiencePublic   Audience = "public"   // customers, on the status page
)

// Valid reports whether a is a defined audience.
func (a Audience) Valid() bool { return a == AudienceInternal || a == AudiencePublic }

// Update is a status update posted to an audience.
type Update struct {
	ID       string // content-derived, 12 hex digits
	At       time.Time
	Actor    Person
	Audience Audience
	Status   Status // the incident's status when the update was posted
	Message  string
}

// record stamps e with a normalised time and an ID and inserts it in time
// order (after events at the same second, so ties keep insertion order).
func (inc *Incident) record(e Event) Event {
	e.At = normTime(e.At)
	e.ID = contentID(strconv.Itoa(len(inc.Timeline)), e.At.Format(time.RFC3339), e.Actor.String(),
		string(e.Kind), e.Subject, e.From, e.To, e.Text)
	i := sort.Search(len(inc.Timeline), func(i int) bool { return inc.Timeline[i].At.After(e.At) })
	inc.Timeline = append(inc.Timeline, Event{})
	copy(inc.Timeline[i+1:], inc.Timeline[i:])
	inc.Timeline[i] = e
	return e
}

// contentID derives a short, stable ID from the parts of an event. The
// position in the timeline is one of the parts, so two identical notes typed
// one after the other stay two events, while the same event produced on two
// clones of a repository from the same state gets the same ID.
func contentID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:6])
}

// LastEvent returns the latest timeline event, and false when there is none.
func (inc *Incident) LastEvent() (Event, bool) {
	if len(inc.Timeline) == 0 {
		return Event{}, false
	}
	return inc.Timeline[len(inc.Timeline)-1], true
}

// LastUpdate returns the latest status update for the audience, or for any
// audience when aud is empty, and false when there is none.
func (inc *Incident) LastUpdate(aud Audience) (Update, bool) {
	for i := len(inc.Updates) - 1; i >= 0; i-- {
		if aud == "" || inc.Updates[i].Audience == aud {
			return inc.Updates[i], true
		}
	}
	return Update{}, false
}
