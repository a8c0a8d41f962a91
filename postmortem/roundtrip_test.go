package postmortem_test

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
)

var words = []string{
	"pool", "checkout", "database", "alert", "retry", "cache", "Ünïcode", "deploy", "queue", "latency",
	"timeout", "replica", "a:b", "#tag", "\"quoted\"", "it's", "50%", "x_y", "*star*", "`code`", "[link](https://example.com)",
}

// gen makes random, well-formed post-mortems.
type gen struct{ r *rand.Rand }

func (g gen) words(min, max int) string {
	n := min + g.r.Intn(max-min+1)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[g.r.Intn(len(words))]
	}
	return strings.Join(ws, " ")
}

// plain is text without Markdown or YAML specials, for names and titles
// of action items.
func (g gen) plain(n int) string {
	ws := make([]string, 1+g.r.Intn(n))
	for i := range ws {
		ws[i] = []string{"add", "pool", "alert", "limit", "runbook", "replica", "Ünïcode", "check", "v2.1"}[g.r.Intn(9)]
	}
	return strings.Join(ws, " ")
}

func (g gen) time() time.Time {
	if g.r.Intn(4) == 0 {
		return time.Time{}
	}
	return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(g.r.Int63n(int64(400 * 24 * time.Hour)))).Truncate(time.Second)
}

func (g gen) person() incident.Person {
	name := []string{"Ada", "Bo", "Chen Li", "Dana Ö", "Eve van Dijk"}[g.r.Intn(5)]
	p := incident.Person{Name: name}
	if g.r.Intn(2) == 0 {
		p.Email = strings.ReplaceAll(strings.ToLower(p.Name), " ", ".") + "@example.com"
	}
	return p
}

// body returns Markdown made of blocks people write in sections.
func (g gen) body() string {
	if g.r.Intn(5) == 0 {
		return ""
	}
	var blocks []string
	for range 1 + g.r.Intn(4) {
		switch g.r.Intn(7) {
		case 0, 1:
			blocks = append(blocks, g.words(1, 12))
		case 2:
			blocks = append(blocks, "- "+g.words(1, 5)+"\n- "+g.words(1, 5))
		case 3:
			blocks = append(blocks, "```\n## not a heading\n"+g.plain(4)+"\n```")
		case 4:
			blocks = append(blocks, "### "+g.plain(3)+"\n\n"+g.words(1, 6))
		case 5:
			blocks = append(blocks, "| a | b |\n|---|---|\n| "+g.plain(2)+" | "+g.plain(2)+" |")
		case 6:
			blocks = append(blocks, "> "+g.words(1, 8))
		}
	}
	return strings.Join(blocks, "\n\n")
}

var keys = []postmortem.SectionKey{"", postmortem.SectionSummary, postmortem.SectionTimeline, postmortem.SectionLessons, postmortem.SectionActionItems}

