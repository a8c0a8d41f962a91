// Incidentctl manages incidents kept in a Git repository from the command
// line: declare, acknowledge and work an incident, post status updates,
// check it against the severity policy's SLA targets, write and review its
// post-mortem, and sync the records with the team's shared remote.
//
// Build it from the module root and run it beside (or inside) a repository:
//
//	go build -o incidentctl ./examples/incidentctl
//	incidentctl -repo incidents.git init
//	id=$(incidentctl -repo incidents.git declare -title "Checkout returns 502" -severity sev1)
//	incidentctl -repo incidents.git ack "$id"
//
// Usage:
//
//	incidentctl [-repo DIR] [-as "Name <email>"] COMMAND [ARGUMENTS]
//
// The commands:
//
//	init [-worktree]                          create the repository with the default policy
//	declare -title T -severity L [-summary S] [-component C]...
//	        [-kind normal|drill|maintenance] [-start TIME -end TIME]
//	                                          declare an incident; prints its ID alone
//	ack ID                                    acknowledge
//	status ID STATUS [-note TEXT]             move to a status (closed and declined too)
//	assign ID ROLE PERSON                     hand a role to "Name <email>" (- for nobody)
//	update ID [-public] MESSAGE               post a status update (internal by default)
//	note ID TEXT                              add a note to the timeline
//	severity ID LEVEL [-reason TEXT]          change the severity
//	link ID alert|deploy|ticket VALUE [-title T] [-suspect]
//	show ID [-json]                           one incident
//	list [-status S] [-severity L] [-json]    incidents, most recent first
//	history ID [-json]                        every revision (commit) of an incident
//	sla [ID] [-json]                          missed SLA targets (every open incident without ID)
//	postmortem draft|lint|render|propose|approve|publish ...
//	                                          write, check and review the post-mortem
//	report [-json] [-html FILE] [-rev REV]    counts, response times, SLA compliance, follow-up
//	statuspage build DIR | serve ADDR         the public status page, as files or over HTTP
//	message ID [KIND] [-templates FILE] [-post]
//	                                          the customer message for the incident's status
//	sync [-remote URL]                        fetch, merge and push with a remote
//
// Every command and subcommand prints its help with -h. Flags and
// arguments may come in any order after the command ("update ID -public
// MSG" and "update -public ID MSG" are the same); "--" ends the flags.
//
// # Maintenance
//
// Planned work announced to customers is an incident of kind maintenance,
// declared with its planned window (RFC 3339 times, kept in UTC):
//
//	incidentctl declare -kind maintenance -title "Database upgrade" -severity sev3 \
//	    -component database -start 2026-12-03T02:00:00Z -end 2026-12-03T04:00:00Z
//
// show prints the window ("scheduled:"), show -json as "schedule", and
// statuspage build lists the maintenance with "Scheduled: 2026-12-03
// 02:00–04:00 UTC": scheduled until its start, in progress from its start
// (or once moved to investigating) until it is resolved, even past its end.
//
// # Repository and identity
//
// -repo names the repository, bare or not; its default is the environment
// variable INCIDENTKIT_REPO, else the current directory. init creates a bare
// repository (with -worktree a non-bare one) holding the default severity
// policy; sync clones the remote when the repository does not exist yet.
//
// Every change is one commit authored and committed by the person acting:
// -as "Name <email>", by default git's user.name and user.email as
// `git config` reports them in the repository. Commands that only read need
// no identity.
//
// # Output and exit status
//
// A command that changes an incident prints the subject of the commit it
// made ("INC-2026-0001: status triage -> investigating"), or "ID: no change"
// when there was nothing to write; declare prints the new ID alone. Errors go
// to standard error. Problems in a file (an incident file in the repository
// that does not parse, post-mortem lint findings) are printed one per line as
// "file:line:col: message"; anything else as "incidentctl: message".
//
// The exit status is 0 on success, 1 on failure (including lint findings)
// and 2 for a usage error: an unknown command, missing or extra arguments,
// a bad flag or a bad value for one. -h exits 0.
//
// # JSON output
//
// With -json a command prints one JSON document (indented, UTF-8, HTML not
// escaped). Field names are stable; fields marked "omitted when empty" are
// left out when they have no value. Times are RFC 3339 in UTC with whole
// seconds ("2026-11-27T09:00:00Z"); durations are whole seconds; people are
// "Name <email>" strings.
//
// show ID -json prints an incident:
//
//	{
//	  "id": "INC-2026-0001",
//	  "uid": "01J...",                  // immutable ULID
//	  "aliases": ["INC-2026-0002"],     // earlier IDs; omitted when empty
//	  "title": "...", "summary": "...", // summary omitted when empty
//	  "kind": "normal",                 // normal, drill or maintenance
//	  "severity": "sev1",
//	  "status": "investigating",
//	  "open": true,                     // status is triage to monitoring
//	  "schedule": {"start": TIME, "end": TIME}, // a maintenance's planned window;
//	                                    // omitted when it has none
//	  "milestones": {"declared": TIME, "acknowledged": TIME, ...},
//	                                    // impact_started, detected, declared, acknowledged,
//	                                    // mitigated, resolved, closed; each omitted when unset
//	  "roles": {"commander": "Bo <bo@example.com>"},          // omitted when empty
//	  "components": [{"name": "checkout", "status": "major_outage"}],
//	  "impact": {"users_affected": 0, "customers_affected": 0,
//	             "customer_facing": "...", "business": "..."}, // omitted when empty
//	  "links": [{"kind": "deploy", "target": "...", "title": "...", "suspect": true}],
//	  "labels": ["..."],
//	  "postmortem": {"status": "draft", "waived_reason": "..."}, // omitted when none
//	  "decline_reason": "...", "merged_into": "...",            // omitted when empty
//	  "timeline": [{"id": "...", "at": TIME, "actor": PERSON, "kind": "status",
//	                "subject": "...", "from": "...", "to": "...", "text": "..."}],
//	  "updates": [{"id": "...", "at": TIME, "actor": PERSON, "audience": "public",
//	               "status": "investigating", "message": "..."}]
//	}
//
// components, links, labels, timeline and updates are always present (empty
// lists as []); in timeline entries subject, from, to and text are omitted
// when empty.
//
// list -json prints {"incidents": [ITEM, ...]}, most recently declared first,
// each ITEM:
//
//	{"id": "...", "title": "...", "kind": "normal", "severity": "sev1",
//	 "status": "triage", "open": true, "declared": TIME,
//	 "acknowledged": TIME, "resolved": TIME,   // omitted when unset
//	 "commander": PERSON,                      // omitted when nobody
//	 "components": ["checkout"]}               // always present
//
// history ID -json prints the revisions of an incident, oldest first:
//
//	{"id": "INC-2026-0001", "revisions": [{"revision": "<commit hash>",
//	  "author": PERSON, "at": TIME, "subject": "INC-2026-0001: declared ...",
//	  "message": "<whole commit message>", "status": "triage", "severity": "sev1"}]}
//
// sla [ID] -json prints the findings as of now:
//
//	{"at": TIME, "incidents": [{"id": "...", "severity": "sev1", "status": "...",
//	  "findings": [{"rule": "ack_late", "at": TIME, "target_seconds": 300,
//	                "actual_seconds": 420, "over_seconds": 120,
//	                "message": "acknowledged 7m after declaration; target 5m (2m late)"}]}]}
//
// Every incident checked is listed, with "findings": [] when it met its targets.
//
// postmortem lint -json prints {"file": "...", "findings": [{"file": "...",
// "line": 12, "column": 1, "rule": "completeness", "message": "..."}]}.
//
// report -json prints the report package's document (Report.JSON: now,
// severities, months, total, excluded, overdue_action_items, problems), and
// statuspage build writes the statuspage package's status.json (Page.JSON);
// their fields are documented, and kept stable, there.
//
// # Environment
//
//	INCIDENTKIT_REPO  the repository when -repo is not given
//	INCIDENTKIT_NOW   a fixed clock, RFC 3339 ("2026-11-27T09:00:00Z"): every
//	                  change and every "now" (SLA, deadlines) uses it. For
//	                  scripted demos, replays and tests, as GIT_COMMITTER_DATE
//	                  is for git.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// commands lists the commands in the order the help shows them.
var commands = []*command{
	cmdInit, cmdDeclare, cmdAck, cmdStatus, cmdAssign, cmdUpdate, cmdNote, cmdSeverity, cmdLink,
	cmdShow, cmdList, cmdHistory, cmdSLA, cmdPostmortem, cmdReport, cmdStatuspage, cmdMessage, cmdSync,
}

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// cli is one invocation: where output goes and what the global flags said.
type cli struct {
	ctx            context.Context
	stdout, stderr io.Writer
	getenv         func(string) string

	repo string // -repo
	as   string // -as
}

