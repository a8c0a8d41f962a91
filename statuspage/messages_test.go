package statuspage_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/incidentkit/incidentkit/statuspage"
)

func TestDefaultTemplates(t *testing.T) {
	f := newFixture(t)
	p := build(t, f)
	checkout := p.Active[1]
	tpl := statuspage.DefaultTemplates()
	for kind, want := range map[string]string{
		"investigating": "Investigating: Checkout fails\n\nWe are investigating a problem affecting payments-api.\nSome card payments fail.\nWe will post an update as soon as we know more.",
		"identified":    "Identified: Checkout fails\n\nWe have identified the cause of the problem affecting payments-api and are working on a fix.\nSome card payments fail.",
		"monitoring":    "Monitoring: Checkout fails\n\nA fix has been put in place and we are watching the results. payments-api should be working normally again.",
		"resolved":      "Resolved: Checkout fails\n\nThis incident has been resolved. We are sorry for the trouble it caused.",
	} {
		got, err := tpl.Message(kind, checkout)
		if err != nil {
			t.Fatalf("Message(%s): %v", kind, err)
		}
		if got != want {
			t.Errorf("Message(%s) =\n%s\nwant\n%s", kind, got, want)
		}
		for _, s := range secrets {
			if strings.Contains(got, s) {
				t.Errorf("Message(%s) contains internal %q", kind, s)
			}
		}
	}
	got, err := tpl.Message("resolved", p.Past[0])
	if err != nil || !strings.Contains(got, "resolved as of 2026-11-17 13:10 UTC") {
		t.Errorf("Message(resolved, past) = %q, %v", got, err)
	}
	for _, kind := range []string{"", "triage", "Resolved", "closed"} {
		if _, err := tpl.Message(kind, checkout); !errors.Is(err, statuspage.ErrTemplate) {
			t.Errorf("Message(%q) = %v, want ErrTemplate", kind, err)
		}
	}
	if _, err := tpl.Message("resolved", nil); !errors.Is(err, statuspage.ErrTemplate) {
		t.Errorf("Message(nil incident) = %v, want ErrTemplate", err)
	}
}

func TestDefaultTemplateSourceParses(t *testing.T) {
	src := statuspage.DefaultTemplateSource()
	tpl, err := statuspage.ParseTemplates("messages.tmpl", src)
	if err != nil {
		t.Fatal(err)
	}
	p := build(t, newFixture(t))
	a, _ := tpl.Message("identified", p.Active[1])
	b, _ := statuspage.DefaultTemplates().Message("identified", p.Active[1])
	if a != b {
		t.Errorf("the parsed default source renders %q, the defaults %q", a, b)
	}
	src[0] = 'X' // the caller's copy
	if _, err := statuspage.ParseTemplates("messages.tmpl", statuspage.DefaultTemplateSource()); err != nil {
		t.Errorf("DefaultTemplateSource shares its bytes: %v", err)
	}
}

