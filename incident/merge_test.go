package incident_test

import (
	"errors"
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/incidentkit/incidentkit/incident"
)

// Fixtures of the merge tests; their names start with mg so they do not
// collide with other tests' helpers.
var (
	mgT0    = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	mgAda   = incident.Person{Name: "Ada Lovelace", Email: "ada@example.com"}
	mgBob   = incident.Person{Name: "Bob", Email: "bob@example.com"}
	mgSync  = incident.Person{Name: "Sync Bot"}
	mgMerge = mgT0.Add(24 * time.Hour) // when the merges happen
	// mgEqual compares incidents as their files do: an empty list or map is
	// the same as none.
	mgEqual = cmpopts.EquateEmpty()
)

const mgUID = "01JDQ6X3V4M8K2P9R5T7W0Y1Z3"

// mgAt returns mgT0 plus m minutes.
func mgAt(m int) time.Time { return mgT0.Add(time.Duration(m) * time.Minute) }

// mgDiff is cmp.Diff(want, got, mgEqual), with a fast path: go-cmp is too
// slow for the property tests' thousands of comparisons.
func mgDiff(want, got *incident.Incident) string {
	norm := func(inc *incident.Incident) *incident.Incident {
		c := inc.Clone()
		if len(c.Aliases) == 0 {
			c.Aliases = nil
		}
		if len(c.Labels) == 0 {
			c.Labels = nil
		}
		if len(c.Links) == 0 {
			c.Links = nil
		}
		if len(c.Impact.Components) == 0 {
			c.Impact.Components = nil
		}
		if len(c.Roles) == 0 {
			c.Roles = nil
		}
		if len(c.Timeline) == 0 {
			c.Timeline = nil
		}
		if len(c.Updates) == 0 {
			c.Updates = nil
		}
		return c
	}
	if reflect.DeepEqual(norm(want), norm(got)) {
		return ""
	}
	return cmp.Diff(want, got, mgEqual)
}

// mgNew declares the incident every merge test starts from.
func mgNew(t testing.TB) *incident.Incident {
	t.Helper()
	inc, err := incident.New(incident.Declaration{
		ID: "INC-2026-0042", UID: mgUID, Title: "checkout errors", Severity: "sev2",
		Components: []string{"api"}, Labels: []string{"payments"},
	}, mgAda, mgT0)
	require.NoError(t, err)
	return inc
}

// mgDo fails the test on err: the edits that build merge inputs are legal.
func mgDo(t testing.TB, err error) {
	t.Helper()
	require.NoError(t, err)
}

// mgMerge3 merges and checks what every merge must satisfy: the result
// validates, and merging the other way round gives the same incident and
// conflicts.
func mgMerge3(t *testing.T, base, ours, theirs *incident.Incident) (*incident.Incident, []incident.Conflict) {
	t.Helper()
	got, conflicts, err := incident.Merge3(base, ours, theirs, mgSync, mgMerge)
	require.NoError(t, err)
	require.NoError(t, got.Validate(), "merged incident")
	if ours.ID == theirs.ID || base == nil || ours.ID == base.ID || theirs.ID == base.ID {
		swapped, swappedConflicts, err := incident.Merge3(base, theirs, ours, mgSync, mgMerge)
		require.NoError(t, err)
		if d := mgDiff(got, swapped); d != "" {
			t.Errorf("Merge3(b, x, y) and Merge3(b, y, x) differ (-xy +yx):\n%s", d)
		}
		if d := cmp.Diff(conflicts, swappedConflicts); d != "" {
			t.Errorf("conflicts of Merge3(b, x, y) and Merge3(b, y, x) differ (-xy +yx):\n%s", d)
		}
	}
	return got, conflicts
}

// mgConflictEvents returns the conflict events of inc.
func mgConflictEvents(inc *incident.Incident) []incident.Event {
	var es []incident.Event
	for _, e := range inc.Timeline {
		if e.Kind == incident.EventConflict {
			es = append(es, e)
		}
	}
	return es
}

// mgWantConflicts checks the conflicts and that each is in the timeline.
func mgWantConflicts(t *testing.T, got *incident.Incident, conflicts []incident.Conflict, want []incident.Conflict) {
	t.Helper()
	if d := cmp.Diff(want, conflicts, mgEqual); d != "" {
		t.Errorf("conflicts (-want +got):\n%s", d)
	}
	es := mgConflictEvents(got)
	require.Len(t, es, len(conflicts))
	for i, c := range conflicts {
		e := es[i]
		assert.Equal(t, incident.Event{ID: e.ID, At: mgMerge, Actor: mgSync, Kind: incident.EventConflict,
			Subject: c.Field, From: c.Lost, To: c.Chosen, Text: c.Rule}, e)
	}
}

