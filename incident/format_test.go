package incident_test

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/severity"
)

// Fixtures of the file-format tests; their names start with ff so they do
// not collide with the lifecycle tests' fx helpers.
var (
	ffT0    = time.Date(2026, 11, 27, 14, 7, 0, 0, time.UTC)
	ffAlice = incident.Person{Name: "Alice Martin", Email: "alice@example.com"}
	ffBob   = incident.Person{Name: "Bob Chen", Email: "bob@example.com"}
	ffCarol = incident.Person{Name: "Carol"}
)

// ffAt returns ffT0 plus m minutes.
func ffAt(m int) time.Time { return ffT0.Add(time.Duration(m) * time.Minute) }

// ffStep fails the test on a lifecycle error.
func ffStep(t *testing.T, err error) {
	t.Helper()
	require.NoError(t, err)
}

// ffSamples builds incidents through the lifecycle API, one per story. Their
// formatted bytes are the canonical files in testdata/valid.
func ffSamples(t *testing.T) map[string]*incident.Incident {
	t.Helper()
	out := map[string]*incident.Incident{}

	// A sev1 outage, worked through to resolution.
	inc, err := incident.New(incident.Declaration{
		ID: "INC-2026-0042", UID: "01JDQ6X3V4M8K2P9R5T7W0Y1Z3",
		Title:         "Checkout returns 502 for card payments",
		Severity:      "sev2",
		ImpactStarted: ffAt(-9),
		Detected:      ffAt(-4),
		Components:    []string{"checkout", "payments-api"},
		Labels:        []string{"payments", "checkout"},
	}, ffAlice, ffT0)
	require.NoError(t, err)
	ffStep(t, inc.Assign(incident.RoleCommander, ffAlice, ffAlice, ffAt(1)))
	ffStep(t, inc.Assign(incident.RoleLead, ffBob, ffAlice, ffAt(1)))
	ffStep(t, inc.Assign("scribe", ffCarol, ffAlice, ffAt(2)))
	ffStep(t, inc.SetStatus(incident.StatusInvestigating, "paging payments on-call", ffAlice, ffAt(2)))
	ffStep(t, inc.SetSeverity("sev1", "all card payments fail", ffAlice, ffAt(3)))
	ffStep(t, inc.AddLink(incident.Link{Kind: incident.LinkAlert, Target: "https://alerts.example.com/a/8841", Title: "5xx rate > 5%"}, ffBob, ffAt(3)))
	ffStep(t, inc.AddLink(incident.Link{Kind: incident.LinkDeploy, Target: "payments-api@v2.31.0", Title: "14:02 deploy", Suspect: true}, ffBob, ffAt(5)))
	ffStep(t, inc.PostUpdate(incident.AudiencePublic, "We are investigating failed card payments at checkout.", ffAlice, ffAt(6)))
	ffStep(t, inc.SetSummary("Payments API pods crash-looped after the 14:02 deploy.\nCard checkout failed for about 40 minutes.\n", ffAlice, ffAt(8)))
	ffStep(t, inc.AddNote("Rollback of payments-api to v2.30.4 started; the new connection pool setting exhausts database connections under load.", ffBob, ffAt(10)))
	ffStep(t, inc.SetStatus(incident.StatusIdentified, "bad pool size in v2.31.0", ffBob, ffAt(11)))
	ffStep(t, inc.SetComponent("checkout", incident.ComponentDegraded, ffBob, ffAt(20)))
	ffStep(t, inc.SetStatus(incident.StatusMonitoring, "rollback done, error rate back to normal", ffBob, ffAt(24)))
	ffStep(t, inc.SetComponent("checkout", incident.ComponentOperational, ffBob, ffAt(24)))
	ffStep(t, inc.SetComponent("payments-api", incident.ComponentOperational, ffBob, ffAt(24)))
	ffStep(t, inc.PostUpdate(incident.AudienceInternal, "Rolled back.\nWatching the error rate for 30 minutes\nbefore resolving.", ffAlice, ffAt(25)))
	ffStep(t, inc.SetImpact(12000, 340, "Card payments failed at checkout.", "About 40 minutes of card revenue delayed.", ffAlice, ffAt(30)))
	ffStep(t, inc.SetStatus(incident.StatusResolved, "", ffAlice, ffAt(55)))
	ffStep(t, inc.PostUpdate(incident.AudiencePublic, "Card payments work again. We are sorry for the trouble.", ffAlice, ffAt(56)))
	ffStep(t, inc.SetPostmortem(incident.PostmortemDraft, ffAlice, ffAt(90)))
	out["resolved"] = inc

	// A page that turned out to be a bug.
	inc, err = incident.New(incident.Declaration{
		ID: "INC-2026-0043", UID: "01JDQ7A0000000000000000000",
		Title: "Slow search for one tenant", Severity: "sev3",
	}, ffCarol, ffAt(60))
	require.NoError(t, err)
	ffStep(t, inc.Decline("a missing index for one tenant's data: filed as BUG-1881", ffBob, ffAt(70)))
	out["declined"] = inc

	// A duplicate.
	inc, err = incident.New(incident.Declaration{
		ID: "INC-2026-0044", UID: "01JDQ7B0000000000000000000",
		Title: "Card payments failing", Severity: "sev2",
	}, ffBob, ffAt(8))
	require.NoError(t, err)
	ffStep(t, inc.AddLink(incident.Link{Kind: incident.LinkIncident, Target: "INC-2026-0042"}, ffBob, ffAt(9)))
	ffStep(t, inc.MergeInto("INC-2026-0042", ffBob, ffAt(9)))
	out["merged"] = inc

	// A drill, closed with a waived post-mortem, and strings that need care.
	inc, err = incident.New(incident.Declaration{
		ID: "DRILL-7", UID: "01JDQ7C0000000000000000000",
		Title: "yes", Summary: "1.0", Severity: "sev1", Kind: incident.KindDrill,
		Labels: []string{"no", "game-day", "2026"},
	}, ffCarol, ffAt(0))
	require.NoError(t, err)
	ffStep(t, inc.Acknowledge(ffBob, ffAt(1)))
	ffStep(t, inc.AddNote("null", ffBob, ffAt(2)))
	ffStep(t, inc.AddNote("  indented: # not a comment", ffBob, ffAt(2)))
	ffStep(t, inc.AddNote("tab\tand trailing space ", ffBob, ffAt(2)))
	ffStep(t, inc.AddNote("line one\n  line two, indented\n\n\nafter blank lines\n\n", ffBob, ffAt(3)))
	ffStep(t, inc.AddNote("- not a list\n- really", ffBob, ffAt(3)))
	ffStep(t, inc.AddNote("Ünïcödé ✓ and a very long line that goes on and on past the width of eighty columns without a break", ffBob, ffAt(3)))
	ffStep(t, inc.SetStatus(incident.StatusResolved, "2026-11-27", ffBob, ffAt(4)))
	ffStep(t, inc.WaivePostmortem("a drill: the findings go to the game-day notes", ffBob, ffAt(5)))
	ffStep(t, inc.Close(severity.Default(), ffBob, ffAt(6)))
	out["drill-closed"] = inc

	// Planned maintenance, a role handed over and one emptied.
	inc, err = incident.New(incident.Declaration{
		ID: "MAINT-2026-3", UID: "01JDQ7D0000000000000000000",
		Title: "Database upgrade", Severity: "sev3", Kind: incident.KindMaintenance,
		Components: []string{"api", "dashboard"},
	}, ffAlice, ffAt(0))
	require.NoError(t, err)
	ffStep(t, inc.Assign(incident.RoleCommunicator, ffCarol, ffAlice, ffAt(1)))
	ffStep(t, inc.Assign(incident.RoleCommander, ffAlice, ffAlice, ffAt(1)))
	ffStep(t, inc.Assign(incident.RoleCommander, ffBob, ffAlice, ffAt(30)))
	ffStep(t, inc.Assign(incident.RoleCommunicator, incident.Person{}, ffAlice, ffAt(31)))
	ffStep(t, inc.SetStatus(incident.StatusMonitoring, "", ffBob, ffAt(40)))
	ffStep(t, inc.SetComponent("api", incident.ComponentOperational, ffBob, ffAt(41)))
	ffStep(t, inc.SetStatus(incident.StatusInvestigating, "replication lag is back", ffBob, ffAt(45)))
	out["maintenance"] = inc

	return out
}