func TestParseTemplatesFallback(t *testing.T) {
	tpl, err := statuspage.ParseTemplates("team.tmpl", []byte("{{/* only one kind */}}\n{{define \"resolved\"}}All good again: {{.Title}} ({{.ID}}){{end}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	inc := build(t, newFixture(t)).Active[1]
	got, err := tpl.Message("resolved", inc)
	if err != nil || got != "All good again: Checkout fails ("+inc.ID+")" {
		t.Errorf("Message(resolved) = %q, %v", got, err)
	}
	def, _ := statuspage.DefaultTemplates().Message("investigating", inc)
	if got, err := tpl.Message("investigating", inc); err != nil || got != def {
		t.Errorf("Message(investigating) = %q, %v; want the default %q", got, err, def)
	}
}

func TestParseTemplatesErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"roles", "\n\n{{define \"investigating\"}}Lead: {{.Roles}}{{end}}",
			"team.tmpl:3:35: investigating: <.Roles>: can't evaluate field Roles in type *statuspage.PublicIncident (messages see only the public view, statuspage.PublicIncident)"},
		{"labels in range", "{{define \"identified\"}}{{range .Updates}}{{.Actor.Email}}{{end}}{{end}}",
			"team.tmpl:1:50: identified: <.Actor.Email>: can't evaluate field Actor in type statuspage.PublicUpdate (messages see only the public view, statuspage.PublicIncident)"},
		{"timeline", "{{define \"monitoring\"}}\n{{.Timeline}}{{end}}",
			"team.tmpl:2:3: monitoring: <.Timeline>: can't evaluate field Timeline in type *statuspage.PublicIncident (messages see only the public view, statuspage.PublicIncident)"},
		{"syntax", "{{define \"resolved\"}}\n\n{{if .Title}}x{{end}\n{{end}}",
			"team.tmpl:3: bad character U+007D '}'"},
		{"unknown function", "{{define \"resolved\"}}{{email .}}{{end}}",
			"team.tmpl:1: function \"email\" not defined"},
		{"unknown kind", "{{define \"investigatng\"}}x{{end}}",
			"team.tmpl:1:26: investigatng: unknown kind of message; want investigating, identified, monitoring or resolved"},
		{"template call", "{{define \"resolved\"}}\n{{template \"investigating\" .}}{{end}}",
			"team.tmpl:2:12: resolved: {{template}} and {{block}} are not supported: each message is self-contained"},
		{"text outside", "Hello\n{{define \"resolved\"}}x{{end}}",
			"team.tmpl:1:1: text outside {{define}}: the file holds only {{define \"KIND\"}} blocks"},
		{"too big", strings.Repeat(" ", 70<<10),
			"team.tmpl: file is 71680 bytes; the limit is 65536"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := statuspage.ParseTemplates("team.tmpl", []byte(tc.src))
			if !errors.Is(err, statuspage.ErrTemplate) {
				t.Fatalf("ParseTemplates = %v, want ErrTemplate", err)
			}
			if err.Error() != tc.want {
				t.Errorf("ParseTemplates error\n got %s\nwant %s", err, tc.want)
			}
		})
	}
}

// TestMessageNilResolved checks that a template fine at parse time fails
// cleanly, without panicking, on data the sample did not have.
func TestMessageNilResolved(t *testing.T) {
	tpl, err := statuspage.ParseTemplates("team.tmpl", []byte(`{{define "resolved"}}{{.Resolved.Year}}{{end}}`))
	if err != nil {
		t.Fatal(err)
	}
	p, err := statuspage.Build(context.Background(), newFixture(t).st, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tpl.Message("resolved", p.Active[0]); !errors.Is(err, statuspage.ErrTemplate) || !strings.HasPrefix(err.Error(), "team.tmpl:1:") {
		t.Errorf("Message on an open incident = %v, want a positioned ErrTemplate", err)
	}
}

func TestMessageSizeCap(t *testing.T) {
	tpl, err := statuspage.ParseTemplates("team.tmpl", []byte(`{{define "resolved"}}{{.Description}}{{.Description}}{{end}}`))
	if err != nil {
		t.Fatal(err)
	}
	inc := &statuspage.PublicIncident{Description: strings.Repeat("x", 40<<10)}
	if _, err := tpl.Message("resolved", inc); !errors.Is(err, statuspage.ErrTemplate) || !strings.Contains(err.Error(), "message longer than") {
		t.Errorf("Message of 80 KiB = %v, want the size error", err)
	}
}

func TestParseTemplatesOddNames(t *testing.T) {
	for _, file := range []string{"resolved", "", "dir/messages.tmpl", "c:\\x:1"} {
		tpl, err := statuspage.ParseTemplates(file, []byte(`{{define "resolved"}}done{{end}}`))
		if err != nil {
			t.Errorf("ParseTemplates(%q) = %v", file, err)
			continue
		}
		if got, err := tpl.Message("resolved", &statuspage.PublicIncident{}); err != nil || got != "done" {
			t.Errorf("ParseTemplates(%q): Message = %q, %v", file, got, err)
		}
	}
	var zero *statuspage.Templates
	if _, err := zero.Message("resolved", &statuspage.PublicIncident{}); !errors.Is(err, statuspage.ErrTemplate) {
		t.Errorf("nil Templates: Message = %v", err)
	}
	if _, err := new(statuspage.Templates).Message("resolved", &statuspage.PublicIncident{}); !errors.Is(err, statuspage.ErrTemplate) {
		t.Errorf("zero Templates: Message = %v", err)
	}
}
