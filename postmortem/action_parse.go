package postmortem

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/incidentkit/incidentkit/internal/diag"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// parseActionItems reads the action items section: list items with a task
// checkbox or an attribute group become ActionItems; everything else (prose,
// plain bullets) is kept, in order, as ActionNotes.
func parseActionItems(file string, d *mdDoc, s mdSection, p *Postmortem, l *diag.List) {
	var notes []string
	note := func(start, end int) {
		if t := trimBlankLines(string(d.src[start:end])); t != "" {
			notes = append(notes, t)
		}
	}
	ids := map[string]int{}
	for i, n := range s.nodes {
		end := s.body.end
		if i+1 < len(s.nodes) {
			end = lineStart(d.src, s.nodes[i+1].Pos())
		}
		start := lineStart(d.src, blockStart(n))
		list, ok := n.(*ast.List)
		if !ok {
			note(start, end)
			continue
		}
		run := -1 // start of a run of plain items
		for it := list.FirstChild(); it != nil; it = it.NextSibling() {
			itStart := lineStart(d.src, blockStart(it))
			itEnd := end
			if next := it.NextSibling(); next != nil {
				itEnd = lineStart(d.src, blockStart(next))
			}
			a, ok := parseActionItem(file, d, it, itEnd, len(p.ActionItems), l)
			if !ok {
				if run < 0 {
					run = itStart
				}
				continue
			}
			if run >= 0 {
				note(run, itStart)
				run = -1
			}
			if a.ID != "" {
				line := d.lines.line(itStart)
				if first, dup := ids[a.ID]; dup {
					l.Addf(file, line, 1, "action_items["+strconv.Itoa(len(p.ActionItems))+"].id", "id %q already used at line %d", a.ID, first)
				} else {
					ids[a.ID] = line
				}
			}
			p.ActionItems = append(p.ActionItems, a)
			d.items = append(d.items, blockStart(it))
		}
		if run >= 0 {
			note(run, end)
		}
	}
	p.ActionNotes = strings.Join(notes, "\n\n")
}

// blockStart returns where a block node starts in the source.
func blockStart(n ast.Node) int {
	if pos := n.Pos(); pos >= 0 {
		return pos
	}
	if ls := n.Lines(); ls != nil && ls.Len() > 0 {
		return ls.At(0).Start
	}
	if c := n.FirstChild(); c != nil {
		return blockStart(c)
	}
	return 0
}

// mapped is text assembled from pieces of the source, remembering where
// each piece came from so problems point into the file.
type mapped struct {
	text   string
	buf    strings.Builder // text while it is being assembled
	starts []int           // text offset where each piece starts
	srcs   []int           // source offset of each piece
}

// src returns the source offset of text offset i.
func (m *mapped) src(i int) int {
	k, _ := slices.BinarySearch(m.starts, i+1)
	k--
	if k < 0 {
		return 0
	}
	return m.srcs[k] + i - m.starts[k]
}

var (
	checkboxRE = regexp.MustCompile(`^\[([ xX])\][ \t]*`)
	groupRE    = regexp.MustCompile(`\(\s*[A-Za-z_][A-Za-z_ -]*:`)
	attrRE     = regexp.MustCompile(`(?:^|,)\s*([A-Za-z_][A-Za-z_ -]*?)\s*:`)
)

// parseActionItem reads list item it (which ends at end) as an action item.
// It reports false when the item has neither a checkbox nor an attribute
// group, i.e. it is a plain bullet.
func parseActionItem(file string, d *mdDoc, it ast.Node, end, index int, l *diag.List) (ActionItem, bool) {
	first := it.FirstChild()
	switch first.(type) {
	case *ast.Paragraph, *ast.TextBlock:
	default:
		return ActionItem{}, false // a heading, code block or list: not an item line
	}
	if first.Lines().Len() == 0 {
		return ActionItem{}, false
	}
	_, isTask := first.FirstChild().(*east.TaskCheckBox)
	var m mapped
	var ends []int // where each line ends in m.text
	ls := first.Lines()
	for i := 0; i < ls.Len(); i++ {
		seg := ls.At(i)
		v := strings.TrimRight(string(seg.Value(d.src)), " \t\n")
		lead := len(v) - len(strings.TrimLeft(v, " \t"))
		if i > 0 {
			m.text += " "
		}
		m.starts = append(m.starts, len(m.text))
		m.srcs = append(m.srcs, seg.Start+lead)
		m.text += v[lead:]
		ends = append(ends, len(m.text))
	}
	var a ActionItem
	a.Status = ActionOpen
	rest := m.text
	off := 0
	if c := checkboxRE.FindStringSubmatch(rest); c != nil && isTask {
		if c[1] != " " {
			a.Status = ActionDone
		}
		off = len(c[0])
		rest = rest[off:]
	}
	// The attributes end the item's first line, or a later line when the
	// item is wrapped; lines after them are notes (a line typed right
	// under the item continues its paragraph).
	lastLine := len(ends) - 1
	title, attrs, attrOff := splitAttributes(rest)
	for k := 0; k < len(ends)-1; k++ {
		if ends[k] <= off {
			continue
		}
		t, at, ao := splitAttributes(rest[:ends[k]-off])
		if ao >= 0 && allKnown(at) {
			title, attrs, attrOff, lastLine = t, at, ao, k
			break
		}
	}
	if !isTask && attrOff < 0 {
		return ActionItem{}, false
	}
	a.Title = strings.TrimSpace(title)
	itemLine, itemCol := d.lines.pos(m.src(off))
	field := "action_items[" + strconv.Itoa(index) + "]"
	if a.Title == "" {
		l.Addf(file, itemLine, itemCol, field, "action item without a title")
	}
	if attrOff >= 0 {
		parseAttributes(file, d, &m, off+attrOff, attrs, &a, field, l)
	}
	// Everything after the first block belongs to the item: keep it.
	last := ls.At(lastLine)
	notesStart := lineEnd(d.src, last.Start)
	if notesStart < end {
		indent := ls.At(0).Start - lineStart(d.src, ls.At(0).Start)
		a.Notes = dedent(string(d.src[notesStart:end]), indent)
	}
	return a, true
}