func TestMerge3Fields(t *testing.T) {
	type edit func(t *testing.T, inc *incident.Incident)
	tests := []struct {
		name          string
		ours, theirs  edit
		check         func(t *testing.T, got *incident.Incident)
		wantConflicts []incident.Conflict
	}{
		{
			name: "one side changes a field",
			ours: func(t *testing.T, inc *incident.Incident) {},
			theirs: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetTitle("card payments fail", mgBob, mgAt(5)))
			},
			check: func(t *testing.T, got *incident.Incident) { assert.Equal(t, "card payments fail", got.Title) },
		},
		{
			name: "both sides change a field to the same value",
			ours: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetSeverity("sev1", "worse", mgAda, mgAt(3)))
			},
			theirs: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetSeverity("sev1", "much worse", mgBob, mgAt(4)))
			},
			check: func(t *testing.T, got *incident.Incident) {
				assert.Equal(t, "sev1", got.Severity)
				assert.Len(t, got.SeverityHistory(), 3, "both severity events kept")
			},
		},
		{
			name: "the later change wins",
			ours: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetTitle("ours", mgAda, mgAt(7)))
			},
			theirs: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetTitle("theirs", mgBob, mgAt(5)))
			},
			check:         func(t *testing.T, got *incident.Incident) { assert.Equal(t, "ours", got.Title) },
			wantConflicts: []incident.Conflict{{Field: "title", Chosen: "ours", Lost: "theirs", Rule: "the later change wins"}},
		},
		{
			name: "the later change wins even if an earlier one came later on its side",
			ours: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetSummary("first", mgAda, mgAt(1)))
				mgDo(t, inc.SetSummary("ours", mgAda, mgAt(9)))
			},
			theirs: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetSummary("theirs", mgBob, mgAt(8)))
			},
			check:         func(t *testing.T, got *incident.Incident) { assert.Equal(t, "ours", got.Summary) },
			wantConflicts: []incident.Conflict{{Field: "summary", Chosen: "ours", Lost: "theirs", Rule: "the later change wins"}},
		},
		{
			name: "a recorded change wins over a hand edit",
			ours: func(t *testing.T, inc *incident.Incident) { inc.Title = "hand edit" },
			theirs: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetTitle("recorded", mgBob, mgAt(5)))
			},
			check: func(t *testing.T, got *incident.Incident) { assert.Equal(t, "recorded", got.Title) },
			wantConflicts: []incident.Conflict{{Field: "title", Chosen: "recorded", Lost: "hand edit",
				Rule: "a change the timeline records wins over a hand edit"}},
		},
		{
			name:   "hand edits on both sides: the greater value wins",
			ours:   func(t *testing.T, inc *incident.Incident) { inc.Kind = incident.KindDrill },
			theirs: func(t *testing.T, inc *incident.Incident) { inc.Kind = incident.KindMaintenance },
			check:  func(t *testing.T, got *incident.Incident) { assert.Equal(t, incident.KindMaintenance, got.Kind) },
			wantConflicts: []incident.Conflict{{Field: "kind", Chosen: "maintenance", Lost: "drill",
				Rule: "no event tells the changes apart: the greater value wins"}},
		},
		{
			name: "labels: additions union, removals kept",
			ours: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetLabels([]string{"eu", "payments"}, mgAda, mgAt(1)))
			},
			theirs: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetLabels([]string{"customer-visible"}, mgBob, mgAt(2)))
			},
			check: func(t *testing.T, got *incident.Incident) {
				assert.Equal(t, []string{"customer-visible", "eu"}, got.Labels)
			},
		},
		{
			name:   "aliases: union, sorted",
			ours:   func(t *testing.T, inc *incident.Incident) { inc.Aliases = []string{"OPS-2", "OPS-9"} },
			theirs: func(t *testing.T, inc *incident.Incident) { inc.Aliases = []string{"OPS-1", "OPS-9"} },
			check: func(t *testing.T, got *incident.Incident) {
				assert.Equal(t, []string{"OPS-1", "OPS-2", "OPS-9"}, got.Aliases)
			},
		},
		{
			name:   "aliases the sides order differently: sorted",
			ours:   func(t *testing.T, inc *incident.Incident) { inc.Aliases = []string{"OPS-3", "OPS-2", "OPS-1"} },
			theirs: func(t *testing.T, inc *incident.Incident) { inc.Aliases = []string{"OPS-1", "OPS-2", "OPS-3"} },
			check: func(t *testing.T, got *incident.Incident) {
				assert.Equal(t, []string{"OPS-1", "OPS-2", "OPS-3"}, got.Aliases)
			},
		},
		{
			name: "links: union by kind and target, the same link by the field rule",
			ours: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.AddLink(incident.Link{Kind: incident.LinkDeploy, Target: "deploy-7", Title: "v7"}, mgAda, mgAt(1)))
				mgDo(t, inc.AddLink(incident.Link{Kind: incident.LinkTicket, Target: "PAY-1"}, mgAda, mgAt(2)))
			},
			theirs: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.AddLink(incident.Link{Kind: incident.LinkAlert, Target: "5xx-rate"}, mgBob, mgAt(1)))
				mgDo(t, inc.AddLink(incident.Link{Kind: incident.LinkDeploy, Target: "deploy-7", Title: "v7", Suspect: true}, mgBob, mgAt(3)))
			},
			check: func(t *testing.T, got *incident.Incident) {
				assert.Equal(t, []incident.Link{
					{Kind: incident.LinkAlert, Target: "5xx-rate"},
					{Kind: incident.LinkDeploy, Target: "deploy-7", Title: "v7", Suspect: true},
					{Kind: incident.LinkTicket, Target: "PAY-1"},
				}, got.Links)
			},
			wantConflicts: []incident.Conflict{{Field: "links[deploy deploy-7]", Chosen: `"v7" suspect`, Lost: `"v7"`,
				Rule: "the later change wins"}},
		},
		{
			name: "components: per name",
			ours: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetComponent("api", incident.ComponentDegraded, mgAda, mgAt(4)))
				mgDo(t, inc.SetComponent("web", incident.ComponentDegraded, mgAda, mgAt(4)))
			},
			theirs: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetComponent("api", incident.ComponentOperational, mgBob, mgAt(6)))
				mgDo(t, inc.SetComponent("db", incident.ComponentPartialOutage, mgBob, mgAt(6)))
			},
			check: func(t *testing.T, got *incident.Incident) {
				assert.Equal(t, []incident.Component{{Name: "api", Status: incident.ComponentOperational},
					{Name: "db", Status: incident.ComponentPartialOutage}, {Name: "web", Status: incident.ComponentDegraded}},
					got.Impact.Components)
			},
			wantConflicts: []incident.Conflict{{Field: "impact.components[api]", Chosen: "operational", Lost: "degraded",
				Rule: "the later change wins"}},
		},
		{
			name: "roles: per role",
			ours: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.Assign(incident.RoleCommander, mgAda, mgAda, mgAt(2)))
				mgDo(t, inc.Assign(incident.RoleLead, mgAda, mgAda, mgAt(2)))
			},
			theirs: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.Assign(incident.RoleCommander, mgBob, mgBob, mgAt(1)))
				mgDo(t, inc.Assign("scribe", mgBob, mgBob, mgAt(1)))
			},
			check: func(t *testing.T, got *incident.Incident) {
				assert.Equal(t, map[incident.Role]incident.Person{incident.RoleCommander: mgAda, incident.RoleLead: mgAda, "scribe": mgBob}, got.Roles)
			},
			wantConflicts: []incident.Conflict{{Field: "roles.commander", Chosen: mgAda.String(), Lost: mgBob.String(),
				Rule: "the later change wins"}},
		},
		{
			name: "a role removed on one side",
			ours: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.Assign(incident.RoleCommander, incident.Person{}, mgAda, mgAt(2)))
			},
			theirs: func(t *testing.T, inc *incident.Incident) {},
			check: func(t *testing.T, got *incident.Incident) {
				assert.Empty(t, got.Roles)
			},
		},
		{
			name: "impact figures and descriptions",
			ours: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetImpact(100, 3, "Payments fail.", "", mgAda, mgAt(2)))
			},
			theirs: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetImpact(250, 0, "", "EU revenue", mgBob, mgAt(3)))
			},
			check: func(t *testing.T, got *incident.Incident) {
				assert.Equal(t, incident.Impact{Components: []incident.Component{{Name: "api", Status: incident.ComponentMajorOutage}},
					UsersAffected: 250, CustomersAffected: 3, CustomerFacing: "Payments fail.", Business: "EU revenue"}, got.Impact)
			},
			wantConflicts: []incident.Conflict{{Field: "impact.users_affected", Chosen: "250", Lost: "100", Rule: "the later change wins"}},
		},
		{
			name: "post-mortem state",
			ours: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetPostmortem(incident.PostmortemDraft, mgAda, mgAt(2)))
			},
			theirs: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.WaivePostmortem("a drill in disguise", mgBob, mgAt(1)))
			},
			check: func(t *testing.T, got *incident.Incident) {
				assert.Equal(t, incident.PostmortemState{Status: incident.PostmortemDraft}, got.Postmortem)
			},
			wantConflicts: []incident.Conflict{{Field: "postmortem", Chosen: "draft", Lost: "waived: a drill in disguise", Rule: "the later change wins"}},
		},
		{
			name: "detected and impact started: the earliest wins",
			ours: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetDetected(mgAt(-10), mgAda, mgAt(2)))
				mgDo(t, inc.SetImpactStarted(mgAt(-30), mgAda, mgAt(2)))
			},
			theirs: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetDetected(mgAt(-20), mgBob, mgAt(3)))
			},
			check: func(t *testing.T, got *incident.Incident) {
				assert.Equal(t, mgAt(-20), got.Milestones.Detected)
				assert.Equal(t, mgAt(-30), got.Milestones.ImpactStarted)
			},
			wantConflicts: []incident.Conflict{{Field: "milestones.detected", Chosen: "2026-11-27T08:40:00Z", Lost: "2026-11-27T08:50:00Z", Rule: "the earliest time wins"}},
		},
		{
			name: "status: the later status event wins, milestones follow it",
			ours: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetStatus(incident.StatusResolved, "rolled back", mgAda, mgAt(10)))
			},
			theirs: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetStatus(incident.StatusInvestigating, "", mgBob, mgAt(5)))
				mgDo(t, inc.SetStatus(incident.StatusIdentified, "bad deploy", mgBob, mgAt(12)))
			},
			check: func(t *testing.T, got *incident.Incident) {
				assert.Equal(t, incident.StatusIdentified, got.Status)
				assert.Equal(t, incident.Milestones{Detected: mgT0, Declared: mgT0, Acknowledged: mgAt(5)}, got.Milestones)
			},
			wantConflicts: []incident.Conflict{
				{Field: "milestones.acknowledged", Chosen: "2026-11-27T09:05:00Z", Lost: "2026-11-27T09:10:00Z", Rule: "the earliest time wins"},
				{Field: "milestones.mitigated", Chosen: "", Lost: "2026-11-27T09:10:00Z", Rule: "follows the chosen status"},
				{Field: "milestones.resolved", Chosen: "", Lost: "2026-11-27T09:10:00Z", Rule: "follows the chosen status"},
				{Field: "status", Chosen: "identified", Lost: "resolved", Rule: "the later change wins"},
			},
		},
		{
			name: "status on one side only",
			ours: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetStatus(incident.StatusMonitoring, "", mgAda, mgAt(10)))
			},
			theirs: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.AddNote("looking at the dashboards", mgBob, mgAt(11)))
			},
			check: func(t *testing.T, got *incident.Incident) {
				assert.Equal(t, incident.StatusMonitoring, got.Status)
				assert.Equal(t, mgAt(10), got.Milestones.Mitigated)
			},
		},
		{
			name: "same status, different milestones: the later status history wins",
			ours: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetStatus(incident.StatusResolved, "", mgAda, mgAt(10)))
			},
			theirs: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetStatus(incident.StatusMonitoring, "", mgBob, mgAt(8)))
				mgDo(t, inc.SetStatus(incident.StatusResolved, "", mgBob, mgAt(20)))
			},
			check: func(t *testing.T, got *incident.Incident) {
				assert.Equal(t, incident.StatusResolved, got.Status)
				assert.Equal(t, mgAt(8), got.Milestones.Mitigated)
				assert.Equal(t, mgAt(20), got.Milestones.Resolved)
			},
			wantConflicts: []incident.Conflict{
				{Field: "milestones.acknowledged", Chosen: "2026-11-27T09:08:00Z", Lost: "2026-11-27T09:10:00Z", Rule: "the earliest time wins"},
				{Field: "milestones.mitigated", Chosen: "2026-11-27T09:08:00Z", Lost: "2026-11-27T09:10:00Z", Rule: "follows the chosen status"},
				{Field: "milestones.resolved", Chosen: "2026-11-27T09:20:00Z", Lost: "2026-11-27T09:10:00Z", Rule: "follows the chosen status"},
			},
		},
		{
			name: "declined against worked on: the reason follows the status",
			ours: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.Decline("a bug for the backlog", mgAda, mgAt(3)))
			},
			theirs: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetStatus(incident.StatusInvestigating, "", mgBob, mgAt(4)))
			},
			check: func(t *testing.T, got *incident.Incident) {
				assert.Equal(t, incident.StatusInvestigating, got.Status)
				assert.Empty(t, got.DeclineReason)
			},
			wantConflicts: []incident.Conflict{
				{Field: "decline_reason", Chosen: "", Lost: "a bug for the backlog", Rule: "follows the chosen status"},
				{Field: "status", Chosen: "investigating", Lost: "declined", Rule: "the later change wins"},
			},
		},
		{
			name: "merged into another incident, the later change",
			ours: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetStatus(incident.StatusInvestigating, "", mgAda, mgAt(3)))
			},
			theirs: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.MergeInto("INC-2026-0041", mgBob, mgAt(4)))
			},
			check: func(t *testing.T, got *incident.Incident) {
				assert.Equal(t, incident.StatusMerged, got.Status)
				assert.Equal(t, "INC-2026-0041", got.MergedInto)
			},
			wantConflicts: []incident.Conflict{
				{Field: "status", Chosen: "merged", Lost: "investigating", Rule: "the later change wins"},
			},
		},
		{
			name: "a closed incident reopened on the other side",
			ours: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetStatus(incident.StatusResolved, "", mgAda, mgAt(3)))
				mgDo(t, inc.WaivePostmortem("tiny", mgAda, mgAt(4)))
				mgDo(t, inc.Close(nil, mgAda, mgAt(5)))
			},
			theirs: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.SetStatus(incident.StatusResolved, "", mgAda, mgAt(3)))
				mgDo(t, inc.Reopen("it is back", mgBob, mgAt(6)))
			},
			check: func(t *testing.T, got *incident.Incident) {
				assert.Equal(t, incident.StatusInvestigating, got.Status)
				assert.True(t, got.Milestones.Closed.IsZero())
			},
			wantConflicts: []incident.Conflict{
				{Field: "milestones.closed", Chosen: "", Lost: "2026-11-27T09:05:00Z", Rule: "follows the chosen status"},
				{Field: "milestones.mitigated", Chosen: "", Lost: "2026-11-27T09:03:00Z", Rule: "follows the chosen status"},
				{Field: "milestones.resolved", Chosen: "", Lost: "2026-11-27T09:03:00Z", Rule: "follows the chosen status"},
				{Field: "status", Chosen: "investigating", Lost: "closed", Rule: "the later change wins"},
			},
		},
		{
			name: "timeline and updates: union, in time order",
			ours: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.AddNote("ours 1", mgAda, mgAt(1)))
				mgDo(t, inc.PostUpdate(incident.AudienceInternal, "ours", mgAda, mgAt(3)))
			},
			theirs: func(t *testing.T, inc *incident.Incident) {
				mgDo(t, inc.AddNote("theirs 2", mgBob, mgAt(2)))
				mgDo(t, inc.PostUpdate(incident.AudiencePublic, "theirs", mgBob, mgAt(3)))
			},
			check: func(t *testing.T, got *incident.Incident) {
				var texts []string
				for _, e := range got.Timeline {
					texts = append(texts, e.Text)
				}
				assert.Len(t, texts, 5)
				assert.Equal(t, []string{"checkout errors", "ours 1", "theirs 2"}, texts[:3])
				require.Len(t, got.Updates, 2)
				assert.ElementsMatch(t, []string{"ours", "theirs"}, []string{got.Updates[0].Message, got.Updates[1].Message})
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := mgNew(t)
			ours, theirs := base.Clone(), base.Clone()
			tt.ours(t, ours)
			tt.theirs(t, theirs)
			got, conflicts := mgMerge3(t, base, ours, theirs)
			tt.check(t, got)
			mgWantConflicts(t, got, conflicts, tt.wantConflicts)
		})
	}
}

