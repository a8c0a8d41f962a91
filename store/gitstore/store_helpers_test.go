package gitstore_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

var (
	alice = incident.Person{Name: "Alice Responder", Email: "alice@example.com"}
	bob   = incident.Person{Name: "Bob Commander", Email: "bob@example.com"}
)

// git runs the real git CLI in dir and returns its trimmed output.
func git(t testing.TB, dir string, args ...string) string {
	t.Helper()
	out, err := gitErr(dir, args...)
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func gitErr(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GIT_AUTHOR_NAME=Git CLI", "GIT_AUTHOR_EMAIL=cli@example.com",
		"GIT_COMMITTER_NAME=Git CLI", "GIT_COMMITTER_EMAIL=cli@example.com",
		"GIT_CONFIG_NOSYSTEM=1", "HOME="+os.TempDir())
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// fsck checks the repository with git fsck --strict.
func fsck(t testing.TB, dir string) {
	t.Helper()
	if out, err := gitErr(dir, "fsck", "--strict", "--no-progress"); err != nil {
		t.Fatalf("git fsck --strict: %v\n%s", err, out)
	}
}

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
