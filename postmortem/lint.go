package postmortem

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/severity"
)

// The lint rules. Their names are stable: policies disable rules by name
// (severity.PostmortemRules.DisabledLintRules).
const (
	// RuleCompleteness reports required sections that are missing or
	// empty, and to-do markers ("_TODO: ..._", "TODO") left anywhere.
	RuleCompleteness = "completeness"
	// RuleActionOwner reports open action items without an owner.
	RuleActionOwner = "action-owner"
	// RuleActionDue reports open action items without a due date.
	RuleActionDue = "action-due"
	// RuleActionType reports open action items without a type.
	RuleActionType = "action-type"
	// RuleActionCoverage reports a post-mortem of a severe incident (rank 1
	// or 2, or a level that requires a post-mortem) without any prevent or
	// mitigate action item, unless the front matter has a waiver.
	RuleActionCoverage = "action-coverage"
	// RuleTimeline reports timeline entries out of order, and incident
	// milestones (impact started, detected, declared, mitigated, resolved)
	// the timeline does not show at the time the incident records.
	RuleTimeline = "timeline"
	// RuleBlameless reports language that blames people instead of
	// describing the system: "human error", "careless", "should have
	// (known)", "fault of", "if only", "negligent", "blame", and a person
	// (an @handle, a pronoun, a known responder's name) as the subject of
	// a failure verb ("Alice broke", "@bob forgot", "he failed to").
	RuleBlameless = "blameless"
)

// Rules lists every lint rule.
var Rules = []string{RuleCompleteness, RuleActionOwner, RuleActionDue, RuleActionType, RuleActionCoverage, RuleTimeline, RuleBlameless}

// Finding is one lint result, positioned in the file: Line and Column
// are 1-based, and Column counts bytes, as go/scanner does.
type Finding struct {
	File         string
	Line, Column int
	Rule         string
	Message      string
}

// String formats f like a compiler: "file:line:col: rule: message".
func (f Finding) String() string {
	return f.File + ":" + strconv.Itoa(f.Line) + ":" + strconv.Itoa(f.Column) + ": " + f.Rule + ": " + f.Message
}

// required are the sections a finished post-mortem must fill in.
var required = []SectionKey{
	SectionSummary, SectionImpact, SectionTimeline, SectionRootCauses, SectionTrigger, SectionDetection,
	SectionResolution, SectionWentWell, SectionWentWrong, SectionLessons, SectionActionItems,
}

