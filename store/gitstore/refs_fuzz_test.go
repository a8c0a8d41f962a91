package gitstore

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/incidentkit/incidentkit/incident"
)

// FuzzRefName checks the ref names the store writes against git itself:
// every name validRefName accepts must pass `git check-ref-format` (a name
// git refuses would make a ref git cannot read, or a path outside refs/),
// and every review branch made from an ID that incident.CheckID accepts
// must pass validRefName. Seeds: hostile branch names and IDs (see
// internal/hostile/testdata/corpus/ref and id).
func FuzzRefName(f *testing.F) {
	git, err := exec.LookPath("git")
	if err != nil {
		f.Skip("git not found")
	}
	for _, s := range []string{
		"refs/heads/main", "refs/heads/postmortem/INC-2026-0042", "refs/incidentkit/remote/origin/main",
		"refs/heads/../main", "refs/heads/main.lock", "refs/heads/a..b", "refs/heads/main@{1}", "refs/heads/.hidden",
		"refs/heads/main/", "refs/heads/ma in", "refs/heads/main\x00", "refs/heads/refs:x", `refs/heads/a\b`,
		"refs/heads//main", "refs/heads/x/.git/y", "refs/heads/main.", "refs/heads/main\x1b", "refs/heads/main\n",
		"refs/heads/@", "refs/heads/a@b", "refs/heads/-x", "refs/heads/\u212aEY", "refs/heads/x.lock/y", "refs/heads/a/.b",
		"refs", "refs/", "HEAD", "refs/heads/\xff", "refs/heads/*", "refs/heads/x?", "refs/heads/[", "refs/heads/~1", "refs/heads/^",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if id := strings.TrimPrefix(name, "refs/heads/postmortem/"); incident.CheckID(id) == nil {
			if err := validRefName(reviewBranch(id)); err != nil {
				t.Fatalf("review branch of valid ID %q: %v", id, err)
			}
		}
		if validRefName(plumbing.ReferenceName(name)) != nil {
			return
		}
		if strings.Contains(name, "\x00") {
			t.Fatalf("validRefName accepts %q, which holds a NUL", name)
		}
		out, err := exec.Command(git, "check-ref-format", name).CombinedOutput()
		if err != nil {
			t.Fatalf("validRefName accepts %q, git check-ref-format refuses it: %v %s", name, err, out)
		}
	})
}
