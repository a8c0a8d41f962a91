package storetest

import (
	"errors"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newPostmortem returns a small post-mortem of incident id.
func newPostmortem(id string) *postmortem.Postmortem {
	return &postmortem.Postmortem{
		IncidentID: id,
		Title:      "Checkout outage",
		Status:     postmortem.StatusDraft,
		Authors:    []incident.Person{ada},
		Created:    longAgo,
		Summary:    "Card payments timed out for 40 minutes.",
		RootCauses: "A connection pool was too small for the new retry policy.",
		ActionItems: []postmortem.ActionItem{{
			ID: "A1", Title: "Alert on pool saturation", Type: postmortem.ActionDetect,
			Owner: "@ada", Priority: postmortem.P2, Status: postmortem.ActionOpen,
		}},
	}
}

func testPostmortem(t *testing.T, h *harness) {
	inc := h.declare(t, incident.Declaration{})
	pm := newPostmortem(inc.ID)
	require.NoError(t, h.s.PutPostmortem(h.ctx, pm, ada))
	got, err := h.s.Postmortem(h.ctx, inc.ID)
	require.NoError(t, err)
	if d := diff(pm, got); d != "" {
		t.Errorf("Postmortem after PutPostmortem (-put +got):\n%s", d)
	}

	got.Title = "mutated"
	pm.Summary = "Changed after the put."
	again, err := h.s.Postmortem(h.ctx, inc.ID)
	require.NoError(t, err)
	assert.Equal(t, "Checkout outage", again.Title, "changing a returned post-mortem changed the store")
	assert.Equal(t, "Card payments timed out for 40 minutes.", again.Summary, "changing a stored post-mortem changed the store")

	pm.Status = postmortem.StatusInReview
	require.NoError(t, h.s.PutPostmortem(h.ctx, pm, bob))
	got, err = h.s.Postmortem(h.ctx, inc.ID)
	require.NoError(t, err)
	if d := diff(pm, got); d != "" {
		t.Errorf("Postmortem after a second PutPostmortem (-put +got):\n%s", d)
	}

	err = h.s.PutPostmortem(h.ctx, newPostmortem("not an id"), ada)
	assert.Error(t, err, "PutPostmortem with an invalid incident ID")
	err = h.s.PutPostmortem(h.ctx, nil, ada)
	assert.Error(t, err, "PutPostmortem(nil)")
}

// historyFixture declares an incident and changes it twice:
//
//	rev 0: declared by ada, title "Checkout fails", triage
//	rev 1: bob moves it to investigating
//	rev 2: ada renames it "Checkout fails for EU customers"
//
// followed by a no-op update that must not add a revision.
func historyFixture(t *testing.T, h *harness) (*incident.Incident, []store.Revision) {
	t.Helper()
	inc := h.declare(t, incident.Declaration{Title: "Checkout fails"})
	h.history(t, inc.ID) // skips when unsupported
	h.update(t, inc.ID, bob, func(inc *incident.Incident, at time.Time) error {
		return inc.SetStatus(incident.StatusInvestigating, "", bob, at)
	})
	h.update(t, inc.ID, ada, func(inc *incident.Incident, at time.Time) error {
		return inc.SetTitle("Checkout fails for EU customers", ada, at)
	})
	h.update(t, inc.ID, bob, func(*incident.Incident, time.Time) error { return nil })
	return h.get(t, inc.ID), h.history(t, inc.ID)
}

func testHistory(t *testing.T, h *harness) {
	inc, revs := historyFixture(t, h)
	require.Len(t, revs, 3)
	wantAuthors := []incident.Person{ada, bob, ada}
	seen := map[string]bool{}
	for i, r := range revs {
		assert.Equal(t, wantAuthors[i], r.Author, "revision %d author", i)
		assert.NotEmpty(t, r.ID, "revision %d ID", i)
		assert.False(t, seen[r.ID], "revision ID %s repeated", r.ID)
		seen[r.ID] = true
		assert.True(t, normal(r.At), "revision %d at %v: want UTC whole seconds", i, r.At)
		if i > 0 {
			assert.False(t, r.At.Before(revs[i-1].At), "revision %d is older than revision %d", i, i-1)
		}
		subject := firstLine(r.Message)
		assert.Contains(t, subject, inc.ID, "revision %d message names the incident", i)
		assert.LessOrEqual(t, utf8.RuneCountInString(subject), 72, "revision %d subject %q", i, subject)
		require.NotNil(t, r.Incident, "revision %d incident", i)
	}
	assert.Equal(t, incident.StatusTriage, revs[0].Incident.Status)
	assert.Equal(t, "Checkout fails", revs[0].Incident.Title)
	assert.Equal(t, incident.StatusInvestigating, revs[1].Incident.Status)
	assert.Equal(t, "Checkout fails", revs[1].Incident.Title)
	if d := diff(inc, revs[2].Incident); d != "" {
		t.Errorf("last revision differs from Get (-get +revision):\n%s", d)
	}
}

func testAsOf(t *testing.T, h *harness) {
	inc, revs := historyFixture(t, h)
	last := revs[len(revs)-1]
	got, err := store.AsOf(h.ctx, h.s, inc.ID, last.At)
	require.NoError(t, err)
	if d := diff(inc, got); d != "" {
		t.Errorf("AsOf(last revision time) (-want +got):\n%s", d)
	}
	got, err = store.AsOf(h.ctx, h.s, inc.ID, last.At.Add(24*time.Hour))
	require.NoError(t, err)
	if d := diff(inc, got); d != "" {
		t.Errorf("AsOf(a day later) (-want +got):\n%s", d)
	}
	// Revisions made in the same second are told apart by order: the
	// state at a time is the one of the last revision at or before it.
	for i, r := range revs {
		if i+1 < len(revs) && revs[i+1].At.Equal(r.At) {
			continue
		}
		got, err := store.AsOf(h.ctx, h.s, inc.ID, r.At)
		require.NoError(t, err)
		if d := diff(r.Incident, got); d != "" {
			t.Errorf("AsOf(revision %d time) (-want +got):\n%s", i, d)
		}
	}
	_, err = store.AsOf(h.ctx, h.s, inc.ID, revs[0].At.Add(-time.Second))
	assert.ErrorIs(t, err, store.ErrNotFound, "AsOf before the declaration")
	_, err = store.AsOf(h.ctx, h.s, missingID, last.At)
	assert.ErrorIs(t, err, store.ErrNotFound, "AsOf of a missing incident")
}

func testAtRevision(t *testing.T, h *harness) {
	inc, revs := historyFixture(t, h)
	for i, r := range revs {
		got, err := store.AtRevision(h.ctx, h.s, inc.ID, r.ID)
		require.NoError(t, err, "AtRevision(%s)", r.ID)
		if d := diff(r.Incident, got); d != "" {
			t.Errorf("AtRevision(revision %d) (-want +got):\n%s", i, d)
		}
	}
	_, err := store.AtRevision(h.ctx, h.s, inc.ID, "0000000000000000000000000000000000000000")
	assert.ErrorIs(t, err, store.ErrNotFound, "AtRevision of a missing revision")
	_, err = store.AtRevision(h.ctx, h.s, missingID, revs[0].ID)
	assert.ErrorIs(t, err, store.ErrNotFound, "AtRevision of a missing incident")
}

func testFieldHistory(t *testing.T, h *harness) {
	inc, revs := historyFixture(t, h)
	change := func(field, from, to string, rev int) store.FieldChange {
		return store.FieldChange{Field: field, From: from, To: to, Revision: revs[rev].ID, Author: revs[rev].Author, At: revs[rev].At}
	}
	declared := inc.Milestones.Declared.Format(time.RFC3339)
	acked := revs[1].Incident.Milestones.Acknowledged.Format(time.RFC3339)
	tests := []struct {
		field string
		want  []store.FieldChange
	}{
		{"title", []store.FieldChange{
			change("title", "", "Checkout fails", 0),
			change("title", "Checkout fails", "Checkout fails for EU customers", 2),
		}},
		{"status", []store.FieldChange{
			change("status", "", "triage", 0),
			change("status", "triage", "investigating", 1),
		}},
		{"severity", []store.FieldChange{change("severity", "", inc.Severity, 0)}},
		{"milestones.declared", []store.FieldChange{change("milestones.declared", "", declared, 0)}},
		{"milestones.acknowledged", []store.FieldChange{change("milestones.acknowledged", "", acked, 1)}},
		{"roles.commander", nil},
		{"impact.components.api", nil},
		{"labels", nil},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			got, err := store.FieldHistory(h.ctx, h.s, inc.ID, tt.field)
			require.NoError(t, err)
			if d := diff(tt.want, got); d != "" {
				t.Errorf("FieldHistory(%s) (-want +got):\n%s", tt.field, d)
			}
		})
	}
	_, err := store.FieldHistory(h.ctx, h.s, inc.ID, "nosuchfield")
	assert.ErrorIs(t, err, incident.ErrInvalid, "FieldHistory of an unknown field")
	_, err = store.FieldHistory(h.ctx, h.s, missingID, "title")
	if !errors.Is(err, errors.ErrUnsupported) {
		assert.ErrorIs(t, err, store.ErrNotFound, "FieldHistory of a missing incident")
	}
}
