package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
)

// The commands that read the records.
var (
	cmdShow = &command{name: "show", synopsis: "ID [-json]", summary: "show an incident",
		help: `Show prints an incident: its state, people, impact, links, timeline and
status updates. -json prints it as a JSON document (see the package
documentation for its fields).`,
		run: runShow}
	cmdList = &command{name: "list", synopsis: "[-status S] [-severity L] [-json]", summary: "list incidents",
		help: `List prints the incidents, most recently declared first. -status and
-severity select (repeat them, or give comma-separated lists, to select any
of several); -status open selects every open incident (triage to monitoring).
Incident files in the repository that do not parse are reported on standard
error (and make the exit status 1) after the rest are listed.`,
		run: runList}
	cmdHistory = &command{name: "history", synopsis: "ID [-json]", summary: "list the revisions of an incident",
		help: `History prints every revision of an incident, oldest first: the commit,
when, who, and what changed.`,
		run: runHistory}
	cmdSLA = &command{name: "sla", synopsis: "[ID] [-json]", summary: "report missed SLA targets",
		help: `SLA checks an incident (every open incident when no ID is given) against the
targets of its severity level in the repository's policy, as of now, and
prints each missed target. Findings are a report, not a failure: the exit
status is 0 with or without them.`,
		run: runSLA}
)

func runShow(c *cli, cmd *command, args []string) error {
	fs := flags(cmd)
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := c.parse(fs, cmd, args, 1, 1)
	if err != nil {
		return err
	}
	if err := checkID(cmd, pos[0]); err != nil {
		return err
	}
	st, err := c.open()
	if err != nil {
		return err
	}
	defer st.Close()
	inc, err := st.Get(c.ctx, pos[0])
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(c.stdout, toIncidentJSON(inc))
	}
	printIncident(c.stdout, inc)
	return nil
}

// printIncident prints inc for people.
func printIncident(w io.Writer, inc *incident.Incident) {
	fmt.Fprintf(w, "%s  %s\n", inc.ID, inc.Title)
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	field := func(name, value string) {
		if value != "" {
			fmt.Fprintf(tw, "%s:\t%s\n", name, value)
		}
	}
	field("severity", inc.Severity)
	field("status", string(inc.Status))
	if inc.Kind != incident.KindNormal {
		field("kind", string(inc.Kind))
	}
	if sc := inc.Schedule; !sc.IsZero() {
		field("scheduled", sc.Start.UTC().Format(time.RFC3339)+" to "+sc.End.UTC().Format(time.RFC3339))
	}
	if len(inc.Aliases) > 0 {
		field("formerly", strings.Join(inc.Aliases, ", "))
	}
	m := inc.Milestones
	for _, ms := range []struct {
		name string
		at   time.Time
	}{{"impact started", m.ImpactStarted}, {"detected", m.Detected}, {"declared", m.Declared},
		{"acknowledged", m.Acknowledged}, {"mitigated", m.Mitigated}, {"resolved", m.Resolved}, {"closed", m.Closed}} {
		if !ms.at.IsZero() {
			field(ms.name, ms.at.UTC().Format(time.RFC3339))
		}
	}
	for _, r := range inc.RoleNames() {
		field(string(r), inc.Roles[r].String())
	}
	for _, comp := range inc.Impact.Components {
		field("component "+comp.Name, string(comp.Status))
	}
	for _, l := range inc.Links {
		v := l.Target
		if l.Title != "" {
			v += " (" + l.Title + ")"
		}
		if l.Suspect {
			v += " [suspect]"
		}
		field(string(l.Kind), v)
	}
	if len(inc.Labels) > 0 {
		field("labels", strings.Join(inc.Labels, ", "))
	}
	if inc.Postmortem.Status != incident.PostmortemNone {
		field("post-mortem", strings.TrimSpace(string(inc.Postmortem.Status)+" "+inc.Postmortem.WaivedReason))
	}
	field("declined", inc.DeclineReason)
	field("merged into", inc.MergedInto)
	tw.Flush()
	if inc.Summary != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(inc.Summary))
	}
	fmt.Fprintf(w, "\ntimeline:\n")
	var tl strings.Builder
	tw = tabwriter.NewWriter(&tl, 0, 8, 2, ' ', 0)
	for _, e := range inc.Timeline {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", e.At.UTC().Format("2006-01-02 15:04:05"), e.Kind, e.Actor.Name, describeEvent(e))
	}
	tw.Flush()
	for _, line := range strings.SplitAfter(tl.String(), "\n") {
		if line != "" {
			fmt.Fprintln(w, strings.TrimRight(line, " \n"))
		}
	}
	if len(inc.Updates) > 0 {
		fmt.Fprintf(w, "\nupdates:\n")
		for _, u := range inc.Updates {
			fmt.Fprintf(w, "  %s  %s (%s) by %s:\n    %s\n", u.At.UTC().Format("2006-01-02 15:04:05"), u.Audience, u.Status,
				u.Actor.Name, strings.ReplaceAll(strings.TrimSpace(u.Message), "\n", "\n    "))
		}
	}
}

