package incident_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/incidentkit/incidentkit/incident"
)

func TestValidateSamples(t *testing.T) {
	for name, inc := range ffSamples(t) {
		if err := inc.Validate(); err != nil {
			t.Errorf("%s: Validate() = %v, want nil", name, err)
		}
	}
}

// TestValidate breaks one rule at a time on an incident built through the
// lifecycle API and checks the exact problems.
func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		sample string
		edit   func(inc *incident.Incident)
		want   []string
	}{
		{"blank title and bad severity", "resolved", func(inc *incident.Incident) {
			inc.Title, inc.Severity = "  ", "SEV 1"
		}, []string{"title: missing", `severity: want a level name like sev1 (lower-case letters, digits, '-' or '_'), got "SEV 1"`}},
		{"missing everything", "declined", func(inc *incident.Incident) {
			*inc = incident.Incident{}
		}, []string{"id: missing", "uid: missing", "title: missing", "kind: missing", "severity: missing",
			"status: missing", "milestones.declared: missing", "timeline: missing (it holds at least the declared event)"}},
		{"bad kind and aliases", "merged", func(inc *incident.Incident) {
			inc.Kind = "game-day"
			inc.Aliases = []string{"INC-2026-0044", "inc-1"}
		}, []string{"aliases[0]: the incident's own id",
			`aliases[1]: want an upper-case prefix and digit groups like INC-2026-0042, got "inc-1"`,
			`kind: want one of normal, drill, maintenance; got "game-day"`}},
		{"invalid UTF-8", "resolved", func(inc *incident.Incident) {
			inc.Summary = "caf\xe9"
			inc.Timeline[3].Text = "\xff"
		}, []string{"summary: invalid UTF-8", "timeline[3].text: invalid UTF-8"}},
		{"ulid", "resolved", func(inc *incident.Incident) { inc.UID = "81JDQ6X3V4M8K2P9R5T7W0Y1Z3" },
			[]string{`uid: want a ULID (26 upper-case Crockford base32 characters like 01JDQ6X3V4M8K2P9R5T7W0Y1Z3), got "81JDQ6X3V4M8K2P9R5T7W0Y1Z3"`}},
		{"ulid letter", "resolved", func(inc *incident.Incident) { inc.UID = "01JDQ6X3V4M8K2P9R5T7W0Y1ZU" },
			[]string{`uid: want a ULID (26 upper-case Crockford base32 characters like 01JDQ6X3V4M8K2P9R5T7W0Y1Z3), got "01JDQ6X3V4M8K2P9R5T7W0Y1ZU"`}},
		{"impact", "resolved", func(inc *incident.Incident) {
			inc.Impact.Components = append(inc.Impact.Components,
				incident.Component{Name: "checkout", Status: incident.ComponentDegraded},
				incident.Component{Name: "../x"})
			inc.Impact.UsersAffected, inc.Impact.CustomersAffected = -1, -2
			inc.Impact.Business = "\xff"
		}, []string{"impact.components[2].name: duplicate of impact.components[0]",
			`impact.components[3].name: want letters, digits, space, '.', '_', '/', '-' (at most 64), got "../x"`,
			"impact.components[3].status: missing",
			"impact.users_affected: negative", "impact.customers_affected: negative", "impact.business: invalid UTF-8"}},
		{"links", "resolved", func(inc *incident.Incident) {
			inc.Links = append(inc.Links, incident.Link{Kind: incident.LinkOther},
				incident.Link{Target: strings.Repeat("x", 2049), Kind: incident.LinkTicket}, incident.Link{Target: "x"})
		}, []string{"links[2].target: missing", "links[3].target: longer than 2048 bytes", "links[4].kind: missing"}},
		{"roles", "resolved", func(inc *incident.Incident) {
			inc.Roles["lead"] = incident.Person{}
			inc.Roles["scribe"] = incident.Person{Name: "Carol", Email: "<c>"}
		}, []string{"roles.lead: missing", `roles.scribe: person "Carol <<c>>": '<' not allowed`}},
		{"milestones", "resolved", func(inc *incident.Incident) {
			inc.Milestones.ImpactStarted = ffAt(1)
			inc.Milestones.Mitigated = ffAt(-1)
		}, []string{"milestones.impact_started: 2026-11-27T14:08:00Z is after declared (2026-11-27T14:07:00Z)",
			"milestones.mitigated: 2026-11-27T14:06:00Z is before declared (2026-11-27T14:07:00Z)"}},
		{"times that cannot be written", "resolved", func(inc *incident.Incident) {
			inc.Milestones.Closed = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
			inc.Timeline[24].At = inc.Timeline[24].At.Add(time.Millisecond)
			inc.Updates[2].At = inc.Updates[2].At.Add(time.Millisecond)
		}, []string{"milestones.closed: year 10000 cannot be written in RFC 3339",
			"milestones.closed: not allowed when status is resolved",
			"timeline[24].at: 2026-11-27T15:37:00.001Z has a fraction of a second: times are kept to whole seconds",
			"updates[2].at: 2026-11-27T15:03:00.001Z has a fraction of a second: times are kept to whole seconds",
			"updates[2].at: 2026-11-27T15:03:00.001Z but its timeline event (timeline[23]) is at 2026-11-27T15:03:00Z"}},
		{"closed without closed milestone", "drill-closed", func(inc *incident.Incident) {
			inc.Milestones.Closed = time.Time{}
		}, []string{"milestones.closed: required when status is closed"}},
		{"monitoring without mitigated", "resolved", func(inc *incident.Incident) {
			inc.Status = incident.StatusMonitoring
			inc.Milestones.Mitigated, inc.Milestones.Resolved = time.Time{}, time.Time{}
		}, []string{"milestones.mitigated: required when status is monitoring"}},
		{"reasons on the wrong status", "resolved", func(inc *incident.Incident) {
			inc.DeclineReason, inc.MergedInto = "dup", "INC-1"
		}, []string{"decline_reason: not allowed when status is resolved", "merged_into: not allowed when status is resolved"}},
		{"merged without target", "merged", func(inc *incident.Incident) { inc.MergedInto = "" },
			[]string{"merged_into: required when status is merged"}},
		{"postmortem", "resolved", func(inc *incident.Incident) {
			inc.Postmortem = incident.PostmortemState{Status: incident.PostmortemDraft, WaivedReason: "no"}
		}, []string{"postmortem.waived_reason: only for a waived post-mortem (status is draft)"}},
		{"postmortem reason without status", "resolved", func(inc *incident.Incident) {
			inc.Postmortem = incident.PostmortemState{WaivedReason: "no"}
		}, []string{"postmortem.status: missing"}},
		{"events", "resolved", func(inc *incident.Incident) {
			inc.Timeline[1].ID = ""
			inc.Timeline[2].ID = "XYZ"
			inc.Timeline[3].At = time.Time{}
			inc.Timeline[4].Actor = incident.Person{}
			inc.Timeline[5].Kind = ""
			inc.Timeline[6].Kind = incident.EventDeclared
		}, []string{"timeline[1].id: missing", `timeline[2].id: want 12 lower-case hex digits, got "XYZ"`,
			"timeline[3].at: missing", "timeline[4].actor: missing", "timeline[5].kind: missing",
			"timeline[6].kind: a second declared event (the first is timeline[0])"}},
		{"declared event time", "declined", func(inc *incident.Incident) {
			inc.Timeline[0].At = ffAt(61)
		}, []string{"timeline[0].at: the declared event is at 2026-11-27T15:08:00Z but milestones.declared is 2026-11-27T15:07:00Z"}},
		{"updates", "resolved", func(inc *incident.Incident) {
			u := inc.Updates
			u[0].Audience, u[0].Status, u[0].Message = "", "done", " "
			u[1].At = ffAt(1)
			u[2].At = time.Time{}
			u[2].ID = u[1].ID
			u[2].Actor = incident.Person{Name: " x"}
		}, []string{"updates[0].audience: missing",
			`updates[0].status: want one of triage, investigating, identified, monitoring, resolved, closed, declined, merged; got "done"`,
			"updates[0].message: missing",
			"updates[1].at: 2026-11-27T14:08:00Z is before updates[0] (2026-11-27T14:13:00Z): keep updates in time order",
			"updates[1].at: 2026-11-27T14:08:00Z but its timeline event (timeline[17]) is at 2026-11-27T14:32:00Z",
			"updates[2].id: duplicate of updates[1]", "updates[2].at: missing",
			`updates[2].actor: person " x": leading or trailing space`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inc := ffSamples(t)[tt.sample]
			require.NotNil(t, inc, "no sample %q", tt.sample)
			tt.edit(inc)
			err := inc.Validate()
			require.Error(t, err)
			if !errors.Is(err, incident.ErrInvalid) {
				t.Errorf("errors.Is(%v, ErrInvalid) = false", err)
			}
			assert.Equal(t, strings.Join(tt.want, "\n"), err.Error())
			_, ferr := incident.Format(inc)
			assert.Equal(t, err.Error(), ferr.Error(), "Format returns the Validate error")
		})
	}
}

func TestValidateNil(t *testing.T) {
	var inc *incident.Incident
	err := inc.Validate()
	require.ErrorIs(t, err, incident.ErrInvalid)
	assert.Equal(t, "nil incident", err.Error())
}
