package gitstore_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

// Child processes are this test binary re-executed with INCIDENTKIT_HELPER
// set: the standard helper-process pattern.
const helperEnv = "INCIDENTKIT_HELPER"

// TestHelperProcess is not a test: it is the body of child processes.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv(helperEnv)
	if mode == "" {
		t.Skip("helper process body; runs only as a child")
	}
	var err error
	switch mode {
	case "updater":
		err = helperUpdater()
	case "looper":
		err = helperLooper()
	default:
		err = fmt.Errorf("unknown helper mode %q", mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(3)
	}
	os.Exit(0)
}

// startHelper starts a child process in the given mode; its stdout carries
// one "ack <incident> <note>" line per acknowledged update.
func startHelper(t *testing.T, mode string, env ...string) (*exec.Cmd, io.ReadCloser) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(append(os.Environ(), helperEnv+"="+mode), env...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, out
}

// helperUpdater runs G goroutines that each make U updates, adding one
// uniquely named note to one of the shared incidents.
func helperUpdater() error {
	st, err := gitstore.Open(os.Getenv("REPO"), nil)
	if err != nil {
		return err
	}
	defer st.Close()
	ids := strings.Split(os.Getenv("IDS"), ",")
	proc := os.Getenv("PROC")
	g, _ := strconv.Atoi(os.Getenv("GOROUTINES"))
	u, _ := strconv.Atoi(os.Getenv("UPDATES"))
	who := incident.Person{Name: "Responder " + proc, Email: "p" + proc + "@example.com"}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, g)
	for gi := 0; gi < g; gi++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ui := 0; ui < u; ui++ {
				id := ids[(gi+ui)%len(ids)]
				note := fmt.Sprintf("p%s-g%d-u%d", proc, gi, ui)
				_, err := st.Update(context.Background(), id, who, func(inc *incident.Incident, at time.Time) error {
					return inc.AddNote(note, who, at)
				})
				if err != nil {
					errs <- fmt.Errorf("update %s %s: %w", id, note, err)
					return
				}
				mu.Lock()
				fmt.Printf("ack %s %s\n", id, note)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// helperLooper adds notes to one incident until it is killed, reporting
// each acknowledged note.
func helperLooper() error {
	st, err := gitstore.Open(os.Getenv("REPO"), nil)
	if err != nil {
		return err
	}
	id, round := os.Getenv("ID"), os.Getenv("ROUND")
	who := incident.Person{Name: "Looper", Email: "looper@example.com"}
	for n := 0; ; n++ {
		note := fmt.Sprintf("r%s-n%d", round, n)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		_, err := st.Update(ctx, id, who, func(inc *incident.Incident, at time.Time) error {
			return inc.AddNote(note, who, at)
		})
		cancel()
		if err != nil {
			return err
		}
		fmt.Printf("ack %s %s\n", id, note)
	}
}

// readAcks collects "ack <id> <note>" lines until r ends.
func readAcks(r io.Reader) map[string][]string {
	acks := map[string][]string{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 && f[0] == "ack" {
			acks[f[1]] = append(acks[f[1]], f[2])
		}
	}
	return acks
}

// noteCounts counts the notes of an incident by text.
func noteCounts(inc *incident.Incident) map[string]int {
	n := map[string]int{}
	for _, e := range inc.Timeline {
		if e.Kind == incident.EventNote {
			n[e.Text]++
		}
	}
	return n
}

// cliCommit commits one new file on top of branch main with git plumbing
// commands and moves the branch with `git update-ref NEW OLD`, as a person
// scripting git would. It reports whether the branch moved to its commit
// (false when another writer moved it first).
func cliCommit(t testing.TB, dir string, n int) bool {
	t.Helper()
	old := git(t, dir, "rev-parse", "refs/heads/main")
	idx := dir + "/cli-index-" + strconv.Itoa(n)
	defer os.Remove(idx)
	run := func(args ...string) (string, error) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_INDEX_FILE="+idx,
			"GIT_AUTHOR_NAME=Git CLI", "GIT_AUTHOR_EMAIL=cli@example.com",
			"GIT_COMMITTER_NAME=Git CLI", "GIT_COMMITTER_EMAIL=cli@example.com")
		out, err := cmd.CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
	must := func(args ...string) string {
		out, err := run(args...)
		if err != nil {
			t.Errorf("git %v: %v: %s", args, err, out)
		}
		return out
	}
	must("read-tree", old)
	blob := must("hash-object", "-w", os.DevNull)
	must("update-index", "--add", "--cacheinfo", "100644,"+blob+",cli/"+strconv.Itoa(n)+".txt")
	tree := must("write-tree")
	commit := must("commit-tree", tree, "-p", old, "-m", "cli commit "+strconv.Itoa(n))
	_, err := run("update-ref", "-m", "cli", "refs/heads/main", commit, old)
	return err == nil
}
