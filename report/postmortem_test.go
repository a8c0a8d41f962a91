package report_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/report"
	"github.com/incidentkit/incidentkit/store"
)

// TestPostmortemVerdicts judges one sev1 incident's post-mortem in every
// way it can stand. The incident is declared 2026-11-01 10:00 and resolved
// at 12:00, so by the policy its post-mortem is due 11-03 12:00 (2d later).
func TestPostmortemVerdicts(t *testing.T) {
	tests := []struct {
		name  string
		setup func(w *world, id string)
		now   string
		want  report.Postmortems
	}{
		{"none yet, not due", func(w *world, id string) {}, "2026-11-03T12:00",
			report.Postmortems{Required: 1, Pending: 1}},
		{"none, one second past due", func(w *world, id string) {}, "2026-11-03T12:01",
			report.Postmortems{Required: 1, Late: 1, Overdue: 1}},
		{"draft past due", func(w *world, id string) { w.postmortem(id, "2026-11-02T09:00", nil) }, "2026-11-10T00:00",
			report.Postmortems{Required: 1, Late: 1, Overdue: 1}},
		{"approved is not published", func(w *world, id string) {
			w.postmortem(id, "2026-11-02T09:00", func(pm *postmortem.Postmortem) { pm.Status = postmortem.StatusApproved })
		}, "2026-11-10T00:00", report.Postmortems{Required: 1, Late: 1, Overdue: 1}},
		{"published exactly at the deadline", func(w *world, id string) {
			w.postmortem(id, "2026-11-02T09:00", nil)
			w.publish(id, "2026-11-03T12:00")
		}, "2026-11-10T00:00", report.Postmortems{Required: 1, OnTime: 1}},
		{"published late", func(w *world, id string) {
			w.postmortem(id, "2026-11-02T09:00", nil)
			w.publish(id, "2026-11-04T12:00")
		}, "2026-11-10T00:00", report.Postmortems{Required: 1, Late: 1}},
		{"the document's due date wins", func(w *world, id string) {
			w.postmortem(id, "2026-11-02T09:00", func(pm *postmortem.Postmortem) { pm.Due = tm("2026-11-08T00:00") })
			w.publish(id, "2026-11-05T12:00")
		}, "2026-11-10T00:00", report.Postmortems{Required: 1, OnTime: 1}},
		{"published after now counts as not yet", func(w *world, id string) {
			w.postmortem(id, "2026-11-02T09:00", nil)
			w.publish(id, "2026-11-04T12:00")
		}, "2026-11-02T12:00", report.Postmortems{Required: 1, Pending: 1}},
		{"published in the incident only", func(w *world, id string) {
			w.do(id, "2026-11-02T12:00", func(inc *incident.Incident, at time.Time) error {
				return inc.SetPostmortem(incident.PostmortemPublished, bob, at)
			})
		}, "2026-11-10T00:00", report.Postmortems{Required: 1, OnTime: 1}},
		{"document published, incident draft, time from the document", func(w *world, id string) {
			w.postmortem(id, "2026-11-02T09:00", func(pm *postmortem.Postmortem) {
				pm.Status, pm.Published = postmortem.StatusPublished, tm("2026-11-04T00:00")
			})
		}, "2026-11-10T00:00", report.Postmortems{Required: 1, Late: 1}},
		{"published at an unrecorded time counts as on time", func(w *world, id string) {
			w.postmortem(id, "2026-11-02T09:00", func(pm *postmortem.Postmortem) { pm.Status = postmortem.StatusPublished })
		}, "2026-11-10T00:00", report.Postmortems{Required: 1, OnTime: 1}},
		{"waived", func(w *world, id string) {
			w.do(id, "2026-11-05T12:00", func(inc *incident.Incident, at time.Time) error {
				return inc.WaivePostmortem("no lessons", bob, at)
			})
		}, "2026-11-10T00:00", report.Postmortems{Required: 1, Waived: 1}},
		{"reopened: no deadline", func(w *world, id string) {
			w.do(id, "2026-11-01T13:00", func(inc *incident.Incident, at time.Time) error { return inc.Reopen("back", bob, at) })
		}, "2026-11-10T00:00", report.Postmortems{Required: 1, Unknown: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newMemWorld(t)
			id := w.declare("2026-11-01T10:00", incident.Declaration{Title: "Outage", Severity: "sev1"}).ID
			w.status(id, "2026-11-01T12:00", incident.StatusResolved)
			tt.setup(w, id)
			rep, err := report.Build(context.Background(), w.s, tm(tt.now))
			if err != nil {
				t.Fatal(err)
			}
			if got := rep.Total.Postmortems; got != tt.want {
				t.Errorf("at %s: %+v, want %+v", tt.now, got, tt.want)
			}
			if got := rep.Severities[0].Postmortems; got != tt.want {
				t.Errorf("sev1 row at %s: %+v, want %+v", tt.now, got, tt.want)
			}
		})
	}
}

// failing is a Reader whose List fails.
type failing struct {
	store.Reader
	list error
}

func (f failing) List(ctx context.Context, fl store.Filter) ([]*incident.Incident, error) {
	if f.list != nil {
		return nil, f.list
	}
	return f.Reader.List(ctx, fl)
}

// TestBuildFails checks that errors other than invalid files fail Build.
func TestBuildFails(t *testing.T) {
	w := newMemWorld(t)
	dataset(w)
	boom := errors.New("disk on fire")
	_, err := report.Build(context.Background(), failing{Reader: w.s, list: boom}, reportNow)
	if !errors.Is(err, boom) {
		t.Errorf("Build with a failing List = %v, want %v", err, boom)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := report.Build(ctx, w.s, reportNow); !errors.Is(err, context.Canceled) {
		t.Errorf("Build with a cancelled context = %v, want context.Canceled", err)
	}
}