// TestFormatLifecycle formats incidents built through the lifecycle API,
// compares the bytes with testdata/valid, and reads them back.
func TestFormatLifecycle(t *testing.T) {
	for name, inc := range ffSamples(t) {
		t.Run(name, func(t *testing.T) {
			data, err := incident.Format(inc)
			require.NoError(t, err)
			golden(t, filepath.Join("testdata", "valid", name+".yaml"), data)

			got, err := incident.Parse(name+".yaml", data)
			require.NoError(t, err)
			// The file does not tell an empty roles map from none.
			if diff := cmp.Diff(inc, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Parse(Format(v)) differs from v (-v +parsed):\n%s", diff)
			}
			again, err := incident.Format(inc.Clone())
			require.NoError(t, err)
			require.Equal(t, string(data), string(again), "Format is not deterministic")
		})
	}
}

// TestValidFiles checks that every canonical file formats to itself.
func TestValidFiles(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "valid", "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			inc, err := incident.Parse(file, data)
			require.NoError(t, err)
			got, err := incident.Format(inc)
			require.NoError(t, err)
			if diff := cmp.Diff(string(data), string(got)); diff != "" {
				t.Errorf("Format(Parse(%s)) mismatch (-file +formatted):\n%s", file, diff)
			}
		})
	}
}

