package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/severity"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

// The commands that change the records.
var (
	cmdInit = &command{name: "init", synopsis: "[-worktree]", summary: "create the repository with the default severity policy",
		help: `Init creates the repository named by -repo with the default severity policy
(sev1, sev2, sev3) in .incidentkit/policy.yaml, as its first commit. The
repository is bare, as recommended for a shared store; -worktree makes a
non-bare one whose files can be read and edited in place.`,
		run: runInit}
	cmdDeclare = &command{name: "declare", synopsis: "-title T -severity LEVEL [-summary S] [-component C]... [-kind normal|drill|maintenance] [-start TIME -end TIME]", summary: "declare an incident and print its ID",
		help: `Declare declares a new incident in status triage and prints its ID alone,
so that scripts can capture it: id=$(incidentctl declare -title ... -severity sev1).
-component may be repeated (or take a comma-separated list); each is marked
as affected.

-kind says what it is: normal (a real incident, the default), drill (an
exercise, kept out of metrics and the status page) or maintenance (planned
work announced to customers; its components are marked as in maintenance).
-start and -end give a maintenance's planned window, both together, as
RFC 3339 times (2026-12-03T02:00:00Z, or with an offset such as
2026-12-03T03:00:00+01:00; kept in UTC to the second); the status page
shows it ("Scheduled: 2026-12-03 02:00–04:00 UTC"). They need
-kind maintenance, and -end must be after -start.`,
		run: runDeclare}
	cmdAck = &command{name: "ack", synopsis: "ID", summary: "acknowledge an incident",
		help: `Ack records that you have taken the incident on. Acknowledging twice changes nothing.`,
		run:  runAck}
	cmdStatus = &command{name: "status", synopsis: "ID STATUS [-note TEXT]", summary: "move an incident to a status",
		help: `Status moves the incident to STATUS: triage, investigating, identified,
monitoring, resolved, closed or declined. The lifecycle decides which moves
are allowed. Closing needs a published (or waived) post-mortem when the policy
requires one; declining needs -note, the reason. Merging a duplicate is not
done here.`,
		run: runStatus}
	cmdAssign = &command{name: "assign", synopsis: "ID ROLE PERSON", summary: "hand a role to a person",
		help: `Assign hands ROLE (commander, lead, communicator, or a role of your own such
as scribe) to PERSON, written "Name <email>". PERSON "-" leaves the role
empty. The hand-off stays in the timeline.`,
		run: runAssign}
	cmdUpdate = &command{name: "update", synopsis: "ID [-public] MESSAGE", summary: "post a status update",
		help: `Update posts a status update: to stakeholders inside the company, or with
-public to customers (it then shows on the status page).`,
		run: runUpdate}
	cmdNote = &command{name: "note", synopsis: "ID TEXT", summary: "add a note to the timeline",
		help: `Note adds a free-text note to the incident's timeline.`,
		run:  runNote}
	cmdSeverity = &command{name: "severity", synopsis: "ID LEVEL [-reason TEXT]", summary: "change the severity",
		help: `Severity changes the incident's severity to LEVEL, a level of the
repository's policy. The change and its reason stay in the timeline.`,
		run: runSeverity}
	cmdLink = &command{name: "link", synopsis: "ID alert|deploy|ticket|incident|other VALUE [-title T] [-suspect]", summary: "link an alert, deploy or ticket",
		help: `Link records something outside the incident: the alert that fired, a deploy
(-suspect marks it as a suspected cause), the ticket tracking follow-up work,
a related incident, or anything else (other). VALUE is a URL or an ID in the
other system. Linking the same kind and value again updates its title and
suspect mark.`,
		run: runLink}
)

