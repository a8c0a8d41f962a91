package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testCreateGet(t *testing.T, h *harness) {
	d := incident.Declaration{
		Title:         "Checkout fails for EU customers",
		Summary:       "Card payments time out.",
		Severity:      h.level(0),
		Kind:          incident.KindNormal,
		ImpactStarted: longAgo,
		Components:    []string{"payments-api", "checkout"},
		Labels:        []string{"payments", "eu"},
	}
	inc, err := h.s.Create(h.ctx, d, ada)
	require.NoError(t, err)

	assert.NoError(t, incident.CheckID(inc.ID), "assigned ID")
	assert.NotEmpty(t, inc.UID, "assigned UID")
	assert.Equal(t, d.Title, inc.Title)
	assert.Equal(t, d.Summary, inc.Summary)
	assert.Equal(t, d.Severity, inc.Severity)
	assert.Equal(t, incident.KindNormal, inc.Kind)
	assert.Equal(t, incident.StatusTriage, inc.Status)
	assert.Equal(t, []string{"eu", "payments"}, inc.Labels)
	assert.Len(t, inc.Impact.Components, 2)
	declared := inc.Milestones.Declared
	assert.False(t, declared.IsZero(), "declared time is set")
	assert.True(t, normal(declared), "declared time %v is UTC, whole seconds", declared)
	assert.True(t, longAgo.Equal(inc.Milestones.ImpactStarted), "impact started = %v, want %v", inc.Milestones.ImpactStarted, longAgo)
	if assert.Len(t, inc.Timeline, 1) {
		e := inc.Timeline[0]
		assert.Equal(t, incident.EventDeclared, e.Kind)
		assert.Equal(t, ada, e.Actor)
		assert.True(t, e.At.Equal(declared), "declared event at %v, want %v", e.At, declared)
	}

	got := h.get(t, inc.ID)
	if d := diff(inc, got); d != "" {
		t.Errorf("Get(%s) differs from what Create returned (-created +got):\n%s", inc.ID, d)
	}
	listed := h.list(t, store.Filter{})
	if assert.Len(t, listed, 1) {
		if d := diff(inc, listed[0]); d != "" {
			t.Errorf("List differs from what Create returned (-created +listed):\n%s", d)
		}
	}
}

// testCreateWithLinks declares an incident with what detected it: the links
// are stored with the declaration.
func testCreateWithLinks(t *testing.T, h *harness) {
	links := []incident.Link{
		{Kind: incident.LinkAlert, Target: "3f1c2a9b8d7e6f50", Title: "CheckoutHighErrorRate"},
		{Kind: incident.LinkDeploy, Target: "payments-api@v812", Suspect: true},
	}
	inc, err := h.s.Create(h.ctx, incident.Declaration{Title: "5xx on checkout", Severity: h.level(0), Links: links}, ada)
	require.NoError(t, err)
	assert.Equal(t, links, inc.Links)
	got := h.get(t, inc.ID)
	assert.Equal(t, links, got.Links)
	if assert.Len(t, got.Timeline, 3, "declared and one event per link") {
		assert.Equal(t, incident.EventLink, got.Timeline[1].Kind)
		assert.Equal(t, incident.EventLink, got.Timeline[2].Kind)
	}
	_, err = h.s.Create(h.ctx, incident.Declaration{Title: "bad", Severity: h.level(0),
		Links: []incident.Link{{Kind: "pager", Target: "x"}}}, ada)
	assert.ErrorIs(t, err, incident.ErrInvalid)
	assert.Len(t, h.list(t, store.Filter{}), 1, "a rejected declaration stores nothing")
}

func testAssignedIDs(t *testing.T, h *harness) {
	const n = 5
	seenID, seenUID := map[string]bool{}, map[string]bool{}
	titles := map[string]string{}
	for i := range n {
		title := "Incident " + string(rune('A'+i))
		inc := h.declare(t, incident.Declaration{Title: title})
		assert.NoError(t, incident.CheckID(inc.ID))
		assert.False(t, seenID[inc.ID], "ID %s assigned twice", inc.ID)
		assert.False(t, seenUID[inc.UID], "UID %s assigned twice", inc.UID)
		seenID[inc.ID], seenUID[inc.UID] = true, true
		titles[inc.ID] = title
	}
	for id, title := range titles {
		assert.Equal(t, title, h.get(t, id).Title, "Get(%s).Title", id)
	}
	assert.Len(t, h.list(t, store.Filter{}), n)
}

