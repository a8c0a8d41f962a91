// Package gittest runs the real git CLI for tests, so that what incidentkit
// writes is checked by git itself and not only through its own API.
package gittest

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Output runs git with args in dir (a work tree or a bare repository) and
// returns its trimmed output: standard output, or standard output and
// standard error together when git fails. Git runs with a fixed identity
// and without system or user configuration, so tests do not depend on the
// machine's.
func Output(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+os.TempDir(),
		"GIT_AUTHOR_NAME=Git CLI", "GIT_AUTHOR_EMAIL=cli@example.com",
		"GIT_COMMITTER_NAME=Git CLI", "GIT_COMMITTER_EMAIL=cli@example.com")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return strings.TrimSpace(out.String() + errb.String()), err
	}
	return strings.TrimSpace(out.String()), nil
}

// Run is Output that fails the test when git fails.
func Run(t testing.TB, dir string, args ...string) string {
	t.Helper()
	out, err := Output(dir, args...)
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// Fsck runs git fsck --strict in dir and fails the test on any complaint
// (dangling objects aside: an aborted write may leave some, harmlessly).
func Fsck(t testing.TB, dir string) {
	t.Helper()
	out, err := Output(dir, "fsck", "--strict", "--no-progress", "--no-dangling")
	if err != nil || out != "" {
		t.Fatalf("git fsck --strict: %v\n%s", err, out)
	}
}
