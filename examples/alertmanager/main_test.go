package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/internal/gittest"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

// git runs the git CLI on the repository at dir.
var git = gittest.Run

// build compiles the receiver into a temporary directory, as a user would.
func build(t *testing.T) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go not in PATH: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "alertmanager")
	if out, err := exec.Command(gobin, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// proc is the receiver running as a process.
type proc struct {
	cmd            *exec.Cmd
	stdout, stderr *syncBuffer
	url            string // http://127.0.0.1:PORT/alertmanager
	exited         chan struct{}
	err            error // what Wait returned, once exited is closed
}

// start runs the binary and waits until it listens.
func start(t *testing.T, bin string, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(bin, args...), stdout: &syncBuffer{}, stderr: &syncBuffer{}, exited: make(chan struct{})}
	p.cmd.Env = append(os.Environ(), env...)
	pr, pw := io.Pipe()
	p.cmd.Stdout, p.cmd.Stderr = io.MultiWriter(p.stdout, pw), p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.err = p.cmd.Wait()
		pw.Close()
		close(p.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			p.cmd.Process.Kill()
			<-p.exited
		}
	})
	select {
	case p.url = <-listening(pr):
	case <-p.exited:
		t.Fatalf("receiver exited before listening: %v\nstdout:\n%s\nstderr:\n%s", p.err, p.stdout, p.stderr)
	case <-time.After(60 * time.Second):
		t.Fatalf("receiver not listening after 60s\nstdout:\n%s\nstderr:\n%s", p.stdout, p.stderr)
	}
	return p
}

// listening reads the receiver's standard output from r and sends the URL
// it listens on.
func listening(r io.Reader) <-chan string {
	c := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if _, rest, ok := strings.Cut(sc.Text(), "listening on "); ok {
				u, _, _ := strings.Cut(rest, ",")
				select {
				case c <- u:
				default:
				}
			}
		}
		io.Copy(io.Discard, r)
	}()
	return c
}

// TestRun runs the receiver in process, sends it a notification and stops
// it by cancelling its context.
func TestRun(t *testing.T) {
	repo := filepath.Join(t.TempDir(), "incidents.git")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var stdout, stderr syncBuffer
	getenv := func(k string) string {
		if k == tokenEnv {
			return testToken
		}
		return ""
	}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-repo", repo, "-init", "-addr", "127.0.0.1:0"}, getenv, io.MultiWriter(&stdout, pw), &stderr)
		pw.Close()
	}()
	var url string
	select {
	case url = <-listening(pr):
	case err := <-done:
		t.Fatalf("run = %v before listening\n%s", err, stderr.String())
	}
	code, answer := send(t, "POST", url, testToken, "application/json", testdata(t, "firing.json"))
	if code != 200 || !strings.HasSuffix(answer, "-0001 opened (triage)\n") {
		t.Errorf("answer %d %q", code, answer)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run = %v\n%s", err, stderr.String())
	}
	out := stdout.String()
	for _, s := range []string{"creating " + repo, "listening on http://127.0.0.1:", "-0001 opened (triage) for group", "shutting down", "stopped"} {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q:\n%s", s, out)
		}
	}
	if n := git(t, repo, "rev-list", "--count", "main"); n != "2" {
		t.Errorf("%s commits, want 2 (init, declare with the alert's link)", n)
	}
}

// stop sends sig and returns the exit code.
func (p *proc) stop(t *testing.T, sig os.Signal) int {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	<-p.exited
	var exit *exec.ExitError
	if p.err != nil && !errors.As(p.err, &exit) {
		t.Fatal(p.err)
	}
	return p.cmd.ProcessState.ExitCode()
}

