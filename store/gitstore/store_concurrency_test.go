package gitstore_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

// TestConcurrentProcesses checks guarantees 2, 3 and 5 together: 4
// processes x 4 goroutines x 25 updates on 3 shared incidents, while this
// process lists continuously and a git plumbing loop commits on the same
// branch. Every acknowledged update must be present exactly once, every
// acknowledged git commit must survive, and no read may fail.
func TestConcurrentProcesses(t *testing.T) {
	const procs, goroutines, updates = 4, 4, 25
	if testing.Short() {
		t.Skip("spawns processes; skipped with -short")
	}
	ctx := context.Background()
	st, dir := newStore(t, &gitstore.Options{})
	var ids []string
	for i := 0; i < 3; i++ {
		inc, err := st.Create(ctx, incident.Declaration{Title: fmt.Sprintf("Shared %d", i), Severity: "sev2"}, alice)
		require.NoError(t, err)
		ids = append(ids, inc.ID)
	}

	stop := make(chan struct{})
	var background sync.WaitGroup
	var reads, readErrs atomic.Int64
	background.Add(1)
	go func() { // a reader listing throughout
		defer background.Done()
		reader, err := gitstore.Open(dir, nil)
		if err != nil {
			readErrs.Add(1)
			return
		}
		defer reader.Close()
		for {
			select {
			case <-stop:
				return
			default:
			}
			list, err := reader.List(ctx, store.Filter{})
			reads.Add(1)
			if err != nil || len(list) != 3 {
				readErrs.Add(1)
				t.Errorf("List during writes: %d incidents, %v", len(list), err)
			}
		}
	}()
	var cliAcked []int
	background.Add(1)
	go func() { // git commands committing on the same branch
		defer background.Done()
		for n := 0; n < 400; n++ {
			select {
			case <-stop:
				return
			default:
			}
			if cliCommit(t, dir, n) {
				cliAcked = append(cliAcked, n)
			}
		}
	}()

	type child struct {
		wait func() error
		acks chan map[string][]string
	}
	var children []child
	for p := 0; p < procs; p++ {
		cmd, out := startHelper(t, "updater", "REPO="+dir, "IDS="+strings.Join(ids, ","), "PROC="+strconv.Itoa(p),
			"GOROUTINES="+strconv.Itoa(goroutines), "UPDATES="+strconv.Itoa(updates))
		c := child{wait: cmd.Wait, acks: make(chan map[string][]string, 1)}
		go func() { c.acks <- readAcks(out) }()
		children = append(children, c)
	}
	acked := map[string][]string{}
	for _, c := range children {
		a := <-c.acks
		require.NoError(t, c.wait(), "updater process")
		for id, notes := range a {
			acked[id] = append(acked[id], notes...)
		}
	}
	close(stop)
	background.Wait()

	total := 0
	for _, id := range ids {
		inc, err := st.Get(ctx, id)
		require.NoError(t, err)
		counts := noteCounts(inc)
		for _, note := range acked[id] {
			assert.Equal(t, 1, counts[note], "%s: acknowledged note %s", id, note)
		}
		assert.Len(t, counts, len(acked[id]), "%s: notes present vs acknowledged", id)
		total += len(acked[id])
	}
	assert.Equal(t, procs*goroutines*updates, total, "acknowledged updates")
	assert.Zero(t, readErrs.Load(), "reader errors (of %d lists)", reads.Load())

	files := git(t, dir, "ls-tree", "--name-only", "main", "cli/")
	got := 0
	if files != "" {
		got = len(strings.Split(files, "\n"))
	}
	assert.Equal(t, len(cliAcked), got, "acknowledged git CLI commits present")
	t.Logf("%d updates from %d processes, %d git CLI commits, %d lists during the run", total, procs, len(cliAcked), reads.Load())
	fsck(t, dir)
}
