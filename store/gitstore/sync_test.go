package gitstore_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
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

var _ = os.Getenv
