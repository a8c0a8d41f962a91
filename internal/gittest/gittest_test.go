package gittest_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/incidentkit/incidentkit/internal/gittest"
)

func TestRunAndFsck(t *testing.T) {
	dir := t.TempDir()
	gittest.Run(t, dir, "init", "-q", "-b", "main")
	if err := os.WriteFile(filepath.Join(dir, "f"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gittest.Run(t, dir, "add", "f")
	gittest.Run(t, dir, "commit", "-qm", "first")
	if got := gittest.Run(t, dir, "log", "--format=%an <%ae>|%s"); got != "Git CLI <cli@example.com>|first" {
		t.Errorf("git log = %q, want the fixed identity and the subject", got)
	}
	gittest.Fsck(t, dir)
	if _, err := gittest.Output(dir, "rev-parse", "no-such-ref"); err == nil {
		t.Error("Output of a failing git command returned no error")
	}
}
