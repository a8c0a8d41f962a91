package incident_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/incidentkit/incidentkit/incident"
)

func TestDurations(t *testing.T) {
	all := incident.PhaseDetect | incident.PhaseAcknowledge | incident.PhaseMitigate | incident.PhaseResolve
	tests := []struct {
		name  string
		decl  incident.Declaration
		setup func(t *testing.T, inc *incident.Incident)
		want  incident.Durations
	}{
		{
			name: "fresh",
			want: incident.Durations{},
		},
		{
			name: "every phase",
			decl: incident.Declaration{ImpactStarted: fxAt(-30), Detected: fxAt(-10)},
			setup: func(t *testing.T, inc *incident.Incident) {
				fxRun(fxStep{40, "monitor"}, fxStep{100, "resolve"})(t, inc)
			},
			want: incident.Durations{Detect: 20 * time.Minute, Acknowledge: 40 * time.Minute,
				Mitigate: 70 * time.Minute, Resolve: 130 * time.Minute, Known: all},
		},
		{
			name: "impact start unknown: from declaration",
			setup: func(t *testing.T, inc *incident.Incident) {
				require.NoError(t, inc.Acknowledge(fxBob, fxAt(3)))
				fxRun(fxStep{40, "monitor"})(t, inc)
			},
			want: incident.Durations{Acknowledge: 3 * time.Minute, Mitigate: 40 * time.Minute,
				Known: incident.PhaseAcknowledge | incident.PhaseMitigate},
		},
		{
			name: "detected when impact started",
			decl: incident.Declaration{ImpactStarted: fxAt(-5), Detected: fxAt(-5)},
			want: incident.Durations{Known: incident.PhaseDetect},
		},
		{
			name: "impact started after detection (inconsistent)",
			decl: incident.Declaration{ImpactStarted: fxAt(-5), Detected: fxAt(-10)},
			want: incident.Durations{},
		},
		{
			name: "regression clears mitigation",
			setup: func(t *testing.T, inc *incident.Incident) {
				fxRun(fxStep{40, "monitor"})(t, inc)
				require.NoError(t, inc.SetStatus(incident.StatusInvestigating, "", fxBob, fxAt(50)))
			},
			want: incident.Durations{Acknowledge: 40 * time.Minute, Known: incident.PhaseAcknowledge},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.decl
			d.Title, d.Severity = "x", "sev2"
			inc, err := incident.New(d, fxAda, fxT0)
			require.NoError(t, err)
			if tt.setup != nil {
				tt.setup(t, inc)
			}
			got := inc.Durations()
			assert.Equal(t, tt.want, got)
			for _, p := range incident.Phases {
				v, ok := got.Of(p)
				assert.Equal(t, tt.want.Known&p != 0, ok, "Of(%s)", p)
				assert.Equal(t, ok, got.Has(p))
				if !ok {
					assert.Zero(t, v)
				}
			}
		})
	}
}

func TestPhase(t *testing.T) {
	d := incident.Durations{Detect: 1, Acknowledge: 2, Mitigate: 3, Resolve: 4,
		Known: incident.PhaseDetect | incident.PhaseAcknowledge | incident.PhaseMitigate | incident.PhaseResolve}
	var names []string
	for i, p := range incident.Phases {
		names = append(names, p.String())
		v, ok := d.Of(p)
		assert.True(t, ok)
		assert.Equal(t, time.Duration(i+1), v)
	}
	assert.Equal(t, []string{"detect", "acknowledge", "mitigate", "resolve"}, names)
	for _, p := range []incident.Phase{0, incident.PhaseDetect | incident.PhaseResolve, 64} {
		_, ok := d.Of(p)
		assert.False(t, ok, "Of(%s)", p)
	}
	assert.False(t, d.Has(0))
	assert.True(t, d.Has(incident.PhaseDetect|incident.PhaseResolve), "Has accepts a set")
	assert.Equal(t, "phase(9)", (incident.PhaseDetect | incident.PhaseResolve).String())
}
