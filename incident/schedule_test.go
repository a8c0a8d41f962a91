package incident_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/incidentkit/incidentkit/incident"
)

// Fixtures of the schedule tests; their names start with sc.
var (
	scStart = time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
	scEnd   = scStart.Add(2 * time.Hour)
	// scWindow is scStart-scEnd as the timeline writes it.
	scWindow = "2026-12-03T02:00:00Z/2026-12-03T04:00:00Z"
)

// scNew declares a maintenance at fxT0, with the window s.
func scNew(t *testing.T, s incident.Schedule) *incident.Incident {
	t.Helper()
	inc, err := incident.New(incident.Declaration{
		ID: "MAINT-2026-7", UID: "01JDQ7D0000000000000000007", Title: "database upgrade", Severity: "sev3",
		Kind: incident.KindMaintenance, Components: []string{"api"}, Schedule: s,
	}, fxAda, fxT0)
	require.NoError(t, err)
	return inc
}

func TestScheduleValue(t *testing.T) {
	assert.True(t, incident.Schedule{}.IsZero())
	assert.Empty(t, incident.Schedule{}.String())
	s := incident.Schedule{Start: scStart, End: scEnd}
	assert.False(t, s.IsZero())
	assert.Equal(t, scWindow, s.String())
	assert.False(t, incident.Schedule{End: scEnd}.IsZero(), "half a window is not zero")
}

