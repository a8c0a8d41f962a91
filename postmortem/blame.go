package postmortem

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// blamePhrase is a phrase that points at people rather than the system,
// with a suggestion for a systems framing.
type blamePhrase struct {
	re         *regexp.Regexp
	suggestion string
}

var blamePhrases = []blamePhrase{
	{regexp.MustCompile(`(?i)\bhuman[ -]errors?\b`), "it ends the inquiry where it should start: describe what in the system made the action possible and its effect hard to see"},
	{regexp.MustCompile(`(?i)\bcareless(?:ly|ness)?\b`), "describe the conditions (time pressure, tooling, missing safeguards) instead of a person's care"},
	{regexp.MustCompile(`(?i)\bshould(?:n't| not)? have known\b`), "hindsight: describe what information was available at the time and why it was hard to see"},
	{regexp.MustCompile(`(?i)\bshould(?:n't| not)? have\b(?: known\b)?`), "counterfactual: describe what happened and why it made sense at the time"},
	{regexp.MustCompile(`(?i)\b(?:the )?fault of\b|\bat fault\b|\b\w+'s fault\b`), "name the conditions that contributed, not who is at fault"},
	{regexp.MustCompile(`(?i)\bif only\b`), "counterfactual: describe the safeguard that was missing instead"},
	{regexp.MustCompile(`(?i)\bnegligen(?:t|tly|ce)\b`), "describe the gap in process or tooling instead of judging a person"},
	{regexp.MustCompile(`(?i)\bblam(?:e|ed|es|ing)\b`), "post-mortems are blameless: describe contributing factors in the system"},
}

// pronouns and role nouns that make a person the subject of a sentence.
const personNouns = `(?i:he|she|someone|somebody|the (?:on-?call |new |junior |senior )?(?:engineer|operator|developer|admin|administrator|sre|responder|on-?call))`

// failureVerbs follow a person subject in blaming sentences.
const failureVerbs = `(?i:(?:\w+ly )?(?:broke|forgot|missed|ignored|neglected|overlooked|botched|messed up|screwed up|failed(?: to)?|didn't (?:check|notice|test|follow|read)|did not (?:check|notice|test|follow|read)|caused))\b`

// personRE builds the pattern for a person (an @handle, a pronoun or
// one of names) followed by a failure verb.
func personRE(names []string) *regexp.Regexp {
	alts := []string{`@[A-Za-z0-9][\w-]*`, personNouns}
	for _, n := range names {
		alts = append(alts, regexp.QuoteMeta(n))
	}
	return regexp.MustCompile(`(?:^|[^\w@])((?:` + strings.Join(alts, "|") + `)\s+` + failureVerbs + `)`)
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

// blameless reports blaming language in the prose of every section.
func (l *linter) blameless() {
	who := personRE(l.knownNames())
	for _, t := range proseBlocks(l.d) {
		for _, ph := range blamePhrases {
			for _, m := range ph.re.FindAllStringIndex(t.text, -1) {
				phrase := t.text[m[0]:m[1]]
				if strings.Contains(strings.ToLower(phrase), "have known") && !strings.Contains(ph.suggestion, "hindsight") {
					continue // reported by the "should have known" phrase
				}
				l.add(RuleBlameless, t.src(m[0]), "%q: %s", phrase, ph.suggestion)
			}
		}
		for _, m := range who.FindAllStringSubmatchIndex(t.text, -1) {
			phrase := t.text[m[2]:m[3]]
			l.add(RuleBlameless, t.src(m[2]), "%q names a person as the cause: describe what the system allowed or hid (e.g. \"the deploy removed the index; no check caught it\")", phrase)
		}
	}
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
			cur.starts = append(cur.starts, len(cur.text))
			cur.srcs = append(cur.srcs, seg.Start)
			cur.text += string(seg.Value(d.src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				cur.text += " "
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}
