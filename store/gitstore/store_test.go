package gitstore_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	gogit "github.com/go-git/go-git/v5"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/severity"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
	"github.com/incidentkit/incidentkit/store/storetest"
)

func TestConformance(t *testing.T) {
	for _, bare := range []bool{true, false} {
		name := "bare"
		if !bare {
			name = "worktree"
		}
		t.Run(name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T) store.Store {
				dir := filepath.Join(t.TempDir(), "repo")
				st, err := gitstore.Init(dir, &gitstore.Options{NoSync: true, Worktree: !bare})
				require.NoError(t, err)
				t.Cleanup(func() {
					st.Close()
					fsck(t, dir)
					if !bare {
						assert.Empty(t, git(t, dir, "status", "--porcelain"), "git status after the suite")
					}
				})
				return st
			})
		})
	}
}

// TestOneCommitPerChange checks guarantee 1 with the git CLI: each change is
// one commit, authored by the actor, with a message naming the incident and
// what changed, an Incident trailer, and a tree that differs from its parent
// only in that incident's file.
func TestOneCommitPerChange(t *testing.T) {
	ctx := context.Background()
	st, dir := newStore(t, nil)
	inc, err := st.Create(ctx, incident.Declaration{Title: "API latency", Severity: "sev2"}, alice)
	require.NoError(t, err)
	other, err := st.Create(ctx, incident.Declaration{Title: "Search down", Severity: "sev3"}, alice)
	require.NoError(t, err)
	_, err = st.Update(ctx, inc.ID, bob, func(inc *incident.Incident, at time.Time) error {
		return inc.SetSeverity("sev1", "all regions now", bob, at)
	})
	require.NoError(t, err)
	_, err = st.Update(ctx, inc.ID, alice, func(inc *incident.Incident, at time.Time) error {
		return inc.AddNote("rolled back", alice, at)
	})
	require.NoError(t, err)
	// An update that changes nothing writes nothing.
	_, err = st.Update(ctx, inc.ID, alice, func(*incident.Incident, time.Time) error { return nil })
	require.NoError(t, err)

	log := strings.Split(git(t, dir, "log", "--format=%an <%ae>|%s|%(trailers:key=Incident,valueonly,separator=)", "main"), "\n")
	require.Len(t, log, 5, "init, two creates, two updates:\n%s", strings.Join(log, "\n"))
	want := []struct{ author, subject, trailer string }{
		{alice.String(), inc.ID + ": note", inc.ID},
		{bob.String(), inc.ID + ": severity sev2 -> sev1", inc.ID},
		{alice.String(), other.ID + ": declared", other.ID},
		{alice.String(), inc.ID + ": declared", inc.ID},
	}
	for i, w := range want {
		parts := strings.SplitN(log[i], "|", 3)
		require.Len(t, parts, 3, log[i])
		assert.Equal(t, w.author, parts[0], "author of commit %d", i)
		assert.True(t, strings.HasPrefix(parts[1], w.subject), "subject %q, want prefix %q", parts[1], w.subject)
		assert.Equal(t, w.trailer, parts[2], "Incident trailer of commit %d", i)
	}
	// Each commit touches only its incident's file.
	revs := strings.Fields(git(t, dir, "rev-list", "main"))
	for i, w := range want {
		files := git(t, dir, "diff-tree", "--no-commit-id", "--name-only", "-r", revs[i])
		assert.Regexp(t, `^incidents/\d{4}/\d{2}/`+w.trailer+`/incident.yaml$`, files, "files of commit %d", i)
	}
	// The stored file is the canonical format of what Get returns.
	got, err := st.Get(ctx, inc.ID)
	require.NoError(t, err)
	data, err := incident.Format(got)
	require.NoError(t, err)
	path := "incidents/" + got.Milestones.Declared.Format("2006/01") + "/" + inc.ID + "/incident.yaml"
	assert.Equal(t, string(data), git(t, dir, "show", "main:"+path)+"\n")
	fsck(t, dir)
}

func TestInitWritesPolicy(t *testing.T) {
	st, dir := newStore(t, nil)
	data := git(t, dir, "show", "main:"+severity.PolicyFile)
	assert.Equal(t, strings.TrimSpace(string(severity.Default().Format())), data)
	p, err := st.Policy(context.Background())
	require.NoError(t, err)
	assert.Equal(t, severity.Default().Levels, p.Levels)

	_, err = gitstore.Init(dir, nil)
	assert.ErrorIs(t, err, store.ErrExist, "Init on an existing repository")
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	st, dir := newStore(t, nil)
	inc, err := st.Create(ctx, incident.Declaration{Title: "Queue backlog", Severity: "sev3"}, alice)
	require.NoError(t, err)
	require.NoError(t, st.Close())

	st2, err := gitstore.Open(dir, nil)
	require.NoError(t, err)
	defer st2.Close()
	got, err := st2.Get(ctx, inc.ID)
	require.NoError(t, err)
	assert.Equal(t, inc.UID, got.UID)

	_, err = gitstore.Open(filepath.Join(t.TempDir(), "missing"), nil)
	assert.ErrorIs(t, err, fs.ErrNotExist)
	// A directory that exists but holds no repository: the same answer,
	// and go-git's sentinel for those who test for it.
	_, err = gitstore.Open(t.TempDir(), nil)
	assert.ErrorIs(t, err, fs.ErrNotExist)
	assert.ErrorIs(t, err, gogit.ErrRepositoryNotExists)
}