func TestNewSchedule(t *testing.T) {
	local := time.FixedZone("CET", 3600)
	inc := scNew(t, incident.Schedule{Start: scStart.In(local).Add(300 * time.Millisecond), End: scEnd.In(local)})
	assert.Equal(t, incident.Schedule{Start: scStart, End: scEnd}, inc.Schedule, "UTC, whole seconds")
	assert.Equal(t, time.UTC, inc.Schedule.Start.Location())
	require.Len(t, inc.Timeline, 1, "the declaration records the window")
	require.NoError(t, inc.Validate())

	bad := []struct {
		name string
		kind incident.Kind
		s    incident.Schedule
		want string
	}{
		{"normal incident", incident.KindNormal, incident.Schedule{Start: scStart, End: scEnd}, "only maintenance"},
		{"empty kind is normal", "", incident.Schedule{Start: scStart, End: scEnd}, "(kind is normal)"},
		{"drill", incident.KindDrill, incident.Schedule{Start: scStart, End: scEnd}, "only maintenance"},
		{"no end", incident.KindMaintenance, incident.Schedule{Start: scStart}, "both a start and an end"},
		{"no start", incident.KindMaintenance, incident.Schedule{End: scEnd}, "both a start and an end"},
		{"end before start", incident.KindMaintenance, incident.Schedule{Start: scEnd, End: scStart}, "is not after start"},
		{"empty window", incident.KindMaintenance, incident.Schedule{Start: scStart, End: scStart.Add(time.Millisecond)}, "is not after start"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := incident.New(incident.Declaration{Title: "t", Severity: "sev3", Kind: tt.kind, Schedule: tt.s}, fxAda, fxT0)
			require.ErrorIs(t, err, incident.ErrInvalid)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestSetSchedule(t *testing.T) {
	window := incident.Schedule{Start: scStart, End: scEnd}
	later := incident.Schedule{Start: scStart.Add(time.Hour), End: scEnd.Add(time.Hour)}
	tests := []struct {
		name       string
		kind       incident.Kind
		before     incident.Schedule
		start, end time.Time
		by         incident.Person
		at         time.Time
		want       incident.Schedule
		event      *incident.Event // the event recorded, without ID; nil for none
		err        string          // part of the error, "" for none
	}{
		{name: "set", kind: incident.KindMaintenance, start: scStart, end: scEnd, by: fxBob, at: fxAt(5), want: window,
			event: &incident.Event{At: fxAt(5), Actor: fxBob, Kind: incident.EventField, Subject: "schedule", To: scWindow}},
		{name: "move", kind: incident.KindMaintenance, before: window, start: later.Start, end: later.End, by: fxBob, at: fxAt(5), want: later,
			event: &incident.Event{At: fxAt(5), Actor: fxBob, Kind: incident.EventField, Subject: "schedule",
				From: scWindow, To: "2026-12-03T03:00:00Z/2026-12-03T05:00:00Z"}},
		{name: "clear", kind: incident.KindMaintenance, before: window, by: fxBob, at: fxAt(5),
			event: &incident.Event{At: fxAt(5), Actor: fxBob, Kind: incident.EventField, Subject: "schedule", From: scWindow}},
		{name: "unchanged is a no-op", kind: incident.KindMaintenance, before: window, start: scStart, end: scEnd, by: fxBob, at: fxAt(5), want: window},
		{name: "clearing none is a no-op", kind: incident.KindMaintenance, by: fxBob, at: fxAt(5)},
		{name: "normalised", kind: incident.KindMaintenance,
			start: scStart.In(time.FixedZone("X", -5*3600)).Add(999 * time.Millisecond), end: scEnd.Add(time.Nanosecond),
			by: fxBob, at: fxAt(5).Add(time.Millisecond), want: window,
			event: &incident.Event{At: fxAt(5), Actor: fxBob, Kind: incident.EventField, Subject: "schedule", To: scWindow}},
		{name: "window before the declaration", kind: incident.KindMaintenance, start: fxAt(-120), end: fxAt(-60), by: fxBob, at: fxAt(5),
			want: incident.Schedule{Start: fxAt(-120), End: fxAt(-60)},
			event: &incident.Event{At: fxAt(5), Actor: fxBob, Kind: incident.EventField, Subject: "schedule",
				To: "2026-11-27T08:00:00Z/2026-11-27T09:00:00Z"}},
		{name: "normal incident", kind: incident.KindNormal, start: scStart, end: scEnd, by: fxBob, at: fxAt(5), err: "only maintenance"},
		{name: "drill", kind: incident.KindDrill, start: scStart, end: scEnd, by: fxBob, at: fxAt(5), err: "(kind is drill)"},
		{name: "end before start", kind: incident.KindMaintenance, start: scEnd, end: scStart, by: fxBob, at: fxAt(5), err: "is not after start"},
		{name: "end equals start", kind: incident.KindMaintenance, start: scStart, end: scStart, by: fxBob, at: fxAt(5), err: "is not after start"},
		{name: "no end", kind: incident.KindMaintenance, start: scStart, by: fxBob, at: fxAt(5), err: "both a start and an end"},
		{name: "no start", kind: incident.KindMaintenance, before: window, end: scEnd, by: fxBob, at: fxAt(5), want: window, err: "both a start and an end"},
		{name: "bad actor", kind: incident.KindMaintenance, start: scStart, end: scEnd, at: fxAt(5), err: "actor"},
		{name: "zero time", kind: incident.KindMaintenance, start: scStart, end: scEnd, by: fxBob, err: "zero time"},
		{name: "before the declaration", kind: incident.KindMaintenance, start: scStart, end: scEnd, by: fxBob, at: fxAt(-1), err: "before the incident was declared"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inc, err := incident.New(incident.Declaration{ID: "MAINT-7", UID: mgUID, Title: "upgrade", Severity: "sev3",
				Kind: tt.kind, Schedule: tt.before}, fxAda, fxT0)
			require.NoError(t, err)
			n := len(inc.Timeline)
			err = inc.SetSchedule(tt.start, tt.end, tt.by, tt.at)
			if tt.err != "" {
				require.ErrorIs(t, err, incident.ErrInvalid)
				assert.Contains(t, err.Error(), tt.err)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.want, inc.Schedule)
			if tt.event == nil {
				assert.Len(t, inc.Timeline, n, "no event")
				return
			}
			require.Len(t, inc.Timeline, n+1)
			e := inc.Timeline[n]
			assert.Len(t, e.ID, 12)
			e.ID = ""
			assert.Equal(t, *tt.event, e)
			require.NoError(t, inc.Validate())
		})
	}
}

func TestScheduleRoundTrip(t *testing.T) {
	inc := scNew(t, incident.Schedule{Start: scStart, End: scEnd})
	require.NoError(t, inc.SetSchedule(scStart.Add(time.Hour), scEnd.Add(time.Hour), fxBob, fxAt(3)))
	data, err := incident.Format(inc)
	require.NoError(t, err)
	s := string(data)
	want := "status: triage\nschedule:\n  start: 2026-12-03T03:00:00Z\n  end: 2026-12-03T05:00:00Z\nmilestones:\n"
	assert.Contains(t, s, want, "schedule after status, start before end")
	back, err := incident.Parse("incident.yaml", data)
	require.NoError(t, err)
	assert.Equal(t, inc, back)
	again, err := incident.Format(back)
	require.NoError(t, err)
	assert.Equal(t, s, string(again))

	require.NoError(t, inc.SetSchedule(time.Time{}, time.Time{}, fxBob, fxAt(4)))
	data, err = incident.Format(inc)
	require.NoError(t, err)
	assert.NotContains(t, string(data), "schedule:\n", "a zero schedule is left out")
	assert.Contains(t, string(data), "subject: schedule\n", "its removal is in the timeline")
}

func TestValidateSchedule(t *testing.T) {
	tests := []struct {
		name string
		edit func(inc *incident.Incident)
		want string
	}{
		{"normal incident", func(inc *incident.Incident) { inc.Kind = incident.KindNormal },
			"schedule: only maintenance has a planned window (kind is normal)"},
		{"end before start", func(inc *incident.Incident) { inc.Schedule.End = scStart.Add(-time.Second) },
			"schedule.end: 2026-12-03T01:59:59Z is before schedule.start (2026-12-03T02:00:00Z)"},
		{"empty window", func(inc *incident.Incident) { inc.Schedule.End = scStart },
			"schedule.end: equal to schedule.start: the window is empty"},
		{"no start", func(inc *incident.Incident) { inc.Schedule.Start = time.Time{} }, "schedule.start: missing"},
		{"no end", func(inc *incident.Incident) { inc.Schedule.End = time.Time{} }, "schedule.end: missing"},
		{"fraction of a second", func(inc *incident.Incident) { inc.Schedule.Start = scStart.Add(time.Millisecond) },
			"schedule.start: 2026-12-03T02:00:00.001Z has a fraction of a second: times are kept to whole seconds"},
		{"year", func(inc *incident.Incident) { inc.Schedule.End = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) },
			"schedule.end: year 10000 cannot be written in RFC 3339"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inc := scNew(t, incident.Schedule{Start: scStart, End: scEnd})
			tt.edit(inc)
			err := inc.Validate()
			require.ErrorIs(t, err, incident.ErrInvalid)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestMerge3Schedule(t *testing.T) {
	window := incident.Schedule{Start: scStart, End: scEnd}
	base := scNew(t, window)
	base.UID = mgUID
	move := func(inc *incident.Incident, hours int, at time.Time) *incident.Incident {
		c := inc.Clone()
		d := time.Duration(hours) * time.Hour
		mgDo(t, c.SetSchedule(scStart.Add(d), scEnd.Add(d), mgBob, at))
		return c
	}

	t.Run("one side", func(t *testing.T) {
		ours := move(base, 1, fxAt(5))
		theirs := base.Clone()
		mgDo(t, theirs.AddNote("ready", mgAda, fxAt(6)))
		got, conflicts := mgMerge3(t, base, ours, theirs)
		assert.Empty(t, conflicts)
		assert.Equal(t, ours.Schedule, got.Schedule)
	})
	t.Run("both sides, the later change wins", func(t *testing.T) {
		ours, theirs := move(base, 1, fxAt(5)), move(base, 2, fxAt(6))
		got, conflicts := mgMerge3(t, base, ours, theirs)
		assert.Equal(t, theirs.Schedule, got.Schedule)
		mgWantConflicts(t, got, conflicts, []incident.Conflict{{Field: "schedule",
			Chosen: theirs.Schedule.String(), Lost: ours.Schedule.String(), Rule: "the later change wins"}})
	})
	t.Run("both sides, the same window", func(t *testing.T) {
		ours, theirs := move(base, 1, fxAt(5)), move(base, 1, fxAt(6))
		got, conflicts := mgMerge3(t, base, ours, theirs)
		assert.Empty(t, conflicts)
		assert.Equal(t, ours.Schedule, got.Schedule)
	})
	t.Run("cleared on one side", func(t *testing.T) {
		ours := base.Clone()
		mgDo(t, ours.SetSchedule(time.Time{}, time.Time{}, mgBob, fxAt(5)))
		got, conflicts := mgMerge3(t, base, ours, base.Clone())
		assert.Empty(t, conflicts)
		assert.True(t, got.Schedule.IsZero())
	})
	t.Run("kind changed by hand on the other side", func(t *testing.T) {
		ours := move(base, 1, fxAt(5))
		theirs := base.Clone()
		theirs.Kind, theirs.Schedule = incident.KindNormal, incident.Schedule{}
		require.NoError(t, theirs.Validate())
		got, conflicts := mgMerge3(t, base, ours, theirs)
		assert.Equal(t, incident.KindNormal, got.Kind)
		assert.True(t, got.Schedule.IsZero(), "no schedule on a normal incident")
		mgWantConflicts(t, got, conflicts, []incident.Conflict{
			{Field: "schedule", Chosen: "", Lost: ours.Schedule.String(), Rule: "only maintenance has a schedule: follows the kind"},
			{Field: "schedule", Chosen: ours.Schedule.String(), Lost: "", Rule: "a change the timeline records wins over a hand edit"},
		})
	})
}

// TestScheduleFileErrors checks where Parse reports the problems of a
// schedule that does not decode.
func TestScheduleFileErrors(t *testing.T) {
	data, err := incident.Format(scNew(t, incident.Schedule{Start: scStart, End: scEnd}))
	require.NoError(t, err)
	bad := strings.Replace(string(data), "  end: 2026-12-03T04:00:00Z\n", "  end: tomorrow\n  stop: 2026-12-03T04:00:00Z\n", 1)
	_, err = incident.Parse("incident.yaml", []byte(bad))
	require.ErrorIs(t, err, incident.ErrInvalid)
	assert.Equal(t, "incident.yaml:9:8: schedule.end: want RFC 3339 time like 2026-11-27T09:30:00Z, got \"tomorrow\"\n"+
		"incident.yaml:10:3: schedule.stop: unknown field (want one of end, start)", err.Error())
}
