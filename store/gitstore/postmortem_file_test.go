package gitstore_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/store"
)

// A hand-broken post-mortem is returned byte for byte, under its path, so
// that lint reports the problem at the line the person edited.
func TestPostmortemFileHandEdited(t *testing.T) {
	ctx := context.Background()
	st, dir := newWorktreeStore(t)
	inc, err := st.Create(ctx, incident.Declaration{Title: "Queue backlog", Severity: "sev2"}, alice)
	if err != nil {
		t.Fatal(err)
	}
	pol, err := st.Policy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pm, err := postmortem.Draft(inc, pol, alice, inc.Milestones.Declared.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutPostmortem(ctx, pm, alice); err != nil {
		t.Fatal(err)
	}
	rel := filepath.ToSlash(filepath.Join("incidents", "2026", "11", inc.ID, "postmortem.md"))
	handEdit(t, dir, rel, "status: draft", "status: finished")

	for _, rev := range []string{"", "HEAD", "HEAD~1"} {
		var r store.Reader = st
		if rev != "" {
			snap, err := store.At(ctx, st, rev)
			if err != nil {
				t.Fatal(err)
			}
			r = snap
		}
		name, data, err := store.PostmortemFile(ctx, r, inc.ID)
		if err != nil {
			t.Fatalf("PostmortemFile at %q: %v", rev, err)
		}
		gitRev := rev
		if gitRev == "" {
			gitRev = "HEAD"
		}
		if want := git(t, dir, "show", gitRev+":"+rel); strings.TrimSuffix(string(data), "\n") != want {
			t.Errorf("PostmortemFile at %q = %q, git show says %q", rev, data, want)
		}
		if name != rel {
			t.Errorf("PostmortemFile at %q named %q, want %q", rev, name, rel)
		}
		_, perr := postmortem.Parse(name, data)
		var invalid *postmortem.InvalidError
		if broken := rev != "HEAD~1"; broken != errors.As(perr, &invalid) {
			t.Errorf("Parse of the file at %q = %v", rev, perr)
		} else if broken && (invalid.Problems[0].File != rel || invalid.Problems[0].Line == 0) {
			t.Errorf("problem at %s:%d, want %s with a line", invalid.Problems[0].File, invalid.Problems[0].Line, rel)
		}
	}
	if _, _, err := store.PostmortemFile(ctx, st, "INC-2026-0999"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("PostmortemFile(missing) = %v, want ErrNotFound", err)
	}
	ctx2, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := store.PostmortemFile(ctx2, st, inc.ID); !errors.Is(err, context.Canceled) {
		t.Errorf("PostmortemFile(cancelled) = %v", err)
	}
}
