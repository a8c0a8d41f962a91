package incidentkit_test

import (
	"context"
	"fmt"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store/memstore"
)

// Example tells the whole story of one incident, in memory: declare a sev1,
// staff it, hand command over, keep stakeholders informed, mitigate,
// resolve, check the response against the severity policy, and close it
// once the post-mortem is published.
func Example() {
	ctx := context.Background()
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	st := memstore.New(&memstore.Options{Now: func() time.Time { return now }})
	later := func(d time.Duration) { now = now.Add(d) }

	ana := incident.Person{Name: "Ana", Email: "ana@example.com"}
	bo := incident.Person{Name: "Bo", Email: "bo@example.com"}
	cy := incident.Person{Name: "Cy", Email: "cy@example.com"}

	inc, err := st.Create(ctx, incident.Declaration{
		Title:    "Checkout returns 502",
		Severity: "sev1",
	}, ana)
	if err != nil {
		fmt.Println(err)
		return
	}
	update := func(who incident.Person, fn func(inc *incident.Incident, at time.Time) error) {
		if _, err := st.Update(ctx, inc.ID, who, fn); err != nil {
			fmt.Println(err)
		}
	}

	later(3 * time.Minute)
	update(ana, func(inc *incident.Incident, at time.Time) error {
		if err := inc.Assign(incident.RoleCommander, ana, ana, at); err != nil {
			return err
		}
		if err := inc.Assign(incident.RoleLead, bo, ana, at); err != nil {
			return err
		}
		return inc.SetStatus(incident.StatusInvestigating, "", ana, at)
	})
	later(20 * time.Minute)
	update(cy, func(inc *incident.Incident, at time.Time) error {
		if err := inc.Assign(incident.RoleCommunicator, cy, cy, at); err != nil {
			return err
		}
		return inc.PostUpdate(incident.AudiencePublic, "We are investigating failed checkouts.", cy, at)
	})
	later(10 * time.Minute)
	update(ana, func(inc *incident.Incident, at time.Time) error {
		return inc.Assign(incident.RoleCommander, cy, ana, at) // hand-off
	})
	later(25 * time.Minute)
	update(bo, func(inc *incident.Incident, at time.Time) error {
		return inc.SetStatus(incident.StatusMonitoring, "rolled back the deploy", bo, at)
	})
	later(30 * time.Minute)
	update(bo, func(inc *incident.Incident, at time.Time) error {
		return inc.SetStatus(incident.StatusResolved, "", bo, at)
	})

	inc, _ = st.Get(ctx, inc.ID)
	pol, _ := st.Policy(ctx)
	fmt.Printf("%s %s %s\n", inc.ID, inc.Severity, inc.Status)
	for _, h := range inc.Handoffs(incident.RoleCommander) {
		fmt.Printf("commander: %q -> %q\n", h.From.Name, h.To.Name)
	}
	findings, _ := inc.CheckSLA(pol, now)
	for _, f := range findings {
		fmt.Println("SLA:", f.Message)
	}

	// Closing needs the post-mortem the policy requires for a sev1.
	later(time.Hour)
	_, err = st.Update(ctx, inc.ID, cy, func(inc *incident.Incident, at time.Time) error {
		return inc.Close(pol, cy, at)
	})
	fmt.Println(err != nil)
	update(cy, func(inc *incident.Incident, at time.Time) error {
		if err := inc.SetPostmortem(incident.PostmortemPublished, cy, at); err != nil {
			return err
		}
		return inc.Close(pol, cy, at)
	})
	inc, _ = st.Get(ctx, inc.ID)
	fmt.Println(inc.Status, len(inc.Timeline), "timeline events")
	// Output:
	// INC-2026-0001 sev1 resolved
	// commander: "" -> "Ana"
	// commander: "Ana" -> "Cy"
	// SLA: first update 23m after declaration; target 15m (8m late)
	// SLA: no internal update for 1h5m after the update at 2026-11-27T09:23:00Z until it was resolved; cadence 30m (35m over)
	// SLA: no public update for 1h5m after the update at 2026-11-27T09:23:00Z until it was resolved; cadence 30m (35m over)
	// true
	// closed 12 timeline events
}