// splitAttributes splits "Title (k: v, k: v)" into the title and the text
// inside the final parentheses, with the offset of that text in s (-1 when
// there is no attribute group). Of several candidate groups it picks the
// first whose keys are all known, else the last.
func splitAttributes(s string) (title, attrs string, off int) {
	if !strings.HasSuffix(s, ")") {
		return s, "", -1
	}
	cands := groupRE.FindAllStringIndex(s, -1)
	if len(cands) == 0 {
		return s, "", -1
	}
	pick := cands[len(cands)-1]
	for _, c := range cands {
		if allKnown(s[c[0]+1 : len(s)-1]) {
			pick = c
			break
		}
	}
	return s[:pick[0]], s[pick[0]+1 : len(s)-1], pick[0] + 1
}

// allKnown reports whether every key in an attribute group is known.
func allKnown(group string) bool {
	for _, k := range attrRE.FindAllStringSubmatch(group, -1) {
		if !slices.Contains(attrKeys, normKey(k[1])) {
			return false
		}
	}
	return true
}

// normKey lower-cases a key and folds spaces and dashes to underscores.
func normKey(k string) string {
	return keySeparators.Replace(strings.ToLower(strings.TrimSpace(k)))
}

// keySeparators turns the separators people type in attribute keys into
// underscores; built once, since every attribute of every Parse uses it.
var keySeparators = strings.NewReplacer(" ", "_", "-", "_")

// parseAttributes reads "k: v, k: v" (at text offset base in m) into a.
func parseAttributes(file string, d *mdDoc, m *mapped, base int, group string, a *ActionItem, field string, l *diag.List) {
	locs := attrRE.FindAllStringSubmatchIndex(group, -1)
	seen := map[string]bool{}
	for i, loc := range locs {
		key := normKey(group[loc[2]:loc[3]])
		vEnd := len(group)
		if i+1 < len(locs) {
			vEnd = locs[i+1][0]
		}
		raw := group[loc[1]:vEnd]
		val := strings.TrimSpace(raw)
		vOff := loc[1] + len(raw) - len(strings.TrimLeft(raw, " \t"))
		line, col := d.lines.pos(m.src(base + vOff))
		kline, kcol := d.lines.pos(m.src(base + loc[2]))
		f := field + "." + key
		if seen[key] {
			l.Addf(file, kline, kcol, f, "duplicate attribute")
			continue
		}
		seen[key] = true
		if val == "" {
			l.Addf(file, kline, kcol, f, "empty value")
			continue
		}
		switch key {
		case attrOwner:
			a.Owner = val
		case attrDue:
			t, err := time.Parse(dateLayout, val)
			if err != nil {
				l.Addf(file, line, col, f, "want a date like 2026-12-11, got %q", val)
				continue
			}
			a.Due = t
		case attrType:
			if t := ActionType(strings.ToLower(val)); t.Valid() {
				a.Type = t
			} else {
				l.Addf(file, line, col, f, "want one of mitigate, prevent, detect, process, got %q", val)
			}
		case attrPriority:
			if pr, ok := parsePriority(val); ok {
				a.Priority = pr
			} else {
				l.Addf(file, line, col, f, "want one of p1, p2, p3 (or high, medium, low), got %q", val)
			}
		case attrID:
			if strings.ContainsAny(val, " \t,()") {
				l.Addf(file, line, col, f, "want a short id without spaces, commas or parentheses, got %q", val)
				continue
			}
			a.ID = val
		case attrStatus:
			switch normKey(strings.ReplaceAll(val, "'", "")) {
			case "wont_do", "wontdo":
				a.Status = ActionWontDo
			default:
				l.Addf(file, line, col, f, "want wont_do (the checkbox says open or done), got %q", val)
			}
		case attrLink:
			a.Link = val
		default:
			l.Addf(file, kline, kcol, field+"."+group[loc[2]:loc[3]], "unknown attribute (want one of %s)", strings.Join(attrKeys, ", "))
		}
	}
}

// parsePriority accepts p1-p3 and high, medium, low.
func parsePriority(s string) (Priority, bool) {
	switch strings.ToLower(s) {
	case "p1", "high":
		return P1, true
	case "p2", "medium":
		return P2, true
	case "p3", "low":
		return P3, true
	}
	return "", false
}

// dedent removes up to n leading spaces from every line of s and trims
// blank lines at both ends.
func dedent(s string, n int) string {
	lines := strings.Split(s, "\n")
	for i, ln := range lines {
		k := 0
		for k < n && k < len(ln) && ln[k] == ' ' {
			k++
		}
		lines[i] = ln[k:]
	}
	return trimBlankLines(strings.Join(lines, "\n"))
}