// describeEvent renders what a timeline event says, in one line.
func describeEvent(e incident.Event) string {
	var parts []string
	if e.Subject != "" {
		parts = append(parts, e.Subject)
	}
	switch {
	case e.From != "" && e.To != "":
		parts = append(parts, e.From+" -> "+e.To)
	case e.From != "":
		parts = append(parts, e.From+" -> none")
	case e.To != "":
		parts = append(parts, e.To)
	}
	if e.Text != "" {
		parts = append(parts, strings.ReplaceAll(e.Text, "\n", " "))
	}
	return strings.Join(parts, ": ")
}

func runList(c *cli, cmd *command, args []string) error {
	fs := flags(cmd)
	var statuses, levels listFlag
	fs.Var(&statuses, "status", "only incidents in `status` S (repeatable; \"open\" for triage to monitoring)")
	fs.Var(&levels, "severity", "only incidents of severity `level` L (repeatable)")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := c.parse(fs, cmd, args, 0, 0); err != nil {
		return err
	}
	var f store.Filter
	for _, s := range statuses {
		switch st := incident.Status(s); {
		case s == "open":
			f.Open = true
		case st.Valid():
			f.Status = append(f.Status, st)
		default:
			return &usageError{cmd: cmd.full(), msg: fmt.Sprintf("-status: unknown status %q", s)}
		}
	}
	f.Severity = levels
	st, err := c.open()
	if err != nil {
		return err
	}
	defer st.Close()
	incs, listErr := st.List(c.ctx, f)
	if listErr != nil && incs == nil {
		return listErr
	}
	if *asJSON {
		out := listJSON{Incidents: []listItemJSON{}}
		for _, inc := range incs {
			out.Incidents = append(out.Incidents, toListItemJSON(inc))
		}
		if err := writeJSON(c.stdout, out); err != nil {
			return err
		}
		return listErr
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 8, 2, ' ', 0)
	for _, inc := range incs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", inc.ID, inc.Severity, inc.Status,
			inc.Milestones.Declared.UTC().Format("2006-01-02 15:04"), inc.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return listErr
}

func runHistory(c *cli, cmd *command, args []string) error {
	fs := flags(cmd)
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := c.parse(fs, cmd, args, 1, 1)
	if err != nil {
		return err
	}
	if err := checkID(cmd, pos[0]); err != nil {
		return err
	}
	st, err := c.open()
	if err != nil {
		return err
	}
	defer st.Close()
	// Revisions that do not parse (a bad hand edit) come back in an error
	// with the valid ones: print those, then the error (exit 1).
	revs, err := store.History(c.ctx, st, pos[0])
	if err != nil && !errors.Is(err, incident.ErrInvalid) {
		return err
	}
	invalid := err
	if *asJSON {
		out := historyJSON{ID: pos[0], Revisions: []revisionJSON{}}
		if n := len(revs); n > 0 && revs[n-1].Incident != nil {
			out.ID = revs[n-1].Incident.ID
		}
		for _, r := range revs {
			out.Revisions = append(out.Revisions, toRevisionJSON(r))
		}
		if err := writeJSON(c.stdout, out); err != nil {
			return err
		}
		return invalid
	}
	for _, r := range revs {
		fmt.Fprintf(c.stdout, "%.10s  %s  %s  %s\n", r.ID, r.At.UTC().Format("2006-01-02 15:04:05"), r.Author, subject(r.Message))
	}
	return invalid
}

func runSLA(c *cli, cmd *command, args []string) error {
	fs := flags(cmd)
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := c.parse(fs, cmd, args, 0, 1)
	if err != nil {
		return err
	}
	if len(pos) == 1 {
		if err := checkID(cmd, pos[0]); err != nil {
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
	defer st.Close()
	pol, err := st.Policy(c.ctx)
	if err != nil {
		return err
	}
	var incs []*incident.Incident
	var listErr error
	if len(pos) == 1 {
		inc, err := st.Get(c.ctx, pos[0])
		if err != nil {
			return err
		}
		incs = []*incident.Incident{inc}
	} else if incs, listErr = st.List(c.ctx, store.Filter{Open: true}); listErr != nil && incs == nil {
		return listErr
	}
	out := slaJSON{At: jsonTime(now), Incidents: []slaIncidentJSON{}}
	for _, inc := range incs {
		found, err := inc.CheckSLA(pol, now)
		if err != nil {
			return fmt.Errorf("%s: %w", inc.ID, err)
		}
		si := slaIncidentJSON{ID: inc.ID, Severity: inc.Severity, Status: string(inc.Status), Findings: []findingJSON{}}
		for _, f := range found {
			si.Findings = append(si.Findings, toFindingJSON(f))
		}
		out.Incidents = append(out.Incidents, si)
	}
	if *asJSON {
		if err := writeJSON(c.stdout, out); err != nil {
			return err
		}
		return listErr
	}
	n := 0
	for _, si := range out.Incidents {
		for _, f := range si.Findings {
			fmt.Fprintf(c.stdout, "%s  %s: %s\n", si.ID, f.Rule, f.Message)
			n++
		}
	}
	if n == 0 {
		what := fmt.Sprintf("%d open incidents", len(out.Incidents))
		if len(out.Incidents) == 1 {
			what = "1 open incident"
		}
		if len(pos) == 1 {
			what = out.Incidents[0].ID
		}
		fmt.Fprintf(c.stdout, "no missed targets (%s, as of %s)\n", what, out.At)
	}
	return listErr
}
