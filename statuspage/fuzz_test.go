package statuspage_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/statuspage"
)

// FuzzParseTemplates feeds arbitrary files to the template parser: it must
// not panic, every error must match ErrTemplate and name the file, and
// templates that parse must render every kind for a real incident.
func FuzzParseTemplates(f *testing.F) {
	f.Add(statuspage.DefaultTemplateSource())
	for _, s := range []string{
		``,
		`{{define "resolved"}}{{.Title}}{{end}}`,
		`{{define "investigating"}}{{range .Updates}}{{.Message}} {{date .At}}{{end}}{{end}}`,
		`{{define "identified"}}{{with .Resolved}}{{date .}}{{else}}open{{end}}{{names .Components}}{{end}}`,
		`{{define "monitoring"}}{{.Roles}}{{end}}`,
		`{{define "monitoring"}}{{template "resolved" .}}{{end}}`,
		`{{block "resolved" .}}x{{end}}`,
		`{{define "x"}}{{end}}`,
		`{{if}}`,
		`text {{define "resolved"}}{{end}}`,
		`{{define "resolved"}}{{.Resolved.Year}}{{end}}`,
		`{{define "resolved"}}{{range $i, $u := .Updates}}{{$i}}{{$u.ID}}{{break}}{{end}}{{end}}`,
		`{{define "resolved"}}{{printf "%v" .}}{{end}}`,
		`{{define "resolved"}}{{call .Title}}{{end}}`,
		"{{define \"resolved\"}}\x00\xff{{end}}",
	} {
		f.Add([]byte(s))
	}
	inc := statuspage.Public(fuzzIncident(f, "title", "message"), time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
	f.Fuzz(func(t *testing.T, data []byte) {
		tpl, err := statuspage.ParseTemplates("f.tmpl", data)
		if err != nil {
			if !errors.Is(err, statuspage.ErrTemplate) {
				t.Fatalf("error %v does not match ErrTemplate", err)
			}
			if !strings.HasPrefix(err.Error(), "f.tmpl") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		for _, kind := range []string{"investigating", "identified", "monitoring", "resolved"} {
			if _, err := tpl.Message(kind, inc); err != nil && !errors.Is(err, statuspage.ErrTemplate) {
				t.Fatalf("Message(%s) = %v, not ErrTemplate", kind, err)
			}
		}
	})
}

// fuzzIncident returns an open incident with the given title and one
// public update.
func fuzzIncident(tb testing.TB, title, message string) *incident.Incident {
	at := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	p := incident.Person{Name: "Ada"}
	inc, err := incident.New(incident.Declaration{Title: "t", Severity: "sev1", Components: []string{"api"}}, p, at)
	if err != nil {
		tb.Fatal(err)
	}
	inc.ID = "INC-2026-0001"
	// The page must cope with whatever a hand-edited file holds, so the
	// fields are set directly, not through the validating methods.
	inc.Title = title
	inc.Updates = append(inc.Updates, incident.Update{ID: "0123456789ab", At: at, Audience: incident.AudiencePublic, Status: incident.StatusTriage, Message: message})
	return inc
}

// FuzzPage renders a page whose title and update are arbitrary text: the
// HTML must never carry the text unescaped, the feed must be well-formed
// XML, and the JSON must give the text back.
func FuzzPage(f *testing.F) {
	f.Add("Checkout fails", "We are on it.")
	f.Add(`<script>document.body.setAttribute('data-pwned','1')</script>`, `"><img src=x onerror="alert(1)">`)
	f.Add("]]></content><entry>", "\x00\x1b\xff&amp;")
	f.Add("</style><style>", "{{.}} ${x} </textarea>")
	f.Fuzz(func(t *testing.T, title, message string) {
		render := func(title, message string) (h, a, j bytes.Buffer) {
			inc := fuzzIncident(t, title, message)
			p, err := statuspage.Build(context.Background(), failing{incs: []*incident.Incident{inc}}, &statuspage.Options{
				Title: title, Now: func() time.Time { return inc.Milestones.Declared },
			})
			if err != nil {
				t.Fatal(err)
			}
			if err := p.HTML(&h); err != nil {
				t.Fatal(err)
			}
			if err := p.Atom(&a); err != nil {
				t.Fatal(err)
			}
			if err := p.JSON(&j); err != nil {
				t.Fatal(err)
			}
			return h, a, j
		}
		h, a, j := render(title, message)
		// Escaped text has no '<': the page has as many as with plain text.
		plain, _, _ := render("x", "x")
		if got, want := strings.Count(h.String(), "<"), strings.Count(plain.String(), "<"); got != want {
			t.Fatalf("HTML has %d '<', want %d: the text was not escaped\n%s", got, want, h.String())
		}
		dec := xml.NewDecoder(&a)
		for {
			_, err := dec.Token()
			if err != nil {
				if err != io.EOF {
					t.Fatalf("feed is not well-formed: %v\n%s", err, a.String())
				}
				break
			}
		}
		var back struct {
			Active []struct {
				Title   string `json:"title"`
				Updates []struct {
					Message string `json:"message"`
				} `json:"updates"`
			} `json:"active"`
		}
		if err := json.Unmarshal(j.Bytes(), &back); err != nil {
			t.Fatal(err)
		}
		if utf8.ValidString(title) && back.Active[0].Title != title {
			t.Fatalf("JSON title %q, want %q", back.Active[0].Title, title)
		}
		if utf8.ValidString(message) && back.Active[0].Updates[0].Message != message {
			t.Fatalf("JSON message %q, want %q", back.Active[0].Updates[0].Message, message)
		}
	})
}