// send posts body to url with the given token ("" for none) and content
// type, and returns the status and body of the answer.
func send(t *testing.T, method, url, token, ctype string, body []byte) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// TestBinary builds the receiver and runs it as a user would, against a
// repository made with gitstore.Init, and checks its answers, its output,
// its exit codes and the repository with the git CLI.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := build(t)
	tokenEnv := tokenEnv + "=" + testToken

	t.Run("usage", func(t *testing.T) {
		repo := filepath.Join(t.TempDir(), "incidents.git")
		st, err := gitstore.Init(repo, &gitstore.Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		st.Close()
		busy, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer busy.Close()
		for _, tt := range []struct {
			name   string
			env    []string
			args   []string
			code   int
			stderr string
		}{
			{"no token", nil, []string{"-repo", repo}, 2, "INCIDENTKIT_WEBHOOK_TOKEN is not set: the receiver does not run without a shared token"},
			{"short token", []string{tokenEnv[:len(tokenEnv)-len(testToken)] + "short"}, []string{"-repo", repo}, 2, "INCIDENTKIT_WEBHOOK_TOKEN is too short"},
			{"no repo flag", []string{tokenEnv}, nil, 2, "-repo is required"},
			{"bad flag", []string{tokenEnv}, []string{"-repo", repo, "-nope"}, 2, "flag provided but not defined: -nope"},
			{"bad severity map", []string{tokenEnv}, []string{"-repo", repo, "-severity-map", "critical"}, 2, "-severity-map: want value=level pairs"},
			{"level not in policy", []string{tokenEnv}, []string{"-repo", repo, "-severity-map", "critical=sev9"}, 2, "level sev9 is not in the repository's policy (sev1, sev2, sev3)"},
			{"missing repository", []string{tokenEnv}, []string{"-repo", repo + "-typo", "-addr", "127.0.0.1:0"}, 1, "no repository at " + repo + "-typo: create it with -init"},
			{"address in use", []string{tokenEnv}, []string{"-repo", repo, "-addr", busy.Addr().String()}, 1, "address already in use"},
			{"help", nil, []string{"-h"}, 0, "usage: INCIDENTKIT_WEBHOOK_TOKEN=TOKEN alertmanager -repo DIR"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				cmd := exec.Command(bin, tt.args...)
				cmd.Env = append(os.Environ(), tt.env...)
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				cmd.Run()
				if code := cmd.ProcessState.ExitCode(); code != tt.code || !strings.Contains(stderr.String(), tt.stderr) || stdout.Len() != 0 {
					t.Errorf("exit %d, stdout %q, stderr %q; want exit %d with %q", code, stdout.String(), stderr.String(), tt.code, tt.stderr)
				}
			})
		}
		if _, err := os.Stat(repo + "-typo"); !os.IsNotExist(err) {
			t.Errorf("a repository appeared at the mistyped path: %v", err)
		}
	})

	t.Run("init", func(t *testing.T) {
		repo := filepath.Join(t.TempDir(), "new.git")
		p := start(t, bin, []string{tokenEnv}, "-repo", repo, "-init", "-addr", "127.0.0.1:0")
		if code := p.stop(t, syscall.SIGTERM); code != 0 {
			t.Errorf("exit %d after SIGTERM\n%s", code, p.stderr)
		}
		if !strings.Contains(p.stdout.String(), "creating "+repo) {
			t.Errorf("stdout:\n%s", p.stdout)
		}
		gittest.Fsck(t, repo)
	})

	t.Run("serve", func(t *testing.T) { testServe(t, bin, tokenEnv) })
}

