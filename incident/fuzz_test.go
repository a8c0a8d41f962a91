package incident_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

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

// FuzzFormatText puts arbitrary text in the free-text fields of a valid
// incident and checks that Format writes it so that Parse reads it back
// unchanged (block scalars, quoting and escaping are the encoder's choice).
func FuzzFormatText(f *testing.F) {
	for _, s := range []string{"", "yes", "1.0", "null", " lead", "trail ", "a\nb", "a\nb\n", "a\n\n\n", "\n", "#x", "- x",
		"a: b", "\ttab", "x\r\ny", "\u2028", "\ufeffbom", "'q'", `"q"`, "a\n  b\n c", strings.Repeat("long ", 20)} {
		f.Add(s, "title")
	}
	f.Fuzz(func(t *testing.T, s, title string) {
		data, err := os.ReadFile(filepath.Join("testdata", "valid", "hand-written.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		inc, err := incident.Parse("f.yaml", data)
		if err != nil {
			t.Fatal(err)
		}
		inc.Summary, inc.Timeline[1].Text, inc.Impact.Business = s, s, s
		inc.Updates[0].Message = "m" + s
		inc.Timeline[2].Text = inc.Updates[0].Message
		inc.Title = title
		out, err := incident.Format(inc)
		if err != nil {
			if !utf8.ValidString(s) || !utf8.ValidString(title) || strings.TrimSpace(title) == "" {
				return
			}
			if strings.Contains(err.Error(), "control character") && (hasControl(s) || hasControl(title)) {
				return
			}
			t.Fatalf("Format: %v", err)
		}
		back, err := incident.Parse("f.yaml", out)
		if err != nil {
			t.Fatalf("Parse(Format(x)): %v\nformatted:\n%s", err, out)
		}
		if diff := cmp.Diff(inc, back); diff != "" {
			t.Fatalf("Parse(Format(x)) != x (-x +back):\n%s\nformatted:\n%s", diff, out)
		}
	})
}

// hasControl reports whether s holds a rune free text may not: a control
// character other than tab, newline and CR before LF, or a bidirectional
// control.
func hasControl(s string) bool {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ContainsFunc(s, func(r rune) bool {
		return r < 0x20 && r != '\t' && r != '\n' || r >= 0x7f && r <= 0x9f ||
			r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
	})
}