func runInit(c *cli, cmd *command, args []string) error {
	fs := flags(cmd)
	worktree := fs.Bool("worktree", false, "create a non-bare repository with a work tree")
	if _, err := c.parse(fs, cmd, args, 0, 0); err != nil {
		return err
	}
	by, err := c.person()
	if err != nil {
		return err
	}
	opts, err := c.options(by)
	if err != nil {
		return err
	}
	opts.Worktree = *worktree
	st, err := gitstore.Init(c.repo, opts)
	if errors.Is(err, store.ErrExist) {
		return fmt.Errorf("%s already holds a repository", c.repo)
	}
	if err != nil {
		return err
	}
	defer st.Close()
	kind := "bare repository"
	if *worktree {
		kind = "repository"
	}
	pol, err := st.Policy(c.ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "initialised %s %s with the default policy (%v)\n", kind, c.repo, pol.Names())
	return nil
}

func runDeclare(c *cli, cmd *command, args []string) error {
	fs := flags(cmd)
	title := fs.String("title", "", "the `title`: what is wrong, as users see it (required)")
	level := fs.String("severity", "", "the severity `LEVEL`, e.g. sev1 (required)")
	summary := fs.String("summary", "", "a longer `summary`")
	var components listFlag
	fs.Var(&components, "component", "an affected `component` (repeatable)")
	kind := fs.String("kind", string(incident.KindNormal), "the `KIND` of incident: normal, drill or maintenance")
	var start, end timeFlag
	fs.Var(&start, "start", "the planned start of a maintenance, RFC 3339 `TIME` (with -end)")
	fs.Var(&end, "end", "the planned end of a maintenance, RFC 3339 `TIME` (with -start)")
	if _, err := c.parse(fs, cmd, args, 0, 0); err != nil {
		return err
	}
	if *title == "" || *level == "" {
		return &usageError{cmd: cmd.full(), msg: "-title and -severity are required"}
	}
	k := incident.Kind(*kind)
	switch {
	case !k.Valid():
		return &usageError{cmd: cmd.full(), msg: fmt.Sprintf("-kind %q: want normal, drill or maintenance", *kind)}
	case (start.IsZero() || end.IsZero()) && !(start.IsZero() && end.IsZero()):
		return &usageError{cmd: cmd.full(), msg: "-start and -end go together"}
	case !start.IsZero() && k != incident.KindMaintenance:
		return &usageError{cmd: cmd.full(), msg: "-start and -end are only for -kind maintenance"}
	case !start.IsZero() && !end.Truncate(time.Second).After(start.Truncate(time.Second)):
		// Compared as kept: in whole seconds.
		return &usageError{cmd: cmd.full(), msg: "-end must be after -start"}
	}
	st, by, err := c.write()
	if err != nil {
		return err
	}
	defer st.Close()
	inc, err := st.Create(c.ctx, incident.Declaration{
		Title: *title, Summary: *summary, Severity: *level, Components: components, Kind: k,
		Schedule: incident.Schedule{Start: start.Time, End: end.Time},
	}, by)
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, inc.ID)
	return nil
}

func runAck(c *cli, cmd *command, args []string) error {
	pos, err := c.parse(flags(cmd), cmd, args, 1, 1)
	if err != nil {
		return err
	}
	return c.change(cmd, pos[0], func(_ *gitstore.Store, by incident.Person) (store.UpdateFunc, error) {
		return func(inc *incident.Incident, at time.Time) error { return inc.Acknowledge(by, at) }, nil
	})
}

func runStatus(c *cli, cmd *command, args []string) error {
	fs := flags(cmd)
	note := fs.String("note", "", "why, or what changed (the reason, to decline)")
	pos, err := c.parse(fs, cmd, args, 2, 2)
	if err != nil {
		return err
	}
	to := incident.Status(pos[1])
	if !to.Valid() || to == incident.StatusMerged {
		return &usageError{cmd: cmd.full(), msg: fmt.Sprintf("unknown status %q; want triage, investigating, identified, monitoring, resolved, closed or declined", pos[1])}
	}
	if to == incident.StatusDeclined && *note == "" {
		return &usageError{cmd: cmd.full(), msg: "declining needs the reason in -note"}
	}
	return c.change(cmd, pos[0], func(st *gitstore.Store, by incident.Person) (store.UpdateFunc, error) {
		switch to {
		case incident.StatusDeclined:
			return func(inc *incident.Incident, at time.Time) error { return inc.Decline(*note, by, at) }, nil
		case incident.StatusClosed:
			pol, err := st.Policy(c.ctx)
			if err != nil {
				return nil, err
			}
			return func(inc *incident.Incident, at time.Time) error {
				if err := inc.Close(pol, by, at); err != nil {
					return err
				}
				if *note != "" {
					return inc.AddNote(*note, by, at)
				}
				return nil
			}, nil
		}
		return func(inc *incident.Incident, at time.Time) error { return inc.SetStatus(to, *note, by, at) }, nil
	})
}

