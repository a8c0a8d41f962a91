package severity_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/incidentkit/incidentkit/severity"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

func TestParseInvalidGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/invalid/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 {
		t.Fatalf("found %d invalid policies, want at least 10", len(files))
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			p, err := severity.Parse(file, data)
			if p != nil {
				t.Errorf("Parse returned a policy with an error")
			}
			checkInvalid(t, err)
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(file, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("Parse(%s) error mismatch (-want +got):\n%s", file, cmp.Diff(string(want), got))
			}
		})
	}
}

// checkInvalid asserts err is an *InvalidError matching ErrInvalid.
func checkInvalid(t *testing.T, err error) *severity.InvalidError {
	t.Helper()
	var ie *severity.InvalidError
	if !errors.As(err, &ie) || !errors.Is(err, severity.ErrInvalid) || len(ie.Problems) == 0 {
		t.Fatalf("error = %#v, want *InvalidError matching ErrInvalid with problems", err)
	}
	return ie
}

func TestParseOversize(t *testing.T) {
	data := append([]byte("levels:\n"), []byte(strings.Repeat("# padding padding padding\n", severity.MaxPolicySize/26+1))...)
	_, err := severity.Parse(severity.PolicyFile, data)
	checkInvalid(t, err)
	want := ".incidentkit/policy.yaml: file is 65554 bytes, more than the limit of 65536"
	if got := err.Error(); got != want {
		t.Errorf("Parse(oversize) = %q, want %q", got, want)
	}
}

func TestFormatCanonical(t *testing.T) {
	files, err := filepath.Glob("testdata/valid/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			p, err := severity.Parse(file, data)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := p.Format(); string(got) != string(data) {
				t.Errorf("Format(Parse(%s)) differs (-want +got):\n%s", file, cmp.Diff(string(data), string(got)))
			}
		})
	}
}

func TestDefaultFileMatchesDefault(t *testing.T) {
	data, err := os.ReadFile("testdata/valid/default.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := severity.Parse("default.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(severity.Default(), p); diff != "" {
		t.Errorf("testdata/valid/default.yaml differs from Default() (-want +got):\n%s", diff)
	}
}

func TestRoundTrip(t *testing.T) {
	custom := &severity.Policy{
		Levels: []severity.Level{
			{Name: "critical", Rank: 1, Title: "true", Description: " leading space, trailing\n",
				Targets: severity.Targets{Acknowledge: time.Minute, FirstUpdate: 90 * time.Second, Mitigate: time.Hour,
					Resolve: 26*time.Hour + time.Second, PostmortemRequired: true, PostmortemDeadline: time.Hour}},
			{Name: "z_9-x", Rank: 7, Title: "Ünïcode: ✓ # not a comment", Description: "a\tb\r\nc",
				Targets: severity.Targets{Acknowledge: time.Hour, FirstUpdate: time.Hour, PublicCadence: time.Hour,
					Mitigate: time.Hour, Resolve: time.Hour, ActionItemDeadline: 100 * 24 * time.Hour}},
		},
		Postmortem: severity.PostmortemRules{DisabledLintRules: []string{"no", "null", "12"}},
	}
	for name, p := range map[string]*severity.Policy{"default": severity.Default(), "custom": custom} {
		t.Run(name, func(t *testing.T) {
			if err := p.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			data := p.Format()
			got, err := severity.Parse("p.yaml", data)
			if err != nil {
				t.Fatalf("Parse(Format(p)): %v\n%s", err, data)
			}
			if diff := cmp.Diff(p, got); diff != "" {
				t.Errorf("Parse(Format(p)) (-want +got):\n%s\n%s", diff, data)
			}
			if again := got.Format(); string(again) != string(data) {
				t.Errorf("Format not stable:\n%s\nvs\n%s", data, again)
			}
		})
	}
}

func TestParseLenient(t *testing.T) {
	// Hand-written files need not be canonical: flow style, comments, levels
	// out of order, optional keys omitted.
	in := `# our policy
levels:
  - {name: low, rank: 2, title: Low, targets: {acknowledge: 1h, first_update: 1h, mitigate: 1d, resolve: 2d}}
  - name: high   # the worst
    rank: 1
    title: High
    targets:
      acknowledge: 5m
      first_update: 0.25h
      mitigate: 1h
      resolve: 4h
`
	p, err := severity.Parse("p.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Names(); !cmp.Equal(got, []string{"high", "low"}) {
		t.Errorf("Names() = %v, want [high low]", got)
	}
	if p.Levels[0].Targets.FirstUpdate != 15*time.Minute {
		t.Errorf("first_update = %v, want 15m", p.Levels[0].Targets.FirstUpdate)
	}
	if p.Postmortem.DisabledLintRules != nil {
		t.Errorf("DisabledLintRules = %#v, want nil", p.Postmortem.DisabledLintRules)
	}
}
