package severity_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/incidentkit/incidentkit/severity"
)

func TestLevel(t *testing.T) {
	p := severity.Default()
	l, err := p.Level("sev2")
	if err != nil || l.Title != "Major" || l.Rank != 2 {
		t.Errorf(`Level("sev2") = %+v, %v; want Major, rank 2`, l, err)
	}
	_, err = p.Level("sev9")
	if !errors.Is(err, severity.ErrUnknownLevel) {
		t.Errorf(`Level("sev9") error = %v, want ErrUnknownLevel`, err)
	}
	if got, want := err.Error(), `severity: unknown level "sev9"`; got != want {
		t.Errorf(`Level("sev9") error = %q, want %q`, got, want)
	}
	var nilPolicy *severity.Policy
	if _, err := nilPolicy.Level("sev1"); !errors.Is(err, severity.ErrUnknownLevel) {
		t.Errorf("nil policy Level error = %v, want ErrUnknownLevel", err)
	}
}

func TestCompare(t *testing.T) {
	p := severity.Default()
	tests := []struct {
		a, b    string
		want    int
		wantErr bool
	}{
		{"sev1", "sev2", -1, false},
		{"sev3", "sev1", 1, false},
		{"sev2", "sev2", 0, false},
		{"sev0", "sev1", 0, true},
		{"sev1", "nope", 0, true},
	}
	for _, tt := range tests {
		got, err := p.Compare(tt.a, tt.b)
		if got != tt.want || (err != nil) != tt.wantErr || err != nil && !errors.Is(err, severity.ErrUnknownLevel) {
			t.Errorf("Compare(%q, %q) = %d, %v; want %d, error %v", tt.a, tt.b, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestMostLeastNames(t *testing.T) {
	// Levels out of rank order: the methods must not depend on the order.
	p := &severity.Policy{Levels: []severity.Level{
		{Name: "low", Rank: 5}, {Name: "top", Rank: 1}, {Name: "mid", Rank: 3},
	}}
	if got := p.Most().Name; got != "top" {
		t.Errorf("Most() = %q, want top", got)
	}
	if got := p.Least().Name; got != "low" {
		t.Errorf("Least() = %q, want low", got)
	}
	if diff := cmp.Diff([]string{"top", "mid", "low"}, p.Names()); diff != "" {
		t.Errorf("Names() (-want +got):\n%s", diff)
	}
	if p.Levels[0].Name != "low" {
		t.Errorf("methods reordered the caller's levels")
	}
	empty := &severity.Policy{}
	if empty.Most() != (severity.Level{}) || empty.Least() != (severity.Level{}) || len(empty.Names()) != 0 {
		t.Errorf("empty policy: Most/Least/Names not zero")
	}
}

func TestDefaultIsFresh(t *testing.T) {
	a := severity.Default()
	a.Levels[0].Name = "changed"
	if b := severity.Default(); b.Levels[0].Name != "sev1" {
		t.Errorf("Default() shares state between calls")
	}
}

func TestValidName(t *testing.T) {
	for name, want := range map[string]bool{
		"sev1": true, "p": true, "maintenance": true, "a_b-c9": true,
		"": false, "Sev1": false, "1sev": false, "-a": false, "sev 1": false, "sév": false,
		"abcdefghijklmnopqrstuvwxyz012345": true, "abcdefghijklmnopqrstuvwxyz0123456": false,
	} {
		if got := severity.ValidName(name); got != want {
			t.Errorf("ValidName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestPolicyClone(t *testing.T) {
	p := severity.Default()
	p.Postmortem.DisabledLintRules = []string{"blame"}
	c := p.Clone()
	c.Levels[0].Name = "changed"
	c.Postmortem.DisabledLintRules[0] = "changed"
	if p.Levels[0].Name != "sev1" || p.Postmortem.DisabledLintRules[0] != "blame" {
		t.Errorf("changing the clone changed the original: %+v", p)
	}
	if (*severity.Policy)(nil).Clone() != nil {
		t.Error("Clone of nil policy is not nil")
	}
}
