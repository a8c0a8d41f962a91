package incident_test

import (
	"fmt"
	"time"

	"github.com/incidentkit/incidentkit/incident"
)

// A maintenance announced with a planned window, moved by an hour later.
func ExampleIncident_SetSchedule() {
	alice := incident.Person{Name: "Alice Martin", Email: "alice@example.com"}
	at := time.Date(2026, 11, 27, 14, 0, 0, 0, time.UTC)
	start := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
	inc, err := incident.New(incident.Declaration{
		ID: "MAINT-2026-4", Title: "Payments database upgrade", Severity: "sev3",
		Kind:     incident.KindMaintenance,
		Schedule: incident.Schedule{Start: start, End: start.Add(2 * time.Hour)},
	}, alice, at)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := inc.SetSchedule(start.Add(time.Hour), start.Add(3*time.Hour), alice, at.Add(time.Hour)); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(inc.Schedule)
	e, _ := inc.LastEvent()
	fmt.Println(e.Kind, e.Subject, e.From, "->", e.To)

	// Only maintenance has a planned window.
	inc.Kind = incident.KindNormal
	fmt.Println(inc.SetSchedule(start, start.Add(time.Hour), alice, at.Add(2*time.Hour)))
	// Output:
	// 2026-12-03T03:00:00Z/2026-12-03T05:00:00Z
	// field schedule 2026-12-03T02:00:00Z/2026-12-03T04:00:00Z -> 2026-12-03T03:00:00Z/2026-12-03T05:00:00Z
	// incident: invalid: schedule: only maintenance has a planned window (kind is normal)
}
