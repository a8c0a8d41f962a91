package gitstore_test

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/internal/gittest"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

var (
	alice = incident.Person{Name: "Alice Responder", Email: "alice@example.com"}
	bob   = incident.Person{Name: "Bob Commander", Email: "bob@example.com"}
)

// The git CLI helpers are shared with the other packages' tests.
var (
	git    = gittest.Run
	gitErr = gittest.Output
	fsck   = gittest.Fsck
)

// fakeClock is a clock that moves one second per reading, so that every
// commit of a test has its own time.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

// newWorktreeStore creates a non-bare repository in a temporary directory,
// for tests that edit files the way a person does.
func newWorktreeStore(t testing.TB) (*gitstore.Store, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "repo")
	st, err := gitstore.Init(dir, &gitstore.Options{Worktree: true, Now: newClock().Now})
	if err != nil {
		t.Fatalf("Init: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st, dir
}

// handEdit replaces the first old with new in the file rel of the work tree
// at dir and commits it with git, as a pull request merged by hand would.
func handEdit(t testing.TB, dir, rel, old, new string) {
	t.Helper()
	path := filepath.Join(dir, rel)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), old, new, 1)
	if edited == string(data) {
		t.Fatalf("handEdit: %q not found in %s", old, rel)
	}
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, dir, "commit", "-qam", "hand edit")
}

// newStore creates a bare repository in a temporary directory.
func newStore(t testing.TB, opts *gitstore.Options) (*gitstore.Store, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "incidents.git")
	o := gitstore.Options{Now: newClock().Now}
	if opts != nil {
		o = *opts
	}
	st, err := gitstore.Init(dir, &o)
	if err != nil {
		t.Fatalf("Init: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st, dir
}
