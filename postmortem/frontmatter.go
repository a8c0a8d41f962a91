package postmortem

import (
	"bytes"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/internal/diag"
	"github.com/incidentkit/incidentkit/internal/yamldoc"
	"go.yaml.in/yaml/v3"
)

// Front matter keys.
const (
	keyIncident  = "incident"
	keyTitle     = "title"
	keyStatus    = "status"
	keyAuthors   = "authors"
	keyReviewers = "reviewers"
	keyName      = "name"
	keyApproved  = "approved"
	keyCreated   = "created"
	keyDue       = "due"
	keyPublished = "published"
	keyWaiver    = "waiver"
)

// splitFrontMatter splits data into the YAML between the opening and
// closing "---" lines and the Markdown after them. Both keep their line
// numbers: the YAML is preceded by one empty line (for the opening "---")
// and the Markdown has the front matter lines blanked out. ok is false when
// data does not start with "---"; closed is false when the closing line is
// missing.
func splitFrontMatter(data []byte) (yamlText, markdown []byte, ok, closed bool) {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if string(bytes.TrimRight(first, " \t\r")) != "---" {
		return nil, data, false, false
	}
	off := len(first) + 1
	for off < len(data) {
		line, _, _ := bytes.Cut(data[off:], []byte("\n"))
		end := off + len(line) + 1
		if t := string(bytes.TrimRight(line, " \t\r")); t == "---" || t == "..." {
			lines := bytes.Count(data[:min(end, len(data))], []byte("\n"))
			md := make([]byte, 0, len(data)-end+lines+1)
			md = append(md, bytes.Repeat([]byte("\n"), lines)...)
			if end < len(data) {
				md = append(md, data[end:]...)
			}
			y := append([]byte("\n"), data[len(first)+1:off]...)
			return y, md, true, true
		}
		off = end
	}
	return nil, nil, true, false
}

// decodeFrontMatter decodes the front matter into p, reporting problems.
func decodeFrontMatter(file string, y []byte, p *Postmortem, l *diag.List) {
	d := yamldoc.NewDecoder(file)
	root, err := yamldoc.Parse(file, y, MaxSize)
	if err != nil {
		l.AddErr(file, err)
		return
	}
	var status string
	d.Mapping(root, "", yamldoc.Fields{
		keyIncident: func(n *yaml.Node, path string) {
			d.String(&p.IncidentID)(n, path)
			if p.IncidentID != "" {
				if err := incident.CheckID(p.IncidentID); err != nil {
					d.Errorf(n, path, "want an incident ID like INC-2026-0042, got %q", p.IncidentID)
				}
			}
		},
		keyTitle:  d.String(&p.Title),
		keyStatus: d.Enum(&status, "draft", "in_review", "approved", "published"),
		keyAuthors: func(n *yaml.Node, path string) {
			d.Sequence(n, path, func(_ int, c *yaml.Node, cp string) {
				if per, ok := person(d, c, cp); ok {
					p.Authors = append(p.Authors, per)
				}
			})
		},
		keyReviewers: func(n *yaml.Node, path string) {
			d.Sequence(n, path, func(_ int, c *yaml.Node, cp string) {
				var r Reviewer
				if c.Kind == yaml.MappingNode {
					d.Mapping(c, cp, yamldoc.Fields{
						keyName: func(n *yaml.Node, path string) {
							r.Person, _ = person(d, n, path)
						},
						keyApproved: d.Time(&r.Approved),
					}, keyName)
				} else {
					r.Person, _ = person(d, c, cp)
				}
				p.Reviewers = append(p.Reviewers, r)
			})
		},
		keyCreated:   d.Time(&p.Created),
		keyDue:       d.Time(&p.Due),
		keyPublished: d.Time(&p.Published),
		keyWaiver:    d.String(&p.Waiver),
	}, keyIncident, keyStatus)
	p.Status = Status(status)
	for _, pr := range d.Problems() {
		l.Add(pr)
	}
}

// person decodes a "Name <email>" scalar.
func person(d *yamldoc.Decoder, n *yaml.Node, path string) (incident.Person, bool) {
	var s string
	before := d.Len()
	d.String(&s)(n, path)
	if d.Len() > before {
		return incident.Person{}, false
	}
	per, err := incident.ParsePerson(s)
	if err != nil {
		d.Errorf(n, path, "want a person like \"Ada Lovelace <ada@example.com>\", got %q", s)
		return incident.Person{}, false
	}
	return per, true
}
