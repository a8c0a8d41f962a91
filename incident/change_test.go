package incident_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/incidentkit/incidentkit/incident"
)

func TestNew(t *testing.T) {
	d := incident.Declaration{
		ID: "INC-2026-0042", UID: "01JDQ2Z7Y3Q8V4N5M6K7J8H9G0", Title: "checkout errors", Summary: "5xx on /pay",
		Severity: "sev1", ImpactStarted: fxAt(-30), Detected: fxAt(-10),
		Components: []string{"payments", "api"}, Labels: []string{"team:pay", "eu", "eu"},
	}
	inc, err := incident.New(d, fxAda, fxT0.Add(400*time.Millisecond))
	require.NoError(t, err)
	assert.Equal(t, incident.KindNormal, inc.Kind)
	assert.Equal(t, incident.StatusTriage, inc.Status)
	assert.Equal(t, incident.Milestones{ImpactStarted: fxAt(-30), Detected: fxAt(-10), Declared: fxT0}, inc.Milestones)
	assert.Equal(t, []string{"eu", "team:pay"}, inc.Labels)
	assert.Equal(t, []incident.Component{
		{Name: "api", Status: incident.ComponentMajorOutage},
		{Name: "payments", Status: incident.ComponentMajorOutage},
	}, inc.Impact.Components)
	require.Len(t, inc.Timeline, 1)
	e := inc.Timeline[0]
	assert.Equal(t, incident.EventDeclared, e.Kind)
	assert.Equal(t, "sev1", e.To)
	assert.Equal(t, "checkout errors", e.Text)
	assert.Equal(t, fxAda, e.Actor)
	assert.Len(t, e.ID, 12)

	t.Run("links", func(t *testing.T) {
		d := incident.Declaration{ID: "INC-1", UID: "01JDQ2Z7Y3Q8V4N5M6K7J8H9G0", Title: "5xx", Severity: "sev2", Links: []incident.Link{
			{Kind: incident.LinkAlert, Target: "3f1c2a9b8d7e6f50", Title: "CheckoutHighErrorRate"},
			{Kind: incident.LinkDeploy, Target: "payments-api@v812", Suspect: true},
		}}
		inc, err := incident.New(d, fxAda, fxT0)
		require.NoError(t, err)
		assert.Equal(t, d.Links, inc.Links)
		require.Len(t, inc.Timeline, 3, "declared, then one link event per link")
		for i, e := range inc.Timeline[1:] {
			assert.Equal(t, incident.EventLink, e.Kind)
			assert.Equal(t, d.Links[i].Target, e.To)
			assert.Equal(t, fxT0, e.At)
		}
		assert.Equal(t, "suspect", inc.Timeline[2].Text)
		require.NoError(t, inc.Validate())
	})

	t.Run("maintenance", func(t *testing.T) {
		inc, err := incident.New(incident.Declaration{Title: "db upgrade", Severity: "sev3", Kind: incident.KindMaintenance,
			Components: []string{"db"}}, fxAda, fxT0)
		require.NoError(t, err)
		assert.Equal(t, incident.ComponentMaintenance, inc.Impact.Components[0].Status)
	})

	bad := []struct {
		name string
		edit func(*incident.Declaration)
		by   incident.Person
	}{
		{"no title", func(d *incident.Declaration) { d.Title = "" }, fxAda},
		{"no severity", func(d *incident.Declaration) { d.Severity = "" }, fxAda},
		{"bad severity", func(d *incident.Declaration) { d.Severity = "SEV 1" }, fxAda},
		{"bad kind", func(d *incident.Declaration) { d.Kind = "game" }, fxAda},
		{"bad id", func(d *incident.Declaration) { d.ID = "inc-1" }, fxAda},
		{"bad component", func(d *incident.Declaration) { d.Components = []string{"../x"} }, fxAda},
		{"bad label", func(d *incident.Declaration) { d.Labels = []string{"Has Space"} }, fxAda},
		{"bad link kind", func(d *incident.Declaration) { d.Links = []incident.Link{{Kind: "pager", Target: "x"}} }, fxAda},
		{"empty link target", func(d *incident.Declaration) { d.Links = []incident.Link{{Kind: incident.LinkAlert}} }, fxAda},
		{"linked to itself", func(d *incident.Declaration) {
			d.Links = []incident.Link{{Kind: incident.LinkIncident, Target: "INC-1"}}
		}, fxAda},
		{"impact after declaration", func(d *incident.Declaration) { d.ImpactStarted = fxAt(1) }, fxAda},
		{"detected after declaration", func(d *incident.Declaration) { d.Detected = fxAt(1) }, fxAda},
		{"bad declarer", func(d *incident.Declaration) {}, incident.Person{}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			d := incident.Declaration{ID: "INC-1", Title: "t", Severity: "sev2"}
			tt.edit(&d)
			_, err := incident.New(d, tt.by, fxT0)
			assert.ErrorIs(t, err, incident.ErrInvalid)
		})
	}
	t.Run("zero time", func(t *testing.T) {
		_, err := incident.New(incident.Declaration{Title: "t", Severity: "sev2"}, fxAda, time.Time{})
		assert.ErrorIs(t, err, incident.ErrInvalid)
	})
}