// TestWorktreeStaysClean checks guarantee 4 on a non-bare repository whose
// checked-out branch the store writes.
func TestWorktreeStaysClean(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "repo")
	st, err := gitstore.Init(dir, &gitstore.Options{Worktree: true, Now: newClock().Now})
	require.NoError(t, err)
	defer st.Close()
	inc, err := st.Create(ctx, incident.Declaration{Title: "Login errors", Severity: "sev2"}, alice)
	require.NoError(t, err)
	for i := 0; i < 3; i++ {
		_, err = st.Update(ctx, inc.ID, alice, func(inc *incident.Incident, at time.Time) error {
			return inc.AddNote("checking", alice, at)
		})
		require.NoError(t, err)
	}
	assert.Empty(t, git(t, dir, "status", "--porcelain"))
	assert.Empty(t, git(t, dir, "diff", "HEAD"))
	got, err := st.Get(ctx, inc.ID)
	require.NoError(t, err)
	want, err := incident.Format(got)
	require.NoError(t, err)
	onDisk, err := os.ReadFile(filepath.Join(dir, "incidents", got.Milestones.Declared.Format("2006/01"), inc.ID, "incident.yaml"))
	require.NoError(t, err)
	assert.Equal(t, string(want), string(onDisk))
	fsck(t, dir)
}

// TestBadFileInRepository checks guarantee 6: a hand-edited file merged
// into the branch is reported with file, line and field; other incidents
// stay readable; nothing panics.
func TestBadFileInRepository(t *testing.T) {
	ctx := context.Background()
	st, dir := newWorktreeStore(t)
	good, err := st.Create(ctx, incident.Declaration{Title: "Good", Severity: "sev3"}, alice)
	require.NoError(t, err)
	bad, err := st.Create(ctx, incident.Declaration{Title: "Bad", Severity: "sev3"}, alice)
	require.NoError(t, err)

	path := filepath.Join("incidents", bad.Milestones.Declared.Format("2006/01"), bad.ID, "incident.yaml")
	handEdit(t, dir, path, "status: triage", "status: resolvd")

	_, err = st.Get(ctx, bad.ID)
	require.ErrorIs(t, err, incident.ErrInvalid)
	var ie *incident.InvalidError
	require.True(t, errors.As(err, &ie), "error %v is not an *InvalidError", err)
	require.NotEmpty(t, ie.Problems)
	assert.Equal(t, filepath.ToSlash(path), ie.Problems[0].File)
	assert.Equal(t, "status", ie.Problems[0].Field)
	assert.Positive(t, ie.Problems[0].Line)

	_, err = st.Get(ctx, good.ID)
	assert.NoError(t, err, "other incidents stay readable")
	list, err := st.List(ctx, store.Filter{})
	assert.ErrorIs(t, err, incident.ErrInvalid)
	require.Len(t, list, 1)
	assert.Equal(t, good.ID, list[0].ID)

	// Updating the broken incident fails and writes nothing.
	head := git(t, dir, "rev-parse", "HEAD")
	_, err = st.Update(ctx, bad.ID, alice, func(inc *incident.Incident, at time.Time) error {
		return inc.AddNote("x", alice, at)
	})
	assert.ErrorIs(t, err, incident.ErrInvalid)
	assert.Equal(t, head, git(t, dir, "rev-parse", "HEAD"))
}

func TestUnknownSeverityRejected(t *testing.T) {
	ctx := context.Background()
	st, dir := newStore(t, nil)
	head := git(t, dir, "rev-parse", "main")
	_, err := st.Create(ctx, incident.Declaration{Title: "x", Severity: "sev9"}, alice)
	assert.ErrorIs(t, err, incident.ErrInvalid)
	assert.ErrorIs(t, err, severity.ErrUnknownLevel)
	assert.Equal(t, head, git(t, dir, "rev-parse", "main"), "nothing written")
}

func TestContextCancelled(t *testing.T) {
	st, dir := newStore(t, nil)
	head := git(t, dir, "rev-parse", "main")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := st.Create(ctx, incident.Declaration{Title: "x", Severity: "sev3"}, alice)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, head, git(t, dir, "rev-parse", "main"))
}

// TestPack compacts a repository and checks that it stays readable through
// the store and healthy for git.
func TestPack(t *testing.T) {
	ctx := context.Background()
	st, dir := newStore(t, &gitstore.Options{NoSync: true, Now: newClock().Now})
	var ids []string
	for i := 0; i < 40; i++ {
		inc, err := st.Create(ctx, incident.Declaration{Title: "Pack me", Severity: "sev3"}, alice)
		require.NoError(t, err)
		ids = append(ids, inc.ID)
	}
	before, err := filepath.Glob(filepath.Join(dir, "objects", "pack", "*.pack"))
	require.NoError(t, err)
	require.NoError(t, st.Pack(ctx))
	after, err := filepath.Glob(filepath.Join(dir, "objects", "pack", "*.pack"))
	require.NoError(t, err)
	assert.Len(t, after, 1, "one pack after Pack (had %d)", len(before))
	for _, id := range ids {
		_, err := st.Get(ctx, id)
		require.NoError(t, err)
	}
	_, err = st.Update(ctx, ids[0], alice, func(inc *incident.Incident, at time.Time) error {
		return inc.AddNote("after pack", alice, at)
	})
	require.NoError(t, err)
	fsck(t, dir)
	assert.Equal(t, "42", git(t, dir, "rev-list", "--count", "main"))
}
