package incident_test

import (
	"fmt"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/severity"
)

// Declaring an incident and running it through its lifecycle: roles,
// status updates, a mitigation, resolution, a post-mortem and closing. Every
// change lands in the timeline.
func Example_lifecycle() {
	t0 := time.Date(2026, 11, 27, 14, 2, 0, 0, time.UTC)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	ada := incident.Person{Name: "Ada", Email: "ada@example.com"}
	bob := incident.Person{Name: "Bob", Email: "bob@example.com"}
	policy := severity.Default()

	inc, err := incident.New(incident.Declaration{
		ID: "INC-2026-0042", Title: "Checkout returns 502", Severity: "sev2",
		Components: []string{"checkout"},
	}, ada, t0)
	if err != nil {
		fmt.Println(err)
		return
	}
	steps := []error{
		inc.Assign(incident.RoleCommander, ada, ada, at(1)),
		inc.SetStatus(incident.StatusInvestigating, "", bob, at(3)),
		inc.PostUpdate(incident.AudiencePublic, "We are investigating failed checkouts.", ada, at(5)),
		inc.SetSeverity("sev1", "all regions", ada, at(8)),
		inc.AddLink(incident.Link{Kind: incident.LinkDeploy, Target: "deploy-981", Title: "api v2.3", Suspect: true}, bob, at(10)),
		inc.SetStatus(incident.StatusMonitoring, "rolled back deploy-981", bob, at(20)),
		inc.SetStatus(incident.StatusResolved, "", bob, at(50)),
	}
	for _, err := range steps {
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	// sev1 requires a post-mortem before closing.
	fmt.Println(inc.Close(policy, ada, at(60)))
	if err := inc.SetPostmortem(incident.PostmortemPublished, ada, at(24*60)); err != nil {
		fmt.Println(err)
	}
	if err := inc.Close(policy, ada, at(24*60+5)); err != nil {
		fmt.Println(err)
	}

	for _, e := range inc.Timeline {
		line := fmt.Sprintf("%s %-4s %-12s", e.At.Format("01-02 15:04"), e.Actor.Name, e.Kind)
		if e.Subject != "" {
			line += " " + e.Subject
		}
		if e.From != "" || e.To != "" {
			line += fmt.Sprintf(" %s→%s", e.From, e.To)
		}
		if e.Text != "" {
			line += fmt.Sprintf(" %q", e.Text)
		}
		fmt.Println(line)
	}
	d := inc.Durations()
	fmt.Println("acknowledge", d.Acknowledge, "mitigate", d.Mitigate, "resolve", d.Resolve)
	// Output:
	// incident INC-2026-0042: resolved -> closed: the policy requires a post-mortem for sev1; publish it or waive it with a reason
	// 11-27 14:02 Ada  declared     →sev2 "Checkout returns 502"
	// 11-27 14:03 Ada  role         commander →Ada <ada@example.com>
	// 11-27 14:05 Bob  acknowledged
	// 11-27 14:05 Bob  status       triage→investigating
	// 11-27 14:07 Ada  update       public →investigating "We are investigating failed checkouts."
	// 11-27 14:10 Ada  severity     sev2→sev1 "all regions"
	// 11-27 14:12 Bob  link         deploy →deploy-981 "suspect: api v2.3"
	// 11-27 14:22 Bob  status       investigating→monitoring "rolled back deploy-981"
	// 11-27 14:52 Bob  status       monitoring→resolved
	// 11-28 14:02 Ada  postmortem   →published
	// 11-28 14:07 Ada  status       resolved→closed
	// acknowledge 3m0s mitigate 20m0s resolve 50m0s
}

// Checking an incident against the policy's targets. This sev1 was
// acknowledged late, told customers nothing for too long, and is still not
// mitigated.
func ExampleIncident_CheckSLA() {
	t0 := time.Date(2026, 11, 27, 14, 0, 0, 0, time.UTC)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	ada := incident.Person{Name: "Ada"}

	inc, _ := incident.New(incident.Declaration{ID: "INC-2026-0042", Title: "Checkout returns 502", Severity: "sev1"}, ada, t0)
	_ = inc.SetStatus(incident.StatusInvestigating, "", ada, at(12))
	_ = inc.PostUpdate(incident.AudiencePublic, "We are investigating.", ada, at(14))
	_ = inc.PostUpdate(incident.AudienceInternal, "Suspect the payment gateway.", ada, at(40))

	findings, err := inc.CheckSLA(severity.Default(), at(75))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range findings {
		fmt.Printf("%s %s\n", f.At.Format("15:04"), f)
	}
	// Output:
	// 14:12 ack_late: acknowledged 12m after declaration; target 5m (7m late)
	// 14:44 public_silence: no public update for 1h1m after the update at 2026-11-27T14:14:00Z (ongoing); cadence 30m (31m over)
	// 15:00 mitigate_late: not mitigated 1h15m after declaration; target 1h (15m late)
	// 15:10 internal_silence: no internal update for 35m after the update at 2026-11-27T14:40:00Z (ongoing); cadence 30m (5m over)
}

// Summarising incidents per severity level: counts, duration percentiles
// and SLA compliance. The 90-minute incident had only one internal update,
// so it missed sev2's hourly cadence. Drills are left out.
func ExampleSummarize() {
	t0 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	ada := incident.Person{Name: "Ada"}
	var incs []*incident.Incident
	for i, resolveAfter := range []int{20, 45, 90, 30} {
		decl := t0.Add(time.Duration(i) * 24 * time.Hour)
		at := func(m int) time.Time { return decl.Add(time.Duration(m) * time.Minute) }
		inc, _ := incident.New(incident.Declaration{Title: "API errors", Severity: "sev2"}, ada, decl)
		_ = inc.SetStatus(incident.StatusInvestigating, "", ada, at(4+i))
		_ = inc.PostUpdate(incident.AudienceInternal, "Looking.", ada, at(10))
		_ = inc.SetStatus(incident.StatusResolved, "", ada, at(resolveAfter))
		_ = inc.SetPostmortem(incident.PostmortemPublished, ada, at(24*60))
		incs = append(incs, inc)
	}
	drill, _ := incident.New(incident.Declaration{Title: "Game day", Severity: "sev1", Kind: incident.KindDrill}, ada, t0)
	incs = append(incs, drill)

	s := incident.Summarize(incs, severity.Default(), t0.AddDate(0, 1, 0))
	for _, l := range s.Levels {
		fmt.Printf("%s: %d incidents, %.0f%% within all targets\n", l.Level, l.Count, 100*l.Compliance(""))
		if l.Count > 0 {
			fmt.Printf("  resolve p50 %v p90 %v max %v\n", l.Resolve.P50, l.Resolve.P90, l.Resolve.Max)
			fmt.Printf("  acknowledge p50 %v p90 %v\n", l.Acknowledge.P50, l.Acknowledge.P90)
		}
		for _, r := range incident.Rules {
			if n := l.Breached[r]; n > 0 {
				fmt.Printf("  %s: %d of %d\n", r, n, l.Count)
			}
		}
	}
	fmt.Println("excluded:", s.Excluded.Total(), "drills:", s.Excluded.Drill)
	// Output:
	// sev1: 0 incidents, 100% within all targets
	// sev2: 4 incidents, 75% within all targets
	//   resolve p50 30m0s p90 1h30m0s max 1h30m0s
	//   acknowledge p50 5m0s p90 7m0s
	//   internal_silence: 1 of 4
	// sev3: 0 incidents, 100% within all targets
	// excluded: 1 drills: 1
}
