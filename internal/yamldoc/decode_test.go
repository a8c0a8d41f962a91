package yamldoc_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/incidentkit/incidentkit/internal/diag"
	"github.com/incidentkit/incidentkit/internal/yamldoc"
	"go.yaml.in/yaml/v3"
)

var errInvalid = errors.New("test: invalid")

type item struct {
	Name  string
	Count int
	On    bool
	Wait  time.Duration
	Shift time.Duration
	At    time.Time
	Tags  []string
	Kind  string
}

type doc struct {
	Title string
	Items []item
}

// decodeDoc shows the intended shape of a parser: a short list of field
// handlers per mapping.
func decodeDoc(file, in string) (doc, error) {
	root, err := yamldoc.Parse(file, []byte(in), 1<<16)
	if err != nil {
		return doc{}, diag.WithKind(err, errInvalid)
	}
	var v doc
	d := yamldoc.NewDecoder(file)
	d.Mapping(root, "", yamldoc.Fields{
		"title": d.String(&v.Title),
		"items": func(n *yaml.Node, path string) {
			d.Sequence(n, path, func(_ int, n *yaml.Node, path string) {
				var it item
				d.Mapping(n, path, yamldoc.Fields{
					"name":  d.String(&it.Name),
					"count": d.Int(&it.Count),
					"on":    d.Bool(&it.On),
					"wait":  d.Duration(&it.Wait, false),
					"shift": d.Duration(&it.Shift, true),
					"at":    d.Time(&it.At),
					"tags":  d.Strings(&it.Tags),
					"kind":  d.Enum(&it.Kind, "a", "b", "c"),
				}, "name")
				v.Items = append(v.Items, it)
			})
		},
	}, "title")
	return v, d.Err(errInvalid)
}

func TestDecode(t *testing.T) {
	in := `title: 2026
items:
  - name: one
    count: 0x10
    "on": true
    wait: 1d2h30m
    shift: -15m
    at: 2026-11-27T10:30:00+01:00
    tags: [x, "y"]
    kind: b
  - name: two
    tags: []
`
	got, err := decodeDoc("f.yaml", in)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	want := doc{Title: "2026", Items: []item{
		{Name: "one", Count: 16, On: true, Wait: 26*time.Hour + 30*time.Minute, Shift: -15 * time.Minute,
			At: time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC), Tags: []string{"x", "y"}, Kind: "b"},
		{Name: "two", Tags: []string{}},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decode (-want +got):\n%s", diff)
	}
	if got.Items[0].At.Location() != time.UTC {
		t.Errorf("time not normalised to UTC: %v", got.Items[0].At)
	}
}

func TestDecodeProblems(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"root not mapping", "- a\n", "f.yaml:1:1: want a mapping, got a sequence"},
		{"missing required", "items: []\n", "f.yaml:1:1: title: missing"},
		{"unknown field", "title: t\ntitel: x\n", "f.yaml:2:1: titel: unknown field (want one of items, title)"},
		{"duplicate key", "title: t\nitems: []\ntitle: u\n", "f.yaml:3:1: title: duplicate key, first at line 1"},
		{"non-scalar key", "title: t\n[a]: 1\n", "f.yaml:2:1: keys must be plain strings, got a sequence"},
		{"want sequence", "title: t\nitems: x\n", `f.yaml:2:8: items: want a sequence, got "x"`},
		{"want mapping in sequence", "title: t\nitems: [x]\n", `f.yaml:2:9: items[0]: want a mapping, got "x"`},
		{"want string", "title: {a: 1}\n", "f.yaml:1:8: title: want a string, got a mapping"},
		{"null string", "title:\n", "f.yaml:1:7: title: want a string, got nothing"},
		{"want integer", "title: t\nitems:\n  - name: n\n    count: many\n", `f.yaml:4:12: items[0].count: want an integer, got "many"`},
		{"quoted integer", "title: t\nitems:\n  - name: n\n    count: \"1\"\n", `f.yaml:4:12: items[0].count: want an integer, got "1"`},
		{"float integer", "title: t\nitems:\n  - name: n\n    count: 1.5\n", `f.yaml:4:12: items[0].count: want an integer, got a number 1.5`},
		{"integer overflow", "title: t\nitems:\n  - name: n\n    count: 99999999999999999999\n", `f.yaml:4:12: items[0].count: want an integer, got a number 99999999999999999999`},
		{"want bool", "title: t\nitems:\n  - name: n\n    \"on\": yes\n", `f.yaml:4:11: items[0].on: want true or false, got "yes"`},
		{"null bool", "title: t\nitems:\n  - name: n\n    \"on\": ~\n", `f.yaml:4:11: items[0].on: want true or false, got nothing`},
		{"bad duration", "title: t\nitems:\n  - name: n\n    wait: 15 minutes\n", `f.yaml:4:11: items[0].wait: want a duration like "15m", "1h30m" or "2d", got "15 minutes"`},
		{"negative duration", "title: t\nitems:\n  - name: n\n    wait: -5m\n", `f.yaml:4:11: items[0].wait: must not be negative`},
		{"duration mapping", "title: t\nitems:\n  - name: n\n    wait: {}\n", `f.yaml:4:11: items[0].wait: want a duration like "15m" or "2d", got a mapping`},
		{"bad time", "title: t\nitems:\n  - name: n\n    at: 2026-11-27 09:30\n", `f.yaml:4:9: items[0].at: want RFC 3339 time like 2026-11-27T09:30:00Z, got "2026-11-27 09:30"`},
		{"fractional time", "title: t\nitems:\n  - name: n\n    at: 2026-11-27T09:30:00.5Z\n", `f.yaml:4:9: items[0].at: want RFC 3339 time like 2026-11-27T09:30:00Z (whole seconds)`},
		{"time number", "title: t\nitems:\n  - name: n\n    at: 12\n", `f.yaml:4:9: items[0].at: want RFC 3339 time like 2026-11-27T09:30:00Z, got an integer 12`},
		{"time null", "title: t\nitems:\n  - name: n\n    at:\n", `f.yaml:4:8: items[0].at: want an RFC 3339 time, got nothing`},
		{"strings not sequence", "title: t\nitems:\n  - name: n\n    tags: x\n", `f.yaml:4:11: items[0].tags: want a sequence, got "x"`},
		{"strings element", "title: t\nitems:\n  - name: n\n    tags: [a, [b]]\n", `f.yaml:4:15: items[0].tags[1]: want a string, got a sequence`},
		{"enum", "title: t\nitems:\n  - name: n\n    kind: d\n", `f.yaml:4:11: items[0].kind: want one of a, b, c, got "d"`},
		{"enum bool", "title: t\nitems:\n  - name: n\n    kind: true\n", `f.yaml:4:11: items[0].kind: want one of a, b, c, got a boolean true`},
		{"all problems at once", "titel: t\nitems:\n  - count: x\n  - name: n\n    wait: 0.5d\n",
			strings.Join([]string{
				"f.yaml:1:1: titel: unknown field (want one of items, title)",
				"f.yaml:1:1: title: missing",
				"f.yaml:3:5: items[0].name: missing",
				`f.yaml:3:12: items[0].count: want an integer, got "x"`,
				`f.yaml:5:11: items[1].wait: want a duration like "15m", "1h30m" or "2d", got "0.5d"`,
			}, "\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeDoc("f.yaml", tt.in)
			if !errors.Is(err, errInvalid) {
				t.Fatalf("decode(%q) = %v, want errInvalid", tt.in, err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("decode(%q) error =\n%s\nwant\n%s", tt.in, got, tt.want)
			}
		})
	}
}

