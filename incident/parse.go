package incident

import (
	"strconv"
	"time"

	"github.com/incidentkit/incidentkit/internal/diag"
	"github.com/incidentkit/incidentkit/internal/yamldoc"
	"go.yaml.in/yaml/v3"
)

// MaxFileSize is the size of the largest incident file [Parse] accepts:
// 1 MiB. Incident files arrive through pull requests and merges, so their
// size is not under the library's control, and parsing costs memory in
// proportion: about 28 bytes allocated per byte of input (1.3 MB for the
// 48 KB file of an incident with 200 timeline events, see BenchmarkParse),
// so at most ~30 MB for a file at the bound. Real incidents stay far below
// it: an event takes about 240 bytes, so 1 MiB holds over 4,000 events and
// updates, an order of magnitude more than a long major incident records.
// A larger file is almost certainly not made by hand, and refusing it keeps
// a store that lists every incident from spending its memory on one.
const MaxFileSize = 1 << 20

// Parse reads an incident file; file is its name, used in error messages.
//
// Parse is strict, since the file is edited by hand and reviewed in pull
// requests: it rejects unknown keys, duplicate keys, values of the wrong
// type, undefined statuses, kinds and other enumerated values, malformed
// IDs, persons and times, anchors, aliases and merge keys, more than one
// document, files over [MaxFileSize], text that is not UTF-8, and deep
// nesting. It then applies the rules of [Incident.Validate]. The error is an
// *[InvalidError] matching [ErrInvalid] that lists every problem found, each
// with file, line, column and field path:
//
//	incidents/2026/11/INC-2026-0042/incident.yaml:14:9: timeline[2].at: want RFC 3339 time like 2026-11-27T09:30:00Z, got "2026-11-27T14:10:00"
//
// Parse never panics; it reads back what [Format] writes to an equal value.
func Parse(file string, data []byte) (*Incident, error) {
	root, err := yamldoc.Parse(file, data, MaxFileSize)
	if err != nil {
		return nil, diag.WithKind(err, ErrInvalid)
	}
	p := parser{d: yamldoc.NewDecoder(file), bad: make(map[string]bool)}
	inc := p.incident(root)
	for _, f := range inc.findings() {
		if p.covered(f.Field) {
			continue
		}
		if n := p.d.Node(f.near); f.near != "" && p.d.Node(f.Field) == nil && n != nil {
			f.Line, f.Column = n.Line, n.Column
		}
		p.d.Add(f.Problem)
	}
	if err := p.d.Err(ErrInvalid); err != nil {
		return nil, err
	}
	return inc, nil
}

// parser decodes an incident with a yamldoc.Decoder. Type problems are the
// decoder's; the rules on values are Validate's, run on the decoded value
// and placed in the file with Decoder.Locate.
type parser struct {
	d *yamldoc.Decoder
	// bad holds the field paths whose value could not be decoded. Validate
	// sees them empty, and what it would say about them ("missing") would
	// repeat the decoder's problem, so it is left out.
	bad map[string]bool
}

// covered reports whether field is, or is inside, a field that could not be
// decoded.
func (p *parser) covered(field string) bool {
	for f := field; ; f = yamldoc.Parent(f) {
		if p.bad[f] {
			return true
		}
		if f == "" {
			return false
		}
	}
}

// leaf wraps h so that a problem it records marks its path bad.
func (p *parser) leaf(h yamldoc.Handler) yamldoc.Handler {
	return func(n *yaml.Node, path string) {
		before := p.d.Len()
		h(n, path)
		if p.d.Len() > before {
			p.bad[path] = true
		}
	}
}

func (p *parser) mapping(n *yaml.Node, path string, fields yamldoc.Fields) {
	if !p.d.Mapping(n, path, fields) {
		p.bad[path] = true
	}
}

// sequence calls each for every element of the sequence at path.
func (p *parser) sequence(n *yaml.Node, path string, each func(n *yaml.Node, path string)) {
	ok := p.d.Sequence(n, path, func(_ int, c *yaml.Node, cp string) { each(c, cp) })
	if !ok {
		p.bad[path] = true
	}
}

func (p *parser) str(dst *string) yamldoc.Handler { return p.leaf(p.d.String(dst)) }

func (p *parser) time(dst *time.Time) yamldoc.Handler { return p.leaf(p.d.Time(dst)) }

// strs decodes a list of strings, keeping every element's index (a bad
// element stays as "") so that Validate's paths point at the right line.
func (p *parser) strs(dst *[]string) yamldoc.Handler {
	return func(n *yaml.Node, path string) {
		p.sequence(n, path, func(c *yaml.Node, cp string) {
			var s string
			p.str(&s)(c, cp)
			*dst = append(*dst, s)
		})
	}
}

// person decodes "Name <email>" and calls set with the person.
func (p *parser) person(set func(Person)) yamldoc.Handler {
	return p.leaf(func(n *yaml.Node, path string) {
		var s string
		before := p.d.Len()
		p.d.String(&s)(n, path)
		if p.d.Len() > before {
			return
		}
		who, err := ParsePerson(s)
		if err != nil {
			p.d.Errorf(n, path, "%s", errMessage(err))
			return
		}
		set(who)
	})
}

func (p *parser) count(dst *int64) yamldoc.Handler {
	return p.leaf(func(n *yaml.Node, path string) {
		var v int64
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&v) != nil {
			p.d.Errorf(n, path, "want a whole number, got %s", describe(n))
			return
		}
		*dst = v
	})
}

