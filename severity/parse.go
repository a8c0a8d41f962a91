package severity

import (
	"cmp"
	"slices"
	"strings"

	"github.com/incidentkit/incidentkit/internal/diag"
	"github.com/incidentkit/incidentkit/internal/yamldoc"
	"go.yaml.in/yaml/v3"
)

// Parse parses a policy file; file names it in problems (usually
// [PolicyFile]). Parsing is strict: unknown and duplicate keys, wrong types,
// anchors, aliases, more than one document and files over [MaxPolicySize]
// are rejected, and the result must pass [Policy.Validate]. The error is an
// *[InvalidError] matching [ErrInvalid] that lists every problem with its
// line, column and field path. Levels are returned sorted by rank.
func Parse(file string, data []byte) (*Policy, error) {
	root, err := yamldoc.Parse(file, data, MaxPolicySize)
	if err != nil {
		return nil, diag.WithKind(err, ErrInvalid)
	}
	d := yamldoc.NewDecoder(file)
	p := decodePolicy(d, root)
	decoded := d.Problems()
	for _, pr := range p.problems() {
		if !covered(pr.Field, decoded) {
			d.Add(pr)
		}
	}
	if err := d.Err(ErrInvalid); err != nil {
		return nil, err
	}
	slices.SortStableFunc(p.Levels, func(a, b Level) int { return cmp.Compare(a.Rank, b.Rank) })
	return p, nil
}

// covered reports whether a decoding problem already concerns field or a
// field enclosing it (the empty path encloses all), so validation does not report the same mistake twice
// ("missing" and then "must be positive").
func covered(field string, decoded []Problem) bool {
	for _, pr := range decoded {
		f := pr.Field
		if f == "" || f == field || strings.HasPrefix(field, f+".") || strings.HasPrefix(field, f+"[") {
			return true
		}
	}
	return false
}

func decodePolicy(d *yamldoc.Decoder, root *yaml.Node) *Policy {
	p := &Policy{}
	d.Mapping(root, "", yamldoc.Fields{
		"levels": func(n *yaml.Node, path string) {
			d.Sequence(n, path, func(_ int, n *yaml.Node, path string) {
				p.Levels = append(p.Levels, decodeLevel(d, n, path))
			})
		},
		"postmortem": func(n *yaml.Node, path string) {
			d.Mapping(n, path, yamldoc.Fields{
				"disabled_lint_rules": d.Strings(&p.Postmortem.DisabledLintRules),
			})
		},
	}, "levels")
	if len(p.Postmortem.DisabledLintRules) == 0 {
		p.Postmortem.DisabledLintRules = nil
	}
	return p
}

func decodeLevel(d *yamldoc.Decoder, n *yaml.Node, path string) Level {
	var l Level
	t := &l.Targets
	d.Mapping(n, path, yamldoc.Fields{
		"name":        d.String(&l.Name),
		"rank":        d.Int(&l.Rank),
		"title":       d.String(&l.Title),
		"description": d.String(&l.Description),
		"targets": func(n *yaml.Node, path string) {
			d.Mapping(n, path, yamldoc.Fields{
				"acknowledge":          d.Duration(&t.Acknowledge, false),
				"first_update":         d.Duration(&t.FirstUpdate, false),
				"internal_cadence":     d.Duration(&t.InternalCadence, false),
				"public_cadence":       d.Duration(&t.PublicCadence, false),
				"mitigate":             d.Duration(&t.Mitigate, false),
				"resolve":              d.Duration(&t.Resolve, false),
				"postmortem_required":  d.Bool(&t.PostmortemRequired),
				"postmortem_deadline":  d.Duration(&t.PostmortemDeadline, false),
				"action_item_deadline": d.Duration(&t.ActionItemDeadline, false),
			}, "acknowledge", "first_update", "mitigate", "resolve")
		},
	}, "name", "rank", "title", "targets")
	return l
}
