package report_test

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/report"
)

// benchWorld returns a memstore with n resolved incidents spread over a
// year and the three default levels, each with a post-mortem of three
// action items, and the time to report at.
func benchWorld(b *testing.B, n int) (*world, time.Time) {
	w := newMemWorld(b)
	start := tm("2025-12-01T00:00")
	step := 365 * 24 * time.Hour / time.Duration(n)
	levels := []string{"sev1", "sev2", "sev3"}
	for i := range n {
		at := start.Add(time.Duration(i) * step)
		w.clk = at
		inc, err := w.s.Create(w.ctx, incident.Declaration{Title: fmt.Sprintf("Incident %d", i), Severity: levels[i%3]}, ada)
		if err != nil {
			b.Fatal(err)
		}
		w.clk = at.Add(time.Duration(1+i%20) * time.Minute)
		_, err = w.s.Update(w.ctx, inc.ID, bob, func(inc *incident.Incident, at time.Time) error {
			if err := inc.Acknowledge(bob, at); err != nil {
				return err
			}
			if err := inc.PostUpdate(incident.AudienceInternal, "on it", bob, at); err != nil {
				return err
			}
			return inc.SetStatus(incident.StatusResolved, "", bob, at.Add(time.Duration(1+i%7)*time.Hour))
		})
		if err != nil {
			b.Fatal(err)
		}
		inc, err = w.s.Get(w.ctx, inc.ID)
		if err != nil {
			b.Fatal(err)
		}
		pm, err := postmortem.Draft(inc, w.pol, bob, w.clk)
		if err != nil {
			b.Fatal(err)
		}
		for k := range 3 {
			pm.ActionItems = append(pm.ActionItems, postmortem.ActionItem{
				ID: fmt.Sprintf("A%d", k+1), Title: fmt.Sprintf("Follow-up %d", k+1), Owner: "@ada",
				Due: at.Truncate(24*time.Hour).AddDate(0, 0, 14*(k+1)), Status: postmortem.ActionOpen,
			})
		}
		if i%2 == 0 {
			pm.Status, pm.Published = postmortem.StatusPublished, inc.Milestones.Resolved.Add(time.Duration(i%72)*time.Hour)
		}
		if err := w.s.PutPostmortem(w.ctx, pm, bob); err != nil {
			b.Fatal(err)
		}
	}
	return w, start.AddDate(1, 0, 0)
}

// BenchmarkBuild builds the report of 1,000 incidents with post-mortems
// (memstore: the cost is the report's, plus parsing each post-mortem).
func BenchmarkBuild(b *testing.B) {
	w, now := benchWorld(b, 1000)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := report.Build(ctx, w.s, now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWrite writes the report of 1,000 incidents in each format.
func BenchmarkWrite(b *testing.B) {
	w, now := benchWorld(b, 1000)
	rep, err := report.Build(context.Background(), w.s, now)
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range []struct {
		name  string
		write func(io.Writer) error
	}{{"text", rep.Text}, {"json", rep.JSON}, {"html", rep.HTML}} {
		b.Run(f.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := f.write(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
