package yamldoc_test

import (
	"errors"
	"testing"

	"github.com/incidentkit/incidentkit/internal/diag"
)

// FuzzParse checks that Parse and a decoder walk never panic and that every
// rejection is a *diag.Error with at least one problem.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"title: t\nitems:\n  - name: one\n    count: 3\n    wait: 1d2h\n    at: 2026-11-27T09:30:00Z\n    tags: [a, b]\n    kind: a\n",
		"a: &x 1\nb: *x\n", "a: 1\n---\nb: 2\n", "<<: {a: 1}\n", "a:\n- b\n c: d\n", "[[[[]]]]", "a: !!str 1\n", "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := decodeDoc("f.yaml", string(data))
		if err == nil {
			return
		}
		var de *diag.Error
		if !errors.As(err, &de) || len(de.Problems) == 0 {
			t.Fatalf("error %#v is not a *diag.Error with problems", err)
		}
		for _, p := range de.Problems {
			if p.File != "f.yaml" || p.Message == "" {
				t.Fatalf("problem without file or message: %#v", p)
			}
		}
	})
}
