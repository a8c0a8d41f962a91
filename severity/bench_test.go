package severity_test

import (
	"os"
	"testing"

	"github.com/incidentkit/incidentkit/severity"
)

func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile("testdata/valid/custom.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := severity.Parse(severity.PolicyFile, data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseInvalid(b *testing.B) {
	data, err := os.ReadFile("testdata/invalid/syntax_error.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := severity.Parse(severity.PolicyFile, data); err == nil {
			b.Fatal("no error")
		}
	}
}

func BenchmarkFormat(b *testing.B) {
	p := severity.Default()
	b.ReportAllocs()
	for b.Loop() {
		p.Format()
	}
}

func BenchmarkClassify(b *testing.B) {
	p := severity.Default()
	i := severity.Impact{Scope: severity.ScopeSome, FullOutage: true}
	b.ReportAllocs()
	for b.Loop() {
		p.Classify(i)
	}
}
