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
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
	"github.com/incidentkit/incidentkit/store/memstore"
)

// resolvedWithDraft creates a resolved sev2 incident and drafts its
// post-mortem.
func resolvedWithDraft(t *testing.T, st *gitstore.Store) (*incident.Incident, *postmortem.Postmortem) {
	t.Helper()
	ctx := context.Background()
	inc, err := st.Create(ctx, incident.Declaration{Title: "Payments timeouts", Severity: "sev2"}, alice)
	require.NoError(t, err)
	inc, err = st.Update(ctx, inc.ID, alice, func(inc *incident.Incident, at time.Time) error {
		return inc.SetStatus(incident.StatusResolved, "pool size raised", alice, at)
	})
	require.NoError(t, err)
	pol, err := st.Policy(ctx)
	require.NoError(t, err)
	pm, err := postmortem.Draft(inc, pol, alice, inc.Milestones.Resolved)
	require.NoError(t, err)
	pm.Summary = "Payments timed out for 40 minutes because the database pool was too small."
	return inc, pm
}

// TestReviewFlow proposes, approves and publishes a post-mortem, and checks
// the branches and the merge with the git CLI.
func TestReviewFlow(t *testing.T) {
	ctx := context.Background()
	st, dir := newStore(t, nil)
	inc, pm := resolvedWithDraft(t, st)
	branch := "postmortem/" + inc.ID

	rev, err := st.ProposePostmortem(ctx, pm, alice)
	require.NoError(t, err)
	assert.Equal(t, branch, rev.Branch)
	assert.Equal(t, postmortem.StatusInReview, rev.Postmortem.Status)
	assert.False(t, rev.Merged)
	assert.Equal(t, "1", git(t, dir, "rev-list", "--count", "main.."+branch), "one commit on the review branch")
	files := git(t, dir, "diff-tree", "--no-commit-id", "--name-only", "-r", branch)
	assert.Regexp(t, `^incidents/\d{4}/\d{2}/`+inc.ID+`/postmortem.md$`, files)
	got, err := st.Get(ctx, inc.ID)
	require.NoError(t, err)
	assert.Equal(t, incident.PostmortemInReview, got.Postmortem.Status, "the incident knows its post-mortem is in review")

	_, err = st.PublishPostmortem(ctx, inc.ID, bob)
	assert.ErrorIs(t, err, incident.ErrTransition, "publish before any approval")

	rev, err = st.ApprovePostmortem(ctx, inc.ID, bob)
	require.NoError(t, err)
	assert.Equal(t, postmortem.StatusApproved, rev.Postmortem.Status)
	require.Len(t, rev.Postmortem.Reviewers, 1)
	assert.Equal(t, bob.Name, rev.Postmortem.Reviewers[0].Person.Name)
	assert.False(t, rev.Postmortem.Reviewers[0].Approved.IsZero())
	_, err = st.ApprovePostmortem(ctx, inc.ID, bob) // approving twice changes nothing
	require.NoError(t, err)
	assert.Equal(t, "2", git(t, dir, "rev-list", "--count", "main.."+branch), "one commit per change on the branch")
	assert.Equal(t, bob.String(), git(t, dir, "log", "-1", "--format=%an <%ae>", branch))

	// The main branch moves on meanwhile, so publishing is a real merge.
	_, err = st.Update(ctx, inc.ID, alice, func(inc *incident.Incident, at time.Time) error {
		return inc.AddNote("follow-up tickets filed", alice, at)
	})
	require.NoError(t, err)

	rev, err = st.PublishPostmortem(ctx, inc.ID, bob)
	require.NoError(t, err)
	assert.True(t, rev.Merged)
	parents := strings.Fields(git(t, dir, "rev-list", "--parents", "-n", "1", "main"))
	require.Len(t, parents, 3, "the publish commit has two parents")
	assert.Equal(t, git(t, dir, "rev-parse", branch), parents[2], "second parent is the review branch")
	assert.Contains(t, git(t, dir, "log", "-1", "--format=%B", "main"), "Incident: "+inc.ID)

	stored, err := st.Postmortem(ctx, inc.ID)
	require.NoError(t, err)
	assert.Equal(t, postmortem.StatusPublished, stored.Status)
	assert.False(t, stored.Published.IsZero())
	assert.Equal(t, pm.Summary, stored.Summary)
	got, err = st.Get(ctx, inc.ID)
	require.NoError(t, err)
	assert.Equal(t, incident.PostmortemPublished, got.Postmortem.Status)
	assert.Equal(t, 1, noteCounts(got)["follow-up tickets filed"], "main's change survives the merge")

	// With the post-mortem published, the incident can close.
	pol, err := st.Policy(ctx)
	require.NoError(t, err)
	_, err = st.Update(ctx, inc.ID, bob, func(inc *incident.Incident, at time.Time) error { return inc.Close(pol, bob, at) })
	require.NoError(t, err)
	fsck(t, dir)
}

