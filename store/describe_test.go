package store_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
)

// declared returns a new incident declared at t0.
func declared(t *testing.T) *incident.Incident {
	t.Helper()
	inc, err := incident.New(incident.Declaration{
		ID: "INC-2026-0001", Title: "Checkout fails", Severity: "sev2", Components: []string{"api"},
	}, ada, t0)
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

func TestDescribe(t *testing.T) {
	at := t0.Add(time.Minute)
	long := strings.Repeat("the connection pool was exhausted again ", 4)
	window := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
	// maintenance makes the incident a maintenance, which a file edit can.
	maintenance := func(inc *incident.Incident) error {
		inc.Kind = incident.KindMaintenance
		return nil
	}
	tests := []struct {
		name   string
		before func(inc *incident.Incident) error // prepares the incident before the change
		change func(inc *incident.Incident) error
		want   string
	}{
		{"status", func(inc *incident.Incident) error {
			return inc.SetStatus(incident.StatusInvestigating, "", bob, at)
		}, func(inc *incident.Incident) error {
			return inc.SetStatus(incident.StatusIdentified, "", bob, at)
		}, "INC-2026-0001: status investigating -> identified"},
		{"status leaving triage folds the acknowledgement", nil, func(inc *incident.Incident) error {
			return inc.SetStatus(incident.StatusInvestigating, "on it", bob, at)
		}, "INC-2026-0001: status triage -> investigating: on it"},
		{"acknowledged", nil, func(inc *incident.Incident) error {
			return inc.Acknowledge(bob, at)
		}, "INC-2026-0001: acknowledged by Bob Jones"},
		{"severity", nil, func(inc *incident.Incident) error {
			return inc.SetSeverity("sev1", "all regions", bob, at)
		}, "INC-2026-0001: severity sev2 -> sev1: all regions"},
		{"role", nil, func(inc *incident.Incident) error {
			return inc.Assign(incident.RoleCommander, bob, ada, at)
		}, "INC-2026-0001: role commander none -> Bob Jones"},
		{"role handed", func(inc *incident.Incident) error {
			return inc.Assign(incident.RoleCommander, ada, ada, at)
		}, func(inc *incident.Incident) error {
			return inc.Assign(incident.RoleCommander, bob, ada, at)
		}, "INC-2026-0001: role commander Ada Lovelace -> Bob Jones"},
		{"update", nil, func(inc *incident.Incident) error {
			return inc.PostUpdate(incident.AudiencePublic, "We are investigating.", bob, at)
		}, "INC-2026-0001: public update: We are investigating."},
		{"note on several lines", nil, func(inc *incident.Incident) error {
			return inc.AddNote("error rate 40%\n\n  p99 12 s", bob, at)
		}, "INC-2026-0001: note: error rate 40% p99 12 s"},
		{"long note", nil, func(inc *incident.Incident) error {
			return inc.AddNote(long, bob, at)
		}, "INC-2026-0001: note: the connection pool was exhausted again the...\n\nnote: " + strings.TrimSpace(long)},
		{"link", nil, func(inc *incident.Incident) error {
			return inc.AddLink(incident.Link{Kind: incident.LinkDeploy, Target: "deploy-812", Suspect: true}, bob, at)
		}, "INC-2026-0001: link deploy deploy-812"},
		{"component", nil, func(inc *incident.Incident) error {
			return inc.SetComponent("api", incident.ComponentDegraded, bob, at)
		}, "INC-2026-0001: component api major_outage -> degraded"},
		{"impact count", nil, func(inc *incident.Incident) error {
			return inc.SetImpact(1200, 0, "", "", bob, at)
		}, "INC-2026-0001: impact users_affected 0 -> 1200"},
		{"impact text", nil, func(inc *incident.Incident) error {
			return inc.SetImpact(0, 0, "Payments may fail.", "", bob, at)
		}, "INC-2026-0001: impact customer_facing changed"},
		{"title", nil, func(inc *incident.Incident) error {
			return inc.SetTitle("Checkout fails in the EU", bob, at)
		}, "INC-2026-0001: title: Checkout fails in the EU"},
		{"summary", nil, func(inc *incident.Incident) error {
			return inc.SetSummary("Card payments time out.", bob, at)
		}, "INC-2026-0001: summary changed"},
		{"labels", nil, func(inc *incident.Incident) error {
			return inc.SetLabels([]string{"eu", "db"}, bob, at)
		}, "INC-2026-0001: labels none -> db,eu"},
		{"schedule", maintenance, func(inc *incident.Incident) error {
			return inc.SetSchedule(window, window.Add(2*time.Hour), bob, at)
		}, "INC-2026-0001: schedule 2026-12-03T02:00:00Z/2026-12-03T04:00:00Z"},
		{"schedule removed", func(inc *incident.Incident) error {
			if err := maintenance(inc); err != nil {
				return err
			}
			return inc.SetSchedule(window, window.Add(2*time.Hour), bob, at)
		}, func(inc *incident.Incident) error {
			return inc.SetSchedule(time.Time{}, time.Time{}, bob, at)
		}, "INC-2026-0001: schedule removed"},
		{"milestone", nil, func(inc *incident.Incident) error {
			return inc.SetImpactStarted(t0.Add(-time.Hour), bob, at)
		}, "INC-2026-0001: impact_started set to 2026-11-27T08:30:00Z"},
		{"post-mortem", nil, func(inc *incident.Incident) error {
			return inc.SetPostmortem(incident.PostmortemDraft, bob, at)
		}, "INC-2026-0001: post-mortem none -> draft"},
		{"post-mortem waived", nil, func(inc *incident.Incident) error {
			return inc.WaivePostmortem("drill", bob, at)
		}, "INC-2026-0001: post-mortem none -> waived: drill"},
		{"declined", nil, func(inc *incident.Incident) error {
			return inc.Decline("a bug, not an incident", bob, at)
		}, "INC-2026-0001: status triage -> declined: a bug, not an incident"},
		{"several", nil, func(inc *incident.Incident) error {
			if err := inc.AddNote("rolling back", bob, at); err != nil {
				return err
			}
			if err := inc.SetSeverity("sev1", "", bob, at); err != nil {
				return err
			}
			return inc.Assign(incident.RoleCommander, bob, bob, at)
		}, "INC-2026-0001: severity sev2 -> sev1 (+2 more)\n\n- note: rolling back\n- severity sev2 -> sev1\n- role commander none -> Bob Jones"},
		{"several, lead too long", nil, func(inc *incident.Incident) error {
			if err := inc.AddNote("rolling back", bob, at); err != nil {
				return err
			}
			return inc.SetStatus(incident.StatusInvestigating, "paging the payments on-call and the database team", bob, at)
		}, "INC-2026-0001: status triage -> investigating: paging the... (+1 more)\n\n- note: rolling back\n- status triage -> investigating: paging the payments on-call and the database team"},
		{"several, lead too long even without text", nil, func(inc *incident.Incident) error {
			if err := inc.AddNote("x", bob, at); err != nil {
				return err
			}
			return inc.AddLink(incident.Link{Kind: incident.LinkDeploy, Target: strings.Repeat("d", 60)}, bob, at)
		}, "INC-2026-0001: 2 changes\n\n- note: x\n- link deploy " + strings.Repeat("d", 60)},
		{"several, only notes", nil, func(inc *incident.Incident) error {
			if err := inc.AddNote("one", bob, at); err != nil {
				return err
			}
			return inc.AddNote("two", bob, at)
		}, "INC-2026-0001: 2 changes\n\n- note: one\n- note: two"},
		{"direct edit", nil, func(inc *incident.Incident) error {
			inc.Impact.Business = "refunds"
			return nil
		}, "INC-2026-0001: edited impact.business"},
		{"direct edits", nil, func(inc *incident.Incident) error {
			inc.Summary = "x"
			inc.Roles = map[incident.Role]incident.Person{"scribe": bob}
			inc.Milestones.Mitigated = at
			return nil
		}, "INC-2026-0001: edited milestones.mitigated, roles.scribe, summary"},
		{"direct edit of an unnamed field", nil, func(inc *incident.Incident) error {
			inc.Links = append(inc.Links, incident.Link{Kind: incident.LinkOther, Target: "x"})
			return nil
		}, "INC-2026-0001: updated"},
		{"renumbered", nil, func(inc *incident.Incident) error {
			inc.Aliases = append(inc.Aliases, inc.ID)
			inc.ID = "INC-2026-0007"
			return nil
		}, "INC-2026-0007: renumbered from INC-2026-0001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := declared(t)
			if tt.before != nil {
				if err := tt.before(before); err != nil {
					t.Fatal(err)
				}
			}
			after := before.Clone()
			if err := tt.change(after); err != nil {
				t.Fatal(err)
			}
			got := store.Describe(before, after)
			if got != tt.want {
				t.Errorf("Describe =\n%s\nwant\n%s", got, tt.want)
			}
			subject, _, _ := strings.Cut(got, "\n")
			if n := utf8.RuneCountInString(subject); n > 72 {
				t.Errorf("Describe: first line has %d characters, want at most 72: %q", n, subject)
			}
		})
	}
}

func TestDescribeDeclaration(t *testing.T) {
	inc := declared(t)
	if got, want := store.Describe(nil, inc), "INC-2026-0001: declared sev2: Checkout fails"; got != want {
		t.Errorf("Describe(nil, inc) = %q, want %q", got, want)
	}
	if got, want := store.Describe(inc, nil), "INC-2026-0001: removed"; got != want {
		t.Errorf("Describe(inc, nil) = %q, want %q", got, want)
	}
	if got, want := store.Describe(nil, nil), "no change"; got != want {
		t.Errorf("Describe(nil, nil) = %q, want %q", got, want)
	}
}
