package stress

import (
	"context"
	"fmt"
	"strings"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

// finding counts what a check of the repository found.
type finding struct {
	lost, duplicated, unacked int
	problems                  []string
}

func (f *finding) problem(format string, args ...any) {
	if len(f.problems) < 20 {
		f.problems = append(f.problems, fmt.Sprintf(format, args...))
	}
}

// checkAcks reads the tip of main through a fresh gitstore handle and
// checks that every acknowledged update's note is in its incident exactly
// once and every acknowledged create's incident exists exactly once.
// Notes and titles of incidents not in setup that no one acknowledged
// count as unacked (a killed or failed write that landed anyway).
func checkAcks(repo string, list []ack, setup map[string]bool) (*finding, error) {
	st, err := gitstore.Open(repo, &gitstore.Options{NoSync: true})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	all, err := st.List(context.Background(), store.Filter{})
	if err != nil {
		return nil, fmt.Errorf("stress: list for verification: %w", err)
	}
	notes := map[string]map[string]int{} // id -> note -> count
	titles := map[string][]string{}      // title -> ids
	for _, inc := range all {
		m := map[string]int{}
		for _, e := range inc.Timeline {
			if e.Kind == incident.EventNote {
				m[e.Text]++
			}
		}
		notes[inc.ID] = m
		if !setup[inc.ID] {
			titles[inc.Title] = append(titles[inc.Title], inc.ID)
		}
	}
	f := &finding{}
	ackedNote, ackedTitle := map[string]bool{}, map[string]bool{}
	for _, a := range list {
		switch a.kind {
		case "update", "rollup":
			ackedNote[a.id+" "+a.token] = true
			switch n := notes[a.id][a.token]; {
			case n == 0:
				f.lost++
				f.problem("lost: note %s of %s", a.token, a.id)
			case n > 1:
				f.duplicated++
				f.problem("duplicated: note %s of %s present %d times", a.token, a.id, n)
			}
		case "create":
			ackedTitle[a.token] = true
			ids := titles[a.token]
			switch {
			case len(ids) == 0:
				f.lost++
				f.problem("lost: incident %s (%s)", a.id, a.token)
			case len(ids) > 1:
				f.duplicated++
				f.problem("duplicated: incident %s created as %s", a.token, strings.Join(ids, ", "))
			case ids[0] != a.id:
				f.lost++
				f.problem("incident %s acknowledged as %s is %s", a.token, a.id, ids[0])
			}
		}
	}
	for id, m := range notes {
		for note, n := range m {
			if !ackedNote[id+" "+note] && !strings.Contains(note, "-warm") {
				f.unacked += n
			}
		}
	}
	for title := range titles {
		if !ackedTitle[title] {
			f.unacked++
		}
	}
	return f, nil
}

// fsckFindings runs git fsck --strict and returns its complaints (dangling
// objects aside: an aborted or killed write may leave some, harmlessly).
func fsckFindings(repo string) []string {
	out, err := gitCmd(repo, nil, nil, "fsck", "--strict", "--no-progress", "--no-dangling")
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if err != nil && len(lines) == 0 {
		lines = append(lines, err.Error())
	}
	return lines
}

// verify checks a stress run: acknowledged operations through the API,
// acknowledged CLI commits and the commit count through git, fsck.
func verify(repo string, list []ack, cli []cliCommit, base int, setupIDs []string, res *Result) error {
	for _, a := range list {
		switch a.kind {
		case "update":
			res.Updates++
		case "create":
			res.Creates++
		}
	}
	for _, l := range fsckFindings(repo) {
		res.FsckFindings++
		res.problem("fsck: %s", l)
	}
	setup := map[string]bool{}
	for _, id := range setupIDs {
		setup[id] = true
	}
	f, err := checkAcks(repo, list, setup)
	if err != nil {
		return err
	}
	res.Lost, res.Duplicated, res.Unacked = f.lost, f.duplicated, f.unacked
	for _, p := range f.problems {
		res.problem("%s", p)
	}
	revs, err := gitCmd(repo, nil, nil, "rev-list", "refs/heads/main")
	if err != nil {
		res.FsckFindings++
		res.problem("history broken: %s", lastLines(err.Error(), 3))
	}
	onMain := map[string]bool{}
	for _, h := range strings.Fields(revs) {
		onMain[h] = true
	}
	files, err := gitCmd(repo, nil, nil, "ls-tree", "-r", "--name-only", "refs/heads/main", "cli/")
	if err != nil {
		res.FsckFindings++
		res.problem("tip tree unreadable: %s", lastLines(err.Error(), 3))
	}
	inTip := map[string]int{}
	for _, p := range strings.Fields(files) {
		inTip[p]++
	}
	for _, c := range cli {
		if !onMain[c.hash] {
			res.Lost++
			res.problem("lost: cli commit %s (%s) is not an ancestor of main", c.token, c.hash[:12])
		} else if inTip["cli/"+c.token+".txt"] != 1 {
			res.Lost++
			res.problem("lost: cli/%s.txt not at the tip", c.token)
		}
	}
	res.CommitsGot = len(onMain)
	res.CommitsWant = base + res.Updates + res.Creates + len(cli)
	return nil
}

// lastLines returns the last n lines of s, joined by " | ".
func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(l[max(0, len(l)-n):], " | ")
}