// TestReviewMergedOnHost merges the review branch the way a hosting service
// merges a pull request (git merge in a clone, pushed back) and checks that
// publishing then recognises it.
func TestReviewMergedOnHost(t *testing.T) {
	ctx := context.Background()
	st, dir := newStore(t, nil)
	inc, pm := resolvedWithDraft(t, st)
	_, err := st.ProposePostmortem(ctx, pm, alice)
	require.NoError(t, err)
	_, err = st.ApprovePostmortem(ctx, inc.ID, bob)
	require.NoError(t, err)

	clone := filepath.Join(t.TempDir(), "clone")
	git(t, ".", "clone", "-q", dir, clone)
	git(t, clone, "merge", "-q", "--no-ff", "-m", "Merge pull request #7 from postmortem/"+inc.ID, "origin/postmortem/"+inc.ID)
	git(t, clone, "push", "-q", "origin", "main")

	rev, err := st.PostmortemReview(ctx, inc.ID)
	require.NoError(t, err)
	assert.True(t, rev.Merged, "merged on the host")
	before := git(t, dir, "rev-parse", "main")
	_, err = st.PublishPostmortem(ctx, inc.ID, bob)
	require.NoError(t, err)
	parents := strings.Fields(git(t, dir, "rev-list", "--parents", "-n", "1", "main"))
	assert.Equal(t, []string{parents[0], before}, parents, "an ordinary commit on top of the host's merge")
	got, err := st.Get(ctx, inc.ID)
	require.NoError(t, err)
	assert.Equal(t, incident.PostmortemPublished, got.Postmortem.Status)
	fsck(t, dir)
}

func TestReviewErrors(t *testing.T) {
	ctx := context.Background()
	st, _ := newStore(t, nil)
	_, err := st.PostmortemReview(ctx, "INC-2026-0099")
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = st.ApprovePostmortem(ctx, "INC-2026-0099", bob)
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = st.ProposePostmortem(ctx, nil, bob)
	assert.ErrorIs(t, err, incident.ErrInvalid)
	_, err = st.PublishPostmortem(ctx, "../etc", bob)
	assert.ErrorIs(t, err, incident.ErrInvalid)

	_, err = store.ProposePostmortem(ctx, memstore.New(nil), &postmortem.Postmortem{IncidentID: "INC-2026-0001"}, bob)
	assert.True(t, errors.Is(err, errors.ErrUnsupported), "memstore has no review branches: %v", err)
}

