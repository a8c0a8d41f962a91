package postmortem

import (
	"bytes"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/incidentkit/incidentkit/internal/diag"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// markdown parses post-mortems as GitHub does (GFM: tables, task lists,
// strikethrough, autolinks).
var markdown = goldmark.New(goldmark.WithExtensions(extension.GFM))

// Parse reads a post-mortem from data, the contents of file (the name is
// used in errors only). It accepts what people write in a pull request:
// sections in any order and with common alternative headings, extra prose,
// ticked and unticked boxes, edited attributes, and sections the format
// does not know (kept in [Postmortem.Other]).
//
// Errors are a *[InvalidError] of kind [ErrInvalid] listing every problem
// as "file:line:col: field: message".
func Parse(file string, data []byte) (*Postmortem, error) {
	p, _, err := parse(file, data)
	return p, err
}

// parse is Parse, also returning the Markdown document for lint.
func parse(file string, data []byte) (*Postmortem, *mdDoc, error) {
	var l diag.List
	if len(data) > MaxSize {
		l.Addf(file, 0, 0, "", "file is %d bytes, more than the limit of %d", len(data), MaxSize)
		return nil, nil, l.Err(ErrInvalid)
	}
	if !utf8.Valid(data) {
		for off, line := 0, 1; off < len(data); line++ {
			end := lineEnd(data, off)
			if !utf8.Valid(data[off:end]) {
				l.Addf(file, line, 0, "", "invalid UTF-8")
				break
			}
			off = end
		}
		return nil, nil, l.Err(ErrInvalid)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // a byte order mark some editors add
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	y, md, ok, closed := splitFrontMatter(data)
	switch {
	case !ok:
		l.Addf(file, 1, 1, "", "missing front matter: the file must start with a \"---\" line")
		return nil, nil, l.Err(ErrInvalid)
	case !closed:
		l.Addf(file, 1, 1, "", "front matter not closed: add a \"---\" line after it")
		return nil, nil, l.Err(ErrInvalid)
	}
	p := &Postmortem{}
	decodeFrontMatter(file, y, p, &l)
	// Refuse what goldmark would take too long over before it sees it.
	before := l.Len()
	if checkShape(file, md, &l); l.Len() > before {
		return nil, nil, l.Err(ErrInvalid)
	}
	fmTitle := headingTitle(p.Title)
	doc := parseMarkdown(md)
	if off := unclosed(doc); off >= 0 {
		line, col := doc.lines.pos(off)
		l.Addf(file, line, col, "", "block never closed: it would swallow the rest of the file (close the code fence or HTML comment)")
	}
	parseBody(file, doc, p, &l)
	switch {
	case doc.title == nil && fmTitle == "":
		l.Addf(file, doc.lines.line(len(md)), 1, "title", "missing: add a \"# Title\" heading")
	case doc.title == nil:
		p.Title = fmTitle
	case p.Title == "":
		line, col := doc.lines.pos(doc.title.start)
		l.Addf(file, line, col, "title", "empty heading")
	case fmTitle != "" && fmTitle != p.Title:
		line, col := doc.lines.pos(doc.title.start)
		l.Addf(file, line, col, "title", "heading %q differs from front matter title %q: make them the same", p.Title, fmTitle)
	}
	if err := l.Err(ErrInvalid); err != nil {
		return nil, nil, err
	}
	return p, doc, nil
}

// mdDoc is a parsed Markdown body split at its headings.
type mdDoc struct {
	src   []byte
	lines lineIndex
	title *block      // the "#" heading, or nil
	secs  []mdSection // the "##" sections in file order
	root  ast.Node
	intro string                    // Markdown before the first "##" section, title excluded
	known map[SectionKey]*mdSection // the known sections, by key
	items []int                     // where each action item starts
}

// block is a span of the source.
type block struct {
	start, end int // byte offsets
	text       string
}

// mdSection is one "##" heading and what follows it up to the next one.
type mdSection struct {
	heading block
	body    block      // the raw Markdown after the heading
	nodes   []ast.Node // the top-level blocks in the body
}

// parseMarkdown parses md with goldmark and splits it at its top-level
// level-1 and level-2 headings.
func parseMarkdown(md []byte) *mdDoc {
	d := &mdDoc{src: md, lines: newLineIndex(md)}
	d.root = markdown.Parser().Parse(text.NewReader(md))
	cur := -1 // index of the section being read, -1 before the first
	var intro []block
	introStart := 0
	for n := d.root.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok || !(h.Level == 2 || h.Level == 1 && d.title == nil && cur < 0) {
			if cur >= 0 {
				d.secs[cur].nodes = append(d.secs[cur].nodes, n)
			}
			continue
		}
		start, end := headingSpan(md, h)
		hb := block{start: start, end: end, text: headingText(md, h)}
		if cur >= 0 {
			d.secs[cur].body.end = start
		} else {
			intro = append(intro, block{start: introStart, end: start})
			introStart = end
		}
		if h.Level == 1 {
			d.title = &hb
			continue
		}
		d.secs = append(d.secs, mdSection{heading: hb, body: block{start: end, end: len(md)}})
		cur = len(d.secs) - 1
	}
	if cur < 0 {
		intro = append(intro, block{start: introStart, end: len(md)})
	}
	var parts []string
	for _, b := range intro {
		if t := trimBlankLines(string(md[b.start:b.end])); t != "" {
			parts = append(parts, t)
		}
	}
	d.intro = strings.Join(parts, "\n\n")
	for i := range d.secs {
		b := &d.secs[i].body
		b.text = trimBlankLines(string(md[b.start:b.end]))
	}
	return d
}

// unclosed returns the offset of a code block or HTML block that is never
// closed, or -1. Such a block runs to the end of the file and swallows the
// headings after it, so the sections could not be written back in order.
func unclosed(d *mdDoc) int {
	switch n := d.root.LastChild().(type) {
	case *ast.FencedCodeBlock:
		start := lineStart(d.src, blockStart(n))
		open := strings.TrimLeft(string(d.src[start:lineEnd(d.src, start)]), " ")
		if open == "" || open[0] != '`' && open[0] != '~' {
			return -1
		}
		fence := open[:len(open)-len(strings.TrimLeft(open, open[:1]))]
		next := lineEnd(d.src, start)
		if ls := n.Lines(); ls.Len() > 0 {
			next = lineEnd(d.src, ls.At(ls.Len()-1).Start)
		}
		closing := strings.TrimSpace(string(d.src[next:lineEnd(d.src, next)]))
		if next >= len(d.src) || !strings.HasPrefix(closing, fence) || strings.Trim(closing, fence[:1]) != "" {
			return start
		}
	case *ast.HTMLBlock:
		if n.HTMLBlockType <= ast.HTMLBlockType5 && !n.HasClosure() {
			return lineStart(d.src, blockStart(n))
		}
	}
	return -1
}

// parseBody fills p's title and sections from the Markdown document.
func parseBody(file string, d *mdDoc, p *Postmortem, l *diag.List) {
	if d.title != nil {
		p.Title = d.title.text
	}
	p.Intro = d.intro
	seen := map[SectionKey]int{}
	d.known = map[SectionKey]*mdSection{}
	var last SectionKey
	for i := range d.secs {
		s := &d.secs[i]
		info, ok := lookupSection(s.heading.text)
		if !ok {
			p.Other = append(p.Other, Section{Title: s.heading.text, Body: s.body.text, After: last})
			continue
		}
		line, col := d.lines.pos(s.heading.start)
		if first, dup := seen[info.key]; dup {
			l.Addf(file, line, col, string(info.key), "section %q appears twice, first at line %d: merge them", s.heading.text, first)
			continue
		}
		seen[info.key] = line
		d.known[info.key] = s
		last = info.key
		if info.body != nil {
			*info.body(p) = s.body.text
			continue
		}
		parseActionItems(file, d, *s, p, l)
	}
	// Render writes unknown sections after their anchors in canonical
	// order; list them that way (stable: sections with the same anchor
	// keep their order) so that a file with reordered sections reads the
	// same before and after it is written back.
	slices.SortStableFunc(p.Other, func(a, b Section) int { return anchorRank(a.After) - anchorRank(b.After) })
}

// anchorRank orders anchors: before every known section, then canonical.
func anchorRank(k SectionKey) int {
	for i, s := range sections {
		if s.key == k {
			return i + 1
		}
	}
	return 0
}

// headingSpan returns the byte range of heading h's lines, including a
// setext underline, up to and including the final newline.
func headingSpan(src []byte, h *ast.Heading) (start, end int) {
	start = lineStart(src, h.Pos())
	last := start
	if ls := h.Lines(); ls.Len() > 0 {
		last = ls.At(ls.Len() - 1).Start
	}
	end = lineEnd(src, last)
	if first := strings.TrimLeft(string(src[start:lineEnd(src, start)]), " "); !strings.HasPrefix(first, "#") {
		end = lineEnd(src, end) // setext: skip the underline
	}
	return start, end
}

// headingText returns the heading's text as written, on one line.
func headingText(src []byte, h *ast.Heading) string {
	var b strings.Builder
	ls := h.Lines()
	for i := 0; i < ls.Len(); i++ {
		seg := ls.At(i)
		if i > 0 {
			b.WriteByte(' ')
		}
		b.Write(seg.Value(src))
	}
	return headingTitle(b.String())
}

// headingTitle normalises heading text: one line, without an ATX closing
// sequence. Front matter titles get the same treatment so that they match
// the heading Render writes for them.
func headingTitle(s string) string {
	t := oneLine(s)
	// goldmark leaves an ATX closing sequence ("# Title #") in place at the
	// very end of the file; drop it as CommonMark does everywhere else.
	if strings.Trim(t, "#") == "" {
		return ""
	}
	if i := strings.LastIndexByte(t, ' '); i >= 0 && strings.Trim(t[i+1:], "#") == "" {
		return strings.TrimRight(t[:i], " ")
	}
	return t
}

// lineStart returns the offset of the start of the line holding off.
func lineStart(src []byte, off int) int {
	off = max(0, min(off, len(src)))
	return bytes.LastIndexByte(src[:off], '\n') + 1
}

// lineEnd returns the offset just past the newline ending the line that
// holds off (or len(src)).
func lineEnd(src []byte, off int) int {
	off = max(0, min(off, len(src)))
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(src)
}

// lineIndex maps byte offsets to 1-based lines and columns.
type lineIndex []int // offsets of line starts

func newLineIndex(src []byte) lineIndex {
	idx := lineIndex{0}
	for i, c := range src {
		if c == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

// line returns the 1-based line of off.
func (x lineIndex) line(off int) int {
	l, _ := x.pos(off)
	return l
}

// pos returns the 1-based line and column (in bytes) of off.
func (x lineIndex) pos(off int) (line, col int) {
	lo, hi := 0, len(x)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if x[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + 1, off - x[lo] + 1
}
