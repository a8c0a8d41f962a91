package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/internal/gittest"
)

// TestSession works one sev1 from declaration to a closed incident with a
// published post-mortem, then reports on it, and checks every step's output,
// the JSON documents (golden files) and the repository with git.
func TestSession(t *testing.T) {
	u := newUser(t, "incidents.git")
	repo := u.repo
	step := func(d time.Duration, who []string, args ...string) string {
		t.Helper()
		u.later(d)
		return u.ok(cmd(who, args...)...)
	}
	expect := func(got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}

	expect(u.ok(cmd(ana, "init")...), "initialised bare repository "+repo+" with the default policy ([sev1 sev2 sev3])\n")
	expect(step(0, ana, "declare", "-title", "Checkout returns 502", "-severity", "sev1",
		"-summary", "Every checkout fails at the payment gateway.", "-component", "checkout", "-component", "payments-api"),
		"INC-2026-0001\n")
	expect(step(time.Minute, ana, "declare", "-title", "Search is slow", "-severity", "sev3"), "INC-2026-0002\n")
	const id = "INC-2026-0001"
	expect(step(6*time.Minute, bo, "ack", id), id+": acknowledged by Bo Commander\n")
	expect(step(0, bo, "ack", id), id+": no change\n")
	expect(step(time.Minute, bo, "assign", id, "commander", "Bo Commander <bo@example.com>"), id+": role commander none -> Bo Commander\n")
	expect(step(0, bo, "assign", id, "communicator", "Dee Comms <dee@example.com>"), id+": role communicator none -> Dee Comms\n")
	expect(step(time.Minute, bo, "status", id, "investigating", "-note", "paging payments on-call"),
		id+": status triage -> investigating: paging payments on-call\n")
	expect(step(2*time.Minute, dee, "update", id, "-public", "We are investigating failed checkouts."),
		id+": public update: We are investigating failed checkouts.\n")
	expect(step(time.Minute, dee, "update", id, "Checkout is down for all users."),
		id+": internal update: Checkout is down for all users.\n")
	expect(step(2*time.Minute, chen, "link", id, "deploy", "payments-api v2026.11.27-3", "-suspect"),
		id+": link deploy payments-api v2026.11.27-3\n")
	expect(step(time.Minute, chen, "note", id, "Connection pool exhausted since the 09:10 deploy."),
		id+": note: Connection pool exhausted since the 09:10 deploy.\n")
	expect(step(time.Minute, chen, "status", id, "identified"), id+": status investigating -> identified\n")
	expect(step(time.Minute, bo, "severity", id, "sev2", "-reason", "card payments only"),
		id+": severity sev1 -> sev2: card payments only\n")

	// Reads: the JSON documents are golden files.
	golden(t, "json/show.json", normalize(u.ok("show", id, "-json")))
	golden(t, "text/show.txt", u.ok("show", id))
	golden(t, "json/list.json", normalize(u.ok("list", "-json")))
	golden(t, "json/list-filtered.json", normalize(u.ok("list", "-status", "open", "-severity", "sev3", "-json")))
	expect(u.ok("list", "-status", "identified"), id+"  sev2  identified  2026-11-27 09:00  Checkout returns 502\n")
	expect(u.ok("list", "-status", "resolved"), "")
	golden(t, "json/history.json", normalize(u.ok("history", id, "-json")))
	hist := u.ok("history", id)
	if n := strings.Count(hist, "\n"); n != 11 || !strings.Contains(hist, "  Bo Commander <bo@example.com>  "+id+": severity sev1 -> sev2") {
		t.Errorf("history, %d lines:\n%s", n, hist)
	}
	u.later(time.Hour)
	golden(t, "json/sla.json", normalize(u.ok("sla", "-json")))
	golden(t, "text/sla.txt", u.ok("sla"))
	expect(u.ok("sla", "INC-2026-0002"), "INC-2026-0002  ack_missing: not acknowledged 1h16m after declaration; target 1h (16m late)\n")
	expect(u.ok("sla", id), id+"  public_silence: no public update for 1h6m after the update at 2026-11-27T09:11:00Z (ongoing); cadence 1h (6m over)\n"+
		id+"  internal_silence: no internal update for 1h5m after the update at 2026-11-27T09:12:00Z (ongoing); cadence 1h (5m over)\n")

	// Mitigate and resolve; the post-mortem follows.
	expect(step(5*time.Minute, chen, "status", id, "monitoring", "-note", "rolled back payments-api"),
		id+": status identified -> monitoring: rolled back payments-api\n")
	expect(step(30*time.Minute, bo, "status", id, "resolved"), id+": status monitoring -> resolved\n")
	u.fail(1, cmd(bo, "status", id, "closed")...) // the policy requires a post-mortem for sev2

	u.later(time.Hour)
	draft := filepath.Join(u.dir, "pm.md")
	expect(u.ok(cmd(ana, "postmortem", "draft", id, "-o", draft)...), id+": post-mortem drafted in "+draft+"\n")
	r := u.fail(1, "postmortem", "lint", draft)
	if r.stdout != "" || !strings.HasPrefix(r.stderr, draft+":16:1: completeness: section \"Summary\" still has a to-do") {
		t.Errorf("lint of the draft:\n%s", r)
	}
	for _, line := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
		if !strings.HasPrefix(line, draft+":") {
			t.Errorf("lint finding not as file:line:col: %q", line)
		}
	}
	var lint lintJSON
	r = u.run("postmortem", "lint", "-json", draft)
	if err := json.Unmarshal([]byte(r.stdout), &lint); err != nil || r.code != 1 || len(lint.Findings) < 10 || lint.Findings[0].Line != 16 {
		t.Errorf("lint -json: %v\n%s", err, r)
	}
	data, err := os.ReadFile(draft)
	if err != nil {
		t.Fatal(err)
	}
	written := filepath.Join(u.dir, "written.md")
	if err := os.WriteFile(written, []byte(fillDraft(string(data))), 0o666); err != nil {
		t.Fatal(err)
	}
	expect(u.ok("postmortem", "lint", written), "")
	if html := u.ok("postmortem", "render", "-html", written); !strings.Contains(html, "<article") || !strings.Contains(html, "Size the pool") {
		t.Errorf("render -html:\n%s", html)
	}
	u.later(time.Hour)
	out := u.ok(cmd(ana, "postmortem", "propose", written)...)
	if !strings.HasPrefix(out, id+": post-mortem proposed on branch postmortem/"+id+" (") {
		t.Errorf("propose: %q", out)
	}
	if md := u.ok("postmortem", "render", id); !strings.Contains(md, "status: in_review") {
		t.Errorf("render of the post-mortem under review:\n%s", md)
	}
	u.fail(1, cmd(bo, "postmortem", "publish", id)...) // nobody approved it yet
	u.later(time.Hour)
	expect(u.ok(cmd(bo, "postmortem", "approve", id)...), id+": post-mortem approved by Bo Commander on branch postmortem/"+id+"\n")
	u.later(10 * time.Minute)
	expect(u.ok(cmd(bo, "postmortem", "publish", id)...), id+": post-mortem published (branch postmortem/"+id+" merged)\n")
	expect(u.ok("postmortem", "lint", id), "")
	expect(step(time.Minute, bo, "status", id, "closed", "-note", "follow-up tracked in A1, A2"), id+": status resolved -> closed (+1 more)\n")

	// Reports, the status page and customer messages.
	u.later(time.Hour)
	golden(t, "json/report.json", u.ok("report", "-json"))
	page := filepath.Join(u.dir, "report.html")
	if text := u.ok("report", "-html", page); !strings.HasPrefix(text, "Incident report as of "+u.now.Format(time.RFC3339)) {
		t.Errorf("report:\n%s", text)
	}
	if html, err := os.ReadFile(page); err != nil || !strings.Contains(string(html), "<svg") {
		t.Errorf("report -html: %v\n%.300s", err, html)
	}
	sec, err := strconv.ParseInt(git(t, repo, "show", "-s", "--format=%ct", "main~16"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	then := time.Unix(sec, 0).UTC().Format(time.RFC3339)
	if text := u.ok("report", "-rev", "main~16"); !strings.HasPrefix(text, "Incident report as of "+then) || !strings.Contains(text, "sev1   1         1     0") {
		t.Errorf("report -rev main~16, want it as of %s:\n%s", then, text)
	}
	site := filepath.Join(u.dir, "site")
	expect(u.ok("statuspage", "build", site, "-title", "Example status"),
		"status page written to "+site+" (index.html, feed.atom, status.json)\n")
	for _, name := range []string{"index.html", "feed.atom", "status.json"} {
		data, err := os.ReadFile(filepath.Join(site, name))
		if err != nil || !strings.Contains(string(data), "We are investigating failed checkouts.") || strings.Contains(string(data), "all users") {
			t.Errorf("%s: %v: public update missing or internal update shown\n%s", name, err, data)
		}
	}
	expect(u.ok("message", id), "Resolved: Checkout returns 502\n\nThis incident has been resolved as of 2026-11-27 10:52 UTC. We are sorry for the trouble it caused.\n")
	expect(u.ok(cmd(dee, "message", "INC-2026-0002", "-post")...), "Investigating: Search is slow\n\n"+
		"We are investigating a problem.\nWe will post an update as soon as we know more.\n"+
		"INC-2026-0002: public update: Investigating: Search is slow We are...\n")

	// What git sees: one commit per change, by the person acting.
	log := git(t, repo, "log", "--reverse", "--first-parent", "--format=%an <%ae>|%s", "main")
	golden(t, "text/git-log.txt", log+"\n")
	if branches := git(t, repo, "branch", "--format=%(refname:short)"); branches != "main\npostmortem/"+id {
		t.Errorf("branches:\n%s", branches)
	}
	if parents := git(t, repo, "log", "-1", "--merges", "--format=%P", "main"); strings.Count(parents, " ") != 1 {
		t.Errorf("no two-parent publish merge: %q", parents)
	}
	gittest.Fsck(t, repo)
}

// fillDraft writes what the team writes into a drafted post-mortem: every
// to-do replaced, two action items.
func fillDraft(draft string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(draft, "\n") {
		if !strings.HasPrefix(line, "_TODO:") {
			b.WriteString(line)
			continue
		}
		switch {
		case strings.Contains(line, "one line per action item"):
			b.WriteString("- [ ] Alert when the pool is more than 80% used (owner: @chen, due: 2026-12-11, type: detect, priority: p2, id: A1)\n" +
				"- [ ] Size the pool from the traffic forecast (owner: @ana, due: 2026-12-18, type: prevent, priority: p2, id: A2)\n")
		default:
			b.WriteString("The database pool was fixed at 20 connections and nothing tied it to the expected traffic.\n")
		}
	}
	return b.String()
}
