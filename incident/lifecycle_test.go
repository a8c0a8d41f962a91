package incident_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/severity"
)

// Fixtures shared by the lifecycle, SLA and summary tests. Their names start
// with fx so they do not collide with the file-format tests' helpers.
var (
	fxT0  = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	fxAda = incident.Person{Name: "Ada Lovelace", Email: "ada@example.com"}
	fxBob = incident.Person{Name: "Bob"}
)

// fxAt returns fxT0 plus m minutes.
func fxAt(m int) time.Time { return fxT0.Add(time.Duration(m) * time.Minute) }

// fxNew declares a normal incident at fxT0 with the given severity.
func fxNew(t *testing.T, sev string) *incident.Incident {
	t.Helper()
	inc, err := incident.New(incident.Declaration{ID: "INC-2026-0042", Title: "checkout errors", Severity: sev}, fxAda, fxT0)
	require.NoError(t, err)
	return inc
}

// fxPolicy is the default policy; sev3 requires no post-mortem, sev1 and sev2 do.
func fxPolicy() *severity.Policy { return severity.Default() }

// fxReach moves a fresh incident to status s by legal moves, one minute
// apart starting at minute 1, and returns the minute of the last move.
func fxReach(t *testing.T, inc *incident.Incident, s incident.Status) int {
	t.Helper()
	m := 0
	step := func(err error) {
		t.Helper()
		require.NoError(t, err, "reaching %s", s)
	}
	switch s {
	case incident.StatusTriage:
	case incident.StatusInvestigating, incident.StatusIdentified, incident.StatusMonitoring, incident.StatusResolved:
		m++
		step(inc.SetStatus(s, "", fxBob, fxAt(m)))
	case incident.StatusClosed:
		m++
		step(inc.SetStatus(incident.StatusResolved, "", fxBob, fxAt(m)))
		m++
		step(inc.Close(fxPolicy(), fxBob, fxAt(m)))
	case incident.StatusDeclined:
		m++
		step(inc.Decline("a bug for the backlog", fxBob, fxAt(m)))
	case incident.StatusMerged:
		m++
		step(inc.MergeInto("INC-2026-0007", fxBob, fxAt(m)))
	default:
		t.Fatalf("fxReach: unknown status %q", s)
	}
	require.Equal(t, s, inc.Status)
	return m
}

// fxMove attempts the move to status to through the public API that
// performs it.
func fxMove(inc *incident.Incident, to incident.Status, at time.Time) error {
	switch to {
	case incident.StatusClosed:
		return inc.Close(fxPolicy(), fxBob, at)
	case incident.StatusDeclined:
		return inc.Decline("not an incident", fxBob, at)
	case incident.StatusMerged:
		return inc.MergeInto("INC-2026-0007", fxBob, at)
	}
	return inc.SetStatus(to, "note", fxBob, at)
}

// legalMoves is the lifecycle as documented on incident.Status, written out
// independently of the package's own table.
var legalMoves = map[[2]incident.Status]bool{
	{"triage", "investigating"}:     true,
	{"triage", "identified"}:        true,
	{"triage", "monitoring"}:        true,
	{"triage", "resolved"}:          true,
	{"triage", "declined"}:          true,
	{"triage", "merged"}:            true,
	{"investigating", "identified"}: true,
	{"investigating", "monitoring"}: true,
	{"investigating", "resolved"}:   true,
	{"investigating", "merged"}:     true,
	{"identified", "investigating"}: true,
	{"identified", "monitoring"}:    true,
	{"identified", "resolved"}:      true,
	{"identified", "merged"}:        true,
	{"monitoring", "investigating"}: true,
	{"monitoring", "identified"}:    true,
	{"monitoring", "resolved"}:      true,
	{"monitoring", "merged"}:        true,
	{"resolved", "investigating"}:   true,
	{"resolved", "closed"}:          true,
}

