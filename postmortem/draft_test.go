package postmortem_test

import (
	"strings"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
)

func TestDraftDue(t *testing.T) {
	inc := newIncident(t)
	resolved := inc.Milestones.Resolved
	at := t0.Add(5 * time.Hour)
	custom := severity.Default()
	for i := range custom.Levels {
		custom.Levels[i].Targets.PostmortemDeadline = 5 * 24 * time.Hour
	}
	noDeadline := severity.Default()
	for i := range noDeadline.Levels {
		noDeadline.Levels[i].Targets.PostmortemDeadline = 0
	}
	unresolved, err := incident.New(incident.Declaration{ID: "INC-2026-0043", Title: "Slow search", Severity: "sev3"}, bob, t0)
	must(t, err)
	tests := []struct {
		name string
		inc  *incident.Incident
		pol  *severity.Policy
		want time.Time
	}{
		{"policy", inc, custom, resolved.Add(5 * 24 * time.Hour)},
		{"nil policy", inc, nil, resolved.Add(postmortem.DefaultDeadline)},
		{"no deadline in level", inc, noDeadline, resolved.Add(postmortem.DefaultDeadline)},
		{"unresolved counts from now", unresolved, severity.Default(), at.Add(postmortem.DefaultDeadline)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pm, err := postmortem.Draft(tt.inc, tt.pol, alice, at)
			must(t, err)
			if !pm.Due.Equal(tt.want) {
				t.Errorf("Draft().Due = %v, want %v", pm.Due, tt.want)
			}
			if pm.Status != postmortem.StatusDraft || pm.Created != at || len(pm.Authors) != 1 || pm.Authors[0] != alice {
				t.Errorf("Draft() front matter = %+v", pm)
			}
		})
	}
}

func TestDraftContent(t *testing.T) {
	_, pm := drafted(t)
	for name, s := range map[string]string{"impact": pm.Impact, "timeline": pm.Timeline} {
		if s == "" {
			t.Errorf("Draft() left %s empty", name)
		}
	}
	for _, want := range []string{"sev2 (Major)", "checkout-api (major_outage)", "Users affected: 12000", "mitigate 53m"} {
		if !strings.Contains(pm.Impact, want) {
			t.Errorf("Draft().Impact lacks %q:\n%s", want, pm.Impact)
		}
	}
	for _, want := range []string{"Responders: commander Alice Ng, lead Bob Ruiz.", "- 2026-11-20 09:18 UTC — **Impact started**", "- 2026-11-20 11:30 UTC — **Resolved**"} {
		if !strings.Contains(pm.Timeline, want) {
			t.Errorf("Draft().Timeline lacks %q:\n%s", want, pm.Timeline)
		}
	}
	for name, s := range map[string]string{"root causes": pm.RootCauses, "trigger": pm.Trigger, "lessons": pm.Lessons, "action notes": pm.ActionNotes} {
		if !strings.HasPrefix(s, postmortem.TodoMarker) {
			t.Errorf("Draft().%s = %q, want a to-do", name, s)
		}
	}
}

func TestDraftErrors(t *testing.T) {
	inc := newIncident(t)
	if _, err := postmortem.Draft(nil, nil, alice, t0); err == nil {
		t.Error("Draft(nil incident) = nil error")
	}
	if _, err := postmortem.Draft(inc, nil, incident.Person{}, t0); err == nil {
		t.Error("Draft(zero person) = nil error")
	}
	noID := inc.Clone()
	noID.ID = ""
	if _, err := postmortem.Draft(noID, nil, alice, t0); err == nil {
		t.Error("Draft(incident without ID) = nil error")
	}
}
