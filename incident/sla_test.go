package incident_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/severity"
)

// fxOnly returns a policy whose one level, sev1, has only the given targets,
// so a test sees the findings of the rule under test and no others.
func fxOnly(tg severity.Targets) *severity.Policy {
	return &severity.Policy{Levels: []severity.Level{{Name: "sev1", Rank: 1, Title: "Critical", Targets: tg}}}
}

// fxSec returns fxT0 plus m minutes and s seconds.
func fxSec(m, s int) time.Time { return fxAt(m).Add(time.Duration(s) * time.Second) }

// slaBrief is the part of a Finding most tests compare.
type slaBrief struct {
	Rule incident.Rule
	Over time.Duration
	At   time.Time
}

func slaBriefs(fs []incident.Finding) []slaBrief {
	var bs []slaBrief
	for _, f := range fs {
		bs = append(bs, slaBrief{f.Rule, f.Over, f.At})
	}
	return bs
}

type slaCase struct {
	name  string
	setup func(t *testing.T, inc *incident.Incident)
	now   time.Time
	want  []slaBrief
}

// runSLA runs each case on a fresh sev1 incident declared at fxT0, against
// a policy holding only tg, and checks the findings' invariants.
func runSLA(t *testing.T, tg severity.Targets, cases []slaCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inc := fxNew(t, "sev1")
			if tc.setup != nil {
				tc.setup(t, inc)
			}
			fs, err := inc.CheckSLA(fxOnly(tg), tc.now)
			require.NoError(t, err)
			if diff := cmp.Diff(tc.want, slaBriefs(fs)); diff != "" {
				t.Errorf("CheckSLA(now=%s) mismatch (-want +got):\n%s\nfindings: %v", tc.now.Format(time.TimeOnly), diff, fs)
			}
			for _, f := range fs {
				assert.True(t, f.Rule.Valid(), f.Rule)
				assert.Positive(t, f.Over)
				assert.Equal(t, f.Actual-f.Target, f.Over)
				assert.NotEmpty(t, f.Message)
			}
		})
	}
}

func TestSLAAcknowledge(t *testing.T) {
	ack := func(at time.Time) func(*testing.T, *incident.Incident) {
		return func(t *testing.T, inc *incident.Incident) { require.NoError(t, inc.Acknowledge(fxBob, at)) }
	}
	runSLA(t, severity.Targets{Acknowledge: 5 * time.Minute}, []slaCase{
		{name: "exactly at target", setup: ack(fxAt(5)), now: fxAt(60)},
		{name: "one second late", setup: ack(fxSec(5, 1)), now: fxAt(60),
			want: []slaBrief{{incident.RuleAckLate, time.Second, fxSec(5, 1)}}},
		{name: "late", setup: ack(fxAt(12)), now: fxAt(60),
			want: []slaBrief{{incident.RuleAckLate, 7 * time.Minute, fxAt(12)}}},
		{name: "by leaving triage", now: fxAt(60),
			setup: func(t *testing.T, inc *incident.Incident) {
				require.NoError(t, inc.SetStatus(incident.StatusInvestigating, "", fxBob, fxAt(7)))
			},
			want: []slaBrief{{incident.RuleAckLate, 2 * time.Minute, fxAt(7)}}},
		{name: "missing, not yet due", now: fxAt(5)},
		{name: "missing", now: fxSec(5, 1),
			want: []slaBrief{{incident.RuleAckMissing, time.Second, fxAt(5)}}},
		{name: "acknowledged after now is missing", setup: ack(fxAt(10)), now: fxAt(8),
			want: []slaBrief{{incident.RuleAckMissing, 3 * time.Minute, fxAt(5)}}},
		{name: "now before declaration", now: fxAt(-10)},
		{name: "declined", now: fxAt(60),
			setup: func(t *testing.T, inc *incident.Incident) {
				require.NoError(t, inc.Decline("a bug", fxBob, fxAt(30)))
			}},
		{name: "merged", now: fxAt(60),
			setup: func(t *testing.T, inc *incident.Incident) {
				require.NoError(t, inc.MergeInto("INC-2026-0007", fxBob, fxAt(30)))
			}},
	})

	inc := fxNew(t, "sev1")
	require.NoError(t, inc.Acknowledge(fxBob, fxAt(12)))
	fs, err := inc.CheckSLA(fxOnly(severity.Targets{Acknowledge: 5 * time.Minute}), fxAt(60))
	require.NoError(t, err)
	require.Len(t, fs, 1)
	assert.Equal(t, incident.Finding{Rule: incident.RuleAckLate, Target: 5 * time.Minute, Actual: 12 * time.Minute,
		Over: 7 * time.Minute, At: fxAt(12), Message: "acknowledged 12m after declaration; target 5m (7m late)"}, fs[0])
	assert.Equal(t, "ack_late: acknowledged 12m after declaration; target 5m (7m late)", fs[0].String())

	fs, err = fxNew(t, "sev1").CheckSLA(fxOnly(severity.Targets{Acknowledge: 5 * time.Minute}), fxAt(12))
	require.NoError(t, err)
	require.Len(t, fs, 1)
	assert.Equal(t, "not acknowledged 12m after declaration; target 5m (7m late)", fs[0].Message)
}

