package statuspage_test

import (
	"context"
	"errors"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
	"github.com/incidentkit/incidentkit/statuspage"
	"github.com/incidentkit/incidentkit/store"
)

func newHandler(t *testing.T, f *fixture, logf func(error)) http.Handler {
	t.Helper()
	return statuspage.Handler(f.st, &statuspage.Options{
		Title: "Example Status", URL: "https://status.example.com/",
		Now: func() time.Time { return now }, ErrorLog: logf,
	})
}

func serve(h http.Handler, method, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec
}

func TestHandlerRoutes(t *testing.T) {
	h := newHandler(t, newFixture(t), func(err error) { t.Errorf("logged: %v", err) })
	for _, tc := range []struct {
		method, target string
		code           int
		contentType    string
		body           string // a substring of the body
	}{
		{"GET", "/", 200, "text/html; charset=utf-8", "<!doctype html>"},
		{"GET", "/?x=1", 200, "text/html; charset=utf-8", "Checkout fails"},
		{"GET", "/feed.atom", 200, "application/atom+xml; charset=utf-8", "<feed xmlns=\"http://www.w3.org/2005/Atom\">"},
		{"GET", "/status.json", 200, "application/json; charset=utf-8", `"status": "major_outage"`},
		{"HEAD", "/", 200, "text/html; charset=utf-8", ""},
		{"HEAD", "/status.json", 200, "application/json; charset=utf-8", ""},
		{"POST", "/", 405, "", ""},
		{"PUT", "/feed.atom", 405, "", ""},
		{"DELETE", "/status.json", 405, "", ""},
		{"OPTIONS", "/", 405, "", ""},
		{"GET", "/index.html", 404, "", ""},
		{"GET", "/style.css", 404, "", ""},
		{"GET", "/../../etc/passwd", 404, "", ""},
		{"GET", "/feed.atom/", 404, "", ""},
		{"GET", "/statuspage.go", 404, "", ""},
		{"POST", "/nope", 404, "", ""},
	} {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			rec := serve(h, tc.method, tc.target)
			if rec.Code != tc.code {
				t.Fatalf("code = %d, want %d", rec.Code, tc.code)
			}
			hd := rec.Header()
			if got := hd.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q", got)
			}
			csp := hd.Get("Content-Security-Policy")
			if !strings.HasPrefix(csp, "default-src 'none'; style-src 'sha256-") || strings.Contains(csp, "script") || strings.Contains(csp, "unsafe") {
				t.Errorf("Content-Security-Policy = %q", csp)
			}
			if tc.code == 405 && hd.Get("Allow") != "GET, HEAD" {
				t.Errorf("Allow = %q", hd.Get("Allow"))
			}
			if tc.code != 200 {
				return
			}
			if got := hd.Get("Content-Type"); got != tc.contentType {
				t.Errorf("Content-Type = %q, want %q", got, tc.contentType)
			}
			if tc.method == "HEAD" {
				if rec.Body.Len() != 0 {
					t.Errorf("HEAD body has %d bytes", rec.Body.Len())
				}
				if hd.Get("Content-Length") == "" || hd.Get("Content-Length") == "0" {
					t.Errorf("HEAD Content-Length = %q", hd.Get("Content-Length"))
				}
				return
			}
			if !strings.Contains(rec.Body.String(), tc.body) {
				t.Errorf("body lacks %q", tc.body)
			}
		})
	}
}

// TestHandlerStyleHash checks that the policy's style hash is the hash of
// the page's stylesheet, or browsers would drop the CSS.
func TestHandlerStyleHash(t *testing.T) {
	rec := serve(newHandler(t, newFixture(t), nil), "GET", "/")
	body := rec.Body.String()
	i, j := strings.Index(body, "<style>"), strings.Index(body, "</style>")
	if i < 0 || j < i {
		t.Fatal("no <style> element")
	}
	css := body[i+len("<style>") : j]
	if !strings.Contains(rec.Header().Get("Content-Security-Policy"), "'"+cspHash(css)+"'") {
		t.Errorf("policy %q does not allow the page's stylesheet (%s)", rec.Header().Get("Content-Security-Policy"), cspHash(css))
	}
	if !strings.Contains(html.UnescapeString(body), "style-src '"+cspHash(css)+"'") {
		t.Error("the meta policy does not allow the page's stylesheet")
	}
}

