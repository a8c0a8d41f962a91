package postmortem_test

import (
	"os"
	"testing"

	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
)

// The benchmarks use testdata/golden/completed.md, a realistic
// post-mortem (about 6 KB, 19 timeline entries, 4 action items).

func BenchmarkRenderMarkdown(b *testing.B) {
	_, pm := completed(b)
	b.ReportAllocs()
	for b.Loop() {
		postmortem.Render(pm)
	}
}

func BenchmarkParseMarkdown(b *testing.B) {
	data, err := os.ReadFile("testdata/golden/completed.md")
	must(b, err)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := postmortem.Parse("completed.md", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLint(b *testing.B) {
	data, err := os.ReadFile("testdata/lint/blame.md")
	must(b, err)
	inc := newIncident(b)
	pol := severity.Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := postmortem.Lint("blame.md", data, inc, pol); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRenderHTML(b *testing.B) {
	_, pm := completed(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := postmortem.RenderHTML(pm); err != nil {
			b.Fatal(err)
		}
	}
}