func TestStatusMoves(t *testing.T) {
	for _, from := range incident.Statuses {
		for _, to := range incident.Statuses {
			legal := legalMoves[[2]incident.Status{from, to}]
			t.Run(fmt.Sprintf("%s->%s", from, to), func(t *testing.T) {
				assert.Equal(t, legal, from.CanMove(to), "CanMove")
				inc := fxNew(t, "sev3")
				m := fxReach(t, inc, from)
				before := len(inc.Timeline)
				err := fxMove(inc, to, fxAt(m+5))
				if legal {
					require.NoError(t, err)
					assert.Equal(t, to, inc.Status)
					last, ok := inc.LastEvent()
					require.True(t, ok)
					assert.Equal(t, incident.EventStatus, last.Kind)
					assert.Equal(t, string(from), last.From)
					assert.Equal(t, string(to), last.To)
					assert.Equal(t, fxAt(m+5), last.At)
					return
				}
				require.Error(t, err)
				assert.ErrorIs(t, err, incident.ErrTransition)
				var te *incident.TransitionError
				require.ErrorAs(t, err, &te)
				assert.Equal(t, from, te.From)
				assert.Equal(t, to, te.To)
				assert.Contains(t, err.Error(), string(from))
				assert.Contains(t, err.Error(), string(to))
				assert.Contains(t, err.Error(), "INC-2026-0042")
				assert.Equal(t, from, inc.Status, "status unchanged")
				assert.Len(t, inc.Timeline, before, "nothing recorded")
			})
		}
	}
}

func TestStatusPredicates(t *testing.T) {
	open := map[incident.Status]bool{"triage": true, "investigating": true, "identified": true, "monitoring": true}
	final := map[incident.Status]bool{"closed": true, "declined": true, "merged": true}
	for _, s := range incident.Statuses {
		assert.True(t, s.Valid(), s)
		assert.Equal(t, open[s], s.Open(), "%s.Open()", s)
		assert.Equal(t, final[s], s.Final(), "%s.Final()", s)
		var next []incident.Status
		for _, to := range incident.Statuses {
			if legalMoves[[2]incident.Status{s, to}] {
				next = append(next, to)
			}
		}
		assert.ElementsMatch(t, next, s.Next(), "%s.Next()", s)
	}
	for _, s := range []incident.Status{"", "Triage", "open", "bogus"} {
		assert.False(t, s.Valid(), "%q.Valid()", s)
		assert.False(t, s.Final(), "%q.Final()", s)
		assert.False(t, s.Open(), "%q.Open()", s)
	}
	// Next returns a copy.
	n := incident.StatusTriage.Next()
	n[0] = "bogus"
	assert.Equal(t, incident.StatusInvestigating, incident.StatusTriage.Next()[0])
}

func TestSetStatusRefusals(t *testing.T) {
	tests := []struct {
		name   string
		to     incident.Status
		reason string
	}{
		{"unknown status", "bogus", "unknown status"},
		{"same status", incident.StatusTriage, "already triage"},
		{"closed needs Close", incident.StatusClosed, "use Decline, MergeInto or Close"},
		{"declined needs Decline", incident.StatusDeclined, "use Decline, MergeInto or Close"},
		{"merged needs MergeInto", incident.StatusMerged, "use Decline, MergeInto or Close"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inc := fxNew(t, "sev2")
			err := inc.SetStatus(tt.to, "", fxBob, fxAt(1))
			require.ErrorIs(t, err, incident.ErrTransition)
			assert.Contains(t, err.Error(), tt.reason)
			assert.Equal(t, incident.StatusTriage, inc.Status)
		})
	}
	t.Run("final status names itself", func(t *testing.T) {
		inc := fxNew(t, "sev3")
		fxReach(t, inc, incident.StatusDeclined)
		err := inc.SetStatus(incident.StatusInvestigating, "", fxBob, fxAt(5))
		require.ErrorIs(t, err, incident.ErrTransition)
		assert.EqualError(t, err, "incident INC-2026-0042: declined -> investigating: declined is final")
	})
	t.Run("lists next statuses", func(t *testing.T) {
		inc := fxNew(t, "sev3")
		fxReach(t, inc, incident.StatusResolved)
		err := inc.SetStatus(incident.StatusMonitoring, "", fxBob, fxAt(5))
		assert.EqualError(t, err, "incident INC-2026-0042: resolved -> monitoring: not a lifecycle move; from resolved the next statuses are investigating, closed")
	})
	t.Run("no id", func(t *testing.T) {
		inc, err := incident.New(incident.Declaration{Title: "x", Severity: "sev3"}, fxAda, fxT0)
		require.NoError(t, err)
		err = inc.SetStatus(incident.StatusTriage, "", fxBob, fxAt(1))
		assert.EqualError(t, err, "incident: triage -> triage: already triage")
	})
}