// Lint checks the post-mortem in data (the contents of file) and returns
// its findings sorted by position. inc, the incident it is about, may be
// nil: action-coverage then stays silent, and so do the timeline checks
// against the incident's milestones (the timeline's own order is still
// checked). pol may be nil; its DisabledLintRules turn rules off. The error
// is Parse's, when data is not a valid post-mortem. Lint takes the file
// rather than a [Postmortem] so that findings point at the exact line and
// column; lint a value with Lint(file, Render(p), inc, pol).
func Lint(file string, data []byte, inc *incident.Incident, pol *severity.Policy) ([]Finding, error) {
	p, d, err := parse(file, data)
	if err != nil {
		return nil, err
	}
	l := &linter{file: file, p: p, d: d, inc: inc, pol: pol}
	if pol != nil {
		l.off = pol.Postmortem.DisabledLintRules
	}
	l.completeness()
	l.actionItems()
	l.coverage()
	l.timeline()
	l.blameless()
	slices.SortStableFunc(l.out, func(a, b Finding) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
	return l.out, nil
}

// linter holds one Lint run.
type linter struct {
	file string
	p    *Postmortem
	d    *mdDoc
	inc  *incident.Incident
	pol  *severity.Policy
	off  []string
	out  []Finding
}

// add records a finding at byte offset off of the Markdown.
func (l *linter) add(rule string, off int, format string, args ...any) {
	if slices.Contains(l.off, rule) {
		return
	}
	line, col := l.d.lines.pos(off)
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	l.out = append(l.out, Finding{File: l.file, Line: line, Column: col, Rule: rule, Message: msg})
}

// titleOffset is where findings about the whole document go: the "#"
// heading, or the first line after the front matter.
func (l *linter) titleOffset() int {
	if l.d.title != nil {
		return l.d.title.start
	}
	return 0
}

// todos returns the offsets of the words "TODO" and "_TODO" in s.
func todos(s string) []int {
	var out []int
	for off := 0; ; {
		i := strings.Index(s[off:], "TODO")
		if i < 0 {
			return out
		}
		i += off
		off = i + 4
		start := i
		if start > 0 && s[start-1] == '_' {
			start--
		}
		if (start == 0 || !isWordByte(s[start-1])) && (off == len(s) || !isWordByte(s[off])) {
			out = append(out, start)
		}
	}
}

// completeness reports missing and empty required sections and to-dos.
func (l *linter) completeness() {
	for _, k := range required {
		s, ok := l.d.known[k]
		switch {
		case !ok:
			l.add(RuleCompleteness, l.titleOffset(), "section %q is missing", k.Title())
		case k == SectionActionItems && len(l.p.ActionItems) == 0:
			l.add(RuleCompleteness, s.heading.start, "no action items: list follow-ups as \"- [ ] Title (owner: @handle, due: YYYY-MM-DD, type: prevent)\"")
		case s.body.text == "":
			l.add(RuleCompleteness, s.heading.start, "section %q is empty", s.heading.text)
		}
	}
	for _, s := range l.d.secs {
		src := string(l.d.src[s.body.start:s.body.end])
		for _, start := range todos(src) {
			l.add(RuleCompleteness, s.body.start+start, "section %q still has a to-do: %s", s.heading.text, firstLine(src[start:], 60))
		}
	}
}

// firstLine returns s up to its first newline, shortened to n bytes.
func firstLine(s string, n int) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > n {
		s = strings.ToValidUTF8(s[:n], "") + "..."
	}
	return strconv.Quote(s)
}

// actionItems reports open items without owner, due date or type.
func (l *linter) actionItems() {
	for i, a := range l.p.ActionItems {
		if a.Status.Closed() || i >= len(l.d.items) {
			continue
		}
		off := l.d.items[i]
		name := strconv.Quote(a.Title)
		if a.Owner == "" {
			l.add(RuleActionOwner, off, "action item %s has no owner: add \"owner: @handle\"", name)
		}
		if a.Due.IsZero() {
			l.add(RuleActionDue, off, "action item %s has no due date: add \"due: YYYY-MM-DD\"", name)
		}
		if a.Type == "" {
			l.add(RuleActionType, off, "action item %s has no type: add \"type: mitigate\", \"prevent\", \"detect\" or \"process\"", name)
		}
	}
}

// severe reports whether the incident's level needs prevent or mitigate
// action items: rank 1 or 2, or a level that requires a post-mortem.
func (l *linter) severe() (string, bool) {
	if l.inc == nil {
		return "", false
	}
	lv, err := l.pol.Level(l.inc.Severity)
	if err != nil {
		return "", false
	}
	return lv.Name, lv.Rank <= 2 || lv.Targets.PostmortemRequired
}

// coverage reports a severe incident without prevent or mitigate items.
func (l *linter) coverage() {
	level, ok := l.severe()
	if !ok || strings.TrimSpace(l.p.Waiver) != "" {
		return
	}
	for _, a := range l.p.ActionItems {
		if a.Status != ActionWontDo && (a.Type == ActionPrevent || a.Type == ActionMitigate) {
			return
		}
	}
	off := l.titleOffset()
	if s, ok := l.d.known[SectionActionItems]; ok {
		off = s.heading.start
	}
	l.add(RuleActionCoverage, off, "a %s incident needs at least one prevent or mitigate action item (or a \"waiver:\" in the front matter saying why not)", level)
}
