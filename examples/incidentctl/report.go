package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/incidentkit/incidentkit/report"
	"github.com/incidentkit/incidentkit/store"
)

var cmdReport = &command{name: "report", synopsis: "[-json] [-html FILE] [-rev REV]", summary: "report counts, response times, SLA compliance and follow-up",
	help: `Report summarises the incidents per severity level and per month: counts, P50
and P90 time to acknowledge, mitigate and resolve, SLA compliance, post-mortems
published on time, and open and overdue action items. It prints text, or with
-json one JSON document (fields as the report package documents them); -html
FILE also writes a self-contained HTML page with charts. -rev reports as of a
past revision (a commit hash, branch or ref, optionally with ~N), as the
records stood then, at that revision's time. Files that could not be read
are listed on standard error and make the exit status 1; the figures leave
them out.`,
	run: runReport}

func runReport(c *cli, cmd *command, args []string) error {
	fl := flags(cmd)
	asJSON := fl.Bool("json", false, "print JSON instead of text")
	htmlFile := fl.String("html", "", "also write the report as an HTML page to `FILE`")
	rev := fl.String("rev", "", "report as of revision `REV` (a commit, branch or ref, optionally ~N)")
	if _, err := c.parse(fl, cmd, args, 0, 0); err != nil {
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
	var r store.Reader = st
	if *rev != "" {
		snap, err := store.At(c.ctx, st, *rev)
		if err != nil {
			return fmt.Errorf("revision %s: %w", *rev, err)
		}
		r, now = snap, snap.At
	}
	rep, err := report.Build(c.ctx, r, now)
	if err != nil {
		return err
	}
	if *htmlFile != "" {
		var page bytes.Buffer
		if err := rep.HTML(&page); err != nil {
			return err
		}
		if err := os.WriteFile(*htmlFile, page.Bytes(), 0o666); err != nil {
			return err
		}
	}
	if *asJSON {
		err = rep.JSON(c.stdout)
	} else {
		err = rep.Text(c.stdout)
	}
	if err != nil {
		return err
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(c.stderr, p)
	}
	if len(rep.Problems) > 0 {
		return errReported
	}
	return nil
}