func TestMerge3SameSecond(t *testing.T) {
	base := mgNew(t)
	ours, theirs := base.Clone(), base.Clone()
	mgDo(t, ours.SetSeverity("sev1", "", mgAda, mgAt(5)))
	mgDo(t, theirs.SetSeverity("sev3", "", mgBob, mgAt(5)))
	got, conflicts := mgMerge3(t, base, ours, theirs)
	// The IDs are content hashes: whichever is greater wins.
	ids := map[string]string{}
	for _, e := range got.Timeline {
		if e.Kind == incident.EventSeverity {
			ids[e.To] = e.ID
		}
	}
	want, lost := "sev1", "sev3"
	if ids["sev3"] > ids["sev1"] {
		want, lost = lost, want
	}
	assert.Equal(t, want, got.Severity)
	mgWantConflicts(t, got, conflicts, []incident.Conflict{{Field: "severity", Chosen: want, Lost: lost,
		Rule: "changes in the same second: the greater event id wins"}})
}

func TestMerge3EditedEvents(t *testing.T) {
	base := mgNew(t)
	mgDo(t, base.AddNote("tpyo", mgAda, mgAt(1)))
	mgDo(t, base.PostUpdate(incident.AudiencePublic, "We are looking into it.", mgAda, mgAt(2)))
	t.Run("one side", func(t *testing.T) {
		ours, theirs := base.Clone(), base.Clone()
		ours.Timeline[1].Text = "typo"
		ours.Updates[0].Message = "We are investigating."
		got, conflicts := mgMerge3(t, base, ours, theirs)
		assert.Equal(t, "typo", got.Timeline[1].Text)
		assert.Equal(t, "We are investigating.", got.Updates[0].Message)
		assert.Empty(t, conflicts)
	})
	t.Run("both sides", func(t *testing.T) {
		ours, theirs := base.Clone(), base.Clone()
		ours.Timeline[1].Text = "typo"
		theirs.Timeline[1].Text = "a typo"
		got, conflicts := mgMerge3(t, base, ours, theirs)
		assert.Equal(t, "typo", got.Timeline[1].Text)
		id := base.Timeline[1].ID
		prefix := id + " 2026-11-27T09:01:00Z Ada Lovelace <ada@example.com> note  [ -> ] "
		mgWantConflicts(t, got, conflicts, []incident.Conflict{{Field: "timeline[" + id + "]",
			Chosen: prefix + "typo", Lost: prefix + "a typo", Rule: "no event tells the changes apart: the greater value wins"}})
	})
	t.Run("same-second events ordered differently", func(t *testing.T) {
		// Both sides have events a and b of the same second, in different
		// orders (a hand edit, or the same event made on both sides at
		// different places): the cycle is broken by ID, in time order.
		ours := base.Clone()
		mgDo(t, ours.AddNote("a", mgAda, mgAt(3)))
		mgDo(t, ours.AddNote("b", mgAda, mgAt(3)))
		theirs := ours.Clone()
		theirs.Timeline[3], theirs.Timeline[4] = theirs.Timeline[4], theirs.Timeline[3]
		mgDo(t, theirs.AddNote("c", mgBob, mgAt(4)))
		got, _ := mgMerge3(t, base, ours, theirs)
		require.Len(t, got.Timeline, 6)
		a, b := ours.Timeline[3], ours.Timeline[4]
		if b.ID < a.ID {
			a, b = b, a
		}
		assert.Equal(t, []incident.Event{a, b, theirs.Timeline[5]}, got.Timeline[3:])
	})
	t.Run("deleted on one side comes back", func(t *testing.T) {
		ours, theirs := base.Clone(), base.Clone()
		ours.Timeline = append(ours.Timeline[:1:1], ours.Timeline[2:]...)
		got, _ := mgMerge3(t, base, ours, theirs)
		assert.Equal(t, base.Timeline, got.Timeline)
	})
}