// TestReviewApprovalsStartEmpty checks that approvals cannot be brought in
// with the proposed document: only ApprovePostmortem gives them.
func TestReviewApprovalsStartEmpty(t *testing.T) {
	ctx := context.Background()
	st, _ := newStore(t, nil)
	inc, pm := resolvedWithDraft(t, st)
	pm.Reviewers = []postmortem.Reviewer{{Person: bob, Approved: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}}
	rev, err := st.ProposePostmortem(ctx, pm, alice)
	require.NoError(t, err)
	require.Len(t, rev.Postmortem.Reviewers, 1, "the reviewer stays asked")
	assert.True(t, rev.Postmortem.Reviewers[0].Approved.IsZero(), "but not approved")
	_, err = st.PublishPostmortem(ctx, inc.ID, bob)
	assert.ErrorIs(t, err, incident.ErrTransition)
}

// TestPublishTwice checks that publishing again writes nothing.
func TestPublishTwice(t *testing.T) {
	ctx := context.Background()
	st, dir := newStore(t, nil)
	inc, pm := resolvedWithDraft(t, st)
	_, err := st.ProposePostmortem(ctx, pm, alice)
	require.NoError(t, err)
	_, err = st.ApprovePostmortem(ctx, inc.ID, bob)
	require.NoError(t, err)
	_, err = st.PublishPostmortem(ctx, inc.ID, bob)
	require.NoError(t, err)
	head := git(t, dir, "rev-parse", "main")
	first, err := st.Postmortem(ctx, inc.ID)
	require.NoError(t, err)
	_, err = st.PublishPostmortem(ctx, inc.ID, bob)
	require.NoError(t, err)
	assert.Equal(t, head, git(t, dir, "rev-parse", "main"), "no new commit")
	again, err := st.Postmortem(ctx, inc.ID)
	require.NoError(t, err)
	assert.Equal(t, first.Published, again.Published, "publication date kept")
}

// TestPublishOverlappingEdits checks that a post-mortem edited on both the
// review branch and main in overlapping places is not published with
// conflict markers in it.
func TestPublishOverlappingEdits(t *testing.T) {
	ctx := context.Background()
	st, dir := newStore(t, nil)
	inc, pm := resolvedWithDraft(t, st)
	require.NoError(t, st.PutPostmortem(ctx, pm, alice))
	proposed := *pm
	proposed.Summary = "Payments timed out because the pool was too small."
	_, err := st.ProposePostmortem(ctx, &proposed, alice)
	require.NoError(t, err)
	onMain := *pm
	onMain.Summary = "Payments timed out; the database was slow."
	require.NoError(t, st.PutPostmortem(ctx, &onMain, bob))
	_, err = st.ApprovePostmortem(ctx, inc.ID, bob)
	require.NoError(t, err)
	head := git(t, dir, "rev-parse", "main")
	_, err = st.PublishPostmortem(ctx, inc.ID, bob)
	assert.ErrorIs(t, err, store.ErrConflict)
	assert.Equal(t, head, git(t, dir, "rev-parse", "main"), "nothing published")
	got, err := st.Postmortem(ctx, inc.ID)
	require.NoError(t, err)
	assert.Equal(t, onMain.Summary, got.Summary)
	fsck(t, dir)
}

// TestOverdueSkipsBadPostmortem checks that one hand-broken post-mortem
// does not hide the overdue items of the others.
func TestOverdueSkipsBadPostmortem(t *testing.T) {
	ctx := context.Background()
	st, dir := newWorktreeStore(t)
	var ids []string
	for i := 0; i < 2; i++ {
		inc, pm := resolvedWithDraft(t, st)
		require.NoError(t, st.PutPostmortem(ctx, pm, alice))
		ids = append(ids, inc.ID)
	}
	bad, err := st.Get(ctx, ids[1])
	require.NoError(t, err)
	handEdit(t, dir, filepath.Join("incidents", bad.Milestones.Declared.Format("2006/01"), bad.ID, "postmortem.md"),
		"status: draft", "status: finished")

	got, err := store.Overdue(ctx, st, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	assert.ErrorIs(t, err, postmortem.ErrInvalid)
	require.Len(t, got, 1, "the good post-mortem is still reported overdue")
	assert.Equal(t, ids[0], got[0].IncidentID)
}
