package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/internal/gittest"
)

// TestWorktree works in a non-bare repository: the work tree and the index
// follow every change, so git status stays clean.
func TestWorktree(t *testing.T) {
	u := newUser(t, "records")
	if out := u.ok(cmd(ana, "init", "-worktree")...); out != "initialised repository "+u.repo+" with the default policy ([sev1 sev2 sev3])\n" {
		t.Errorf("init -worktree: %q", out)
	}
	id := strings.TrimSpace(u.ok(cmd(ana, "declare", "-title", "Queue backlog", "-severity", "sev2", "-component", "queue")...))
	u.later(time.Minute)
	u.ok(cmd(bo, "status", id, "investigating")...)
	u.ok(cmd(bo, "update", id, "-public", "We are looking into delayed emails.")...)
	if st := git(t, u.repo, "status", "--porcelain"); st != "" {
		t.Errorf("git status after writes:\n%s", st)
	}
	if files := git(t, u.repo, "ls-files"); files != ".incidentkit/policy.yaml\nincidents/2026/11/"+id+"/incident.yaml" {
		t.Errorf("files:\n%s", files)
	}
	gittest.Fsck(t, u.repo)
}

// TestInvalidFile puts a hand-edited incident file that does not parse on
// the branch, as a merged pull request would: list shows the others and
// reports the file as file:line:col on standard error, exit 1.
func TestInvalidFile(t *testing.T) {
	u := newUser(t, "records")
	u.ok(cmd(ana, "init", "-worktree")...)
	good := strings.TrimSpace(u.ok(cmd(ana, "declare", "-title", "Good", "-severity", "sev3")...))
	bad := strings.TrimSpace(u.ok(cmd(ana, "declare", "-title", "Bad", "-severity", "sev3")...))
	file := "incidents/2026/11/" + bad + "/incident.yaml"
	data, err := os.ReadFile(filepath.Join(u.repo, file))
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), "status: triage", "status: on fire", 1)
	if err := os.WriteFile(filepath.Join(u.repo, file), []byte(edited), 0o666); err != nil {
		t.Fatal(err)
	}
	git(t, u.repo, "commit", "-q", "-am", "hand edit")
	line := 0
	for i, l := range strings.Split(edited, "\n") {
		if strings.HasPrefix(l, "status:") {
			line = i + 1
		}
	}
	wantErr := file + ":" + strconv.Itoa(line) + ":9: status: "
	r := u.fail(1, "list")
	if !strings.HasPrefix(r.stdout, good+"  sev3  triage") || strings.Contains(r.stdout, bad) || !strings.HasPrefix(r.stderr, wantErr) {
		t.Errorf("list with an invalid file: want stderr starting %q\n%s", wantErr, r)
	}
	if r := u.fail(1, "show", bad); !strings.HasPrefix(r.stderr, wantErr) || r.stdout != "" {
		t.Errorf("show of an invalid file: want stderr starting %q\n%s", wantErr, r)
	}
	if r := u.fail(1, "list", "-json"); !strings.Contains(r.stdout, `"id": "`+good+`"`) || !strings.HasPrefix(r.stderr, wantErr) {
		t.Errorf("list -json with an invalid file:\n%s", r)
	}
	// History shows the valid revisions, then the bad one's error.
	if r := u.fail(1, "history", bad); !strings.Contains(r.stdout, bad+": declared sev3: Bad") || !strings.HasPrefix(r.stderr, wantErr) {
		t.Errorf("history of an incident with an invalid revision: want the declaration and stderr starting %q\n%s", wantErr, r)
	}

	// A post-mortem merged by hand, with blank lines the canonical form
	// would not have: lint by ID reports the committed file at the lines
	// the person sees, and once it is broken, the error at its line.
	draft := u.ok(cmd(ana, "postmortem", "draft", good)...)
	pmFile := "incidents/2026/11/" + good + "/postmortem.md"
	commitPM := func(text, msg string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(u.repo, pmFile), []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
		git(t, u.repo, "add", pmFile)
		git(t, u.repo, "commit", "-q", "-m", msg)
	}
	lineOf := func(text, prefix string) string {
		for i, l := range strings.Split(text, "\n") {
			if strings.HasPrefix(l, prefix) {
				return strconv.Itoa(i + 1)
			}
		}
		t.Fatalf("no line starting %q in\n%s", prefix, text)
		return ""
	}
	edited = strings.Replace(draft, "\n## Summary\n", "\n\n\n\n## Summary\n", 1)
	commitPM(edited, "post-mortem merged by hand")
	wantErr = pmFile + ":" + lineOf(edited, "_TODO: two or three") + ":1: "
	if r := u.fail(1, "postmortem", "lint", good); !strings.Contains(r.stderr, wantErr) {
		t.Errorf("lint of a hand-edited post-mortem: want a finding at %q\n%s", wantErr, r)
	}
	edited = strings.Replace(edited, "status: draft", "status: finished", 1)
	commitPM(edited, "post-mortem broken by hand")
	wantErr = pmFile + ":" + lineOf(edited, "status:") + ":9: status: "
	if r := u.fail(1, "postmortem", "lint", good); !strings.HasPrefix(r.stderr, wantErr) {
		t.Errorf("lint of a hand-broken post-mortem: want stderr starting %q\n%s", wantErr, r)
	}
}

