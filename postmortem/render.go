package postmortem

import (
	"bytes"
	"strings"

	"github.com/incidentkit/incidentkit/internal/yamldoc"
	"go.yaml.in/yaml/v3"
)

// Render writes p as Markdown: YAML front matter, the "#" title, the known
// sections in canonical order (each followed by the unknown sections that
// followed it in the file), and the action items as a task list. The same
// value always renders to the same bytes.
func Render(p *Postmortem) []byte {
	var b bytes.Buffer
	b.WriteString("---\n")
	b.Write(yamldoc.Encode(frontMatter(p)))
	b.WriteString("---\n\n")
	writeBody(&b, p)
	return b.Bytes()
}

// writeBody writes the Markdown after the front matter.
func writeBody(b *bytes.Buffer, p *Postmortem) {
	b.WriteString("# ")
	b.WriteString(headingTitle(p.Title))
	b.WriteString("\n")
	if intro := trimBlankLines(p.Intro); intro != "" {
		b.WriteString("\n")
		b.WriteString(intro)
		b.WriteString("\n")
	}
	writeOther := func(after SectionKey) {
		for _, s := range p.Other {
			if s.After == after {
				writeSection(b, headingTitle(s.Title), s.Body)
			}
		}
	}
	writeOther("")
	for _, s := range sections {
		if s.body != nil {
			writeSection(b, s.title, *s.body(p))
		} else {
			var body strings.Builder
			body.WriteString(trimBlankLines(p.ActionNotes))
			if len(p.ActionItems) > 0 && body.Len() > 0 {
				body.WriteString("\n\n")
			}
			for i, a := range p.ActionItems {
				if i > 0 {
					body.WriteByte('\n')
				}
				body.WriteString(formatActionItem(a))
			}
			writeSection(b, s.title, body.String())
		}
		writeOther(s.key)
	}
}

// writeSection writes one "##" section.
func writeSection(b *bytes.Buffer, title, body string) {
	b.WriteString("\n## ")
	b.WriteString(title)
	b.WriteString("\n")
	if body = trimBlankLines(body); body != "" {
		b.WriteString("\n")
		b.WriteString(body)
		b.WriteString("\n")
	}
}

// frontMatter builds the YAML front matter in a fixed key order.
func frontMatter(p *Postmortem) *yaml.Node {
	m := yamldoc.NewMapping()
	yamldoc.Add(m, keyIncident, yamldoc.StringNode(p.IncidentID))
	yamldoc.Add(m, keyTitle, yamldoc.StringNode(headingTitle(p.Title)))
	yamldoc.Add(m, keyStatus, yamldoc.StringNode(string(p.Status)))
	authors := make([]string, len(p.Authors))
	for i, a := range p.Authors {
		authors[i] = a.String()
	}
	yamldoc.Add(m, keyAuthors, yamldoc.StringsNode(authors))
	var revs []*yaml.Node
	for _, r := range p.Reviewers {
		if r.Approved.IsZero() {
			revs = append(revs, yamldoc.StringNode(r.Person.String()))
			continue
		}
		rm := yamldoc.NewMapping()
		yamldoc.Add(rm, keyName, yamldoc.StringNode(r.Person.String()))
		yamldoc.Add(rm, keyApproved, yamldoc.TimeNode(r.Approved))
		revs = append(revs, rm)
	}
	yamldoc.Add(m, keyReviewers, yamldoc.NewSequence(revs...))
	if !p.Created.IsZero() {
		yamldoc.Add(m, keyCreated, yamldoc.TimeNode(p.Created))
	}
	if !p.Due.IsZero() {
		yamldoc.Add(m, keyDue, yamldoc.TimeNode(p.Due))
	}
	if !p.Published.IsZero() {
		yamldoc.Add(m, keyPublished, yamldoc.TimeNode(p.Published))
	}
	if p.Waiver != "" {
		yamldoc.Add(m, keyWaiver, yamldoc.StringNode(p.Waiver))
	}
	return m
}

// oneLine folds line breaks into spaces: titles live on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// trimBlankLines removes leading and trailing blank lines (and trailing
// white space at the very end), keeping the indentation of the first line.
func trimBlankLines(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	return strings.TrimRight(strings.Join(lines, "\n"), " \t\n")
}
