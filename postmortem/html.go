package postmortem

import (
	"bytes"
	"html"
	"strings"
	"time"
)

// RenderHTML renders p as an HTML fragment: an <article> with the front
// matter as a definition list and the sections rendered as GitHub does
// (GFM). It is safe to serve: raw HTML in the Markdown is dropped, and
// links and images with dangerous URLs (javascript:, vbscript:, file:,
// data: except images) lose their URL. The error is goldmark's, which a
// bytes.Buffer never causes.
func RenderHTML(p *Postmortem) ([]byte, error) {
	var md bytes.Buffer
	writeBody(&md, p)
	var b bytes.Buffer
	b.WriteString("<article class=\"postmortem\">\n<dl class=\"postmortem-meta\">\n")
	meta := func(k, v string) {
		if v != "" {
			b.WriteString("<dt>" + k + "</dt><dd>" + html.EscapeString(v) + "</dd>\n")
		}
	}
	meta("Incident", p.IncidentID)
	meta("Status", string(p.Status))
	var authors []string
	for _, a := range p.Authors {
		authors = append(authors, a.Name)
	}
	meta("Authors", strings.Join(authors, ", "))
	var revs []string
	for _, r := range p.Reviewers {
		s := r.Person.Name
		if !r.Approved.IsZero() {
			s += " (approved " + r.Approved.UTC().Format(time.DateOnly) + ")"
		}
		revs = append(revs, s)
	}
	meta("Reviewers", strings.Join(revs, ", "))
	meta("Created", day(p.Created))
	meta("Due", day(p.Due))
	meta("Published", day(p.Published))
	meta("Waiver", p.Waiver)
	b.WriteString("</dl>\n")
	if err := markdown.Convert(md.Bytes(), &b); err != nil {
		return nil, err
	}
	b.WriteString("</article>\n")
	return b.Bytes(), nil
}

// day writes t as a date, or "" for the zero time.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}
