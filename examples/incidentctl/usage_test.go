package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHelp checks that -h prints each command's help on standard output
// and exits 0; the help texts are golden files.
func TestHelp(t *testing.T) {
	u := newUser(t, "")
	check := func(name string, args ...string) {
		t.Helper()
		r := u.run(args...)
		if r.code != 0 || r.stderr != "" || !strings.HasPrefix(r.stdout, "usage: incidentctl") {
			t.Errorf("incidentctl %s:\n%s", strings.Join(args, " "), r)
			return
		}
		golden(t, "help/"+name+".txt", r.stdout)
	}
	check("incidentctl", "-h")
	for _, c := range commands {
		check(c.name, c.name, "-h")
	}
	check("postmortem", "postmortem", "-h")
	for _, c := range pmCommands {
		check("postmortem-"+c.name, "postmortem", c.name, "-h")
	}
	for _, c := range spCommands {
		check("statuspage-"+c.name, "statuspage", c.name, "-h")
	}
	// Help works wherever -h is, even with arguments that would not do.
	check("update", "update", "INC-2026-0001", "-h")
}

// TestUsageErrors checks the exit status 2 and the message for command
// lines that make no sense; nothing is written.
func TestUsageErrors(t *testing.T) {
	u := newUser(t, "incidents.git")
	u.ok(cmd(ana, "init")...)
	before := git(t, u.repo, "rev-parse", "main")
	for _, tc := range []struct {
		args []string
		want string // standard error's first line
	}{
		{nil, "incidentctl: no command"},
		{[]string{"frobnicate"}, `incidentctl: unknown command "frobnicate"`},
		{[]string{"-bogus", "list"}, "incidentctl: flag provided but not defined: -bogus"},
		{[]string{"ack"}, "incidentctl ack: missing arguments; usage: incidentctl ack ID"},
		{[]string{"ack", "INC-2026-0001", "extra"}, `incidentctl ack: unexpected argument "extra"; usage: incidentctl ack ID`},
		{[]string{"ack", "inc-1"}, `incidentctl ack: "inc-1" is not an incident ID like INC-2026-0001`},
		{[]string{"declare", "-title", "x"}, "incidentctl declare: -title and -severity are required"},
		{[]string{"declare", "-title"}, "incidentctl declare: flag needs an argument: -title"},
		{[]string{"show", "-x", "INC-2026-0001"}, "incidentctl show: flag provided but not defined: -x"},
		{[]string{"status", "INC-2026-0001", "bogus"}, `incidentctl status: unknown status "bogus"; want triage, investigating, identified, monitoring, resolved, closed or declined`},
		{[]string{"status", "INC-2026-0001", "declined"}, "incidentctl status: declining needs the reason in -note"},
		{[]string{"assign", "INC-2026-0001", "Commander", "Bo"}, `incidentctl assign: bad role "Commander": lower-case letters, digits, - and _, starting with a letter`},
		{[]string{"assign", "INC-2026-0001", "lead", "Bo <bo"}, `incidentctl assign: bad person "Bo <bo": want "Name <email>", or - for nobody`},
		{[]string{"link", "INC-2026-0001", "pager", "x"}, `incidentctl link: unknown link kind "pager"; want alert, deploy, ticket, incident or other`},
		{[]string{"severity", "INC-2026-0001", "SEV1"}, `incidentctl severity: bad level "SEV1": want a level name like sev1`},
		{[]string{"list", "-status", "done"}, `incidentctl list: -status: unknown status "done"`},
		{[]string{"sla", "a", "b"}, `incidentctl sla: unexpected argument "b"; usage: incidentctl sla [ID] [-json]`},
		{[]string{"postmortem"}, "incidentctl postmortem: missing subcommand; want one of draft, lint, render, propose, approve, publish"},
		{[]string{"postmortem", "edit"}, `incidentctl postmortem: unknown subcommand "edit"; want one of draft, lint, render, propose, approve, publish`},
		{[]string{"postmortem", "lint"}, "incidentctl postmortem lint: missing arguments; usage: incidentctl postmortem lint ID|FILE [-json]"},
		{[]string{"-as", "Ana <", "ack", "INC-2026-0001"}, `incidentctl: -as "Ana <": want "Name <email>"`},
		{[]string{"sync"}, "incidentctl sync: no remote: pass -remote URL or set git config remote.origin.url"},
	} {
		r := u.fail(2, cmd(ana, tc.args...)...)
		lines := strings.Split(r.stderr, "\n")
		if lines[0] != tc.want || !strings.HasPrefix(lines[1], "Run 'incidentctl") || r.stdout != "" {
			t.Errorf("incidentctl %s: got\n%s\nwant first line %q", strings.Join(tc.args, " "), r, tc.want)
		}
	}
	if after := git(t, u.repo, "rev-parse", "main"); after != before {
		t.Errorf("a usage error wrote a commit")
	}
}

