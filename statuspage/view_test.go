package statuspage_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentkit/incidentkit/incident"

	"github.com/incidentkit/incidentkit/statuspage"
)

func build(t testing.TB, f *fixture) *statuspage.Page {
	t.Helper()
	p, err := statuspage.Build(context.Background(), f.st, &statuspage.Options{
		Title: "Example Status", URL: "https://status.example.com/",
		Now: func() time.Time { return now }, Components: []string{"web", "payments-api"},
	})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return p
}

// outputs renders p in all three formats.
func outputs(t testing.TB, p *statuspage.Page) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, fn := range map[string]func(*bytes.Buffer) error{
		"HTML": func(b *bytes.Buffer) error { return p.HTML(b) },
		"Atom": func(b *bytes.Buffer) error { return p.Atom(b) },
		"JSON": func(b *bytes.Buffer) error { return p.JSON(b) },
	} {
		var b bytes.Buffer
		if err := fn(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = b.String()
	}
	return out
}

func TestPublicOnly(t *testing.T) {
	f := newFixture(t)
	for name, out := range outputs(t, build(t, f)) {
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("%s output contains internal %q", name, s)
			}
		}
		for _, want := range []string{"Checkout fails", "We are looking into failed payments.", "We found the cause and are rolling back.", "Some card payments fail."} {
			if name == "Atom" && want == "Some card payments fail." {
				continue // the feed carries updates, not descriptions
			}
			if !strings.Contains(out, want) {
				t.Errorf("%s output lacks public %q", name, want)
			}
		}
		for _, hidden := range []string{"Game day", "Not an incident", "Duplicate checkout", "Ancient outage", "drill-only", "declined-only", "merged-only", "legacy"} {
			if strings.Contains(out, hidden) {
				t.Errorf("%s output contains %q, which must not be shown", name, hidden)
			}
		}
	}
}

func TestPublic(t *testing.T) {
	f := newFixture(t)
	inc, err := f.st.Get(context.Background(), f.ids["checkout"])
	if err != nil {
		t.Fatal(err)
	}
	got := statuspage.Public(inc, now)
	decl := now.Add(-2 * time.Hour)
	upd := decl.Add(10 * time.Minute)
	want := &statuspage.PublicIncident{
		ID: f.ids["checkout"], Title: "Checkout fails", Kind: "incident", Status: "identified",
		Impact: "major_outage", Description: "Some card payments fail.",
		Components: []statuspage.Component{{Name: "payments-api", Status: "major_outage"}},
		Started:    decl, Updated: upd.Add(2 * time.Minute),
		Updates: []statuspage.PublicUpdate{
			{ID: got.Updates[0].ID, At: upd.Add(2 * time.Minute), Status: "identified", Message: "We found the cause and are rolling back."},
			{ID: got.Updates[1].ID, At: upd, Status: "identified", Message: "We are looking into failed payments."},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Public mismatch (-want +got):\n%s", diff)
	}
	// As of a moment before the second update, only the first is public.
	if early := statuspage.Public(inc, upd.Add(time.Minute)); len(early.Updates) != 1 {
		t.Errorf("Public as of %v: %d updates, want 1", upd.Add(time.Minute), len(early.Updates))
	}
}

func TestComponents(t *testing.T) {
	p := build(t, newFixture(t))
	want := []statuspage.Component{
		{Name: "web", Status: "operational"},           // listed in Options, no incident
		{Name: "payments-api", Status: "major_outage"}, // checkout (the drill does not count)
		{Name: "cdn", Status: "maintenance"},           // maintenance in progress
		{Name: "database", Status: "operational"},      // maintenance only scheduled
		{Name: "network", Status: "operational"},       // maintenance completed 20 days ago
		{Name: "search", Status: "degraded"},           // active search incident; the past one is over
	}
	if diff := cmp.Diff(want, p.Components); diff != "" {
		t.Errorf("Components mismatch (-want +got):\n%s", diff)
	}
	if p.Status != "major_outage" {
		t.Errorf("Status = %q, want major_outage", p.Status)
	}
}

func TestSections(t *testing.T) {
	f := newFixture(t)
	p := build(t, f)
	ids := func(ps []*statuspage.PublicIncident) []string {
		var s []string
		for _, pi := range ps {
			s = append(s, pi.ID+" "+pi.Status)
		}
		return s
	}
	for _, tc := range []struct {
		name string
		got  []*statuspage.PublicIncident
		want []string
	}{
		{"Active", p.Active, []string{f.ids["search"] + " investigating", f.ids["checkout"] + " identified"}},
		{"Maintenance", p.Maintenance, []string{f.ids["scheduled"] + " scheduled", f.ids["inprogress"] + " in_progress"}},
		{"Past", p.Past, []string{f.ids["recent"] + " resolved", f.ids["maintdone"] + " completed"}},
	} {
		if diff := cmp.Diff(tc.want, ids(tc.got)); diff != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", tc.name, diff)
		}
	}
	for _, pi := range p.Past {
		if pi.Resolved == nil {
			t.Errorf("past %s: no resolved time", pi.ID)
		}
	}
}

