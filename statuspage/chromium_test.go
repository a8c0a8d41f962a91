package statuspage_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/internal/chromium"
	"github.com/incidentkit/incidentkit/statuspage"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
	"github.com/incidentkit/incidentkit/store/memstore"
)

// The payloads of issue 6: each sets data-pwned on <body> if it ever runs.
const (
	scriptPayload = `<script>document.body.setAttribute('data-pwned','1')</script>`
	imgPayload    = `"><img src=x onerror="document.body.setAttribute('data-pwned','1')">`
	internalText  = "SECRET-internal-only-update"
)

// declareHostile declares an incident whose title and public update carry
// the payloads, with an internal update beside them.
func declareHostile(t *testing.T, st store.Store, title string) string {
	t.Helper()
	ctx := context.Background()
	inc, err := st.Create(ctx, incident.Declaration{
		Title: title, Severity: "sev1", Components: []string{"api " + "x"},
	}, ada)
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.Update(ctx, inc.ID, bob, func(inc *incident.Incident, at time.Time) error {
		return all(
			inc.SetImpact(0, 0, "desc "+imgPayload, "", bob, at),
			inc.PostUpdate(incident.AudiencePublic, "update "+scriptPayload+" and "+imgPayload, bob, at),
			inc.PostUpdate(incident.AudienceInternal, internalText, bob, at),
			inc.AddNote(internalText+"-note", bob, at),
		)
	})
	if err != nil {
		t.Fatal(err)
	}
	return inc.ID
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	return string(b)
}

// checkInert checks a DOM dumped by Chromium: the payloads are text, none
// ran, nothing was injected.
func checkInert(t *testing.T, name, dom string) {
	t.Helper()
	// As text the payload reads data-pwned','1'; only a payload that
	// ran leaves an attribute, serialised as data-pwned="1".
	if strings.Contains(dom, `data-pwned="`) {
		t.Errorf("%s: a payload ran:\n%s", name, dom)
	}
	body := dom
	if i := strings.Index(dom, "<body"); i >= 0 {
		body = dom[i:]
	}
	if j := strings.Index(body, ">"); j >= 0 && strings.Contains(body[:j], "data-pwned") {
		t.Errorf("%s: <body> has data-pwned: %s", name, body[:j+1])
	}
	for _, injected := range []string{"<img", "<script"} {
		if strings.Contains(strings.ToLower(dom), injected) {
			t.Errorf("%s: DOM has an injected %s element:\n%s", name, injected, dom)
		}
	}
	if strings.Contains(dom, internalText) {
		t.Errorf("%s: internal update shown", name)
	}
}

func TestChromiumMemstore(t *testing.T) {
	chromium.Find(t)
	clk := &clock{now.Add(-time.Hour)}
	st := memstore.New(&memstore.Options{Now: clk.now})
	id := declareHostile(t, st, "title "+scriptPayload+imgPayload)
	srv := httptest.NewServer(statuspage.Handler(st, &statuspage.Options{Title: "Status " + scriptPayload}))
	defer srv.Close()

	dom := chromium.DumpDOM(t, srv.URL+"/")
	checkInert(t, "index", dom)
	for _, want := range []string{
		// The payloads as text: the serialiser escapes <, > and & in text.
		"title &lt;script&gt;document.body.setAttribute('data-pwned','1')&lt;/script&gt;\"&gt;&lt;img src=x onerror=\"document.body.setAttribute('data-pwned','1')\"&gt;",
		"update &lt;script&gt;",
		"&lt;img src=x onerror=",
		`id="` + id + `"`,
		"Major outage", "api x",
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("index DOM lacks %s:\n%s", want, dom)
		}
	}
	// The feed and the JSON are not pages a browser runs (Chromium shows
	// them as text); check what they carry.
	for _, path := range []string{"/feed.atom", "/status.json"} {
		raw := get(t, srv.URL+path)
		if strings.Contains(raw, internalText) || strings.Contains(raw, "<script") || strings.Contains(raw, "<img") {
			t.Errorf("GET %s: internal text or raw markup:\n%s", path, raw)
		}
	}
	if raw := get(t, srv.URL+"/"); strings.Contains(raw, internalText) {
		t.Error("GET /: internal update in the HTML")
	}
}

// TestChromiumGitstore serves a Git repository and commits after the
// server started: the next request shows the commit.
func TestChromiumGitstore(t *testing.T) {
	chromium.Find(t)
	clk := &clock{now.Add(-time.Hour)}
	st, err := gitstore.Init(filepath.Join(t.TempDir(), "repo.git"), &gitstore.Options{Now: clk.now, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	declareHostile(t, st, "first "+imgPayload)
	srv := httptest.NewServer(statuspage.Handler(st, nil))
	defer srv.Close()

	dom := chromium.DumpDOM(t, srv.URL+"/")
	checkInert(t, "before", dom)
	if !strings.Contains(dom, "first \"&gt;&lt;img") || strings.Contains(dom, "second ") {
		t.Fatalf("before the second commit, DOM:\n%s", dom)
	}
	clk.t = clk.t.Add(time.Minute)
	id := declareHostile(t, st, "second "+scriptPayload)
	dom = chromium.DumpDOM(t, srv.URL+"/")
	checkInert(t, "after", dom)
	if !strings.Contains(dom, "second &lt;script&gt;") || !strings.Contains(dom, `id="`+id+`"`) {
		t.Errorf("after the second commit the page does not show it:\n%s", dom)
	}
	if raw := get(t, srv.URL+"/status.json"); !strings.Contains(raw, id) || strings.Contains(raw, internalText) {
		t.Errorf("status.json after the commit:\n%s", raw)
	}
}
