package severity_test

import (
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/severity"
)

func policyOf(names ...string) *severity.Policy {
	p := &severity.Policy{}
	for i, n := range names {
		p.Levels = append(p.Levels, severity.Level{Name: n, Rank: i + 1, Title: n,
			Targets: severity.Targets{Acknowledge: time.Minute, FirstUpdate: time.Minute, Mitigate: time.Hour, Resolve: time.Hour}})
	}
	return p
}

func TestClassifyDefault(t *testing.T) {
	p := severity.Default()
	tests := []struct {
		name string
		i    severity.Impact
		want string
	}{
		{"all users full outage", severity.Impact{Scope: severity.ScopeAll, FullOutage: true}, "sev1"},
		{"all users degraded", severity.Impact{Scope: severity.ScopeAll}, "sev2"},
		{"all users degraded with workaround", severity.Impact{Scope: severity.ScopeAll, Workaround: true}, "sev3"},
		{"many users full outage", severity.Impact{Scope: severity.ScopeMany, FullOutage: true}, "sev1"},
		{"many users degraded", severity.Impact{Scope: severity.ScopeMany}, "sev2"},
		{"many users with workaround", severity.Impact{Scope: severity.ScopeMany, Workaround: true}, "sev3"},
		{"some users full outage", severity.Impact{Scope: severity.ScopeSome, FullOutage: true}, "sev2"},
		{"some users degraded", severity.Impact{Scope: severity.ScopeSome}, "sev3"},
		{"some users with workaround", severity.Impact{Scope: severity.ScopeSome, Workaround: true}, "sev3"},
		{"internal full outage", severity.Impact{Scope: severity.ScopeInternal, FullOutage: true}, "sev3"},
		{"internal degraded clamps to least", severity.Impact{Scope: severity.ScopeInternal}, "sev3"},
		{"unknown scope counts as all", severity.Impact{}, "sev2"},
		{"unknown scope full outage", severity.Impact{FullOutage: true}, "sev1"},
		{"out of range scope counts as all", severity.Impact{Scope: severity.Scope(42), FullOutage: true}, "sev1"},
		{"data loss at any scope", severity.Impact{Scope: severity.ScopeInternal, DataLoss: true, Workaround: true}, "sev1"},
		{"security exposure", severity.Impact{Scope: severity.ScopeSome, Security: true}, "sev1"},
		{"workaround conflicts with outage", severity.Impact{Scope: severity.ScopeAll, FullOutage: true, Workaround: true}, "sev1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.Classify(tt.i).Name; got != tt.want {
				t.Errorf("Classify(%+v) = %s, want %s", tt.i, got, tt.want)
			}
		})
	}
}

func TestClassifyOtherPolicies(t *testing.T) {
	internal := severity.Impact{Scope: severity.ScopeInternal}
	someOutage := severity.Impact{Scope: severity.ScopeSome, FullOutage: true}
	critical := severity.Impact{Scope: severity.ScopeAll, FullOutage: true}
	minor := severity.Impact{Scope: severity.ScopeSome}
	tests := []struct {
		name   string
		policy *severity.Policy
		i      severity.Impact
		want   string
	}{
		{"five levels: low impact gets the fourth", policyOf("p1", "p2", "p3", "p4", "p5"), internal, "p4"},
		{"five levels: critical gets the first", policyOf("p1", "p2", "p3", "p4", "p5"), critical, "p1"},
		{"five levels: minor gets the third", policyOf("p1", "p2", "p3", "p4", "p5"), minor, "p3"},
		{"two levels: major gets the second", policyOf("high", "low"), someOutage, "low"},
		{"two levels: critical gets the first", policyOf("high", "low"), critical, "high"},
		{"one level", policyOf("incident"), internal, "incident"},
		{"no levels", &severity.Policy{}, critical, ""},
		{"ranks with gaps and out of order", &severity.Policy{Levels: []severity.Level{
			{Name: "maintenance", Rank: 90}, {Name: "b", Rank: 20}, {Name: "a", Rank: 10}}}, someOutage, "b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.policy.Classify(tt.i).Name; got != tt.want {
				t.Errorf("Classify(%+v) = %q, want %q", tt.i, got, tt.want)
			}
		})
	}
}

func TestScope(t *testing.T) {
	for _, s := range []severity.Scope{severity.ScopeUnknown, severity.ScopeAll, severity.ScopeMany, severity.ScopeSome, severity.ScopeInternal} {
		got, err := severity.ParseScope(s.String())
		if err != nil || got != s {
			t.Errorf("ParseScope(%q) = %v, %v; want %v", s.String(), got, err, s)
		}
	}
	if _, err := severity.ParseScope("everyone"); err == nil {
		t.Errorf(`ParseScope("everyone") = nil error`)
	}
	if got := severity.Scope(-1).String(); got != "Scope(-1)" {
		t.Errorf("Scope(-1).String() = %q", got)
	}
}
