package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/internal/gittest"
)

// git runs the git CLI on the repository at dir.
var git = gittest.Run

// TestRun runs the quickstart twice on one repository, as the README says,
// and checks what it prints and what it left in Git.
func TestRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "incidents.git")
	start := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	for i, want := range []string{"INC-2026-0001", "INC-2026-0002"} {
		var out bytes.Buffer
		if err := run(context.Background(), &out, dir, start); err != nil {
			t.Fatalf("run %d: %v\n%s", i+1, err, out.String())
		}
		got := out.String()
		for _, s := range []string{
			"declared " + want + ": Checkout returns 502 for all users",
			"== timeline of " + want + " (sev1, resolved)",
			"commander: Bo Commander <bo@example.com> -> Emeka Commander <emeka@example.com>",
			"- ack_late: acknowledged 7m after declaration; target 5m (2m late)",
			"== " + want + "/incident.yaml\nid: " + want + "\n",
			"== audit trail (10 commits)",
			"Emeka Commander  " + want + ": status monitoring -> resolved",
		} {
			if !strings.Contains(got, s) {
				t.Errorf("run %d output lacks %q:\n%s", i+1, s, got)
			}
		}
		if i == 0 != strings.HasPrefix(got, "creating ") {
			t.Errorf("run %d: creating the repository only the first time:\n%.80s", i+1, got)
		}
	}
	if n := git(t, dir, "rev-list", "--count", "main"); n != "21" {
		t.Errorf("commits: %s, want 21 (init + 2 x 10)", n)
	}
	authors := git(t, dir, "log", "--format=%an", "main")
	for _, who := range []string{"Ana Alert", "Bo Commander", "Chen Engineer", "Dee Comms", "Emeka Commander"} {
		if !strings.Contains(authors, who) {
			t.Errorf("no commit authored by %s", who)
		}
	}
	git(t, dir, "fsck", "--strict")
}
