package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// listFixture declares four incidents that the filters tell apart:
//
//	a: level 0, normal, labels db+payments, investigating
//	b: level 1, drill, label db, triage
//	c: level 0, normal, no labels, resolved
//	d: level 0, maintenance, no labels, declined
func listFixture(t *testing.T, h *harness) map[string]*incident.Incident {
	t.Helper()
	m := map[string]*incident.Incident{
		"a": h.declare(t, incident.Declaration{Title: "A", Labels: []string{"payments", "db"}}),
		"b": h.declare(t, incident.Declaration{Title: "B", Severity: h.level(1), Kind: incident.KindDrill, Labels: []string{"db"}}),
		"c": h.declare(t, incident.Declaration{Title: "C"}),
		"d": h.declare(t, incident.Declaration{Title: "D", Kind: incident.KindMaintenance}),
	}
	m["a"] = h.update(t, m["a"].ID, bob, func(inc *incident.Incident, at time.Time) error {
		return inc.SetStatus(incident.StatusInvestigating, "", bob, at)
	})
	m["c"] = h.update(t, m["c"].ID, bob, func(inc *incident.Incident, at time.Time) error {
		return inc.SetStatus(incident.StatusResolved, "self-healed", bob, at)
	})
	m["d"] = h.update(t, m["d"].ID, bob, func(inc *incident.Incident, at time.Time) error {
		return inc.Decline("planned work, not an incident", bob, at)
	})
	return m
}

func testList(t *testing.T, h *harness) {
	m := listFixture(t, h)
	first, last := m["a"].Milestones.Declared, m["a"].Milestones.Declared
	for _, inc := range m {
		d := inc.Milestones.Declared
		if d.Before(first) {
			first = d
		}
		if d.After(last) {
			last = d
		}
	}
	all := "abcd"
	sev0 := "acd" // b has the second level, if the policy has one
	if len(h.levels) == 1 {
		sev0 = all
	}
	tests := []struct {
		name string
		f    store.Filter
		want string // the fixture's incidents, in any order
	}{
		{"zero", store.Filter{}, all},
		{"status", store.Filter{Status: []incident.Status{incident.StatusInvestigating, incident.StatusResolved}}, "ac"},
		{"status none", store.Filter{Status: []incident.Status{incident.StatusClosed}}, ""},
		{"severity", store.Filter{Severity: []string{h.level(0)}}, sev0},
		{"severity unknown", store.Filter{Severity: []string{"nosuchlevel"}}, ""},
		{"kind drill", store.Filter{Kind: []incident.Kind{incident.KindDrill}}, "b"},
		{"kind two", store.Filter{Kind: []incident.Kind{incident.KindNormal, incident.KindMaintenance}}, "acd"},
		{"label", store.Filter{Labels: []string{"db"}}, "ab"},
		{"labels all", store.Filter{Labels: []string{"db", "payments"}}, "a"},
		{"label none", store.Filter{Labels: []string{"nosuchlabel"}}, ""},
		{"open", store.Filter{Open: true}, "ab"},
		{"not open", store.Filter{NotOpen: true}, "cd"},
		{"open and label", store.Filter{Open: true, Labels: []string{"payments"}}, "a"},
		{"from first", store.Filter{DeclaredFrom: first}, all},
		{"from after last", store.Filter{DeclaredFrom: last.Add(time.Second)}, ""},
		{"to first", store.Filter{DeclaredTo: first}, ""},
		{"to after last", store.Filter{DeclaredTo: last.Add(time.Second)}, all},
		{"from and to", store.Filter{DeclaredFrom: first, DeclaredTo: last.Add(time.Second)}, all},
	}
	if len(h.levels) > 1 {
		tests = append(tests, struct {
			name string
			f    store.Filter
			want string
		}{"severity other", store.Filter{Severity: []string{h.level(1)}}, "b"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []*incident.Incident
			for _, k := range tt.want {
				want = append(want, m[string(k)])
			}
			store.Sort(want)
			got := h.list(t, tt.f)
			assert.Equal(t, ids(want), ids(got), "List(%+v)", tt.f)
			for _, inc := range got {
				assert.True(t, tt.f.Match(inc), "List(%+v) returned %s, which does not match", tt.f, inc.ID)
			}
		})
	}
	t.Run("limit", func(t *testing.T) {
		full := h.list(t, store.Filter{})
		for _, n := range []int{1, 2, 4, 10} {
			got := h.list(t, store.Filter{Limit: n})
			assert.Equal(t, ids(full[:min(n, len(full))]), ids(got), "List(Limit: %d)", n)
		}
		open := h.list(t, store.Filter{Open: true})
		got := h.list(t, store.Filter{Open: true, Limit: 1})
		assert.Equal(t, ids(open[:1]), ids(got), "List(Open, Limit: 1)")
	})
}

func testListOrder(t *testing.T, h *harness) {
	for _, title := range []string{"One", "Two", "Three", "Four", "Five"} {
		h.declare(t, incident.Declaration{Title: title})
	}
	got := h.list(t, store.Filter{})
	require.Len(t, got, 5)
	for i := 1; i < len(got); i++ {
		a, b := got[i-1], got[i]
		da, db := a.Milestones.Declared, b.Milestones.Declared
		if da.Before(db) || da.Equal(db) && a.ID >= b.ID {
			t.Errorf("List order: %s (declared %v) before %s (declared %v); want most recent first, then by ID",
				a.ID, da, b.ID, db)
		}
	}
	sorted := slices.Clone(got)
	store.Sort(sorted)
	assert.Equal(t, ids(sorted), ids(got), "List order is store.Sort order")
}