func TestSLAFirstUpdate(t *testing.T) {
	post := func(aud incident.Audience, at time.Time) func(*testing.T, *incident.Incident) {
		return func(t *testing.T, inc *incident.Incident) {
			require.NoError(t, inc.PostUpdate(aud, "we are on it", fxBob, at))
		}
	}
	resolve := func(at time.Time) func(*testing.T, *incident.Incident) {
		return func(t *testing.T, inc *incident.Incident) {
			require.NoError(t, inc.SetStatus(incident.StatusResolved, "", fxBob, at))
		}
	}
	runSLA(t, severity.Targets{FirstUpdate: 15 * time.Minute}, []slaCase{
		{name: "exactly at target", setup: post(incident.AudienceInternal, fxAt(15)), now: fxAt(60)},
		{name: "public counts", setup: post(incident.AudiencePublic, fxAt(10)), now: fxAt(60)},
		{name: "one second late", setup: post(incident.AudienceInternal, fxSec(15, 1)), now: fxAt(60),
			want: []slaBrief{{incident.RuleFirstUpdateLate, time.Second, fxSec(15, 1)}}},
		{name: "missing, not yet due", now: fxAt(15)},
		{name: "missing", now: fxAt(20),
			want: []slaBrief{{incident.RuleFirstUpdateMissing, 5 * time.Minute, fxAt(15)}}},
		{name: "update after now is missing", setup: post(incident.AudienceInternal, fxAt(30)), now: fxAt(20),
			want: []slaBrief{{incident.RuleFirstUpdateMissing, 5 * time.Minute, fxAt(15)}}},
		{name: "resolved before due", setup: resolve(fxAt(10)), now: fxAt(600)},
		{name: "resolved after due without update", setup: resolve(fxAt(20)), now: fxAt(600),
			want: []slaBrief{{incident.RuleFirstUpdateMissing, 5 * time.Minute, fxAt(15)}}},
	})

	inc := fxNew(t, "sev1")
	fs, err := inc.CheckSLA(fxOnly(severity.Targets{FirstUpdate: 15 * time.Minute}), fxAt(20))
	require.NoError(t, err)
	require.Len(t, fs, 1)
	assert.Equal(t, "no update 20m after declaration; target 15m (5m late)", fs[0].Message)
	require.NoError(t, inc.PostUpdate(incident.AudienceInternal, "x", fxBob, fxAt(21)))
	fs, _ = inc.CheckSLA(fxOnly(severity.Targets{FirstUpdate: 15 * time.Minute}), fxAt(30))
	require.Len(t, fs, 1)
	assert.Equal(t, "first update 21m after declaration; target 15m (6m late)", fs[0].Message)
}

// fxStep is one change of a script fxRun applies, at its minute.
type fxStep struct {
	at   int
	what string // "internal", "public", "resolve", "reopen", "monitor", "facing"
}

