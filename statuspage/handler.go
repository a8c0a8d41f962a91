package statuspage

import (
	"bytes"
	"errors"
	"log"
	"net/http"
	"strconv"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
)

// route is one document the handler serves and WriteDir writes.
type route struct {
	path, file, contentType string
	render                  func(*Page, *bytes.Buffer) error
}

var routes = []route{
	{"/", "index.html", "text/html; charset=utf-8", func(p *Page, b *bytes.Buffer) error { return p.HTML(b) }},
	{"/feed.atom", "feed.atom", "application/atom+xml; charset=utf-8", func(p *Page, b *bytes.Buffer) error { return p.Atom(b) }},
	{"/status.json", "status.json", "application/json; charset=utf-8", func(p *Page, b *bytes.Buffer) error { return p.JSON(b) }},
}

// Handler serves the status page of r: GET or HEAD of "/" (HTML),
// "/feed.atom" (Atom) and "/status.json" (JSON). Any other path is 404 and
// any other method 405 (with an Allow header); it serves no files. Every
// request rebuilds the page from r, so new commits show without a restart.
//
// Responses carry Content-Type, X-Content-Type-Options: nosniff, a
// Content-Security-Policy that allows nothing but the page's own
// stylesheet, and Cache-Control: no-cache. When the store fails the answer
// is 500 with a generic message and the error goes to Options.ErrorLog;
// incidents whose files are invalid are left off the page and logged.
func Handler(r store.Reader, opts *Options) http.Handler {
	o, err := opts.withDefaults()
	logf := o.ErrorLog
	if logf == nil {
		logf = func(err error) { log.Print(err) }
	}
	return &handler{r: r, opts: o, optsErr: err, logf: logf}
}

type handler struct {
	r       store.Reader
	opts    Options
	optsErr error
	logf    func(error)
}

func (h *handler) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	hd := w.Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", contentSecurityPolicy)
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Frame-Options", "DENY")
	var rt *route
	for i := range routes {
		if routes[i].path == req.URL.Path {
			rt = &routes[i]
		}
	}
	if rt == nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		hd.Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if h.optsErr != nil {
		h.fail(w, h.optsErr)
		return
	}
	var b bytes.Buffer
	p, err := Build(req.Context(), h.r, &h.opts)
	if err != nil {
		if p == nil || !errors.Is(err, incident.ErrInvalid) {
			h.fail(w, err)
			return
		}
		h.logf(err)
	}
	if err := rt.render(p, &b); err != nil {
		h.fail(w, err)
		return
	}
	hd.Set("Content-Type", rt.contentType)
	hd.Set("Content-Length", strconv.Itoa(b.Len()))
	hd.Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	if req.Method == http.MethodGet {
		_, _ = w.Write(b.Bytes())
	}
}

// fail answers 500 without details (they may name files and people) and
// logs the error.
func (h *handler) fail(w http.ResponseWriter, err error) {
	h.logf(err)
	http.Error(w, "500 internal server error: the status page could not be built", http.StatusInternalServerError)
}
