package stress

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/internal/faults"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

// childEnv names the environment variable that turns a re-executed binary
// into a harness child; its value is the child's mode.
const childEnv = "INCIDENTKIT_STRESS_CHILD"

// MaybeChild runs the harness child the environment asks for, if any, and
// exits the process; otherwise it returns at once. Call it first thing in
// TestMain (or main) of every binary the harness re-executes.
func MaybeChild() {
	mode := os.Getenv(childEnv)
	if mode == "" {
		return
	}
	var err error
	switch mode {
	case "writer":
		err = childWriter()
	case "loop":
		err = childLoop()
	case "step":
		err = childStep()
	default:
		err = fmt.Errorf("unknown child mode %q", mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "stress child:", err)
		os.Exit(3)
	}
	os.Exit(0)
}

// out writes whole lines to standard output, one write each, so that lines
// of concurrent goroutines never interleave and a line is in the pipe (and
// counts as acknowledged) before anything after it happens.
var outMu sync.Mutex

func emit(format string, args ...any) {
	line := fmt.Sprintf(format, args...) + "\n"
	outMu.Lock()
	_, _ = os.Stdout.WriteString(line)
	outMu.Unlock()
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	return def
}

// person is the acting responder of process proc.
func person(proc string) incident.Person {
	return incident.Person{Name: "Stress " + proc, Email: "stress-" + proc + "@example.com"}
}

// childWriter is one stress process: GOROUTINES writers, each making OPS
// operations or running until DEADLINE (unix nanoseconds), and READERS
// goroutines listing continuously. It prints "ack update <id> <token>"
// and "ack create <id> <token>" after each acknowledged write, "err ..."
// for a failed write and "readerr ..." for a failed read.
func childWriter() error {
	repo, proc, impl := os.Getenv("REPO"), os.Getenv("PROC"), os.Getenv("IMPL")
	ids := strings.Split(os.Getenv("IDS"), ",")
	gs, ops, readers := envInt("GOROUTINES", 2), envInt("OPS", 0), envInt("READERS", 1)
	deadline := time.Unix(0, int64(envInt("DEADLINE", 0)))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	more := func(n int) bool { return (ops == 0 || n < ops) && (ops > 0 || time.Now().Before(deadline)) }

	var w writer
	if impl == "setreference" {
		w = &naiveWriter{repo: repo}
	} else {
		st, err := gitstore.Open(repo, &gitstore.Options{NoSync: os.Getenv("NOSYNC") == "true"})
		if err != nil {
			return err
		}
		defer st.Close()
		w = &storeWriter{st: st}
		for range readers {
			go func() {
				for ctx.Err() == nil {
					if _, err := st.List(ctx, store.Filter{}); err != nil && ctx.Err() == nil {
						emit("readerr %s", oneLine(err))
					}
				}
			}()
		}
	}
	if os.Getenv("INCIDENTKIT_STRESS_DEBUG") != "" {
		faults.Set(func(p faults.Point) error {
			fmt.Fprintf(os.Stderr, "%d %s %s\n", time.Now().UnixNano(), p.Name, filepath.Base(p.Path))
			return nil
		})
	}
	who := person(proc)
	var wg sync.WaitGroup
	for g := range gs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(os.Getpid()), uint64(g)))
			var own []string
			for n := 0; more(n); n++ {
				token := fmt.Sprintf("p%s-g%d-n%d", proc, g, n)
				if impl != "setreference" && rng.IntN(4) == 0 {
					id, err := w.create(ctx, token, who)
					if err != nil {
						emit("err create %s %s", token, oneLine(err))
						continue
					}
					own = append(own, id)
					emit("ack create %s %s", id, token)
					continue
				}
				id := ids[rng.IntN(len(ids))]
				if len(own) > 0 && rng.IntN(3) == 0 {
					id = own[rng.IntN(len(own))]
				}
				if err := w.update(ctx, id, token, who); err != nil {
					emit("err update %s %s %s", id, token, oneLine(err))
					continue
				}
				emit("ack update %s %s", id, token)
			}
		}()
	}
	wg.Wait()
	return nil
}

func oneLine(err error) string { return strings.ReplaceAll(err.Error(), "\n", " | ") }

// writer is one implementation of the two stress operations.
type writer interface {
	create(ctx context.Context, title string, by incident.Person) (id string, err error)
	update(ctx context.Context, id, note string, by incident.Person) error
}

// storeWriter writes through gitstore, the implementation under test.
type storeWriter struct{ st *gitstore.Store }

func (w *storeWriter) create(ctx context.Context, title string, by incident.Person) (string, error) {
	inc, err := w.st.Create(ctx, incident.Declaration{Title: title, Severity: "sev3"}, by)
	if err != nil {
		return "", err
	}
	return inc.ID, nil
}

func (w *storeWriter) update(ctx context.Context, id, note string, by incident.Person) error {
	_, err := w.st.Update(ctx, id, by, func(inc *incident.Incident, at time.Time) error {
		return inc.AddNote(note, by, at)
	})
	return err
}

// childLoop writes until it is killed: it alternates creating an incident
// and adding a note to TARGET or to one it created, durable (fsync on),
// printing an ack line after each acknowledged write. ROUND names its
// tokens.
func childLoop() error {
	st, err := gitstore.Open(os.Getenv("REPO"), nil)
	if err != nil {
		return err
	}
	w := &storeWriter{st: st}
	round, target := os.Getenv("ROUND"), os.Getenv("TARGET")
	who := person("crash")
	ctx := context.Background()
	ids := []string{target}
	for n := 0; ; n++ {
		token := fmt.Sprintf("r%s-n%d", round, n)
		if n%3 == 1 {
			id, err := w.create(ctx, token, who)
			if err != nil {
				return err
			}
			ids = append(ids, id)
			emit("ack create %s %s", id, token)
			continue
		}
		id := ids[n%len(ids)]
		if err := w.update(ctx, id, token, who); err != nil {
			return err
		}
		emit("ack update %s %s", id, token)
	}
}

// childStep makes one write (OP: create, update, or rollup: WARMUP
// unhooked updates first so that the hooked one triggers a rollup of
// small packs) with a hook that kills the process at the K-th fault point
// it reaches (K 0: none). It prints "point <n> <name>" as it reaches each
// point, then "ack <op> <id> <token>" and "points <n>" if it survives.
func childStep() error {
	st, err := gitstore.Open(os.Getenv("REPO"), nil)
	if err != nil {
		return err
	}
	defer st.Close()
	w := &storeWriter{st: st}
	op, token, target := os.Getenv("OP"), os.Getenv("TOKEN"), os.Getenv("TARGET")
	who := person("step")
	ctx := context.Background()
	for i := range envInt("WARMUP", 0) {
		if err := w.update(ctx, target, fmt.Sprintf("%s-warm%d", token, i), who); err != nil {
			return err
		}
	}
	var reached int64
	var mu sync.Mutex
	faults.Set(faults.KillAt(int64(envInt("K", 0)), func(n int64, p faults.Point) {
		mu.Lock()
		reached = n
		mu.Unlock()
		emit("point %d %s", n, p.Name)
	}))
	var id string
	switch op {
	case "create":
		id, err = w.create(ctx, token, who)
	case "update", "rollup":
		id, err = target, w.update(ctx, target, token, who)
	default:
		err = fmt.Errorf("unknown op %q", op)
	}
	if err != nil {
		return err
	}
	emit("ack %s %s %s", op, id, token)
	faults.Set(nil)
	mu.Lock()
	defer mu.Unlock()
	emit("points %d", reached)
	return nil
}
