// Package stress is the reliability harness of incidentkit: it checks the
// guarantees of store/gitstore (DESIGN.md section 3) with real processes,
// real git commands and real kills, and reports figures.
//
//   - [Run] has M processes of N writer goroutines update a few shared
//     incidents and create new ones, while reader goroutines list
//     continuously and the git CLI commits, moves refs, packs refs,
//     repacks and garbage-collects the same repository. Every operation a
//     child acknowledges (only after the API returned success) must be in
//     the final state exactly once, with no reader error and git fsck
//     --strict clean.
//   - [CrashRounds] kills a durable writer with SIGKILL at random moments;
//     [CrashSteps] kills it at each file-system step of a write in turn
//     (internal/faults); [InjectErrors] fails each step with ENOSPC,
//     EACCES and EIO in process.
//
// Children are the calling binary re-executed with an environment
// variable set: its TestMain (or main) must call [MaybeChild] first.
//
// The quick versions run in every go test; the long ones through flags of
// this package's tests, e.g.
//
//	go test ./internal/stress -run 'TestStress$' -v -timeout 0 \
//	    -stress.duration=10m -stress.procs=4 -stress.goroutines=4
//
// or all at once with .ci/soak DURATION.
//
// For a post-mortem of a failed run: INCIDENTKIT_STRESS_KEEP=dir keeps
// TestStress's repository in dir; INCIDENTKIT_STRESS_DEBUG=1 has writers
// log every fault point with a timestamp (and the git loop its commands)
// to standard error; INCIDENTKIT_STRESS_CLI="commit,repack -a -d" runs
// only the named git steps.
package stress

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

// Config sets up a stress run.
type Config struct {
	// Dir is an empty directory for the repository (a bare one, Dir/repo.git).
	Dir string
	// Procs is the number of writer processes, Goroutines the writers in
	// each and Readers the goroutines in each that list continuously.
	Procs, Goroutines, Readers int
	// Ops is the number of operations of each writer goroutine; 0 means
	// as many as fit in Duration.
	Ops      int
	Duration time.Duration
	// Shared is the number of incidents every writer updates (default 4).
	Shared int
	// Impl is the writer: "gitstore" (default) or "setreference", a naive
	// go-git writer that must be caught losing writes.
	Impl string
	// NoCLI turns off the git command loop.
	NoCLI bool
	// NoSync has the writers run without fsync (Options.NoSync): faster,
	// and as safe against everything but a power loss, which no stress
	// run simulates.
	NoSync bool
	// Command is the binary and arguments that start a child (its
	// environment says which); default os.Args[0] -test.run=^$.
	Command []string
}

// Result is what a run did and what verification found.
type Result struct {
	Impl                       string
	Procs, Goroutines, Readers int
	Updates, Creates           int // acknowledged through the implementation
	CLICommits                 int // acknowledged git CLI commits on main
	CLIOps, CLIFailures        int // git commands run beside, and how many failed
	CLIStale                   int // CLI commits whose update-ref lost the race (expected, not acknowledged)
	Lost, Duplicated           int // acknowledged operations missing, or present more than once
	Unacked                    int // operations present that no one acknowledged (failed writes that landed)
	ReaderErrors, WriterErrors int
	FsckFindings               int
	CommitsWant, CommitsGot    int // commits on main: setup + acknowledged operations, and what git counts
	Duration                   time.Duration
	Problems                   []string // the first findings, for the log
}

// Ops returns the number of acknowledged operations of all kinds.
func (r *Result) Ops() int { return r.Updates + r.Creates + r.CLICommits }

// OK reports whether verification found nothing wrong.
func (r *Result) OK() bool {
	return r.Lost == 0 && r.Duplicated == 0 && r.Unacked == 0 && r.ReaderErrors == 0 &&
		r.WriterErrors == 0 && r.FsckFindings == 0 && r.CommitsWant == r.CommitsGot
}

// String is the summary line.
func (r *Result) String() string {
	return fmt.Sprintf("stress %s: ops=%d (updates=%d creates=%d cli-commits=%d) processes=%d goroutines=%d readers=%d "+
		"lost=%d duplicated=%d unacked=%d reader-errors=%d writer-errors=%d fsck-findings=%d commits=%d/%d "+
		"cli-ops=%d cli-stale=%d cli-failures=%d duration=%s",
		r.Impl, r.Ops(), r.Updates, r.Creates, r.CLICommits, r.Procs, r.Procs*r.Goroutines, r.Procs*r.Readers,
		r.Lost, r.Duplicated, r.Unacked, r.ReaderErrors, r.WriterErrors, r.FsckFindings, r.CommitsGot, r.CommitsWant,
		r.CLIOps, r.CLIStale, r.CLIFailures, r.Duration.Round(time.Millisecond))
}

func (r *Result) problem(format string, args ...any) {
	if len(r.Problems) < 20 {
		r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
	}
}

// ack is one acknowledged operation of a child.
type ack struct {
	kind, id, token string
}

