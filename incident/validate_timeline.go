package incident

import (
	"fmt"
	"strings"
)

// timeline checks the events: well formed, unique IDs, in time order, none
// before the declaration, and exactly one declared event at the declared
// milestone.
func (v *validator) timeline() {
	inc := v.inc
	decl := inc.Milestones.Declared
	if len(inc.Timeline) == 0 {
		v.errorf("timeline", "missing (it holds at least the declared event)")
		return
	}
	ids := make(map[string]int, len(inc.Timeline))
	declared := -1
	prev := -1 // index of the last event with a time
	for i, e := range inc.Timeline {
		f := fmt.Sprintf("timeline[%d]", i)
		v.eventID("timeline", i, e.ID, ids)
		switch {
		case e.At.IsZero():
			v.errorf(f+".at", "missing")
		case !decl.IsZero() && e.At.Before(decl):
			v.errorf(f+".at", "%s is before declared (%s)", stamp(e.At), stamp(decl))
		case prev >= 0 && e.At.Before(inc.Timeline[prev].At):
			v.errorf(f+".at", "%s is before timeline[%d] (%s): keep the timeline in time order",
				stamp(e.At), prev, stamp(inc.Timeline[prev].At))
		}
		if !e.At.IsZero() {
			prev = i
		}
		v.when(f+".at", e.At)
		v.person(f+".actor", e.Actor)
		if v.required(f+".kind", string(e.Kind)) && !e.Kind.Valid() {
			v.badEnum(f+".kind", string(e.Kind), enum(EventKinds...))
		}
		for _, t := range []struct{ name, s string }{
			{"subject", e.Subject}, {"from", e.From}, {"to", e.To}, {"text", e.Text},
		} {
			v.text(f+"."+t.name, t.s)
		}
		if e.Kind != EventDeclared {
			continue
		}
		if declared >= 0 {
			v.errorf(f+".kind", "a second declared event (the first is timeline[%d])", declared)
			continue
		}
		declared = i
		if !e.At.IsZero() && !decl.IsZero() && !e.At.Equal(decl) {
			v.errorf(f+".at", "the declared event is at %s but milestones.declared is %s", stamp(e.At), stamp(decl))
		}
	}
	if declared < 0 {
		v.errorf("timeline", "no event of kind declared")
	}
}

// eventID checks the ID of element i of an event or update list (list) and
// that it is unique there.
func (v *validator) eventID(list string, i int, id string, seen map[string]int) {
	f := fmt.Sprintf("%s[%d].id", list, i)
	switch {
	case id == "":
		v.errorf(f, "missing")
	case !eventIDPattern.MatchString(id):
		v.errorf(f, "want 12 lower-case hex digits, got %q", id)
	default:
		if j, dup := seen[id]; dup {
			v.errorf(f, "duplicate of %s[%d]", list, j)
			return
		}
		seen[id] = i
	}
}

// updates checks the status updates: well formed, unique IDs, in time order,
// each with its timeline event.
func (v *validator) updates() {
	inc := v.inc
	events := make(map[string]int, len(inc.Timeline))
	for i, e := range inc.Timeline {
		if e.Kind == EventUpdate {
			if _, ok := events[e.ID]; !ok {
				events[e.ID] = i
			}
		}
	}
	ids := make(map[string]int, len(inc.Updates))
	prev := -1
	for i, u := range inc.Updates {
		f := fmt.Sprintf("updates[%d]", i)
		v.eventID("updates", i, u.ID, ids)
		if u.At.IsZero() {
			v.errorf(f+".at", "missing")
		} else {
			if prev >= 0 && u.At.Before(inc.Updates[prev].At) {
				v.errorf(f+".at", "%s is before updates[%d] (%s): keep updates in time order",
					stamp(u.At), prev, stamp(inc.Updates[prev].At))
			}
			prev = i
		}
		v.when(f+".at", u.At)
		if u.ID != "" {
			if j, ok := events[u.ID]; !ok {
				v.errorf(f+".id", "no timeline event of kind update has this id")
			} else if e := inc.Timeline[j]; !u.At.IsZero() && !e.At.IsZero() && !u.At.Equal(e.At) {
				v.errorf(f+".at", "%s but its timeline event (timeline[%d]) is at %s", stamp(u.At), j, stamp(e.At))
			}
		}
		v.person(f+".actor", u.Actor)
		if v.required(f+".audience", string(u.Audience)) && !u.Audience.Valid() {
			v.badEnum(f+".audience", string(u.Audience), enum(AudienceInternal, AudiencePublic))
		}
		if v.required(f+".status", string(u.Status)) && !u.Status.Valid() {
			v.badEnum(f+".status", string(u.Status), enum(Statuses...))
		}
		if strings.TrimSpace(u.Message) == "" {
			v.errorf(f+".message", "missing")
		}
		v.text(f+".message", u.Message)
	}
}
