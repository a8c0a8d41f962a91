package statuspage_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/statuspage"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/memstore"
)

// windowFixture holds maintenance with planned windows around now:
//
//	later:    triage, window tomorrow 02:00-04:00 (announced first)
//	soon:     triage, window today 20:00 to tomorrow 01:00
//	started:  triage, window began an hour ago
//	overrun:  investigating, window ended an hour ago
//	nowindow: triage, no window (announced last)
type windowFixture struct {
	st  *memstore.Store
	ids map[string]string
}

func newWindowFixture(t *testing.T) *windowFixture {
	t.Helper()
	clk := &clock{now.Add(-6 * time.Hour)}
	f := &windowFixture{st: memstore.New(&memstore.Options{Now: clk.now}), ids: map[string]string{}}
	tomorrow := time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC)
	for _, m := range []struct {
		name, title, component string
		start, end             time.Time
		fn                     store.UpdateFunc
	}{
		{"later", "Database upgrade", "database", tomorrow, tomorrow.Add(2 * time.Hour),
			func(inc *incident.Incident, at time.Time) error {
				return inc.PostUpdate(incident.AudiencePublic, "Upgrade planned.", bob, at)
			}},
		{"soon", "Network change", "network", now.Add(8 * time.Hour), now.Add(13 * time.Hour), nil},
		{"started", "Cache resize", "cache", now.Add(-time.Hour), now.Add(time.Hour), nil},
		{"overrun", "Queue migration", "queue", now.Add(-3 * time.Hour), now.Add(-time.Hour),
			func(inc *incident.Incident, at time.Time) error {
				return inc.SetStatus(incident.StatusInvestigating, "", bob, at)
			}},
		{"nowindow", "Search reindex", "search", time.Time{}, time.Time{}, nil},
	} {
		clk.t = clk.t.Add(time.Minute)
		inc, err := f.st.Create(context.Background(), incident.Declaration{
			Title: m.title, Severity: "sev3", Kind: incident.KindMaintenance, Components: []string{m.component},
			Schedule: incident.Schedule{Start: m.start, End: m.end},
		}, ada)
		if err != nil {
			t.Fatalf("Create %s: %v", m.name, err)
		}
		f.ids[m.name] = inc.ID
		if m.fn != nil {
			if _, err := f.st.Update(context.Background(), inc.ID, bob, m.fn); err != nil {
				t.Fatalf("Update %s: %v", m.name, err)
			}
		}
	}
	return f
}

func (f *windowFixture) build(t *testing.T) *statuspage.Page {
	t.Helper()
	p, err := statuspage.Build(context.Background(), f.st, &statuspage.Options{
		URL: "https://status.example.com/", Now: func() time.Time { return now },
	})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return p
}