func TestMoveBackInTime(t *testing.T) {
	inc := fxNew(t, "sev2")
	require.NoError(t, inc.SetStatus(incident.StatusInvestigating, "", fxBob, fxAt(10)))

	err := inc.SetStatus(incident.StatusIdentified, "", fxBob, fxAt(5))
	require.ErrorIs(t, err, incident.ErrTransition)
	assert.Contains(t, err.Error(), "before the current status began")
	assert.Equal(t, incident.StatusInvestigating, inc.Status)

	err = inc.SetStatus(incident.StatusIdentified, "", fxBob, fxT0.Add(-time.Minute))
	require.ErrorIs(t, err, incident.ErrInvalid)
	assert.Contains(t, err.Error(), "before the incident was declared")

	err = inc.SetStatus(incident.StatusIdentified, "", fxBob, time.Time{})
	require.ErrorIs(t, err, incident.ErrInvalid)

	err = inc.SetStatus(incident.StatusIdentified, "", incident.Person{}, fxAt(11))
	require.ErrorIs(t, err, incident.ErrInvalid)

	// The same second as the current status is not back in time.
	require.NoError(t, inc.SetStatus(incident.StatusIdentified, "", fxBob, fxAt(10)))
	// Sub-second and zone differences are normalised.
	require.NoError(t, inc.SetStatus(incident.StatusMonitoring, "", fxBob,
		fxAt(12).Add(700*time.Millisecond).In(time.FixedZone("CET", 3600))))
	assert.Equal(t, fxAt(12), inc.Milestones.Mitigated)
	assert.Equal(t, time.UTC, inc.Milestones.Mitigated.Location())
}

func TestMilestonesFollowStatus(t *testing.T) {
	inc := fxNew(t, "sev1")
	m := &inc.Milestones
	assert.Equal(t, fxT0, m.Declared)
	assert.Equal(t, fxT0, m.Detected, "detected defaults to the declaration")
	assert.True(t, m.Acknowledged.IsZero())

	require.NoError(t, inc.SetStatus(incident.StatusInvestigating, "", fxBob, fxAt(3)))
	assert.Equal(t, fxAt(3), m.Acknowledged, "leaving triage acknowledges")
	require.NoError(t, inc.SetStatus(incident.StatusMonitoring, "", fxBob, fxAt(20)))
	assert.Equal(t, fxAt(20), m.Mitigated)
	require.NoError(t, inc.SetStatus(incident.StatusIdentified, "regressed", fxBob, fxAt(25)))
	assert.True(t, m.Mitigated.IsZero(), "stepping back clears mitigated")
	require.NoError(t, inc.SetStatus(incident.StatusMonitoring, "", fxBob, fxAt(30)))
	require.NoError(t, inc.SetStatus(incident.StatusResolved, "", fxBob, fxAt(40)))
	assert.Equal(t, fxAt(30), m.Mitigated, "resolving keeps an earlier mitigation")
	assert.Equal(t, fxAt(40), m.Resolved)
	assert.Equal(t, fxAt(3), m.Acknowledged, "acknowledged once")

	require.NoError(t, inc.Reopen("errors are back", fxBob, fxAt(50)))
	assert.Equal(t, incident.StatusInvestigating, inc.Status)
	assert.True(t, m.Mitigated.IsZero())
	assert.True(t, m.Resolved.IsZero())
	require.NoError(t, inc.SetStatus(incident.StatusResolved, "", fxBob, fxAt(60)))
	assert.Equal(t, fxAt(60), m.Mitigated, "resolving straight away also mitigates")
	assert.Equal(t, fxAt(60), m.Resolved)

	require.NoError(t, inc.WaivePostmortem("duplicate of a known issue", fxAda, fxAt(61)))
	require.NoError(t, inc.Close(fxPolicy(), fxAda, fxAt(62)))
	assert.Equal(t, fxAt(62), m.Closed)

	var acks int
	for _, e := range inc.Timeline {
		if e.Kind == incident.EventAcknowledged {
			acks++
		}
	}
	assert.Equal(t, 1, acks)
}

