package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

var cmdPostmortem = &command{name: "postmortem", synopsis: "draft|lint|render|propose|approve|publish ...",
	summary: "draft, lint, render and review post-mortems",
	help: `Postmortem works on an incident's blameless post-mortem, a Markdown file
reviewed like code: draft one from the incident into a file, edit it, lint
it, propose it for review (it goes on branch postmortem/ID, which can be
pushed and opened as a pull request), approve it, and publish it (a merge
into the main branch). Where a subcommand takes ID|FILE, an argument that is
an incident ID names the post-mortem in the repository (on the main branch,
else on its review branch); anything else is a file (write ./NAME for a file
named like an ID).`,
	run: func(c *cli, cmd *command, args []string) error {
		return c.group(cmd.name, cmd.help, pmCommands, args)
	}}

var pmCommands = []*command{
	{name: "draft", parent: "postmortem", synopsis: "ID [-o FILE]", summary: "draft a post-mortem from the incident",
		help: `Draft writes the start of a post-mortem for the incident: the facts it
already knows (summary, impact, responders, the whole timeline) and to-do
placeholders for what the team must write. It prints the Markdown, or writes
it to a new file with -o. Nothing is committed: edit the file, then lint and
propose it.`,
		run: runPMDraft},
	{name: "lint", parent: "postmortem", synopsis: "ID|FILE [-json]", summary: "check a post-mortem",
		help: `Lint checks a post-mortem for to-dos left, missing sections, action items
without owner, due date or type, a timeline that disagrees with the incident,
and blaming language. Findings go to standard error as
"file:line:col: rule: message", and the exit status is 1 when there are any.
A file is checked against its incident when the repository has it. -json
prints the findings as a JSON document on standard output instead.`,
		run: runPMLint},
	{name: "render", parent: "postmortem", synopsis: "ID|FILE [-html]", summary: "print a post-mortem as Markdown or HTML",
		help: `Render prints a post-mortem in its canonical Markdown form, or with -html as
an HTML fragment that is safe to serve (raw HTML and dangerous links removed).`,
		run: runPMRender},
	{name: "propose", parent: "postmortem", synopsis: "ID|FILE", summary: "put a post-mortem up for review",
		help: `Propose puts the post-mortem, in review, on branch postmortem/ID (one commit)
and records on the incident that its post-mortem is in review. Push the
branch and open a pull request from it, or review it here with approve.
Proposing again replaces the text under review.`,
		run: runPMPropose},
	{name: "approve", parent: "postmortem", synopsis: "ID", summary: "approve a post-mortem under review",
		help: `Approve records your approval of the post-mortem on its review branch.`,
		run:  runPMApprove},
	{name: "publish", parent: "postmortem", synopsis: "ID", summary: "publish an approved post-mortem",
		help: `Publish merges the approved review branch into the main branch with a merge
commit that marks the post-mortem and the incident published. The incident
can then be closed.`,
		run: runPMPublish},
}

func runPMDraft(c *cli, cmd *command, args []string) error {
	fs := flags(cmd)
	out := fs.String("o", "", "write to the new `FILE` instead of standard output")
	pos, err := c.parse(fs, cmd, args, 1, 1)
	if err != nil {
		return err
	}
	if err := checkID(cmd, pos[0]); err != nil {
		return err
	}
	by, err := c.person()
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
	inc, err := st.Get(c.ctx, pos[0])
	if err != nil {
		return err
	}
	pol, err := st.Policy(c.ctx)
	if err != nil {
		return err
	}
	pm, err := postmortem.Draft(inc, pol, by, now)
	if err != nil {
		return err
	}
	data := postmortem.Render(pm)
	if *out == "" {
		_, err := c.stdout.Write(data)
		return err
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "%s: post-mortem drafted in %s\n", inc.ID, *out)
	return nil
}

// source is a post-mortem and where it came from.
type source struct {
	pm   *postmortem.Postmortem
	file string // the file name findings and errors use
	data []byte // the text, as in the file
}

// isID reports whether an ID|FILE argument is an incident ID.
func isID(arg string) bool { return incident.CheckID(arg) == nil }

// load reads the post-mortem arg names: an incident's, from st (its main
// branch, else its review branch), or a file's.
func (c *cli) load(st *gitstore.Store, arg string) (*source, error) {
	if !isID(arg) {
		data, err := os.ReadFile(arg)
		if err != nil {
			return nil, err
		}
		pm, err := postmortem.Parse(arg, data)
		if err != nil {
			return nil, err
		}
		return &source{pm: pm, file: arg, data: data}, nil
	}
	// The file as committed, so that findings and errors point at the
	// lines a person edited.
	name, data, err := store.PostmortemFile(c.ctx, st, arg)
	if err == nil {
		pm, err := postmortem.Parse(name, data)
		if err != nil {
			return nil, err
		}
		return &source{pm: pm, file: name, data: data}, nil
	}
	var pm *postmortem.Postmortem
	if errors.Is(err, store.ErrNotFound) {
		rev, rerr := store.PostmortemReview(c.ctx, st, arg)
		if rerr == nil {
			pm, err = rev.Postmortem, nil
		}
	}
	if errors.Is(err, store.ErrNotFound) {
		if _, gerr := st.Get(c.ctx, arg); gerr != nil {
			return nil, gerr
		}
		return nil, fmt.Errorf("%s has no post-mortem in the repository (start one with 'incidentctl postmortem draft %s')", arg, arg)
	}
	if err != nil {
		return nil, err
	}
	// Only under review: the review branch hands out the parsed value;
	// lint its canonical rendering, which is what the store wrote there.
	return &source{pm: pm, file: arg + "/postmortem.md", data: postmortem.Render(pm)}, nil
}