func TestMaintenanceWindow(t *testing.T) {
	f := newWindowFixture(t)
	p := f.build(t)
	var got []string
	for _, m := range p.Maintenance {
		got = append(got, m.ID+" "+m.Status)
	}
	want := []string{
		f.ids["nowindow"] + " scheduled",  // no window: by its announcement, 06:05
		f.ids["overrun"] + " in_progress", // window 09:00-11:00, still open
		f.ids["started"] + " in_progress", // window 11:00-13:00, begun while in triage
		f.ids["soon"] + " scheduled",      // window 20:00-01:00
		f.ids["later"] + " scheduled",     // window tomorrow 02:00-04:00
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("maintenance (soonest first):\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	states := map[string]string{}
	for _, c := range p.Components {
		states[c.Name] = c.Status
	}
	for name, want := range map[string]string{
		"queue": "maintenance", "cache": "maintenance", // under way
		"database": "operational", "network": "operational", "search": "operational", // not begun
	} {
		if states[name] != want {
			t.Errorf("component %s = %q, want %q", name, states[name], want)
		}
	}
	if p.Status != "maintenance" {
		t.Errorf("page status = %q, want maintenance", p.Status)
	}
}

func TestMaintenanceWindowStatusOverTime(t *testing.T) {
	start := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
	end := start.Add(2 * time.Hour)
	declared := start.Add(-7 * 24 * time.Hour)
	inc, err := incident.New(incident.Declaration{ID: "MAINT-1", Title: "Upgrade", Severity: "sev3",
		Kind: incident.KindMaintenance, Schedule: incident.Schedule{Start: start, End: end}}, ada, declared)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		status incident.Status
		at     time.Time
		want   string
	}{
		{"before the window", incident.StatusTriage, start.Add(-time.Second), statuspage.StatusScheduled},
		{"at its start", incident.StatusTriage, start, statuspage.StatusInProgress},
		{"after its end, still in triage", incident.StatusTriage, end.Add(time.Hour), statuspage.StatusInProgress},
		{"started early", incident.StatusInvestigating, start.Add(-time.Hour), statuspage.StatusInProgress},
		{"after its end, monitoring", incident.StatusMonitoring, end.Add(time.Hour), statuspage.StatusInProgress},
		{"resolved", incident.StatusResolved, end.Add(time.Hour), statuspage.StatusCompleted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := inc.Clone()
			c.Status = tt.status
			p := statuspage.Public(c, tt.at)
			if p.Status != tt.want {
				t.Errorf("Public(%s at %s).Status = %q, want %q", tt.status, tt.at.Format(time.RFC3339), p.Status, tt.want)
			}
			if p.ScheduledStart == nil || !p.ScheduledStart.Equal(start) || p.ScheduledEnd == nil || !p.ScheduledEnd.Equal(end) {
				t.Errorf("Public window = %v-%v, want %v-%v", p.ScheduledStart, p.ScheduledEnd, start, end)
			}
		})
	}
	t.Run("incident without a window", func(t *testing.T) {
		p := statuspage.Public(inc, start)
		if p.Kind != statuspage.KindMaintenance {
			t.Fatalf("Kind = %q", p.Kind)
		}
		normal, err := incident.New(incident.Declaration{ID: "INC-1", Title: "Down", Severity: "sev1"}, ada, declared)
		if err != nil {
			t.Fatal(err)
		}
		if q := statuspage.Public(normal, start); q.ScheduledStart != nil || q.ScheduledEnd != nil {
			t.Errorf("a normal incident has a window: %v-%v", q.ScheduledStart, q.ScheduledEnd)
		}
	})
}

func TestMaintenanceWindowFormats(t *testing.T) {
	f := newWindowFixture(t)
	out := outputs(t, f.build(t))

	for _, want := range []string{
		// Same day: one date.
		`<p class="meta window">Scheduled: <time datetime="2026-11-28T02:00:00Z">2026-11-28 02:00</time>–<time datetime="2026-11-28T04:00:00Z">04:00 UTC</time></p>`,
		// Across midnight: both dates.
		`<p class="meta window">Scheduled: <time datetime="2026-11-27T20:00:00Z">2026-11-27 20:00</time> – <time datetime="2026-11-28T01:00:00Z">2026-11-28 01:00 UTC</time></p>`,
	} {
		if !strings.Contains(out["HTML"], want) {
			t.Errorf("HTML lacks %s", want)
		}
	}
	if n := strings.Count(out["HTML"], `class="meta window"`); n != 4 {
		t.Errorf("HTML shows %d windows, want 4 (not for the maintenance without one)", n)
	}

	var doc struct {
		Maintenance []map[string]any `json:"maintenance"`
	}
	if err := json.Unmarshal([]byte(out["JSON"]), &doc); err != nil {
		t.Fatal(err)
	}
	byID := map[string]map[string]any{}
	for _, m := range doc.Maintenance {
		byID[m["id"].(string)] = m
	}
	later := byID[f.ids["later"]]
	if later["scheduled_start"] != "2026-11-28T02:00:00Z" || later["scheduled_end"] != "2026-11-28T04:00:00Z" {
		t.Errorf("JSON window of %s = %v-%v", f.ids["later"], later["scheduled_start"], later["scheduled_end"])
	}
	for _, key := range []string{"scheduled_start", "scheduled_end"} {
		if _, ok := byID[f.ids["nowindow"]][key]; ok {
			t.Errorf("JSON has %s for maintenance without a window", key)
		}
	}

	checkAtom(t, out["Atom"], 1)
	var feed struct {
		Entries []struct {
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(out["Atom"]), &feed); err != nil {
		t.Fatal(err)
	}
	if got, want := feed.Entries[0].Content, "Upgrade planned.\n\nScheduled: 2026-11-28 02:00–04:00 UTC"; got != want {
		t.Errorf("entry text = %q, want %q", got, want)
	}
}
