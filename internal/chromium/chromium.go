// Package chromium drives headless Chromium from tests, so that HTML the
// library renders (status page, reports, post-mortems) is checked in a real
// browser: scripts run, event handlers fire, and the test reads back the DOM
// as the browser left it.
//
// Use [DumpDOM] in a test with a URL served on 127.0.0.1 (httptest.Server)
// or a file:// URL, or [DumpHTML] with the bytes of a page:
//
//	srv := httptest.NewServer(handler)
//	defer srv.Close()
//	dom := chromium.DumpDOM(t, srv.URL+"/")
//	if strings.Contains(dom, `data-pwned="`) { t.Error("a payload ran") }
//
//	dom = chromium.DumpHTML(t, reportHTML)
//
// A payload such as <img src=x onerror="document.body.setAttribute('data-pwned','1')">
// that runs leaves data-pwned="1" on <body> in the returned DOM; one that
// was escaped shows as text (&lt;img ...). Look for the attribute form
// (data-pwned="), not the bare word, which the escaped text also contains.
//
// The browser is Debian's chromium package ("chromium" on PATH, else
// /usr/bin/chromium). When it is missing the test is skipped, unless the
// environment sets INCIDENTKIT_REQUIRE_CHROMIUM=1 (as .ci/run does), in
// which case the test fails. Each run uses a fresh profile directory, no
// sandbox (tests run as root in containers), no GPU and no background
// networking, so it works offline.
package chromium

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// RequireEnv is the environment variable that turns a missing browser from
// a skipped test into a failed one when set to "1".
const RequireEnv = "INCIDENTKIT_REQUIRE_CHROMIUM"

// Options tune one run of the browser. The zero value (or nil) means the
// defaults.
type Options struct {
	// Timeout bounds the whole run, browser start included. Default 60s.
	Timeout time.Duration
	// VirtualTimeBudget is how much virtual time, in milliseconds of page
	// time, the page may use after loading before the DOM is dumped: long
	// enough for onerror/onload handlers and timers to run. Default 3000.
	VirtualTimeBudget int
}

// ErrNotFound means no chromium binary was found.
var ErrNotFound = errors.New("chromium: browser not found")

// fallbacks are tried when PATH has no browser (tests replace them).
var fallbacks = []string{"/usr/bin/chromium"}

// Path returns the path of the chromium binary: "chromium" or
// "chromium-browser" found on PATH, else /usr/bin/chromium when it exists.
// The error matches [ErrNotFound] when there is none.
func Path() (string, error) {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	for _, p := range fallbacks {
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	return "", ErrNotFound
}

// Find returns the chromium binary for a test, skipping the test when there
// is none, or failing it when [RequireEnv] is "1".
func Find(t testing.TB) string {
	t.Helper()
	p, err := Path()
	if err != nil {
		if os.Getenv(RequireEnv) == "1" {
			t.Fatalf("%v, and %s=1 requires it (install Debian's chromium package)", err, RequireEnv)
		}
		t.Skipf("%v (set %s=1 to fail instead)", err, RequireEnv)
	}
	return p
}

// Args returns the command-line arguments DumpDOM passes to the browser
// for url, with profile as its user data directory.
func Args(url, profile string, opts *Options) []string {
	o := opts.withDefaults()
	return []string{
		"--headless",
		"--no-sandbox",
		"--disable-gpu",
		"--disable-quic",
		"--no-first-run",
		"--no-default-browser-check",
		"--disable-background-networking",
		"--disable-component-update",
		"--disable-sync",
		"--disable-extensions",
		"--disable-dev-shm-usage",
		"--user-data-dir=" + profile,
		"--virtual-time-budget=" + strconv.Itoa(o.VirtualTimeBudget),
		"--dump-dom",
		url,
	}
}

func (o *Options) withDefaults() Options {
	var c Options
	if o != nil {
		c = *o
	}
	if c.Timeout <= 0 {
		c.Timeout = 60 * time.Second
	}
	if c.VirtualTimeBudget <= 0 {
		c.VirtualTimeBudget = 3000
	}
	return c
}

// DumpDOM loads url in headless Chromium and returns the document's
// serialised DOM after scripts and event handlers had their virtual time
// budget to run. It skips or fails the test when the browser is missing (see
// [Find]) and fails the test when the browser fails or times out.
func DumpDOM(t testing.TB, url string) string {
	t.Helper()
	return DumpDOMOptions(t, url, nil)
}

// DumpHTML serves page as text/html on 127.0.0.1 (with no
// Content-Security-Policy, so that only the page's own escaping stands
// between a payload and the browser) and returns its DOM as [DumpDOM] does.
// It suits renderers that produce bytes rather than a handler, such as
// report and post-mortem HTML.
func DumpHTML(t testing.TB, page []byte) string {
	t.Helper()
	Find(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(page)
	}))
	defer srv.Close()
	return DumpDOM(t, srv.URL+"/")
}

// DumpDOMOptions is [DumpDOM] with options (nil for defaults).
func DumpDOMOptions(t testing.TB, url string, opts *Options) string {
	t.Helper()
	bin := Find(t)
	o := opts.withDefaults()
	ctx, cancel := context.WithTimeout(context.Background(), o.Timeout)
	defer cancel()
	dom, err := Run(ctx, bin, url, t.TempDir(), &o)
	if err != nil {
		t.Fatalf("chromium %s: %v", url, err)
	}
	return dom
}

// Run runs the browser binary bin headless on url with profile as a fresh
// user data directory and returns what --dump-dom printed. It stops the
// browser when ctx ends. The error carries the end of the browser's
// standard error output.
func Run(ctx context.Context, bin, url, profile string, opts *Options) (string, error) {
	cmd := exec.CommandContext(ctx, bin, Args(url, profile, opts)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	// The profile holds nothing the browser needs to find; HOME inside it
	// keeps the browser from touching the real home directory.
	cmd.Env = append(os.Environ(), "HOME="+profile)
	cmd.WaitDelay = 5 * time.Second
	killGroup(cmd)
	err := cmd.Run()
	if ctx.Err() != nil {
		return "", fmt.Errorf("chromium: %w (stderr: %s)", ctx.Err(), tail(stderr.Bytes()))
	}
	if err != nil {
		return "", fmt.Errorf("chromium: %w (stderr: %s)", err, tail(stderr.Bytes()))
	}
	if stdout.Len() == 0 {
		return "", fmt.Errorf("chromium: empty DOM dump (stderr: %s)", tail(stderr.Bytes()))
	}
	return stdout.String(), nil
}

// tail returns the last 2 KiB of b, for error messages.
func tail(b []byte) []byte {
	const n = 2048
	b = bytes.TrimSpace(b)
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}
