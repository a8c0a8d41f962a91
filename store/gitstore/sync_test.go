package gitstore_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
	"github.com/incidentkit/incidentkit/store/memstore"
)

var carol = incident.Person{Name: "Carol Oncall", Email: "carol@example.com"}

// syncOptions returns the options to sync with repository name on srv.
func syncOptions(srv *gitServer, name string) store.SyncOptions {
	o := store.SyncOptions{URL: srv.url(name)}
	if srv.name == "http" {
		o.Username, o.Password = httpUser, httpPassword
	}
	return o
}

// clone is one responder's copy of the records.
type clone struct {
	dir string
	st  *gitstore.Store
	by  incident.Person
	// merges and renumbered count what its syncs did.
	merges, renumbered int
}

// newClones makes n clones of remote name on srv: the first initialises
// the records and pushes them, the others start empty and fetch them.
func newClones(t *testing.T, srv *gitServer, name string, clock func() time.Time, people ...incident.Person) []*clone {
	t.Helper()
	var out []*clone
	for i, by := range people {
		dir := filepath.Join(t.TempDir(), fmt.Sprintf("clone%d.git", i))
		o := &gitstore.Options{NoSync: true, Now: clock}
		var st *gitstore.Store
		var err error
		if i == 0 {
			st, err = gitstore.Init(dir, o)
		} else {
			git(t, filepath.Dir(dir), "init", "--quiet", "--bare", "-b", "main", dir)
			st, err = gitstore.Open(dir, o)
		}
		require.NoError(t, err)
		t.Cleanup(func() { st.Close() })
		c := &clone{dir: dir, st: st, by: by}
		c.sync(t, srv, name)
		out = append(out, c)
	}
	return out
}

func (c *clone) sync(t testing.TB, srv *gitServer, name string) store.SyncResult {
	t.Helper()
	o := syncOptions(srv, name)
	o.By = c.by
	res, err := store.Sync(context.Background(), c.st, o)
	require.NoError(t, err, "sync %s", c.dir)
	if res.Merged {
		c.merges++
	}
	c.renumbered += len(res.Renumbered)
	return res
}

func tip(t testing.TB, dir string) string { return git(t, dir, "rev-parse", "refs/heads/main") }

func TestSyncTwoClones(t *testing.T) {
	for _, srv := range servers(t) {
		t.Run(srv.name, func(t *testing.T) {
			ctx := context.Background()
			remote := newBareRemote(t, srv, "records.git")
			cs := newClones(t, srv, "records.git", newClock().Now, alice, bob)
			a, b := cs[0], cs[1]
			inc, err := a.st.Create(ctx, incident.Declaration{Title: "Checkout is down", Severity: "sev1"}, alice)
			require.NoError(t, err)
			res := a.sync(t, srv, "records.git")
			assert.True(t, res.Pushed, "first sync pushes")
			res = b.sync(t, srv, "records.git")
			assert.True(t, res.FastForward, "second clone fast-forwards")
			got, err := b.st.Get(ctx, inc.ID)
			require.NoError(t, err)
			assert.Equal(t, inc.UID, got.UID)

			// Both edit the same incident, then sync: a real merge.
			_, err = a.st.Update(ctx, inc.ID, alice, func(i *incident.Incident, at time.Time) error {
				return i.AddNote("alice was here", alice, at)
			})
			require.NoError(t, err)
			_, err = b.st.Update(ctx, inc.ID, bob, func(i *incident.Incident, at time.Time) error {
				return i.SetSeverity("sev2", "contained", bob, at)
			})
			require.NoError(t, err)
			a.sync(t, srv, "records.git")
			res = b.sync(t, srv, "records.git")
			assert.True(t, res.Merged && res.Pushed, "merge and push: %+v", res)
			a.sync(t, srv, "records.git")
			for _, c := range cs {
				got, err := c.st.Get(ctx, inc.ID)
				require.NoError(t, err)
				assert.Equal(t, "sev2", got.Severity)
				assert.True(t, hasNote(got, "alice was here"))
				fsck(t, c.dir)
			}
			assert.Equal(t, tip(t, a.dir), tip(t, b.dir))
			assert.Equal(t, tip(t, remote), tip(t, a.dir))
			parents := strings.Fields(git(t, b.dir, "log", "-1", "--format=%P", "main"))
			assert.Len(t, parents, 2, "merge commit")
			msg := git(t, b.dir, "log", "-1", "--format=%B", "main")
			assert.Contains(t, msg, "Incident: "+inc.ID)
			assert.Contains(t, msg, "Sync-Remote: origin")
			fsck(t, remote)
		})
	}
}