// acks collects what children print.
type acks struct {
	mu         sync.Mutex
	list       []ack
	readerErrs []string
	writerErrs []string
}

func (a *acks) read(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		f := strings.Fields(line)
		a.mu.Lock()
		switch {
		case len(f) == 4 && f[0] == "ack":
			a.list = append(a.list, ack{kind: f[1], id: f[2], token: f[3]})
		case len(f) > 0 && f[0] == "readerr":
			a.readerErrs = append(a.readerErrs, line)
		case len(f) > 0 && f[0] == "err":
			a.writerErrs = append(a.writerErrs, line)
		}
		a.mu.Unlock()
	}
}

// childCmd returns the command that starts a child in mode.
func childCmd(command []string, mode string, env ...string) *exec.Cmd {
	if len(command) == 0 {
		command = []string{os.Args[0], "-test.run=^$"}
	}
	cmd := exec.Command(command[0], command[1:]...)
	cmd.Env = append(append(os.Environ(), childEnv+"="+mode), env...)
	return cmd
}

// setup creates the bare repository dir/repo.git with n shared incidents
// and returns its path and their IDs. Auto gc is off: the CLI loop runs
// gc itself.
func setup(dir string, n int) (repo string, ids []string, err error) {
	repo = filepath.Join(dir, "repo.git")
	st, err := gitstore.Init(repo, &gitstore.Options{NoSync: true})
	if err != nil {
		return "", nil, err
	}
	defer st.Close()
	for i := range n {
		inc, err := st.Create(context.Background(), incident.Declaration{
			Title: "shared " + strconv.Itoa(i), Severity: "sev2"}, person("setup"))
		if err != nil {
			return "", nil, err
		}
		ids = append(ids, inc.ID)
	}
	if _, err := gitCmd(repo, nil, nil, "config", "gc.auto", "0"); err != nil {
		return "", nil, err
	}
	return repo, ids, nil
}

// Run runs one stress session as c says and verifies the result. An error
// means the harness itself failed; findings are in the Result.
func Run(ctx context.Context, c Config) (*Result, error) {
	if c.Shared <= 0 {
		c.Shared = 4
	}
	if c.Impl == "" {
		c.Impl = "gitstore"
	}
	start := time.Now()
	repo, ids, err := setup(c.Dir, c.Shared)
	if err != nil {
		return nil, err
	}
	base, err := gitCmd(repo, nil, nil, "rev-list", "--count", "refs/heads/main")
	if err != nil {
		return nil, err
	}
	res := &Result{Impl: c.Impl, Procs: c.Procs, Goroutines: c.Goroutines, Readers: c.Readers}
	var a acks
	var cmds []*exec.Cmd
	var stderrs []*bytes.Buffer
	var readers sync.WaitGroup
	deadline := time.Now().Add(c.Duration)
	for p := range c.Procs {
		cmd := childCmd(c.Command, "writer", "REPO="+repo, "PROC="+strconv.Itoa(p), "IMPL="+c.Impl,
			"IDS="+strings.Join(ids, ","), "GOROUTINES="+strconv.Itoa(c.Goroutines),
			"READERS="+strconv.Itoa(c.Readers), "OPS="+strconv.Itoa(c.Ops), "NOSYNC="+strconv.FormatBool(c.NoSync),
			"DEADLINE="+strconv.FormatInt(deadline.UnixNano(), 10))
		var eb bytes.Buffer
		cmd.Stderr = &eb
		if os.Getenv("INCIDENTKIT_STRESS_DEBUG") != "" {
			cmd.Stderr = os.Stderr
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			return nil, err
		}
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		cmds, stderrs = append(cmds, cmd), append(stderrs, &eb)
		readers.Add(1)
		go func() { defer readers.Done(); a.read(out) }()
	}
	cliCtx, stopCLI := context.WithCancel(ctx)
	loop := &cliLoop{dir: repo}
	cliDone := make(chan struct{})
	go func() {
		defer close(cliDone)
		if !c.NoCLI {
			loop.run(cliCtx)
		}
	}()
	readers.Wait()
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			res.WriterErrors++
			res.problem("child %d: %v: %s", i, err, strings.TrimSpace(stderrs[i].String()))
		}
	}
	stopCLI()
	<-cliDone
	res.Duration = time.Since(start)
	for _, n := range loop.ops {
		res.CLIOps += n
	}
	for _, n := range loop.fails {
		res.CLIFailures += n
	}
	res.CLICommits, res.CLIStale = len(loop.commits), loop.stale
	for _, e := range loop.errs {
		res.problem("cli: %s", lastLines(e, 2))
	}
	res.ReaderErrors = len(a.readerErrs)
	res.WriterErrors += len(a.writerErrs)
	for _, e := range append(a.readerErrs, a.writerErrs...) {
		res.problem("%s", e)
	}
	n, _ := strconv.Atoi(base)
	if err := verify(repo, a.list, loop.commits, n, ids, res); err != nil {
		return res, err
	}
	return res, nil
}
