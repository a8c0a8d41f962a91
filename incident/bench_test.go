package incident_test

import (
	"fmt"
	"testing"

	"github.com/incidentkit/incidentkit/incident"
)

// ffLong builds an incident with 200 timeline events: a long sev1 with
// notes, hand-offs, component changes and status updates, as a busy
// incident channel produces in a few hours.
func ffLong(b *testing.B) *incident.Incident {
	b.Helper()
	inc, err := incident.New(incident.Declaration{
		ID: "INC-2026-0042", UID: "01JDQ6X3V4M8K2P9R5T7W0Y1Z3",
		Title: "Checkout returns 502 for card payments", Severity: "sev1",
		Components: []string{"checkout", "payments-api"}, Labels: []string{"payments"},
	}, ffAlice, ffT0)
	if err != nil {
		b.Fatal(err)
	}
	people := []incident.Person{ffAlice, ffBob, ffCarol}
	for i := 1; len(inc.Timeline) < 200; i++ {
		by := people[i%3]
		switch i % 5 {
		case 0:
			err = inc.PostUpdate(incident.AudienceInternal, fmt.Sprintf("Update %d: still working on it.\nNext update in 30 minutes.", i), by, ffAt(i))
		case 1:
			err = inc.Assign("scribe", people[(i+1)%3], by, ffAt(i))
		case 2:
			s := incident.ComponentDegraded
			if i%4 == 0 {
				s = incident.ComponentPartialOutage
			}
			err = inc.SetComponent("checkout", s, by, ffAt(i))
		default:
			err = inc.AddNote(fmt.Sprintf("Note %d: checked the connection pool metrics on db-%d; nothing unusual.", i, i%7), by, ffAt(i))
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	return inc
}

func BenchmarkParse(b *testing.B) {
	data, err := incident.Format(ffLong(b))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := incident.Parse("incident.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFormat(b *testing.B) {
	inc := ffLong(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := incident.Format(inc); err != nil {
			b.Fatal(err)
		}
	}
}
