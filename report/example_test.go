package report_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/report"
	"github.com/incidentkit/incidentkit/store/memstore"
)

// exampleStore returns a memstore with two incidents of November 2026: a
// sev1 acknowledged after 4 minutes and resolved after 30, and a sev3
// still open.
func exampleStore() *memstore.Store {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	s := memstore.New(&memstore.Options{Now: func() time.Time { return now }})
	ada := incident.Person{Name: "Ada Lovelace", Email: "ada@example.com"}
	inc, err := s.Create(ctx, incident.Declaration{Title: "Checkout fails", Severity: "sev1"}, ada)
	if err != nil {
		panic(err)
	}
	step := func(d time.Duration, fn func(inc *incident.Incident, at time.Time) error) {
		now = now.Add(d)
		if _, err := s.Update(ctx, inc.ID, ada, fn); err != nil {
			panic(err)
		}
	}
	step(4*time.Minute, func(inc *incident.Incident, at time.Time) error { return inc.Acknowledge(ada, at) })
	step(6*time.Minute, func(inc *incident.Incident, at time.Time) error {
		return inc.PostUpdate(incident.AudienceInternal, "rolling back", ada, at)
	})
	step(20*time.Minute, func(inc *incident.Incident, at time.Time) error {
		return inc.SetStatus(incident.StatusResolved, "rolled back", ada, at)
	})
	now = time.Date(2026, 11, 21, 15, 0, 0, 0, time.UTC)
	if _, err := s.Create(ctx, incident.Declaration{Title: "Slow search", Severity: "sev3"}, ada); err != nil {
		panic(err)
	}
	return s
}

// Example builds a report and reads figures from it.
func Example() {
	at := time.Date(2026, 11, 21, 16, 0, 0, 0, time.UTC)
	rep, err := report.Build(context.Background(), exampleStore(), at)
	if err != nil {
		fmt.Println(err)
		return
	}
	sev1 := rep.Severities[0]
	fmt.Println("sev1 declared:", sev1.Declared, "resolved:", sev1.Resolved)
	fmt.Println("sev1 time to resolve, P50:", sev1.Resolve.P50, "n:", sev1.Resolve.N)
	fmt.Println("sev1 SLA met:", sev1.SLA)
	// The post-mortem is due 48h after the resolution: not yet.
	fmt.Println("sev1 post-mortems pending:", sev1.Postmortems.Pending, "on time:", sev1.Postmortems.OnTimeRate())
	fmt.Println("total open:", rep.Total.Open)
	// Output:
	// sev1 declared: 1 resolved: 1
	// sev1 time to resolve, P50: 30m0s n: 1
	// sev1 SLA met: 100% (1/1)
	// sev1 post-mortems pending: 1 on time: -
	// total open: 1
}

// ExampleReport_Text writes the report for a terminal.
func ExampleReport_Text() {
	at := time.Date(2026, 11, 21, 16, 0, 0, 0, time.UTC)
	rep, err := report.Build(context.Background(), exampleStore(), at)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := rep.Text(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Incident report as of 2026-11-21T16:00:00Z
	//
	// By severity
	// LEVEL  DECLARED  OPEN  RESOLVED  ACK P50/P90 (N)  MITIGATE P50/P90 (N)  RESOLVE P50/P90 (N)  SLA MET     PM ON TIME  PM OVERDUE  ACTIONS OPEN  ACTIONS OVERDUE
	// sev1   1         0     1         4m/4m (1)        30m/30m (1)           30m/30m (1)          100% (1/1)  -           0           0             0
	// sev2   0         0     0         - (0)            - (0)                 - (0)                -           -           0           0             0
	// sev3   1         1     0         - (0)            - (0)                 - (0)                100% (1/1)  -           0           0             0
	// total  2         1     1         4m/4m (1)        30m/30m (1)           30m/30m (1)          100% (2/2)  -           0           0             0
	//
	// By month of declaration (UTC)
	// MONTH    DECLARED  OPEN  RESOLVED  ACK P50/P90 (N)  MITIGATE P50/P90 (N)  RESOLVE P50/P90 (N)  SLA MET     PM ON TIME  PM OVERDUE  ACTIONS OPEN  ACTIONS OVERDUE
	// 2026-11  2         1     1         4m/4m (1)        30m/30m (1)           30m/30m (1)          100% (2/2)  -           0           0             0
	// total    2         1     1         4m/4m (1)        30m/30m (1)           30m/30m (1)          100% (2/2)  -           0           0             0
	//
	// Excluded: 0 drill, 0 maintenance, 0 declined, 0 merged, 0 unknown level
	//
	// Overdue action items: 0
}

// ExampleRatio shows how shares print, including one with nothing to
// measure.
func ExampleRatio() {
	fmt.Println(report.Ratio{Num: 5, Den: 6})
	fmt.Println(report.Ratio{Num: 1, Den: 8})
	fmt.Println(report.Ratio{})
	// Output:
	// 83% (5/6)
	// 13% (1/8)
	// -
}
