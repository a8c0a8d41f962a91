package yamldoc_test

import (
	"strings"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/internal/yamldoc"
	"go.yaml.in/yaml/v3"
)

func TestEncode(t *testing.T) {
	m := yamldoc.NewMapping()
	item := yamldoc.NewMapping()
	yamldoc.Add(item, "name", yamldoc.StringNode("sev1"))
	yamldoc.Add(item, "rank", yamldoc.IntNode(1))
	yamldoc.Add(item, "on", yamldoc.BoolNode(true))
	yamldoc.Add(item, "wait", yamldoc.DurationNode(90*time.Minute))
	yamldoc.Add(item, "at", yamldoc.TimeNode(time.Date(2026, 11, 27, 10, 30, 0, 999, time.FixedZone("CET", 3600))))
	yamldoc.Add(item, "looks_like_bool", yamldoc.StringNode("true"))
	yamldoc.Add(item, "text", yamldoc.StringNode("line one\nline two"))
	yamldoc.Add(m, "items", yamldoc.NewSequence(item))
	yamldoc.Add(m, "none", yamldoc.StringsNode(nil))
	yamldoc.Add(m, "tags", yamldoc.StringsNode([]string{"a", "b"}))
	want := `items:
  - name: sev1
    rank: 1
    on: true
    wait: 1h30m
    at: 2026-11-27T09:30:00Z
    looks_like_bool: "true"
    text: |-
      line one
      line two
none: []
tags:
  - a
  - b
`
	if got := string(yamldoc.Encode(m)); got != want {
		t.Errorf("Encode =\n%s\nwant\n%s", got, want)
	}
}

// FuzzStringRoundTrip checks that every string written by StringNode reads
// back unchanged (after the UTF-8 repair StringNode documents).
func FuzzStringRoundTrip(f *testing.F) {
	for _, s := range []string{"", "plain", "true", "12", " lead", "trail ", "a\nb", "a\n", "\n", "a\r\nb", "# no", "- x", "a: b", "\t", "\x00", "\u2028", "~", "null", "'q'", "\"", "@x", "`", "%x", "<<", "a\n\nb\n\n", "é\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.ToValidUTF8(s, "\uFFFD")
		m := yamldoc.NewMapping()
		yamldoc.Add(m, want, yamldoc.StringNode(s))
		out := yamldoc.Encode(m)
		root, err := yamldoc.Parse("f", out, 0)
		if err != nil {
			t.Fatalf("Parse(Encode(%q)) error: %v\n%s", s, err, out)
		}
		var got string
		d := yamldoc.NewDecoder("f")
		d.Mapping(root, "", yamldoc.Fields{want: d.String(&got)})
		if err := d.Err(nil); err != nil {
			t.Fatalf("decode %q: %v\n%s", s, err, out)
		}
		if got != want {
			t.Fatalf("round trip of %q = %q\n%s", want, got, out)
		}
	})
}

func TestEncodePanicsOnMalformedTree(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("Encode of a malformed tree did not panic")
		}
	}()
	yamldoc.Encode(&yaml.Node{Kind: yaml.Kind(99)})
}
