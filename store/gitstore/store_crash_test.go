package gitstore_test

import (
	"bufio"
	"context"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/incidentkit/incidentkit/incident"
)

var crashRounds = flag.Int("store.crashrounds", 50, "SIGKILL rounds in TestStoreCrashKill9")

// TestStoreCrashKill9 checks guarantee 2 against kill -9: a child process adds
// notes in a loop and is killed at a random moment, many times. After every
// kill the repository must be fsck-clean, every acknowledged note present
// exactly once, and the next writer must get past whatever lock the dead one
// left behind.
func TestStoreCrashKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes; skipped with -short")
	}
	ctx := context.Background()
	st, dir := newStore(t, nil)
	inc, err := st.Create(ctx, incident.Declaration{Title: "Crash target", Severity: "sev3"}, alice)
	require.NoError(t, err)
	lockPath := filepath.Join(dir, "refs", "heads", "main.lock")

	rng := rand.New(rand.NewPCG(uint64(os.Getpid()), 7))
	var acked []string
	staleLocks := 0
	for round := 0; round < *crashRounds; round++ {
		cmd, out := startHelper(t, "looper", "REPO="+dir, "ID="+inc.ID, "ROUND="+strconv.Itoa(round))
		sc := bufio.NewScanner(out)
		killAfter := 1 + rng.IntN(6)
		n := 0
		for n < killAfter && sc.Scan() {
			if f := strings.Fields(sc.Text()); len(f) == 3 && f[0] == "ack" {
				acked = append(acked, f[2])
				n++
			}
		}
		require.NoError(t, cmd.Process.Kill())
		// Lines written before the kill were acknowledged too.
		for sc.Scan() {
			if f := strings.Fields(sc.Text()); len(f) == 3 && f[0] == "ack" {
				acked = append(acked, f[2])
				n++
			}
		}
		_ = cmd.Wait()
		require.GreaterOrEqual(t, n, killAfter, "round %d: the writer made no progress (a stale lock not recovered?)", round)
		if _, err := os.Stat(lockPath); err == nil {
			staleLocks++
		}
		fsck(t, dir)
	}

	got, err := st.Get(ctx, inc.ID)
	require.NoError(t, err)
	counts := noteCounts(got)
	for _, note := range acked {
		assert.Equal(t, 1, counts[note], "acknowledged note %s", note)
	}
	for note, c := range counts {
		assert.Equal(t, 1, c, "note %s present %d times", note, c)
	}
	t.Logf("%d rounds, %d acknowledged writes, %d notes present, %d stale ref locks left by kills and recovered",
		*crashRounds, len(acked), len(counts), staleLocks)
}
