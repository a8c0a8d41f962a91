package yamldoc

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Encode writes n as YAML with a two-space indent. The output depends only
// on the node tree, so the same value always encodes to the same bytes.
// Trees made with the builders below always encode; Encode panics only on a
// malformed tree built by hand, which is a programming error.
func Encode(n *yaml.Node) []byte {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		panic("yamldoc: encode: " + err.Error())
	}
	if err := enc.Close(); err != nil {
		panic("yamldoc: encode: " + err.Error())
	}
	return buf.Bytes()
}

// NewMapping returns an empty block mapping; fill it with [Add].
func NewMapping() *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
}

// Add appends key: v to mapping m, keeping insertion order.
func Add(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, stringNode(key, false), v)
}

// NewSequence returns a block sequence of items; an empty one encodes as [].
func NewSequence(items ...*yaml.Node) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: items}
	if len(items) == 0 {
		n.Style = yaml.FlowStyle
	}
	return n
}

// StringNode returns a string scalar. The encoder quotes it when it would
// otherwise read back as another type ("true", "12", ""). Invalid UTF-8 is
// replaced by U+FFFD, since YAML text must be UTF-8.
func StringNode(s string) *yaml.Node { return stringNode(s, true) }

// stringNode builds a string scalar; values also quote YAML 1.1 boolean
// words, keys (our own fixed names) are left as they are.
func stringNode(s string, value bool) *yaml.Node {
	s = strings.ToValidUTF8(s, "\uFFFD")
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if needsQuotes(s) || value && oldBool(s) {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// oldBool reports the words YAML 1.1 readers take for booleans ("yes",
// "off"): the encoder leaves them plain, and other tools read these files.
func oldBool(s string) bool {
	switch strings.ToLower(s) {
	case "y", "yes", "n", "no", "on", "off":
		return true
	}
	return false
}

// needsQuotes reports strings that plain or literal style cannot carry
// faithfully: leading or trailing white space, control characters and
// carriage returns, which block scalars would fold or strip.
func needsQuotes(s string) bool {
	if s != strings.TrimSpace(s) {
		return true
	}
	for _, r := range s {
		if r < ' ' && r != '\n' || r == 0x7f || r == '\u0085' || r == '\u2028' || r == '\u2029' || r == '\ufeff' {
			return true
		}
	}
	return false
}

// IntNode returns an integer scalar.
func IntNode(i int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(i)}
}

// BoolNode returns true or false.
func BoolNode(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

// DurationNode returns d written by [FormatDuration].
func DurationNode(d time.Duration) *yaml.Node {
	return StringNode(FormatDuration(d))
}

// TimeNode returns t in UTC as RFC 3339 with whole seconds, unquoted
// (2026-11-27T09:30:00Z). RFC 3339 covers years 0000 to 9999 only; callers
// keep times in that range ([Decoder.Time] never yields others).
func TimeNode(t time.Time) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: t.UTC().Truncate(time.Second).Format(time.RFC3339)}
}

// StringsNode returns a sequence of string scalars ([] when empty).
func StringsNode(ss []string) *yaml.Node {
	items := make([]*yaml.Node, len(ss))
	for i, s := range ss {
		items[i] = StringNode(s)
	}
	return NewSequence(items...)
}
