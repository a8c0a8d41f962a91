package incident_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentkit/incidentkit/incident"
)

// FuzzParse checks that Parse never panics, that its errors keep the
// contract, and that whatever it accepts formats and reads back to an equal
// value with the same bytes:
//
//	go test -run=^$ -fuzz=FuzzParse -fuzztime=60s ./incident
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"valid", "invalid"} {
		files, err := filepath.Glob(filepath.Join("testdata", dir, "*.yaml"))
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		inc, err := incident.Parse("f.yaml", data)
		if err != nil {
			var ie *incident.InvalidError
			if !errors.Is(err, incident.ErrInvalid) || !errors.As(err, &ie) || len(ie.Problems) == 0 {
				t.Fatalf("Parse error %T %q breaks the error contract", err, err)
			}
			return
		}
		out, err := incident.Format(inc)
		if err != nil {
			t.Fatalf("Parse accepted the input but Format fails: %v\ninput:\n%s", err, data)
		}
		back, err := incident.Parse("f.yaml", out)
		if err != nil {
			t.Fatalf("Parse(Format(x)): %v\nformatted:\n%s", err, out)
		}
		if diff := cmp.Diff(inc, back); diff != "" {
			t.Fatalf("Parse(Format(x)) != x (-x +back):\n%s\nformatted:\n%s", diff, out)
		}
		again, err := incident.Format(back)
		if err != nil || string(again) != string(out) {
			t.Fatalf("Format not stable: %v\nfirst:\n%s\nsecond:\n%s", err, out, again)
		}
	})
}
