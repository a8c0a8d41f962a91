// Package hostile_test runs a corpus of malformed and hostile inputs through
// the public parsers and stores: incident and policy YAML, post-mortem
// Markdown and its front matter, incident IDs and branch names. Every input
// has a golden file holding what the library answers (an error, or "ok" for
// a pathological input it parses within its size cap), so a change in what
// is rejected, or how it is reported, shows in review.
//
// The corpus lives in testdata/corpus/<format>/; inputs too large to keep
// as files (deep nesting, oversized files, pathological Markdown) are made
// by the generators in generate_test.go and have only a golden file.
// Refresh the goldens with
//
//	go test ./internal/hostile -update
package hostile_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/internal/hostile"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/corpus")

// File names the parsers are given, as the store would give them.
const (
	incidentPath   = "incidents/2026/11/INC-2026-0001/incident.yaml"
	postmortemPath = "incidents/2026/11/INC-2026-0001/postmortem.md"
)

var knownFields = regexp.MustCompile(`\(want one of [a-z_, ]+\)`)

// format says how one corpus directory is checked: file is the name the
// parser gets (every problem must name it), and check returns the text
// kept in the golden file.
type format struct {
	file  string
	check func(t *testing.T, data []byte) string
}

var formats = map[string]format{
	"incident": {incidentPath, func(t *testing.T, data []byte) string {
		inc, err := incident.Parse(incidentPath, data)
		if err != nil {
			// The list of known fields is the incident package's to test;
			// here it would only make goldens change with every new field.
			return knownFields.ReplaceAllString(err.Error(), "(want one of the incident fields)")
		}
		return fmt.Sprintf("ok: %s, title %d bytes, %d events", inc.ID, len(inc.Title), len(inc.Timeline))
	}},
	"policy": {severity.PolicyFile, func(t *testing.T, data []byte) string {
		p, err := severity.Parse(severity.PolicyFile, data)
		if err != nil {
			return err.Error()
		}
		return fmt.Sprintf("ok: %d levels", len(p.Levels))
	}},
	"postmortem":  {postmortemPath, checkPostmortem},
	"frontmatter": {postmortemPath, checkPostmortem},
	"id":          {"", checkID},
	"ref":         {"", checkRef},
}

// checkPostmortem parses data as a post-mortem and, when it parses,
// renders it as HTML, which must stay free of active content.
func checkPostmortem(t *testing.T, data []byte) string {
	pm, err := postmortem.Parse(postmortemPath, data)
	if err != nil {
		return err.Error()
	}
	out, err := postmortem.RenderHTML(pm)
	if err != nil {
		t.Fatalf("RenderHTML: %v", err)
	}
	if bad := hostile.ActiveContent(out); bad != "" {
		t.Errorf("RenderHTML output holds %s:\n%s", bad, out)
	}
	return fmt.Sprintf("ok: title %q, %d other sections, %d action items, intro %d bytes, html %d bytes",
		clip(pm.Title, 60), len(pm.Other), len(pm.ActionItems), len(pm.Intro), len(out))
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// input is one corpus entry.
type input struct {
	format, name string
	data         []byte
}

// corpus returns every input: the files of testdata/corpus and the
// generated ones.
func corpus(t *testing.T) []input {
	t.Helper()
	var in []input
	for f := range formats {
		files, err := os.ReadDir(filepath.Join("testdata", "corpus", f))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range files {
			if e.IsDir() || filepath.Ext(e.Name()) == ".golden" {
				continue
			}
			data, err := os.ReadFile(filepath.Join("testdata", "corpus", f, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			in = append(in, input{f, strings.TrimSuffix(e.Name(), filepath.Ext(e.Name())), data})
		}
	}
	for _, g := range generated {
		in = append(in, input{g.format, g.name, g.gen()})
	}
	slices.SortFunc(in, func(a, b input) int { return strings.Compare(a.format+"/"+a.name, b.format+"/"+b.name) })
	return in
}

func TestCorpus(t *testing.T) {
	in := corpus(t)
	if len(in) < 40 {
		t.Errorf("the corpus has %d inputs, want at least 40", len(in))
	}
	seen := map[string]bool{}
	for _, c := range in {
		key := c.format + "/" + c.name
		if seen[key] {
			t.Errorf("%s: two inputs with one name", key)
		}
		seen[key] = true
		t.Run(key, func(t *testing.T) {
			f := formats[c.format]
			got := f.check(t, c.data)
			if f.file != "" && !strings.HasPrefix(got, "ok") {
				for _, line := range strings.Split(got, "\n") {
					if !strings.HasPrefix(line, f.file+":") {
						t.Errorf("problem does not name the file %s: %q", f.file, line)
					}
				}
			}
			golden := filepath.Join("testdata", "corpus", c.format, c.name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if got+"\n" != string(want) {
				t.Errorf("%s:\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
	// Every golden file belongs to an input.
	goldens, _ := filepath.Glob(filepath.Join("testdata", "corpus", "*", "*.golden"))
	for _, g := range goldens {
		key := filepath.Base(filepath.Dir(g)) + "/" + strings.TrimSuffix(filepath.Base(g), ".golden")
		if !seen[key] {
			t.Errorf("%s has no input", g)
		}
	}
}
