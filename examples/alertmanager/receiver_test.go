package main

import (
	"bytes"
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/memstore"
)

const testToken = "s3cret-token-for-tests-0123456789"

// testConfig is the configuration the in-process tests use.
func testConfig() *config {
	return &config{
		as:              incident.Person{Name: "Alertmanager", Email: "alertmanager@localhost"},
		token:           testToken,
		severityLabel:   "severity",
		severityMap:     map[string]string{"critical": "sev1", "warning": "sev2", "info": "sev3"},
		componentLabels: []string{"service", "component"},
		maxBody:         1 << 20,
		writeTimeout:    10 * time.Second,
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// fixture is a receiver on a memstore with a clock that moves a minute per
// write.
type fixture struct {
	st        *memstore.Store
	rc        *receiver
	out, errs *syncBuffer
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	var mu sync.Mutex
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Minute)
		return now
	}
	f := &fixture{st: memstore.New(&memstore.Options{Now: clock}), out: &syncBuffer{}, errs: &syncBuffer{}}
	f.rc = newReceiver(f.st, testConfig(), log.New(f.out, "", 0), log.New(f.errs, "", 0))
	return f
}

// request makes a request with the test token and JSON content type; opts
// change it.
func request(t testing.TB, method, target string, body []byte, opts ...func(*http.Request)) *http.Request {
	t.Helper()
	r := httptest.NewRequest(method, target, bytes.NewReader(body))
	r.Header.Set("Authorization", "Bearer "+testToken)
	r.Header.Set("Content-Type", "application/json")
	for _, o := range opts {
		o(r)
	}
	return r
}

func testdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// post sends a payload file to the receiver and returns the answer.
func (f *fixture) post(t *testing.T, file string, opts ...func(*http.Request)) (int, string) {
	t.Helper()
	w := httptest.NewRecorder()
	f.rc.ServeHTTP(w, request(t, http.MethodPost, path, testdata(t, file), opts...))
	return w.Code, w.Body.String()
}