func TestMerge3ID(t *testing.T) {
	base := mgNew(t)
	t.Run("renumbered on one side", func(t *testing.T) {
		theirs := base.Clone()
		theirs.ID, theirs.Aliases = "INC-2026-0043", []string{"INC-2026-0042"}
		got, conflicts := mgMerge3(t, base, base.Clone(), theirs)
		assert.Equal(t, "INC-2026-0043", got.ID)
		assert.Equal(t, []string{"INC-2026-0042"}, got.Aliases)
		assert.Empty(t, conflicts)
	})
	t.Run("renumbered on both sides: ours kept, theirs an alias", func(t *testing.T) {
		ours, theirs := base.Clone(), base.Clone()
		ours.ID, ours.Aliases = "INC-2026-0044", []string{"INC-2026-0042"}
		theirs.ID, theirs.Aliases = "INC-2026-0043", []string{"INC-2026-0042"}
		got, conflicts := mgMerge3(t, base, ours, theirs)
		assert.Equal(t, "INC-2026-0044", got.ID)
		assert.Equal(t, []string{"INC-2026-0042", "INC-2026-0043"}, got.Aliases)
		assert.Empty(t, conflicts)
		got, _ = mgMerge3(t, base, theirs, ours)
		assert.Equal(t, "INC-2026-0043", got.ID)
		assert.Equal(t, []string{"INC-2026-0042", "INC-2026-0044"}, got.Aliases)
	})
	t.Run("an alias that became the id", func(t *testing.T) {
		ours, theirs := base.Clone(), base.Clone()
		ours.Aliases = []string{"OPS-7"}
		theirs.ID, theirs.Aliases = "OPS-7", []string{"INC-2026-0042"}
		got, _ := mgMerge3(t, base, ours, theirs)
		assert.Equal(t, "OPS-7", got.ID)
		assert.Equal(t, []string{"INC-2026-0042"}, got.Aliases)
	})
}

