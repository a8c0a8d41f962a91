package postmortem_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
)

// lintText runs Lint and formats the findings one per line.
func lintText(t *testing.T, file string, data []byte, pol *severity.Policy) string {
	t.Helper()
	inc := newIncident(t)
	fs, err := postmortem.Lint(file, data, inc, pol)
	if err != nil {
		t.Fatalf("Lint(%s): %v", file, err)
	}
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String() + "\n")
	}
	return b.String()
}

func TestLintClean(t *testing.T) {
	files := []string{"testdata/golden/completed.md"}
	more, err := filepath.Glob("testdata/edited/*.md")
	must(t, err)
	for _, f := range more {
		if !strings.Contains(f, "minimal") {
			files = append(files, f)
		}
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			must(t, err)
			if got := lintText(t, f, data, severity.Default()); got != "" {
				t.Errorf("Lint(%s) found, want nothing:\n%s", f, got)
			}
		})
	}
}

// TestLintGolden checks findings on fixtures with planted problems
// against testdata/lint/*.golden.
func TestLintGolden(t *testing.T) {
	_, draft := drafted(t)
	tests := []struct {
		name string
		data func(t *testing.T) []byte
	}{
		{"blame", readFile("testdata/lint/blame.md")},
		{"drafted", func(*testing.T) []byte { return postmortem.Render(draft) }},
		{"rules", readFile("testdata/lint/rules.md")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden(t, "lint/"+tt.name+".golden", []byte(lintText(t, tt.name+".md", tt.data(t), severity.Default())))
		})
	}
}

func readFile(name string) func(t *testing.T) []byte {
	return func(t *testing.T) []byte {
		data, err := os.ReadFile(name)
		must(t, err)
		return data
	}
}

func TestLintDisabledRules(t *testing.T) {
	data, err := os.ReadFile("testdata/lint/rules.md")
	must(t, err)
	pol := severity.Default()
	pol.Postmortem.DisabledLintRules = []string{postmortem.RuleTimeline, postmortem.RuleActionOwner, postmortem.RuleCompleteness}
	got := lintText(t, "rules.md", data, pol)
	for _, rule := range pol.Postmortem.DisabledLintRules {
		if strings.Contains(got, ": "+rule+": ") {
			t.Errorf("disabled rule %s still reported:\n%s", rule, got)
		}
	}
	if !strings.Contains(got, ": action-due: ") || !strings.Contains(got, ": action-coverage: ") {
		t.Errorf("enabled rules missing:\n%s", got)
	}
}

func TestLintWaiverAndNoIncident(t *testing.T) {
	_, pm := completed(t)
	pm.ActionItems = pm.ActionItems[:1] // detect only
	data := postmortem.Render(pm)
	if got := lintText(t, "pm.md", data, severity.Default()); !strings.Contains(got, "action-coverage") {
		t.Errorf("no action-coverage finding without prevent/mitigate items:\n%s", got)
	}
	pm.Waiver = "the report job is being retired next week"
	if got := lintText(t, "pm.md", postmortem.Render(pm), severity.Default()); got != "" {
		t.Errorf("waived post-mortem: findings\n%s", got)
	}
	// Without the incident, severity and milestones are unknown.
	pm.Waiver = ""
	fs, err := postmortem.Lint("pm.md", postmortem.Render(pm), nil, nil)
	must(t, err)
	if len(fs) != 0 {
		t.Errorf("Lint without incident = %v, want none", fs)
	}
}

func TestLintBlamelessPhrases(t *testing.T) {
	tests := []struct {
		text string
		want string // the phrase reported, "" for none
	}{
		{"The alert failed to fire.", ""},
		{"The migration failed to complete in time.", ""},
		{"This review is blameless.", ""},
		{"What went wrong is listed below.", ""},
		{"Alice Ng fixed it; Bob Ruiz paged the team.", ""},
		{"We should add an alert.", ""},
		{"Human error caused it.", "Human error"},
		{"Alice forgot the flag.", "Alice forgot"},
		{"Alice Ng accidentally broke the build.", "Alice Ng accidentally broke"},
		{"@erin ignored the warning.", "@erin ignored"},
		{"Someone failed to rotate the key.", "Someone failed to"},
		{"She did not check the dashboard.", "She did not check"},
		{"That was Bob's fault.", "Bob's fault"},
		{"They shouldn't have deployed on Friday.", "shouldn't have"},
		{"The team was negligent.", "negligent"},
		{"Nobody is to blame.", "blame"},
		{"A careless change.", "careless"},
	}
	_, pm := completed(t)
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			pm.Lucky = tt.text
			fs, err := postmortem.Lint("pm.md", postmortem.Render(pm), newIncident(t), severity.Default())
			must(t, err)
			var got []string
			for _, f := range fs {
				got = append(got, f.Message)
			}
			switch {
			case tt.want == "" && len(fs) > 0:
				t.Errorf("Lint(%q) = %q, want none", tt.text, got)
			case tt.want != "" && (len(fs) != 1 || !strings.HasPrefix(fs[0].Message, `"`+tt.want+`"`) || fs[0].Rule != postmortem.RuleBlameless):
				t.Errorf("Lint(%q) = %q, want one blameless finding for %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestLintTimelineWithoutIncident: without the incident, the timeline's own
// order is still checked, the comparison with the incident's milestones is not.
func TestLintTimelineWithoutIncident(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "lint", "rules.md"))
	must(t, err)
	fs, err := postmortem.Lint("rules.md", data, nil, nil)
	must(t, err)
	var order, milestones int
	for _, f := range fs {
		if f.Rule != postmortem.RuleTimeline {
			continue
		}
		switch {
		case strings.Contains(f.Message, "keep the timeline in time order"):
			order++
		case strings.Contains(f.Message, "the incident records it"):
			milestones++
		}
	}
	if order != 1 || milestones != 0 {
		t.Errorf("timeline findings without incident: %d order, %d milestone; want 1, 0: %v", order, milestones, fs)
	}
}
