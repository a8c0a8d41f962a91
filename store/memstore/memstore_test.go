package memstore_test

import (
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/memstore"
	"github.com/incidentkit/incidentkit/store/storetest"
	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConformance(t *testing.T) {
	t.Run("real clock", func(t *testing.T) {
		storetest.Run(t, func(*testing.T) store.Store { return memstore.New(nil) })
	})
	t.Run("fixed clock", func(t *testing.T) {
		at := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
		storetest.Run(t, func(*testing.T) store.Store {
			return memstore.New(&memstore.Options{Now: func() time.Time { return at }})
		})
	})
}

var (
	ada = incident.Person{Name: "Ada Lovelace", Email: "ada@example.com"}
	bob = incident.Person{Name: "Bob Jones", Email: "bob@example.com"}
	t0  = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
)

// clock is a settable clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func declare(t *testing.T, s *memstore.Store, d incident.Declaration) *incident.Incident {
	t.Helper()
	if d.Title == "" {
		d.Title = "Checkout fails"
	}
	if d.Severity == "" {
		d.Severity = "sev2"
	}
	inc, err := s.Create(t.Context(), d, ada)
	require.NoError(t, err)
	return inc
}

func TestAssignedIDs(t *testing.T) {
	c := &clock{t0}
	s := memstore.New(&memstore.Options{Now: c.now})
	assert.Equal(t, "INC-2026-0001", declare(t, s, incident.Declaration{}).ID)
	assert.Equal(t, "INC-2026-0002", declare(t, s, incident.Declaration{}).ID)
	declare(t, s, incident.Declaration{ID: "INC-2026-0003"})
	assert.Equal(t, "INC-2026-0004", declare(t, s, incident.Declaration{}).ID, "skips an ID taken explicitly")
	c.t = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	assert.Equal(t, "INC-2027-0001", declare(t, s, incident.Declaration{}).ID, "a new year starts again")
	c.t = time.Date(2026, 12, 31, 23, 59, 59, 0, time.FixedZone("UTC-5", -5*3600))
	assert.Equal(t, "INC-2027-0002", declare(t, s, incident.Declaration{}).ID, "the year is the UTC year")

	ops := memstore.New(&memstore.Options{Now: c.now, IDPrefix: "OPS"})
	assert.Equal(t, "OPS-2027-0001", declare(t, ops, incident.Declaration{}).ID)

	bad := memstore.New(&memstore.Options{IDPrefix: "ops"})
	_, err := bad.Create(t.Context(), incident.Declaration{Title: "x", Severity: "sev1"}, ada)
	assert.ErrorIs(t, err, incident.ErrInvalid, "Create with a lower-case prefix")
}

func TestSequencePast9999(t *testing.T) {
	if testing.Short() {
		t.Skip("creates 10,000 incidents")
	}
	s := memstore.New(&memstore.Options{Now: func() time.Time { return t0 }})
	var last *incident.Incident
	for range 10000 {
		last = declare(t, s, incident.Declaration{})
	}
	assert.Equal(t, "INC-2026-10000", last.ID)
}

func TestUID(t *testing.T) {
	s := memstore.New(&memstore.Options{Now: func() time.Time { return t0.Add(123 * time.Millisecond) }})
	inc := declare(t, s, incident.Declaration{})
	u, err := ulid.ParseStrict(inc.UID)
	require.NoError(t, err)
	assert.Equal(t, t0, ulid.Time(u.Time()).UTC(), "ULID time is the store's clock, truncated to the second")
	assert.NotEqual(t, inc.UID, declare(t, s, incident.Declaration{}).UID)

	_, err = s.Create(t.Context(), incident.Declaration{Title: "x", Severity: "sev1", UID: inc.UID}, ada)
	assert.ErrorIs(t, err, store.ErrExist, "Create with a taken UID")
}

func TestClock(t *testing.T) {
	local := time.FixedZone("CET", 3600)
	s := memstore.New(&memstore.Options{Now: func() time.Time {
		return time.Date(2026, 11, 27, 10, 30, 0, 987654321, local)
	}})
	inc := declare(t, s, incident.Declaration{})
	assert.Equal(t, t0, inc.Milestones.Declared)
	assert.Equal(t, time.UTC, inc.Milestones.Declared.Location())
}

func TestUnknownSeverity(t *testing.T) {
	s := memstore.New(nil)
	_, err := s.Create(t.Context(), incident.Declaration{Title: "x", Severity: "sev9"}, ada)
	assert.ErrorIs(t, err, incident.ErrInvalid)
	assert.ErrorIs(t, err, severity.ErrUnknownLevel)

	inc := declare(t, s, incident.Declaration{})
	_, err = s.Update(t.Context(), inc.ID, bob, func(inc *incident.Incident, at time.Time) error {
		return inc.SetSeverity("sev9", "", bob, at)
	})
	assert.ErrorIs(t, err, incident.ErrInvalid)
	assert.ErrorIs(t, err, severity.ErrUnknownLevel)
}

