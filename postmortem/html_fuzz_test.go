package postmortem_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/internal/hostile"
	"github.com/incidentkit/incidentkit/postmortem"
)

// FuzzRenderHTML checks that RenderHTML never lets active content through,
// whatever the post-mortem's fields hold: no <script> (or any element that
// runs or embeds code), no on*= event handler, no javascript:, vbscript: or
// non-image data: URL, read with an HTML tokenizer as a browser reads the
// page. The fields are set directly, not through Parse, so they carry what
// an API caller could put there, and the seeds are the hostile corpus of
// internal/hostile as well as this package's test files.
func FuzzRenderHTML(f *testing.F) {
	for _, pattern := range []string{"testdata/*/*.md", "../internal/hostile/testdata/corpus/postmortem/*.md", "../internal/hostile/testdata/corpus/frontmatter/*.md"} {
		files, _ := filepath.Glob(pattern)
		for _, name := range files {
			if data, err := os.ReadFile(name); err == nil && len(data) < 4096 {
				f.Add(string(data), "Alice <a@example.com>", "A1 fix it")
			}
		}
	}
	for _, s := range []string{
		"<script>document.body.setAttribute('data-pwned','1')</script>",
		"\"><img src=x onerror=alert(1)>",
		"[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](java&#x09;script:alert(1)) <javascript:alert(1)>",
		"![i](data:text/html;base64,PHNjcmlwdD4=) [d](data:image/svg+xml,<svg onload=alert(1)>) [v](vbscript:msgbox)",
		"<div onclick=\"x()\">raw</div>\n\n<iframe src=//evil></iframe>\n<style>body{}</style>",
		"[ref]\n\n[ref]: javascript:alert(1) \"t\"",
		"<a href=\"javascript:alert(1)\">a</a> <img src=\"x\" onerror=\"alert(1)\">",
		"`<script>` and ```\n<script>\n```",
	} {
		f.Add(s, s, s)
	}
	f.Fuzz(func(t *testing.T, text, name, item string) {
		if len(text)+len(name)+len(item) > postmortem.MaxSize {
			return
		}
		pm := &postmortem.Postmortem{
			IncidentID: "INC-2026-0001",
			Title:      strings.ReplaceAll(name, "\n", " "),
			Status:     postmortem.StatusDraft,
			Authors:    []incident.Person{{Name: name, Email: "a@example.com"}},
			Reviewers:  []postmortem.Reviewer{{Person: incident.Person{Name: item}}},
			Created:    time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC),
			Waiver:     name,
			Intro:      text,
			Summary:    text,
			Impact:     item,
			Other:      []postmortem.Section{{Title: name, Body: text}},
			ActionItems: []postmortem.ActionItem{{
				ID: "A1", Title: item, Owner: name, Link: item, Notes: text,
				Type: postmortem.ActionPrevent, Priority: postmortem.P2, Status: postmortem.ActionOpen,
			}},
		}
		out, err := postmortem.RenderHTML(pm)
		if err != nil {
			t.Fatalf("RenderHTML: %v", err)
		}
		if bad := hostile.ActiveContent(out); bad != "" {
			t.Fatalf("RenderHTML output holds %s\nfields: %q %q %q\nhtml:\n%s", bad, text, name, item, out)
		}
	})
}