// describe names a node that is not what was wanted, as yamldoc does.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a sequence"
	}
	if n.Tag == "!!null" {
		return "nothing"
	}
	return strconv.Quote(n.Value)
}

func (p *parser) incident(root *yaml.Node) *Incident {
	inc := new(Incident)
	p.mapping(root, "", yamldoc.Fields{
		"id":       p.str(&inc.ID),
		"uid":      p.str(&inc.UID),
		"aliases":  p.strs(&inc.Aliases),
		"title":    p.str(&inc.Title),
		"summary":  p.str(&inc.Summary),
		"kind":     p.str((*string)(&inc.Kind)),
		"severity": p.str(&inc.Severity),
		"status":   p.str((*string)(&inc.Status)),
		"schedule": func(n *yaml.Node, path string) {
			p.mapping(n, path, yamldoc.Fields{
				"start": p.time(&inc.Schedule.Start),
				"end":   p.time(&inc.Schedule.End),
			})
		},
		"milestones": func(n *yaml.Node, path string) {
			m := &inc.Milestones
			p.mapping(n, path, yamldoc.Fields{
				"impact_started": p.time(&m.ImpactStarted),
				"detected":       p.time(&m.Detected),
				"declared":       p.time(&m.Declared),
				"acknowledged":   p.time(&m.Acknowledged),
				"mitigated":      p.time(&m.Mitigated),
				"resolved":       p.time(&m.Resolved),
				"closed":         p.time(&m.Closed),
			})
		},
		"roles":  func(n *yaml.Node, path string) { p.roles(inc, n, path) },
		"impact": func(n *yaml.Node, path string) { p.impact(&inc.Impact, n, path) },
		"links": func(n *yaml.Node, path string) {
			p.sequence(n, path, func(c *yaml.Node, cp string) {
				var l Link
				p.mapping(c, cp, yamldoc.Fields{
					"kind":    p.str((*string)(&l.Kind)),
					"target":  p.str(&l.Target),
					"title":   p.str(&l.Title),
					"suspect": p.leaf(p.d.Bool(&l.Suspect)),
				})
				inc.Links = append(inc.Links, l)
			})
		},
		"labels": p.strs(&inc.Labels),
		"postmortem": func(n *yaml.Node, path string) {
			p.mapping(n, path, yamldoc.Fields{
				"status":        p.str((*string)(&inc.Postmortem.Status)),
				"waived_reason": p.str(&inc.Postmortem.WaivedReason),
			})
		},
		"decline_reason": p.str(&inc.DeclineReason),
		"merged_into":    p.str(&inc.MergedInto),
		"timeline": func(n *yaml.Node, path string) {
			if len(n.Content) > 0 {
				inc.Timeline = make([]Event, 0, len(n.Content))
			}
			p.sequence(n, path, func(c *yaml.Node, cp string) {
				inc.Timeline = append(inc.Timeline, p.event(c, cp))
			})
		},
		"updates": func(n *yaml.Node, path string) {
			if len(n.Content) > 0 { // an empty list reads as none
				inc.Updates = make([]Update, 0, len(n.Content))
			}
			p.sequence(n, path, func(c *yaml.Node, cp string) {
				inc.Updates = append(inc.Updates, p.update(c, cp))
			})
		},
	})
	return inc
}

// roles decodes the roles mapping, whose keys are role names: every key is
// a field, and Validate checks the names.
func (p *parser) roles(inc *Incident, n *yaml.Node, path string) {
	fields := yamldoc.Fields{}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i]; k.Kind == yaml.ScalarNode {
				r := Role(k.Value)
				fields[k.Value] = p.person(func(who Person) {
					if inc.Roles == nil {
						inc.Roles = make(map[Role]Person)
					}
					inc.Roles[r] = who
				})
			}
		}
	}
	p.mapping(n, path, fields)
}

func (p *parser) impact(im *Impact, n *yaml.Node, path string) {
	p.mapping(n, path, yamldoc.Fields{
		"components": func(n *yaml.Node, path string) {
			p.sequence(n, path, func(c *yaml.Node, cp string) {
				var comp Component
				p.mapping(c, cp, yamldoc.Fields{
					"name":   p.str(&comp.Name),
					"status": p.str((*string)(&comp.Status)),
				})
				im.Components = append(im.Components, comp)
			})
		},
		"users_affected":     p.count(&im.UsersAffected),
		"customers_affected": p.count(&im.CustomersAffected),
		"customer_facing":    p.str(&im.CustomerFacing),
		"business":           p.str(&im.Business),
	})
}

func (p *parser) event(n *yaml.Node, path string) Event {
	var e Event
	p.mapping(n, path, yamldoc.Fields{
		"id":      p.str(&e.ID),
		"at":      p.time(&e.At),
		"actor":   p.person(func(who Person) { e.Actor = who }),
		"kind":    p.str((*string)(&e.Kind)),
		"subject": p.str(&e.Subject),
		"from":    p.str(&e.From),
		"to":      p.str(&e.To),
		"text":    p.str(&e.Text),
	})
	return e
}

func (p *parser) update(n *yaml.Node, path string) Update {
	var u Update
	p.mapping(n, path, yamldoc.Fields{
		"id":       p.str(&u.ID),
		"at":       p.time(&u.At),
		"actor":    p.person(func(who Person) { u.Actor = who }),
		"audience": p.str((*string)(&u.Audience)),
		"status":   p.str((*string)(&u.Status)),
		"message":  p.str(&u.Message),
	})
	return u
}