func runPMLint(c *cli, cmd *command, args []string) error {
	fs := flags(cmd)
	asJSON := fs.Bool("json", false, "print the findings as JSON on standard output")
	pos, err := c.parse(fs, cmd, args, 1, 1)
	if err != nil {
		return err
	}
	st, err := c.open()
	if err != nil && isID(pos[0]) {
		return err
	}
	var (
		inc *incident.Incident
		pol *severity.Policy
	)
	if err == nil {
		defer st.Close()
		if pol, err = st.Policy(c.ctx); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(c.stderr, "incidentctl: %v; linting without the incident\n", err)
		st = nil
	}
	var src *source
	if st == nil {
		data, err := os.ReadFile(pos[0])
		if err != nil {
			return err
		}
		src = &source{file: pos[0], data: data}
	} else {
		if src, err = c.load(st, pos[0]); err != nil {
			return err
		}
		inc, err = st.Get(c.ctx, src.pm.IncidentID)
		if errors.Is(err, store.ErrNotFound) {
			fmt.Fprintf(c.stderr, "incidentctl: %s is not in the repository; linting without the incident\n", src.pm.IncidentID)
		} else if err != nil {
			return err
		}
	}
	findings, err := postmortem.Lint(src.file, src.data, inc, pol)
	if err != nil {
		return err
	}
	if *asJSON {
		out := lintJSON{File: src.file, Findings: []lintFindingJSON{}}
		for _, f := range findings {
			out.Findings = append(out.Findings, toLintFindingJSON(f))
		}
		if err := writeJSON(c.stdout, out); err != nil {
			return err
		}
	} else {
		for _, f := range findings {
			fmt.Fprintln(c.stderr, f)
		}
	}
	if len(findings) > 0 {
		return errReported
	}
	return nil
}

func runPMRender(c *cli, cmd *command, args []string) error {
	fs := flags(cmd)
	asHTML := fs.Bool("html", false, "print an HTML fragment instead of Markdown")
	pos, err := c.parse(fs, cmd, args, 1, 1)
	if err != nil {
		return err
	}
	var st *gitstore.Store
	if isID(pos[0]) {
		if st, err = c.open(); err != nil {
			return err
		}
		defer st.Close()
	}
	src, err := c.load(st, pos[0])
	if err != nil {
		return err
	}
	if !*asHTML {
		_, err := c.stdout.Write(postmortem.Render(src.pm))
		return err
	}
	html, err := postmortem.RenderHTML(src.pm)
	if err != nil {
		return err
	}
	_, err = c.stdout.Write(html)
	return err
}

func runPMPropose(c *cli, cmd *command, args []string) error {
	pos, err := c.parse(flags(cmd), cmd, args, 1, 1)
	if err != nil {
		return err
	}
	st, by, err := c.write()
	if err != nil {
		return err
	}
	defer st.Close()
	src, err := c.load(st, pos[0])
	if err != nil {
		return err
	}
	rev, err := store.ProposePostmortem(c.ctx, st, src.pm, by)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "%s: post-mortem proposed on branch %s (%.10s)\n", rev.IncidentID, rev.Branch, rev.Head)
	return nil
}

func runPMApprove(c *cli, cmd *command, args []string) error {
	return reviewStep(c, cmd, args, store.ApprovePostmortem, func(rev *store.Review, by incident.Person) string {
		return fmt.Sprintf("%s: post-mortem approved by %s on branch %s", rev.IncidentID, by.Name, rev.Branch)
	})
}

func runPMPublish(c *cli, cmd *command, args []string) error {
	return reviewStep(c, cmd, args, store.PublishPostmortem, func(rev *store.Review, _ incident.Person) string {
		return fmt.Sprintf("%s: post-mortem published (branch %s merged)", rev.IncidentID, rev.Branch)
	})
}

// reviewStep runs a review step that takes an incident ID (approve,
// publish) as the acting person and prints what it did.
func reviewStep(c *cli, cmd *command, args []string,
	step func(context.Context, store.Store, string, incident.Person) (*store.Review, error),
	done func(*store.Review, incident.Person) string) error {
	pos, err := c.parse(flags(cmd), cmd, args, 1, 1)
	if err != nil {
		return err
	}
	if err := checkID(cmd, pos[0]); err != nil {
		return err
	}
	st, by, err := c.write()
	if err != nil {
		return err
	}
	defer st.Close()
	rev, err := step(c.ctx, st, pos[0], by)
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, done(rev, by))
	return nil
}