func TestCheckComponentAndLabel(t *testing.T) {
	for name, ok := range map[string]bool{
		"checkout": true, "Payments API": true, "eu-west-1/db": true, "a": true, strings.Repeat("a", 64): true,
		"": false, " lead": false, "-x": false, "../etc": false, "a\nb": false, "é": false, strings.Repeat("a", 65): false,
	} {
		if err := incident.CheckComponent(name); (err == nil) != ok {
			t.Errorf("CheckComponent(%q) = %v, want ok %v", name, err, ok)
		} else if err != nil && !errors.Is(err, incident.ErrInvalid) {
			t.Errorf("CheckComponent(%q) = %v, want ErrInvalid", name, err)
		}
	}
	for label, ok := range map[string]bool{
		"team:pay": true, "eu": true, "alertmanager-group:0123abcd": true, strings.Repeat("a", 64): true,
		"": false, "Team": false, "has space": false, ":x": false, strings.Repeat("a", 65): false,
	} {
		if err := incident.CheckLabel(label); (err == nil) != ok {
			t.Errorf("CheckLabel(%q) = %v, want ok %v", label, err, ok)
		} else if err != nil && !errors.Is(err, incident.ErrInvalid) {
			t.Errorf("CheckLabel(%q) = %v, want ErrInvalid", label, err)
		}
	}
}

func TestCheckID(t *testing.T) {
	for id, ok := range map[string]bool{
		"INC-2026-0042": true, "OPS-7": true, "A-1": true, "INC-1-2-3": true, "ABCDEFGHIJKLMNOP-1": true,
		"": false, "INC": false, "inc-1": false, "INC-": false, "INC-1-2-3-4": false, "INC-1/2": false,
		"../INC-1": false, "INC-1\n": false, "ABCDEFGHIJKLMNOPQ-1": false, "INC-1234567890": false, "1NC-1": false,
	} {
		err := incident.CheckID(id)
		if ok {
			assert.NoError(t, err, "CheckID(%q)", id)
		} else {
			assert.ErrorIs(t, err, incident.ErrInvalid, "CheckID(%q)", id)
		}
	}
}

func TestKind(t *testing.T) {
	for k, counted := range map[incident.Kind]bool{incident.KindNormal: true, incident.KindDrill: false, incident.KindMaintenance: false} {
		assert.True(t, k.Valid())
		assert.Equal(t, counted, k.Counted(), "%s.Counted()", k)
	}
	assert.False(t, incident.Kind("").Valid())
	assert.False(t, incident.Kind("").Counted())
}

func TestSeverityHistory(t *testing.T) {
	inc := fxNew(t, "sev3")
	require.NoError(t, inc.SetSeverity("sev2", "more customers", fxBob, fxAt(5)))
	require.NoError(t, inc.SetSeverity("sev2", "again", fxBob, fxAt(6)), "same level is a no-op")
	require.NoError(t, inc.SetSeverity("sev1", "all of EU", fxAda, fxAt(10)))
	require.ErrorIs(t, inc.SetSeverity("Sev 1", "", fxAda, fxAt(11)), incident.ErrInvalid)
	require.ErrorIs(t, inc.SetSeverity("sev4", "", fxAda, fxT0.Add(-time.Minute)), incident.ErrInvalid)
	assert.Equal(t, "sev1", inc.Severity)

	want := []incident.SeverityChange{
		{To: "sev3", By: fxAda, At: fxT0},
		{From: "sev3", To: "sev2", Reason: "more customers", By: fxBob, At: fxAt(5)},
		{From: "sev2", To: "sev1", Reason: "all of EU", By: fxAda, At: fxAt(10)},
	}
	if diff := cmp.Diff(want, inc.SeverityHistory()); diff != "" {
		t.Errorf("SeverityHistory() mismatch (-want +got):\n%s", diff)
	}

	fxReach(t, inc, incident.StatusMerged)
	err := inc.SetSeverity("sev2", "", fxAda, fxAt(20))
	require.ErrorIs(t, err, incident.ErrTransition)
	assert.Contains(t, err.Error(), "merged")
}

