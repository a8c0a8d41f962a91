// Alertmanager receives Prometheus Alertmanager's webhook notifications and
// records them as incidents in a Git repository: a firing alert group opens
// an incident, later notifications for the group add timeline notes and
// alert links to it, and a resolved notification marks it mitigated
// (status monitoring).
//
// Build and run it from the module root, with the token Alertmanager will
// send:
//
//	go build -o alertmanager ./examples/alertmanager
//	export INCIDENTKIT_WEBHOOK_TOKEN=$(openssl rand -hex 32)
//	./alertmanager -repo incidents.git -init -addr 127.0.0.1:9095
//
// It serves until SIGINT or SIGTERM, then finishes the requests in progress
// and exits 0. Exit status 1 is a failure (no repository, address in use),
// 2 a usage error (bad flags, no token). What it records goes to stdout, one
// line each; refused requests and failures to stderr (never the token).
//
// Point Alertmanager at it:
//
//	receivers:
//	  - name: incidentkit
//	    webhook_configs:
//	      - url: http://127.0.0.1:9095/alertmanager
//	        http_config:
//	          authorization:
//	            credentials: <the token>
//
// The token is read from INCIDENTKIT_WEBHOOK_TOKEN only (never a flag, which
// other users could read in the process list); the receiver refuses to start
// without one of at least 16 characters. It opens the repository at -repo
// and refuses to start when there is none, unless -init is given: then it
// creates a bare repository with the default severity policy. (A typo in
// -repo would otherwise send incidents to a new repository nobody reads.)
//
// What a notification does:
//
//   - The incident of a group is found by the label
//     alertmanager-group:<first 32 hex digits of SHA-256(groupKey)>, which it
//     carries with the label alertmanager; the group key itself is in the
//     summary. Lookup goes through the store, so it survives a restart.
//     Only open incidents (triage to monitoring) count.
//   - Firing, no open incident for the group: a new incident. Title: the
//     common summary annotation, else the alert name (at most 100
//     characters). Severity: the -severity-label label of each alert (or
//     the common labels) through -severity-map, the most severe wins; a
//     value not in the map, a level not in the policy, or no label gives
//     the least severe level of the repository's policy. Components: the
//     first of -component-labels each alert has (values that are not valid
//     component names are left out), marked major outage. Detected: the
//     earliest start of a firing alert. One link of kind alert per alert,
//     whose target is its fingerprint (else its generator URL), in the same
//     commit as the declaration.
//   - Any notification for a group with an open incident: one commit with
//     links to new alerts (at most 100 per incident), new components, a note
//     listing what is new, and for a resolved group the move to monitoring
//     unless the incident is already there (from triage, the lifecycle
//     records that move as an acknowledgement by -as too). A firing
//     notification for an
//     incident in monitoring only adds the note: people decide whether it
//     regressed.
//   - Resolved, no open incident (never opened, or resolved or closed by
//     people meanwhile): 200, nothing written.
//
// Notifications are handled one at a time per process, so concurrent
// deliveries of one new group open one incident. Run one receiver per
// repository: two processes could each open an incident for one group.
//
// The payload must be Alertmanager's webhook payload version "4": one JSON
// object, UTF-8, no duplicate keys, no trailing data, required fields of the
// right types, RFC 3339 times; unknown fields are ignored (Alertmanager adds
// fields within version 4). See decode and receiver for every check and
// answer. A refused request writes nothing.
package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/severity"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

// tokenEnv is the environment variable that holds the shared token.
const tokenEnv = "INCIDENTKIT_WEBHOOK_TOKEN"

// minToken is the shortest token accepted.
const minToken = 16

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	var usage usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.As(err, &usage):
		fmt.Fprintln(os.Stderr, "alertmanager:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "alertmanager:", err)
		os.Exit(1)
	}
}

// usageError is a mistake in how the receiver was started (exit status 2).
type usageError struct{ error }

// config is how the receiver was started.
type config struct {
	repo, addr      string
	init            bool
	as              incident.Person
	token           string
	severityLabel   string
	severityMap     map[string]string
	componentLabels []string
	maxBody         int64

	readHeaderTimeout, readTimeout, writeTimeout, idleTimeout, shutdownTimeout time.Duration
}

