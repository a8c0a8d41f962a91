package stress

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// gitCmd runs git in dir with a fixed identity and no user or system
// configuration, returning its trimmed standard output (and standard
// error too when it fails).
func gitCmd(dir string, env []string, stdin []byte, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+os.TempDir(),
		"GIT_AUTHOR_NAME=Git CLI", "GIT_AUTHOR_EMAIL=cli@example.com",
		"GIT_COMMITTER_NAME=Git CLI", "GIT_COMMITTER_EMAIL=cli@example.com"), env...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return strings.TrimSpace(out.String() + errb.String()), fmt.Errorf("git %s: %w: %s",
			strings.Join(args, " "), err, strings.TrimSpace(out.String()+errb.String()))
	}
	return strings.TrimSpace(out.String()), nil
}

// cliCommit is a commit the git CLI loop published on main: the file
// cli/<token>.txt, whose content is the token.
type cliCommit struct {
	token, hash string
}

// cliLoop runs git commands on the repository at dir, round robin, until
// ctx is done, the way people and cron jobs do beside an incidentkit
// store: a commit on main made with plumbing and published with
// `git update-ref main NEW OLD` (a compare-and-swap), update-ref on other
// refs, pack-refs --all --prune, repack -d, repack -a -d, and
// gc --prune=now. Failed commands are counted, not fatal: git refuses a
// stale update-ref, and a command can lose a race with a concurrent
// repack.
type cliLoop struct {
	dir     string
	commits []cliCommit // acknowledged (update-ref succeeded)
	stale   int         // commits whose update-ref lost the race (expected)
	ops     map[string]int
	fails   map[string]int
	errs    []string
}

func (l *cliLoop) run(ctx context.Context) {
	l.ops, l.fails = map[string]int{}, map[string]int{}
	steps := []struct {
		name string
		fn   func(n int) error
	}{
		{"commit", l.commit},
		{"update-ref", l.updateRef},
		{"commit", l.commit},
		{"pack-refs", func(int) error { return l.git("pack-refs", "--all", "--prune") }},
		{"commit", l.commit},
		{"repack -d", func(int) error { return l.git("repack", "-q", "-d") }},
		{"update-ref", l.updateRef},
		{"repack -a -d", func(int) error { return l.git("repack", "-q", "-a", "-d") }},
		{"commit", l.commit},
		{"gc --prune=now", func(int) error { return l.git("gc", "-q", "--prune=now") }},
	}
	if only := os.Getenv("INCIDENTKIT_STRESS_CLI"); only != "" {
		// Debugging: only the named steps (comma-separated).
		kept := steps[:0]
		for _, s := range steps {
			if strings.Contains(","+only+",", ","+s.name+",") {
				kept = append(kept, s)
			}
		}
		steps = kept
	}
	for n := 0; ctx.Err() == nil && len(steps) > 0; n++ {
		s := steps[n%len(steps)]
		l.ops[s.name]++
		if os.Getenv("INCIDENTKIT_STRESS_DEBUG") != "" {
			fmt.Fprintf(os.Stderr, "%d CLI start %s\n", time.Now().UnixNano(), s.name)
		}
		err := s.fn(n)
		if os.Getenv("INCIDENTKIT_STRESS_DEBUG") != "" {
			fmt.Fprintf(os.Stderr, "%d CLI end %s\n", time.Now().UnixNano(), s.name)
		}
		if err != nil {
			l.fails[s.name]++
			if len(l.errs) < 5 {
				l.errs = append(l.errs, err.Error())
			}
		}
	}
}

func (l *cliLoop) git(args ...string) error {
	_, err := gitCmd(l.dir, nil, nil, args...)
	return err
}

// commit adds cli/<token>.txt on top of the current tip with plumbing
// and moves main with a compare-and-swap update-ref, starting again on
// the new tip (a few times) when the branch moved meanwhile.
func (l *cliLoop) commit(n int) error {
	for try := range 4 {
		if done, err := l.commitOnce(fmt.Sprintf("cli-%d-%d", n, try)); done || err != nil {
			return err
		}
	}
	return nil
}

func (l *cliLoop) commitOnce(token string) (done bool, err error) {
	old, err := gitCmd(l.dir, nil, nil, "rev-parse", "refs/heads/main")
	if err != nil {
		return false, err
	}
	idx := filepath.Join(os.TempDir(), fmt.Sprintf("incidentkit-stress-index-%d-%s", os.Getpid(), token))
	defer os.Remove(idx)
	env := []string{"GIT_INDEX_FILE=" + idx}
	if _, err := gitCmd(l.dir, env, nil, "read-tree", old); err != nil {
		return false, err
	}
	blob, err := gitCmd(l.dir, nil, []byte(token+"\n"), "hash-object", "-w", "--stdin")
	if err != nil {
		return false, err
	}
	if _, err := gitCmd(l.dir, env, nil, "update-index", "--add", "--cacheinfo", "100644,"+blob+",cli/"+token+".txt"); err != nil {
		return false, err
	}
	tree, err := gitCmd(l.dir, env, nil, "write-tree")
	if err != nil {
		return false, err
	}
	c, err := gitCmd(l.dir, nil, nil, "commit-tree", tree, "-p", old, "-m", "cli commit "+token)
	if err != nil {
		return false, err
	}
	if _, err := gitCmd(l.dir, nil, nil, "update-ref", "-m", "cli", "refs/heads/main", c, old); err != nil {
		l.stale++ // the branch moved (or its lock was held): not acknowledged
		return false, nil
	}
	l.commits = append(l.commits, cliCommit{token: token, hash: c})
	return true, nil
}

// updateRef creates, moves or deletes refs/stress/<n mod 3> (other refs
// than the store's branch, living beside it in refs and packed-refs).
func (l *cliLoop) updateRef(n int) error {
	name := "refs/stress/r" + strconv.Itoa(n%3)
	if n%4 == 3 {
		return l.git("update-ref", "-d", name)
	}
	return l.git("update-ref", name, "refs/heads/main")
}