func TestWindow(t *testing.T) {
	f := newFixture(t)
	// 89 days after "recent" was resolved it is still listed; 91 days after, not.
	inc, err := f.st.Get(context.Background(), f.ids["recent"])
	if err != nil {
		t.Fatal(err)
	}
	resolved := inc.Milestones.Resolved
	for _, tc := range []struct {
		at   time.Time
		want bool
	}{
		{resolved.Add(statuspage.Window - time.Second), true},
		{resolved.Add(statuspage.Window), true},
		{resolved.Add(statuspage.Window + time.Second), false},
	} {
		p, err := statuspage.Build(context.Background(), f.st, &statuspage.Options{Now: func() time.Time { return tc.at }})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, pi := range p.Past {
			found = found || pi.ID == f.ids["recent"]
		}
		if found != tc.want {
			t.Errorf("Build at resolved+%v: listed = %v, want %v", tc.at.Sub(resolved), found, tc.want)
		}
	}
	// A page built before an incident was declared does not know it.
	p, err := statuspage.Build(context.Background(), f.st, &statuspage.Options{Now: func() time.Time { return now.Add(-150 * time.Minute) }})
	if err != nil {
		t.Fatal(err)
	}
	for _, pi := range p.Active {
		if pi.ID == f.ids["checkout"] || pi.ID == f.ids["search"] {
			t.Errorf("Build before %s was declared lists it", pi.ID)
		}
	}
}

func TestEmptyStoreOperational(t *testing.T) {
	f := &fixture{clk: &clock{now}, ids: map[string]string{}}
	p := build(t, &fixture{st: newEmpty(f)})
	if p.Status != "operational" || len(p.Active)+len(p.Maintenance)+len(p.Past) != 0 {
		t.Errorf("empty store: status %q, %d/%d/%d incidents", p.Status, len(p.Active), len(p.Maintenance), len(p.Past))
	}
	out := outputs(t, p)
	if !strings.Contains(out["HTML"], "All systems operational") {
		t.Error("empty store: HTML lacks 'All systems operational'")
	}
	if !strings.Contains(out["JSON"], `"active": []`) {
		t.Errorf("empty store: JSON lists are not empty arrays:\n%s", out["JSON"])
	}
	checkAtom(t, out["Atom"], 0)
}

// checkAtom parses a feed and checks the parts Atom 1.0 requires.
func checkAtom(t *testing.T, feed string, entries int) {
	t.Helper()
	var f struct {
		XMLName xml.Name
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Author  struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(feed), &f); err != nil {
		t.Fatalf("feed does not parse: %v\n%s", err, feed)
	}
	if f.XMLName.Space != "http://www.w3.org/2005/Atom" || f.XMLName.Local != "feed" {
		t.Errorf("feed root = %v, want Atom feed", f.XMLName)
	}
	if f.ID == "" || f.Title == "" || f.Author.Name == "" {
		t.Errorf("feed lacks id, title or author: %+v", f)
	}
	if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
		t.Errorf("feed updated %q: %v", f.Updated, err)
	}
	if len(f.Entries) != entries {
		t.Errorf("feed has %d entries, want %d", len(f.Entries), entries)
	}
	seen := map[string]bool{}
	for _, e := range f.Entries {
		if seen[e.ID] || !strings.HasPrefix(e.ID, "tag:") {
			t.Errorf("entry id %q repeated or not a tag URI", e.ID)
		}
		seen[e.ID] = true
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil || e.Title == "" {
			t.Errorf("entry %s: title %q, updated %q", e.ID, e.Title, e.Updated)
		}
	}
}