func TestReopen(t *testing.T) {
	for _, s := range incident.Statuses {
		t.Run(string(s), func(t *testing.T) {
			inc := fxNew(t, "sev3")
			m := fxReach(t, inc, s)
			err := inc.Reopen("flapping", fxBob, fxAt(m+1))
			if s != incident.StatusResolved {
				require.ErrorIs(t, err, incident.ErrTransition)
				var te *incident.TransitionError
				require.ErrorAs(t, err, &te)
				assert.Equal(t, s, te.From)
				assert.Equal(t, incident.StatusInvestigating, te.To)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, incident.StatusInvestigating, inc.Status)
			last, _ := inc.LastEvent()
			assert.Equal(t, "flapping", last.Text)
		})
	}
}

func TestAcknowledge(t *testing.T) {
	inc := fxNew(t, "sev1")
	require.ErrorIs(t, inc.Acknowledge(fxBob, fxT0.Add(-time.Second)), incident.ErrInvalid)
	require.ErrorIs(t, inc.Acknowledge(incident.Person{Name: "<x>"}, fxAt(1)), incident.ErrInvalid)
	require.NoError(t, inc.Acknowledge(fxBob, fxAt(2)))
	assert.Equal(t, fxAt(2), inc.Milestones.Acknowledged)
	assert.Equal(t, incident.StatusTriage, inc.Status, "acknowledging does not move")
	n := len(inc.Timeline)
	require.NoError(t, inc.Acknowledge(fxAda, fxAt(3)), "a second acknowledgement is a no-op")
	assert.Equal(t, fxAt(2), inc.Milestones.Acknowledged)
	assert.Len(t, inc.Timeline, n)
	require.NoError(t, inc.SetStatus(incident.StatusInvestigating, "", fxBob, fxAt(4)))
	assert.Len(t, inc.Timeline, n+1, "no second acknowledgement when leaving triage")

	t.Run("not open", func(t *testing.T) {
		inc := fxNew(t, "sev3")
		fxReach(t, inc, incident.StatusDeclined)
		err := inc.Acknowledge(fxBob, fxAt(5))
		require.ErrorIs(t, err, incident.ErrTransition)
		assert.Contains(t, err.Error(), "not open")
	})
	t.Run("declining does not acknowledge", func(t *testing.T) {
		inc := fxNew(t, "sev3")
		fxReach(t, inc, incident.StatusDeclined)
		assert.True(t, inc.Milestones.Acknowledged.IsZero())
	})
}

