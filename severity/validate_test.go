package severity_test

import (
	"strings"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/severity"
)

func TestValidateDefault(t *testing.T) {
	if err := severity.Default().Validate(); err != nil {
		t.Fatalf("Default().Validate() = %v", err)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(p *severity.Policy)
		want   []string
	}{
		{"no levels", func(p *severity.Policy) { p.Levels = nil }, []string{"levels: at least one level is required"}},
		{"bad name", func(p *severity.Policy) { p.Levels[1].Name = "Major" }, []string{
			`levels[1].name: invalid level name "Major" (want a lowercase letter, then up to 31 of a-z, 0-9, _ and -)`}},
		{"duplicate name", func(p *severity.Policy) { p.Levels[2].Name = "sev1" }, []string{
			`levels[2].name: duplicate level "sev1", first at levels[0]`}},
		{"rank zero", func(p *severity.Policy) { p.Levels[0].Rank = 0 }, []string{
			"levels[0].rank: must be 1 or more (1 is the most severe), got 0"}},
		{"duplicate rank", func(p *severity.Policy) { p.Levels[2].Rank = 2 }, []string{
			"levels[2].rank: duplicate rank 2, first at levels[1]"}},
		{"empty title", func(p *severity.Policy) { p.Levels[0].Title = "" }, []string{"levels[0].title: must not be empty"}},
		{"multi-line title", func(p *severity.Policy) { p.Levels[0].Title = "a\nb" }, []string{"levels[0].title: must be a single line"}},
		{"zero acknowledge", func(p *severity.Policy) { p.Levels[0].Targets.Acknowledge = 0 }, []string{
			"levels[0].targets.acknowledge: must be positive, got 0s"}},
		{"negative resolve", func(p *severity.Policy) { p.Levels[0].Targets.Resolve = -time.Hour }, []string{
			"levels[0].targets.resolve: must be positive, got -1h"}},
		{"negative cadence", func(p *severity.Policy) { p.Levels[1].Targets.PublicCadence = -time.Minute }, []string{
			"levels[1].targets.public_cadence: must not be negative, got -1m"}},
		{"cadence over resolve", func(p *severity.Policy) { p.Levels[0].Targets.InternalCadence = 5 * time.Hour }, []string{
			"levels[0].targets.internal_cadence: 5h is longer than resolve (4h)"}},
		{"mitigate over resolve", func(p *severity.Policy) { p.Levels[1].Targets.Mitigate = 2 * 24 * time.Hour }, []string{
			"levels[1].targets.mitigate: 2d is longer than resolve (1d)"}},
		{"postmortem without deadline", func(p *severity.Policy) { p.Levels[0].Targets.PostmortemDeadline = 0 }, []string{
			"levels[0].targets.postmortem_deadline: missing: required when postmortem_required is true"}},
		{"actions before postmortem", func(p *severity.Policy) { p.Levels[0].Targets.ActionItemDeadline = time.Hour }, []string{
			"levels[0].targets.action_item_deadline: 1h is before postmortem_deadline (2d)"}},
		{"lint rules", func(p *severity.Policy) { p.Postmortem.DisabledLintRules = []string{"a", " ", "a"} }, []string{
			"postmortem.disabled_lint_rules[1]: must not be empty",
			`postmortem.disabled_lint_rules[2]: duplicate rule "a", first at disabled_lint_rules[0]`}},
		{"several at once", func(p *severity.Policy) {
			p.Levels[0].Name = ""
			p.Levels[2].Targets = severity.Targets{}
		}, []string{
			`levels[0].name: invalid level name "" (want a lowercase letter, then up to 31 of a-z, 0-9, _ and -)`,
			"levels[2].targets.acknowledge: must be positive, got 0s",
			"levels[2].targets.first_update: must be positive, got 0s",
			"levels[2].targets.mitigate: must be positive, got 0s",
			"levels[2].targets.resolve: must be positive, got 0s",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := severity.Default()
			tt.change(p)
			err := p.Validate()
			if err == nil {
				t.Fatalf("Validate() = nil, want %q", tt.want)
			}
			checkInvalid(t, err)
			if got, want := err.Error(), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("Validate() =\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestValidateNil(t *testing.T) {
	var p *severity.Policy
	err := p.Validate()
	checkInvalid(t, err)
	if got := err.Error(); got != "levels: at least one level is required" {
		t.Errorf("nil Validate() = %q", got)
	}
}
