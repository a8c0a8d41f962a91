package stress_test

import (
	"flag"
	"strings"
	"testing"

	"github.com/incidentkit/incidentkit/internal/stress"
)

var (
	crashRounds = flag.Int("crash.rounds", 3, "SIGKILL rounds of TestCrashRounds")
	crashOps    = flag.String("crash.ops", "update", "operations TestCrashSteps enumerates (create, update, rollup)")
	injectAll   = flag.Bool("inject.all", false, "TestInjectErrors injects every errno at every step, not one per step")
)

// TestCrashRounds kills a durable writer at random moments.
func TestCrashRounds(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes; skipped with -short")
	}
	res, err := stress.CrashRounds(t.Context(), t.TempDir(), *crashRounds, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("crash rounds: rounds=%d acknowledged=%d lost=%d duplicated=%d stale-ref-locks-recovered=%d fsck-findings=%d",
		res.Rounds, res.Acked, res.Lost, res.Duplicated, res.StaleRefLocks, res.FsckFindings)
	for _, p := range res.Problems {
		t.Error(p)
	}
	if !res.OK() {
		t.Fail()
	}
}

// TestCrashSteps kills a writer at every file-system step of a write.
func TestCrashSteps(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes; skipped with -short")
	}
	res, err := stress.CrashSteps(t.Context(), t.TempDir(), strings.Split(*crashOps, ","), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("crash steps: kills=%d acknowledged=%d lost=%d duplicated=%d stale-ref-locks-recovered=%d fsck-findings=%d",
		res.Rounds, res.Acked, res.Lost, res.Duplicated, res.StaleRefLocks, res.FsckFindings)
	t.Logf("steps: %s", strings.Join(res.Steps, "; "))
	for _, p := range res.Problems {
		t.Error(p)
	}
	if res.Rounds < 20 {
		t.Errorf("only %d steps enumerated; the fault points are not reached", res.Rounds)
	}
}

// TestInjectErrors fails every step of a write with ENOSPC, EACCES and EIO.
func TestInjectErrors(t *testing.T) {
	res, err := stress.InjectErrors(t.Context(), t.TempDir(), *injectAll)
	if err != nil {
		t.Fatal(err)
	}
	for op, pts := range res.Points {
		t.Logf("%s: %d fallible steps: %s", op, len(pts), strings.Join(pts, " "))
	}
	t.Logf("errors injected: %d", res.Injected)
	// Without fault points nothing would be injected and nothing checked.
	if len(res.Points["create"]) == 0 || len(res.Points["update"]) == 0 || res.Injected == 0 {
		t.Errorf("no fault points reached (points %v, %d injected): the harness checked nothing", res.Points, res.Injected)
	}
	for _, p := range res.Problems {
		t.Error(p)
	}
}
