package stress

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// CrashResult is what the crash harness did and found.
type CrashResult struct {
	Rounds        int      // kill -9 rounds (CrashRounds) or kills at a step (CrashSteps)
	Acked         int      // acknowledged writes, all checked after every kill
	Lost          int      // acknowledged writes missing at the tip
	Duplicated    int      // acknowledged writes present more than once
	StaleRefLocks int      // kills that left <ref>.lock behind, each recovered by the next writer
	FsckFindings  int      // git fsck --strict complaints
	Steps         []string // CrashSteps: "op k point" for each step a writer was killed at
	Problems      []string
}

// OK reports whether nothing was lost, duplicated or broken.
func (r *CrashResult) OK() bool {
	return r.Lost == 0 && r.Duplicated == 0 && r.FsckFindings == 0 && len(r.Problems) == 0
}

func (r *CrashResult) problem(format string, args ...any) {
	if len(r.Problems) < 20 {
		r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
	}
}

// check runs git fsck --strict and checks every acknowledged write so far.
func (r *CrashResult) check(repo string, list []ack, setup map[string]bool, when string) error {
	for _, l := range fsckFindings(repo) {
		r.FsckFindings++
		r.problem("%s: fsck: %s", when, l)
	}
	f, err := checkAcks(repo, list, setup)
	if err != nil {
		return fmt.Errorf("%s: %w", when, err)
	}
	r.Lost, r.Duplicated = f.lost, f.duplicated
	for _, p := range f.problems {
		r.problem("%s: %s", when, p)
	}
	return nil
}

// refLockLeft reports whether a kill left the branch's lock file.
func refLockLeft(repo string) bool {
	_, err := os.Stat(filepath.Join(repo, "refs", "heads", "main.lock"))
	return err == nil
}

// lines starts cmd and returns a channel of its standard output lines.
func lines(cmd *exec.Cmd) (<-chan string, error) {
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	ch := make(chan string, 64)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			ch <- sc.Text()
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	return ch, nil
}

func parseAck(line string) (ack, bool) {
	f := strings.Fields(line)
	if len(f) == 4 && f[0] == "ack" {
		return ack{kind: f[1], id: f[2], token: f[3]}, true
	}
	return ack{}, false
}

// progressWait bounds how long a writer may take to acknowledge its first
// write after a kill: it guards against a hang (a lock never recovered),
// it is not a timing assertion.
const progressWait = 2 * time.Minute

// CrashRounds kills a durable writer process (creating incidents and
// adding notes in a loop) with SIGKILL at a random moment, rounds times.
// Each round's writer must first acknowledge a write (getting past
// whatever lock the previous kill left); after each kill the repository
// must pass git fsck --strict and every write acknowledged so far must be
// at the tip exactly once.
func CrashRounds(ctx context.Context, dir string, rounds int, seed uint64, command []string) (*CrashResult, error) {
	repo, ids, err := setup(dir, 1)
	if err != nil {
		return nil, err
	}
	setupIDs := map[string]bool{ids[0]: true}
	rng := rand.New(rand.NewPCG(seed, 9))
	res := &CrashResult{}
	var acked []ack
	for round := range rounds {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		cmd := childCmd(command, "loop", "REPO="+repo, "ROUND="+strconv.Itoa(round), "TARGET="+ids[0])
		var stderr strings.Builder
		cmd.Stderr = &stderr
		ch, err := lines(cmd)
		if err != nil {
			return res, err
		}
		first := true
		// Anywhere in the next few writes (a durable write takes 5-30 ms
		// here), so that the kill lands at every kind of step.
		killAt := time.Duration(rng.IntN(250_000)) * time.Microsecond
		var timer *time.Timer
		hang := time.AfterFunc(progressWait, func() { _ = cmd.Process.Kill() })
		for line := range ch {
			a, ok := parseAck(line)
			if !ok {
				continue
			}
			acked = append(acked, a)
			if first {
				first = false
				hang.Stop()
				timer = time.AfterFunc(killAt, func() { _ = cmd.Process.Signal(syscall.SIGKILL) })
			}
		}
		hang.Stop()
		if timer != nil {
			timer.Stop()
		}
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		res.Rounds++
		if first {
			res.problem("round %d: the writer acknowledged nothing (a lock not recovered?): %s", round, strings.TrimSpace(stderr.String()))
			return res, nil
		}
		if refLockLeft(repo) {
			res.StaleRefLocks++
		}
		res.Acked = len(acked)
		if err := res.check(repo, acked, setupIDs, fmt.Sprintf("round %d", round)); err != nil {
			return res, err
		}
	}
	return res, nil
}

