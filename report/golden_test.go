package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentkit/incidentkit/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got); run go test -update and review the diff:\n%s", path, diff)
	}
}

// render writes rep in every format.
func render(t *testing.T, rep *report.Report) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for ext, write := range map[string]func(*bytes.Buffer) error{
		"txt":  func(b *bytes.Buffer) error { return rep.Text(b) },
		"json": func(b *bytes.Buffer) error { return rep.JSON(b) },
		"html": func(b *bytes.Buffer) error { return rep.HTML(b) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatalf("%s: %v", ext, err)
		}
		out[ext] = b.Bytes()
	}
	return out
}

// TestGolden checks the report of dataset, and of an empty store, in every
// format against testdata, and that building and writing again gives the
// same bytes.
func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name  string
		build func(w *world)
	}{
		{"dataset", func(w *world) { dataset(w) }},
		{"empty", func(w *world) {}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newMemWorld(t)
			tc.build(w)
			rep, err := report.Build(context.Background(), w.s, reportNow)
			if err != nil {
				t.Fatal(err)
			}
			first := render(t, rep)
			again, err := report.Build(context.Background(), w.s, reportNow)
			if err != nil {
				t.Fatal(err)
			}
			second := render(t, again)
			for _, ext := range []string{"txt", "json", "html"} {
				golden(t, tc.name+"."+ext, first[ext])
				if !bytes.Equal(first[ext], second[ext]) {
					t.Errorf("%s: a second Build wrote different bytes", ext)
				}
			}
			if !json.Valid(first["json"]) {
				t.Errorf("JSON output is not valid JSON")
			}
		})
	}
}
