package yamldoc

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/incidentkit/incidentkit/internal/diag"
	"go.yaml.in/yaml/v3"
)

// Handler decodes the node n found at field path path. Decoders report
// problems instead of returning them, so that one pass finds them all.
type Handler func(n *yaml.Node, path string)

// Fields maps the keys a mapping may contain to their handlers.
type Fields map[string]Handler

// Decoder walks a yaml.Node tree and collects every problem with its
// position and field path. It remembers where each field path it visited
// sits in the file, so problems found later (by validation on the decoded
// value) can be positioned with [Decoder.Locate].
type Decoder struct {
	file  string
	list  diag.List
	nodes map[string]*yaml.Node
}

// NewDecoder returns a decoder for the document read from file.
func NewDecoder(file string) *Decoder {
	return &Decoder{file: file, nodes: make(map[string]*yaml.Node)}
}

// Errorf records a problem at node n (which may be nil) for field path.
func (d *Decoder) Errorf(n *yaml.Node, path, format string, args ...any) {
	p := diag.Problem{File: d.file, Field: path, Message: fmt.Sprintf(format, args...)}
	if n != nil {
		p.Line, p.Column = n.Line, n.Column
	}
	d.list.Add(p)
}

// Add records p, filling in its file and position from the field path when
// they are unset (see [Decoder.Locate]).
func (d *Decoder) Add(p diag.Problem) {
	d.list.Add(d.Locate(p))
}

// Len reports how many problems have been recorded.
func (d *Decoder) Len() int { return d.list.Len() }

// Problems returns the problems recorded so far, sorted by position.
func (d *Decoder) Problems() []diag.Problem { return d.list.Problems() }

// Err returns nil when no problem was recorded, and otherwise a
// *[diag.Error] of the given kind listing them all.
func (d *Decoder) Err(kind error) error { return d.list.Err(kind) }

// Node returns the node visited at field path, or nil.
func (d *Decoder) Node(path string) *yaml.Node { return d.nodes[path] }

// Locate fills p's File, Line and Column (when unset) from the node at p.Field,
// or at its nearest visited parent ("levels[1].targets" for
// "levels[1].targets.resolve" when resolve was absent).
func (d *Decoder) Locate(p diag.Problem) diag.Problem {
	if p.File == "" {
		p.File = d.file
	}
	if p.Line != 0 {
		return p
	}
	for path := p.Field; ; path = Parent(path) {
		if n := d.nodes[path]; n != nil {
			p.Line, p.Column = n.Line, n.Column
			return p
		}
		if path == "" {
			return p
		}
	}
}

// visit records where path is.
func (d *Decoder) visit(n *yaml.Node, path string) {
	if _, ok := d.nodes[path]; !ok {
		d.nodes[path] = n
	}
}

// Key returns the field path of key inside the mapping at path.
func Key(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Index returns the field path of element i (0-based) of the sequence at path.
func Index(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

// Parent returns the field path enclosing path: "a.b" for "a.b.c" and for
// "a.b[3]", and "" for a top-level field.
func Parent(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

// Mapping decodes n as a mapping whose keys must be among fields. It calls
// each field's handler in document order, and reports unknown keys,
// duplicate keys, non-scalar keys and each of required that is missing.
// It reports false when n is not a mapping.
func (d *Decoder) Mapping(n *yaml.Node, path string, fields Fields, required ...string) bool {
	d.visit(n, path)
	if !d.want(n, path, yaml.MappingNode) {
		return false
	}
	seen := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.Errorf(k, path, "keys must be plain strings, got %s", describe(k))
			continue
		}
		field := Key(path, k.Value)
		if first, dup := seen[k.Value]; dup {
			d.Errorf(k, field, "duplicate key, first at line %d", first)
			continue
		}
		seen[k.Value] = k.Line
		h, ok := fields[k.Value]
		if !ok {
			d.Errorf(k, field, "unknown field%s", suggest(k.Value, fields))
			continue
		}
		d.visit(v, field)
		if h != nil {
			h(v, field)
		}
	}
	for _, r := range required {
		if _, ok := seen[r]; !ok {
			d.Errorf(n, Key(path, r), "missing")
		}
	}
	return true
}

// suggest names the known fields, so a typo is quick to fix.
func suggest(key string, fields Fields) string {
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	if len(names) == 0 {
		return ""
	}
	slices.Sort(names)
	return " (want one of " + strings.Join(names, ", ") + ")"
}

// Sequence decodes n as a sequence, calling each for every element with its
// index and field path. It reports false when n is not a sequence.
func (d *Decoder) Sequence(n *yaml.Node, path string, each func(i int, n *yaml.Node, path string)) bool {
	d.visit(n, path)
	if !d.want(n, path, yaml.SequenceNode) {
		return false
	}
	for i, c := range n.Content {
		p := Index(path, i)
		d.visit(c, p)
		each(i, c, p)
	}
	return true
}

// want reports whether n has the given kind, recording a problem if not.
func (d *Decoder) want(n *yaml.Node, path string, kind yaml.Kind) bool {
	if n.Kind == kind {
		return true
	}
	what := map[yaml.Kind]string{yaml.MappingNode: "a mapping", yaml.SequenceNode: "a sequence"}[kind]
	d.Errorf(n, path, "want %s, got %s", what, describe(n))
	return false
}

// describe names what n is, for "want X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a sequence"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	}
	switch n.Tag {
	case "!!null":
		return "nothing"
	case "!!int":
		return "an integer " + n.Value
	case "!!float":
		return "a number " + n.Value
	case "!!bool":
		return "a boolean " + n.Value
	case "!!timestamp":
		return "a time " + n.Value
	}
	return strconv.Quote(n.Value)
}