func TestUpdates(t *testing.T) {
	inc := fxNew(t, "sev1")
	require.NoError(t, inc.PostUpdate(incident.AudienceInternal, "looking into it", fxBob, fxAt(5)))
	require.NoError(t, inc.SetStatus(incident.StatusIdentified, "", fxBob, fxAt(6)))
	require.NoError(t, inc.PostUpdate(incident.AudiencePublic, "we are aware", fxAda, fxAt(8)))
	// Posted late (typed in after the fact): kept in time order.
	require.NoError(t, inc.PostUpdate(incident.AudienceInternal, "paged db team", fxBob, fxAt(7)))

	require.ErrorIs(t, inc.PostUpdate("everyone", "x", fxBob, fxAt(9)), incident.ErrInvalid)
	require.ErrorIs(t, inc.PostUpdate(incident.AudiencePublic, "  ", fxBob, fxAt(9)), incident.ErrInvalid)
	require.ErrorIs(t, inc.PostUpdate(incident.AudiencePublic, "x", fxBob, fxAt(-1)), incident.ErrInvalid)

	require.Len(t, inc.Updates, 3)
	var msgs []string
	for _, u := range inc.Updates {
		msgs = append(msgs, u.Message)
		assert.Len(t, u.ID, 12)
	}
	assert.Equal(t, []string{"looking into it", "paged db team", "we are aware"}, msgs)
	assert.Equal(t, incident.StatusTriage, inc.Updates[0].Status)
	assert.Equal(t, incident.StatusIdentified, inc.Updates[2].Status)

	u, ok := inc.LastUpdate(incident.AudienceInternal)
	require.True(t, ok)
	assert.Equal(t, "paged db team", u.Message)
	u, ok = inc.LastUpdate("")
	require.True(t, ok)
	assert.Equal(t, "we are aware", u.Message)
	// The update and its timeline event share the ID.
	var found bool
	for _, e := range inc.Timeline {
		if e.ID == u.ID {
			found = true
			assert.Equal(t, incident.EventUpdate, e.Kind)
			assert.Equal(t, "public", e.Subject)
		}
	}
	assert.True(t, found)

	_, ok = fxNew(t, "sev1").LastUpdate("")
	assert.False(t, ok)
	assert.True(t, incident.AudiencePublic.Valid())
	assert.False(t, incident.Audience("").Valid())
}

func TestTimelineOrderAndIDs(t *testing.T) {
	inc := fxNew(t, "sev2")
	require.NoError(t, inc.AddNote("same", fxBob, fxAt(3)))
	require.NoError(t, inc.AddNote("same", fxBob, fxAt(3)))
	require.NoError(t, inc.AddNote("earlier", fxBob, fxAt(1)))
	require.ErrorIs(t, inc.AddNote(" \n", fxBob, fxAt(4)), incident.ErrInvalid)
	require.ErrorIs(t, inc.AddNote("x", fxBob, fxAt(-4)), incident.ErrInvalid)

	var texts []string
	ids := map[string]bool{}
	for i, e := range inc.Timeline {
		texts = append(texts, e.Text)
		ids[e.ID] = true
		if i > 0 {
			assert.False(t, e.At.Before(inc.Timeline[i-1].At), "timeline in time order")
		}
	}
	assert.Equal(t, []string{"checkout errors", "earlier", "same", "same"}, texts)
	assert.Len(t, ids, 4, "identical notes get distinct IDs")

	last, ok := inc.LastEvent()
	require.True(t, ok)
	assert.Equal(t, fxAt(3), last.At)
	_, ok = (&incident.Incident{}).LastEvent()
	assert.False(t, ok)

	// The same change on two copies of the same state gets the same ID.
	a, b := fxNew(t, "sev2"), fxNew(t, "sev2")
	require.NoError(t, a.AddNote("n", fxBob, fxAt(1)))
	require.NoError(t, b.AddNote("n", fxBob, fxAt(1)))
	assert.Equal(t, a.Timeline[1].ID, b.Timeline[1].ID)

	for _, k := range incident.EventKinds {
		assert.True(t, k.Valid(), k)
	}
	assert.False(t, incident.EventKind("bogus").Valid())
}