// TestHandlerRebuilds checks that a change to the store shows on the next
// request without a new handler.
func TestHandlerRebuilds(t *testing.T) {
	f := newFixture(t)
	h := newHandler(t, f, nil)
	if body := serve(h, "GET", "/").Body.String(); strings.Contains(body, "Login broken") {
		t.Fatal("page shows an incident not yet declared")
	}
	f.clk.t = now.Add(-time.Minute)
	if _, err := f.st.Create(context.Background(), incident.Declaration{Title: "Login broken", Severity: "sev2"}, ada); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"/", "/status.json"} {
		if body := serve(h, "GET", target).Body.String(); !strings.Contains(body, "Login broken") {
			t.Errorf("GET %s after a new incident: not shown", target)
		}
	}
}

// failing is a store.Reader whose List fails with err, after returning
// incs.
type failing struct {
	store.Reader
	incs []*incident.Incident
	err  error
}

func (r failing) List(context.Context, store.Filter) ([]*incident.Incident, error) {
	return r.incs, r.err
}
func (r failing) Get(context.Context, string) (*incident.Incident, error) { return nil, r.err }
func (r failing) Postmortem(context.Context, string) (*postmortem.Postmortem, error) {
	return nil, r.err
}
func (r failing) Policy(context.Context) (*severity.Policy, error) { return nil, r.err }

func TestHandlerStoreErrors(t *testing.T) {
	f := newFixture(t)
	incs, err := f.st.List(context.Background(), store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var logged []error
	logf := func(err error) { mu.Lock(); logged = append(logged, err); mu.Unlock() }

	broken := failing{err: errors.New("disk on fire at /srv/secret/path")}
	rec := serve(statuspage.Handler(broken, &statuspage.Options{ErrorLog: logf}), "GET", "/")
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "secret") {
		t.Errorf("failing store: %d %q, want 500 without details", rec.Code, rec.Body.String())
	}
	if len(logged) != 1 || !strings.Contains(logged[0].Error(), "disk on fire") {
		t.Errorf("failing store: logged %v", logged)
	}

	logged = nil
	invalid := failing{incs: incs, err: errors.Join(incident.ErrInvalid, errors.New("incidents/x.yaml:3: title: empty"))}
	rec = serve(statuspage.Handler(invalid, &statuspage.Options{ErrorLog: logf, Now: func() time.Time { return now }}), "GET", "/")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Checkout fails") {
		t.Errorf("store with an invalid incident: %d, want 200 with the valid ones", rec.Code)
	}
	if len(logged) != 1 || !errors.Is(logged[0], incident.ErrInvalid) {
		t.Errorf("store with an invalid incident: logged %v", logged)
	}

	rec = serve(statuspage.Handler(f.st, &statuspage.Options{URL: "ftp://nope", ErrorLog: logf}), "GET", "/")
	if rec.Code != 500 {
		t.Errorf("bad URL option: code %d, want 500", rec.Code)
	}
}

func TestWriteDir(t *testing.T) {
	f := newFixture(t)
	dir := filepath.Join(t.TempDir(), "a", "site")
	opts := &statuspage.Options{Title: "Example Status", URL: "https://status.example.com/", Now: func() time.Time { return now }}
	if err := statuspage.WriteDir(context.Background(), f.st, dir, opts); err != nil {
		t.Fatal(err)
	}
	h := statuspage.Handler(f.st, opts)
	for file, target := range map[string]string{"index.html": "/", "feed.atom": "/feed.atom", "status.json": "/status.json"} {
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if want := serve(h, "GET", target).Body.String(); string(b) != want {
			t.Errorf("%s differs from GET %s", file, target)
		}
		fi, _ := os.Stat(filepath.Join(dir, file))
		if fi.Mode().Perm() != 0o644 {
			t.Errorf("%s mode %v, want 0644", file, fi.Mode().Perm())
		}
	}
	// A second run replaces the files and leaves no temporary files.
	if err := statuspage.WriteDir(context.Background(), f.st, dir, opts); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "feed.atom index.html status.json" {
		t.Errorf("dir holds %v", names)
	}
	// A failing store leaves the old files alone.
	old, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	if err := statuspage.WriteDir(context.Background(), failing{err: errors.New("boom")}, dir, opts); err == nil {
		t.Error("WriteDir with a failing store: no error")
	}
	if cur, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(cur) != string(old) {
		t.Error("WriteDir with a failing store changed index.html")
	}
	// dir is a file: an error, not a panic.
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := statuspage.WriteDir(context.Background(), f.st, file, opts); err == nil {
		t.Error("WriteDir into a file: no error")
	}
}
