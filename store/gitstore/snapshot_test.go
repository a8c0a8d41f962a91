package gitstore_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
	"github.com/incidentkit/incidentkit/store/memstore"
)

// snapshotRepo makes a store with three states of history after the
// policy commit: INC-1 declared, INC-1 investigating, INC-2 declared plus a
// post-mortem for INC-1.
func snapshotRepo(t *testing.T) (*gitstore.Store, string) {
	t.Helper()
	ctx := context.Background()
	st, dir := newStore(t, &gitstore.Options{Now: newClock().Now, NoSync: true})
	one, err := st.Create(ctx, incident.Declaration{Title: "Checkout down", Severity: "sev1"}, alice)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Update(ctx, one.ID, bob, func(inc *incident.Incident, at time.Time) error {
		return inc.SetStatus(incident.StatusInvestigating, "", bob, at)
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Create(ctx, incident.Declaration{Title: "Search slow", Severity: "sev3"}, alice); err != nil {
		t.Fatal(err)
	}
	inc, err := st.Get(ctx, one.ID)
	if err != nil {
		t.Fatal(err)
	}
	pol, err := st.Policy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pm, err := postmortem.Draft(inc, pol, alice, inc.Milestones.Declared)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutPostmortem(ctx, pm, alice); err != nil {
		t.Fatal(err)
	}
	return st, dir
}

func TestSnapshotRevisions(t *testing.T) {
	ctx := context.Background()
	st, dir := snapshotRepo(t)
	head := strings.TrimSpace(git(t, dir, "rev-parse", "HEAD"))
	for _, tc := range []struct {
		rev, gitRev string
		incidents   int
		status      incident.Status // of the first incident, when it exists
		postmortem  bool
	}{
		{"HEAD", "HEAD", 2, incident.StatusInvestigating, true},
		{"main", "main", 2, incident.StatusInvestigating, true},
		{"refs/heads/main", "refs/heads/main", 2, incident.StatusInvestigating, true},
		{head, "HEAD", 2, incident.StatusInvestigating, true},
		{head[:7], "HEAD", 2, incident.StatusInvestigating, true},
		{strings.ToUpper(head[:10]), "HEAD", 2, incident.StatusInvestigating, true},
		{"HEAD~", "HEAD~", 2, incident.StatusInvestigating, false},
		{"main~1", "main~1", 2, incident.StatusInvestigating, false},
		{"HEAD~2", "HEAD~2", 1, incident.StatusInvestigating, false},
		{"HEAD~1~2", "HEAD~3", 1, incident.StatusTriage, false},
		{"HEAD~4", "HEAD~4", 0, "", false},
	} {
		t.Run(tc.rev, func(t *testing.T) {
			snap, err := store.At(ctx, st, tc.rev)
			if err != nil {
				t.Fatalf("At(%q): %v", tc.rev, err)
			}
			want := strings.TrimSpace(git(t, dir, "rev-parse", tc.gitRev))
			if snap.Revision != want {
				t.Errorf("At(%q).Revision = %s, git rev-parse %s = %s", tc.rev, snap.Revision, tc.gitRev, want)
			}
			when := strings.TrimSpace(git(t, dir, "log", "-1", "--format=%cI", want))
			if got := snap.At.Format(time.RFC3339); got != strings.Replace(when, "+00:00", "Z", 1) {
				t.Errorf("At(%q).At = %s, git says %s", tc.rev, got, when)
			}
			incs, err := snap.List(ctx, store.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(incs) != tc.incidents {
				t.Fatalf("At(%q) lists %d incidents, want %d", tc.rev, len(incs), tc.incidents)
			}
			if tc.incidents == 0 {
				if _, err := snap.Get(ctx, "INC-2026-1"); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("Get in empty snapshot: %v, want ErrNotFound", err)
				}
				return
			}
			first := incs[len(incs)-1]
			if first.Status != tc.status {
				t.Errorf("At(%q): %s is %s, want %s", tc.rev, first.ID, first.Status, tc.status)
			}
			got, err := snap.Get(ctx, first.ID)
			if err != nil || got.Status != tc.status {
				t.Errorf("At(%q).Get(%s) = %v, %v", tc.rev, first.ID, got, err)
			}
			_, err = snap.Postmortem(ctx, first.ID)
			if tc.postmortem && err != nil || !tc.postmortem && !errors.Is(err, store.ErrNotFound) {
				t.Errorf("At(%q).Postmortem(%s) = %v, want post-mortem %v", tc.rev, first.ID, err, tc.postmortem)
			}
			if _, err := snap.Policy(ctx); err != nil {
				t.Errorf("At(%q).Policy: %v", tc.rev, err)
			}
		})
	}
}

func TestSnapshotIsImmutable(t *testing.T) {
	ctx := context.Background()
	st, _ := snapshotRepo(t)
	past, err := store.At(ctx, st, "HEAD~2")
	if err != nil {
		t.Fatal(err)
	}
	incs, err := st.List(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	// The store reads the tip again after a snapshot of the past, and the
	// snapshot stays in the past after the tip moves.
	if len(incs) != 2 {
		t.Fatalf("List after At(HEAD~2) = %d incidents, want 2", len(incs))
	}
	if _, err := st.Create(ctx, incident.Declaration{Title: "Third", Severity: "sev2"}, bob); err != nil {
		t.Fatal(err)
	}
	old, err := past.List(ctx, store.Filter{})
	if err != nil || len(old) != 1 {
		t.Fatalf("snapshot List after a new commit = %d, %v; want 1 incident", len(old), err)
	}
	got, err := past.Get(ctx, old[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	got.Title = "changed by the caller"
	again, _ := past.Get(ctx, old[0].ID)
	if again.Title == got.Title {
		t.Error("snapshot Get handed out a shared value")
	}
}

func TestSnapshotPolicyAsOfThen(t *testing.T) {
	ctx := context.Background()
	st, dir := newWorktreeStore(t)
	handEdit(t, dir, severity.PolicyFile, "Full outage, all users affected", "Everything is down")
	then, err := store.At(ctx, st, "HEAD~1")
	if err != nil {
		t.Fatal(err)
	}
	now, err := store.At(ctx, st, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	p0, err := then.Policy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p1, err := now.Policy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	l0, _ := p0.Level("sev1")
	l1, _ := p1.Level("sev1")
	if l0.Description == l1.Description {
		t.Errorf("policy at HEAD~1 and HEAD both have sev1 description %q", l0.Description)
	}
}

func TestSnapshotBadRevisions(t *testing.T) {
	ctx := context.Background()
	st, dir := snapshotRepo(t)
	before := git(t, dir, "for-each-ref")
	for _, rev := range []string{
		"", "nosuchbranch", "HEAD~99", "0000000000000000000000000000000000000000",
		"deadbeefdeadbeefdeadbeefdeadbeefdeadbeef", "abcd0", "../../../etc/passwd",
		"refs/../../config", "refs/heads/.lock", "HEAD~x", "HEAD~-1", "HEAD~+1", "main~2000000",
		"objects", "/etc/passwd", "refs/heads/main\x00", "HEAD^",
	} {
		snap, err := store.At(ctx, st, rev)
		if err == nil {
			t.Errorf("At(%q) = %s, want an error", rev, snap.Revision)
			continue
		}
		if !strings.Contains(err.Error(), "gitstore: state at") {
			t.Errorf("At(%q) error %q does not say what failed", rev, err)
		}
	}
	if _, err := store.At(ctx, st, "nosuchbranch"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("At(nosuchbranch) = %v, want ErrNotFound", err)
	}
	if after := git(t, dir, "for-each-ref"); after != before {
		t.Errorf("refs changed by At:\n%s\nwant\n%s", after, before)
	}
	fsck(t, dir)
}

func TestSnapshotAmbiguousPrefix(t *testing.T) {
	ctx := context.Background()
	st, dir := snapshotRepo(t)
	hashes := strings.Fields(git(t, dir, "log", "--format=%H"))
	// Some pair of hashes shares a first hex digit when there are more
	// than 16; with 5 commits, look for a shared 1-digit prefix and use the
	// 4-digit minimum only to check that a unique one resolves.
	for _, h := range hashes {
		snap, err := store.At(ctx, st, h[:4])
		if err != nil {
			// Only an ambiguity may fail.
			if !strings.Contains(err.Error(), "ambiguous") {
				t.Errorf("At(%s): %v", h[:4], err)
			}
			continue
		}
		if snap.Revision != h {
			t.Errorf("At(%s) = %s, want %s", h[:4], snap.Revision, h)
		}
	}
}

func TestSnapshotUnsupported(t *testing.T) {
	_, err := store.At(context.Background(), memstore.New(nil), "HEAD")
	if !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("At(memstore) = %v, want ErrUnsupported", err)
	}
}

func TestSnapshotCancelled(t *testing.T) {
	st, _ := snapshotRepo(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := store.At(ctx, st, "HEAD"); !errors.Is(err, context.Canceled) {
		t.Errorf("At(cancelled) = %v, want context.Canceled", err)
	}
	snap, err := store.At(context.Background(), st, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := snap.List(ctx, store.Filter{}); !errors.Is(err, context.Canceled) {
		t.Errorf("List(cancelled) = %v", err)
	}
	if _, err := snap.Get(ctx, "INC-2026-1"); !errors.Is(err, context.Canceled) {
		t.Errorf("Get(cancelled) = %v", err)
	}
	if _, err := snap.Postmortem(ctx, "INC-2026-1"); !errors.Is(err, context.Canceled) {
		t.Errorf("Postmortem(cancelled) = %v", err)
	}
	if _, err := snap.Policy(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Policy(cancelled) = %v", err)
	}
}