func TestAtom(t *testing.T) {
	f := newFixture(t)
	out := outputs(t, build(t, f))
	// checkout 2, scheduled 1, recent 2 public updates.
	checkAtom(t, out["Atom"], 5)
	again := outputs(t, build(t, f))
	if again["Atom"] != out["Atom"] {
		t.Error("two builds of the same store give different feeds")
	}
	if !strings.Contains(out["Atom"], `href="https://status.example.com/#`+f.ids["checkout"]+`"`) {
		t.Errorf("feed lacks a link to the incident:\n%s", out["Atom"])
	}
}

func TestJSONFields(t *testing.T) {
	out := outputs(t, build(t, newFixture(t)))
	var doc map[string]any
	if err := json.Unmarshal([]byte(out["JSON"]), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"title", "url", "generated_at", "status", "components", "active", "maintenance", "past"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	inc := doc["active"].([]any)[1].(map[string]any)
	var keys []string
	for k := range inc {
		keys = append(keys, k)
	}
	want := []string{"components", "description", "id", "impact", "kind", "started_at", "status", "title", "updated_at", "updates"}
	if diff := cmp.Diff(want, sortStrings(keys)); diff != "" {
		t.Errorf("active incident keys (-want +got):\n%s", diff)
	}
	upd := inc["updates"].([]any)[0].(map[string]any)
	var ukeys []string
	for k := range upd {
		ukeys = append(ukeys, k)
	}
	if diff := cmp.Diff([]string{"at", "id", "message", "status"}, sortStrings(ukeys)); diff != "" {
		t.Errorf("update keys (-want +got):\n%s", diff)
	}
}

func TestBadURL(t *testing.T) {
	f := newFixture(t)
	for _, u := range []string{"ftp://x/", "/relative", "http://user:pw@host/", "javascript:alert(1)"} {
		if _, err := statuspage.Build(context.Background(), f.st, &statuspage.Options{URL: u}); err == nil {
			t.Errorf("Build with URL %q: no error", u)
		}
	}
	p, err := statuspage.Build(context.Background(), f.st, &statuspage.Options{URL: "https://example.com/status"})
	if err != nil || p.URL != "https://example.com/status/" {
		t.Errorf("Build with URL without slash: %v, URL %q", err, p.URL)
	}
}

func TestHTMLStructure(t *testing.T) {
	html := outputs(t, build(t, newFixture(t)))["HTML"]
	for _, want := range []string{
		`<meta name="viewport" content="width=device-width, initial-scale=1">`,
		`<meta http-equiv="Content-Security-Policy"`,
		`href="feed.atom"`, `href="status.json"`,
		`<title>Example Status</title>`,
		`Major outage`, `Scheduled maintenance`, `Past 90 days`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %s", want)
		}
	}
	if strings.Contains(strings.ToLower(html), "<script") {
		t.Error("HTML contains a script element")
	}
}

// TestOutageDuringMaintenance checks the order of component states: an
// outage during maintenance shows as the outage, and the banner follows the
// worst component.
func TestOutageDuringMaintenance(t *testing.T) {
	f := &fixture{clk: &clock{now.Add(-time.Hour)}, ids: map[string]string{}}
	f.st = newEmpty(f)
	f.create(t, "maint", now.Add(-time.Hour), incident.Declaration{
		Title: "DB upgrade", Severity: "sev3", Kind: incident.KindMaintenance, Components: []string{"db", "queue"},
	}, func(inc *incident.Incident, at time.Time) error {
		return inc.SetStatus(incident.StatusInvestigating, "", bob, at)
	})
	p := build(t, f)
	if p.Status != "maintenance" {
		t.Errorf("Status = %q, want maintenance", p.Status)
	}
	f.create(t, "outage", now.Add(-30*time.Minute), incident.Declaration{
		Title: "DB slow", Severity: "sev2", Components: []string{"db"},
	}, func(inc *incident.Incident, at time.Time) error {
		return inc.SetComponent("db", incident.ComponentPartialOutage, bob, at)
	})
	p = build(t, f)
	want := []statuspage.Component{
		{Name: "web", Status: "operational"}, {Name: "payments-api", Status: "operational"},
		{Name: "db", Status: "partial_outage"}, {Name: "queue", Status: "maintenance"},
	}
	if diff := cmp.Diff(want, p.Components); diff != "" {
		t.Errorf("Components mismatch (-want +got):\n%s", diff)
	}
	if html := outputs(t, p)["HTML"]; p.Status != "partial_outage" || !strings.Contains(html, `class="banner s-partial_outage"`) {
		t.Errorf("Status = %q, want partial_outage with its banner", p.Status)
	}
}
