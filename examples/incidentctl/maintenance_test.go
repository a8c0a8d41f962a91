package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMaintenance declares a maintenance with a planned window and checks
// what show -json and statuspage build make of it.
func TestMaintenance(t *testing.T) {
	u := newUser(t, "incidents.git") // the clock is at 2026-11-27 09:00 UTC
	u.ok(cmd(ana, "init")...)
	id := strings.TrimSpace(u.ok(cmd(ana, "declare", "-kind", "maintenance", "-title", "Database upgrade", "-severity", "sev3",
		"-component", "database", "-start", "2026-12-03T03:00:00+01:00", "-end", "2026-12-03T04:00:00Z")...))
	if id != "INC-2026-0001" {
		t.Fatalf("declare printed %q", id)
	}
	u.later(10 * time.Minute)
	u.ok(cmd(dee, "update", id, "-public", "We will upgrade the database on December 3.")...)

	var shown struct {
		Kind     string `json:"kind"`
		Status   string `json:"status"`
		Schedule *struct {
			Start string `json:"start"`
			End   string `json:"end"`
		} `json:"schedule"`
		Components []struct {
			Name   string `json:"name"`
			Status string `json:"status"`
		} `json:"components"`
	}
	out := u.ok("show", id, "-json")
	if err := json.Unmarshal([]byte(out), &shown); err != nil {
		t.Fatalf("show -json: %v\n%s", err, out)
	}
	if shown.Kind != "maintenance" || shown.Status != "triage" || shown.Schedule == nil ||
		shown.Schedule.Start != "2026-12-03T02:00:00Z" || shown.Schedule.End != "2026-12-03T04:00:00Z" ||
		len(shown.Components) != 1 || shown.Components[0].Status != "maintenance" {
		t.Errorf("show -json:\n%s", out)
	}
	if text := u.ok("show", id); !strings.Contains(text, "\nscheduled: ") || !strings.Contains(text, " 2026-12-03T02:00:00Z to 2026-12-03T04:00:00Z\n") {
		t.Errorf("show lacks the window:\n%s", text)
	}

	// A normal incident has no schedule in its JSON.
	normal := strings.TrimSpace(u.ok(cmd(ana, "declare", "-title", "Search is slow", "-severity", "sev3")...))
	if out := u.ok("show", normal, "-json"); strings.Contains(out, `"schedule"`) || !strings.Contains(out, `"kind": "normal"`) {
		t.Errorf("show -json of a normal incident:\n%s", out)
	}

	site := filepath.Join(u.dir, "site")
	u.ok("statuspage", "build", site)
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(site, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	var page struct {
		Maintenance []map[string]any `json:"maintenance"`
	}
	if err := json.Unmarshal([]byte(read("status.json")), &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Maintenance) != 1 {
		t.Fatalf("status.json lists %d maintenance, want 1:\n%s", len(page.Maintenance), read("status.json"))
	}
	m := page.Maintenance[0]
	if m["id"] != id || m["status"] != "scheduled" || m["scheduled_start"] != "2026-12-03T02:00:00Z" || m["scheduled_end"] != "2026-12-03T04:00:00Z" {
		t.Errorf("status.json maintenance = %v", m)
	}
	if html := read("index.html"); !strings.Contains(html, `Scheduled: <time datetime="2026-12-03T02:00:00Z">2026-12-03 02:00</time>–<time datetime="2026-12-03T04:00:00Z">04:00 UTC</time>`) {
		t.Errorf("index.html lacks the window:\n%s", html)
	}
	if feed := read("feed.atom"); !strings.Contains(feed, "We will upgrade the database on December 3.&#xA;&#xA;Scheduled: 2026-12-03 02:00–04:00 UTC</content>") {
		t.Errorf("feed.atom lacks the window:\n%s", feed)
	}

	// Drills are declared too, and never shown on the page.
	drill := strings.TrimSpace(u.ok(cmd(ana, "declare", "-kind", "drill", "-title", "Game day", "-severity", "sev2")...))
	if out := u.ok("show", drill, "-json"); !strings.Contains(out, `"kind": "drill"`) {
		t.Errorf("show -json of a drill:\n%s", out)
	}
}

// TestDeclareKindUsage checks the usage errors of -kind, -start and -end:
// exit 2, and nothing written.
func TestDeclareKindUsage(t *testing.T) {
	u := newUser(t, "incidents.git")
	u.ok(cmd(ana, "init")...)
	before := git(t, u.repo, "rev-parse", "main")
	base := []string{"declare", "-title", "Upgrade", "-severity", "sev3"}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-kind", "planned"}, `incidentctl declare: -kind "planned": want normal, drill or maintenance`},
		{[]string{"-kind", "maintenance", "-start", "2026-12-03T02:00:00Z"}, "incidentctl declare: -start and -end go together"},
		{[]string{"-kind", "maintenance", "-end", "2026-12-03T02:00:00Z"}, "incidentctl declare: -start and -end go together"},
		{[]string{"-start", "2026-12-03T02:00:00Z", "-end", "2026-12-03T04:00:00Z"}, "incidentctl declare: -start and -end are only for -kind maintenance"},
		{[]string{"-kind", "drill", "-start", "2026-12-03T02:00:00Z", "-end", "2026-12-03T04:00:00Z"}, "incidentctl declare: -start and -end are only for -kind maintenance"},
		{[]string{"-kind", "maintenance", "-start", "2026-12-03T04:00:00Z", "-end", "2026-12-03T02:00:00Z"}, "incidentctl declare: -end must be after -start"},
		{[]string{"-kind", "maintenance", "-start", "2026-12-03T02:00:00Z", "-end", "2026-12-03T02:00:00.5Z"}, "incidentctl declare: -end must be after -start"},
		{[]string{"-kind", "maintenance", "-start", "2026-12-03 02:00", "-end", "2026-12-03T04:00:00Z"},
			`incidentctl declare: invalid value "2026-12-03 02:00" for flag -start: want an RFC 3339 time like 2026-12-03T02:00:00Z`},
	} {
		r := u.fail(2, cmd(ana, append(append([]string{}, base...), tc.args...)...)...)
		if first, _, _ := strings.Cut(r.stderr, "\n"); first != tc.want || r.stdout != "" {
			t.Errorf("declare %s: got\n%s\nwant first line %q", strings.Join(tc.args, " "), r, tc.want)
		}
	}
	if after := git(t, u.repo, "rev-parse", "main"); after != before {
		t.Errorf("a usage error wrote a commit")
	}
}
