package gitstore_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
)

// TestHistoryWithInvalidRevision: a bad hand edit, fixed by the next one,
// does not make the incident's history unreadable: History returns every
// valid revision with an error naming the bad one's file and line.
func TestHistoryWithInvalidRevision(t *testing.T) {
	ctx := context.Background()
	st, dir := newWorktreeStore(t)
	inc, err := st.Create(ctx, incident.Declaration{Title: "Queue backlog", Severity: "sev3"}, alice)
	require.NoError(t, err)
	_, err = st.Update(ctx, inc.ID, alice, func(inc *incident.Incident, at time.Time) error {
		return inc.AddNote("draining", alice, at)
	})
	require.NoError(t, err)
	rel := filepath.ToSlash(filepath.Join("incidents", "2026", "11", inc.ID, "incident.yaml"))
	handEdit(t, dir, rel, "status: triage", "status: on fire")
	handEdit(t, dir, rel, "status: on fire", "status: triage")
	badRev := strings.TrimSpace(git(t, dir, "rev-parse", "--short=10", "HEAD~1"))

	revs, err := store.History(ctx, st, inc.ID)
	require.Error(t, err)
	assert.True(t, errors.Is(err, incident.ErrInvalid), "History error %v does not match ErrInvalid", err)
	assert.Contains(t, err.Error(), "revision "+badRev)
	assert.Contains(t, err.Error(), rel+":")
	// declared, note, fixed by hand: the bad revision is left out.
	require.Len(t, revs, 3)
	assert.Equal(t, strings.TrimSpace(git(t, dir, "rev-parse", "HEAD")), revs[2].ID)
	assert.Equal(t, incident.StatusTriage, revs[2].Incident.Status)

	// AtRevision finds a valid revision, and names the invalid ones when
	// asked for one of them.
	got, err := store.AtRevision(ctx, st, inc.ID, revs[1].ID)
	require.NoError(t, err)
	assert.Len(t, got.Timeline, 2)
	_, err = store.AtRevision(ctx, st, inc.ID, badRev)
	assert.True(t, errors.Is(err, incident.ErrInvalid), "AtRevision(bad) = %v", err)
	// FieldHistory gives the changes of the valid revisions, with the error.
	changes, err := store.FieldHistory(ctx, st, inc.ID, "status")
	assert.True(t, errors.Is(err, incident.ErrInvalid), "FieldHistory error %v", err)
	require.Len(t, changes, 1)
	assert.Equal(t, "triage", changes[0].To)
	// AsOf cannot know which state was current: it fails.
	_, err = store.AsOf(ctx, st, inc.ID, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	assert.True(t, errors.Is(err, incident.ErrInvalid), "AsOf = %v", err)
}
