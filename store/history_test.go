package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ticker returns a clock that starts at t0 and moves a minute per reading.
func ticker() func() time.Time {
	next := t0
	return func() time.Time {
		t := next
		next = next.Add(time.Minute)
		return t
	}
}

// fixture returns a memstore holding INC-2026-0001 with three revisions:
// r1 declared by ada at t0, r2 bob investigating at t0+1m, r3 bob
// commander at t0+2m.
func fixture(t *testing.T) *memstore.Store {
	t.Helper()
	ctx := t.Context()
	s := memstore.New(&memstore.Options{Now: ticker()})
	inc, err := s.Create(ctx, incident.Declaration{Title: "Checkout fails", Severity: "sev2"}, ada)
	require.NoError(t, err)
	_, err = s.Update(ctx, inc.ID, bob, func(inc *incident.Incident, at time.Time) error {
		return inc.SetStatus(incident.StatusInvestigating, "", bob, at)
	})
	require.NoError(t, err)
	_, err = s.Update(ctx, inc.ID, bob, func(inc *incident.Incident, at time.Time) error {
		return inc.Assign(incident.RoleCommander, bob, bob, at)
	})
	require.NoError(t, err)
	return s
}

// plain hides every capability of the store it wraps.
type plain struct{ store.Store }

func TestHelpersUnsupported(t *testing.T) {
	ctx := t.Context()
	s := plain{fixture(t)}
	const id = "INC-2026-0001"
	_, err := store.History(ctx, s, id)
	assert.ErrorIs(t, err, errors.ErrUnsupported, "History")
	_, err = store.AsOf(ctx, s, id, t0)
	assert.ErrorIs(t, err, errors.ErrUnsupported, "AsOf")
	_, err = store.AtRevision(ctx, s, id, "r1")
	assert.ErrorIs(t, err, errors.ErrUnsupported, "AtRevision")
	_, err = store.FieldHistory(ctx, s, id, "status")
	assert.ErrorIs(t, err, errors.ErrUnsupported, "FieldHistory")
	_, err = store.FieldHistory(ctx, s, id, "nosuchfield")
	assert.ErrorIs(t, err, incident.ErrInvalid, "FieldHistory of an unknown field, even when unsupported")
}

func TestHistory(t *testing.T) {
	s := fixture(t)
	revs, err := store.History(t.Context(), s, "INC-2026-0001")
	require.NoError(t, err)
	type rev struct {
		ID, Author, Message string
		At                  time.Time
	}
	var got []rev
	for _, r := range revs {
		got = append(got, rev{r.ID, r.Author.Name, r.Message, r.At})
	}
	want := []rev{
		{"r1", "Ada Lovelace", "INC-2026-0001: declared sev2: Checkout fails", t0},
		{"r2", "Bob Jones", "INC-2026-0001: status triage -> investigating", t0.Add(time.Minute)},
		{"r3", "Bob Jones", "INC-2026-0001: role commander none -> Bob Jones", t0.Add(2 * time.Minute)},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("History (-want +got):\n%s", d)
	}
}

func TestAsOf(t *testing.T) {
	ctx := t.Context()
	s := fixture(t)
	tests := []struct {
		at     time.Time
		status incident.Status // "" for not found
	}{
		{t0.Add(-time.Second), ""},
		{t0, incident.StatusTriage},
		{t0.Add(59 * time.Second), incident.StatusTriage},
		{t0.Add(time.Minute), incident.StatusInvestigating},
		{t0.Add(time.Hour), incident.StatusInvestigating},
	}
	for _, tt := range tests {
		inc, err := store.AsOf(ctx, s, "INC-2026-0001", tt.at)
		if tt.status == "" {
			assert.ErrorIs(t, err, store.ErrNotFound, "AsOf(%v)", tt.at)
			continue
		}
		if assert.NoError(t, err, "AsOf(%v)", tt.at) {
			assert.Equal(t, tt.status, inc.Status, "AsOf(%v).Status", tt.at)
		}
	}
	_, err := store.AsOf(ctx, s, "INC-2026-0002", t0)
	assert.ErrorIs(t, err, store.ErrNotFound, "AsOf of a missing incident")
}

// hashes gives its revisions hash-like IDs, to test abbreviations.
type hashes struct{ *memstore.Store }

func (h hashes) History(ctx context.Context, id string) ([]store.Revision, error) {
	revs, err := h.Store.History(ctx, id)
	for i := range revs {
		revs[i].ID = []string{"abcd1111", "abcd2222", "abce3333"}[i]
	}
	return revs, err
}