// fxRun returns a setup applying the steps in order.
func fxRun(steps ...fxStep) func(*testing.T, *incident.Incident) {
	return func(t *testing.T, inc *incident.Incident) {
		t.Helper()
		for _, s := range steps {
			at := fxAt(s.at)
			var err error
			switch s.what {
			case "internal":
				err = inc.PostUpdate(incident.AudienceInternal, "internal news", fxBob, at)
			case "public":
				err = inc.PostUpdate(incident.AudiencePublic, "public news", fxBob, at)
			case "resolve":
				err = inc.SetStatus(incident.StatusResolved, "", fxBob, at)
			case "reopen":
				err = inc.Reopen("back", fxBob, at)
			case "monitor":
				err = inc.SetStatus(incident.StatusMonitoring, "", fxBob, at)
			case "facing":
				err = inc.SetImpact(0, 0, "Payments may fail.", "", fxBob, at)
			default:
				t.Fatalf("unknown step %q", s.what)
			}
			require.NoError(t, err, "step %+v", s)
		}
	}
}

func TestSLAInternalSilence(t *testing.T) {
	runSLA(t, severity.Targets{InternalCadence: 30 * time.Minute}, []slaCase{
		{name: "no updates yet", now: fxAt(300)},
		{name: "exactly at cadence", setup: fxRun(fxStep{5, "internal"}, fxStep{35, "internal"}), now: fxAt(65)},
		{name: "gap between updates", setup: fxRun(fxStep{5, "internal"}, fxStep{40, "internal"}), now: fxAt(40),
			want: []slaBrief{{incident.RuleInternalSilence, 5 * time.Minute, fxAt(35)}}},
		{name: "ongoing", setup: fxRun(fxStep{5, "internal"}), now: fxAt(50),
			want: []slaBrief{{incident.RuleInternalSilence, 15 * time.Minute, fxAt(35)}}},
		{name: "several gaps", setup: fxRun(fxStep{5, "internal"}, fxStep{40, "internal"}, fxStep{60, "internal"}), now: fxAt(100),
			want: []slaBrief{
				{incident.RuleInternalSilence, 5 * time.Minute, fxAt(35)},
				{incident.RuleInternalSilence, 10 * time.Minute, fxAt(90)},
			}},
		{name: "until resolved", setup: fxRun(fxStep{5, "internal"}, fxStep{45, "resolve"}), now: fxAt(600),
			want: []slaBrief{{incident.RuleInternalSilence, 10 * time.Minute, fxAt(35)}}},
		{name: "resolved in time", setup: fxRun(fxStep{5, "internal"}, fxStep{35, "resolve"}), now: fxAt(600)},
		{name: "monitoring is open", setup: fxRun(fxStep{5, "internal"}, fxStep{10, "monitor"}), now: fxAt(45),
			want: []slaBrief{{incident.RuleInternalSilence, 10 * time.Minute, fxAt(35)}}},
		{name: "public updates count", setup: fxRun(fxStep{5, "internal"}, fxStep{30, "public"}), now: fxAt(60)},
		{name: "update after now ignored", setup: fxRun(fxStep{5, "internal"}, fxStep{40, "internal"}), now: fxAt(38),
			want: []slaBrief{{incident.RuleInternalSilence, 3 * time.Minute, fxAt(35)}}},
		{name: "resolved time does not count",
			setup: fxRun(fxStep{5, "internal"}, fxStep{25, "resolve"}, fxStep{100, "reopen"}), now: fxAt(115),
			want: []slaBrief{{incident.RuleInternalSilence, 5 * time.Minute, fxAt(110)}}},
		{name: "gap after a reopen",
			setup: fxRun(fxStep{5, "internal"}, fxStep{25, "resolve"}, fxStep{100, "reopen"}, fxStep{105, "internal"}), now: fxAt(140),
			want: []slaBrief{{incident.RuleInternalSilence, 5 * time.Minute, fxAt(135)}}},
		{name: "reopened in time",
			setup: fxRun(fxStep{5, "internal"}, fxStep{25, "resolve"}, fxStep{100, "reopen"}, fxStep{105, "internal"}), now: fxAt(135)},
	})

	inc := fxNew(t, "sev1")
	fxRun(fxStep{5, "internal"}, fxStep{40, "internal"})(t, inc)
	fs, err := inc.CheckSLA(fxOnly(severity.Targets{InternalCadence: 30 * time.Minute}), fxAt(80))
	require.NoError(t, err)
	require.Len(t, fs, 2)
	assert.Equal(t, "no internal update for 35m after the update at 2026-11-27T10:05:00Z; cadence 30m (5m over)", fs[0].Message)
	assert.Equal(t, "no internal update for 40m after the update at 2026-11-27T10:40:00Z (ongoing); cadence 30m (10m over)", fs[1].Message)

	inc = fxNew(t, "sev1")
	fxRun(fxStep{5, "internal"}, fxStep{45, "resolve"})(t, inc)
	fs, _ = inc.CheckSLA(fxOnly(severity.Targets{InternalCadence: 30 * time.Minute}), fxAt(80))
	require.Len(t, fs, 1)
	assert.Equal(t, "no internal update for 40m after the update at 2026-11-27T10:05:00Z until it was resolved; cadence 30m (10m over)", fs[0].Message)
}

