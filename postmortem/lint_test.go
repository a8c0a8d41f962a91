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
