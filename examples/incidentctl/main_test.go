package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/internal/gittest"
)

// The tests build incidentctl once and run it as a user would, against
// temporary repositories, checking what it prints, its exit status and,
// with the real git CLI, what it left in the repository.

var (
	update = flag.Bool("update", false, "rewrite the golden files in testdata")
	binary string // the incidentctl built by TestMain
)

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "incidentctl-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "incidentctl")
	if out, err := exec.Command(goTool(), "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building incidentctl: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// goTool returns the go command: the one go test runs under (it sets
// GOROOT for its children), else the one on PATH.
func goTool() string {
	if root := os.Getenv("GOROOT"); root != "" {
		p := filepath.Join(root, "bin", "go")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return "go"
}

// git runs the git CLI in dir and fails the test when it fails.
var git = gittest.Run

// user runs incidentctl in a sandbox of its own: a home without git
// configuration, a working directory, INCIDENTKIT_REPO and a fixed clock
// (INCIDENTKIT_NOW) that the test moves on.
type user struct {
	t    *testing.T
	dir  string    // working directory (and HOME)
	repo string    // INCIDENTKIT_REPO; "" leaves it unset
	now  time.Time // INCIDENTKIT_NOW
}

// newUser returns a user working in a new temporary directory, with the
// repository repo (relative to it) and the clock at 2026-11-27 09:00 UTC.
func newUser(t *testing.T, repo string) *user {
	t.Helper()
	dir := t.TempDir()
	if repo != "" {
		repo = filepath.Join(dir, repo)
	}
	return &user{t: t, dir: dir, repo: repo, now: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
}

// later moves the clock on by d.
func (u *user) later(d time.Duration) { u.now = u.now.Add(d) }

// result is what one run of incidentctl did.
type result struct {
	stdout, stderr string
	code           int
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// env returns the environment incidentctl runs in.
func (u *user) env() []string {
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "GIT_") || strings.HasPrefix(k, "INCIDENTKIT_") ||
			k == "HOME" || k == "XDG_CONFIG_HOME" {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "HOME="+u.dir, "XDG_CONFIG_HOME="+filepath.Join(u.dir, ".config"),
		"GIT_CONFIG_NOSYSTEM=1", "INCIDENTKIT_NOW="+u.now.Format(time.RFC3339))
	if u.repo != "" {
		env = append(env, "INCIDENTKIT_REPO="+u.repo)
	}
	return env
}

// run runs incidentctl with args.
func (u *user) run(args ...string) result {
	u.t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = u.dir
	cmd.Env = u.env()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String()}
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			u.t.Fatalf("incidentctl %s: %v", strings.Join(args, " "), err)
		}
		r.code = ee.ExitCode()
	}
	return r
}

// ok runs incidentctl, requires success with nothing on standard error,
// and returns standard output.
func (u *user) ok(args ...string) string {
	u.t.Helper()
	r := u.run(args...)
	if r.code != 0 || r.stderr != "" {
		u.t.Fatalf("incidentctl %s:\n%s", strings.Join(args, " "), r)
	}
	return r.stdout
}

// fail runs incidentctl and requires exit status code and a message on
// standard error.
func (u *user) fail(code int, args ...string) result {
	u.t.Helper()
	r := u.run(args...)
	if r.code != code || r.stderr == "" {
		u.t.Fatalf("incidentctl %s: want exit %d and a message on stderr, got\n%s", strings.Join(args, " "), code, r)
	}
	return r
}

// as returns the global flag that makes a command act as the person.
func as(person string) []string { return []string{"-as", person} }

// cmd joins the global flags and a command line.
func cmd(global []string, args ...string) []string {
	return append(append([]string{}, global...), args...)
}

var (
	ana  = as("Ana Alert <ana@example.com>")
	bo   = as("Bo Commander <bo@example.com>")
	chen = as("Chen Engineer <chen@example.com>")
	dee  = as("Dee Comms <dee@example.com>")
)

var (
	uidPattern    = regexp.MustCompile(`\b[0-9A-HJKMNP-TV-Z]{26}\b`)
	commitPattern = regexp.MustCompile(`\b[0-9a-f]{40}\b`)
)

// normalize replaces what differs from run to run (the random part of
// ULIDs, and so the commit hashes) with placeholders.
func normalize(s string) string {
	s = uidPattern.ReplaceAllString(s, "<uid>")
	return commitPattern.ReplaceAllString(s, "<commit>")
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run go test -update to accept):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
