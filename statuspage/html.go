package statuspage

import (
	"bytes"
	"crypto/sha256"
	_ "embed" // the page's template and stylesheet
	"encoding/base64"
	"html/template"
	"io"
	"strings"
	"time"
)

//go:embed style.css
var styleCSS string

//go:embed page.html.tmpl
var pageTemplate string

// styleHash is the CSP source that allows exactly the embedded stylesheet.
var styleHash = func() string {
	sum := sha256.Sum256([]byte(styleCSS))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}()

// contentSecurityPolicy is the policy the page is served with (and
// carries in a meta tag, for static hosting): nothing may load or run but
// the page's own inline stylesheet, identified by its hash.
var contentSecurityPolicy = "default-src 'none'; style-src " + styleHash +
	"; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// metaPolicy is contentSecurityPolicy without frame-ancestors, which
// browsers ignore (with a warning) in a meta tag.
var metaPolicy = strings.TrimSuffix(contentSecurityPolicy, "; frame-ancestors 'none'")

var pageTmpl = template.Must(template.New("page").Funcs(template.FuncMap{
	"date":    formatDate,
	"iso":     func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"human":   human,
	"overall": overall,
	"span":    windowSpan,
}).Parse(pageTemplate))

// span is a maintenance window as people read it, in parts for the page's
// <time> elements: From Sep To is "2026-12-03 02:00–04:00 UTC", or
// "2026-12-03 22:00 – 2026-12-04 02:00 UTC" across midnight (UTC).
type span struct {
	From, Sep, To    string
	StartISO, EndISO string // RFC 3339, for datetime attributes
}

func (s *span) String() string { return "Scheduled: " + s.From + s.Sep + s.To }

// windowSpan returns the planned window of p, nil when it has none.
func windowSpan(p *PublicIncident) *span {
	if p.ScheduledStart == nil || p.ScheduledEnd == nil {
		return nil
	}
	start, end := p.ScheduledStart.UTC(), p.ScheduledEnd.UTC()
	s := &span{
		From: start.Format("2006-01-02 15:04"), Sep: "–", To: end.Format("15:04 UTC"),
		StartISO: start.Format(time.RFC3339), EndISO: end.Format(time.RFC3339),
	}
	if start.Format(time.DateOnly) != end.Format(time.DateOnly) {
		s.Sep, s.To = " – ", formatDate(end)
	}
	return s
}

// formatDate formats t for people: "2026-11-27 09:30 UTC".
func formatDate(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// human turns a status word into words: "partial_outage" → "Partial outage".
func human(s string) string {
	s = strings.ReplaceAll(s, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// overall is the banner for the page's status.
func overall(s string) string {
	switch s {
	case "operational":
		return "All systems operational"
	case "maintenance":
		return "Maintenance in progress"
	case "degraded":
		return "Degraded performance"
	case "partial_outage":
		return "Partial outage"
	case "major_outage":
		return "Major outage"
	}
	return human(s)
}

// HTML writes the page as one self-contained HTML document: inline CSS,
// no JavaScript, readable on a phone. Every value is escaped by
// html/template; the page links to feed.atom and status.json beside it.
func (p *Page) HTML(w io.Writer) error {
	var b bytes.Buffer
	err := pageTmpl.Execute(&b, struct {
		Page *Page
		CSS  template.CSS
		CSP  string
	}{p, template.CSS(styleCSS), metaPolicy})
	if err != nil {
		return err
	}
	_, err = w.Write(b.Bytes())
	return err
}