func runAssign(c *cli, cmd *command, args []string) error {
	pos, err := c.parse(flags(cmd), cmd, args, 3, 3)
	if err != nil {
		return err
	}
	role := incident.Role(pos[1])
	if !role.Valid() {
		return &usageError{cmd: cmd.full(), msg: fmt.Sprintf("bad role %q: lower-case letters, digits, - and _, starting with a letter", pos[1])}
	}
	var p incident.Person
	if pos[2] != "-" {
		if p, err = incident.ParsePerson(pos[2]); err != nil {
			return &usageError{cmd: cmd.full(), msg: fmt.Sprintf("bad person %q: want \"Name <email>\", or - for nobody", pos[2])}
		}
	}
	return c.change(cmd, pos[0], func(_ *gitstore.Store, by incident.Person) (store.UpdateFunc, error) {
		return func(inc *incident.Incident, at time.Time) error { return inc.Assign(role, p, by, at) }, nil
	})
}

func runUpdate(c *cli, cmd *command, args []string) error {
	fs := flags(cmd)
	public := fs.Bool("public", false, "post to customers (the status page) instead of stakeholders")
	pos, err := c.parse(fs, cmd, args, 2, 2)
	if err != nil {
		return err
	}
	aud := incident.AudienceInternal
	if *public {
		aud = incident.AudiencePublic
	}
	return c.change(cmd, pos[0], func(_ *gitstore.Store, by incident.Person) (store.UpdateFunc, error) {
		return func(inc *incident.Incident, at time.Time) error { return inc.PostUpdate(aud, pos[1], by, at) }, nil
	})
}

func runNote(c *cli, cmd *command, args []string) error {
	pos, err := c.parse(flags(cmd), cmd, args, 2, 2)
	if err != nil {
		return err
	}
	return c.change(cmd, pos[0], func(_ *gitstore.Store, by incident.Person) (store.UpdateFunc, error) {
		return func(inc *incident.Incident, at time.Time) error { return inc.AddNote(pos[1], by, at) }, nil
	})
}

func runSeverity(c *cli, cmd *command, args []string) error {
	fs := flags(cmd)
	reason := fs.String("reason", "", "why the severity changed")
	pos, err := c.parse(fs, cmd, args, 2, 2)
	if err != nil {
		return err
	}
	if !severity.ValidName(pos[1]) {
		return &usageError{cmd: cmd.full(), msg: fmt.Sprintf("bad level %q: want a level name like sev1", pos[1])}
	}
	return c.change(cmd, pos[0], func(_ *gitstore.Store, by incident.Person) (store.UpdateFunc, error) {
		return func(inc *incident.Incident, at time.Time) error { return inc.SetSeverity(pos[1], *reason, by, at) }, nil
	})
}

func runLink(c *cli, cmd *command, args []string) error {
	fs := flags(cmd)
	title := fs.String("title", "", "a human `title` for the link")
	suspect := fs.Bool("suspect", false, "mark a deploy or change as a suspected cause")
	pos, err := c.parse(fs, cmd, args, 3, 3)
	if err != nil {
		return err
	}
	kind := incident.LinkKind(pos[1])
	if !kind.Valid() {
		return &usageError{cmd: cmd.full(), msg: fmt.Sprintf("unknown link kind %q; want alert, deploy, ticket, incident or other", pos[1])}
	}
	l := incident.Link{Kind: kind, Target: pos[2], Title: *title, Suspect: *suspect}
	return c.change(cmd, pos[0], func(_ *gitstore.Store, by incident.Person) (store.UpdateFunc, error) {
		return func(inc *incident.Incident, at time.Time) error { return inc.AddLink(l, by, at) }, nil
	})
}
