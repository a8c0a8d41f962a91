package incident

import (
	"strconv"
	"strings"
	"time"

	"github.com/incidentkit/incidentkit/internal/yamldoc"
	"go.yaml.in/yaml/v3"
)

// Format writes inc as an incident file (incidents/2026/11/INC-2026-0042/incident.yaml).
// It validates inc first and returns the [Incident.Validate] error when inc
// is not valid.
//
// The output is deterministic, so that the same value always gives the same
// bytes and a pull request shows only what changed:
//   - keys in a fixed order that reads top-down: id, uid, aliases, title,
//     summary, kind, severity, status, schedule (start, end), milestones,
//     roles, impact, links, labels, postmortem, decline_reason,
//     merged_into, timeline, updates;
//   - milestones in lifecycle order (impact_started, detected, declared,
//     acknowledged, mitigated, resolved, closed), roles standard first then
//     custom by name (as [Incident.RoleNames]), lists in their order;
//   - times in UTC as RFC 3339 with whole seconds (2026-11-27T14:07:00Z),
//     persons as "Name <email>";
//   - empty optional fields, zero milestones and a zero schedule left out;
//   - multi-line and long free text as literal block scalars (|), so that
//     each line of a summary or an update diffs on its own; strings that
//     would read back as something else ("yes", "1.0", "null", leading
//     spaces) quoted.
//
// [Parse] reads the output back to an equal value.
func Format(inc *Incident) ([]byte, error) {
	if err := inc.Validate(); err != nil {
		return nil, err
	}
	return yamldoc.Encode(incidentNode(inc)), nil
}

// fields builds a mapping, leaving out the keys whose value is nil.
type fields struct{ n *yaml.Node }

func newFields() fields { return fields{yamldoc.NewMapping()} }

func (m fields) add(key string, v *yaml.Node) {
	if v != nil {
		yamldoc.Add(m.n, key, v)
	}
}

// node returns the mapping, or nil when it has no key.
func (m fields) node() *yaml.Node {
	if len(m.n.Content) == 0 {
		return nil
	}
	return m.n
}

func incidentNode(inc *Incident) *yaml.Node {
	m := newFields()
	m.add("id", str(inc.ID))
	m.add("uid", str(inc.UID))
	m.add("aliases", strs(inc.Aliases))
	m.add("title", str(inc.Title))
	m.add("summary", text(inc.Summary))
	m.add("kind", str(string(inc.Kind)))
	m.add("severity", str(inc.Severity))
	m.add("status", str(string(inc.Status)))
	sched := newFields()
	sched.add("start", timeNode(inc.Schedule.Start))
	sched.add("end", timeNode(inc.Schedule.End))
	m.add("schedule", sched.node())
	m.add("milestones", milestonesNode(inc.Milestones))
	if len(inc.Roles) > 0 {
		roles := newFields()
		for _, r := range inc.RoleNames() {
			roles.add(string(r), person(inc.Roles[r]))
		}
		m.add("roles", roles.node())
	}
	m.add("impact", impactNode(inc.Impact))
	if len(inc.Links) > 0 {
		items := make([]*yaml.Node, len(inc.Links))
		for i, l := range inc.Links {
			lm := newFields()
			lm.add("kind", str(string(l.Kind)))
			lm.add("target", str(l.Target))
			lm.add("title", str(l.Title))
			if l.Suspect {
				lm.add("suspect", yamldoc.BoolNode(true))
			}
			items[i] = lm.n
		}
		m.add("links", yamldoc.NewSequence(items...))
	}
	m.add("labels", strs(inc.Labels))
	pm := newFields()
	pm.add("status", str(string(inc.Postmortem.Status)))
	pm.add("waived_reason", text(inc.Postmortem.WaivedReason))
	m.add("postmortem", pm.node())
	m.add("decline_reason", text(inc.DeclineReason))
	m.add("merged_into", str(inc.MergedInto))
	m.add("timeline", eventsNode(inc.Timeline))
	m.add("updates", updatesNode(inc.Updates))
	return m.n
}