func hasNote(inc *incident.Incident, text string) bool {
	return slices.ContainsFunc(inc.Timeline, func(e incident.Event) bool { return e.Kind == incident.EventNote && e.Text == text })
}

// TestSyncConverges is the acceptance scenario: three clones, thirty
// operations each, synced at random (seeded), over each kind of server.
func TestSyncConverges(t *testing.T) {
	for _, srv := range servers(t) {
		t.Run(srv.name, func(t *testing.T) {
			t.Parallel() // mostly waiting for git processes
			ctx := context.Background()
			remote := newBareRemote(t, srv, "records.git")
			cs := newClones(t, srv, "records.git", newClock().Now, alice, bob, carol)
			shared, err := cs[0].st.Create(ctx, incident.Declaration{Title: "Shared outage", Severity: "sev2"}, alice)
			require.NoError(t, err)
			cs[0].sync(t, srv, "records.git")
			for _, c := range cs[1:] {
				c.sync(t, srv, "records.git")
			}
			rng := rand.New(rand.NewPCG(42, uint64(len(srv.name))))
			tokens := map[string]string{} // note or update text -> UID of its incident
			ops := make([]int, len(cs))
			for slices.Min(ops) < 30 {
				i := rng.IntN(len(cs))
				if ops[i] >= 30 {
					continue
				}
				c := cs[i]
				ops[i]++
				tok := fmt.Sprintf("%s op %d", c.by.Name, ops[i])
				randomOp(t, c, rng, shared.UID, tok, tokens)
				if rng.IntN(3) == 0 {
					c.sync(t, srv, "records.git")
				}
			}
			for range 2 {
				for _, c := range cs {
					c.sync(t, srv, "records.git")
				}
			}
			merges, renumbered := 0, 0
			for _, c := range cs {
				merges += c.merges
				renumbered += c.renumbered
			}
			t.Logf("%d merges, %d incidents renumbered", merges, renumbered)
			assert.Positive(t, merges)
			assert.Positive(t, renumbered, "offline creates collided")
			want := snapshotOf(t, cs[0].st)
			for _, c := range cs[1:] {
				assert.Equal(t, want, snapshotOf(t, c.st), "clone %s differs from the first", c.dir)
				assert.Equal(t, tip(t, cs[0].dir), tip(t, c.dir))
			}
			assert.Equal(t, tip(t, cs[0].dir), tip(t, remote))
			// Every note and update exactly once, in the incident it was
			// written to.
			incs, err := cs[0].st.List(ctx, store.Filter{})
			require.NoError(t, err)
			count := map[string]int{}
			for _, inc := range incs {
				for _, e := range inc.Timeline {
					if uid, ok := tokens[e.Text]; ok && e.Kind == incident.EventNote {
						count[e.Text]++
						assert.Equal(t, uid, inc.UID, "note %q", e.Text)
					}
				}
				for _, u := range inc.Updates {
					if uid, ok := tokens[u.Message]; ok {
						count[u.Message]++
						assert.Equal(t, uid, inc.UID, "update %q", u.Message)
					}
				}
			}
			for tok := range tokens {
				assert.Equal(t, 1, count[tok], "%q", tok)
			}
			for _, c := range cs {
				fsck(t, c.dir)
			}
			fsck(t, remote)
		})
	}
}