func TestSLAPublicSilence(t *testing.T) {
	runSLA(t, severity.Targets{PublicCadence: 30 * time.Minute}, []slaCase{
		{name: "not customer-facing", setup: fxRun(fxStep{5, "internal"}), now: fxAt(300)},
		{name: "from the first public update", setup: fxRun(fxStep{5, "public"}), now: fxAt(40),
			want: []slaBrief{{incident.RulePublicSilence, 5 * time.Minute, fxAt(35)}}},
		{name: "internal updates do not count", setup: fxRun(fxStep{5, "public"}, fxStep{20, "internal"}), now: fxAt(40),
			want: []slaBrief{{incident.RulePublicSilence, 5 * time.Minute, fxAt(35)}}},
		{name: "exactly at cadence", setup: fxRun(fxStep{5, "public"}, fxStep{35, "public"}), now: fxAt(65)},
		{name: "customer-facing without public update", setup: fxRun(fxStep{10, "facing"}), now: fxAt(45),
			want: []slaBrief{{incident.RulePublicSilence, 5 * time.Minute, fxAt(40)}}},
		{name: "customer-facing, then updates", setup: fxRun(fxStep{10, "facing"}, fxStep{20, "public"}), now: fxAt(50)},
		{name: "public update before customer-facing", setup: fxRun(fxStep{5, "public"}, fxStep{10, "facing"}), now: fxAt(36),
			want: []slaBrief{{incident.RulePublicSilence, time.Minute, fxAt(35)}}},
		{name: "customer-facing after now", setup: fxRun(fxStep{50, "facing"}), now: fxAt(45)},
		{name: "customer-facing field without event", now: fxAt(31),
			setup: func(t *testing.T, inc *incident.Incident) { inc.Impact.CustomerFacing = "Payments may fail." },
			want:  []slaBrief{{incident.RulePublicSilence, time.Minute, fxAt(30)}}},
	})

	inc := fxNew(t, "sev1")
	fxRun(fxStep{10, "facing"})(t, inc)
	fs, err := inc.CheckSLA(fxOnly(severity.Targets{PublicCadence: 30 * time.Minute}), fxAt(45))
	require.NoError(t, err)
	require.Len(t, fs, 1)
	assert.Equal(t, "no public update for 35m after it became customer-facing at 2026-11-27T10:10:00Z (ongoing); cadence 30m (5m over)", fs[0].Message)
}

