package severity

import (
	"fmt"
	"strings"
	"time"

	"github.com/incidentkit/incidentkit/internal/diag"
	"github.com/incidentkit/incidentkit/internal/yamldoc"
)

// Validate checks p and returns an *[InvalidError] matching [ErrInvalid]
// that lists every problem, or nil. Field paths are those of the policy file
// ("levels[1].targets.resolve"). It reports: no levels; level names that are
// invalid or repeated; ranks below 1 or repeated; empty or multi-line
// titles; acknowledge, first update, mitigate or resolve targets that are
// not positive; negative cadences and deadlines; acknowledge, first update,
// cadences or mitigate longer than resolve; a required post-mortem without a
// deadline; an action item deadline before the post-mortem deadline; and
// empty or repeated disabled lint rules.
func (p *Policy) Validate() error {
	var l diag.List
	for _, pr := range p.problems() {
		l.Add(pr)
	}
	return l.Err(ErrInvalid)
}

// problems returns p's problems in field order, positioned by field path only.
func (p *Policy) problems() []Problem {
	var ps []Problem
	add := func(field, format string, args ...any) {
		ps = append(ps, Problem{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if p == nil || len(p.Levels) == 0 {
		add("levels", "at least one level is required")
		if p == nil {
			return ps
		}
	}
	names := make(map[string]int)
	ranks := make(map[int]int)
	for i, lv := range p.Levels {
		path := yamldoc.Index("levels", i)
		switch first, dup := names[lv.Name]; {
		case !ValidName(lv.Name):
			add(yamldoc.Key(path, "name"), "invalid level name %q (want a lowercase letter, then up to 31 of a-z, 0-9, _ and -)", lv.Name)
		case dup:
			add(yamldoc.Key(path, "name"), "duplicate level %q, first at levels[%d]", lv.Name, first)
		default:
			names[lv.Name] = i
		}
		switch first, dup := ranks[lv.Rank]; {
		case lv.Rank < 1:
			add(yamldoc.Key(path, "rank"), "must be 1 or more (1 is the most severe), got %d", lv.Rank)
		case dup:
			add(yamldoc.Key(path, "rank"), "duplicate rank %d, first at levels[%d]", lv.Rank, first)
		default:
			ranks[lv.Rank] = i
		}
		switch {
		case strings.TrimSpace(lv.Title) == "":
			add(yamldoc.Key(path, "title"), "must not be empty")
		case strings.ContainsAny(lv.Title, "\r\n"):
			add(yamldoc.Key(path, "title"), "must be a single line")
		}
		targetProblems(yamldoc.Key(path, "targets"), lv.Targets, add)
	}
	rules := make(map[string]int)
	for i, r := range p.Postmortem.DisabledLintRules {
		path := yamldoc.Index("postmortem.disabled_lint_rules", i)
		switch first, dup := rules[r]; {
		case strings.TrimSpace(r) == "":
			add(path, "must not be empty")
		case dup:
			add(path, "duplicate rule %q, first at disabled_lint_rules[%d]", r, first)
		default:
			rules[r] = i
		}
	}
	return ps
}

// targetProblems reports the problems of one level's targets.
func targetProblems(path string, t Targets, add func(field, format string, args ...any)) {
	field := func(name string) string { return yamldoc.Key(path, name) }
	positive := []struct {
		name string
		d    time.Duration
	}{
		{"acknowledge", t.Acknowledge}, {"first_update", t.FirstUpdate},
		{"mitigate", t.Mitigate}, {"resolve", t.Resolve},
	}
	for _, f := range positive {
		if f.d <= 0 {
			add(field(f.name), "must be positive, got %s", yamldoc.FormatDuration(f.d))
		}
	}
	optional := []struct {
		name string
		d    time.Duration
	}{
		{"internal_cadence", t.InternalCadence}, {"public_cadence", t.PublicCadence},
		{"postmortem_deadline", t.PostmortemDeadline}, {"action_item_deadline", t.ActionItemDeadline},
	}
	for _, f := range optional {
		if f.d < 0 {
			add(field(f.name), "must not be negative, got %s", yamldoc.FormatDuration(f.d))
		}
	}
	if t.Resolve > 0 {
		for _, f := range []struct {
			name string
			d    time.Duration
		}{
			{"acknowledge", t.Acknowledge}, {"first_update", t.FirstUpdate},
			{"internal_cadence", t.InternalCadence}, {"public_cadence", t.PublicCadence},
			{"mitigate", t.Mitigate},
		} {
			if f.d > t.Resolve {
				add(field(f.name), "%s is longer than resolve (%s)", yamldoc.FormatDuration(f.d), yamldoc.FormatDuration(t.Resolve))
			}
		}
	}
	if t.PostmortemRequired && t.PostmortemDeadline == 0 {
		add(field("postmortem_deadline"), "missing: required when postmortem_required is true")
	}
	if t.ActionItemDeadline > 0 && t.PostmortemDeadline > 0 && t.ActionItemDeadline < t.PostmortemDeadline {
		add(field("action_item_deadline"), "%s is before postmortem_deadline (%s)",
			yamldoc.FormatDuration(t.ActionItemDeadline), yamldoc.FormatDuration(t.PostmortemDeadline))
	}
}
