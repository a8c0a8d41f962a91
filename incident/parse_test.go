package incident_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/incidentkit/incidentkit/incident"
)

// TestInvalidFiles parses each hand-edited mistake in testdata/invalid and
// compares the error text with its .golden file.
func TestInvalidFiles(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "invalid", "*.yaml"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 24)
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(strings.TrimSuffix(name, ".yaml"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			inc, err := incident.Parse(name, data)
			if err == nil {
				t.Fatalf("Parse(%s) = %+v, nil; want an error", name, inc)
			}
			assertInvalid(t, err, name)
			golden(t, strings.TrimSuffix(file, ".yaml")+".golden", []byte(err.Error()+"\n"))
		})
	}
}

// assertInvalid checks the error contract: an *InvalidError matching
// ErrInvalid whose every problem names the file.
func assertInvalid(t *testing.T, err error, file string) {
	t.Helper()
	if !errors.Is(err, incident.ErrInvalid) {
		t.Errorf("errors.Is(%v, ErrInvalid) = false", err)
	}
	var ie *incident.InvalidError
	if !errors.As(err, &ie) {
		t.Fatalf("error %T is not an *InvalidError", err)
	}
	require.NotEmpty(t, ie.Problems)
	for _, p := range ie.Problems {
		assert.Equal(t, file, p.File, "problem %q", p)
	}
}

func TestParseOversize(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "valid", "hand-written.yaml"))
	require.NoError(t, err)
	big := append(bytes.Clone(data), "# "+strings.Repeat("x", incident.MaxFileSize)+"\n"...)
	_, err = incident.Parse("big.yaml", big)
	require.Error(t, err)
	assertInvalid(t, err, "big.yaml")
	assert.Contains(t, err.Error(), "more than the limit of 1048576")

	// Just under the limit is fine: the bound is on size, not content.
	pad := incident.MaxFileSize - len(data) - 3
	ok := append(bytes.Clone(data), "# "+strings.Repeat("x", pad)+"\n"...)
	require.Len(t, ok, incident.MaxFileSize)
	_, err = incident.Parse("ok.yaml", ok)
	require.NoError(t, err)
}

// TestParsePositions checks line and column of problems found by the
// decoder and by validation.
func TestParsePositions(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "invalid", "timeline_out_of_order.yaml"))
	require.NoError(t, err)
	_, err = incident.Parse("f.yaml", data)
	var ie *incident.InvalidError
	require.ErrorAs(t, err, &ie)
	require.Len(t, ie.Problems, 1)
	p := ie.Problems[0]
	assert.Equal(t, incident.Problem{File: "f.yaml", Line: 48, Column: 9, Field: "timeline[3].at",
		Message: "2026-11-27T14:11:00Z is before timeline[2] (2026-11-27T14:13:00Z): keep the timeline in time order"}, p)
}

// TestParseCases covers small inputs the golden files do not.
func TestParseCases(t *testing.T) {
	base, err := os.ReadFile(filepath.Join("testdata", "valid", "hand-written.yaml"))
	require.NoError(t, err)
	tests := []struct {
		name     string
		old, new string
		want     string // a line of the error; "" for success
	}{
		{"offset time", "declared: 2026-11-27T14:07:00Z", "declared: 2026-11-27T15:07:00+01:00", ""},
		{"quoted time", "declared: 2026-11-27T14:07:00Z", `declared: "2026-11-27T14:07:00Z"`, ""},
		{"fractional seconds", "declared: 2026-11-27T14:07:00Z", "declared: 2026-11-27T14:07:00.5Z",
			"f.yaml:11:13: milestones.declared: want RFC 3339 time like 2026-11-27T09:30:00Z (whole seconds)"},
		{"hex count", "      status: degraded\n", "      status: degraded\n  users_affected: 0x10\n", ""},
		{"float count", "      status: degraded\n", "      status: degraded\n  users_affected: 1.5\n",
			`f.yaml:21:19: impact.users_affected: want a whole number, got "1.5"`},
		{"person without email", "commander: Alice Martin <alice@example.com>", "commander: Alice Martin", ""},
		{"empty role", "commander: Alice Martin <alice@example.com>", "commander: \"\"",
			`f.yaml:15:14: roles.commander: person "": empty name`},
		{"role key not a string", "  commander: Alice", "  [a]: Alice",
			"f.yaml:15:3: roles: keys must be plain strings, got a sequence"},
		{"components not a list", "  components:\n    - name: checkout\n      status: degraded\n", "  components: checkout\n",
			`f.yaml:18:15: impact.components: want a sequence, got "checkout"`},
		{"event not a mapping", "  - id: 383d9b67d7dd\n", "  - just a note\n  - id: 383d9b67d7dd\n",
			`f.yaml:47:5: timeline[3]: want a mapping, got "just a note"`},
		{"null actor", "    actor: Bob Chen <bob@example.com>\n", "    actor:\n",
			"f.yaml:49:11: timeline[3].actor: want a string, got nothing"},
		{"count a list", "      status: degraded\n", "      status: degraded\n  users_affected: [1]\n",
			"f.yaml:21:19: impact.users_affected: want a whole number, got a sequence"},
		{"count a mapping", "      status: degraded\n", "      status: degraded\n  users_affected: {n: 1}\n",
			"f.yaml:21:19: impact.users_affected: want a whole number, got a mapping"},
		{"count null", "      status: degraded\n", "      status: degraded\n  users_affected: null\n",
			"f.yaml:21:19: impact.users_affected: want a whole number, got nothing"},
		{"label not a string", "labels:\n  - payments\n", "labels:\n  - [payments]\n  - payments\n",
			"f.yaml:26:5: labels[0]: want a string, got a sequence"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := strings.Replace(string(base), tt.old, tt.new, 1)
			require.NotEqual(t, string(base), data, "replacement did not apply")
			inc, err := incident.Parse("f.yaml", []byte(data))
			if tt.want == "" {
				require.NoError(t, err)
				require.NotNil(t, inc)
				return
			}
			require.Error(t, err)
			assertInvalid(t, err, "f.yaml")
			assert.Contains(t, strings.Split(err.Error(), "\n"), tt.want, "Parse error:\n%s", err)
		})
	}
}

// TestParseEmptyLists checks that empty lists and mappings read as none, so
// that Parse(Format(x)) equals x exactly.
func TestParseEmptyLists(t *testing.T) {
	data := `id: INC-2026-0042
uid: 01JDQ6X3V4M8K2P9R5T7W0Y1Z3
aliases: []
title: Checkout returns 502
kind: normal
severity: sev1
status: triage
milestones:
  declared: 2026-11-27T14:07:00Z
roles: {}
impact: {components: []}
links: []
labels: []
timeline:
  - id: 1b2f83f06066
    at: 2026-11-27T14:07:00Z
    actor: Alice Martin <alice@example.com>
    kind: declared
updates: []
`
	inc, err := incident.Parse("f.yaml", []byte(data))
	require.NoError(t, err)
	assert.Nil(t, inc.Aliases)
	assert.Nil(t, inc.Roles)
	assert.Nil(t, inc.Impact.Components)
	assert.Nil(t, inc.Links)
	assert.Nil(t, inc.Labels)
	assert.Nil(t, inc.Updates)
	out, err := incident.Format(inc)
	require.NoError(t, err)
	back, err := incident.Parse("f.yaml", out)
	require.NoError(t, err)
	if diff := cmp.Diff(inc, back); diff != "" {
		t.Errorf("Parse(Format(x)) != x (-x +back):\n%s", diff)
	}
}