func testExplicitID(t *testing.T, h *harness) {
	const id = "EXT-2026-0042"
	uid := ulid.Make().String()
	inc := h.declare(t, incident.Declaration{ID: id, UID: uid, Title: "First"})
	assert.Equal(t, id, inc.ID)
	assert.Equal(t, uid, inc.UID)

	_, err := h.s.Create(h.ctx, incident.Declaration{ID: id, Title: "Second", Severity: h.level(0)}, bob)
	assert.ErrorIs(t, err, store.ErrExist, "Create with a taken ID")
	assert.Equal(t, "First", h.get(t, id).Title, "the first incident is untouched")

	other := h.declare(t, incident.Declaration{Title: "Third"})
	assert.NotEqual(t, id, other.ID, "assigned ID after an explicit one")
	assert.Len(t, h.list(t, store.Filter{}), 2)
}

func testInvalidDeclaration(t *testing.T, h *harness) {
	valid := incident.Declaration{Title: "Checkout fails", Severity: h.level(0)}
	tests := []struct {
		name string
		edit func(d *incident.Declaration)
		by   incident.Person
	}{
		{"unknown severity", func(d *incident.Declaration) { d.Severity = "nosuchlevel" }, ada},
		{"empty severity", func(d *incident.Declaration) { d.Severity = "" }, ada},
		{"empty title", func(d *incident.Declaration) { d.Title = "" }, ada},
		{"bad kind", func(d *incident.Declaration) { d.Kind = "exercise" }, ada},
		{"lower-case id", func(d *incident.Declaration) { d.ID = "inc-2026-0001" }, ada},
		{"path id", func(d *incident.Declaration) { d.ID = "../INC-1" }, ada},
		{"slash id", func(d *incident.Declaration) { d.ID = "INC/2026-1" }, ada},
		{"bad component", func(d *incident.Declaration) { d.Components = []string{"../etc"} }, ada},
		{"nobody", func(*incident.Declaration) {}, incident.Person{}},
		{"bad person", func(*incident.Declaration) {}, incident.Person{Name: "Eve <x>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := valid
			tt.edit(&d)
			inc, err := h.s.Create(h.ctx, d, tt.by)
			assert.ErrorIs(t, err, incident.ErrInvalid, "Create(%+v) = %v", d, inc)
		})
	}
	assert.Empty(t, h.list(t, store.Filter{}), "invalid declarations store nothing")
}

func testNotFound(t *testing.T, h *harness) {
	inc := h.declare(t, incident.Declaration{})
	_, err := h.s.Get(h.ctx, missingID)
	assert.ErrorIs(t, err, store.ErrNotFound, "Get")

	called := false
	_, err = h.s.Update(h.ctx, missingID, ada, func(*incident.Incident, time.Time) error {
		called = true
		return nil
	})
	assert.ErrorIs(t, err, store.ErrNotFound, "Update")
	assert.False(t, called, "Update called fn for a missing incident")

	_, err = h.s.Postmortem(h.ctx, missingID)
	assert.ErrorIs(t, err, store.ErrNotFound, "Postmortem of a missing incident")
	_, err = h.s.Postmortem(h.ctx, inc.ID)
	assert.ErrorIs(t, err, store.ErrNotFound, "Postmortem of an incident without one")
	err = h.s.PutPostmortem(h.ctx, newPostmortem(missingID), ada)
	assert.ErrorIs(t, err, store.ErrNotFound, "PutPostmortem for a missing incident")

	if _, err := store.History(h.ctx, h.s, missingID); !errors.Is(err, errors.ErrUnsupported) {
		assert.ErrorIs(t, err, store.ErrNotFound, "History")
	}
}

func testPolicy(t *testing.T, h *harness) {
	p, err := h.s.Policy(h.ctx)
	require.NoError(t, err)
	want := p.Names()
	p.Levels[0].Name = "changed"
	p.Levels = p.Levels[:0]
	again, err := h.s.Policy(h.ctx)
	require.NoError(t, err)
	assert.Equal(t, want, again.Names(), "changing the returned policy changed the store's")
}