func TestDescriptiveFields(t *testing.T) {
	inc := fxNew(t, "sev2")
	require.NoError(t, inc.SetTitle("checkout 5xx in EU", fxBob, fxAt(1)))
	require.ErrorIs(t, inc.SetTitle(" ", fxBob, fxAt(1)), incident.ErrInvalid)
	require.NoError(t, inc.SetSummary("card payments fail", fxBob, fxAt(2)))
	n := len(inc.Timeline)
	require.NoError(t, inc.SetSummary("card payments fail", fxBob, fxAt(3)), "unchanged is a no-op")
	assert.Len(t, inc.Timeline, n)
	require.ErrorIs(t, inc.SetSummary("x", incident.Person{}, fxAt(3)), incident.ErrInvalid)
	assert.Equal(t, "checkout 5xx in EU", inc.Title)
	assert.Equal(t, "card payments fail", inc.Summary)

	e := inc.Timeline[1]
	assert.Equal(t, incident.EventField, e.Kind)
	assert.Equal(t, "title", e.Subject)
	assert.Equal(t, "checkout errors", e.From)
	assert.Equal(t, "checkout 5xx in EU", e.To)
}

func TestLabels(t *testing.T) {
	inc := fxNew(t, "sev2")
	require.NoError(t, inc.SetLabels([]string{"team:pay", "eu", "team:pay"}, fxBob, fxAt(1)))
	assert.Equal(t, []string{"eu", "team:pay"}, inc.Labels)
	n := len(inc.Timeline)
	require.NoError(t, inc.SetLabels([]string{"eu", "team:pay"}, fxBob, fxAt(2)), "same set is a no-op")
	assert.Len(t, inc.Timeline, n)
	for _, l := range []string{"", "EU", "has space", "-x", strings.Repeat("a", 65), "é"} {
		require.ErrorIs(t, inc.SetLabels([]string{"ok", l}, fxBob, fxAt(3)), incident.ErrInvalid, "label %q", l)
	}
	require.ErrorIs(t, inc.SetLabels([]string{"new"}, incident.Person{}, fxAt(3)), incident.ErrInvalid)
	require.NoError(t, inc.SetLabels(nil, fxBob, fxAt(4)))
	assert.Nil(t, inc.Labels)
	last, _ := inc.LastEvent()
	assert.Equal(t, "labels", last.Subject)
	assert.Equal(t, "eu,team:pay", last.From)
	assert.Empty(t, last.To)
}

func TestMilestoneSetters(t *testing.T) {
	inc := fxNew(t, "sev2")
	require.NoError(t, inc.SetImpactStarted(fxAt(-45), fxBob, fxAt(5)))
	require.NoError(t, inc.SetDetected(fxAt(-20), fxBob, fxAt(5)))
	require.NoError(t, inc.SetDetected(fxAt(-20), fxBob, fxAt(6)), "unchanged is a no-op")
	require.NoError(t, inc.SetImpactStarted(fxAt(-50), fxBob, fxAt(7)))
	assert.Equal(t, fxAt(-50), inc.Milestones.ImpactStarted)
	assert.Equal(t, fxAt(-20), inc.Milestones.Detected)

	require.ErrorIs(t, inc.SetImpactStarted(time.Time{}, fxBob, fxAt(8)), incident.ErrInvalid)
	require.ErrorIs(t, inc.SetImpactStarted(fxAt(1), fxBob, fxAt(8)), incident.ErrInvalid, "after the declaration")
	require.ErrorIs(t, inc.SetDetected(fxAt(-1), incident.Person{}, fxAt(8)), incident.ErrInvalid)

	var ms []incident.Event
	for _, e := range inc.Timeline {
		if e.Kind == incident.EventMilestone {
			ms = append(ms, e)
		}
	}
	require.Len(t, ms, 3)
	assert.Equal(t, "impact_started", ms[0].Subject)
	assert.Empty(t, ms[0].From)
	assert.Equal(t, "2026-11-27T09:15:00Z", ms[0].To)
	assert.Equal(t, "detected", ms[1].Subject)
	assert.Equal(t, "2026-11-27T10:00:00Z", ms[1].From, "detected defaulted to the declaration")
	assert.Equal(t, "2026-11-27T09:15:00Z", ms[2].From)
}

