package yamldoc

import (
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// scalar reports whether n is a non-null scalar, recording a problem
// "want <what>, got ..." when it is not.
func (d *Decoder) scalar(n *yaml.Node, path, what string) bool {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return true
	}
	d.Errorf(n, path, "want %s, got %s", what, describe(n))
	return false
}

// String returns a handler storing a string in dst. Any scalar but null is
// accepted as written, so "title: 404 errors" and "title: 2026" both work.
func (d *Decoder) String(dst *string) Handler {
	return func(n *yaml.Node, path string) {
		if d.scalar(n, path, "a string") {
			*dst = n.Value
		}
	}
}

// Int returns a handler storing an integer in dst.
func (d *Decoder) Int(dst *int) Handler {
	return func(n *yaml.Node, path string) {
		if !d.scalar(n, path, "an integer") {
			return
		}
		var v int
		if n.Tag != "!!int" || n.Decode(&v) != nil {
			d.Errorf(n, path, "want an integer, got %s", describe(n))
			return
		}
		*dst = v
	}
}

// Bool returns a handler storing true or false in dst.
func (d *Decoder) Bool(dst *bool) Handler {
	return func(n *yaml.Node, path string) {
		if !d.scalar(n, path, "true or false") {
			return
		}
		var v bool
		if n.Tag != "!!bool" || n.Decode(&v) != nil {
			d.Errorf(n, path, "want true or false, got %s", describe(n))
			return
		}
		*dst = v
	}
}

// Duration returns a handler storing a duration written like "15m",
// "1h30m" or "2d" (see [ParseDuration]) in dst. Negative durations are
// rejected unless allowNegative.
func (d *Decoder) Duration(dst *time.Duration, allowNegative bool) Handler {
	return func(n *yaml.Node, path string) {
		if !d.scalar(n, path, `a duration like "15m" or "2d"`) {
			return
		}
		v, err := ParseDuration(n.Value)
		if err != nil {
			d.Errorf(n, path, `want a duration like "15m", "1h30m" or "2d", got %s`, describe(n))
			return
		}
		if v < 0 && !allowNegative {
			d.Errorf(n, path, "must not be negative")
			return
		}
		*dst = v
	}
}

// Time returns a handler storing an RFC 3339 time, normalised to UTC, in
// dst. Sub-second precision is rejected: files keep whole seconds.
func (d *Decoder) Time(dst *time.Time) Handler {
	const want = "want RFC 3339 time like 2026-11-27T09:30:00Z"
	return func(n *yaml.Node, path string) {
		if !d.scalar(n, path, "an RFC 3339 time") {
			return
		}
		t, err := time.Parse(time.RFC3339, n.Value)
		if err != nil || n.Tag != "!!str" && n.Tag != "!!timestamp" {
			d.Errorf(n, path, "%s, got %s", want, describe(n))
			return
		}
		if t.Nanosecond() != 0 {
			d.Errorf(n, path, "%s (whole seconds)", want)
			return
		}
		*dst = t.UTC()
	}
}

// Strings returns a handler storing a sequence of strings in dst.
func (d *Decoder) Strings(dst *[]string) Handler {
	return func(n *yaml.Node, path string) {
		out := []string{}
		ok := d.Sequence(n, path, func(_ int, c *yaml.Node, p string) {
			// A bad element (already reported) stays as "", so that later
			// checks name the right index and line for the others.
			var v string
			if d.scalar(c, p, "a string") {
				v = c.Value
			}
			out = append(out, v)
		})
		if ok {
			*dst = out
		}
	}
}

// Enum returns a handler storing in dst a string that must be one of allowed.
func (d *Decoder) Enum(dst *string, allowed ...string) Handler {
	return func(n *yaml.Node, path string) {
		if n.Kind == yaml.ScalarNode && n.Tag != "!!null" && slices.Contains(allowed, n.Value) {
			*dst = n.Value
			return
		}
		d.Errorf(n, path, "want one of %s, got %s", strings.Join(allowed, ", "), describe(n))
	}
}