// TestSync shares records through a bare remote made by git: the first
// sync pushes, a second responder's sync clones, both declare the same ID
// offline, and sync renumbers one so that both clones converge.
func TestSync(t *testing.T) {
	u := newUser(t, "alice.git")
	remote := filepath.Join(u.dir, "remote.git")
	git(t, u.dir, "init", "-q", "--bare", remote)
	u.ok(cmd(ana, "init")...)
	first := strings.TrimSpace(u.ok(cmd(ana, "declare", "-title", "Checkout latency above 2s", "-severity", "sev2")...))
	if out := u.ok(cmd(ana, "sync", "-remote", remote)...); out != "synced with "+remote+": pushed\n" {
		t.Errorf("first sync: %q", out)
	}
	bob := filepath.Join(u.dir, "bob.git")
	if out := u.ok(cmd(bo, "-repo", bob, "sync", "-remote", remote)...); out != "cloned "+remote+" into "+bob+"\n" {
		t.Errorf("sync into a new repository: %q", out)
	}
	// Offline, both declare an incident: both get the next ID.
	u.later(time.Minute)
	a := strings.TrimSpace(u.ok(cmd(ana, "declare", "-title", "Search index stale", "-severity", "sev3")...))
	u.later(time.Minute)
	u.ok(cmd(bo, "-repo", bob, "note", first, "Rolled back the 14:02 deploy.")...)
	b := strings.TrimSpace(u.ok(cmd(bo, "-repo", bob, "declare", "-title", "Login emails delayed", "-severity", "sev3")...))
	if a != b {
		t.Fatalf("IDs %s and %s: want the same", a, b)
	}
	u.later(time.Minute)
	if out := u.ok(cmd(ana, "sync", "-remote", remote)...); out != "synced with "+remote+": pushed\n" {
		t.Errorf("alice's sync: %q", out)
	}
	want := "synced with " + remote + ": merged, pushed\nrenumbered INC-2026-0002 -> INC-2026-0003 (the same ID was declared on another clone)\n"
	// No -remote: the URL the clone recorded (remote.origin.url).
	if out := u.ok(cmd(bo, "-repo", bob, "sync")...); out != want {
		t.Errorf("bob's sync: %q, want %q", out, want)
	}
	if out := u.ok(cmd(ana, "sync", "-remote", remote)...); out != "synced with "+remote+": fast-forwarded\n" {
		t.Errorf("alice's second sync: %q", out)
	}
	lists := []string{u.ok("list"), u.ok("-repo", bob, "list")}
	if lists[0] != lists[1] || strings.Count(lists[0], "\n") != 3 || !strings.Contains(lists[0], "INC-2026-0003  sev3  triage") {
		t.Errorf("lists differ or are wrong:\n%s\n%s", lists[0], lists[1])
	}
	// The earlier declaration (Ana's, a minute before Bob's) keeps the ID.
	if !regexp.MustCompile(`INC-2026-0002  sev3  triage .* Search index stale\n`).MatchString(lists[0]) {
		t.Errorf("Ana's earlier declaration lost its ID:\n%s", lists[0])
	}
	for _, repo := range []string{remote, u.repo, bob} {
		gittest.Fsck(t, repo)
	}
	if tips := git(t, remote, "rev-parse", "main") + git(t, u.repo, "rev-parse", "main"); tips != strings.Repeat(git(t, bob, "rev-parse", "main"), 2) {
		t.Errorf("tips differ")
	}
}

// TestServe runs statuspage serve, reads the page, sees a new incident
// without a restart, and stops the server with SIGINT.
func TestServe(t *testing.T) {
	u := newUser(t, "incidents.git")
	u.ok(cmd(ana, "init")...)
	id := strings.TrimSpace(u.ok(cmd(ana, "declare", "-title", "Checkout fails", "-severity", "sev1", "-component", "checkout")...))
	u.ok(cmd(ana, "update", id, "internal: the db primary is down")...)
	u.ok(cmd(ana, "update", id, "-public", "We are investigating failed checkouts.")...)

	srv := exec.Command(binary, "statuspage", "serve", "127.0.0.1:0")
	srv.Dir = u.dir
	srv.Env = u.env()
	stdout, err := srv.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	srv.Stderr = &stderr
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Process.Kill()
	out := bufio.NewReader(stdout)
	line, err := out.ReadString('\n')
	if err != nil {
		t.Fatalf("reading the URL: %v; stderr: %s", err, stderr.String())
	}
	_, url, ok := strings.Cut(strings.TrimSpace(line), " on ")
	if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("first line: %q", line)
	}
	get := func(path string) string {
		t.Helper()
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %s %v", path, resp.Status, err)
		}
		return string(body)
	}
	for _, path := range []string{"", "feed.atom", "status.json"} {
		body := get(path)
		if !strings.Contains(body, "We are investigating failed checkouts.") || strings.Contains(body, "db primary") {
			t.Errorf("GET /%s: public update missing or internal update shown:\n%s", path, body)
		}
	}
	if body := get("status.json"); !strings.Contains(body, `"url": "`+url+`"`) {
		t.Errorf("status.json does not give the served address %s as its URL:\n%s", url, body)
	}
	second := strings.TrimSpace(u.ok(cmd(ana, "declare", "-title", "Search is down", "-severity", "sev2")...))
	if body := get("status.json"); !strings.Contains(body, `"id": "`+second+`"`) {
		t.Errorf("the new incident %s is not served without a restart:\n%s", second, body)
	}
	if err := srv.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(out)
	if err := srv.Wait(); err != nil || string(rest) != "stopped\n" {
		t.Errorf("after SIGINT: %v, stdout %q, stderr %q", err, rest, stderr.String())
	}
}
