package severity

import (
	"time"

	"github.com/incidentkit/incidentkit/internal/yamldoc"
	"go.yaml.in/yaml/v3"
)

// Format returns p as a policy file: deterministic YAML with two-space
// indent, levels by rank, keys in a fixed order, durations written like
// "15m", "4h" and "2d". Optional targets that are zero (cadences, deadlines)
// and empty descriptions are left out; postmortem_required is always written.
// For a valid policy, Parse(Format(p)) equals p, and Format of a parsed
// canonical file returns the same bytes. Format does not validate p.
func (p *Policy) Format() []byte {
	root := yamldoc.NewMapping()
	levels := make([]*yaml.Node, 0, len(p.Levels))
	for _, l := range p.sorted() {
		levels = append(levels, formatLevel(l))
	}
	yamldoc.Add(root, "levels", yamldoc.NewSequence(levels...))
	pm := yamldoc.NewMapping()
	yamldoc.Add(pm, "disabled_lint_rules", yamldoc.StringsNode(p.Postmortem.DisabledLintRules))
	yamldoc.Add(root, "postmortem", pm)
	return yamldoc.Encode(root)
}

func formatLevel(l Level) *yaml.Node {
	m := yamldoc.NewMapping()
	yamldoc.Add(m, "name", yamldoc.StringNode(l.Name))
	yamldoc.Add(m, "rank", yamldoc.IntNode(l.Rank))
	yamldoc.Add(m, "title", yamldoc.StringNode(l.Title))
	if l.Description != "" {
		yamldoc.Add(m, "description", yamldoc.StringNode(l.Description))
	}
	t := l.Targets
	tm := yamldoc.NewMapping()
	yamldoc.Add(tm, "acknowledge", yamldoc.DurationNode(t.Acknowledge))
	yamldoc.Add(tm, "first_update", yamldoc.DurationNode(t.FirstUpdate))
	optional := func(key string, d time.Duration) {
		if d != 0 {
			yamldoc.Add(tm, key, yamldoc.DurationNode(d))
		}
	}
	optional("internal_cadence", (t.InternalCadence))
	optional("public_cadence", (t.PublicCadence))
	yamldoc.Add(tm, "mitigate", yamldoc.DurationNode(t.Mitigate))
	yamldoc.Add(tm, "resolve", yamldoc.DurationNode(t.Resolve))
	yamldoc.Add(tm, "postmortem_required", yamldoc.BoolNode(t.PostmortemRequired))
	optional("postmortem_deadline", (t.PostmortemDeadline))
	optional("action_item_deadline", (t.ActionItemDeadline))
	yamldoc.Add(m, "targets", tm)
	return m
}
