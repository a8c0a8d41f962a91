package incident_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// update rewrites golden files instead of comparing with them:
//
//	go test ./incident -update
//
// Review the diff of testdata/ like code before committing it.
var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestMain caps the time Go spends minimizing each new fuzz input, unless
// -fuzzminimizetime is given. Go minimizes every input that adds coverage
// for up to 60 s, with a pass quadratic in the input's length; with real
// incident files (1-8 KB) as seeds, a 60 s FuzzParse run would otherwise do
// little but minimize and hardly fuzz at all.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.fuzzminimizetime" })
	if !set {
		if err := flag.Set("test.fuzzminimizetime", "1s"); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}

// golden compares got with the golden file at path (relative to the package
// directory), or rewrites the file when -update is given.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
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
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}
