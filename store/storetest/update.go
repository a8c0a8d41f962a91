package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testUpdate(t *testing.T, h *harness) {
	inc := h.declare(t, incident.Declaration{})
	var at time.Time
	got := h.update(t, inc.ID, bob, func(inc *incident.Incident, now time.Time) error {
		at = now
		if err := inc.SetStatus(incident.StatusInvestigating, "looking at the payments API", bob, now); err != nil {
			return err
		}
		return inc.AddNote("error rate at 40%", bob, now)
	})
	assert.True(t, normal(at), "fn got at = %v, want UTC whole seconds", at)
	assert.False(t, at.Before(inc.Milestones.Declared), "fn got at = %v, before the declaration %v", at, inc.Milestones.Declared)
	assert.Equal(t, incident.StatusInvestigating, got.Status)
	assert.Equal(t, []string{"error rate at 40%"}, notes(got))
	last, _ := got.LastEvent()
	assert.Equal(t, bob, last.Actor)
	if d := diff(got, h.get(t, inc.ID)); d != "" {
		t.Errorf("Get differs from what Update returned (-updated +got):\n%s", d)
	}
	if n := h.revisions(t, inc.ID); n >= 0 {
		assert.Equal(t, 2, n, "revisions after one update")
	}
}

func testUpdateNoop(t *testing.T, h *harness) {
	inc := h.declare(t, incident.Declaration{Title: "Same"})
	before := h.revisions(t, inc.ID)
	for _, fn := range []store.UpdateFunc{
		func(*incident.Incident, time.Time) error { return nil },
		func(inc *incident.Incident, at time.Time) error { return inc.SetTitle("Same", bob, at) },
	} {
		got := h.update(t, inc.ID, bob, fn)
		if d := diff(inc, got); d != "" {
			t.Errorf("a no-op Update changed the incident (-before +after):\n%s", d)
		}
	}
	if d := diff(inc, h.get(t, inc.ID)); d != "" {
		t.Errorf("a no-op Update changed the stored incident (-before +after):\n%s", d)
	}
	assert.Equal(t, before, h.revisions(t, inc.ID), "a no-op Update wrote a revision")
}

func testUpdateError(t *testing.T, h *harness) {
	inc := h.declare(t, incident.Declaration{Title: "Before"})
	before := h.revisions(t, inc.ID)
	errBoom := errors.New("boom")
	_, err := h.s.Update(h.ctx, inc.ID, bob, func(inc *incident.Incident, at time.Time) error {
		if err := inc.SetTitle("After", bob, at); err != nil {
			return err
		}
		return errBoom
	})
	assert.ErrorIs(t, err, errBoom, "Update returns fn's error")
	if d := diff(inc, h.get(t, inc.ID)); d != "" {
		t.Errorf("a failed Update changed the stored incident (-before +after):\n%s", d)
	}
	assert.Equal(t, before, h.revisions(t, inc.ID), "a failed Update wrote a revision")
}

func testUpdateInvalid(t *testing.T, h *harness) {
	inc := h.declare(t, incident.Declaration{})
	before := h.revisions(t, inc.ID)
	tests := []struct {
		name string
		fn   store.UpdateFunc
	}{
		{"change id", func(inc *incident.Incident, _ time.Time) error { inc.ID = "EXT-2026-7777"; return nil }},
		{"change uid", func(inc *incident.Incident, _ time.Time) error { inc.UID = "01KAAAAAAAAAAAAAAAAAAAAAAA"; return nil }},
		{"unknown severity", func(inc *incident.Incident, at time.Time) error {
			return inc.SetSeverity("nosuchlevel", "testing", bob, at)
		}},
		{"invalid status", func(inc *incident.Incident, _ time.Time) error { inc.Status = "bogus"; return nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := h.s.Update(h.ctx, inc.ID, bob, tt.fn)
			assert.ErrorIs(t, err, incident.ErrInvalid, "Update = %v", got)
		})
	}
	if d := diff(inc, h.get(t, inc.ID)); d != "" {
		t.Errorf("an invalid Update changed the stored incident (-before +after):\n%s", d)
	}
	assert.Equal(t, before, h.revisions(t, inc.ID), "an invalid Update wrote a revision")
	_, err := h.s.Get(h.ctx, "EXT-2026-7777")
	assert.ErrorIs(t, err, store.ErrNotFound, "Get of the ID an invalid Update tried to set")
}

