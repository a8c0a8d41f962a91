// Package yamldoc reads and writes hand-edited YAML documents (policy and
// incident files) strictly and with positions.
//
// [Parse] turns bytes into a yaml.Node tree, rejecting what a hand-edited
// file should never contain: more than one document, anchors, aliases, merge
// keys, explicit tags, non-UTF-8 text, deep nesting and oversized input.
// A [Decoder] then walks the tree with short field handlers and collects every
// problem, each with file, line, column and the field path as the user sees
// it ("levels[1].targets.acknowledge"). [Encode] and the node builders write
// the same values back as byte-stable YAML.
//
// Durations use Go syntax ("15m", "1h30m") extended with whole days ("2d",
// "3d12h"): a day is exactly 24 hours, with no calendar or daylight-saving
// meaning. Times are RFC 3339, normalised to UTC.
package yamldoc

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/incidentkit/incidentkit/internal/diag"
	"go.yaml.in/yaml/v3"
)

// MaxDepth is the deepest nesting of mappings and sequences [Parse] accepts.
// Hand-edited incident and policy files need a handful of levels.
const MaxDepth = 64

// Parse parses data, the contents of file, as exactly one YAML document and
// returns its root content node (never the DocumentNode itself).
//
// It rejects data longer than maxBytes (when maxBytes > 0), text that is not
// UTF-8, empty documents, more than one document, anchors, aliases, merge
// keys ("<<"), explicit tags ("!!str", "!custom") and nesting deeper than
// [MaxDepth]. Syntax errors become problems "near" the line yaml reports,
// since that line can point at the enclosing construct.
//
// The error is a *[diag.Error] with a nil Kind; callers set theirs with
// [diag.WithKind].
func Parse(file string, data []byte, maxBytes int) (root *yaml.Node, err error) {
	var l diag.List
	if maxBytes > 0 && len(data) > maxBytes {
		l.Addf(file, 0, 0, "", "file is %d bytes, more than the limit of %d", len(data), maxBytes)
		return nil, l.Err(nil)
	}
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:invalidUTF8(data)], []byte("\n"))
		l.Addf(file, line, 0, "", "invalid UTF-8")
		return nil, l.Err(nil)
	}
	defer func() {
		// yaml.v3 has panicked on crafted input in the past; a parser of
		// hand-edited files must report, not crash.
		if r := recover(); r != nil {
			root = nil
			err = &diag.Error{Problems: []diag.Problem{{File: file, Message: fmt.Sprintf("malformed YAML: %v", r)}}}
		}
	}()
	doc, second, err := decode(data)
	switch {
	case errors.Is(err, io.EOF):
		l.Addf(file, 0, 0, "", "empty document")
		return nil, l.Err(nil)
	case err != nil:
		l.Add(syntaxProblem(file, data, err))
		return nil, l.Err(nil)
	case second != nil:
		l.Addf(file, second.Line, 0, "", "more than one document (remove the \"---\" separator)")
		return nil, l.Err(nil)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		l.Addf(file, 0, 0, "", "empty document")
		return nil, l.Err(nil)
	}
	root = doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" && root.Style&yaml.TaggedStyle == 0 {
		l.Addf(file, root.Line, 0, "", "empty document")
		return nil, l.Err(nil)
	}
	check(&l, file, root, 1)
	if l.Len() > 0 {
		return nil, l.Err(nil)
	}
	return root, nil
}

// check reports the constructs Parse rejects, stopping below MaxDepth.
func check(l *diag.List, file string, n *yaml.Node, depth int) {
	switch {
	case n.Kind == yaml.AliasNode:
		l.Addf(file, n.Line, n.Column, "", "aliases (*%s) are not allowed", n.Value)
		return
	case n.Anchor != "":
		l.Addf(file, n.Line, n.Column, "", "anchors (&%s) are not allowed", n.Anchor)
	case n.Style&yaml.TaggedStyle != 0:
		l.Addf(file, n.Line, n.Column, "", "explicit tags (%s) are not allowed", n.Tag)
	}
	if len(n.Content) == 0 {
		return
	}
	if depth >= MaxDepth {
		l.Addf(file, n.Line, n.Column, "", "nested more than %d levels deep", MaxDepth)
		return
	}
	for i, c := range n.Content {
		if n.Kind == yaml.MappingNode && i%2 == 0 && c.Kind == yaml.ScalarNode &&
			(c.Tag == "!!merge" || c.Value == "<<" && c.Style == 0) {
			l.Addf(file, c.Line, c.Column, "", "merge keys (<<) are not allowed")
			continue
		}
		check(l, file, c, depth+1)
	}
}

// invalidUTF8 returns the offset of the first invalid UTF-8 sequence in b.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// decode decodes the first document of data and, if there is one, the
// start of a second. err is io.EOF when data holds no document.
func decode(data []byte) (doc, second *yaml.Node, err error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	doc = new(yaml.Node)
	if err := dec.Decode(doc); err != nil {
		return nil, nil, err
	}
	next := new(yaml.Node)
	switch err := dec.Decode(next); {
	case errors.Is(err, io.EOF):
		return doc, nil, nil
	case err != nil:
		return nil, nil, err
	}
	return doc, next, nil
}

var lineRE = regexp.MustCompile(`^line (\d+): `)

// syntaxProblem turns a yaml.v3 error into a problem. yaml.v3 reports the
// line where the enclosing construct began (or none), not where the mistake
// is, so the line is found instead as the shortest prefix of data (in whole
// lines) that fails with the same message: the mistake is on its last line,
// or the construct it breaks starts there. Even so, the line is "near".
func syntaxProblem(file string, data []byte, err error) diag.Problem {
	msg := yamlMessage(err)
	lines := bytes.SplitAfter(data, []byte("\n"))
	fails := func(k int) bool {
		_, _, err := decode(bytes.Join(lines[:k], nil))
		return err != nil && !errors.Is(err, io.EOF) && yamlMessage(err) == msg
	}
	// Binary search for the first failing prefix, assuming that once a
	// prefix fails, longer ones fail the same way; check the answer, since
	// that does not always hold.
	lo, hi := 1, len(lines)
	for lo < hi {
		mid := lo + (hi-lo)/2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	line := 0
	if fails(lo) && (lo == 1 || !fails(lo-1)) {
		line = lo
	} else if m := lineRE.FindStringSubmatch(strings.TrimPrefix(err.Error(), "yaml: ")); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	if line == 0 {
		return diag.Problem{File: file, Message: "syntax error: " + msg}
	}
	return diag.Problem{File: file, Line: line, Message: fmt.Sprintf("syntax error near line %d: %s", line, msg)}
}

// yamlMessage returns the text of a yaml.v3 error without "yaml: line N: ".
func yamlMessage(err error) string {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	return lineRE.ReplaceAllString(msg, "")
}
