package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incidentkit/incidentkit/internal/gittest"
)

const want = `alice declared INC-2026-0001 "Checkout latency above 2s"
alice synced: pushed
bob synced: fast-forwarded
-- offline --
alice declared INC-2026-0002 "Search index stale"
bob declared INC-2026-0002 "Login emails delayed"
-- back online --
alice synced: pushed
bob synced: merged, pushed
  renumbered INC-2026-0002 -> INC-2026-0003 (the same ID was declared on both clones)
alice synced: fast-forwarded
-- converged --
INC-2026-0003 sev3 "Login emails delayed", timeline events: 2, formerly INC-2026-0002
INC-2026-0002 sev3 "Search index stale", timeline events: 1
INC-2026-0001 sev1 "Checkout latency above 2s", timeline events: 3
alice and bob see the same records
INC-2026-0001 timeline:
  09:02 Alice Responder declared: Checkout latency above 2s
  09:03 Alice Responder note: Rolled back the 14:02 deploy.
  09:04 Bob Oncall severity: Payments are timing out too.
`

// git runs the git CLI on the repository at dir.
var git = gittest.Run

// TestRun runs the story in a directory of its own and checks what it
// prints and what it left in Git: three repositories at the same commit,
// each passing git fsck --strict.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run(context.Background(), &out, dir); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	if got := out.String(); got != want {
		t.Errorf("run printed:\n%s\nwant:\n%s", got, want)
	}
	var tips []string
	for _, repo := range []string{"remote.git", "alice.git", "bob.git"} {
		p := filepath.Join(dir, repo)
		git(t, p, "fsck", "--strict", "--no-progress")
		tips = append(tips, git(t, p, "rev-parse", "refs/heads/main"))
	}
	if tips[0] != tips[1] || tips[1] != tips[2] {
		t.Errorf("tips differ: %v", tips)
	}
	if msg := git(t, filepath.Join(dir, "bob.git"), "log", "-1", "--merges", "--format=%B", "refs/heads/main"); !strings.Contains(msg, "Renumbered INC-2026-0002 to INC-2026-0003") {
		t.Errorf("merge commit message:\n%s", msg)
	}
}

// TestRunTemp runs it the way `go run` does, in a temporary directory.
func TestRunTemp(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out, ""); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
}