func milestonesNode(ms Milestones) *yaml.Node {
	m := newFields()
	m.add("impact_started", timeNode(ms.ImpactStarted))
	m.add("detected", timeNode(ms.Detected))
	m.add("declared", timeNode(ms.Declared))
	m.add("acknowledged", timeNode(ms.Acknowledged))
	m.add("mitigated", timeNode(ms.Mitigated))
	m.add("resolved", timeNode(ms.Resolved))
	m.add("closed", timeNode(ms.Closed))
	return m.node()
}

func impactNode(im Impact) *yaml.Node {
	m := newFields()
	if len(im.Components) > 0 {
		items := make([]*yaml.Node, len(im.Components))
		for i, c := range im.Components {
			cm := newFields()
			cm.add("name", str(c.Name))
			cm.add("status", str(string(c.Status)))
			items[i] = cm.n
		}
		m.add("components", yamldoc.NewSequence(items...))
	}
	m.add("users_affected", count(im.UsersAffected))
	m.add("customers_affected", count(im.CustomersAffected))
	m.add("customer_facing", text(im.CustomerFacing))
	m.add("business", text(im.Business))
	return m.node()
}

// eventsNode writes the timeline, which Validate has checked is not empty.
func eventsNode(es []Event) *yaml.Node {
	items := make([]*yaml.Node, len(es))
	for i, e := range es {
		m := newFields()
		m.add("id", str(e.ID))
		m.add("at", timeNode(e.At))
		m.add("actor", person(e.Actor))
		m.add("kind", str(string(e.Kind)))
		m.add("subject", str(e.Subject))
		m.add("from", text(e.From))
		m.add("to", text(e.To))
		m.add("text", text(e.Text))
		items[i] = m.n
	}
	return yamldoc.NewSequence(items...)
}

func updatesNode(us []Update) *yaml.Node {
	if len(us) == 0 {
		return nil
	}
	items := make([]*yaml.Node, len(us))
	for i, u := range us {
		m := newFields()
		m.add("id", str(u.ID))
		m.add("at", timeNode(u.At))
		m.add("actor", person(u.Actor))
		m.add("audience", str(string(u.Audience)))
		m.add("status", str(string(u.Status)))
		m.add("message", text(u.Message))
		items[i] = m.n
	}
	return yamldoc.NewSequence(items...)
}

// str returns a string scalar, or nil for "" (left out).
func str(s string) *yaml.Node {
	if s == "" {
		return nil
	}
	return yamldoc.StringNode(s)
}

// textWidth is the length above which free text is written as a block
// scalar, which the encoder never folds, rather than a folded plain line.
const textWidth = 60

// text returns free text: as a literal block scalar when it spans lines or
// is long, so diffs show whole lines; str otherwise. The encoder falls back
// to a quoted string when a block cannot carry the text faithfully
// (trailing spaces on a line, tabs, control characters).
func text(s string) *yaml.Node {
	n := str(s)
	if n == nil || !literalOK(s) {
		return n
	}
	if strings.Contains(s, "\n") || len(s) > textWidth {
		n.Style = yaml.LiteralStyle
	}
	return n
}

// literalOK reports whether a literal block scalar reads back as s: no
// leading white space (it would set the block's indentation) and no
// characters other than newlines that block scalars fold, strip or forbid.
func literalOK(s string) bool {
	if s == "" || s[0] == ' ' || s[0] == '\n' || s[0] == '\t' {
		return false
	}
	for _, r := range s {
		if r < ' ' && r != '\n' || r == 0x7f || r == '\u0085' || r == '\u2028' || r == '\u2029' || r == '\ufeff' {
			return false
		}
	}
	return true
}

// person writes p as "Name <email>"; nil (left out) for nobody.
func person(p Person) *yaml.Node { return str(p.String()) }

func timeNode(t time.Time) *yaml.Node {
	if t.IsZero() {
		return nil
	}
	return yamldoc.TimeNode(t)
}

func count(n int64) *yaml.Node {
	if n == 0 {
		return nil
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(n, 10)}
}

func strs(ss []string) *yaml.Node {
	if len(ss) == 0 {
		return nil
	}
	items := make([]*yaml.Node, len(ss))
	for i, s := range ss {
		// Validate refuses empty labels and aliases, but a nil item
		// would make the encoder panic.
		if items[i] = str(s); items[i] == nil {
			items[i] = yamldoc.StringNode("")
		}
	}
	return yamldoc.NewSequence(items...)
}
