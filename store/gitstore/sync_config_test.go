package gitstore_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

// TestCloneRecordsRemote: Clone writes the remote into the repository's
// config as git clone does, git reads it, and a Sync with no URL uses it.
func TestCloneRecordsRemote(t *testing.T) {
	ctx := context.Background()
	base := t.TempDir()
	clock := newClock()
	origin, err := gitstore.Init(filepath.Join(base, "origin.git"), &gitstore.Options{NoSync: true, Now: clock.Now})
	require.NoError(t, err)
	defer origin.Close()
	originDir := filepath.Join(base, "origin.git")

	cloneDir := filepath.Join(base, "clone.git")
	clone, err := gitstore.Clone(ctx, cloneDir, &gitstore.Options{NoSync: true, Now: clock.Now}, store.SyncOptions{URL: originDir, By: bob})
	require.NoError(t, err)
	defer clone.Close()
	assert.Equal(t, originDir, strings.TrimSpace(git(t, cloneDir, "config", "--get", "remote.origin.url")))
	assert.Equal(t, "+refs/heads/*:refs/remotes/origin/*", strings.TrimSpace(git(t, cloneDir, "config", "--get", "remote.origin.fetch")))

	inc, err := origin.Create(ctx, incident.Declaration{Title: "Queue backlog", Severity: "sev3"}, alice)
	require.NoError(t, err)
	res, err := clone.Sync(ctx, store.SyncOptions{By: bob})
	require.NoError(t, err, "Sync with the recorded URL")
	assert.Equal(t, strings.TrimSpace(git(t, originDir, "rev-parse", "main")), res.After)
	_, err = clone.Get(ctx, inc.ID)
	require.NoError(t, err)
	fsck(t, cloneDir)

	// Another remote name has no URL recorded: the error says so.
	_, err = clone.Sync(ctx, store.SyncOptions{Remote: "backup", By: bob})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no URL")

	// Credentials in a URL never show in the error of a failed clone (nor
	// go to the config: recordRemote skips such URLs).
	withUser := filepath.Join(base, "user.git")
	_, err = gitstore.Clone(ctx, withUser, &gitstore.Options{NoSync: true, Now: clock.Now},
		store.SyncOptions{URL: "http://user:secret@127.0.0.1:1/records.git", By: bob})
	require.Error(t, err, "nothing listens on port 1")
	assert.NotContains(t, err.Error(), "secret")
}