func testServe(t *testing.T, bin, tokenEnv string) {
	repo := filepath.Join(t.TempDir(), "incidents.git")
	st, err := gitstore.Init(repo, nil)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	args := []string{"-repo", repo, "-addr", "127.0.0.1:0", "-as", "Prometheus Alertmanager <am@example.com>",
		"-read-header-timeout", "300ms", "-read-timeout", "1s"}
	p := start(t, bin, []string{tokenEnv}, args...)
	head := func() string { return git(t, repo, "rev-parse", "main") }
	count := func() int {
		n, err := strconv.Atoi(git(t, repo, "rev-list", "--count", "main"))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	const jsonType = "application/json"
	base := strings.TrimSuffix(p.url, path)

	// Rejected requests write nothing.
	before := head()
	firing := testdata(t, "firing.json")
	for _, tt := range []struct {
		name, method, url, token, ctype string
		body                            []byte
		code                            int
		answer                          string
	}{
		{"wrong path", "POST", base + "/", testToken, jsonType, firing, 404, "not found"},
		{"file path", "GET", base + "/.git/config", testToken, "", nil, 404, "not found"},
		{"wrong method", "GET", p.url, testToken, "", nil, 405, "method not allowed"},
		{"missing token", "POST", p.url, "", jsonType, firing, 401, "unauthorized"},
		{"wrong token", "POST", p.url, "x" + testToken, jsonType, firing, 403, "forbidden: wrong token"},
		{"wrong content type", "POST", p.url, testToken, "application/x-www-form-urlencoded", firing, 415, "unsupported media type"},
		{"oversized", "POST", p.url, testToken, jsonType, append(firing, bytes.Repeat([]byte(" "), 1<<20)...), 413, "over the limit of 1048576"},
		{"malformed", "POST", p.url, testToken, jsonType, testdata(t, "malformed.json"), 400, "bad payload: unexpected end of JSON"},
		{"wrong types", "POST", p.url, testToken, jsonType, testdata(t, "wrong_types.json"), 400, "bad payload: alerts[0].startsAt: want a string, got a number"},
		{"wrong version", "POST", p.url, testToken, jsonType, testdata(t, "wrong_version.json"), 400, `bad payload: version: want "4", got "3"`},
		{"bad time", "POST", p.url, testToken, jsonType, testdata(t, "bad_time.json"), 400, "bad payload: alerts[0].startsAt: want an RFC 3339 time"},
		{"duplicate key", "POST", p.url, testToken, jsonType, testdata(t, "duplicate_key.json"), 400, `bad payload: line 43, column 3: duplicate key "groupKey"`},
	} {
		code, answer := send(t, tt.method, tt.url, tt.token, tt.ctype, tt.body)
		if code != tt.code || !strings.Contains(answer, tt.answer) {
			t.Errorf("%s: %d %q, want %d with %q", tt.name, code, answer, tt.code, tt.answer)
		}
	}
	if h := head(); h != before {
		t.Fatalf("rejected requests moved main from %s to %s:\n%s", before, h, git(t, repo, "log", "--oneline", "main"))
	}

	// A slow client loses its connection.
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(conn, "POST /alertmanager HTTP/1.1\r\nHost: x\r\nAuthor")
	conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	if got, err := io.ReadAll(conn); err != nil || len(got) != 0 && !strings.HasPrefix(string(got), "HTTP/1.1 4") {
		t.Errorf("slow client: read %q, %v; want the connection closed, with or without a 4xx answer", got, err)
	}
	conn.Close()

	// The story: a group fires, repeats, another group fires with three
	// alerts and grows, the first group resolves.
	n0 := count()
	for _, step := range []struct {
		file, answer string
		commits      int
	}{
		{"firing.json", "INC-2026-0001 opened (triage)", 1},
		{"firing.json", "INC-2026-0001 updated (triage)", 1},
		{"grouped.json", "INC-2026-0002 opened (triage)", 1},
		{"grouped_more.json", "INC-2026-0002 updated (triage)", 1},
		{"resolved.json", "INC-2026-0001 updated (monitoring)", 1},
	} {
		n := count()
		code, answer := send(t, "POST", p.url, testToken, jsonType, testdata(t, step.file))
		if want := strings.Replace(step.answer, "2026", strconv.Itoa(time.Now().UTC().Year()), 1); code != 200 || answer != want+"\n" {
			t.Fatalf("%s: %d %q, want 200 %q", step.file, code, answer, want)
		}
		if got := count() - n; got != step.commits {
			t.Errorf("%s: %d commits, want %d", step.file, got, step.commits)
		}
	}
	if code := p.stop(t, syscall.SIGTERM); code != 0 {
		t.Errorf("exit %d after SIGTERM", code)
	}
	out, errs := p.stdout.String(), p.stderr.String()
	for _, s := range []string{"listening on http://127.0.0.1:", "-0001 opened (triage) for group", "-0001 updated (monitoring)", "shutting down", "stopped"} {
		if !strings.Contains(out, s) {
			t.Errorf("stdout lacks %q:\n%s", s, out)
		}
	}
	for _, s := range []string{"401 unauthorized", "403 forbidden: wrong token", "413 ", "400 bad payload"} {
		if !strings.Contains(errs, s) {
			t.Errorf("stderr lacks %q:\n%s", s, errs)
		}
	}
	if strings.Contains(out+errs, testToken[:8]) {
		t.Errorf("the output shows the token")
	}

	// After a restart, the group's incident is found in the repository.
	p = start(t, bin, []string{tokenEnv}, args...)
	code, answer := send(t, "POST", p.url, testToken, jsonType, testdata(t, "resolved.json"))
	if code != 200 || !strings.Contains(answer, "-0001 updated (monitoring)") {
		t.Errorf("after restart: %d %q", code, answer)
	}
	if code := p.stop(t, syscall.SIGINT); code != 0 {
		t.Errorf("exit %d after SIGINT", code)
	}

	// The repository, seen by git.
	gittest.Fsck(t, repo)
	if got := count() - n0; got != 6 {
		t.Errorf("%d commits for the story, want 6", got)
	}
	authors := strings.Split(git(t, repo, "log", "--format=%an <%ae>", "-6", "main"), "\n")
	for _, a := range authors {
		if a != "Prometheus Alertmanager <am@example.com>" {
			t.Errorf("author %q", a)
		}
	}
	subjects := git(t, repo, "log", "--reverse", "--format=%s", "-6", "main")
	for _, s := range []string{"-0001: declared sev1: Checkout returns 5xx", "-0001: note: Alertmanager: group firing",
		"-0002: declared sev1: PaymentsLatencyHigh (+3 more)", "-0001: status triage -> monitoring"} {
		if !strings.Contains(subjects, s) {
			t.Errorf("commit subjects lack %q:\n%s", s, subjects)
		}
	}
	declared := git(t, repo, "log", "--format=%B", "--grep=-0001: declared", "main")
	if !strings.Contains(declared, "- link alert 3f1c2a9b8d7e6f50") {
		t.Errorf("the declaration commit lacks the alert's link:\n%s", declared)
	}
	files := git(t, repo, "ls-tree", "-r", "--name-only", "main")
	var first string
	for _, f := range strings.Split(files, "\n") {
		if strings.HasSuffix(f, "-0001/incident.yaml") {
			first = f
		}
	}
	if first == "" {
		t.Fatalf("no incident file:\n%s", files)
	}
	yaml := git(t, repo, "show", "main:"+first)
	for _, s := range []string{"status: monitoring", "severity: sev1", "- alertmanager\n", "- " + groupLabel(`{}:{alertname="CheckoutHighErrorRate"}`), "target: 3f1c2a9b8d7e6f50"} {
		if !strings.Contains(yaml, s) {
			t.Errorf("%s lacks %q:\n%s", first, s, yaml)
		}
	}
}