func TestDecline(t *testing.T) {
	for _, reason := range []string{"", "   ", "\n\t"} {
		inc := fxNew(t, "sev3")
		err := inc.Decline(reason, fxBob, fxAt(1))
		require.ErrorIs(t, err, incident.ErrTransition, "Decline(%q)", reason)
		assert.Contains(t, err.Error(), "reason is required")
		assert.Equal(t, incident.StatusTriage, inc.Status)
	}
	inc := fxNew(t, "sev3")
	require.NoError(t, inc.Decline("feature request", fxBob, fxAt(1)))
	assert.Equal(t, "feature request", inc.DeclineReason)
	assert.Equal(t, incident.StatusDeclined, inc.Status)
	last, _ := inc.LastEvent()
	assert.Equal(t, "feature request", last.Text)

	inc = fxNew(t, "sev3")
	fxReach(t, inc, incident.StatusInvestigating)
	require.ErrorIs(t, inc.Decline("too late", fxBob, fxAt(5)), incident.ErrTransition)
	assert.Empty(t, inc.DeclineReason)
}

func TestMergeInto(t *testing.T) {
	inc := fxNew(t, "sev2")
	err := inc.MergeInto("INC-2026-0042", fxBob, fxAt(1))
	require.ErrorIs(t, err, incident.ErrTransition)
	assert.Contains(t, err.Error(), "into itself")

	require.ErrorIs(t, inc.MergeInto("../etc", fxBob, fxAt(1)), incident.ErrInvalid)
	require.ErrorIs(t, inc.MergeInto("", fxBob, fxAt(1)), incident.ErrInvalid)
	assert.Equal(t, incident.StatusTriage, inc.Status)

	require.NoError(t, inc.MergeInto("INC-2026-0041", fxBob, fxAt(1)))
	assert.Equal(t, "INC-2026-0041", inc.MergedInto)
	last, _ := inc.LastEvent()
	assert.Equal(t, "duplicate of INC-2026-0041", last.Text)

	// Merging a resolved incident is not a lifecycle move.
	inc = fxNew(t, "sev2")
	fxReach(t, inc, incident.StatusResolved)
	require.ErrorIs(t, inc.MergeInto("INC-2026-0041", fxBob, fxAt(5)), incident.ErrTransition)
	assert.Empty(t, inc.MergedInto)
}

func TestClose(t *testing.T) {
	t.Run("required post-mortem missing", func(t *testing.T) {
		for _, pm := range []incident.PostmortemStatus{incident.PostmortemNone, incident.PostmortemDraft, incident.PostmortemInReview} {
			inc := fxNew(t, "sev1")
			fxReach(t, inc, incident.StatusResolved)
			if pm != incident.PostmortemNone {
				require.NoError(t, inc.SetPostmortem(pm, fxAda, fxAt(2)))
			}
			err := inc.Close(fxPolicy(), fxAda, fxAt(3))
			require.ErrorIs(t, err, incident.ErrTransition, "post-mortem %q", pm)
			assert.Contains(t, err.Error(), "requires a post-mortem for sev1")
			var te *incident.TransitionError
			require.ErrorAs(t, err, &te)
			assert.Equal(t, incident.StatusResolved, te.From)
			assert.Equal(t, incident.StatusClosed, te.To)
			assert.Equal(t, incident.StatusResolved, inc.Status)
		}
	})
	t.Run("published", func(t *testing.T) {
		inc := fxNew(t, "sev1")
		fxReach(t, inc, incident.StatusResolved)
		require.NoError(t, inc.SetPostmortem(incident.PostmortemPublished, fxAda, fxAt(2)))
		require.NoError(t, inc.Close(fxPolicy(), fxAda, fxAt(3)))
		assert.Equal(t, incident.StatusClosed, inc.Status)
	})
	t.Run("waived", func(t *testing.T) {
		inc := fxNew(t, "sev2")
		fxReach(t, inc, incident.StatusResolved)
		require.NoError(t, inc.WaivePostmortem("same root cause as INC-2026-0007", fxAda, fxAt(2)))
		assert.Equal(t, incident.PostmortemState{Status: incident.PostmortemWaived, WaivedReason: "same root cause as INC-2026-0007"}, inc.Postmortem)
		require.NoError(t, inc.Close(fxPolicy(), fxAda, fxAt(3)))
	})
	t.Run("not required", func(t *testing.T) {
		inc := fxNew(t, "sev3")
		fxReach(t, inc, incident.StatusResolved)
		require.NoError(t, inc.Close(fxPolicy(), fxAda, fxAt(3)))
	})
	t.Run("drill", func(t *testing.T) {
		inc, err := incident.New(incident.Declaration{Title: "game day", Severity: "sev1", Kind: incident.KindDrill}, fxAda, fxT0)
		require.NoError(t, err)
		fxReach(t, inc, incident.StatusResolved)
		require.NoError(t, inc.Close(fxPolicy(), fxAda, fxAt(3)))
	})
	t.Run("unknown level", func(t *testing.T) {
		inc := fxNew(t, "sev9")
		fxReach(t, inc, incident.StatusResolved)
		err := inc.Close(fxPolicy(), fxAda, fxAt(3))
		require.ErrorIs(t, err, severity.ErrUnknownLevel)
		assert.Contains(t, err.Error(), "INC-2026-0042")
		require.ErrorIs(t, inc.Close(nil, fxAda, fxAt(3)), severity.ErrUnknownLevel)
	})
	t.Run("closing twice", func(t *testing.T) {
		inc := fxNew(t, "sev3")
		fxReach(t, inc, incident.StatusClosed)
		err := inc.Close(fxPolicy(), fxAda, fxAt(9))
		require.ErrorIs(t, err, incident.ErrTransition)
		assert.Contains(t, err.Error(), "already closed")
	})
}