// mutate changes everything a caller could change in a returned value.
func mutate(inc *incident.Incident) {
	inc.ID += "-9"
	inc.Title = "mutated"
	inc.Labels = append(inc.Labels, "mutated")
	if len(inc.Labels) > 1 {
		inc.Labels[0] = "mutated"
	}
	if len(inc.Timeline) > 0 {
		inc.Timeline[0].Text = "mutated"
	}
	if len(inc.Impact.Components) > 0 {
		inc.Impact.Components[0].Status = incident.ComponentOperational
	}
	if inc.Roles == nil {
		inc.Roles = map[incident.Role]incident.Person{}
	}
	inc.Roles["mutated"] = bob
	inc.Roles[incident.RoleCommander] = bob
}

func testCopies(t *testing.T, h *harness) {
	created := h.declare(t, incident.Declaration{Components: []string{"api"}, Labels: []string{"db"}})
	id := created.ID
	var kept *incident.Incident
	updated := h.update(t, id, ada, func(inc *incident.Incident, at time.Time) error {
		kept = inc
		return inc.Assign(incident.RoleCommander, ada, ada, at)
	})
	want := h.get(t, id)
	got := h.get(t, id)
	listed := h.list(t, store.Filter{})
	require.Len(t, listed, 1)
	for _, inc := range []*incident.Incident{created, updated, kept, got, listed[0]} {
		mutate(inc)
	}
	if d := diff(want, h.get(t, id)); d != "" {
		t.Errorf("changing returned values changed the store (-want +got):\n%s", d)
	}
	if revs, err := store.History(h.ctx, h.s, id); err == nil {
		for _, r := range revs {
			mutate(r.Incident)
		}
		again, err := store.History(h.ctx, h.s, id)
		require.NoError(t, err)
		if d := diff(want, again[len(again)-1].Incident); d != "" {
			t.Errorf("changing returned revisions changed the store (-want +got):\n%s", d)
		}
	}
}

func testCancel(t *testing.T, h *harness) {
	inc := h.declare(t, incident.Declaration{})
	ctx, cancel := context.WithCancel(h.ctx)
	cancel()

	_, err := h.s.Create(ctx, incident.Declaration{Title: "Cancelled", Severity: h.level(0)}, ada)
	assert.ErrorIs(t, err, context.Canceled, "Create")
	_, err = h.s.Update(ctx, inc.ID, ada, func(inc *incident.Incident, at time.Time) error {
		return inc.AddNote("cancelled", ada, at)
	})
	assert.ErrorIs(t, err, context.Canceled, "Update")
	_, err = h.s.Get(ctx, inc.ID)
	assert.ErrorIs(t, err, context.Canceled, "Get")
	_, err = h.s.List(ctx, store.Filter{})
	assert.ErrorIs(t, err, context.Canceled, "List")
	err = h.s.PutPostmortem(ctx, newPostmortem(inc.ID), ada)
	assert.ErrorIs(t, err, context.Canceled, "PutPostmortem")
	_, err = h.s.Postmortem(ctx, inc.ID)
	assert.ErrorIs(t, err, context.Canceled, "Postmortem")

	assert.Len(t, h.list(t, store.Filter{}), 1, "Create with a cancelled context stored an incident")
	if d := diff(inc, h.get(t, inc.ID)); d != "" {
		t.Errorf("Update with a cancelled context changed the incident (-before +after):\n%s", d)
	}
	_, err = h.s.Postmortem(h.ctx, inc.ID)
	assert.ErrorIs(t, err, store.ErrNotFound, "PutPostmortem with a cancelled context stored a post-mortem")
}

func testConcurrentUpdates(t *testing.T, h *harness) {
	const n = 16
	inc := h.declare(t, incident.Declaration{})
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, errs[i] = h.s.Update(h.ctx, inc.ID, bob, func(inc *incident.Incident, at time.Time) error {
				return inc.AddNote(fmt.Sprintf("note %d", i), bob, at)
			})
		})
	}
	wg.Wait()
	for i, err := range errs {
		assert.NoError(t, err, "Update %d", i)
	}
	count := map[string]int{}
	for _, text := range notes(h.get(t, inc.ID)) {
		count[text]++
	}
	for i := range n {
		text := fmt.Sprintf("note %d", i)
		assert.Equal(t, 1, count[text], "times %q is in the timeline", text)
	}
	assert.Len(t, count, n, "distinct notes in the timeline")
	if revs := h.revisions(t, inc.ID); revs >= 0 {
		assert.Equal(t, n+1, revs, "revisions after %d updates", n)
	}
}