func TestFormatInvalid(t *testing.T) {
	inc := ffSamples(t)["resolved"]
	inc.Status = "resolvd"
	inc.Timeline[3].At = time.Time{}
	data, err := incident.Format(inc)
	if data != nil || !errors.Is(err, incident.ErrInvalid) {
		t.Fatalf("Format(invalid) = %q, %v; want nil, ErrInvalid", data, err)
	}
	want := "status: want one of triage, investigating, identified, monitoring, resolved, closed, declined, merged; got \"resolvd\" (did you mean resolved?)\n" +
		"timeline[3].at: missing"
	if err.Error() != want {
		t.Errorf("Format(invalid) error:\n%s\nwant:\n%s", err, want)
	}
	if _, err := incident.Format(nil); !errors.Is(err, incident.ErrInvalid) {
		t.Errorf("Format(nil) = %v, want ErrInvalid", err)
	}
}

// TestFormatQuoting checks that strings which would read back as other
// types, or not at all, are quoted.
func TestFormatQuoting(t *testing.T) {
	data, err := incident.Format(ffSamples(t)["drill-closed"])
	require.NoError(t, err)
	for _, want := range []string{
		"title: \"yes\"\n",
		"summary: \"1.0\"\n",
		"  - \"no\"\n",
		"  - \"2026\"\n",
		"text: \"null\"\n",
		"text: \"  indented: # not a comment\"\n",
		"text: \"tab\\tand trailing space \"\n",
		"text: \"2026-11-27\"\n",
		"text: |-\n      - not a list\n      - really\n",
	} {
		if !strings.Contains(string(data), want) {
			t.Errorf("Format output lacks %q:\n%s", want, data)
		}
	}
}

// TestFormatRandomLifecycle drives incidents through random sequences of
// lifecycle calls (refused calls are skipped) and checks that every state
// reached validates, formats, and reads back equal.
func TestFormatRandomLifecycle(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	people := []incident.Person{ffAlice, ffBob, ffCarol}
	texts := []string{"ok", "yes", "two\nlines\n", "  spaced", "a: b", "", "Ünïcödé", strings.Repeat("long text ", 9)}
	statuses := []incident.Status{incident.StatusInvestigating, incident.StatusIdentified, incident.StatusMonitoring, incident.StatusResolved}
	for n := range 25 {
		inc, err := incident.New(incident.Declaration{
			ID: "INC-2026-1", UID: "01JDQ6X3V4M8K2P9R5T7W0Y1Z3", Title: "t", Severity: "sev2",
			Components: []string{"api"}, ImpactStarted: ffAt(-5),
		}, ffAlice, ffT0)
		require.NoError(t, err)
		m := 0
		for op := range 30 {
			m += r.IntN(3)
			by, at, text := people[r.IntN(3)], ffAt(m), texts[r.IntN(len(texts))]
			switch r.IntN(14) {
			case 0:
				_ = inc.SetStatus(statuses[r.IntN(len(statuses))], text, by, at)
			case 1:
				_ = inc.Assign([]incident.Role{"commander", "lead", "scribe"}[r.IntN(3)], people[r.IntN(3)], by, at)
			case 2:
				_ = inc.Assign("lead", incident.Person{}, by, at)
			case 3:
				_ = inc.PostUpdate([]incident.Audience{"internal", "public"}[r.IntN(2)], text, by, at)
			case 4:
				_ = inc.AddLink(incident.Link{Kind: incident.LinkDeploy, Target: "d" + text, Title: text, Suspect: r.IntN(2) == 0}, by, at)
			case 5:
				_ = inc.SetComponent([]string{"api", "web"}[r.IntN(2)], incident.ComponentDegraded, by, at)
			case 6:
				_ = inc.AddNote(text, by, at)
			case 7:
				_ = inc.SetSeverity([]string{"sev1", "sev2", "sev3"}[r.IntN(3)], text, by, at)
			case 8:
				_ = inc.SetSummary(text, by, at)
			case 9:
				_ = inc.SetImpact(int64(r.IntN(1000)), int64(r.IntN(10)), text, text, by, at)
			case 10:
				_ = inc.Reopen(text, by, at)
			case 11:
				_ = inc.Close(severity.Default(), by, at)
			case 12:
				if r.IntN(2) == 0 {
					_ = inc.WaivePostmortem("drill", by, at)
				} else {
					_ = inc.SetPostmortem(incident.PostmortemPublished, by, at)
				}
			case 13:
				_ = inc.SetLabels([]string{"b", "a"}[:r.IntN(3)], by, at)
			}
			if op%3 != 2 {
				continue // checking every state makes the test slow under -race
			}
			data, err := incident.Format(inc)
			if err != nil {
				t.Fatalf("incident %d: the lifecycle reached a state Format refuses: %v", n, err)
			}
			back, err := incident.Parse("f.yaml", data)
			require.NoError(t, err, "incident %d:\n%s", n, data)
			if diff := cmp.Diff(inc, back, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("incident %d: Parse(Format(v)) != v (-v +parsed):\n%s", n, diff)
			}
		}
	}
}