// all returns every incident in the store.
func (f *fixture) all(t *testing.T) []*incident.Incident {
	t.Helper()
	incs, err := f.st.List(context.Background(), store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return incs
}

// get returns the incident with the given ID.
func (f *fixture) get(t *testing.T, id string) *incident.Incident {
	t.Helper()
	inc, err := f.st.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

func expect(t *testing.T, code int, body string, wantCode int, wantBody string) {
	t.Helper()
	if code != wantCode || !strings.Contains(body, wantBody) {
		t.Fatalf("answer %d %q, want %d with %q", code, body, wantCode, wantBody)
	}
}

// TestLifecycle follows one group from firing to resolved.
func TestLifecycle(t *testing.T) {
	f := newFixture(t)
	code, body := f.post(t, "firing.json")
	expect(t, code, body, 200, "INC-2026-0001 opened (triage)")
	incs := f.all(t)
	if len(incs) != 1 {
		t.Fatalf("%d incidents, want 1", len(incs))
	}
	inc := incs[0]
	label := groupLabel(`{}:{alertname="CheckoutHighErrorRate"}`)
	if inc.Title != "Checkout returns 5xx for 23% of requests" || inc.Severity != "sev1" ||
		!slices.Equal(inc.Labels, []string{"alertmanager", label}) ||
		len(inc.Impact.Components) != 1 || inc.Impact.Components[0] != (incident.Component{Name: "checkout", Status: incident.ComponentMajorOutage}) ||
		!inc.Milestones.Detected.Equal(time.Date(2026, 11, 27, 11, 58, 30, 0, time.UTC)) ||
		!strings.Contains(inc.Summary, `group {}:{alertname="CheckoutHighErrorRate"}`) {
		t.Errorf("incident = %+v", inc)
	}
	if len(inc.Links) != 1 || inc.Links[0].Kind != incident.LinkAlert || inc.Links[0].Target != "3f1c2a9b8d7e6f50" ||
		!strings.HasPrefix(inc.Links[0].Title, `CheckoutHighErrorRate {instance="checkout-7d9f:8080"`) {
		t.Errorf("links = %+v", inc.Links)
	}

	code, body = f.post(t, "firing.json")
	expect(t, code, body, 200, "INC-2026-0001 updated (triage)")
	code, body = f.post(t, "resolved.json")
	expect(t, code, body, 200, "INC-2026-0001 updated (monitoring)")
	code, body = f.post(t, "resolved.json")
	expect(t, code, body, 200, "INC-2026-0001 updated (monitoring)")

	incs = f.all(t)
	if len(incs) != 1 {
		t.Fatalf("%d incidents, want 1", len(incs))
	}
	inc = incs[0]
	var notes []string
	for _, e := range inc.Timeline {
		if e.Kind == incident.EventNote {
			notes = append(notes, e.Text)
		}
	}
	want := []string{
		"Alertmanager: group firing, 1 of 1 alerts firing",
		"Alertmanager: group resolved, 0 of 1 alerts firing\n- resolved CheckoutHighErrorRate",
		"Alertmanager: group resolved, 0 of 1 alerts firing\n- resolved CheckoutHighErrorRate",
	}
	if len(notes) != len(want) {
		t.Fatalf("notes = %q, want %d", notes, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(notes[i], want[i]) {
			t.Errorf("note %d = %q, want it to start with %q", i, notes[i], want[i])
		}
	}
	if inc.Status != incident.StatusMonitoring || inc.Milestones.Mitigated.IsZero() {
		t.Errorf("status %s, mitigated %v; want monitoring", inc.Status, inc.Milestones.Mitigated)
	}

	// People resolve it; Alertmanager's repeated resolved notification
	// then finds no open incident and writes nothing; the group firing
	// again opens a new incident.
	if _, err := f.st.Update(context.Background(), inc.ID, incident.Person{Name: "Bo"}, func(inc *incident.Incident, at time.Time) error {
		return inc.SetStatus(incident.StatusResolved, "fixed", incident.Person{Name: "Bo"}, at)
	}); err != nil {
		t.Fatal(err)
	}
	code, body = f.post(t, "resolved.json")
	expect(t, code, body, 200, "ignored: no open incident for this group")
	if got := len(f.all(t)[0].Timeline); got != len(inc.Timeline)+1 {
		t.Errorf("ignored notification changed the incident: %d events, want %d", got, len(inc.Timeline)+1)
	}
	code, body = f.post(t, "firing.json")
	expect(t, code, body, 200, "INC-2026-0002 opened (triage)")
	if out := f.out.String(); !strings.Contains(out, "INC-2026-0001 opened (triage) for group {}:{alertname=\"CheckoutHighErrorRate\"}: 1 alerts firing") ||
		!strings.Contains(out, "nothing recorded") {
		t.Errorf("log:\n%s", out)
	}
}

// TestGrouped sends a group of three alerts, then the group with one
// resolved, one new, and two left out by Alertmanager.
func TestGrouped(t *testing.T) {
	f := newFixture(t)
	code, body := f.post(t, "grouped.json")
	expect(t, code, body, 200, "INC-2026-0001 opened (triage)")
	inc := f.all(t)[0]
	if inc.Title != "PaymentsLatencyHigh" || inc.Severity != "sev1" || len(inc.Links) != 3 {
		t.Errorf("incident: title %q severity %s links %d", inc.Title, inc.Severity, len(inc.Links))
	}
	var comps []string
	for _, c := range inc.Impact.Components {
		comps = append(comps, c.Name)
	}
	if !slices.Equal(comps, []string{"ledger", "payments-api"}) {
		t.Errorf("components = %q", comps)
	}
	code, body = f.post(t, "grouped_more.json")
	expect(t, code, body, 200, "INC-2026-0001 updated (triage)")
	inc = f.all(t)[0]
	if len(inc.Links) != 4 || inc.Links[3].Target != "feedfacecafe0042" {
		t.Errorf("links = %+v", inc.Links)
	}
	if _, ok := inc.Impact.Component("payments-db"); !ok {
		t.Errorf("components = %+v, want payments-db added", inc.Impact.Components)
	}
	last, _ := inc.LastEvent()
	for _, s := range []string{
		"Alertmanager: group firing, 3 of 4 alerts firing (1 new), 2 more left out by Alertmanager (max_alerts)",
		"\n- resolved PaymentsLatencyHigh {instance=\"10.0.4.20:9100\"",
		"\n- firing PaymentsLatencyHigh {instance=\"10.0.5.30:9100\"",
	} {
		if !strings.Contains(last.Text, s) {
			t.Errorf("note %q lacks %q", last.Text, s)
		}
	}
}

// TestSeverity maps severity labels, with the least severe level for
// anything unknown.
func TestSeverity(t *testing.T) {
	in := newFixture(t).rc.intake
	pol, err := in.st.Policy(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		labels []string // one severity label value per alert; "-" for none
		want   string
	}{
		{[]string{"critical"}, "sev1"},
		{[]string{"CRITICAL"}, "sev1"},
		{[]string{"warning"}, "sev2"},
		{[]string{"info"}, "sev3"},
		{[]string{"page-me"}, "sev3"},
		{[]string{"-"}, "sev3"},
		{[]string{"info", "critical", "warning"}, "sev1"},
	} {
		p := &payload{}
		for _, l := range tt.labels {
			a := alert{Labels: map[string]string{}}
			if l != "-" {
				a.Labels["severity"] = l
			}
			p.Alerts = append(p.Alerts, a)
		}
		if got := in.level(pol, p); got != tt.want {
			t.Errorf("level(%q) = %s, want %s", tt.labels, got, tt.want)
		}
	}
}

// TestRejected sends requests the receiver must refuse, and checks that
// nothing was written.
func TestRejected(t *testing.T) {
	f := newFixture(t)
	firing := testdata(t, "firing.json")
	big := append(bytes.Repeat([]byte(" "), 1<<20), firing...)
	tests := []struct {
		name     string
		r        *http.Request
		code     int
		body     string
		wantAuth bool
	}{
		{"wrong path", request(t, "POST", "/", firing), 404, "not found", false},
		{"file path", request(t, "GET", "/../../etc/passwd", nil), 404, "not found", false},
		{"sub path", request(t, "POST", "/alertmanager/x", firing), 404, "not found", false},
		{"get", request(t, "GET", path, nil), 405, "method not allowed", false},
		{"put", request(t, "PUT", path, firing), 405, "method not allowed", false},
		{"missing token", request(t, "POST", path, firing, func(r *http.Request) { r.Header.Del("Authorization") }), 401, "unauthorized", true},
		{"basic auth", request(t, "POST", path, firing, func(r *http.Request) { r.SetBasicAuth("u", testToken) }), 401, "unauthorized", true},
		{"empty bearer", request(t, "POST", path, firing, func(r *http.Request) { r.Header.Set("Authorization", "Bearer ") }), 401, "unauthorized", true},
		{"wrong token", request(t, "POST", path, firing, func(r *http.Request) { r.Header.Set("Authorization", "Bearer nope-"+testToken) }), 403, "forbidden: wrong token", false},
		{"token prefix", request(t, "POST", path, firing, func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+testToken[:10]) }), 403, "forbidden", false},
		{"no content type", request(t, "POST", path, firing, func(r *http.Request) { r.Header.Del("Content-Type") }), 415, "want Content-Type: application/json", false},
		{"text", request(t, "POST", path, firing, func(r *http.Request) { r.Header.Set("Content-Type", "text/plain") }), 415, "unsupported media type", false},
		{"latin1", request(t, "POST", path, firing, func(r *http.Request) { r.Header.Set("Content-Type", "application/json; charset=latin1") }), 415, "charset", false},
		{"oversized", request(t, "POST", path, big), 413, "over the limit of 1048576", false},
		{"oversized unknown length", request(t, "POST", path, big, func(r *http.Request) { r.ContentLength = -1 }), 413, "over the limit", false},
		{"malformed", request(t, "POST", path, testdata(t, "malformed.json")), 400, "bad payload: unexpected end of JSON", false},
		{"wrong types", request(t, "POST", path, testdata(t, "wrong_types.json")), 400, "bad payload: alerts[0].startsAt: want a string, got a number", false},
		{"wrong version", request(t, "POST", path, testdata(t, "wrong_version.json")), 400, `bad payload: version: want "4", got "3"`, false},
		{"trailing", request(t, "POST", path, testdata(t, "trailing.json")), 400, "data after the JSON object", false},
		{"duplicate key", request(t, "POST", path, testdata(t, "duplicate_key.json")), 400, "duplicate key", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			f.rc.ServeHTTP(w, tt.r)
			expect(t, w.Code, w.Body.String(), tt.code, tt.body)
			if got := w.Header().Get("WWW-Authenticate") != ""; got != tt.wantAuth {
				t.Errorf("WWW-Authenticate %q", w.Header().Get("WWW-Authenticate"))
			}
			if strings.Contains(w.Body.String(), testToken[:8]) {
				t.Errorf("answer leaks the token: %q", w.Body.String())
			}
		})
	}
	if n := len(f.all(t)); n != 0 {
		t.Errorf("%d incidents after rejected requests, want 0", n)
	}
	if strings.Contains(f.errs.String(), testToken[:8]) {
		t.Errorf("log leaks the token:\n%s", f.errs.String())
	}
}