func TestDecoderLocate(t *testing.T) {
	in := "a:\n  b:\n    - c: 1\n"
	root, err := yamldoc.Parse("f.yaml", []byte(in), 0)
	if err != nil {
		t.Fatal(err)
	}
	d := yamldoc.NewDecoder("f.yaml")
	var c int
	d.Mapping(root, "", yamldoc.Fields{"a": func(n *yaml.Node, p string) {
		d.Mapping(n, p, yamldoc.Fields{"b": func(n *yaml.Node, p string) {
			d.Sequence(n, p, func(_ int, n *yaml.Node, p string) {
				d.Mapping(n, p, yamldoc.Fields{"c": d.Int(&c)})
			})
		}})
	}})
	if d.Len() != 0 {
		t.Fatalf("problems: %v", d.Problems())
	}
	tests := []struct {
		field string
		want  string
	}{
		{"a.b[0].c", "f.yaml:3:10: a.b[0].c: m"},
		{"a.b[0].d", "f.yaml:3:7: a.b[0].d: m"},
		{"a.b[7]", "f.yaml:3:5: a.b[7]: m"},
		{"a.x.y", "f.yaml:2:3: a.x.y: m"},
		{"z", "f.yaml:1:1: z: m"},
	}
	for _, tt := range tests {
		if got := d.Locate(diag.Problem{Field: tt.field, Message: "m"}).String(); got != tt.want {
			t.Errorf("Locate(%q) = %q, want %q", tt.field, got, tt.want)
		}
	}
	if got := d.Locate(diag.Problem{Line: 9, Message: "m"}).String(); got != "f.yaml:9: m" {
		t.Errorf("Locate kept position: got %q", got)
	}
	d.Add(diag.Problem{Field: "a.b", Message: "late"})
	if got := d.Err(errInvalid).Error(); got != "f.yaml:3:5: a.b: late" {
		t.Errorf("Err() = %q", got)
	}
	if d.Node("a.b[0].c") == nil || d.Node("nope") != nil {
		t.Errorf("Node lookups wrong")
	}
}

func TestPaths(t *testing.T) {
	if got := yamldoc.Key("", "a"); got != "a" {
		t.Errorf("Key = %q", got)
	}
	if got := yamldoc.Index(yamldoc.Key("a", "b"), 2); got != "a.b[2]" {
		t.Errorf("Index = %q", got)
	}
	for in, want := range map[string]string{"a.b[2]": "a.b", "a.b": "a", "a": "", "": ""} {
		if got := yamldoc.Parent(in); got != want {
			t.Errorf("Parent(%q) = %q, want %q", in, got, want)
		}
	}
}