// run runs incidentctl with args (without the program name) and returns
// the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	c := &cli{ctx: ctx, stdout: stdout, stderr: stderr, getenv: getenv}
	return c.exit(c.main(args))
}

// main parses the global flags and runs the command.
func (c *cli) main(args []string) error {
	fs := flag.NewFlagSet("incidentctl", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.repo, "repo", "", "the repository `DIR` (default $INCIDENTKIT_REPO, else the current directory)")
	fs.StringVar(&c.as, "as", "", "act as `\"Name <email>\"` (default git config user.name and user.email)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c.usage(c.stdout, fs)
			return errHelp
		}
		return &usageError{cmd: "", msg: err.Error()}
	}
	if c.repo == "" {
		c.repo = c.getenv("INCIDENTKIT_REPO")
	}
	if c.repo == "" {
		c.repo = "."
	}
	args = fs.Args()
	if len(args) == 0 {
		return &usageError{msg: "no command"}
	}
	for _, cmd := range commands {
		if cmd.name == args[0] {
			return cmd.run(c, cmd, args[1:])
		}
	}
	return &usageError{msg: fmt.Sprintf("unknown command %q", args[0])}
}

// usage prints the global help.
func (c *cli) usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, "usage: incidentctl [-repo DIR] [-as \"Name <email>\"] COMMAND [ARGUMENTS]\n\n")
	fmt.Fprint(w, "Incidentctl manages incidents kept in a Git repository.\n\ncommands:\n")
	for _, cmd := range commands {
		fmt.Fprintf(w, "  %-11s %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprint(w, "\nglobal flags:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	fmt.Fprint(w, "\nRun 'incidentctl COMMAND -h' for a command's help.\n")
}

// exit reports err the way its kind asks and returns the exit status.
func (c *cli) exit(err error) int {
	if err == nil || errors.Is(err, errHelp) {
		return exitOK
	}
	var ue *usageError
	if errors.As(err, &ue) {
		name := "incidentctl"
		if ue.cmd != "" {
			name += " " + ue.cmd
		}
		fmt.Fprintf(c.stderr, "%s: %s\n", name, ue.msg)
		fmt.Fprintf(c.stderr, "Run '%s -h' for help.\n", name)
		return exitUsage
	}
	if errors.Is(err, errReported) {
		return exitFailure
	}
	c.printError(err)
	return exitFailure
}

// printError prints err on standard error: the problems of an invalid
// document one per line as "file:line:col: field: message", anything else
// as "incidentctl: message".
func (c *cli) printError(err error) {
	var de *incidentInvalid
	if errors.As(err, &de) && len(de.Problems) > 0 {
		for _, p := range de.Problems {
			if p.File == "" {
				fmt.Fprintf(c.stderr, "incidentctl: %s\n", p)
				continue
			}
			fmt.Fprintln(c.stderr, p)
		}
		return
	}
	fmt.Fprintf(c.stderr, "incidentctl: %s\n", strings.TrimSpace(err.Error()))
}
