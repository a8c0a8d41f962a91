package incident_test

import (
	"fmt"
	"time"

	"github.com/incidentkit/incidentkit/incident"
)

// Two responders change the same incident on two clones; syncing merges
// their work. Both changed the severity: the later change wins, and the
// merge records the losing value as a conflict event.
func ExampleMerge3() {
	ada := incident.Person{Name: "Ada", Email: "ada@example.com"}
	bob := incident.Person{Name: "Bob", Email: "bob@example.com"}
	t0 := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	base, err := incident.New(incident.Declaration{
		ID: "INC-2026-0042", UID: "01JDQ6X3V4M8K2P9R5T7W0Y1Z3", Title: "checkout errors", Severity: "sev2",
	}, ada, t0)
	if err != nil {
		panic(err)
	}

	ours, theirs := base.Clone(), base.Clone()
	_ = ours.AddNote("rolling back v7", ada, t0.Add(5*time.Minute))
	_ = ours.SetSeverity("sev1", "all regions", ada, t0.Add(6*time.Minute))
	_ = theirs.SetSeverity("sev3", "only the EU", bob, t0.Add(8*time.Minute))
	_ = theirs.PostUpdate(incident.AudiencePublic, "We are investigating failed payments.", bob, t0.Add(9*time.Minute))

	merged, conflicts, err := incident.Merge3(base, ours, theirs, incident.Person{Name: "Sync Bot"}, t0.Add(time.Hour))
	if err != nil {
		panic(err)
	}
	fmt.Println("severity:", merged.Severity)
	for _, c := range conflicts {
		fmt.Printf("conflict on %s: kept %s, lost %s (%s)\n", c.Field, c.Chosen, c.Lost, c.Rule)
	}
	for _, e := range merged.Timeline {
		detail := e.Text
		switch e.Kind {
		case incident.EventSeverity:
			detail = fmt.Sprintf("%s -> %s (%s)", e.From, e.To, e.Text)
		case incident.EventConflict:
			detail = fmt.Sprintf("%s: kept %s over %s (%s)", e.Subject, e.To, e.From, e.Text)
		}
		fmt.Printf("%s %-9s %-8s %s\n", e.At.Format("15:04"), e.Kind, e.Actor.Name, detail)
	}
	fmt.Println("valid:", merged.Validate() == nil)
	// Output:
	// severity: sev3
	// conflict on severity: kept sev3, lost sev1 (the later change wins)
	// 09:00 declared  Ada      checkout errors
	// 09:05 note      Ada      rolling back v7
	// 09:06 severity  Ada      sev2 -> sev1 (all regions)
	// 09:08 severity  Bob      sev2 -> sev3 (only the EU)
	// 09:09 update    Bob      We are investigating failed payments.
	// 10:00 conflict  Sync Bot severity: kept sev3 over sev1 (the later change wins)
	// valid: true
}