func TestMerge3NoBase(t *testing.T) {
	// Both clones imported the same incident, at different times.
	decl := incident.Declaration{ID: "INC-2026-0042", UID: mgUID, Title: "checkout errors", Severity: "sev2"}
	ours, err := incident.New(decl, mgAda, mgT0)
	require.NoError(t, err)
	decl.Title = "payments down"
	theirs, err := incident.New(decl, mgBob, mgAt(1))
	require.NoError(t, err)
	mgDo(t, theirs.AddNote("from the other clone", mgBob, mgAt(2)))
	got, conflicts := mgMerge3(t, nil, ours, theirs)
	assert.Equal(t, mgT0, got.Milestones.Declared)
	assert.Equal(t, "payments down", got.Title, "the later declaration names it")
	var fields []string
	for _, c := range conflicts {
		fields = append(fields, c.Field)
	}
	assert.Equal(t, []string{"milestones.declared", "milestones.detected", "timeline.declared", "title"}, fields)
	assert.Equal(t, incident.EventDeclared, got.Timeline[0].Kind)
	assert.Equal(t, mgAda, got.Timeline[0].Actor)

	// The same declaration on both sides is one incident.
	got, conflicts = mgMerge3(t, nil, ours, ours.Clone())
	assert.Empty(t, conflicts)
	assert.Empty(t, cmp.Diff(ours, got, mgEqual))
}