func (g gen) postmortem(i int) *postmortem.Postmortem {
	p := &postmortem.Postmortem{
		IncidentID: fmt.Sprintf("INC-2026-%04d", i),
		Title:      g.words(1, 8),
		Status:     postmortem.Statuses[g.r.Intn(len(postmortem.Statuses))],
		Created:    g.time(),
		Due:        g.time(),
		Published:  g.time(),
	}
	for range g.r.Intn(3) {
		p.Authors = append(p.Authors, g.person())
	}
	for range g.r.Intn(3) {
		r := postmortem.Reviewer{Person: g.person()}
		if g.r.Intn(2) == 0 {
			r.Approved = g.time()
		}
		p.Reviewers = append(p.Reviewers, r)
	}
	if g.r.Intn(4) == 0 {
		p.Waiver = g.words(1, 6)
	}
	if g.r.Intn(4) == 0 {
		p.Intro = g.body()
	}
	for _, f := range []*string{&p.Summary, &p.Impact, &p.Timeline, &p.RootCauses, &p.Trigger, &p.Detection,
		&p.Resolution, &p.WentWell, &p.WentWrong, &p.Lucky, &p.Lessons} {
		*f = g.body()
	}
	if g.r.Intn(2) == 0 {
		p.ActionNotes = g.words(1, 8)
	}
	types := []postmortem.ActionType{"", postmortem.ActionMitigate, postmortem.ActionPrevent, postmortem.ActionDetect, postmortem.ActionProcess}
	prios := []postmortem.Priority{"", postmortem.P1, postmortem.P2, postmortem.P3}
	states := []postmortem.ActionStatus{postmortem.ActionOpen, postmortem.ActionDone, postmortem.ActionWontDo}
	for j := range g.r.Intn(6) {
		a := postmortem.ActionItem{
			Title:    g.plain(6),
			Type:     types[g.r.Intn(len(types))],
			Priority: prios[g.r.Intn(len(prios))],
			Status:   states[g.r.Intn(len(states))],
		}
		if g.r.Intn(3) > 0 {
			a.ID = fmt.Sprintf("A%d", j+1)
		}
		if g.r.Intn(3) > 0 {
			a.Owner = "@" + strings.ReplaceAll(g.plain(1), " ", "-")
		}
		if t := g.time(); !t.IsZero() {
			a.Due = t.Truncate(24 * time.Hour)
		}
		if g.r.Intn(3) == 0 {
			a.Link = "https://tracker.example.com/PROJ-" + fmt.Sprint(g.r.Intn(1000))
		}
		if g.r.Intn(4) == 0 {
			a.Notes = "- [ ] " + g.plain(3) + "\n- " + g.words(1, 4)
		}
		p.ActionItems = append(p.ActionItems, a)
	}
	for j := range g.r.Intn(3) {
		p.Other = append(p.Other, postmortem.Section{
			Title: fmt.Sprintf("Appendix %d %s", j, g.plain(2)),
			Body:  g.body(),
			After: keys[g.r.Intn(len(keys))],
		})
	}
	// Render writes unknown sections after their anchor, in canonical
	// order; a parsed document lists them that way too.
	slices.SortStableFunc(p.Other, func(a, b postmortem.Section) int {
		return slices.Index(keys, a.After) - slices.Index(keys, b.After)
	})
	return p
}

// TestRoundTripGenerated checks Parse(Render(p)) == p for many random
// post-mortems, and that rendering is deterministic.
func TestRoundTripGenerated(t *testing.T) {
	g := gen{rand.New(rand.NewSource(20261127))}
	for i := range 500 {
		p := g.postmortem(i)
		if err := p.Validate(); err != nil {
			t.Fatalf("#%d: Validate: %v", i, err)
		}
		md := postmortem.Render(p)
		back, err := postmortem.Parse("gen.md", md)
		if err != nil {
			t.Fatalf("#%d: Parse(Render(p)) error: %v\n%s", i, err, md)
		}
		if diff := cmp.Diff(p, back); diff != "" {
			t.Fatalf("#%d: Parse(Render(p)) differs (-want +got):\n%s\n%s", i, diff, md)
		}
		if again := postmortem.Render(back); string(again) != string(md) {
			t.Fatalf("#%d: Render(Parse(Render(p))) != Render(p)", i)
		}
	}
}

// TestRoundTripFixtures checks that every fixture reads back to the same
// value after rendering it.
func TestRoundTripFixtures(t *testing.T) {
	files, err := filepath.Glob("testdata/*/*.md")
	must(t, err)
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			data, err := os.ReadFile(f)
			must(t, err)
			p, err := postmortem.Parse(f, data)
			if err != nil {
				if strings.Contains(f, "invalid") {
					return
				}
				t.Fatalf("Parse: %v", err)
			}
			back, err := postmortem.Parse(f, postmortem.Render(p))
			if err != nil {
				t.Fatalf("Parse(Render(p)): %v", err)
			}
			if diff := cmp.Diff(p, back); diff != "" {
				t.Errorf("Parse(Render(p)) differs (-want +got):\n%s", diff)
			}
		})
	}
}
