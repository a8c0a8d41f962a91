package main

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/incidentkit/incidentkit/incident"
)

// path is where the receiver takes notifications.
const path = "/alertmanager"

// receiver is the webhook's HTTP handler. It answers, in this order:
//
//	404  any path but /alertmanager
//	405  any method but POST (with Allow: POST)
//	401  no "Authorization: Bearer ..." header (with WWW-Authenticate)
//	403  a wrong token
//	415  a Content-Type other than application/json (charset utf-8 allowed)
//	413  a body over the limit
//	400  a payload decode rejects, with the reason
//	408  a body that did not arrive within the read timeout
//	422  the store refused the incident made of the payload (no retry helps)
//	500  the store failed (Alertmanager retries; the cause is logged, not answered)
//	200  recorded, or nothing to do: the body says which
//
// Headers over 16 KiB get 431 from the server before the handler runs.
// Nothing is written to the store before the request passed every check.
type receiver struct {
	intake  *intake
	token   [sha256.Size]byte // the SHA-256 of the token, for a constant-time compare of equal lengths
	maxBody int64
	// timeout bounds the store work of one notification. The work goes on
	// when the client hangs up, so that a write is not torn off halfway
	// and a graceful shutdown waits for it.
	timeout time.Duration
	out     *log.Logger // what the receiver did
	errs    *log.Logger // requests refused and failures
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	if r.URL.Path != path {
		rc.refuse(w, r, http.StatusNotFound, "not found: notifications go to POST "+path)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		rc.refuse(w, r, http.StatusMethodNotAllowed, "method not allowed: use POST")
		return
	}
	if code, msg := rc.authorize(r); code != 0 {
		if code == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="incidentkit alertmanager"`)
		}
		rc.refuse(w, r, code, msg)
		return
	}
	if msg := checkContentType(r.Header.Get("Content-Type")); msg != "" {
		rc.refuse(w, r, http.StatusUnsupportedMediaType, msg)
		return
	}
	if r.ContentLength > rc.maxBody {
		rc.refuse(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("body of %d bytes is over the limit of %d", r.ContentLength, rc.maxBody))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, rc.maxBody))
	var tooLarge *http.MaxBytesError
	var netErr net.Error
	switch {
	case errors.As(err, &tooLarge):
		rc.refuse(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("body over the limit of %d bytes", rc.maxBody))
		return
	case errors.As(err, &netErr) && netErr.Timeout():
		rc.refuse(w, r, http.StatusRequestTimeout, "body not received in time")
		return
	case err != nil:
		rc.refuse(w, r, http.StatusBadRequest, "reading body: "+err.Error())
		return
	}
	p, err := decode(body)
	if err != nil {
		rc.refuse(w, r, http.StatusBadRequest, "bad payload: "+err.Error())
		return
	}

	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), rc.timeout)
	defer cancel()
	res, err := rc.intake.apply(ctx, p)
	if err != nil {
		rc.errs.Printf("%s %s: group %q: %v", r.Method, r.URL.Path, oneLine(p.GroupKey, maxLine), err)
		code, msg := http.StatusInternalServerError, "could not record the notification; see the receiver's log"
		if errors.Is(err, incident.ErrInvalid) {
			// The payload passed decode but the store refused what it
			// made of it: retrying will not help.
			code, msg = http.StatusUnprocessableEntity, "the notification makes no valid incident: "+err.Error()
		}
		reply(w, code, msg)
		return
	}
	switch res.Action {
	case actionIgnored:
		rc.out.Printf("group %s resolved, no open incident: nothing recorded", oneLine(p.GroupKey, maxLine))
		reply(w, http.StatusOK, "ignored: no open incident for this group")
	default:
		rc.out.Printf("%s %s (%s) for group %s: %d alerts %s", res.ID, res.Action, res.Status, oneLine(p.GroupKey, maxLine), len(p.Alerts), p.Status)
		reply(w, http.StatusOK, fmt.Sprintf("%s %s (%s)", res.ID, res.Action, res.Status))
	}
}

// authorize checks the bearer token. It returns 0 when the request carries
// the right one, else the status and message to answer with; the message
// never contains the token, the one expected or the one sent.
func (rc *receiver) authorize(r *http.Request) (int, string) {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if h == "" || !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return http.StatusUnauthorized, "unauthorized: send the token as Authorization: Bearer <token>"
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(token)))
	if subtle.ConstantTimeCompare(got[:], rc.token[:]) != 1 {
		return http.StatusForbidden, "forbidden: wrong token"
	}
	return 0, ""
}

// checkContentType returns why a Content-Type is refused, or "".
func checkContentType(ct string) string {
	if ct == "" {
		return "unsupported media type: want Content-Type: application/json, got none"
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return fmt.Sprintf("unsupported media type: want application/json, got %q", oneLine(ct, 100))
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return fmt.Sprintf("unsupported media type: want charset utf-8, got %q", oneLine(cs, 100))
	}
	return ""
}

// refuse answers a rejected request and logs it, without its body or
// headers.
func (rc *receiver) refuse(w http.ResponseWriter, r *http.Request, code int, msg string) {
	rc.errs.Printf("%s %s from %s: %d %s", r.Method, oneLine(r.URL.Path, 100), r.RemoteAddr, code, msg)
	reply(w, code, msg)
}

// reply writes a one-line plain-text answer.
func reply(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(code)
	fmt.Fprintln(w, msg)
}
