package postmortem_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
)

// FuzzParse checks that Parse never panics, and that whatever it accepts
// renders to a file that parses back to the same value (and lints and
// renders to HTML without panicking).
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.md")
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	for _, s := range []string{
		"---\nincident: INC-1-1\nstatus: draft\n---\n# T\n## Action items\n- [ ] x (owner: a, due: 2026-01-02)\n",
		"---\nincident: INC-1-1\nstatus: draft\n---\nintro\n# T\n## X\n```\n## Y\n```\n## Action items\n1. [x] a (id: b)\n   note\n- plain\n",
		"---\nincident: INC-1-1\ntitle: T\nstatus: draft\n---\nT\n===\nS\n---\n<!--\n-->\n## Timeline\n- 2026-01-01 10:00 UTC — x\n",
	} {
		f.Add([]byte(s))
	}
	pol := severity.Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := postmortem.Parse("fuzz.md", data)
		if err != nil {
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("Validate rejects what Parse accepted: %v\ninput:\n%q", err, data)
		}
		md := postmortem.Render(p)
		back, err := postmortem.Parse("fuzz.md", md)
		if err != nil {
			t.Fatalf("Parse(Render(p)) error: %v\ninput:\n%s\nrendered:\n%s", err, data, md)
		}
		if !cmp.Equal(p, back) {
			t.Fatalf("Parse(Render(p)) differs (-want +got):\n%s\ninput:\n%q\nrendered:\n%q", cmp.Diff(p, back), data, md)
		}
		if _, err := postmortem.Lint("fuzz.md", data, nil, pol); err != nil {
			t.Fatalf("Lint error on a file Parse accepts: %v", err)
		}
		if _, err := postmortem.RenderHTML(p); err != nil {
			t.Fatalf("RenderHTML: %v", err)
		}
	})
}