// TestConcurrentFirst delivers the first notification of a group many
// times at once: one incident, every delivery recorded on it.
func TestConcurrentFirst(t *testing.T) {
	f := newFixture(t)
	f.rc.intake.st = yieldingStore{f.st}
	const n = 16
	body := testdata(t, "grouped.json")
	var wg sync.WaitGroup
	start := make(chan struct{})
	codes := make([]int, n)
	for i := range n {
		r := request(t, http.MethodPost, path, body)
		wg.Go(func() {
			<-start
			w := httptest.NewRecorder()
			f.rc.ServeHTTP(w, r)
			codes[i] = w.Code
		})
	}
	close(start)
	wg.Wait()
	for i, c := range codes {
		if c != 200 {
			t.Errorf("delivery %d: %d", i, c)
		}
	}
	incs := f.all(t)
	if len(incs) != 1 {
		t.Fatalf("%d incidents, want 1", len(incs))
	}
	notes := 0
	for _, e := range incs[0].Timeline {
		if e.Kind == incident.EventNote {
			notes++
		}
	}
	if notes != n-1 {
		t.Errorf("%d notes, want %d", notes, n-1)
	}
}

// yieldingStore lets other goroutines run between the lookup of a group's
// incident and its creation, where a receiver without its lock would let
// two deliveries both find nothing and both declare.
type yieldingStore struct{ *memstore.Store }

func (s yieldingStore) List(ctx context.Context, f store.Filter) ([]*incident.Incident, error) {
	incs, err := s.Store.List(ctx, f)
	for range 100 {
		runtime.Gosched()
	}
	return incs, err
}

// TestRestart finds the group's incident through the store with a new
// receiver, as after a restart.
func TestRestart(t *testing.T) {
	f := newFixture(t)
	code, body := f.post(t, "firing.json")
	expect(t, code, body, 200, "INC-2026-0001 opened")
	f.rc = newReceiver(f.st, testConfig(), log.New(io.Discard, "", 0), log.New(io.Discard, "", 0))
	code, body = f.post(t, "resolved.json")
	expect(t, code, body, 200, "INC-2026-0001 updated (monitoring)")
	if n := len(f.all(t)); n != 1 {
		t.Errorf("%d incidents, want 1", n)
	}
}
