package memstore

import (
	"context"
	"fmt"
	"reflect"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
)

// Update applies fn to a copy of the incident with the given ID or alias
// and stores the result as one revision authored by by. See
// [store.Store.Update]. Writes are serialised, so fn is called exactly
// once; it must not call the store. The result is kept as a file-backed
// store would keep it (times in UTC to the second, empty lists as none)
// and must pass incident validation, keep its ID and UID, and name a
// severity of the policy. When nothing changed, nothing is written.
func (s *Store) Update(ctx context.Context, id string, by incident.Person, fn store.UpdateFunc) (*incident.Incident, error) {
	if err := s.acquire(ctx, "update "+id); err != nil {
		return nil, err
	}
	defer s.release()
	fail := func(err error) (*incident.Incident, error) {
		return nil, fmt.Errorf("memstore: update %s: %w", id, err)
	}
	if err := by.Validate(); err != nil {
		return fail(err)
	}
	r, ok := s.find(id)
	if !ok {
		return fail(store.ErrNotFound)
	}
	at := s.clock()
	cur := r.current()
	inc := cur.Clone()
	if err := fn(inc, at); err != nil {
		return fail(err)
	}
	// fn may have kept a pointer to inc; store a copy of its own.
	inc = inc.Clone()
	normalize(inc)
	if inc.ID != cur.ID || inc.UID != cur.UID {
		return fail(fmt.Errorf("%w: the id and uid of an incident cannot change (was %s %s, now %s %s)",
			incident.ErrInvalid, cur.ID, cur.UID, inc.ID, inc.UID))
	}
	for _, a := range inc.Aliases {
		if other, ok := s.find(a); ok && other != r {
			return fail(fmt.Errorf("alias %s: %w", a, store.ErrExist))
		}
	}
	if same(cur, inc) {
		return cur.Clone(), nil
	}
	if inc.Severity != cur.Severity {
		if err := s.checkSeverity(inc.Severity); err != nil {
			return fail(err)
		}
	}
	if err := inc.Validate(); err != nil {
		return fail(err)
	}
	return s.commit(r, inc, by, at).Clone(), nil
}

// normalize puts inc in the form a file-backed store reads back: times in
// UTC truncated to the second, and empty lists and maps as nil.
func normalize(inc *incident.Incident) {
	m := &inc.Milestones
	for _, t := range []*time.Time{&m.ImpactStarted, &m.Detected, &m.Declared, &m.Acknowledged, &m.Mitigated, &m.Resolved, &m.Closed} {
		*t = normTime(*t)
	}
	for i := range inc.Timeline {
		inc.Timeline[i].At = normTime(inc.Timeline[i].At)
	}
	for i := range inc.Updates {
		inc.Updates[i].At = normTime(inc.Updates[i].At)
	}
	if len(inc.Aliases) == 0 {
		inc.Aliases = nil
	}
	if len(inc.Roles) == 0 {
		inc.Roles = nil
	}
	if len(inc.Impact.Components) == 0 {
		inc.Impact.Components = nil
	}
	if len(inc.Links) == 0 {
		inc.Links = nil
	}
	if len(inc.Labels) == 0 {
		inc.Labels = nil
	}
	if len(inc.Timeline) == 0 {
		inc.Timeline = nil
	}
	if len(inc.Updates) == 0 {
		inc.Updates = nil
	}
}

func normTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Second)
}

// same reports whether two normalized incidents are equal.
func same(a, b *incident.Incident) bool { return reflect.DeepEqual(a, b) }
