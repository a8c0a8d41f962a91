package stress_test

import (
	"flag"
	"os"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/internal/stress"
)

var (
	stressDuration = flag.Duration("stress.duration", 0, "run TestStress for this long instead of a fixed number of operations")
	stressProcs    = flag.Int("stress.procs", 4, "writer processes of TestStress")
	stressGs       = flag.Int("stress.goroutines", 2, "writer goroutines per process of TestStress")
	stressReaders  = flag.Int("stress.readers", 1, "reader goroutines per process of TestStress")
	stressOps      = flag.Int("stress.ops", 25, "operations per writer goroutine of TestStress (when no duration is given)")
	stressSync     = flag.Bool("stress.sync", false, "TestStress writers fsync (always on with -stress.duration)")
	stressImpl     = flag.String("stress.impl", "gitstore", "writer of TestStress: gitstore, or setreference (a naive go-git writer, expected to lose writes)")
)

func TestMain(m *testing.M) {
	stress.MaybeChild()
	os.Exit(m.Run())
}

// TestStress runs the stress harness against gitstore. By default it is
// quick (4 processes x 2 goroutines x 25 operations without fsync, with
// the git CLI loop); -stress.duration makes it a long, durable run.
func TestStress(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes; skipped with -short")
	}
	dir := t.TempDir()
	if d := os.Getenv("INCIDENTKIT_STRESS_KEEP"); d != "" {
		dir = d // keep the repository for a post-mortem
	}
	c := stress.Config{Dir: dir, Procs: *stressProcs, Goroutines: *stressGs, Readers: *stressReaders,
		Ops: *stressOps, NoSync: !*stressSync, Impl: *stressImpl}
	if *stressDuration > 0 {
		c.Ops, c.Duration, c.NoSync = 0, *stressDuration, false
	}
	res, err := stress.Run(t.Context(), c)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(res)
	for _, p := range res.Problems {
		t.Log(p)
	}
	if !res.OK() {
		t.Fatalf("stress found problems: %s", res)
	}
}

// TestStressCatchesSetReference shows that the harness catches a broken
// implementation: a naive go-git writer publishing with SetReference (no
// lock, no compare) loses acknowledged writes. A run can be lucky and
// lose none; the test retries a few times before it gives up.
func TestStressCatchesSetReference(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes; skipped with -short")
	}
	const tries = 3
	for i := range tries {
		res, err := stress.Run(t.Context(), stress.Config{Dir: t.TempDir(), Procs: 4, Goroutines: 2,
			Ops: 15, Impl: "setreference", NoCLI: true, Duration: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("try %d: %s", i+1, res)
		if res.Lost > 0 {
			for _, p := range res.Problems[:min(3, len(res.Problems))] {
				t.Log(p)
			}
			return
		}
	}
	t.Fatalf("the setreference writer lost nothing in %d runs: the harness did not catch it", tries)
}
