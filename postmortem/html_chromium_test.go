package postmortem_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/internal/chromium"
	"github.com/incidentkit/incidentkit/internal/hostile"
	"github.com/incidentkit/incidentkit/postmortem"
)

// hostilePostmortem is a post-mortem whose Markdown carries the usual
// payloads: a script, attribute break-outs, script URLs, raw HTML blocks
// and inline HTML. Each payload that ran would set data-pwned on <body>.
const hostilePostmortem = `---
incident: INC-2026-0001
title: "<script>document.body.setAttribute('data-pwned','title')</script>"
status: draft
waiver: "\"><svg onload=\"document.body.setAttribute('data-pwned','waiver')\">"
---

# <script>document.body.setAttribute('data-pwned','title')</script>

<script>document.body.setAttribute('data-pwned','intro')</script>

## Summary

"><img src=x onerror="document.body.setAttribute('data-pwned','summary')">

[click](javascript:document.body.setAttribute('data-pwned','link'))
[upper](JAVASCRIPT:document.body.setAttribute('data-pwned','upper'))
[entity](java&#x09;script:document.body.setAttribute('data-pwned','entity'))
![img](x" onerror="document.body.setAttribute('data-pwned','img-title'))
[ref][r] and <javascript:document.body.setAttribute('data-pwned','autolink')>

[r]: javascript:document.body.setAttribute('data-pwned','ref')

## Impact

<div id="injected" onmouseover="document.body.setAttribute('data-pwned','div')">raw block</div>

<iframe id="injected-frame" src="data:text/html,<script>parent.document.body.setAttribute('data-pwned','iframe')</script>"></iframe>

Inline <img id="injected-img" src=x onerror="document.body.setAttribute('data-pwned','inline')"> and
<svg id="injected-svg" onload="document.body.setAttribute('data-pwned','svg')"></svg> text.

<style>body { background: url("javascript:x") }</style>

## Action items

- [ ] <img src=x onerror="document.body.setAttribute('data-pwned','item')"> (owner: @a, due: 2026-12-01)
`

// TestRenderHTMLInChromium renders the hostile post-mortem, serves it on
// 127.0.0.1 and loads it in headless Chromium: no payload ran (no
// data-pwned on <body>), no injected element exists, and the page's own
// script did run, so the browser ran scripts at all.
func TestRenderHTMLInChromium(t *testing.T) {
	chromium.Find(t)
	pm, err := postmortem.Parse("postmortem.md", []byte(hostilePostmortem))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	// Fields an API caller sets directly never went through Parse (which
	// refuses "<" and ">" in a person's name).
	pm.Authors = append(pm.Authors, incident.Person{Name: "\"><img src=x onerror=\"document.body.setAttribute('data-pwned','author')\">"})
	pm.Reviewers = append(pm.Reviewers, postmortem.Reviewer{Person: incident.Person{Name: "</dd><script>document.body.setAttribute('data-pwned','reviewer')</script>"}})
	fragment, err := postmortem.RenderHTML(pm)
	if err != nil {
		t.Fatalf("RenderHTML: %v", err)
	}
	page := "<!doctype html><html><head><meta charset=\"utf-8\"><title>post-mortem</title></head><body>\n" +
		string(fragment) +
		"<script>document.body.setAttribute('data-control','ran')</script>\n</body></html>\n"
	dom := chromium.DumpHTML(t, []byte(page))
	z := html.NewTokenizer(strings.NewReader(dom))
	scripts := 0
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if tok.Data == "script" {
			scripts++
		}
		for _, a := range tok.Attr {
			switch {
			case tok.Data == "body" && a.Key == "data-pwned":
				t.Errorf("a payload ran: <body data-pwned=%q>", a.Val)
			case a.Key == "id" && strings.HasPrefix(a.Val, "injected"):
				t.Errorf("an injected element exists: <%s id=%q>", tok.Data, a.Val)
			}
		}
	}
	if !strings.Contains(dom, `data-control="ran"`) {
		t.Fatalf("the page's own script did not run: the check would prove nothing\n%s", dom)
	}
	if scripts != 1 {
		t.Errorf("the DOM holds %d <script> elements, want only the page's own", scripts)
	}
	// The post-mortem itself, as the browser holds it, has no active
	// content at all.
	start, end := strings.Index(dom, "<article"), strings.LastIndex(dom, "</article>")
	if start < 0 || end < start {
		t.Fatalf("no <article> in the DOM:\n%s", dom)
	}
	if bad := hostile.ActiveContent([]byte(dom[start:end])); bad != "" {
		t.Errorf("the post-mortem in the DOM holds %s:\n%s", bad, dom[start:end])
	}
	// The text is kept, escaped, for people to read.
	if !strings.Contains(dom, "&lt;/dd&gt;&lt;script&gt;") {
		t.Errorf("the reviewer's text was lost instead of escaped:\n%s", dom)
	}
	if t.Failed() {
		t.Logf("DOM:\n%s", dom)
	}
}
