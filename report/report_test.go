package report_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/report"
	"github.com/incidentkit/incidentkit/store/memstore"
)

// stats builds the expected distribution: n values, nearest-rank P50 and
// P90, and the maximum.
func stats(n int, p50, p90, maxd time.Duration) incident.Stats {
	return incident.Stats{N: n, P50: p50, P90: p90, Max: maxd}
}

const (
	m = time.Minute
	h = time.Hour
)

// TestFigures checks every figure of the report of dataset against numbers
// worked out by hand from the comments in dataset. Percentiles are nearest
// rank: of N sorted values, P50 is the value at rank ceil(N/2) and P90 at
// ceil(0.9 N); the sorted values are listed beside each row.
func TestFigures(t *testing.T) {
	w := newMemWorld(t)
	ids := dataset(w)
	rep, err := report.Build(context.Background(), w.s, reportNow)
	if err != nil {
		t.Fatal(err)
	}
	type br = map[incident.Rule]int
	const (
		ackLate = incident.RuleAckLate
		mitLate = incident.RuleMitigateLate
		resLate = incident.RuleResolveLate
		pmLate  = incident.RulePostmortemOverdue
	)
	tests := []struct {
		name string
		got  report.Row
		want report.Row
	}{
		{"sev1", rep.Severities[0], report.Row{
			// A, E, F. ack [2m 3m 10m]; mitigate [50m 1h 2h]; resolve
			// [1h 2h10m 5h30m]. A and F met every target. Post-mortems:
			// A on time, E late, F pending. Items: A 3 (2 open, A2
			// overdue), E 2 (B1 open).
			Key: "sev1", Declared: 3, Open: 0, Resolved: 3,
			Acknowledge: stats(3, 3*m, 10*m, 10*m),
			Mitigate:    stats(3, h, 2*h, 2*h),
			Resolve:     stats(3, 2*h+10*m, 5*h+30*m, 5*h+30*m),
			SLA:         report.Ratio{Num: 2, Den: 3},
			Breached:    br{ackLate: 1, mitLate: 1, resLate: 1, pmLate: 1},
			Postmortems: report.Postmortems{Required: 3, OnTime: 1, Late: 1, Pending: 1},
			ActionItems: report.ActionItems{Total: 5, Open: 3, Overdue: 1},
		}},
		{"sev2", rep.Severities[1], report.Row{
			// B, G, J. ack [5m 10m 30m]; mitigate and resolve [3h 6h]
			// (G is open). G and J met every target. Post-mortems: B
			// overdue, G unknown (open), J waived.
			Key: "sev2", Declared: 3, Open: 1, Resolved: 2,
			Acknowledge: stats(3, 10*m, 30*m, 30*m),
			Mitigate:    stats(2, 3*h, 6*h, 6*h),
			Resolve:     stats(2, 3*h, 6*h, 6*h),
			SLA:         report.Ratio{Num: 2, Den: 3},
			Breached:    br{ackLate: 1, mitLate: 1, pmLate: 1},
			Postmortems: report.Postmortems{Required: 3, Late: 1, Overdue: 1, Waived: 1, Unknown: 1},
		}},
		{"sev3 requires no post-mortem", rep.Severities[2], report.Row{
			// C alone; its post-mortem is optional, its item has no due date.
			Key: "sev3", Declared: 1, Resolved: 1,
			Acknowledge: stats(1, 20*m, 20*m, 20*m),
			Mitigate:    stats(1, 24*h, 24*h, 24*h),
			Resolve:     stats(1, 24*h, 24*h, 24*h),
			SLA:         report.Ratio{Num: 1, Den: 1},
			ActionItems: report.ActionItems{Total: 1, Open: 1},
		}},
		{"2026-10", rep.Months[0], report.Row{
			// A, B, C (D is a drill). ack [3m 20m 30m]; mitigate [50m 6h
			// 1d]; resolve [2h10m 6h 1d]. A and C met every target.
			Key: "2026-10", Declared: 3, Resolved: 3,
			Acknowledge: stats(3, 20*m, 30*m, 30*m),
			Mitigate:    stats(3, 6*h, 24*h, 24*h),
			Resolve:     stats(3, 6*h, 24*h, 24*h),
			SLA:         report.Ratio{Num: 2, Den: 3},
			Breached:    br{ackLate: 1, mitLate: 1, pmLate: 1},
			Postmortems: report.Postmortems{Required: 2, OnTime: 1, Late: 1, Overdue: 1},
			ActionItems: report.ActionItems{Total: 4, Open: 3, Overdue: 1},
		}},
		{"2026-11", rep.Months[1], report.Row{
			// E, F, G, J (H declined, I merged). ack [2m 5m 10m 10m];
			// mitigate [1h 2h 3h]; resolve [1h 3h 5h30m]. F, G, J met
			// every target.
			Key: "2026-11", Declared: 4, Open: 1, Resolved: 3,
			Acknowledge: stats(4, 5*m, 10*m, 10*m),
			Mitigate:    stats(3, 2*h, 3*h, 3*h),
			Resolve:     stats(3, 3*h, 5*h+30*m, 5*h+30*m),
			SLA:         report.Ratio{Num: 3, Den: 4},
			Breached:    br{ackLate: 1, mitLate: 1, resLate: 1, pmLate: 1},
			Postmortems: report.Postmortems{Required: 4, Late: 1, Pending: 1, Waived: 1, Unknown: 1},
			ActionItems: report.ActionItems{Total: 2, Open: 1},
		}},
		{"total", rep.Total, report.Row{
			// ack [2m 3m 5m 10m 10m 20m 30m]: ranks 4 and 7; mitigate
			// [50m 1h 2h 3h 6h 1d] and resolve [1h 2h10m 3h 5h30m 6h 1d]:
			// ranks 3 and 6. A, C, F, G, J met every target.
			Key: "total", Declared: 7, Open: 1, Resolved: 6,
			Acknowledge: stats(7, 10*m, 30*m, 30*m),
			Mitigate:    stats(6, 2*h, 24*h, 24*h),
			Resolve:     stats(6, 3*h, 24*h, 24*h),
			SLA:         report.Ratio{Num: 5, Den: 7},
			Breached:    br{ackLate: 2, mitLate: 2, resLate: 1, pmLate: 2},
			Postmortems: report.Postmortems{Required: 6, OnTime: 1, Late: 2, Overdue: 1, Pending: 1, Waived: 1, Unknown: 1},
			ActionItems: report.ActionItems{Total: 6, Open: 4, Overdue: 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("row %s (-want +got):\n%s", tt.name, diff)
			}
		})
	}

	t.Run("rates", func(t *testing.T) {
		for _, c := range []struct {
			name string
			got  report.Ratio
			want string
		}{
			{"sev1 sla", rep.Severities[0].SLA, "67% (2/3)"},
			{"sev1 post-mortems", rep.Severities[0].Postmortems.OnTimeRate(), "50% (1/2)"},
			{"sev2 post-mortems", rep.Severities[1].Postmortems.OnTimeRate(), "0% (0/1)"},
			{"sev3 post-mortems", rep.Severities[2].Postmortems.OnTimeRate(), "-"},
			{"total sla", rep.Total.SLA, "71% (5/7)"},
			{"total post-mortems", rep.Total.Postmortems.OnTimeRate(), "33% (1/3)"},
		} {
			if got := c.got.String(); got != c.want {
				t.Errorf("%s = %s, want %s", c.name, got, c.want)
			}
		}
	})

	t.Run("shape", func(t *testing.T) {
		if len(rep.Severities) != 3 || len(rep.Months) != 2 {
			t.Fatalf("%d severity rows, %d month rows; want 3 and 2", len(rep.Severities), len(rep.Months))
		}
		if want := (incident.Excluded{Drill: 1, Declined: 1, Merged: 1}); rep.Excluded != want {
			t.Errorf("Excluded = %+v, want %+v", rep.Excluded, want)
		}
		want := []report.OverdueItem{{
			IncidentID: ids["A"], IncidentTitle: "Checkout fails", Severity: "sev1",
			ActionID: "A2", Action: "Alert on pool saturation", Owners: []string{"@ada"},
			Due: day("2026-11-01"), Late: 25*24*h + 12*h, // from 11-02 00:00, the end of the due day
		}}
		if diff := cmp.Diff(want, rep.Overdue); diff != "" {
			t.Errorf("Overdue (-want +got):\n%s", diff)
		}
		if len(rep.Problems) != 0 {
			t.Errorf("Problems = %q, want none", rep.Problems)
		}
	})
}

// TestEmpty reports on a store without incidents: every level has a row of
// zeros, there are no months, and every rate is undefined.
func TestEmpty(t *testing.T) {
	rep, err := report.Build(context.Background(), memstore.New(nil), reportNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Severities) != 3 || len(rep.Months) != 0 {
		t.Fatalf("%d severity rows, %d months; want 3 and 0", len(rep.Severities), len(rep.Months))
	}
	want := report.Row{Key: "sev1"}
	if diff := cmp.Diff(want, rep.Severities[0]); diff != "" {
		t.Errorf("sev1 (-want +got):\n%s", diff)
	}
	if got := rep.Total.SLA.String(); got != "-" {
		t.Errorf("SLA = %s, want -", got)
	}
	if _, ok := rep.Total.Postmortems.OnTimeRate().Value(); ok {
		t.Errorf("on-time rate has a value without post-mortems")
	}
}
