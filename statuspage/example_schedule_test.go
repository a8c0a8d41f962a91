package statuspage_test

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/statuspage"
)

// The public view of a maintenance with a planned window: scheduled until
// its start, in progress from then on until it is resolved, even past its
// end.
func ExamplePublic_maintenance() {
	alice := incident.Person{Name: "Alice Martin", Email: "alice@example.com"}
	start := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
	inc, err := incident.New(incident.Declaration{
		ID: "MAINT-2026-4", Title: "Payments database upgrade", Severity: "sev3",
		Kind:     incident.KindMaintenance,
		Schedule: incident.Schedule{Start: start, End: start.Add(2 * time.Hour)},
	}, alice, time.Date(2026, 11, 27, 14, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, at := range []time.Time{start.Add(-time.Hour), start, start.Add(3 * time.Hour)} {
		fmt.Println(at.Format("Jan 2 15:04"), statuspage.Public(inc, at).Status)
	}
	p := statuspage.Public(inc, start.Add(-time.Hour))
	b, _ := json.Marshal(struct {
		Start *time.Time `json:"scheduled_start"`
		End   *time.Time `json:"scheduled_end"`
	}{p.ScheduledStart, p.ScheduledEnd})
	os.Stdout.Write(append(b, '\n'))
	// Output:
	// Dec 3 01:00 scheduled
	// Dec 3 02:00 in_progress
	// Dec 3 05:00 in_progress
	// {"scheduled_start":"2026-12-03T02:00:00Z","scheduled_end":"2026-12-03T04:00:00Z"}
}