// randomOp applies one random operation to clone c, recording the text of
// notes and updates it adds in tokens (text -> UID).
func randomOp(t *testing.T, c *clone, rng *rand.Rand, sharedUID, tok string, tokens map[string]string) {
	ctx := context.Background()
	incs, err := c.st.List(ctx, store.Filter{})
	require.NoError(t, err)
	op := rng.IntN(6)
	if op == 0 || len(incs) == 0 {
		_, err := c.st.Create(ctx, incident.Declaration{Title: "Created by " + tok, Severity: "sev3"}, c.by)
		require.NoError(t, err)
		return
	}
	target := incs[rng.IntN(len(incs))]
	if rng.IntN(2) == 0 {
		for _, inc := range incs {
			if inc.UID == sharedUID {
				target = inc
			}
		}
	}
	_, err = c.st.Update(ctx, target.ID, c.by, func(inc *incident.Incident, at time.Time) error {
		switch op {
		case 1, 2:
			return inc.AddNote(tok, c.by, at)
		case 3:
			return inc.PostUpdate(incident.AudienceInternal, tok, c.by, at)
		case 4:
			return inc.SetSeverity([]string{"sev1", "sev2", "sev3"}[rng.IntN(3)], tok, c.by, at)
		default:
			st := []incident.Status{incident.StatusInvestigating, incident.StatusIdentified, incident.StatusMonitoring}
			return inc.SetStatus(st[rng.IntN(len(st))], tok, c.by, at)
		}
	})
	if errors.Is(err, incident.ErrTransition) || errors.Is(err, incident.ErrInvalid) {
		return // a move the lifecycle refuses, or no change
	}
	require.NoError(t, err)
	if op <= 3 {
		tokens[tok] = target.UID
	}
}

// incidentState is what must be equal on every clone after sync.
type incidentState struct {
	ID, UID  string
	Aliases  []string
	Severity string
	Status   incident.Status
	Events   []string
	Updates  []string
}