func TestSLAMitigateResolve(t *testing.T) {
	runSLA(t, severity.Targets{Mitigate: time.Hour, Resolve: 4 * time.Hour}, []slaCase{
		{name: "both in time", setup: fxRun(fxStep{60, "monitor"}, fxStep{240, "resolve"}), now: fxAt(1000)},
		{name: "mitigated one second late", now: fxAt(100),
			setup: func(t *testing.T, inc *incident.Incident) {
				require.NoError(t, inc.SetStatus(incident.StatusMonitoring, "", fxBob, fxSec(60, 1)))
			},
			want: []slaBrief{{incident.RuleMitigateLate, time.Second, fxSec(60, 1)}}},
		{name: "not mitigated", now: fxAt(90),
			want: []slaBrief{{incident.RuleMitigateLate, 30 * time.Minute, fxAt(60)}}},
		{name: "resolved directly, late", setup: fxRun(fxStep{70, "resolve"}), now: fxAt(1000),
			want: []slaBrief{{incident.RuleMitigateLate, 10 * time.Minute, fxAt(70)}}},
		{name: "not resolved", setup: fxRun(fxStep{30, "monitor"}), now: fxAt(300),
			want: []slaBrief{{incident.RuleResolveLate, time.Hour, fxAt(240)}}},
		{name: "resolved late", setup: fxRun(fxStep{30, "monitor"}, fxStep{250, "resolve"}), now: fxAt(1000),
			want: []slaBrief{{incident.RuleResolveLate, 10 * time.Minute, fxAt(250)}}},
		{name: "impact start does not move the clock", now: fxAt(1000),
			setup: func(t *testing.T, inc *incident.Incident) {
				require.NoError(t, inc.SetImpactStarted(fxAt(-120), fxBob, fxAt(1)))
				fxRun(fxStep{50, "monitor"}, fxStep{200, "resolve"})(t, inc)
			}},
		{name: "reopen clears mitigation; resolved time does not count",
			setup: fxRun(fxStep{30, "resolve"}, fxStep{500, "reopen"}), now: fxAt(540),
			want: []slaBrief{{incident.RuleMitigateLate, 10 * time.Minute, fxAt(530)}}},
	})

	inc := fxNew(t, "sev1")
	fs, err := inc.CheckSLA(fxOnly(severity.Targets{Mitigate: time.Hour, Resolve: 4 * time.Hour}), fxAt(300))
	require.NoError(t, err)
	require.Len(t, fs, 2)
	assert.Equal(t, "not mitigated 5h after declaration; target 1h (4h late)", fs[0].Message)
	assert.Equal(t, "not resolved 5h after declaration; target 4h (1h late)", fs[1].Message)
	fxRun(fxStep{310, "resolve"})(t, inc)
	fs, _ = inc.CheckSLA(fxOnly(severity.Targets{Resolve: 4 * time.Hour}), fxAt(400))
	require.Len(t, fs, 1)
	assert.Equal(t, "resolved 5h10m after declaration; target 4h (1h10m late)", fs[0].Message)
}