// CrashSteps kills a writer at each file-system step of a write in turn
// (internal/faults numbers them): for each operation in ops (create,
// update, and rollup: an update that also rolls small packs up), and for
// k = 1, 2, ..., a child process makes the write and dies at its k-th
// fault point, until a write completes without reaching k. After each
// kill the branch must be at its old commit or the new one, and a second
// writer must get past any lock left and write; then git fsck --strict
// must pass with every acknowledged write present exactly once. Rollup
// runs each start from a copy of a repository with 17 small packs.
func CrashSteps(ctx context.Context, dir string, ops []string, command []string) (*CrashResult, error) {
	repo, ids, err := setup(dir, 1)
	if err != nil {
		return nil, err
	}
	setupIDs := map[string]bool{ids[0]: true}
	base := ""
	res := &CrashResult{}
	var acked []ack
	for _, op := range ops {
		warmup := "0"
		if op == "rollup" {
			// A fresh repository with seventeen small packs, so that an
			// update after seven more writes in one process triggers a
			// rollup (of about 25 packs: each adds 3 removals to the steps).
			var bids []string
			base, bids, err = setup(filepath.Join(dir, "rollup"), 1)
			if err != nil {
				return res, err
			}
			ids, warmup = bids, "7"
			setupIDs = map[string]bool{ids[0]: true}
			if err := seedPacks(base, ids[0], 17, command); err != nil {
				return nil, err
			}
		}
		for k := 1; ; k++ {
			if err := ctx.Err(); err != nil {
				return res, err
			}
			if base != "" {
				repo = filepath.Join(dir, fmt.Sprintf("%s-%d.git", op, k))
				if out, err := exec.Command("cp", "-a", base, repo).CombinedOutput(); err != nil {
					return res, fmt.Errorf("copy repository: %v: %s", err, out)
				}
				acked = nil
			}
			before, err := gitCmd(repo, nil, nil, "rev-parse", "refs/heads/main")
			if err != nil {
				return res, err
			}
			done, point, got, err := stepChild(command, repo, op, k, ids[0], warmup)
			if err != nil {
				return res, fmt.Errorf("%s step %d: %w", op, k, err)
			}
			acked = append(acked, got...)
			res.Acked += len(got)
			if done {
				break
			}
			res.Rounds++
			res.Steps = append(res.Steps, fmt.Sprintf("%s %d %s", op, k, point))
			when := fmt.Sprintf("%s killed at step %d (%s)", op, k, point)
			after, err := gitCmd(repo, nil, nil, "rev-parse", "refs/heads/main")
			if err != nil {
				res.problem("%s: branch unreadable: %v", when, err)
				continue
			}
			if after != before {
				if _, err := gitCmd(repo, nil, nil, "merge-base", "--is-ancestor", before, after); err != nil {
					res.problem("%s: the branch moved from %s to %s, not a descendant", when, before[:12], after[:12])
				}
			}
			if refLockLeft(repo) {
				res.StaleRefLocks++
			}
			// The next writer recovers whatever lock was left and writes.
			ndone, _, next, err := stepChild(command, repo, "update", 0, ids[0], "0")
			if err != nil || !ndone {
				res.problem("%s: the next writer failed: %v", when, err)
				continue
			}
			acked = append(acked, next...)
			res.Acked += len(next)
			if err := res.check(repo, acked, setupIDs, when); err != nil {
				return res, err
			}
			if base != "" {
				_ = os.RemoveAll(repo)
			}
		}
	}
	return res, nil
}

// seedPacks makes n one-commit packs in repo (one update per process).
func seedPacks(repo, id string, n int, command []string) error {
	for i := range n {
		done, _, _, err := stepChild(command, repo, "update", 0, id, "0")
		if err != nil || !done {
			return fmt.Errorf("seed pack %d: %v", i, err)
		}
	}
	return nil
}

// stepChild runs one "step" child: op on repo, killed at fault point k
// (0: never). done reports that it completed without reaching k; point
// names the step it was killed at; acked lists what it acknowledged.
func stepChild(command []string, repo, op string, k int, target, warmup string) (done bool, point string, acked []ack, err error) {
	token := fmt.Sprintf("%s-k%d-%d", op, k, rand.Uint32())
	cmd := childCmd(command, "step", "REPO="+repo, "OP="+op, "K="+strconv.Itoa(k), "TOKEN="+token,
		"TARGET="+target, "WARMUP="+warmup)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	ch, err := lines(cmd)
	if err != nil {
		return false, "", nil, err
	}
	hang := time.AfterFunc(progressWait, func() { _ = cmd.Process.Kill() })
	defer hang.Stop()
	reached := -1
	for line := range ch {
		if a, ok := parseAck(line); ok {
			acked = append(acked, a)
			continue
		}
		f := strings.Fields(line)
		switch {
		case len(f) == 3 && f[0] == "point" && f[1] == strconv.Itoa(k):
			point = f[2]
		case len(f) == 2 && f[0] == "points":
			reached, _ = strconv.Atoi(f[1])
		}
	}
	werr := cmd.Wait()
	if ee, ok := werr.(*exec.ExitError); ok && ee.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL && point != "" {
		return false, point, acked, nil
	}
	if werr != nil {
		return false, "", acked, fmt.Errorf("%v: %s", werr, strings.TrimSpace(stderr.String()))
	}
	if reached < 0 {
		return false, "", acked, fmt.Errorf("the writer did not report its steps")
	}
	return true, "", acked, nil
}
