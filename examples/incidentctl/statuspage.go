package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/statuspage"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

var cmdStatuspage = &command{name: "statuspage", synopsis: "build|serve ...", summary: "build or serve the public status page",
	help: `Statuspage shows customers the public view of the records: the state of each
component, active incidents with their public updates only (internal updates,
notes and people never appear), scheduled maintenance and the past 90 days, as
an HTML page, an Atom feed and a JSON document.`,
	run: func(c *cli, cmd *command, args []string) error {
		return c.group(cmd.name, cmd.help, spCommands, args)
	}}

var spCommands = []*command{
	{name: "build", parent: "statuspage", synopsis: "DIR [-title T] [-url URL]", summary: "write the page as static files",
		help: `Build writes the status page into DIR (created when needed) as index.html,
feed.atom and status.json, each replaced atomically, for any web server to
serve. Incident files that do not parse are left off the page and reported on
standard error (exit status 1).`,
		run: runSPBuild},
	{name: "serve", parent: "statuspage", synopsis: "ADDR [-title T] [-url URL]", summary: "serve the page over HTTP",
		help: `Serve serves the status page on ADDR (host:port; port 0 picks a free one) at
"/", "/feed.atom" and "/status.json", rebuilt from the repository on every
request, so new commits show without a restart. It prints the URL it serves
on, and stops cleanly on SIGINT or SIGTERM.`,
		run: runSPServe},
}

func runSPBuild(c *cli, cmd *command, args []string) error {
	fl := flags(cmd)
	title := fl.String("title", "", "the page `title` (default \"Status\")")
	url := fl.String("url", "", "the absolute `URL` the page is published at, for the feed (default http://localhost/)")
	pos, err := c.parse(fl, cmd, args, 1, 1)
	if err != nil {
		return err
	}
	now, err := c.now()
	if err != nil {
		return err
	}
	st, err := c.open()
	if err != nil {
		return err
	}
	defer st.Close()
	opts := &statuspage.Options{Title: *title, URL: *url, Now: func() time.Time { return now }}
	err = statuspage.WriteDir(c.ctx, st, pos[0], opts)
	if err != nil && !errors.Is(err, incident.ErrInvalid) {
		return err
	}
	fmt.Fprintf(c.stdout, "status page written to %s (index.html, feed.atom, status.json)\n", pos[0])
	return err
}

func runSPServe(c *cli, cmd *command, args []string) error {
	fl := flags(cmd)
	title := fl.String("title", "", "the page `title` (default \"Status\")")
	url := fl.String("url", "", "the absolute `URL` the page is published at, for the feed (default: the address served)")
	pos, err := c.parse(fl, cmd, args, 1, 1)
	if err != nil {
		return err
	}
	now, err := c.now()
	if err != nil {
		return err
	}
	st, err := c.open()
	if err != nil {
		return err
	}
	defer st.Close()
	opts := &statuspage.Options{Title: *title, URL: *url,
		ErrorLog: func(err error) { fmt.Fprintf(c.stderr, "incidentctl: statuspage: %v\n", err) }}
	if c.getenv("INCIDENTKIT_NOW") != "" {
		// A fixed clock (tests, reproducible pages); else the real one.
		opts.Now = func() time.Time { return now }
	}
	ln, err := net.Listen("tcp", pos[0])
	if err != nil {
		return err
	}
	if opts.URL == "" {
		opts.URL = "http://" + ln.Addr().String() + "/"
	}
	srv := &http.Server{
		Handler:           statuspage.Handler(st, opts),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
	}
	fmt.Fprintf(c.stdout, "serving the status page of %s on http://%s/\n", c.repo, ln.Addr())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-c.ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(c.stdout, "stopped")
	return nil
}

var cmdMessage = &command{name: "message", synopsis: "ID [KIND] [-templates FILE] [-post]", summary: "write the customer message for an incident",
	help: `Message prints the customer message for the incident from the status page's
message templates, which see only the public view of the incident. KIND is
investigating, identified, monitoring or resolved; by default it follows the
incident's status. -templates names a team's template file ({{define "KIND"}}
blocks; kinds it leaves out use the default wording). -post also posts the
message as a public status update.`,
	run: runMessage}

// messageKinds maps an incident's status to the kind of message it calls for.
var messageKinds = map[incident.Status]string{
	incident.StatusTriage:        statuspage.MessageInvestigating,
	incident.StatusInvestigating: statuspage.MessageInvestigating,
	incident.StatusIdentified:    statuspage.MessageIdentified,
	incident.StatusMonitoring:    statuspage.MessageMonitoring,
	incident.StatusResolved:      statuspage.MessageResolved,
	incident.StatusClosed:        statuspage.MessageResolved,
}

func runMessage(c *cli, cmd *command, args []string) error {
	fl := flags(cmd)
	file := fl.String("templates", "", "the message template `FILE` (default: the built-in wording)")
	post := fl.Bool("post", false, "post the message as a public status update")
	pos, err := c.parse(fl, cmd, args, 1, 2)
	if err != nil {
		return err
	}
	if err := checkID(cmd, pos[0]); err != nil {
		return err
	}
	kind := ""
	if len(pos) == 2 {
		kind = pos[1]
		switch kind {
		case statuspage.MessageInvestigating, statuspage.MessageIdentified, statuspage.MessageMonitoring, statuspage.MessageResolved:
		default:
			return &usageError{cmd: cmd.full(), msg: fmt.Sprintf("unknown kind %q; want investigating, identified, monitoring or resolved", kind)}
		}
	}
	if *post {
		if _, err := c.person(); err != nil {
			return err
		}
	}
	tmpl := statuspage.DefaultTemplates()
	if *file != "" {
		data, err := os.ReadFile(*file)
		if err != nil {
			return err
		}
		if tmpl, err = statuspage.ParseTemplates(*file, data); err != nil {
			return err
		}
	}
	now, err := c.now()
	if err != nil {
		return err
	}
	st, err := c.open()
	if err != nil {
		return err
	}
	inc, err := st.Get(c.ctx, pos[0])
	st.Close()
	if err != nil {
		return err
	}
	if kind == "" {
		if kind = messageKinds[inc.Status]; kind == "" {
			return fmt.Errorf("%s is %s: no customer message; name the KIND", inc.ID, inc.Status)
		}
	}
	msg, err := tmpl.Message(kind, statuspage.Public(inc, now))
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, msg)
	if !*post {
		return nil
	}
	return c.change(cmd, inc.ID, func(_ *gitstore.Store, by incident.Person) (store.UpdateFunc, error) {
		return func(inc *incident.Incident, at time.Time) error {
			return inc.PostUpdate(incident.AudiencePublic, msg, by, at)
		}, nil
	})
}