// TestFailures checks exit status 1 and the message for commands that make
// sense but cannot be done.
func TestFailures(t *testing.T) {
	u := newUser(t, "incidents.git")
	r := u.fail(1, "list")
	if want := "incidentctl: no repository at " + u.repo + ": create one with 'incidentctl init', or name it with -repo or INCIDENTKIT_REPO\n"; r.stderr != want {
		t.Errorf("list without a repository: %q, want %q", r.stderr, want)
	}
	if r := u.fail(1, "-repo", u.dir, "list"); r.stderr != "incidentctl: no repository at "+u.dir+": create one with 'incidentctl init', or name it with -repo or INCIDENTKIT_REPO\n" {
		t.Errorf("list in a directory that is not a repository:\n%s", r)
	}
	if r := u.fail(1, "init"); !strings.HasPrefix(r.stderr, `incidentctl: who is acting? pass -as "Name <email>" or set git config user.name and user.email`) {
		t.Errorf("init without an identity:\n%s", r)
	}
	u.ok(cmd(ana, "init")...)
	if r := u.fail(1, cmd(ana, "init")...); r.stderr != "incidentctl: "+u.repo+" already holds a repository\n" {
		t.Errorf("init twice:\n%s", r)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"declare", "-title", "x", "-severity", "sev9"}, "sev9"},
		{[]string{"show", "INC-2026-0009"}, "not found"},
		{[]string{"ack", "INC-2026-0009"}, "not found"},
		{[]string{"postmortem", "lint", "missing.md"}, "missing.md: no such file"},
	} {
		r := u.fail(1, cmd(ana, tc.args...)...)
		if !strings.HasPrefix(r.stderr, "incidentctl: ") || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("incidentctl %s: want a message with %q, got\n%s", strings.Join(tc.args, " "), tc.want, r)
		}
	}
	id := strings.TrimSpace(u.ok(cmd(ana, "declare", "-title", "x", "-severity", "sev3")...))
	if r := u.fail(1, cmd(ana, "status", id, "closed")...); !strings.Contains(r.stderr, "closed") {
		t.Errorf("a move the lifecycle refuses:\n%s", r)
	}
	if r := u.fail(1, cmd(ana, "postmortem", "lint", id)...); !strings.Contains(r.stderr, id+" has no post-mortem") {
		t.Errorf("lint of a missing post-mortem:\n%s", r)
	}
	// A post-mortem that does not parse: each problem as file:line:col.
	broken := "---\nincident: " + id + "\nstatus: finished\n---\n\n# x\n"
	if err := os.WriteFile(filepath.Join(u.dir, "broken.md"), []byte(broken), 0o666); err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{"lint", "render", "propose"} {
		r := u.fail(1, cmd(ana, "postmortem", sub, "broken.md")...)
		if !strings.HasPrefix(r.stderr, "broken.md:3:9: status: ") || r.stdout != "" {
			t.Errorf("postmortem %s of a file that does not parse:\n%s", sub, r)
		}
	}
}

// TestArgumentOrder checks that flags may come before, between or after
// the positional arguments.
func TestArgumentOrder(t *testing.T) {
	u := newUser(t, "incidents.git")
	u.ok(cmd(ana, "init")...)
	id := strings.TrimSpace(u.ok(cmd(ana, "declare", "-severity", "sev2", "-title", "Login fails")...))
	for _, args := range [][]string{
		{"update", id, "-public", "first"},
		{"update", "-public", id, "second"},
		{"update", id, "third", "-public"},
		{"update", id, "--", "-fourth, internal"},
		{"update", "-public=false", id, "fifth, internal"},
	} {
		u.later(time.Second)
		u.ok(cmd(ana, args...)...)
	}
	u.ok(cmd(ana, "status", "-note", "note before", id, "investigating")...)
	u.ok(cmd(ana, "status", id, "identified", "-note", "note after")...)
	u.ok(cmd(ana, "status", id, "-note=note between", "monitoring")...)
	var inc incidentJSON
	if err := json.Unmarshal([]byte(u.ok("show", "-json", id)), &inc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, up := range inc.Updates {
		got = append(got, up.Audience+" "+up.Message)
	}
	for _, e := range inc.Timeline {
		if e.Kind == "status" {
			got = append(got, e.To+" "+e.Text)
		}
	}
	want := []string{"public first", "public second", "public third", "internal -fourth, internal", "internal fifth, internal",
		"investigating note before", "identified note after", "monitoring note between"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestIdentity checks where the acting person comes from: -as, else git's
// configuration in the repository.
func TestIdentity(t *testing.T) {
	u := newUser(t, "incidents.git")
	u.ok(cmd(as("Ana Alert <ana@example.com>"), "init")...)
	r := u.fail(1, "declare", "-title", "x", "-severity", "sev3")
	if r.stderr != "incidentctl: who is acting? pass -as \"Name <email>\" or set git config user.name and user.email\n" {
		t.Errorf("no identity:\n%s", r)
	}
	git(t, u.repo, "config", "user.name", "Gita Config")
	git(t, u.repo, "config", "user.email", "gita@example.com")
	u.ok("declare", "-title", "x", "-severity", "sev3")
	u.ok(cmd(as("Ana Alert <ana@example.com>"), "ack", "INC-2026-0001")...)
	got := git(t, u.repo, "log", "--format=%an <%ae>|%cn <%ce>", "main")
	want := "Ana Alert <ana@example.com>|Ana Alert <ana@example.com>\n" +
		"Gita Config <gita@example.com>|Gita Config <gita@example.com>\n" +
		"Ana Alert <ana@example.com>|Ana Alert <ana@example.com>"
	if got != want {
		t.Errorf("authors and committers:\n%s\nwant\n%s", got, want)
	}
}
