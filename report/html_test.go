package report_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/internal/chromium"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/report"
	"github.com/incidentkit/incidentkit/store/memstore"
)

// payload would mark the page if it ran: a script element, and an
// attribute break-out into an image whose error handler runs.
const payload = `<script>document.body.setAttribute('data-pwned','1')</script>` +
	`"><img src=x onerror="document.body.setAttribute('data-pwned','1')">`

// hostileReport builds a report where every text from the records that the
// HTML shows carries payload: the incident title, an action item's title
// and owner, and a level's title in the policy (shown in the severity
// chart's SVG title and in the table).
func hostileReport(t *testing.T) *report.Report {
	t.Helper()
	w := &world{t: t, ctx: context.Background(), pol: testPolicy()}
	w.pol.Levels[0].Title = "Critical " + payload
	w.s = memstore.New(&memstore.Options{Now: w.now, Policy: w.pol})
	id := w.declare("2026-10-05T10:00", incident.Declaration{Title: "Checkout " + payload, Severity: "sev1"}).ID
	w.status(id, "2026-10-05T11:00", incident.StatusResolved)
	w.postmortem(id, "2026-10-06T10:00", func(pm *postmortem.Postmortem) {
		pm.ActionItems = []postmortem.ActionItem{{ID: "A1", Title: "Fix " + payload, Owner: "@x" + `"><img>`,
			Due: day("2026-11-01"), Status: postmortem.ActionOpen}}
	})
	w.clk = reportNow
	rep, err := report.Build(context.Background(), w.s, reportNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Overdue) != 1 || !strings.Contains(rep.Overdue[0].Action, "<script>") {
		t.Fatalf("the action item did not keep its title: %+v", rep.Overdue)
	}
	return rep
}

// TestHTMLEscapes reads the page with an HTML tokenizer, as a browser
// would: no script or img element and no event handler may appear, and the
// payloads must be there as text, in the HTML and in the SVG.
func TestHTMLEscapes(t *testing.T) {
	rep := hostileReport(t)
	var b bytes.Buffer
	if err := rep.HTML(&b); err != nil {
		t.Fatal(err)
	}
	z := html.NewTokenizer(bytes.NewReader(b.Bytes()))
	var text strings.Builder
	var svgTitles []string
	inSVG, inTitle := 0, false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			switch tok.Data {
			case "script", "img", "iframe", "object", "embed", "foreignobject", "a", "link":
				t.Errorf("element <%s> in the page", tok.Data)
			case "svg":
				inSVG++
			case "title":
				inTitle = true
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") || a.Key == "style" || a.Key == "href" {
					t.Errorf("attribute %s=%q on <%s>", a.Key, a.Val, tok.Data)
				}
			}
		case html.EndTagToken:
			switch tok.Data {
			case "svg":
				inSVG--
			case "title":
				inTitle = false
			}
		case html.TextToken:
			text.WriteString(tok.Data)
			if inSVG > 0 && inTitle {
				svgTitles = append(svgTitles, tok.Data)
			}
		}
	}
	for _, want := range []string{"Checkout " + payload, "Fix " + payload, "Critical " + payload, `@x"><img>`} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("page text lacks %q", want)
		}
	}
	if !containsAny(svgTitles, "Critical "+payload) {
		t.Errorf("no SVG title carries the level title as text; SVG titles: %q", svgTitles)
	}

	t.Run("chromium", func(t *testing.T) {
		dom := chromium.DumpHTML(t, b.Bytes())
		if strings.Contains(dom, `data-pwned="1"`) {
			t.Errorf("a payload ran: the body carries data-pwned")
		}
		for _, tag := range []string{"<script", "<img"} {
			if strings.Contains(dom, tag) {
				t.Errorf("the DOM has a %s element", tag)
			}
		}
		if !strings.Contains(dom, "Checkout &lt;script&gt;") {
			t.Errorf("the DOM does not show the title as text")
		}
	})
}

func containsAny(ss []string, sub string) bool {
	for _, s := range ss {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// TestTextQuotes checks that the text report keeps control characters
// from the records off the terminal.
func TestTextQuotes(t *testing.T) {
	rep := &report.Report{
		Now:     reportNow,
		Overdue: []report.OverdueItem{{IncidentID: "INC-1", Action: "beep\x1b[31m", Owners: []string{"@a\x1b]0;x\x07"}, Due: reportNow, Late: time.Hour}},
	}
	var b bytes.Buffer
	if err := rep.Text(&b); err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsAny(b.Bytes(), "\x1b\x07") {
		t.Errorf("text output carries control characters:\n%q", b.String())
	}
}

// TestMonthGaps reports on incidents of August and November: the months
// between get empty rows, the trend lines break there, and a 50-day
// resolution stretches the time axis to 80 days in 20-day steps.
func TestMonthGaps(t *testing.T) {
	w := newMemWorld(t)
	aug := w.declare("2026-08-03T10:00", incident.Declaration{Title: "Slow", Severity: "sev3"}).ID
	w.status(aug, "2026-09-22T10:00", incident.StatusResolved) // 50 days
	nov := w.declare("2026-11-03T10:00", incident.Declaration{Title: "Down", Severity: "sev3"}).ID
	w.status(nov, "2026-11-03T12:00", incident.StatusResolved)
	rep, err := report.Build(context.Background(), w.s, reportNow)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, r := range rep.Months {
		keys = append(keys, r.Key+":"+strconv.Itoa(r.Declared))
	}
	if got, want := strings.Join(keys, " "), "2026-08:1 2026-09:0 2026-10:0 2026-11:1"; got != want {
		t.Errorf("months %s, want %s", got, want)
	}
	var b bytes.Buffer
	if err := rep.HTML(&b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if n := strings.Count(page, `<polyline class="p50"`); n != 2 {
		t.Errorf("%d P50 polylines, want 2 (the gap breaks the line)", n)
	}
	for _, label := range []string{">80d<", ">60d<", ">20d<", ">0s<"} {
		if !strings.Contains(page, label) {
			t.Errorf("time axis lacks %s", label)
		}
	}
}
