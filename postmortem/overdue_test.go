package postmortem_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
)

func TestFindOverdue(t *testing.T) {
	inc, pm := completed(t)
	pm.Status = postmortem.StatusInReview
	pm.ActionItems = append(pm.ActionItems, postmortem.ActionItem{ID: "A5", Title: "No date", Owner: "@erin", Status: postmortem.ActionOpen})
	resolved := inc.Milestones.Resolved
	pol := severity.Default() // sev2: action items due 8 weeks after resolution
	tests := []struct {
		name string
		now  time.Time
		want []postmortem.Overdue
	}{
		{"nothing yet", resolved.Add(time.Hour), nil},
		{"post-mortem late", pm.Due.Add(time.Hour), []postmortem.Overdue{
			{IncidentID: "INC-2026-0042", Owners: []string{alice.String(), bob.String()}, Due: pm.Due, Late: time.Hour},
		}},
		{"due day not over", date(2026, 12, 11).Add(23 * time.Hour), []postmortem.Overdue{
			{IncidentID: "INC-2026-0042", Owners: []string{alice.String(), bob.String()}, Due: pm.Due, Late: date(2026, 12, 11).Add(23 * time.Hour).Sub(pm.Due)},
		}},
		{"items late", date(2027, 1, 20), []postmortem.Overdue{
			{IncidentID: "INC-2026-0042", Owners: []string{alice.String(), bob.String()}, Due: pm.Due, Late: date(2027, 1, 20).Sub(pm.Due)},
			{IncidentID: "INC-2026-0042", ActionID: "A1", Action: "Add connection-pool saturation alert", Owners: []string{"@alice"}, Due: date(2026, 12, 11), Late: date(2027, 1, 20).Sub(date(2026, 12, 12))},
			{IncidentID: "INC-2026-0042", ActionID: "A5", Action: "No date", Owners: []string{"@erin"}, Due: resolved.Add(8 * 7 * 24 * time.Hour), Late: date(2027, 1, 20).Sub(resolved.Add(8 * 7 * 24 * time.Hour))},
			{IncidentID: "INC-2026-0042", ActionID: "A3", Action: "Route reporting queries to the read replica by default", Owners: []string{"Carol Diaz"}, Due: date(2027, 1, 15), Late: 4 * 24 * time.Hour},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := postmortem.FindOverdue([]*postmortem.Postmortem{pm, nil}, []*incident.Incident{inc}, pol, tt.now)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("FindOverdue(%v) (-want +got):\n%s", tt.now, diff)
			}
		})
	}
	// Approved post-mortems are not late; without the incident, undated
	// items have no deadline.
	pm.Status = postmortem.StatusApproved
	got := postmortem.FindOverdue([]*postmortem.Postmortem{pm}, nil, nil, date(2027, 1, 20))
	if len(got) != 2 || got[0].ActionID != "A1" || got[1].ActionID != "A3" {
		t.Errorf("FindOverdue without incident = %+v, want A1 and A3", got)
	}
}

func TestDeadline(t *testing.T) {
	if got := postmortem.Deadline(severity.Targets{}); got != postmortem.DefaultDeadline {
		t.Errorf("Deadline(no target) = %v, want the default %v", got, postmortem.DefaultDeadline)
	}
	if got := postmortem.Deadline(severity.Targets{PostmortemDeadline: 24 * time.Hour}); got != 24*time.Hour {
		t.Errorf("Deadline(24h target) = %v, want 24h", got)
	}
}

func TestDueAt(t *testing.T) {
	resolved := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	own := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	targets := severity.Targets{PostmortemDeadline: 72 * time.Hour}
	for _, tt := range []struct {
		name     string
		pm       *postmortem.Postmortem
		resolved time.Time
		targets  severity.Targets
		want     time.Time
	}{
		{"own due date wins", &postmortem.Postmortem{Due: own}, resolved, targets, own},
		{"own due date, not resolved", &postmortem.Postmortem{Due: own}, time.Time{}, targets, own},
		{"level deadline after resolution", &postmortem.Postmortem{}, resolved, targets, resolved.Add(72 * time.Hour)},
		{"no post-mortem yet", nil, resolved, targets, resolved.Add(72 * time.Hour)},
		{"default deadline", nil, resolved, severity.Targets{}, resolved.Add(postmortem.DefaultDeadline)},
		{"not resolved: unknown", nil, time.Time{}, targets, time.Time{}},
	} {
		if got := postmortem.DueAt(tt.pm, tt.resolved, tt.targets); !got.Equal(tt.want) {
			t.Errorf("%s: DueAt = %v, want %v", tt.name, got, tt.want)
		}
	}
}