func snapshotOf(t *testing.T, st *gitstore.Store) []incidentState {
	t.Helper()
	incs, err := st.List(context.Background(), store.Filter{})
	require.NoError(t, err)
	var out []incidentState
	for _, inc := range incs {
		s := incidentState{ID: inc.ID, UID: inc.UID, Aliases: inc.Aliases, Severity: inc.Severity, Status: inc.Status}
		for _, e := range inc.Timeline {
			s.Events = append(s.Events, e.ID)
		}
		for _, u := range inc.Updates {
			s.Updates = append(s.Updates, u.ID)
		}
		sort.Strings(s.Events)
		sort.Strings(s.Updates)
		got, err := st.Get(context.Background(), inc.ID)
		require.NoError(t, err)
		require.Equal(t, inc.UID, got.UID)
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func TestSyncOfflineDeclarations(t *testing.T) {
	srv := pathServer(t)
	ctx := context.Background()
	newBareRemote(t, srv, "records.git")
	cs := newClones(t, srv, "records.git", newClock().Now, alice, bob)
	a, b := cs[0], cs[1]
	// Both declare offline: both get the same first ID; a's is older.
	ia, err := a.st.Create(ctx, incident.Declaration{Title: "Database failover", Severity: "sev1"}, alice)
	require.NoError(t, err)
	ib, err := b.st.Create(ctx, incident.Declaration{Title: "Login errors", Severity: "sev2"}, bob)
	require.NoError(t, err)
	require.Equal(t, ia.ID, ib.ID, "offline clones pick the same ID")
	_, err = b.st.Update(ctx, ib.ID, bob, func(inc *incident.Incident, at time.Time) error {
		return inc.AddNote("before sync", bob, at)
	})
	require.NoError(t, err)
	a.sync(t, srv, "records.git")
	res := b.sync(t, srv, "records.git")
	require.Len(t, res.Renumbered, 1)
	r := res.Renumbered[0]
	assert.Equal(t, store.Renumbering{UID: ib.UID, From: ib.ID, To: "INC-2026-0002"}, r)
	msg := git(t, b.dir, "log", "-1", "--format=%B", "main")
	assert.Contains(t, msg, "Renumbered "+ib.ID+" to INC-2026-0002")

	// A clone that kept writing under the old ID merges into the moved one.
	_, err = a.st.Update(ctx, ia.ID, alice, func(inc *incident.Incident, at time.Time) error {
		return inc.AddNote("still the failover", alice, at)
	})
	require.NoError(t, err)
	a.sync(t, srv, "records.git")
	b.sync(t, srv, "records.git")
	for _, c := range cs {
		got, err := c.st.Get(ctx, ia.ID)
		require.NoError(t, err)
		assert.Equal(t, ia.UID, got.UID, "the older incident keeps its ID")
		assert.True(t, hasNote(got, "still the failover"))
		moved, err := c.st.Get(ctx, "INC-2026-0002")
		require.NoError(t, err)
		assert.Equal(t, ib.UID, moved.UID)
		assert.Equal(t, []string{ib.ID}, moved.Aliases)
		assert.True(t, hasNote(moved, "before sync"))
		assert.True(t, slices.ContainsFunc(moved.Timeline, func(e incident.Event) bool {
			return strings.HasPrefix(e.Text, "Renumbered from "+ib.ID+" to INC-2026-0002")
		}))
		fsck(t, c.dir)
	}
}

// TestSyncAlias: an earlier ID that no live incident has finds the
// incident that carries it as an alias.
func TestSyncAlias(t *testing.T) {
	srv := pathServer(t)
	ctx := context.Background()
	remote := newBareRemote(t, srv, "records.git")
	cs := newClones(t, srv, "records.git", newClock().Now, alice)
	inc, err := cs[0].st.Create(ctx, incident.Declaration{Title: "Disk full", Severity: "sev3"}, alice)
	require.NoError(t, err)
	cs[0].sync(t, srv, "records.git")

	// Someone renumbers it by hand in a checkout and pushes.
	work := filepath.Join(t.TempDir(), "work")
	git(t, filepath.Dir(work), "clone", "--quiet", remote, work)
	oldDir := "incidents/2026/11/" + inc.ID
	git(t, work, "mv", oldDir, "incidents/2026/11/OPS-2026-7")
	file := filepath.Join(work, "incidents/2026/11/OPS-2026-7/incident.yaml")
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	x, err := incident.Parse(file, data)
	require.NoError(t, err)
	x.ID, x.Aliases = "OPS-2026-7", []string{inc.ID}
	data, err = incident.Format(x)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(file, data, 0o644))
	git(t, work, "commit", "--quiet", "-am", "renumber by hand")
	git(t, work, "push", "--quiet", "origin", "main")

	cs[0].sync(t, srv, "records.git")
	got, err := cs[0].st.Get(ctx, inc.ID)
	require.NoError(t, err)
	assert.Equal(t, "OPS-2026-7", got.ID)
	// The old ID keeps working for writes and history too.
	_, err = cs[0].st.Update(ctx, inc.ID, alice, func(i *incident.Incident, at time.Time) error {
		return i.AddNote("via the old ID", alice, at)
	})
	require.NoError(t, err)
	got, err = cs[0].st.Get(ctx, "OPS-2026-7")
	require.NoError(t, err)
	last, _ := got.LastEvent()
	assert.Equal(t, "via the old ID", last.Text)
	revs, err := store.History(ctx, cs[0].st, inc.ID)
	require.NoError(t, err)
	var viaOld *store.Revision
	for i := range revs {
		if e, _ := revs[i].Incident.LastEvent(); e.Text == "via the old ID" {
			viaOld = &revs[i]
		}
	}
	require.NotNil(t, viaOld, "History by the old ID lists the update made through it")
	assert.Equal(t, "OPS-2026-7", viaOld.Incident.ID)
	assert.Contains(t, viaOld.Message, "Incident: OPS-2026-7", "the trailer names the live ID")
	_, err = cs[0].st.Get(ctx, "INC-2026-0999")
	assert.ErrorIs(t, err, store.ErrNotFound)

	// An alias two incidents claim finds neither.
	other, err := cs[0].st.Create(ctx, incident.Declaration{Title: "Disk full again", Severity: "sev3"}, alice)
	require.NoError(t, err)
	for _, id := range []string{other.ID, "OPS-2026-7"} {
		_, err = cs[0].st.Update(ctx, id, alice, func(i *incident.Incident, at time.Time) error {
			i.Aliases = append(i.Aliases, "INC-2026-0500")
			return nil
		})
		require.NoError(t, err)
	}
	_, err = cs[0].st.Get(ctx, "INC-2026-0500")
	assert.ErrorIs(t, err, store.ErrNotFound)
	assert.ErrorContains(t, err, "earlier ID of several incidents")
}

// TestSyncPushRace: the remote's pre-receive hook moves the branch (as a
// push from another clone landing first would), so the real
// git-receive-pack refuses our push; Sync fetches, merges and pushes again.
func TestSyncPushRace(t *testing.T) {
	for _, srv := range servers(t) {
		t.Run(srv.name, func(t *testing.T) {
			ctx := context.Background()
			remote := newBareRemote(t, srv, "records.git")
			cs := newClones(t, srv, "records.git", newClock().Now, alice, bob)
			a, b := cs[0], cs[1]
			inc, err := a.st.Create(ctx, incident.Declaration{Title: "Queue backlog", Severity: "sev2"}, alice)
			require.NoError(t, err)
			a.sync(t, srv, "records.git")
			b.sync(t, srv, "records.git")
			note := func(c *clone, text string) {
				_, err := c.st.Update(ctx, inc.ID, c.by, func(i *incident.Incident, at time.Time) error {
					return i.AddNote(text, c.by, at)
				})
				require.NoError(t, err)
			}
			note(b, "from bob")
			git(t, b.dir, "push", "--quiet", remote, "main:side")
			hook := filepath.Join(remote, "hooks", "pre-receive")
			require.NoError(t, os.WriteFile(hook, []byte("#!/bin/sh\n"+
				"cat >/dev/null\n"+
				"if [ ! -e raced ]; then\n"+
				"  touch raced\n"+
				"  env -u GIT_QUARANTINE_PATH git update-ref refs/heads/main refs/heads/side\n"+
				"fi\n"), 0o755))
			note(a, "from alice")
			before := len(timeline(t, a.st, inc.ID))
			res := a.sync(t, srv, "records.git")
			assert.FileExists(t, filepath.Join(remote, "raced"), "the hook ran")
			assert.Equal(t, 2, res.Attempts, "the first push is refused, the second lands")
			assert.True(t, res.Merged && res.Pushed)
			b.sync(t, srv, "records.git")
			for _, c := range cs {
				got, err := c.st.Get(ctx, inc.ID)
				require.NoError(t, err)
				assert.True(t, hasNote(got, "from alice") && hasNote(got, "from bob"))
				assert.Equal(t, before+1, len(got.Timeline), "every event once")
			}
			assert.Equal(t, tip(t, remote), tip(t, a.dir))
			fsck(t, remote)
			fsck(t, a.dir)
		})
	}
}

func timeline(t *testing.T, st *gitstore.Store, id string) []incident.Event {
	t.Helper()
	inc, err := st.Get(context.Background(), id)
	require.NoError(t, err)
	return inc.Timeline
}

// TestSyncErrors: failures name the remote and what happened, never the
// credentials, and leave the local repository as it was.
func TestSyncErrors(t *testing.T) {
	ctx := context.Background()
	hs := httpServer(t)
	newBareRemote(t, hs, "records.git")
	other := pathServer(t)
	unrelated := newBareRemote(t, other, "other.git")
	seed, err := gitstore.Init(filepath.Join(t.TempDir(), "seed.git"), &gitstore.Options{NoSync: true})
	require.NoError(t, err)
	defer seed.Close()
	_, err = store.Sync(ctx, seed, store.SyncOptions{URL: unrelated})
	require.NoError(t, err)
	port := closedPort(t)

	st, dir := newStore(t, &gitstore.Options{NoSync: true, Now: newClock().Now})
	_, err = st.Create(ctx, incident.Declaration{Title: "Local only", Severity: "sev3"}, alice)
	require.NoError(t, err)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		opts store.SyncOptions
		want []string
		is   error
	}{
		{"wrong password", ctx, store.SyncOptions{URL: hs.url("records.git"), Username: httpUser, Password: "wrong-horse-battery"},
			[]string{"sync with origin (" + hs.url("records.git") + ")", "fetch", "HTTP 401"}, nil},
		{"closed git port", ctx, store.SyncOptions{Remote: "team", URL: "git://" + port + "/records.git"},
			[]string{"sync with team (git://" + port + "/records.git)", "cannot reach the remote", "connection refused"}, nil},
		{"closed http port", ctx, store.SyncOptions{URL: "http://" + port + "/records.git", Token: "tok-123456"},
			[]string{"cannot reach the remote"}, nil},
		{"unrelated history", ctx, store.SyncOptions{URL: unrelated},
			[]string{"sync with origin (" + unrelated + ")", "merge", "no common ancestor"}, gitstore.ErrUnrelated},
		{"no repository", ctx, store.SyncOptions{URL: filepath.Join(t.TempDir(), "missing.git")},
			[]string{"fetch: no repository at this URL"}, transport.ErrRepositoryNotFound},
		{"wrong token", ctx, store.SyncOptions{URL: hs.url("records.git"), Token: "tok-123456"},
			[]string{"HTTP 401"}, transport.ErrAuthenticationRequired},
		{"credentials over git://", ctx, store.SyncOptions{URL: "git://" + port + "/records.git", Password: "tok-123456"},
			[]string{"credentials are only used over HTTP(S)"}, nil},
		{"cancelled", cancelled, store.SyncOptions{URL: unrelated}, []string{"context canceled"}, context.Canceled},
		// A token passed as the URL's user name, as hosting services suggest.
		{"token in the URL", ctx, store.SyncOptions{URL: "http://tok-1234567890@" + port + "/records.git"},
			[]string{"sync with origin (http://" + port + "/records.git)", "cannot reach the remote"}, nil},
		{"user and password in the URL", ctx, store.SyncOptions{URL: "http://git:wrong-horse-battery@" + port + "/records.git"},
			[]string{"sync with origin (http://" + port + "/records.git)", "cannot reach the remote"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := tip(t, dir)
			_, err := store.Sync(tt.ctx, st, tt.opts)
			require.Error(t, err)
			t.Log(err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
			for _, secret := range []string{"wrong-horse-battery", "tok-123456", "tok-1234567890"} {
				assert.NotContains(t, err.Error(), secret)
			}
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
			assert.Equal(t, before, tip(t, dir), "branch unchanged")
			fsck(t, dir)
		})
	}
}

// TestSyncHTTPToken: a bearer token authenticates over smart HTTP.
func TestSyncHTTPToken(t *testing.T) {
	srv := httpServer(t)
	newBareRemote(t, srv, "records.git")
	seed, err := gitstore.Init(filepath.Join(t.TempDir(), "seed.git"), &gitstore.Options{NoSync: true})
	require.NoError(t, err)
	defer seed.Close()
	res, err := seed.Sync(context.Background(), store.SyncOptions{URL: srv.url("records.git"), Token: httpToken})
	require.NoError(t, err)
	assert.True(t, res.Pushed)
}

func TestSyncUnsupported(t *testing.T) {
	_, err := store.Sync(context.Background(), memstore.New(nil), store.SyncOptions{URL: "/nowhere"})
	assert.ErrorIs(t, err, errors.ErrUnsupported)
}

// TestSyncPostmortemConflict: a post-mortem edited in the same place on two
// clones keeps both texts between markers and is flagged for review.
func TestSyncPostmortemConflict(t *testing.T) {
	srv := pathServer(t)
	ctx := context.Background()
	newBareRemote(t, srv, "records.git")
	clock := newClock().Now
	cs := newClones(t, srv, "records.git", clock, alice, bob)
	a, b := cs[0], cs[1]
	inc, err := a.st.Create(ctx, incident.Declaration{Title: "Cache stampede", Severity: "sev2"}, alice)
	require.NoError(t, err)
	pm, err := postmortem.Draft(inc, severity.Default(), alice, clock())
	require.NoError(t, err)
	require.NoError(t, a.st.PutPostmortem(ctx, pm, alice))
	a.sync(t, srv, "records.git")
	b.sync(t, srv, "records.git")
	edit := func(c *clone, summary string) {
		p, err := c.st.Postmortem(ctx, inc.ID)
		require.NoError(t, err)
		p.Summary = summary
		require.NoError(t, c.st.PutPostmortem(ctx, p, c.by))
	}
	edit(a, "The cache expired everywhere at once.")
	edit(b, "A deploy flushed the cache.")
	// Both also change the policy file by hand: the remote's version wins.
	a.sync(t, srv, "records.git")
	pol := severity.Default()
	pol.Levels[2].Description = "remote edit"
	commitFile(t, srv.url("records.git"), severity.PolicyFile, pol.Format())
	pol.Levels[2].Description = "local edit"
	commitFile(t, b.dir, severity.PolicyFile, pol.Format())
	res := b.sync(t, srv, "records.git")
	require.True(t, res.Merged)
	require.NotEmpty(t, res.Review)
	assert.Contains(t, strings.Join(res.Review, "\n"), "postmortem.md")
	got, err := b.st.Postmortem(ctx, inc.ID)
	require.NoError(t, err)
	assert.Contains(t, got.Summary, "The cache expired everywhere at once.")
	assert.Contains(t, got.Summary, "A deploy flushed the cache.")
	i, err := b.st.Get(ctx, inc.ID)
	require.NoError(t, err)
	assert.True(t, slices.ContainsFunc(i.Timeline, func(e incident.Event) bool {
		return e.Kind == incident.EventNote && strings.Contains(e.Text, "conflict markers")
	}), "the conflict is noted in the timeline")
	msg := git(t, b.dir, "log", "-1", "--format=%B", "main")
	assert.Contains(t, msg, "Review:")
	assert.Contains(t, msg, "local edit", "the local policy is kept in the message")
	p, err := b.st.Policy(ctx)
	require.NoError(t, err)
	assert.Equal(t, "remote edit", p.Levels[2].Description)
	fsck(t, b.dir)
}

// commitFile commits data at path on branch main of repository repo with
// the git CLI, as a person editing by hand would.
func commitFile(t *testing.T, repo, path string, data []byte) {
	t.Helper()
	work := filepath.Join(t.TempDir(), "work")
	git(t, filepath.Dir(work), "clone", "--quiet", repo, work)
	require.NoError(t, os.WriteFile(filepath.Join(work, path), data, 0o644))
	git(t, work, "commit", "--quiet", "-am", "edit "+path+" by hand")
	git(t, work, "push", "--quiet", "origin", "main")
}

// TestSyncWorktreeClone: a non-bare clone's work tree and index follow
// fast-forwards and merges, so `git status` stays clean.
func TestSyncWorktreeClone(t *testing.T) {
	srv := pathServer(t)
	ctx := context.Background()
	newBareRemote(t, srv, "records.git")
	clock := newClock().Now
	cs := newClones(t, srv, "records.git", clock, alice)
	inc, err := cs[0].st.Create(ctx, incident.Declaration{Title: "Edge cache misses", Severity: "sev3"}, alice)
	require.NoError(t, err)
	cs[0].sync(t, srv, "records.git")

	dir := filepath.Join(t.TempDir(), "work")
	st, err := gitstore.Clone(ctx, dir, &gitstore.Options{NoSync: true, Now: clock, Worktree: true}, syncOptions(srv, "records.git"))
	require.NoError(t, err)
	defer st.Close()
	assert.Empty(t, git(t, dir, "status", "--porcelain"), "after the clone")
	_, err = st.Update(ctx, inc.ID, bob, func(i *incident.Incident, at time.Time) error { return i.AddNote("bob", bob, at) })
	require.NoError(t, err)
	_, err = cs[0].st.Update(ctx, inc.ID, alice, func(i *incident.Incident, at time.Time) error { return i.AddNote("alice", alice, at) })
	require.NoError(t, err)
	cs[0].sync(t, srv, "records.git")
	res, err := st.Sync(ctx, syncOptions(srv, "records.git"))
	require.NoError(t, err)
	assert.True(t, res.Merged)
	assert.Empty(t, git(t, dir, "status", "--porcelain"), "after the merge")
	fsck(t, dir)

	_, err = gitstore.Clone(ctx, dir, nil, syncOptions(srv, "records.git"))
	assert.ErrorIs(t, err, store.ErrExist)
}

// TestSyncConcurrent: clones that sync at the same moment race their
// pushes; the losers merge again and nothing is lost.
func TestSyncConcurrent(t *testing.T) {
	srv := pathServer(t)
	ctx := context.Background()
	remote := newBareRemote(t, srv, "records.git")
	cs := newClones(t, srv, "records.git", newClock().Now, alice, bob, carol)
	inc, err := cs[0].st.Create(ctx, incident.Declaration{Title: "Everyone on it", Severity: "sev1"}, alice)
	require.NoError(t, err)
	for _, c := range cs {
		c.sync(t, srv, "records.git")
	}
	const rounds = 4
	for r := range rounds {
		errs := make(chan error, len(cs))
		for _, c := range cs {
			go func() {
				_, err := c.st.Update(ctx, inc.ID, c.by, func(i *incident.Incident, at time.Time) error {
					return i.AddNote(fmt.Sprintf("%s round %d", c.by.Name, r), c.by, at)
				})
				if err == nil {
					o := syncOptions(srv, "records.git")
					o.By = c.by
					_, err = c.st.Sync(ctx, o)
				}
				errs <- err
			}()
		}
		for range cs {
			require.NoError(t, <-errs)
		}
	}
	for _, c := range cs {
		c.sync(t, srv, "records.git")
	}
	for _, c := range cs {
		got, err := c.st.Get(ctx, inc.ID)
		require.NoError(t, err)
		notes := 0
		for _, e := range got.Timeline {
			if e.Kind == incident.EventNote && strings.Contains(e.Text, " round ") {
				notes++
			}
		}
		assert.Equal(t, rounds*len(cs), notes, "every note once on %s", c.dir)
		assert.Equal(t, tip(t, remote), tip(t, c.dir))
	}
	fsck(t, remote)
}

// TestSyncTimeout: a remote that accepts the connection and never answers
// is given up on when the timeout ends, and nothing changes.
func TestSyncTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // hold it open, say nothing
		}
	}()
	st, dir := newStore(t, &gitstore.Options{NoSync: true})
	before := tip(t, dir)
	_, err = st.Sync(context.Background(), store.SyncOptions{URL: "git://" + ln.Addr().String() + "/records.git", Timeout: 200 * time.Millisecond})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "timed out")
	assert.Equal(t, before, tip(t, dir))
}