func TestMerge3Errors(t *testing.T) {
	base := mgNew(t)
	other := base.Clone()
	other.UID = "01JDQ6X3V4M8K2P9R5T7W0Y1Z4"
	early := mgNew(t)
	early.Title = "changed by hand"
	tests := []struct {
		name       string
		base, ours *incident.Incident
		theirs     *incident.Incident
		by         incident.Person
		at         time.Time
	}{
		{"nil ours", base, nil, base, mgSync, mgMerge},
		{"nil theirs", base, base, nil, mgSync, mgMerge},
		{"different incidents", base, base, other, mgSync, mgMerge},
		{"base of another incident", other, base, base, mgSync, mgMerge},
		{"invalid merger", base, base, base, incident.Person{Name: "<bot>"}, mgMerge},
		{"zero time", base, base, base, mgSync, time.Time{}},
		{"before the declaration", base, base, early, mgSync, mgAt(-1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, conflicts, err := incident.Merge3(tt.base, tt.ours, tt.theirs, tt.by, tt.at)
			if !errors.Is(err, incident.ErrInvalid) || got != nil || conflicts != nil {
				t.Errorf("Merge3 = %v, %v, %v; want an error matching ErrInvalid", got, conflicts, err)
			}
		})
	}
}

func TestMerge3DoesNotChangeItsArguments(t *testing.T) {
	base := mgNew(t)
	ours, theirs := base.Clone(), base.Clone()
	mgDo(t, ours.SetTitle("ours", mgAda, mgAt(1)))
	mgDo(t, theirs.SetTitle("theirs", mgBob, mgAt(2)))
	b, o, th := base.Clone(), ours.Clone(), theirs.Clone()
	got, _ := mgMerge3(t, base, ours, theirs)
	mgDo(t, got.AddNote("after the merge", mgSync, mgMerge))
	got.Labels = append(got.Labels, "x")
	assert.Empty(t, cmp.Diff(b, base))
	assert.Empty(t, cmp.Diff(o, ours))
	assert.Empty(t, cmp.Diff(th, theirs))
}

