package report_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/internal/gittest"
	"github.com/incidentkit/incidentkit/report"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
	"github.com/incidentkit/incidentkit/store/memstore"
)

// newGitWorld returns a world over a new Git store in a temporary
// directory (with a work tree when worktree is set), and the directory.
func newGitWorld(t *testing.T, worktree bool) (*world, string) {
	t.Helper()
	dir := t.TempDir()
	w := &world{t: t, ctx: context.Background(), pol: testPolicy()}
	st, err := gitstore.Init(dir, &gitstore.Options{Now: w.now, NoSync: true, Policy: w.pol, Worktree: worktree})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w.s = st
	return w, dir
}

// TestAsOfCommit writes dataset into a Git store and reports on it as of
// the last commit of October and as of the tip: the October report knows
// only October's incidents and judges them at that commit's time.
func TestAsOfCommit(t *testing.T) {
	ctx := context.Background()
	w, dir := newGitWorld(t, false)
	dataset(w)
	// The last commit of October is C's post-mortem, at 10-27 09:00.
	rev := gittest.Run(t, dir, "rev-list", "-1", "--before=2026-11-01T00:00:00Z", "main")

	oct, err := store.At(ctx, w.s, rev)
	if err != nil {
		t.Fatal(err)
	}
	if want := tm("2026-10-27T09:00"); !oct.At.Equal(want) || oct.Revision != rev {
		t.Fatalf("snapshot at %s, revision %s; want %s, %s", oct.At, oct.Revision, want, rev)
	}
	past, err := report.Build(ctx, oct, oct.At)
	if err != nil {
		t.Fatal(err)
	}
	tip, err := store.At(ctx, w.s, "main")
	if err != nil {
		t.Fatal(err)
	}
	now, err := report.Build(ctx, tip, tip.At)
	if err != nil {
		t.Fatal(err)
	}

	// At 10-27 09:00: A, B and C (D is a drill), all resolved. B's
	// post-mortem was due 10-22 14:00: overdue. A2 is due 11-01: not
	// overdue yet. At the tip (11-27 11:10, G's update) the whole data set.
	check := func(name string, got, want int) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %d, want %d", name, got, want)
		}
	}
	check("October: declared", past.Total.Declared, 3)
	check("October: open", past.Total.Open, 0)
	check("October: months", len(past.Months), 1)
	check("October: excluded drills", past.Excluded.Drill, 1)
	check("October: excluded declined", past.Excluded.Declined, 0)
	check("October: post-mortems on time", past.Total.Postmortems.OnTime, 1)
	check("October: post-mortems overdue", past.Total.Postmortems.Overdue, 1)
	check("October: action items open", past.Total.ActionItems.Open, 3)
	check("October: action items overdue", past.Total.ActionItems.Overdue, 0)
	check("October: overdue list", len(past.Overdue), 0)
	check("tip: declared", now.Total.Declared, 7)
	check("tip: open", now.Total.Open, 1)
	check("tip: months", len(now.Months), 2)
	check("tip: action items overdue", now.Total.ActionItems.Overdue, 1)

	// The October row is the same whichever revision it is read at, except
	// for what time changed: A2 became overdue in between.
	pastOct, nowOct := past.Months[0], now.Months[0]
	pastOct.ActionItems.Overdue = nowOct.ActionItems.Overdue
	if diff := cmp.Diff(nowOct, pastOct); diff != "" {
		t.Errorf("October row, beyond A2 (-tip +past):\n%s", diff)
	}

	// The tip's snapshot reads what the store reads.
	live, err := report.Build(ctx, w.s, tip.At)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := now.JSON(&a); err != nil {
		t.Fatal(err)
	}
	if err := live.JSON(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("the report of the tip's snapshot differs from the store's")
	}

	if _, err := store.At(ctx, memstore.New(nil), "main"); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("store.At(memstore) = %v, want errors.ErrUnsupported", err)
	}
}

// TestInvalidFile hand-breaks one incident file and another incident's
// post-mortem in a Git repository: the report covers what it can read and
// lists each problem with its file and line, in every format.
func TestInvalidFile(t *testing.T) {
	ctx := context.Background()
	w, dir := newGitWorld(t, true)
	good := w.declare("2026-11-02T10:00", incident.Declaration{Title: "Good", Severity: "sev2"}).ID
	bad := w.declare("2026-11-03T10:00", incident.Declaration{Title: "Bad", Severity: "sev1"}).ID
	w.status(good, "2026-11-02T11:00", incident.StatusResolved)
	w.status(bad, "2026-11-03T11:00", incident.StatusResolved)
	w.postmortem(good, "2026-11-03T12:00", nil)

	file := filepath.Join("incidents", "2026", "11", bad, "incident.yaml")
	data, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(data), "severity: sev1", "severity: [sev1", 1)
	if broken == string(data) {
		t.Fatalf("no severity line in %s:\n%s", file, data)
	}
	if err := os.WriteFile(filepath.Join(dir, file), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	pmFile := filepath.Join(dir, "incidents", "2026", "11", good, "postmortem.md")
	pmData, err := os.ReadFile(pmFile)
	if err != nil {
		t.Fatal(err)
	}
	pmBroken := strings.Replace(string(pmData), "status: draft", "status: finished", 1)
	if pmBroken == string(pmData) {
		t.Fatalf("no status line in the post-mortem:\n%s", pmData)
	}
	if err := os.WriteFile(pmFile, []byte(pmBroken), 0o644); err != nil {
		t.Fatal(err)
	}
	gittest.Run(t, dir, "commit", "-q", "-am", "hand edit")
	if _, err := w.s.List(ctx, store.Filter{}); !errors.Is(err, incident.ErrInvalid) {
		t.Fatalf("List after the hand edit: %v, want an error matching incident.ErrInvalid", err)
	}

	rep, err := report.Build(ctx, w.s, tm("2026-11-27T12:00"))
	if err != nil {
		t.Fatalf("Build failed on one bad file: %v", err)
	}
	if rep.Total.Declared != 1 || rep.Severities[1].Declared != 1 {
		t.Errorf("declared %d (sev2 %d), want the one good incident", rep.Total.Declared, rep.Severities[1].Declared)
	}
	// The good incident counts everywhere but in its post-mortem, which
	// cannot be read: unknown, not overdue.
	if want := (report.Postmortems{Required: 1, Unknown: 1}); rep.Total.Postmortems != want {
		t.Errorf("post-mortems %+v, want %+v", rep.Total.Postmortems, want)
	}
	// Sorted: INC-2026-0001's post-mortem before INC-2026-0002's incident.
	if len(rep.Problems) != 2 || !strings.HasPrefix(rep.Problems[1], filepath.ToSlash(file)+":") ||
		!strings.Contains(rep.Problems[0], good+"/postmortem.md:") {
		t.Fatalf("Problems = %q, want one naming %s and one the post-mortem", rep.Problems, file)
	}
	out := render(t, rep)
	golden(t, "invalid.txt", out["txt"])
	for ext, b := range out {
		if !bytes.Contains(b, []byte(filepath.ToSlash(file))) {
			t.Errorf("%s output does not name %s", ext, file)
		}
	}
}
