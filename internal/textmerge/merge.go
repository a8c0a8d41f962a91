// Package textmerge merges two edited versions of a text with their common
// ancestor, line by line (diff3), for post-mortem Markdown edited on two
// clones of a repository.
//
// Edits that touch different lines combine. Edits that overlap, or touch
// adjacent lines or the same insertion point (as in git), are a conflict
// unless both sides made the same edit; a conflict keeps both versions
// between git-style markers, each marker in a paragraph of its own:
//
//	<<<<<<< ours
//
//	our lines
//
//	=======
//
//	their lines
//
//	>>>>>>> theirs
//
// Git-style markers are what editors offer to resolve ("accept current",
// "accept incoming") and what `git diff --check` reports if one is
// committed. The blank lines around them keep Markdown from gluing a marker
// to the text: without the blank line before it, "=======" under a
// paragraph would turn that paragraph into a heading. Rendered, the markers
// show as plain paragraphs (the closing one as a nested quote) and a parser
// keeps them as prose, so the conflict stays visible to a reviewer.
//
// Lines are compared byte for byte with their line ending, so CRLF text
// stays CRLF (markers use the line ending of the text), and a last line
// without a newline keeps it missing unless it ends up inside a conflict.
package textmerge

import "bytes"

// The conflict markers.
const (
	MarkerOurs   = "<<<<<<< ours"
	MarkerSep    = "======="
	MarkerTheirs = ">>>>>>> theirs"
)

// Merge merges ours and theirs, both descended from base, by lines (diff3).
// Non-overlapping edits combine cleanly. When edits overlap, neither side's
// text is lost: the result holds both between conflict markers (see the
// package documentation), and conflict reports true.
//
// Merge runs in O(n + (N+M)·D) time for n input bytes, N+M lines and D
// differing lines per side (D capped, see the package's diff), so a 64 KiB
// post-mortem merges in milliseconds.
func Merge(base, ours, theirs []byte) (merged []byte, conflict bool) {
	in := interner{ids: map[string]int{}}
	bl, ol, tl := splitLines(base), splitLines(ours), splitLines(theirs)
	bi, oi, ti := in.ints(bl), in.ints(ol), in.ints(tl)
	ho := hunks(matches(bi, oi), len(bl), len(ol))
	ht := hunks(matches(bi, ti), len(bl), len(tl))

	w := writer{eol: eol(ours, base, theirs)}
	pos := 0 // next base line to copy
	for len(ho) > 0 || len(ht) > 0 {
		// A region starts at the first remaining hunk and absorbs every
		// hunk of either side that overlaps or touches it.
		var ro, rt []hunk
		take := func(hs *[]hunk, r *[]hunk) {
			*r = append(*r, (*hs)[0])
			*hs = (*hs)[1:]
		}
		if len(ht) == 0 || (len(ho) > 0 && ho[0].a0 <= ht[0].a0) {
			take(&ho, &ro)
		} else {
			take(&ht, &rt)
		}
		a0 := min(first(ro, 1<<62), first(rt, 1<<62))
		a1 := max(last(ro), last(rt))
		for {
			switch {
			case len(ho) > 0 && ho[0].a0 <= a1:
				take(&ho, &ro)
			case len(ht) > 0 && ht[0].a0 <= a1:
				take(&ht, &rt)
			default:
				goto done
			}
			a1 = max(last(ro), last(rt))
		}
	done:
		w.lines(bl[pos:a0])
		pos = a1
		switch {
		case len(rt) == 0:
			w.lines(side(ol, ro, a0, a1))
		case len(ro) == 0:
			w.lines(side(tl, rt, a0, a1))
		default:
			os, ts := side(ol, ro, a0, a1), side(tl, rt, a0, a1)
			if equalLines(os, ts) {
				w.lines(os)
				continue
			}
			conflict = true
			w.conflict(os, ts)
		}
	}
	w.lines(bl[pos:])
	return w.buf.Bytes(), conflict
}

func first(hs []hunk, none int) int {
	if len(hs) == 0 {
		return none
	}
	return hs[0].a0
}

func last(hs []hunk) int {
	if len(hs) == 0 {
		return -1
	}
	return hs[len(hs)-1].a1
}

// side returns a side's lines for the base region [a0, a1), given the
// side's hunks in it: outside its hunks a side's lines are the base's.
func side(lines [][]byte, hs []hunk, a0, a1 int) [][]byte {
	f, l := hs[0], hs[len(hs)-1]
	return lines[f.b0-(f.a0-a0) : l.b1+(a1-l.a1)]
}

func equalLines(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// splitLines splits s after each '\n'; the last line may lack one.
func splitLines(s []byte) [][]byte {
	var ls [][]byte
	for len(s) > 0 {
		i := bytes.IndexByte(s, '\n') + 1
		if i == 0 {
			i = len(s)
		}
		ls = append(ls, s[:i:i])
		s = s[i:]
	}
	return ls
}

// interner numbers distinct lines, so the diff compares integers.
type interner struct{ ids map[string]int }

func (in *interner) ints(lines [][]byte) []int {
	out := make([]int, len(lines))
	for i, l := range lines {
		id, ok := in.ids[string(l)]
		if !ok {
			id = len(in.ids)
			in.ids[string(l)] = id
		}
		out[i] = id
	}
	return out
}

// eol returns the line ending of the first text that has one, "\n" when
// none has.
func eol(texts ...[]byte) string {
	for _, t := range texts {
		if i := bytes.IndexByte(t, '\n'); i >= 0 {
			if i > 0 && t[i-1] == '\r' {
				return "\r\n"
			}
			return "\n"
		}
	}
	return "\n"
}

// writer builds the merged text.
type writer struct {
	buf bytes.Buffer
	eol string
	// blank is set after a closing marker: the next text, unless it is
	// a blank line itself, gets a blank line before it.
	blank bool
}

func (w *writer) lines(ls [][]byte) {
	if len(ls) == 0 {
		return
	}
	if w.blank && len(bytes.TrimRight(ls[0], "\r\n")) > 0 {
		w.buf.WriteString(w.eol)
	}
	w.blank = false
	for _, l := range ls {
		w.buf.Write(l)
	}
}

// atLineStart reports whether the output ends a line (or is empty), and
// blank whether its last line is empty.
func (w *writer) atLineStart() (start, blank bool) {
	b := w.buf.Bytes()
	if len(b) == 0 {
		return true, true
	}
	if b[len(b)-1] != '\n' {
		return false, false
	}
	b = bytes.TrimSuffix(b[:len(b)-1], []byte{'\r'})
	return true, len(b) == 0 || b[len(b)-1] == '\n'
}

// paragraphBreak ends the current line, if any, and adds a blank line
// unless the output is empty or already ends with one.
func (w *writer) paragraphBreak() {
	start, blank := w.atLineStart()
	if !start {
		w.buf.WriteString(w.eol)
	}
	if !blank {
		w.buf.WriteString(w.eol)
	}
}

// marker writes a conflict marker as a paragraph of its own.
func (w *writer) marker(m string) {
	w.paragraphBreak()
	w.buf.WriteString(m)
	w.buf.WriteString(w.eol)
	w.blank = true
}

func (w *writer) conflict(ours, theirs [][]byte) {
	w.marker(MarkerOurs)
	w.lines(ours)
	w.marker(MarkerSep)
	w.lines(theirs)
	w.marker(MarkerTheirs)
}
