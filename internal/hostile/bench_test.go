package hostile_test

import (
	"testing"

	"github.com/incidentkit/incidentkit/postmortem"
)

// BenchmarkPathologicalMarkdown parses each generated pathological
// post-mortem (all within postmortem.MaxSize): those past the shape limits
// are refused before goldmark runs, the ones at the limits show the worst
// parse time an accepted file can cost.
func BenchmarkPathologicalMarkdown(b *testing.B) {
	for _, g := range generated {
		if g.format != "postmortem" {
			continue
		}
		data := g.gen()
		if len(data) > postmortem.MaxSize {
			continue
		}
		b.Run(g.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				_, _ = postmortem.Parse("postmortem.md", data)
			}
		})
	}
}