// mgRandomEdits applies n random lifecycle calls to inc, advancing *clock
// by zero or one minute before each, so that the two sides of a merge often
// act in the same second. Calls the lifecycle refuses are skipped.
func mgRandomEdits(r *rand.Rand, inc *incident.Incident, clock *time.Time, n int) {
	people := []incident.Person{mgAda, mgBob, {Name: "Cy"}}
	statuses := []incident.Status{incident.StatusInvestigating, incident.StatusIdentified,
		incident.StatusMonitoring, incident.StatusResolved}
	for ; n > 0; n-- {
		*clock = clock.Add(time.Duration(r.Intn(2)) * time.Minute)
		at, by := *clock, people[r.Intn(len(people))]
		switch r.Intn(16) {
		case 0, 1:
			_ = inc.AddNote(fmt.Sprintf("note %d", r.Intn(5)), by, at)
		case 2, 3:
			aud := []incident.Audience{incident.AudienceInternal, incident.AudiencePublic}[r.Intn(2)]
			_ = inc.PostUpdate(aud, fmt.Sprintf("update %d", r.Intn(5)), by, at)
		case 4:
			_ = inc.SetSeverity(fmt.Sprintf("sev%d", 1+r.Intn(4)), "", by, at)
		case 5:
			p := append(people, incident.Person{})[r.Intn(len(people)+1)]
			_ = inc.Assign([]incident.Role{incident.RoleCommander, incident.RoleLead, "scribe"}[r.Intn(3)], p, by, at)
		case 6, 7:
			_ = inc.SetStatus(statuses[r.Intn(len(statuses))], "", by, at)
		case 8:
			_ = inc.SetTitle(fmt.Sprintf("title %d", r.Intn(3)), by, at)
		case 9:
			_ = inc.SetLabels([]string{fmt.Sprintf("l%d", r.Intn(3)), fmt.Sprintf("l%d", r.Intn(3))}, by, at)
		case 10:
			_ = inc.SetComponent([]string{"api", "db"}[r.Intn(2)], incident.ComponentDegraded, by, at)
		case 11:
			_ = inc.AddLink(incident.Link{Kind: incident.LinkTicket, Target: fmt.Sprintf("PAY-%d", r.Intn(3)), Suspect: r.Intn(2) == 0}, by, at)
		case 12:
			switch r.Intn(4) {
			case 0:
				_ = inc.Decline("not an incident", by, at)
			case 1:
				_ = inc.Reopen("back", by, at)
			case 2:
				_ = inc.WaivePostmortem("small", by, at)
			default:
				if inc.Postmortem.Status.Done() {
					_ = inc.Close(nil, by, at)
				}
			}
		case 13:
			_ = inc.SetDetected(mgT0.Add(-time.Duration(r.Intn(30))*time.Minute), by, at)
		case 14:
			switch r.Intn(4) {
			case 0:
				_ = inc.SetImpactStarted(mgT0.Add(-time.Duration(r.Intn(30))*time.Minute), by, at)
			case 1:
				_ = inc.SetImpact(int64(r.Intn(3)), int64(r.Intn(3)), fmt.Sprintf("facing %d", r.Intn(2)), "", by, at)
			case 2:
				_ = inc.SetSummary(fmt.Sprintf("summary %d", r.Intn(3)), by, at)
			default:
				_ = inc.Acknowledge(by, at)
			}
		default:
			switch r.Intn(5) {
			case 0:
				_ = inc.MergeInto(fmt.Sprintf("INC-2026-%04d", r.Intn(2)), by, at)
			default:
				_ = inc.SetPostmortem([]incident.PostmortemStatus{incident.PostmortemDraft, incident.PostmortemPublished}[r.Intn(2)], by, at)
			}
		}
	}
}