func TestAtRevision(t *testing.T) {
	ctx := t.Context()
	s := hashes{fixture(t)}
	tests := []struct {
		rev    string
		status incident.Status // "" for an error
	}{
		{"abcd1111", incident.StatusTriage},
		{"abcd2", incident.StatusInvestigating},
		{"abce", incident.StatusInvestigating},
		{"abcd", ""}, // ambiguous
		{"abc", ""},  // too short to abbreviate
		{"ffff", ""},
	}
	for _, tt := range tests {
		inc, err := store.AtRevision(ctx, s, "INC-2026-0001", tt.rev)
		if tt.status == "" {
			assert.Error(t, err, "AtRevision(%s)", tt.rev)
			continue
		}
		if assert.NoError(t, err, "AtRevision(%s)", tt.rev) {
			assert.Equal(t, tt.status, inc.Status, "AtRevision(%s).Status", tt.rev)
		}
	}
	_, err := store.AtRevision(ctx, s, "INC-2026-0001", "ffff")
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = store.AtRevision(ctx, s, "INC-2026-0001", "abcd")
	assert.ErrorContains(t, err, "ambiguous")
}

func TestFieldHistory(t *testing.T) {
	ctx := t.Context()
	s := fixture(t)
	const id = "INC-2026-0001"
	_, err := s.Update(ctx, id, ada, func(inc *incident.Incident, at time.Time) error {
		if err := inc.SetImpact(1200, 0, "", "", ada, at); err != nil {
			return err
		}
		if err := inc.SetComponent("api", incident.ComponentDegraded, ada, at); err != nil {
			return err
		}
		return inc.SetLabels([]string{"db", "eu"}, ada, at)
	})
	require.NoError(t, err)
	r4 := t0.Add(3 * time.Minute)
	tests := []struct {
		field string
		want  []store.FieldChange
	}{
		{"status", []store.FieldChange{
			{Field: "status", To: "triage", Revision: "r1", Author: ada, At: t0},
			{Field: "status", From: "triage", To: "investigating", Revision: "r2", Author: bob, At: t0.Add(time.Minute)},
		}},
		{"roles.commander", []store.FieldChange{
			{Field: "roles.commander", To: bob.String(), Revision: "r3", Author: bob, At: t0.Add(2 * time.Minute)},
		}},
		{"milestones.acknowledged", []store.FieldChange{
			{Field: "milestones.acknowledged", To: "2026-11-27T09:31:00Z", Revision: "r2", Author: bob, At: t0.Add(time.Minute)},
		}},
		{"impact.users_affected", []store.FieldChange{
			{Field: "impact.users_affected", To: "1200", Revision: "r4", Author: ada, At: r4},
		}},
		{"impact.components.api", []store.FieldChange{
			{Field: "impact.components.api", To: "degraded", Revision: "r4", Author: ada, At: r4},
		}},
		{"labels", []store.FieldChange{
			{Field: "labels", To: "db,eu", Revision: "r4", Author: ada, At: r4},
		}},
		{"title", []store.FieldChange{{Field: "title", To: "Checkout fails", Revision: "r1", Author: ada, At: t0}}},
		{"kind", []store.FieldChange{{Field: "kind", To: "normal", Revision: "r1", Author: ada, At: t0}}},
		{"severity", []store.FieldChange{{Field: "severity", To: "sev2", Revision: "r1", Author: ada, At: t0}}},
		{"summary", nil},
		{"postmortem", nil},
		{"impact.customers_affected", nil},
		{"impact.customer_facing", nil},
		{"impact.business", nil},
		{"milestones.closed", nil},
		{"roles.scribe", nil},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			got, err := store.FieldHistory(ctx, s, id, tt.field)
			require.NoError(t, err)
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("FieldHistory(%s) (-want +got):\n%s", tt.field, d)
			}
		})
	}
	for _, field := range []string{"", "nosuchfield", "roles.", "roles.Bad Role", "milestones.lunch", "impact", "impact.components.", "Title"} {
		_, err := store.FieldHistory(ctx, s, id, field)
		assert.ErrorIs(t, err, incident.ErrInvalid, "FieldHistory(%q)", field)
		assert.ErrorContains(t, err, "roles.<role>", "FieldHistory(%q) lists the known fields", field)
	}
	_, err = store.FieldHistory(ctx, s, "INC-2026-0002", "title")
	assert.ErrorIs(t, err, store.ErrNotFound)
}

// native has its own AsOf, AtRevision and FieldHistory, which the helpers
// must prefer.
type native struct{ plain }

var errNative = errors.New("native")

func (native) AsOf(context.Context, string, time.Time) (*incident.Incident, error) {
	return nil, errNative
}

func (native) AtRevision(context.Context, string, string) (*incident.Incident, error) {
	return nil, errNative
}

func (native) FieldHistory(context.Context, string, string) ([]store.FieldChange, error) {
	return nil, errNative
}

func TestHelpersPreferNative(t *testing.T) {
	ctx := t.Context()
	s := native{plain{fixture(t)}}
	_, err := store.AsOf(ctx, s, "INC-2026-0001", t0)
	assert.ErrorIs(t, err, errNative, "AsOf")
	_, err = store.AtRevision(ctx, s, "INC-2026-0001", "r1")
	assert.ErrorIs(t, err, errNative, "AtRevision")
	_, err = store.FieldHistory(ctx, s, "INC-2026-0001", "title")
	assert.ErrorIs(t, err, errNative, "FieldHistory")
}
