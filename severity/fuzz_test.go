package severity_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/incidentkit/incidentkit/severity"
)

// FuzzParse checks that Parse never panics, that every failure is an
// *InvalidError matching ErrInvalid, and that every policy it accepts is
// valid and survives Format and Parse unchanged, byte for byte.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"testdata/valid", "testdata/invalid"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte("levels:\n  - {name: a, rank: 1, title: A, targets: {acknowledge: 1m, first_update: 1m, mitigate: 1h, resolve: 1h}}\n"))
	f.Add([]byte("levels: [{name: x, rank: 2, title: \"t\\u0000\", description: \"  \\n\", targets: {acknowledge: 1d1s, first_update: 1s, mitigate: 1h, resolve: 1d2h}}]\npostmortem: {disabled_lint_rules: [\"\\t\", x]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := severity.Parse("f.yaml", data)
		if err != nil {
			var ie *severity.InvalidError
			if !errors.As(err, &ie) || !errors.Is(err, severity.ErrInvalid) || len(ie.Problems) == 0 {
				t.Fatalf("Parse error %#v is not an *InvalidError with problems", err)
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("Parse accepted a policy Validate rejects: %v", err)
		}
		out := p.Format()
		q, err := severity.Parse("f.yaml", out)
		if err != nil {
			t.Fatalf("Parse(Format(p)): %v\ninput:\n%s\nformatted:\n%s", err, data, out)
		}
		if diff := cmp.Diff(p, q); diff != "" {
			t.Fatalf("Parse(Format(p)) differs (-p +q):\n%s\nformatted:\n%s", diff, out)
		}
		if again := q.Format(); string(again) != string(out) {
			t.Fatalf("Format not stable:\n%s\nvs\n%s", out, again)
		}
	})
}
