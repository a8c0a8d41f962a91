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

// TestRun runs the example and checks what a user would see, then the
// repository with the git CLI.
func TestRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "incidents.git")
	var out bytes.Buffer
	if err := run(context.Background(), &out, dir, time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	got := out.String()
	sections := strings.Split(got, "\n== ")
	if len(sections) != 6 {
		t.Fatalf("got %d sections, want 6:\n%s", len(sections), got)
	}
	for i, want := range []string{
		`completeness: section "Summary" still has a to-do`, // the draft
		`blameless: "Chen forgot" names a person as the cause`,
		"lint after the rewrite\nno findings\n",
		"proposed on branch postmortem/INC-2026-0001",
		"approved by Bo Reviewer (status approved)",
	} {
		if !strings.Contains(sections[i+1], want) {
			t.Errorf("section %d lacks %q:\n%s", i+1, want, sections[i+1])
		}
	}
	for _, want := range []string{
		"- [ ] Alert when the pool is more than 80% used (owner: @chen, due: 2026-12-11, type: detect, priority: p2, id: A1)",
		"published: merged postmortem/INC-2026-0001 into main: true; post-mortem status published",
		"closed: INC-2026-0001 (INC-2026-0001: status resolved -> closed)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	gitOut := func(args ...string) string { return gittest.Run(t, dir, args...) }
	gitOut("fsck", "--strict")
	merges := gitOut("log", "--merges", "--format=%s", "main")
	if merges != "INC-2026-0001: post-mortem published" {
		t.Errorf("merge commits on main: %q", merges)
	}
	if n := gitOut("rev-list", "--count", "main..postmortem/INC-2026-0001"); n != "0" {
		t.Errorf("review branch not merged: %s commits ahead", n)
	}
}
