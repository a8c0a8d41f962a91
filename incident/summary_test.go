package incident_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/severity"
)

func fxMins(ms ...int) []time.Duration {
	ds := make([]time.Duration, len(ms))
	for i, m := range ms {
		ds[i] = time.Duration(m) * time.Minute
	}
	return ds
}

func TestPercentile(t *testing.T) {
	oneToTen := fxMins(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	oneToTwenty := fxMins(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20)
	tests := []struct {
		data []time.Duration
		p    float64
		want time.Duration
	}{
		{nil, 50, 0},
		{fxMins(7), 50, 7 * time.Minute},
		{fxMins(7), 90, 7 * time.Minute},
		{fxMins(1, 2, 3), 50, 2 * time.Minute},    // rank ceil(1.5) = 2
		{fxMins(1, 2, 3, 4), 50, 2 * time.Minute}, // rank 2: nearest rank never interpolates
		{oneToTen, 50, 5 * time.Minute},
		{oneToTen, 90, 9 * time.Minute}, // rank exactly 9
		{oneToTen, 91, 10 * time.Minute},
		{oneToTen, 10, 1 * time.Minute},
		{oneToTen, 11, 2 * time.Minute},
		{oneToTen, 100, 10 * time.Minute},
		{oneToTen, 0, 1 * time.Minute},
		{oneToTen, -5, 1 * time.Minute},
		{oneToTen, 250, 10 * time.Minute},
		{oneToTwenty, 90, 18 * time.Minute},
		{oneToTwenty, 95, 19 * time.Minute},
		{oneToTwenty, 99.9, 20 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("p%v_of_%d", tt.p, len(tt.data)), func(t *testing.T) {
			assert.Equal(t, tt.want, incident.Percentile(tt.data, tt.p), "Percentile(%v, %v)", tt.data, tt.p)
		})
	}
}

func TestNewStats(t *testing.T) {
	data := fxMins(50, 10, 40, 20, 30, 90, 60, 80, 70, 100)
	s := incident.NewStats(data)
	assert.Equal(t, incident.Stats{N: 10, P50: 50 * time.Minute, P90: 90 * time.Minute, Max: 100 * time.Minute}, s)
	assert.Equal(t, 50*time.Minute, data[0], "input not modified")
	assert.Equal(t, incident.Stats{}, incident.NewStats(nil))
}

// summaryFixture declares incidents against the default policy: five sev2
// resolved after 10..50 minutes (one acknowledged late), one sev1 still open
// and unacknowledged, and one of each excluded kind.
func summaryFixture(t *testing.T) []*incident.Incident {
	t.Helper()
	var incs []*incident.Incident
	for i := 1; i <= 5; i++ {
		d := incident.Declaration{ID: fmt.Sprintf("INC-2026-%d", i), Title: "t", Severity: "sev2"}
		if i <= 2 {
			d.ImpactStarted = fxAt(-3 * i)
		}
		inc, err := incident.New(d, fxAda, fxT0)
		require.NoError(t, err)
		ack := i
		if i == 5 {
			ack = 20 // target 15m: late
		}
		require.NoError(t, inc.SetStatus(incident.StatusInvestigating, "", fxBob, fxAt(ack)))
		require.NoError(t, inc.PostUpdate(incident.AudienceInternal, "on it", fxBob, fxAt(5)))
		require.NoError(t, inc.SetStatus(incident.StatusResolved, "", fxBob, fxAt(10*i)))
		incs = append(incs, inc)
	}
	open, err := incident.New(incident.Declaration{ID: "INC-2026-6", Title: "t", Severity: "sev1"}, fxAda, fxT0)
	require.NoError(t, err)
	incs = append(incs, open, nil)

	other := func(d incident.Declaration, move func(*incident.Incident) error) {
		d.Title = "t"
		if d.Severity == "" {
			d.Severity = "sev1"
		}
		inc, err := incident.New(d, fxAda, fxT0)
		require.NoError(t, err)
		if move != nil {
			require.NoError(t, move(inc))
		}
		incs = append(incs, inc)
	}
	other(incident.Declaration{Kind: incident.KindDrill}, nil)
	other(incident.Declaration{Kind: incident.KindMaintenance}, nil)
	other(incident.Declaration{Kind: incident.KindDrill}, func(inc *incident.Incident) error {
		return inc.Decline("drill that never ran", fxBob, fxAt(1)) // a drill first
	})
	other(incident.Declaration{}, func(inc *incident.Incident) error { return inc.Decline("a bug", fxBob, fxAt(1)) })
	other(incident.Declaration{}, func(inc *incident.Incident) error { return inc.MergeInto("INC-2026-1", fxBob, fxAt(1)) })
	other(incident.Declaration{Severity: "sev9"}, nil)
	return incs
}

func TestSummarize(t *testing.T) {
	s := incident.Summarize(summaryFixture(t), severity.Default(), fxAt(120))

	assert.Equal(t, incident.Excluded{Drill: 2, Maintenance: 1, Declined: 1, Merged: 1, UnknownLevel: 1}, s.Excluded)
	assert.Equal(t, 6, s.Excluded.Total())
	require.Len(t, s.Levels, 3)
	sev1, sev2, sev3 := s.Levels[0], s.Levels[1], s.Levels[2]
	assert.Equal(t, []string{"sev1", "sev2", "sev3"}, []string{sev1.Level, sev2.Level, sev3.Level})

	assert.Equal(t, 5, sev2.Count)
	assert.Equal(t, 4, sev2.Compliant)
	assert.Equal(t, map[incident.Rule]int{incident.RuleAckLate: 1}, sev2.Breached)
	assert.InDelta(t, 0.8, sev2.Compliance(""), 1e-9)
	assert.InDelta(t, 0.8, sev2.Compliance(incident.RuleAckLate), 1e-9)
	assert.InDelta(t, 1.0, sev2.Compliance(incident.RuleResolveLate), 1e-9)
	assert.Equal(t, incident.Stats{N: 2, P50: 3 * time.Minute, P90: 6 * time.Minute, Max: 6 * time.Minute}, sev2.Detect)
	assert.Equal(t, incident.Stats{N: 5, P50: 3 * time.Minute, P90: 20 * time.Minute, Max: 20 * time.Minute}, sev2.Acknowledge)
	// Mitigate and resolve count from the impact start when known:
	// 10+3, 20+6, 30, 40, 50 minutes.
	wantRes := incident.Stats{N: 5, P50: 30 * time.Minute, P90: 50 * time.Minute, Max: 50 * time.Minute}
	assert.Equal(t, wantRes, sev2.Mitigate)
	assert.Equal(t, wantRes, sev2.Resolve)
	assert.Equal(t, sev2.Resolve, sev2.Stats(incident.PhaseResolve))
	assert.Equal(t, sev2.Detect, sev2.Stats(incident.PhaseDetect))
	assert.Equal(t, sev2.Acknowledge, sev2.Stats(incident.PhaseAcknowledge))
	assert.Equal(t, sev2.Mitigate, sev2.Stats(incident.PhaseMitigate))
	assert.Equal(t, incident.Stats{}, sev2.Stats(0))

	assert.Equal(t, 1, sev1.Count)
	assert.Equal(t, 0, sev1.Compliant)
	assert.Equal(t, map[incident.Rule]int{
		incident.RuleAckMissing: 1, incident.RuleFirstUpdateMissing: 1, incident.RuleMitigateLate: 1,
	}, sev1.Breached)
	assert.Zero(t, sev1.Compliance(""))
	assert.Zero(t, sev1.Resolve.N, "open: not resolved yet")

	assert.Equal(t, incident.LevelSummary{Level: "sev3"}, sev3)
	assert.Equal(t, 1.0, sev3.Compliance(""), "no incidents, nothing missed")

	assert.Empty(t, s.All.Level)
	assert.Equal(t, 6, s.All.Count)
	assert.Equal(t, 4, s.All.Compliant)
	assert.Equal(t, 5, s.All.Resolve.N)
	assert.Equal(t, 5, s.All.Acknowledge.N, "the open sev1 has no acknowledgement")
	assert.Equal(t, 1, s.All.Breached[incident.RuleAckLate])
	assert.Equal(t, 1, s.All.Breached[incident.RuleAckMissing])
}

func TestSummarizeEdges(t *testing.T) {
	s := incident.Summarize(nil, severity.Default(), fxT0)
	assert.Len(t, s.Levels, 3)
	assert.Zero(t, s.All.Count)
	assert.Zero(t, s.Excluded.Total())

	// Without a policy every incident's level is unknown.
	s = incident.Summarize([]*incident.Incident{fxNew(t, "sev1")}, nil, fxT0)
	assert.Empty(t, s.Levels)
	assert.Equal(t, 1, s.Excluded.UnknownLevel)

	// A finding counted once per rule per incident, however many times it occurs.
	inc := fxNew(t, "sev1")
	fxRun(fxStep{1, "internal"}, fxStep{40, "internal"}, fxStep{80, "internal"})(t, inc)
	s = incident.Summarize([]*incident.Incident{inc}, fxOnly(severity.Targets{InternalCadence: 30 * time.Minute}), fxAt(80))
	fs, err := inc.CheckSLA(fxOnly(severity.Targets{InternalCadence: 30 * time.Minute}), fxAt(80))
	require.NoError(t, err)
	assert.Len(t, fs, 2)
	assert.Equal(t, map[incident.Rule]int{incident.RuleInternalSilence: 1}, s.Levels[0].Breached)
}

// benchIncidents returns n resolved sev2 incidents with a few updates each.
func benchIncidents(b *testing.B, n int) []*incident.Incident {
	b.Helper()
	incs := make([]*incident.Incident, n)
	for i := range incs {
		decl := fxT0.Add(time.Duration(i) * time.Hour)
		at := func(m int) time.Time { return decl.Add(time.Duration(m) * time.Minute) }
		inc, err := incident.New(incident.Declaration{Title: "t", Severity: "sev2"}, fxAda, decl)
		if err != nil {
			b.Fatal(err)
		}
		steps := []error{
			inc.SetStatus(incident.StatusInvestigating, "", fxBob, at(i%20)),
			inc.PostUpdate(incident.AudienceInternal, "a", fxBob, at(10)),
			inc.PostUpdate(incident.AudiencePublic, "b", fxBob, at(30)),
			inc.SetStatus(incident.StatusMonitoring, "", fxBob, at(40+i%100)),
			inc.PostUpdate(incident.AudiencePublic, "c", fxBob, at(90+i%100)),
			inc.SetStatus(incident.StatusResolved, "", fxBob, at(120+i%300)),
		}
		for _, err := range steps {
			if err != nil {
				b.Fatal(err)
			}
		}
		incs[i] = inc
	}
	return incs
}

func BenchmarkCheckSLA(b *testing.B) {
	inc := benchIncidents(b, 1)[0]
	p := severity.Default()
	now := fxAt(10000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := inc.CheckSLA(p, now); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSummarize1000(b *testing.B) {
	incs := benchIncidents(b, 1000)
	p := severity.Default()
	now := fxAt(2000 * 60)
	b.ReportAllocs()
	for b.Loop() {
		incident.Summarize(incs, p, now)
	}
}
