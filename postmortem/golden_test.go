package postmortem_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/incidentkit/incidentkit/postmortem"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// golden compares got with the file testdata/name, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		must(t, os.MkdirAll(filepath.Dir(path), 0o755))
		must(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got), run go test -update if intended:\n%s", path, diff)
	}
}

func TestRenderGolden(t *testing.T) {
	_, draft := drafted(t)
	_, done := completed(t)
	for _, tt := range []struct {
		name string
		pm   *postmortem.Postmortem
	}{{"drafted", draft}, {"completed", done}} {
		t.Run(tt.name, func(t *testing.T) {
			md := postmortem.Render(tt.pm)
			golden(t, "golden/"+tt.name+".md", md)
			if again := postmortem.Render(tt.pm); string(again) != string(md) {
				t.Errorf("Render is not deterministic")
			}
			back, err := postmortem.Parse(tt.name+".md", md)
			if err != nil {
				t.Fatalf("Parse(Render(p)) error: %v", err)
			}
			if diff := cmp.Diff(tt.pm, back); diff != "" {
				t.Errorf("Parse(Render(p)) differs (-want +got):\n%s", diff)
			}
			html, err := postmortem.RenderHTML(tt.pm)
			must(t, err)
			golden(t, "golden/"+tt.name+".html", html)
		})
	}
}