func TestSLAPostmortem(t *testing.T) {
	const h = 60 // minutes
	tg := severity.Targets{PostmortemRequired: true, PostmortemDeadline: 48 * time.Hour}
	pm := func(s incident.PostmortemStatus, at int) func(*testing.T, *incident.Incident) {
		return func(t *testing.T, inc *incident.Incident) { require.NoError(t, inc.SetPostmortem(s, fxAda, fxAt(at))) }
	}
	resolved := func(more ...func(*testing.T, *incident.Incident)) func(*testing.T, *incident.Incident) {
		return func(t *testing.T, inc *incident.Incident) {
			fxRun(fxStep{60, "resolve"})(t, inc)
			for _, f := range more {
				f(t, inc)
			}
		}
	}
	due := fxAt(60 + 48*h)
	runSLA(t, tg, []slaCase{
		{name: "open", now: fxAt(100 * h)},
		{name: "not yet due", setup: resolved(), now: due},
		{name: "overdue", setup: resolved(), now: due.Add(time.Second),
			want: []slaBrief{{incident.RulePostmortemOverdue, time.Second, due}}},
		{name: "draft is not done", setup: resolved(pm(incident.PostmortemDraft, 120)), now: fxAt(60 + 50*h),
			want: []slaBrief{{incident.RulePostmortemOverdue, 2 * time.Hour, due}}},
		{name: "published in time", setup: resolved(pm(incident.PostmortemPublished, 60+48*h)), now: fxAt(100 * h)},
		{name: "published late", setup: resolved(pm(incident.PostmortemPublished, 60+50*h)), now: fxAt(100 * h),
			want: []slaBrief{{incident.RulePostmortemOverdue, 2 * time.Hour, due}}},
		{name: "published after now", setup: resolved(pm(incident.PostmortemPublished, 60+50*h)), now: fxAt(60 + 49*h),
			want: []slaBrief{{incident.RulePostmortemOverdue, time.Hour, due}}},
		{name: "published, then back to review", now: fxAt(100 * h),
			setup: resolved(pm(incident.PostmortemPublished, 120), pm(incident.PostmortemInReview, 130)),
			want:  []slaBrief{{incident.RulePostmortemOverdue, 51 * time.Hour, due}}},
		{name: "waived in time", now: fxAt(100 * h),
			setup: resolved(func(t *testing.T, inc *incident.Incident) {
				require.NoError(t, inc.WaivePostmortem("known issue", fxAda, fxAt(120)))
			})},
		{name: "reopened", setup: resolved(fxRun(fxStep{70, "reopen"})), now: fxAt(100 * h)},
	})

	inc := fxNew(t, "sev1")
	fxRun(fxStep{60, "resolve"})(t, inc)
	fs, err := inc.CheckSLA(fxOnly(tg), fxAt(60+50*h))
	require.NoError(t, err)
	require.Len(t, fs, 1)
	assert.Equal(t, "no published or waived post-mortem 2d2h after resolution; deadline 2d (2h overdue)", fs[0].Message)
	require.NoError(t, inc.SetPostmortem(incident.PostmortemPublished, fxAda, fxAt(60+51*h)))
	fs, _ = inc.CheckSLA(fxOnly(tg), fxAt(60+60*h))
	require.Len(t, fs, 1)
	assert.Equal(t, "post-mortem published 2d3h after resolution; deadline 2d (3h overdue)", fs[0].Message)

	t.Run("not required", func(t *testing.T) {
		inc := fxNew(t, "sev1")
		fxRun(fxStep{60, "resolve"})(t, inc)
		fs, err := inc.CheckSLA(fxOnly(severity.Targets{PostmortemDeadline: 48 * time.Hour}), fxAt(100*h))
		require.NoError(t, err)
		assert.Empty(t, fs)
		fs, err = inc.CheckSLA(fxOnly(severity.Targets{PostmortemRequired: true}), fxAt(100*h))
		require.NoError(t, err)
		assert.Empty(t, fs, "no deadline")
	})
	t.Run("drill", func(t *testing.T) {
		inc, err := incident.New(incident.Declaration{Title: "game day", Severity: "sev1", Kind: incident.KindDrill}, fxAda, fxT0)
		require.NoError(t, err)
		fxRun(fxStep{60, "resolve"})(t, inc)
		fs, err := inc.CheckSLA(fxOnly(tg), fxAt(100*h))
		require.NoError(t, err)
		assert.Empty(t, fs)
	})
	t.Run("done without timeline event", func(t *testing.T) {
		inc := &incident.Incident{Kind: incident.KindNormal, Severity: "sev1", Status: incident.StatusResolved,
			Milestones: incident.Milestones{Declared: fxT0, Resolved: fxAt(60)},
			Postmortem: incident.PostmortemState{Status: incident.PostmortemPublished}}
		fs, err := inc.CheckSLA(fxOnly(tg), fxAt(100*h))
		require.NoError(t, err)
		assert.Empty(t, fs)
		inc.Postmortem = incident.PostmortemState{}
		fs, err = inc.CheckSLA(fxOnly(tg), fxAt(100*h))
		require.NoError(t, err)
		assert.Equal(t, []slaBrief{{incident.RulePostmortemOverdue, 100*time.Hour - 60*time.Minute - 48*time.Hour, due}}, slaBriefs(fs))
	})
}

