package yamldoc_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/incidentkit/incidentkit/internal/diag"
	"github.com/incidentkit/incidentkit/internal/yamldoc"
)

func TestParseRejects(t *testing.T) {
	deep := strings.Repeat("[", yamldoc.MaxDepth+1) + strings.Repeat("]", yamldoc.MaxDepth+1)
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"oversize", "a: 1234567890\n", 10, "f.yaml: file is 14 bytes, more than the limit of 10"},
		{"empty", "", 0, "f.yaml: empty document"},
		{"comments only", "# nothing\n\n", 0, "f.yaml: empty document"},
		{"null document", "~\n", 0, "f.yaml:1: empty document"},
		{"two documents", "a: 1\n---\nb: 2\n", 0, `f.yaml:2: more than one document (remove the "---" separator)`},
		{"anchor and alias", "a: &x 1\nb: *x\n", 0, "f.yaml:1:4: anchors (&x) are not allowed\nf.yaml:2:4: aliases (*x) are not allowed"},
		{"merge key", "a: {b: 1}\n<<: {c: 2}\n", 0, "f.yaml:2:1: merge keys (<<) are not allowed"},
		{"explicit tag", "a: !!str 1\n", 0, "f.yaml:1:4: explicit tags (!!str) are not allowed"},
		{"custom tag", "a: !thing x\n", 0, "f.yaml:1:4: explicit tags (!thing) are not allowed"},
		{"invalid utf-8", "a: 1\nb: \xff\n", 0, "f.yaml:2: invalid UTF-8"},
		{"syntax error", "a:\n- b\n c: d\n", 0, "f.yaml:3: syntax error near line 3: mapping values are not allowed in this context"},
		{"unclosed flow", "a:\n  b: [\n", 0, "f.yaml:2: syntax error near line 2: did not find expected node content"},
		{"syntax error in second document", "a: 1\n---\nb: [\n", 0, "f.yaml:3: syntax error near line 3: did not find expected node content"},
		{"syntax error yaml gives no line for", "a: b: c\n", 0, "f.yaml:1: syntax error near line 1: mapping values are not allowed in this context"},
		{"bad indent deep in block", "a:\n  b: 1\n  c:\n    d: 1\n   e: 2\n    f: 3\n", 0, "f.yaml:5: syntax error near line 5: did not find expected key"},
		{"unclosed flow mapping", "a: 1\nb: {c: 1, d: 2\ne: 3\n", 0, "f.yaml:2: syntax error near line 2: did not find expected ',' or '}'"},
		{"unterminated quote", "a: 1\nb: \"open\nc: 2\n", 0, "f.yaml:2: syntax error near line 2: found unexpected end of stream"},
		{"control character", "a: 1\nb: \x01\n", 0, "f.yaml:2: syntax error near line 2: control characters are not allowed"},
		{"too deep", "a: " + deep + "\n", 0, "f.yaml:1:66: nested more than 64 levels deep"},
		{"tab indent", "a:\n\tb: 1\n", 0, "f.yaml:2: syntax error near line 2: found character that cannot start any token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := yamldoc.Parse("f.yaml", []byte(tt.in), tt.max)
			if n != nil {
				t.Errorf("Parse returned a node with error")
			}
			var de *diag.Error
			if !errors.As(err, &de) {
				t.Fatalf("Parse(%q) error = %v, want *diag.Error", tt.in, err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("Parse(%q) error =\n%s\nwant\n%s", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseAccepts(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"mapping", "a: 1\nb: [x, y]\n"},
		{"document marker", "---\na: 1\n"},
		{"document end marker", "a: 1\n...\n"},
		{"quoted merge lookalike", "\"<<\": 1\n"},
		{"at max depth", strings.Repeat("[", yamldoc.MaxDepth) + strings.Repeat("]", yamldoc.MaxDepth)},
		{"scalar root", "hello\n"},
		{"exactly max bytes", "a: 1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := yamldoc.Parse("f.yaml", []byte(tt.in), 5)
			if len(tt.in) > 5 {
				n, err = yamldoc.Parse("f.yaml", []byte(tt.in), 0)
			}
			if err != nil || n == nil {
				t.Fatalf("Parse(%q) = %v, %v; want a node", tt.in, n, err)
			}
		})
	}
}