func TestLinks(t *testing.T) {
	inc := fxNew(t, "sev2")
	deploy := incident.Link{Kind: incident.LinkDeploy, Target: "deploy-981", Title: "api v2.3"}
	require.NoError(t, inc.AddLink(deploy, fxBob, fxAt(1)))
	n := len(inc.Timeline)
	require.NoError(t, inc.AddLink(deploy, fxBob, fxAt(2)), "identical link is a no-op")
	assert.Len(t, inc.Timeline, n)

	suspect := deploy
	suspect.Suspect = true
	require.NoError(t, inc.AddLink(suspect, fxAda, fxAt(3)))
	require.Len(t, inc.Links, 1, "same kind and target: deduplicated")
	assert.True(t, inc.Links[0].Suspect)
	last, _ := inc.LastEvent()
	assert.Equal(t, incident.EventLink, last.Kind)
	assert.Equal(t, "deploy", last.Subject)
	assert.Equal(t, "deploy-981", last.To)
	assert.Equal(t, "suspect: api v2.3", last.Text)

	require.NoError(t, inc.AddLink(incident.Link{Kind: incident.LinkDeploy, Target: "deploy-982", Suspect: true}, fxAda, fxAt(3)))
	last, _ = inc.LastEvent()
	assert.Equal(t, "suspect", last.Text, "suspect link without a title")
	inc.Links = inc.Links[:1]

	// Same target, other kind: a separate link.
	require.NoError(t, inc.AddLink(incident.Link{Kind: incident.LinkTicket, Target: "deploy-981"}, fxBob, fxAt(4)))
	require.NoError(t, inc.AddLink(incident.Link{Kind: incident.LinkIncident, Target: "INC-2026-0007"}, fxBob, fxAt(4)))
	assert.Len(t, inc.Links, 3)

	for _, l := range []incident.Link{
		{Kind: "chat", Target: "x"},
		{Kind: incident.LinkAlert, Target: ""},
		{Kind: incident.LinkAlert, Target: strings.Repeat("a", 2049)},
		{Kind: incident.LinkIncident, Target: "not an id"},
		{Kind: incident.LinkIncident, Target: inc.ID}, // itself
	} {
		require.ErrorIs(t, inc.AddLink(l, fxBob, fxAt(5)), incident.ErrInvalid, "AddLink(%+v)", l)
	}
	require.ErrorIs(t, inc.AddLink(incident.Link{Kind: incident.LinkOther, Target: "x"}, fxBob, time.Time{}), incident.ErrInvalid)
	assert.Len(t, inc.Links, 3)
	for _, k := range []incident.LinkKind{incident.LinkAlert, incident.LinkDeploy, incident.LinkTicket, incident.LinkIncident, incident.LinkOther} {
		assert.True(t, k.Valid(), k)
	}
}

func TestComponents(t *testing.T) {
	inc := fxNew(t, "sev2")
	require.NoError(t, inc.SetComponent("search", incident.ComponentDegraded, fxBob, fxAt(1)))
	require.NoError(t, inc.SetComponent("api", incident.ComponentPartialOutage, fxBob, fxAt(2)))
	n := len(inc.Timeline)
	require.NoError(t, inc.SetComponent("api", incident.ComponentPartialOutage, fxBob, fxAt(3)), "unchanged is a no-op")
	assert.Len(t, inc.Timeline, n)
	require.NoError(t, inc.SetComponent("search", incident.ComponentOperational, fxBob, fxAt(4)))
	assert.Equal(t, []incident.Component{
		{Name: "api", Status: incident.ComponentPartialOutage},
		{Name: "search", Status: incident.ComponentOperational},
	}, inc.Impact.Components)
	last, _ := inc.LastEvent()
	assert.Equal(t, incident.Event{ID: last.ID, At: fxAt(4), Actor: fxBob, Kind: incident.EventComponent,
		Subject: "search", From: "degraded", To: "operational"}, last)

	c, ok := inc.Impact.Component("api")
	assert.True(t, ok)
	assert.Equal(t, incident.ComponentPartialOutage, c.Status)
	_, ok = inc.Impact.Component("db")
	assert.False(t, ok)

	for _, tt := range []struct {
		name string
		s    incident.ComponentStatus
	}{{"../etc", incident.ComponentDegraded}, {"", incident.ComponentDegraded}, {"db", "down"}, {"db", ""}, {"api", ""}} {
		require.ErrorIs(t, inc.SetComponent(tt.name, tt.s, fxBob, fxAt(5)), incident.ErrInvalid, "SetComponent(%q, %q)", tt.name, tt.s)
	}
	require.ErrorIs(t, inc.SetComponent("db", incident.ComponentDegraded, fxBob, fxAt(-5)), incident.ErrInvalid)
	assert.Len(t, inc.Impact.Components, 2)
	for _, s := range []incident.ComponentStatus{incident.ComponentOperational, incident.ComponentDegraded,
		incident.ComponentPartialOutage, incident.ComponentMajorOutage, incident.ComponentMaintenance} {
		assert.True(t, s.Valid(), s)
	}
}

