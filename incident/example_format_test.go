package incident_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/incidentkit/incidentkit/incident"
)

// ExampleParse reads an incident file, then a hand edit gone wrong: every
// problem is reported with file, line, column and field.
func ExampleParse() {
	good := `id: INC-2026-0042
uid: 01JDQ6X3V4M8K2P9R5T7W0Y1Z3
title: Checkout returns 502
kind: normal
severity: sev1
status: triage
milestones:
  declared: 2026-11-27T14:07:00Z
timeline:
  - id: 1b2f83f06066
    at: 2026-11-27T14:07:00Z
    actor: Alice Martin <alice@example.com>
    kind: declared
    to: sev1
`
	inc, err := incident.Parse("incident.yaml", []byte(good))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(inc.ID, inc.Status, inc.Milestones.Declared.Format(time.Kitchen), inc.Timeline[0].Actor.Name)

	bad := `id: INC-2026-0042
uid: 01JDQ6X3V4M8K2P9R5T7W0Y1Z3
title: Checkout returns 502
kind: normal
severty: sev1
status: resolvd
milestones:
  declared: 2026-11-27T14:07:00
timeline:
  - id: 1b2f83f06066
    at: 2026-11-27T14:07:00Z
    actor: Alice Martin <alice@example.com
    kind: declared
`
	_, err = incident.Parse("incidents/2026/11/INC-2026-0042/incident.yaml", []byte(bad))
	fmt.Println(errors.Is(err, incident.ErrInvalid))
	fmt.Println(err)
	// Output:
	// INC-2026-0042 triage 2:07PM Alice Martin
	// true
	// incidents/2026/11/INC-2026-0042/incident.yaml:1:1: severity: missing
	// incidents/2026/11/INC-2026-0042/incident.yaml:5:1: severty: unknown field (want one of aliases, decline_reason, id, impact, kind, labels, links, merged_into, milestones, postmortem, roles, schedule, severity, status, summary, timeline, title, uid, updates)
	// incidents/2026/11/INC-2026-0042/incident.yaml:6:9: status: want one of triage, investigating, identified, monitoring, resolved, closed, declined, merged; got "resolvd" (did you mean resolved?)
	// incidents/2026/11/INC-2026-0042/incident.yaml:8:13: milestones.declared: want RFC 3339 time like 2026-11-27T09:30:00Z, got "2026-11-27T14:07:00"
	// incidents/2026/11/INC-2026-0042/incident.yaml:12:12: timeline[0].actor: person "Alice Martin <alice@example.com": want "Name <email>"
}

// ExampleFormat writes an incident built through the lifecycle API.
func ExampleFormat() {
	alice := incident.Person{Name: "Alice Martin", Email: "alice@example.com"}
	at := time.Date(2026, 11, 27, 14, 7, 0, 0, time.UTC)
	inc, err := incident.New(incident.Declaration{
		ID: "INC-2026-0042", UID: "01JDQ6X3V4M8K2P9R5T7W0Y1Z3",
		Title: "Checkout returns 502", Severity: "sev1",
	}, alice, at)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := inc.Assign(incident.RoleCommander, alice, alice, at.Add(time.Minute)); err != nil {
		fmt.Println(err)
		return
	}
	if err := inc.AddNote("Error rate 40% since 14:02.\nSuspect the payments-api deploy.", alice, at.Add(2*time.Minute)); err != nil {
		fmt.Println(err)
		return
	}
	data, err := incident.Format(inc)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(data))
	// Output:
	// id: INC-2026-0042
	// uid: 01JDQ6X3V4M8K2P9R5T7W0Y1Z3
	// title: Checkout returns 502
	// kind: normal
	// severity: sev1
	// status: triage
	// milestones:
	//   detected: 2026-11-27T14:07:00Z
	//   declared: 2026-11-27T14:07:00Z
	// roles:
	//   commander: Alice Martin <alice@example.com>
	// timeline:
	//   - id: 3ba432575706
	//     at: 2026-11-27T14:07:00Z
	//     actor: Alice Martin <alice@example.com>
	//     kind: declared
	//     to: sev1
	//     text: Checkout returns 502
	//   - id: 2fa4fc2d74d3
	//     at: 2026-11-27T14:08:00Z
	//     actor: Alice Martin <alice@example.com>
	//     kind: role
	//     subject: commander
	//     to: Alice Martin <alice@example.com>
	//   - id: 44c9d6ca1cb1
	//     at: 2026-11-27T14:09:00Z
	//     actor: Alice Martin <alice@example.com>
	//     kind: note
	//     text: |-
	//       Error rate 40% since 14:02.
	//       Suspect the payments-api deploy.
}