// parseConfig reads the flags and the environment.
func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (*config, error) {
	c := &config{}
	fset := flag.NewFlagSet("alertmanager", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.Usage = func() {
		fmt.Fprintf(stderr, "usage: %s=TOKEN alertmanager -repo DIR [-addr HOST:PORT] [flags]\n\n", tokenEnv)
		fmt.Fprintf(stderr, "Receives Alertmanager webhook notifications at POST %s and records them as incidents.\n\nFlags:\n", path)
		fset.PrintDefaults()
	}
	var as, sevMap, compLabels string
	fset.StringVar(&c.repo, "repo", "", "the incident `repository` (required)")
	fset.StringVar(&c.addr, "addr", "127.0.0.1:9095", "the `address` to listen on")
	fset.BoolVar(&c.init, "init", false, "create the repository (bare, default policy) when it does not exist")
	fset.StringVar(&as, "as", "Alertmanager <alertmanager@localhost>", "the `person` recorded as the author of every change")
	fset.StringVar(&c.severityLabel, "severity-label", "severity", "the alert `label` that carries the severity")
	fset.StringVar(&sevMap, "severity-map", "critical=sev1,warning=sev2,info=sev3", "label `value=level` pairs, comma-separated; other values get the policy's least severe level")
	fset.StringVar(&compLabels, "component-labels", "service,component", "alert `labels` naming the affected component, comma-separated, first present wins")
	fset.Int64Var(&c.maxBody, "max-body", 1<<20, "the largest request body accepted, in `bytes`")
	fset.DurationVar(&c.readHeaderTimeout, "read-header-timeout", 5*time.Second, "time allowed to read a request's headers")
	fset.DurationVar(&c.readTimeout, "read-timeout", 30*time.Second, "time allowed to read a whole request")
	fset.DurationVar(&c.writeTimeout, "write-timeout", 30*time.Second, "time allowed from the end of the headers to the end of the answer")
	fset.DurationVar(&c.idleTimeout, "idle-timeout", 2*time.Minute, "how long an idle keep-alive connection stays open")
	fset.DurationVar(&c.shutdownTimeout, "shutdown-timeout", 30*time.Second, "how long a shutdown waits for requests in progress")
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usageError{err}
	}
	bad := func(format string, a ...any) (*config, error) {
		return nil, usageError{fmt.Errorf(format, a...)}
	}
	if fset.NArg() > 0 {
		return bad("unexpected argument %q", fset.Arg(0))
	}
	if c.repo == "" {
		return bad("-repo is required")
	}
	var err error
	if c.as, err = incident.ParsePerson(as); err != nil {
		return bad("-as: %v", err)
	}
	if c.severityMap, err = parseSeverityMap(sevMap); err != nil {
		return bad("-severity-map: %v", err)
	}
	for _, l := range strings.Split(compLabels, ",") {
		if l = strings.TrimSpace(l); l != "" {
			c.componentLabels = append(c.componentLabels, l)
		}
	}
	if c.maxBody <= 0 {
		return bad("-max-body: must be positive")
	}
	for _, d := range []time.Duration{c.readHeaderTimeout, c.readTimeout, c.writeTimeout, c.idleTimeout, c.shutdownTimeout} {
		if d <= 0 {
			return bad("timeouts must be positive")
		}
	}
	c.token = getenv(tokenEnv)
	switch {
	case c.token == "":
		return bad("%s is not set: the receiver does not run without a shared token", tokenEnv)
	case len(c.token) < minToken:
		return bad("%s is too short: use at least %d characters (e.g. openssl rand -hex 32)", tokenEnv, minToken)
	case strings.ContainsFunc(c.token, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return bad("%s contains white space or control characters", tokenEnv)
	}
	return c, nil
}

// parseSeverityMap reads "critical=sev1,warning=sev2". Values are matched
// without regard to case.
func parseSeverityMap(s string) (map[string]string, error) {
	m := map[string]string{}
	for _, pair := range strings.Split(s, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		k, v, ok := strings.Cut(pair, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if !ok || k == "" || !severity.ValidName(v) {
			return nil, fmt.Errorf("want value=level pairs like critical=sev1, got %q", pair)
		}
		m[k] = v
	}
	return m, nil
}

// run starts the receiver and serves until ctx is done, then shuts down
// gracefully. args are the command-line arguments without the program
// name, getenv reads the environment.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c, err := parseConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	out := log.New(stdout, "", log.LUTC|log.Ldate|log.Ltime)
	errs := log.New(stderr, "", log.LUTC|log.Ldate|log.Ltime)

	st, err := gitstore.Open(c.repo, nil)
	if errors.Is(err, fs.ErrNotExist) {
		if !c.init {
			return fmt.Errorf("no repository at %s: create it with -init", c.repo)
		}
		out.Printf("creating %s", c.repo)
		st, err = gitstore.Init(c.repo, nil)
	}
	if err != nil {
		return err
	}
	defer st.Close()
	if err := checkLevels(ctx, st, c.severityMap); err != nil {
		return usageError{err}
	}

	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	srv := newServer(newReceiver(st, c, out, errs), c, errs)
	out.Printf("listening on http://%s%s, recording to %s", ln.Addr(), path, c.repo)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	out.Printf("shutting down")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	out.Printf("stopped")
	return nil
}

// checkLevels checks that every level of the severity map is in the
// repository's policy.
func checkLevels(ctx context.Context, st store.Store, m map[string]string) error {
	pol, err := st.Policy(ctx)
	if err != nil {
		return err
	}
	for k, v := range m {
		if _, err := pol.Level(v); err != nil {
			return fmt.Errorf("-severity-map: %s=%s: level %s is not in the repository's policy (%s)", k, v, v, strings.Join(pol.Names(), ", "))
		}
	}
	return nil
}

// newReceiver makes the webhook handler on st.
func newReceiver(st store.Store, c *config, out, errs *log.Logger) *receiver {
	return &receiver{
		intake: &intake{
			st:              st,
			by:              c.as,
			severityLabel:   c.severityLabel,
			severityMap:     c.severityMap,
			componentLabels: c.componentLabels,
			now:             time.Now,
			open:            map[string]string{},
		},
		token:   sha256.Sum256([]byte(c.token)),
		maxBody: c.maxBody,
		timeout: c.writeTimeout,
		out:     out,
		errs:    errs,
	}
}

// newServer makes the HTTP server, with every timeout set so that slow or
// idle clients cannot hold connections.
func newServer(h http.Handler, c *config, errs *log.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: c.readHeaderTimeout,
		ReadTimeout:       c.readTimeout,
		WriteTimeout:      c.writeTimeout,
		IdleTimeout:       c.idleTimeout,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          errs,
	}
}
