package postmortem_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
)

// FuzzFrontMatter fuzzes the YAML front matter alone, under a fixed body,
// so that every mutation lands in the YAML rather than in the Markdown
// (which FuzzParse mostly mutates). Parse must never panic; every problem
// must name the file and a line of it; and what it accepts must render and
// parse back to the same value. Seeds: the front matter of this package's
// test files and of the hostile corpus (internal/hostile).
func FuzzFrontMatter(f *testing.F) {
	for _, pattern := range []string{"testdata/*/*.md", "../internal/hostile/testdata/corpus/frontmatter/*.md", "../internal/hostile/testdata/corpus/postmortem/*.md"} {
		files, _ := filepath.Glob(pattern)
		for _, name := range files {
			data, err := os.ReadFile(name)
			if err != nil || !bytes.HasPrefix(data, []byte("---\n")) {
				continue
			}
			if y, _, ok := bytes.Cut(data[4:], []byte("\n---\n")); ok && len(y) < 4096 {
				f.Add(y)
			}
		}
	}
	f.Add([]byte("incident: INC-2026-0001\nstatus: draft\nreviewers:\n  - name: C <c@example.com>\n    approved: 2026-11-27T10:00:00Z\n  - D <d@example.com>\ndue: 2026-12-01T00:00:00Z"))
	f.Add([]byte("incident: INC-2026-0001\nstatus: draft\ntitle: \"# x #\"\nwaiver: \"\\u202e\\0\""))
	f.Fuzz(func(t *testing.T, y []byte) {
		const file = "incidents/2026/11/INC-2026-0001/postmortem.md"
		data := append(append([]byte("---\n"), y...), "\n---\n\n# Outage\n\n## Summary\n\nText.\n"...)
		p, err := postmortem.Parse(file, data)
		if err != nil {
			var ie *incident.InvalidError
			if !errors.As(err, &ie) || !errors.Is(err, postmortem.ErrInvalid) || len(ie.Problems) == 0 {
				t.Fatalf("Parse error %#v is not a diag error of kind ErrInvalid", err)
			}
			lines := bytes.Count(data, []byte("\n")) + 1
			for _, pr := range ie.Problems {
				if pr.File != file || pr.Line < 0 || pr.Line > lines {
					t.Fatalf("problem %q: want file %s and a line in 0..%d", pr, file, lines)
				}
			}
			return
		}
		md := postmortem.Render(p)
		back, err := postmortem.Parse(file, md)
		if err != nil {
			t.Fatalf("Parse(Render(p)): %v\nfront matter:\n%q\nrendered:\n%s", err, y, md)
		}
		if !cmp.Equal(p, back) {
			t.Fatalf("Parse(Render(p)) differs (-want +got):\n%s\nfront matter:\n%q", cmp.Diff(p, back), y)
		}
	})
}