// A record built by hand (no status events) still gets its open period
// from its milestones.
func TestSLAWithoutTimeline(t *testing.T) {
	inc := &incident.Incident{ID: "INC-1", Kind: incident.KindNormal, Severity: "sev1", Status: incident.StatusResolved,
		Milestones: incident.Milestones{Declared: fxT0, Acknowledged: fxAt(2), Resolved: fxAt(90)},
		Updates:    []incident.Update{{At: fxAt(10), Audience: incident.AudienceInternal}}}
	fs, err := inc.CheckSLA(fxOnly(severity.Targets{InternalCadence: 30 * time.Minute, Mitigate: time.Hour}), fxAt(1000))
	require.NoError(t, err)
	assert.Equal(t, []slaBrief{{incident.RuleInternalSilence, 50 * time.Minute, fxAt(40)}}, slaBriefs(fs),
		"silence runs until the resolution; mitigation is unknown but the incident is not open")

	fs, err = inc.CheckSLA(fxOnly(severity.Targets{Acknowledge: 5 * time.Minute}), fxAt(1000))
	require.NoError(t, err)
	assert.Empty(t, fs)
	inc.Milestones.Acknowledged = time.Time{}
	fs, err = inc.CheckSLA(fxOnly(severity.Targets{Acknowledge: 5 * time.Minute}), fxAt(1000))
	require.NoError(t, err)
	assert.Empty(t, fs, "no longer open: an acknowledgement can no longer be missing")

	fs, err = inc.CheckSLA(fxOnly(severity.Targets{Acknowledge: 5 * time.Minute, Mitigate: time.Hour}), fxAt(70))
	require.NoError(t, err)
	assert.Equal(t, []slaBrief{{incident.RuleAckMissing, 65 * time.Minute, fxAt(5)}, {incident.RuleMitigateLate, 10 * time.Minute, fxAt(60)}},
		slaBriefs(fs), "resolved after now: still open")

	inc.Status = incident.StatusInvestigating
	inc.Milestones.Resolved = time.Time{}
	fs, err = inc.CheckSLA(fxOnly(severity.Targets{Mitigate: time.Hour}), fxAt(100))
	require.NoError(t, err)
	assert.Equal(t, []slaBrief{{incident.RuleMitigateLate, 40 * time.Minute, fxAt(60)}}, slaBriefs(fs))

	fs, err = (&incident.Incident{Severity: "sev1"}).CheckSLA(fxOnly(severity.Targets{Acknowledge: time.Minute}), fxAt(100))
	require.NoError(t, err)
	assert.Empty(t, fs, "never declared")
}

func TestSLAOrderAndDefaults(t *testing.T) {
	// A sev1 that goes wrong in every way, against the default policy.
	inc := fxNew(t, "sev1")
	fxRun(fxStep{20, "internal"})(t, inc)
	require.NoError(t, inc.SetStatus(incident.StatusInvestigating, "", fxBob, fxAt(20)))
	fxRun(fxStep{25, "facing"}, fxStep{90, "monitor"}, fxStep{300, "resolve"})(t, inc)
	fs, err := inc.CheckSLA(severity.Default(), fxAt(300+49*60))
	require.NoError(t, err)
	want := []slaBrief{
		{incident.RuleAckLate, 15 * time.Minute, fxAt(20)},
		{incident.RuleFirstUpdateLate, 5 * time.Minute, fxAt(20)},
		{incident.RuleInternalSilence, 4*time.Hour + 10*time.Minute, fxAt(50)},
		{incident.RulePublicSilence, 4*time.Hour + 5*time.Minute, fxAt(55)},
		{incident.RuleMitigateLate, 30 * time.Minute, fxAt(90)},
		{incident.RuleResolveLate, time.Hour, fxAt(300)},
		{incident.RulePostmortemOverdue, time.Hour, fxAt(300 + 48*60)},
	}
	if diff := cmp.Diff(want, slaBriefs(fs)); diff != "" {
		t.Errorf("CheckSLA mismatch (-want +got):\n%s", diff)
	}

	// The same misses on a drill are still reported, for practice, except
	// the post-mortem, which drills never require.
	drill := inc.Clone()
	drill.Kind = incident.KindDrill
	fs, err = drill.CheckSLA(severity.Default(), fxAt(300+49*60))
	require.NoError(t, err)
	assert.Equal(t, want[:len(want)-1], slaBriefs(fs))

	// Two rules at the same moment are ordered as Rules lists them.
	assert.Equal(t, incident.Rules, []incident.Rule{"ack_late", "ack_missing", "first_update_late", "first_update_missing",
		"internal_silence", "public_silence", "mitigate_late", "resolve_late", "postmortem_overdue"})
	assert.False(t, incident.Rule("late").Valid())
}

func TestSLAUnknownLevel(t *testing.T) {
	inc := fxNew(t, "sev9")
	_, err := inc.CheckSLA(severity.Default(), fxAt(10))
	require.ErrorIs(t, err, severity.ErrUnknownLevel)
	assert.Contains(t, err.Error(), "INC-2026-0042")
	assert.Contains(t, err.Error(), "sev9")
	_, err = fxNew(t, "sev1").CheckSLA(nil, fxAt(10))
	require.True(t, errors.Is(err, severity.ErrUnknownLevel))
}
