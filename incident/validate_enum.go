package incident

import (
	"fmt"
	"strings"
)

// enum lists the allowed values of an enumerated type.
func enum[T ~string](vals ...T) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = string(v)
	}
	return out
}

// badEnum reports got, a value not among allowed, suggesting the allowed
// value it is a near miss of ("resolvd", "Monitoring").
func (v *validator) badEnum(field, got string, allowed []string) {
	msg := fmt.Sprintf("want one of %s; got %q", strings.Join(allowed, ", "), got)
	if s := nearest(got, allowed); s != "" {
		msg += " (did you mean " + s + "?)"
	}
	v.errorf(field, "%s", msg)
}

// nearest returns the word of words within two edits of s, ignoring case
// and counting at most one edit per three bytes of s, or "" when there is
// none; long values are no typos.
func nearest(s string, words []string) string {
	if len(s) > 32 {
		return ""
	}
	s = strings.ToLower(s)
	best, bestD := "", 3
	for _, w := range words {
		if d := editDistance(s, w); d < bestD && d*3 <= len(s) {
			best, bestD = w, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