// TestSyncInvalidIncidentFile: an incident file broken by hand on one side
// and edited on the other keeps the valid version and asks for review.
func TestSyncInvalidIncidentFile(t *testing.T) {
	srv := pathServer(t)
	ctx := context.Background()
	newBareRemote(t, srv, "records.git")
	cs := newClones(t, srv, "records.git", newClock().Now, alice, bob)
	a, b := cs[0], cs[1]
	inc, err := a.st.Create(ctx, incident.Declaration{Title: "Broken by hand", Severity: "sev3"}, alice)
	require.NoError(t, err)
	a.sync(t, srv, "records.git")
	b.sync(t, srv, "records.git")
	commitFile(t, srv.url("records.git"), "incidents/2026/11/"+inc.ID+"/incident.yaml", []byte("id: [unclosed\n"))
	_, err = b.st.Update(ctx, inc.ID, bob, func(i *incident.Incident, at time.Time) error { return i.AddNote("valid edit", bob, at) })
	require.NoError(t, err)
	res := b.sync(t, srv, "records.git")
	assert.Contains(t, strings.Join(res.Review, "\n"), "the remote's version is not valid: kept the local one")
	got, err := b.st.Get(ctx, inc.ID)
	require.NoError(t, err)
	assert.True(t, hasNote(got, "valid edit"))
	fsck(t, b.dir)
}
