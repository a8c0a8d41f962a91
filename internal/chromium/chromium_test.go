package chromium_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/internal/chromium"
)

// TestDumpDOMRunsScripts checks that the helper can tell a page whose
// payload ran from one whose payload is inert: the first page's script and
// onerror handler must have changed the DOM it returns.
func TestDumpDOMRunsScripts(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/live", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><html><body><p id="p">x</p>` +
			`<script>document.body.setAttribute('data-script','1')</script>` +
			`<img src="missing.png" onerror="document.body.setAttribute('data-onerror','1')">` +
			`</body></html>`))
	})
	mux.HandleFunc("/inert", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><html><body><p>&lt;script&gt;document.body.setAttribute('data-script','1')&lt;/script&gt;</p></body></html>`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	live := chromium.DumpDOM(t, srv.URL+"/live")
	for _, want := range []string{`data-script="1"`, `data-onerror="1"`, `id="p"`} {
		if !strings.Contains(live, want) {
			t.Errorf("DumpDOM(/live) lacks %s; DOM:\n%s", want, live)
		}
	}
	inert := chromium.DumpDOM(t, srv.URL+"/inert")
	if strings.Contains(inert, "data-script=") {
		t.Errorf("DumpDOM(/inert): escaped script ran; DOM:\n%s", inert)
	}
	if !strings.Contains(inert, "&lt;script&gt;") {
		t.Errorf("DumpDOM(/inert): escaped text lost; DOM:\n%s", inert)
	}
}

func TestRunTimeout(t *testing.T) {
	bin := chromium.Find(t)
	// A server that never answers: the run must end with the context.
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-block
	}))
	defer srv.Close()
	defer close(block)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := chromium.Run(ctx, bin, srv.URL, t.TempDir(), nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Run on a hanging server = %v, want context.DeadlineExceeded", err)
	}
}

func TestArgs(t *testing.T) {
	args := chromium.Args("http://127.0.0.1:1/", "/tmp/p", &chromium.Options{VirtualTimeBudget: 500})
	got := strings.Join(args, " ")
	for _, want := range []string{"--headless", "--no-sandbox", "--user-data-dir=/tmp/p", "--virtual-time-budget=500", "--dump-dom"} {
		if !strings.Contains(got, want) {
			t.Errorf("Args = %s, lacks %s", got, want)
		}
	}
	if args[len(args)-1] != "http://127.0.0.1:1/" {
		t.Errorf("Args: URL %q is not last", args[len(args)-1])
	}
}

func TestDumpHTML(t *testing.T) {
	dom := chromium.DumpHTML(t, []byte(`<!doctype html><title>t</title><p>&lt;img src=x onerror=&quot;document.body.setAttribute('data-pwned','1')&quot;&gt;</p>`+
		`<img src=x onerror="document.body.setAttribute('data-ran','1')">`))
	if strings.Contains(dom, `data-pwned="`) || !strings.Contains(dom, `data-ran="1"`) {
		t.Errorf("DumpHTML: escaped payload ran or live one did not; DOM:\n%s", dom)
	}
}