func TestSetImpact(t *testing.T) {
	inc := fxNew(t, "sev2")
	require.NoError(t, inc.SetImpact(1200, 40, "Some card payments fail.", "~€20k/h", fxBob, fxAt(1)))
	assert.Len(t, inc.Timeline, 5, "one event per changed field")
	require.NoError(t, inc.SetImpact(1500, 40, "Some card payments fail.", "~€20k/h", fxBob, fxAt(2)))
	assert.Len(t, inc.Timeline, 6)
	last, _ := inc.LastEvent()
	assert.Equal(t, "users_affected", last.Subject)
	assert.Equal(t, "1200", last.From)
	assert.Equal(t, "1500", last.To)
	require.ErrorIs(t, inc.SetImpact(-1, 0, "", "", fxBob, fxAt(3)), incident.ErrInvalid)
	require.ErrorIs(t, inc.SetImpact(0, -1, "", "", fxBob, fxAt(3)), incident.ErrInvalid)
	require.ErrorIs(t, inc.SetImpact(0, 0, "", "", fxBob, fxAt(-3)), incident.ErrInvalid)
	assert.Equal(t, int64(1500), inc.Impact.UsersAffected)
	assert.Equal(t, int64(40), inc.Impact.CustomersAffected)
	assert.Equal(t, "Some card payments fail.", inc.Impact.CustomerFacing)
	assert.Equal(t, "~€20k/h", inc.Impact.Business)
}

func TestClone(t *testing.T) {
	inc := fxNew(t, "sev1")
	inc.Aliases = []string{"INC-2026-0041"}
	require.NoError(t, inc.SetLabels([]string{"eu"}, fxBob, fxAt(1)))
	require.NoError(t, inc.AddLink(incident.Link{Kind: incident.LinkAlert, Target: "a1"}, fxBob, fxAt(1)))
	require.NoError(t, inc.SetComponent("api", incident.ComponentDegraded, fxBob, fxAt(1)))
	require.NoError(t, inc.Assign(incident.RoleCommander, fxAda, fxBob, fxAt(1)))
	require.NoError(t, inc.PostUpdate(incident.AudienceInternal, "hi", fxBob, fxAt(2)))

	c := inc.Clone()
	if diff := cmp.Diff(inc, c); diff != "" {
		t.Fatalf("Clone() differs (-orig +clone):\n%s", diff)
	}
	orig := inc.Clone()

	// Changing the clone in every way leaves the original alone.
	c.Aliases[0] = "X-1"
	c.Labels[0] = "zz"
	c.Links[0].Suspect = true
	c.Impact.Components[0].Status = incident.ComponentMajorOutage
	c.Roles[incident.RoleLead] = fxBob
	c.Timeline[0].Text = "changed"
	c.Updates[0].Message = "changed"
	require.NoError(t, c.SetStatus(incident.StatusInvestigating, "", fxBob, fxAt(3)))
	require.NoError(t, c.AddNote("only in the clone", fxBob, fxAt(4)))
	if diff := cmp.Diff(orig, inc); diff != "" {
		t.Errorf("original changed through its clone (-before +after):\n%s", diff)
	}

	var nilInc *incident.Incident
	assert.Nil(t, nilInc.Clone())
	empty := (&incident.Incident{}).Clone()
	assert.Nil(t, empty.Roles)
}
