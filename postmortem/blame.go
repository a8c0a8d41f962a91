package postmortem

import (
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// blamePhrase is wording that points at people rather than the system,
// with a suggestion for a systems framing. Forms are lower-case ASCII and
// match whole words, ignoring case.
type blamePhrase struct {
	forms      []string
	suggestion string
}

var blamePhrases = []blamePhrase{
	{[]string{"human error", "human errors", "human-error"}, "it ends the inquiry where it should start: describe what in the system made the action possible and its effect hard to see"},
	{[]string{"careless", "carelessly", "carelessness"}, "describe the conditions (time pressure, tooling, missing safeguards) instead of a person's care"},
	{[]string{"should have known", "shouldn't have known", "should not have known"}, "hindsight: describe what information was available at the time and why it was hard to see"},
	{[]string{"should have", "shouldn't have", "should not have"}, "counterfactual: describe what happened and why it made sense at the time"},
	{[]string{"fault of", "at fault", "'s fault"}, "name the conditions that contributed, not who is at fault"},
	{[]string{"if only"}, "counterfactual: describe the safeguard that was missing instead"},
	{[]string{"negligent", "negligently", "negligence"}, "describe the gap in process or tooling instead of judging a person"},
	{[]string{"blame", "blamed", "blames", "blaming"}, "post-mortems are blameless: describe contributing factors in the system"},
}

// failureVerbs follow a person in blaming sentences ("Alice broke").
var failureVerbs = []string{
	"broke", "forgot", "missed", "ignored", "neglected", "overlooked", "botched", "messed up", "screwed up",
	"failed to", "failed", "didn't check", "didn't notice", "didn't test", "didn't follow", "didn't read",
	"did not check", "did not notice", "did not test", "did not follow", "did not read", "caused",
}

// personNouns are pronouns and role nouns that make a person the subject
// of a sentence (compared in lower case).
var personNouns = []string{
	"he", "she", "someone", "somebody", "the engineer", "the operator", "the developer",
	"the admin", "the administrator", "the sre", "the responder", "the on-call", "the oncall",
	"the on-call engineer", "the oncall engineer", "the new engineer", "the junior engineer",
	"the senior engineer", "the reviewer", "the author",
}

// lowerASCII lower-cases ASCII letters only, so byte offsets stay valid.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func isWordByte(c byte) bool {
	return c == '_' || c == '@' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// findWord returns the offsets of form in lower as a whole word.
func findWord(lower, form string) []int {
	var out []int
	for off := 0; ; {
		i := strings.Index(lower[off:], form)
		if i < 0 {
			return out
		}
		i += off
		end := i + len(form)
		startOK := i == 0 || !isWordByte(lower[i-1]) || form[0] == '\''
		if startOK && (end == len(lower) || !isWordByte(lower[end])) {
			out = append(out, i)
		}
		off = i + 1
	}
}

// personBefore returns the start of the person (an @handle, a pronoun or
// role noun, one of names) that ends text, or -1.
func personBefore(text string, names []string) int {
	best := -1
	try := func(start int) {
		if start >= 0 && (start == 0 || !isWordByte(text[start-1])) && (best < 0 || start < best) {
			best = start
		}
	}
	// @handle
	i := len(text)
	for i > 0 && (isWordByte(text[i-1]) || text[i-1] == '-') && text[i-1] != '@' {
		i--
	}
	if i > 0 && text[i-1] == '@' && i < len(text) {
		try(i - 1)
	}
	lower := lowerASCII(text)
	for _, n := range personNouns {
		if strings.HasSuffix(lower, n) {
			try(len(text) - len(n))
		}
	}
	for _, n := range names {
		if strings.HasSuffix(text, n) {
			try(len(text) - len(n))
		}
	}
	return best
}

// blameless reports blaming language in the prose of every section.
func (l *linter) blameless() {
	names := l.knownNames()
	for _, t := range proseBlocks(l.d) {
		lower := lowerASCII(t.text)
		type hit struct{ start, end int }
		var seen []hit // phrases already reported, so shorter forms stay quiet
		covered := func(start int) bool {
			for _, h := range seen {
				if start >= h.start && start < h.end {
					return true
				}
			}
			return false
		}
		for _, ph := range blamePhrases {
			for _, form := range ph.forms {
				for _, i := range findWord(lower, form) {
					start, end := i, i+len(form)
					if form[0] == '\'' { // "'s fault": include the owner
						for start > 0 && isWordByte(t.text[start-1]) {
							start--
						}
					}
					if covered(i) {
						continue
					}
					seen = append(seen, hit{start, end})
					l.add(RuleBlameless, t.src(start), "%q: %s", t.text[start:end], ph.suggestion)
				}
			}
		}
		var verbs []hit
		for _, v := range failureVerbs {
			for _, i := range findWord(lower, v) {
				verbs = append(verbs, hit{i, i + len(v)})
			}
		}
		for _, v := range verbs {
			before := t.text[:v.start]
			if !strings.HasSuffix(before, " ") || covered(v.start) {
				continue
			}
			before = strings.TrimRight(before, " ")
			// An adverb may sit between person and verb: "Alice accidentally broke".
			if w := strings.LastIndexByte(before, ' '); w >= 0 && strings.HasSuffix(lowerASCII(before), "ly") && personBefore(before, names) < 0 {
				before = strings.TrimRight(before[:w], " ")
			}
			start := personBefore(before, names)
			if start < 0 {
				continue
			}
			seen = append(seen, hit{start, v.end})
			l.add(RuleBlameless, t.src(start), "%q names a person as the cause: describe what the system allowed or hid (e.g. \"the deploy removed the index; no check caught it\")", t.text[start:v.end])
		}
	}
}

// knownNames are the names of the people the post-mortem and incident
// mention: full names and first names, longest first.
func (l *linter) knownNames() []string {
	var names []string
	addName := func(n string) {
		n = strings.TrimSpace(strings.TrimPrefix(n, "@"))
		if n == "" {
			return
		}
		names = append(names, n)
		if first, _, ok := strings.Cut(n, " "); ok && len(first) > 1 {
			names = append(names, first)
		}
	}
	for _, a := range l.p.Authors {
		addName(a.Name)
	}
	for _, r := range l.p.Reviewers {
		addName(r.Person.Name)
	}
	for _, a := range l.p.ActionItems {
		if !strings.ContainsAny(a.Owner, "<>") {
			addName(a.Owner)
		}
	}
	if l.inc != nil {
		for _, p := range l.inc.Roles {
			addName(p.Name)
		}
		for _, e := range l.inc.Timeline {
			addName(e.Actor.Name)
		}
	}
	// Only names that read like names: capitalised words.
	names = slices.DeleteFunc(names, func(n string) bool { return n == "" || n[0] < 'A' || n[0] > 'Z' })
	slices.SortFunc(names, func(a, b string) int { return len(b) - len(a) })
	return slices.Compact(names)
}

// proseBlocks returns the text of every block of the Markdown, as a reader
// sees it (markup removed, code spans and URLs left out), mapped back to
// source offsets.
func proseBlocks(d *mdDoc) []*mapped {
	var out []*mapped
	var cur *mapped
	var block ast.Node
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.RawHTML, *ast.AutoLink, *east.TaskCheckBox:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			parent := n.Parent()
			for parent != nil && parent.Type() == ast.TypeInline {
				parent = parent.Parent()
			}
			if cur == nil || parent != block {
				cur = &mapped{}
				block = parent
				out = append(out, cur)
			}
			seg := n.Segment
			cur.starts = append(cur.starts, cur.buf.Len())
			cur.srcs = append(cur.srcs, seg.Start)
			cur.buf.Write(seg.Value(d.src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				cur.buf.WriteByte(' ')
			}
		}
		return ast.WalkContinue, nil
	})
	for _, m := range out {
		m.text = m.buf.String()
	}
	return out
}