func TestOptionsCopied(t *testing.T) {
	p := severity.Default()
	opts := &memstore.Options{Policy: p}
	s := memstore.New(opts)
	assert.Equal(t, memstore.Options{Policy: p}, *opts, "New changed the options")
	p.Levels[0].Name = "changed"
	p.Levels = append(p.Levels, severity.Level{Name: "sev9", Rank: 9})
	got, err := s.Policy(t.Context())
	require.NoError(t, err)
	assert.Equal(t, severity.Default(), got, "changing the caller's policy changed the store's")
}

func TestCustomPolicy(t *testing.T) {
	p := &severity.Policy{Levels: []severity.Level{{Name: "p1", Rank: 1}, {Name: "p2", Rank: 2}}}
	s := memstore.New(&memstore.Options{Policy: p})
	_, err := s.Create(t.Context(), incident.Declaration{Title: "x", Severity: "sev1"}, ada)
	assert.ErrorIs(t, err, incident.ErrInvalid)
	declare(t, s, incident.Declaration{Severity: "p2"})
}

func TestUpdateNormalizes(t *testing.T) {
	s := memstore.New(&memstore.Options{Now: func() time.Time { return t0 }})
	inc := declare(t, s, incident.Declaration{})
	local := time.FixedZone("CET", 3600)
	got, err := s.Update(t.Context(), inc.ID, bob, func(inc *incident.Incident, at time.Time) error {
		inc.Milestones.ImpactStarted = time.Date(2026, 11, 27, 10, 0, 0, 5, local)
		inc.Links = []incident.Link{}
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, t0.Add(-30*time.Minute), got.Milestones.ImpactStarted)
	assert.Equal(t, time.UTC, got.Milestones.ImpactStarted.Location())
	assert.Nil(t, got.Links)
}

func TestAliases(t *testing.T) {
	s := memstore.New(&memstore.Options{Now: func() time.Time { return t0 }})
	a := declare(t, s, incident.Declaration{})
	b := declare(t, s, incident.Declaration{})
	_, err := s.Update(t.Context(), a.ID, bob, func(inc *incident.Incident, _ time.Time) error {
		inc.Aliases = []string{"OLD-2025-0001"}
		return nil
	})
	require.NoError(t, err)
	got, err := s.Get(t.Context(), "OLD-2025-0001")
	require.NoError(t, err)
	assert.Equal(t, a.ID, got.ID, "Get by alias")
	_, err = s.Create(t.Context(), incident.Declaration{ID: "OLD-2025-0001", Title: "x", Severity: "sev1"}, ada)
	assert.ErrorIs(t, err, store.ErrExist, "Create with an alias of another incident")
	_, err = s.Update(t.Context(), b.ID, bob, func(inc *incident.Incident, _ time.Time) error {
		inc.Aliases = []string{a.ID}
		return nil
	})
	assert.ErrorIs(t, err, store.ErrExist, "alias naming another incident")
}

func TestRevisions(t *testing.T) {
	c := &clock{t0}
	s := memstore.New(&memstore.Options{Now: c.now})
	a := declare(t, s, incident.Declaration{})
	b := declare(t, s, incident.Declaration{})
	c.t = t0.Add(time.Minute)
	_, err := s.Update(t.Context(), a.ID, bob, func(inc *incident.Incident, at time.Time) error {
		if err := inc.AddNote("first", bob, at); err != nil {
			return err
		}
		return inc.AddNote("second", bob, at)
	})
	require.NoError(t, err)
	revs, err := s.History(t.Context(), a.ID)
	require.NoError(t, err)
	require.Len(t, revs, 2)
	assert.Equal(t, "r1", revs[0].ID)
	assert.Equal(t, "r3", revs[1].ID, "revision IDs are unique across the store")
	assert.Equal(t, bob, revs[1].Author)
	assert.Equal(t, t0.Add(time.Minute), revs[1].At)
	assert.Equal(t, "INC-2026-0001: 2 changes\n\n- note: first\n- note: second", revs[1].Message)
	revs, err = s.History(t.Context(), b.ID)
	require.NoError(t, err)
	assert.Equal(t, "r2", revs[0].ID)
}

func TestPostmortemInvalid(t *testing.T) {
	s := memstore.New(nil)
	inc := declare(t, s, incident.Declaration{})
	err := s.PutPostmortem(t.Context(), &postmortem.Postmortem{IncidentID: inc.ID, Title: "x", Status: "bogus"}, ada)
	assert.Error(t, err, "a post-mortem that does not parse back")
	_, err = s.Postmortem(t.Context(), inc.ID)
	assert.ErrorIs(t, err, store.ErrNotFound)
	err = s.PutPostmortem(t.Context(), &postmortem.Postmortem{IncidentID: inc.ID, Title: "x", Status: postmortem.StatusDraft}, incident.Person{})
	assert.ErrorIs(t, err, incident.ErrInvalid, "nobody")
}