func mgIDs[T any](xs []T, id func(T) string) map[string]int {
	m := map[string]int{}
	for _, x := range xs {
		m[id(x)]++
	}
	return m
}

func TestMerge3Properties(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	eventID := func(e incident.Event) string { return e.ID }
	updateID := func(u incident.Update) string { return u.ID }
	fields := map[string]int{} // conflicts by field, to show what the cases exercise
	for i := 0; i < 600; i++ {
		base := mgNew(t)
		clock := mgT0
		mgRandomEdits(r, base, &clock, r.Intn(8))
		x, y := base.Clone(), base.Clone()
		cx, cy := clock, clock
		mgRandomEdits(r, x, &cx, r.Intn(10))
		mgRandomEdits(r, y, &cy, r.Intn(10))
		require.NoError(t, x.Validate())
		require.NoError(t, y.Validate())

		got, conflicts := mgMerge3(t, base, x, y) // valid, commutative
		for _, c := range conflicts {
			f := strings.SplitN(c.Field, "[", 2)[0]
			if strings.HasPrefix(f, "roles.") {
				f = "roles"
			}
			fields[f]++
		}

		// Every event and update of either side, exactly once.
		want := mgIDs(append(slices.Clone(x.Timeline), y.Timeline...), eventID)
		have := mgIDs(got.Timeline, eventID)
		for id := range want {
			require.Equal(t, 1, have[id], "case %d: event %s", i, id)
		}
		require.Len(t, got.Timeline, len(want)+len(conflicts), "case %d: events", i)
		wantU := mgIDs(append(slices.Clone(x.Updates), y.Updates...), updateID)
		require.Equal(t, len(wantU), len(mgIDs(got.Updates, updateID)), "case %d: updates", i)
		require.Len(t, got.Updates, len(wantU), "case %d: updates", i)

		for _, c := range []struct {
			name      string
			o, t, out *incident.Incident
		}{
			{"Merge3(b, x, x) = x", x, x, x},
			{"Merge3(b, b, y) = y", base, y, y},
			{"Merge3(b, x, b) = x", x, base, x},
			{"Merge3(b, m, m) = m", got, got, got},
		} {
			m, cs, err := incident.Merge3(base, c.o, c.t, mgSync, mgMerge)
			require.NoError(t, err)
			if d := mgDiff(c.out, m); d != "" || len(cs) > 0 {
				t.Fatalf("case %d: %s: conflicts %v, diff (-want +got):\n%s", i, c.name, cs, d)
			}
		}
		// A later sync: y went on, and merges the merge (whose base is y).
		y2 := y.Clone()
		mgRandomEdits(r, y2, &cy, r.Intn(6))
		m2, _ := mgMerge3(t, y, y2, got)
		have = mgIDs(m2.Timeline, eventID)
		for id := range mgIDs(append(slices.Clone(got.Timeline), y2.Timeline...), eventID) {
			require.Equal(t, 1, have[id], "case %d: second merge: event %s", i, id)
		}

		// The merge is a state the lifecycle goes on from.
		mgDo(t, got.AddNote("merged", mgSync, mgMerge.Add(time.Minute)))
		require.NoError(t, got.Validate())
	}
	t.Logf("conflicts by field: %v", fields)
	for _, f := range []string{"status", "severity", "title", "roles", "milestones.resolved", "links", "merged_into"} {
		assert.Positive(t, fields[f], "no case had a conflict on %s", f)
	}
}

// BenchmarkMerge3 merges two sides that each made 300 random lifecycle
// calls on an incident that had 300 in common.
func BenchmarkMerge3(b *testing.B) {
	r := rand.New(rand.NewSource(1))
	base := mgNew(b)
	clock := mgT0
	mgRandomEdits(r, base, &clock, 300)
	x, y := base.Clone(), base.Clone()
	cx, cy := clock, clock
	mgRandomEdits(r, x, &cx, 300)
	mgRandomEdits(r, y, &cy, 300)
	at := cx.Add(time.Hour)
	if cy.After(cx) {
		at = cy.Add(time.Hour)
	}
	b.ReportMetric(float64(len(x.Timeline)+len(y.Timeline)-len(base.Timeline)), "events")
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := incident.Merge3(base, x, y, mgSync, at); err != nil {
			b.Fatal(err)
		}
	}
}