func TestPostmortemState(t *testing.T) {
	inc := fxNew(t, "sev1")
	for _, s := range []incident.PostmortemStatus{incident.PostmortemWaived, "bogus", "Published"} {
		require.ErrorIs(t, inc.SetPostmortem(s, fxAda, fxAt(1)), incident.ErrInvalid, "SetPostmortem(%q)", s)
	}
	require.ErrorIs(t, inc.WaivePostmortem(" ", fxAda, fxAt(1)), incident.ErrInvalid)
	require.ErrorIs(t, inc.SetPostmortem(incident.PostmortemDraft, fxAda, fxT0.Add(-time.Hour)), incident.ErrInvalid)

	require.NoError(t, inc.SetPostmortem(incident.PostmortemDraft, fxAda, fxAt(1)))
	n := len(inc.Timeline)
	require.NoError(t, inc.SetPostmortem(incident.PostmortemDraft, fxAda, fxAt(2)), "same state is a no-op")
	assert.Len(t, inc.Timeline, n)
	require.NoError(t, inc.SetPostmortem(incident.PostmortemInReview, fxAda, fxAt(3)))
	last, _ := inc.LastEvent()
	assert.Equal(t, incident.EventPostmortem, last.Kind)
	assert.Equal(t, "draft", last.From)
	assert.Equal(t, "in_review", last.To)

	for s, done := range map[incident.PostmortemStatus]bool{
		incident.PostmortemNone: false, incident.PostmortemDraft: false, incident.PostmortemInReview: false,
		incident.PostmortemPublished: true, incident.PostmortemWaived: true,
	} {
		assert.True(t, s.Valid(), "%q.Valid()", s)
		assert.Equal(t, done, s.Done(), "%q.Done()", s)
	}
	assert.False(t, incident.PostmortemStatus("x").Valid())
}

func TestTransitionErrorIs(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", &incident.TransitionError{From: "a", To: "b", Reason: "r"})
	assert.ErrorIs(t, err, incident.ErrTransition)
	assert.NotErrorIs(t, err, incident.ErrInvalid)
	assert.False(t, errors.Is(&incident.TransitionError{}, incident.ErrInvalid))
	assert.Equal(t, "wrapped: incident: a -> b: r", err.Error())
	assert.False(t, strings.HasSuffix(err.Error(), "."))
}
