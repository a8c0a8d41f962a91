package report

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
	"github.com/incidentkit/incidentkit/store"
)

// Build computes the report of everything r holds, as of now: open
// incidents count as open, SLA targets, post-mortem deadlines and action
// item due dates are judged at now. Build does not rewind r; for a report
// as of a past revision, pass that revision's snapshot and its time:
//
//	snap, err := store.At(ctx, st, rev)
//	...
//	rep, err := report.Build(ctx, snap, snap.At)
//
// Incident and post-mortem files that cannot be read (errors matching
// incident.ErrInvalid or postmortem.ErrInvalid) do not fail the report:
// they are listed in [Report.Problems] and left out of the figures. Any
// other error from r fails it.
func Build(ctx context.Context, r store.Reader, now time.Time) (*Report, error) {
	now = now.UTC().Truncate(time.Second)
	pol, err := r.Policy(ctx)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	incs, err := r.List(ctx, store.Filter{})
	rep := &Report{Now: now, Titles: map[string]string{}}
	if err != nil {
		if !errors.Is(err, incident.ErrInvalid) {
			return nil, fmt.Errorf("report: %w", err)
		}
		rep.Problems = append(rep.Problems, problemLines(err)...)
	}
	for _, l := range pol.Levels {
		rep.Titles[l.Name] = l.Title
	}

	sum := incident.Summarize(incs, pol, now)
	rep.Excluded = sum.Excluded
	rep.Total = rowOf(TotalKey, sum.All)
	for _, ls := range sum.Levels {
		rep.Severities = append(rep.Severities, rowOf(ls.Level, ls))
	}

	var counted []*incident.Incident
	for _, inc := range incs {
		if countedIn(inc, pol) {
			counted = append(counted, inc)
		}
	}
	// Oldest first, so that months come out in order and every later
	// step sees the incidents in one fixed order.
	slices.SortStableFunc(counted, func(a, b *incident.Incident) int {
		if c := a.Milestones.Declared.Compare(b.Milestones.Declared); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	rep.Months = monthRows(counted, pol, now)

	pms, err := readPostmortems(ctx, r, counted, rep)
	if err != nil {
		return nil, err
	}
	addFollowUp(rep, counted, pms, pol, now)
	slices.Sort(rep.Problems)
	rep.Problems = slices.Compact(rep.Problems)
	return rep, nil
}

// countedIn reports whether inc counts in the figures: the same rule as
// incident.Summarize (a real incident, neither declined nor merged, of a
// level of the policy).
func countedIn(inc *incident.Incident, pol *severity.Policy) bool {
	if inc == nil || !inc.Kind.Counted() || inc.Status == incident.StatusDeclined || inc.Status == incident.StatusMerged {
		return false
	}
	_, err := pol.Level(inc.Severity)
	return err == nil
}

// rowOf starts a row from a level summary of incident.Summarize.
func rowOf(key string, ls incident.LevelSummary) Row {
	return Row{
		Key:         key,
		Declared:    ls.Count,
		Acknowledge: ls.Acknowledge,
		Mitigate:    ls.Mitigate,
		Resolve:     ls.Resolve,
		SLA:         Ratio{Num: ls.Compliant, Den: ls.Count},
		Breached:    ls.Breached,
	}
}

// monthKey returns the month of t in UTC, as "2026-11".
func monthKey(t time.Time) string { return t.UTC().Format("2006-01") }

// monthRows returns one row per month from the first to the last
// declaration of incs (sorted oldest first), each from incident.Summarize
// over that month's incidents.
func monthRows(incs []*incident.Incident, pol *severity.Policy, now time.Time) []Row {
	if len(incs) == 0 {
		return nil
	}
	first := incs[0].Milestones.Declared.UTC()
	last := incs[len(incs)-1].Milestones.Declared.UTC()
	var rows []Row
	i := 0
	for m := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(last); m = m.AddDate(0, 1, 0) {
		next := m.AddDate(0, 1, 0)
		j := i
		for j < len(incs) && incs[j].Milestones.Declared.Before(next) {
			j++
		}
		rows = append(rows, rowOf(monthKey(m), incident.Summarize(incs[i:j], pol, now).All))
		i = j
	}
	return rows
}

// readPostmortems returns the post-mortem of each incident by ID: nil when
// it has none, absent from the map when it cannot be read (noted in
// rep.Problems).
func readPostmortems(ctx context.Context, r store.Reader, incs []*incident.Incident, rep *Report) (map[string]*postmortem.Postmortem, error) {
	pms := make(map[string]*postmortem.Postmortem, len(incs))
	for _, inc := range incs {
		pm, err := r.Postmortem(ctx, inc.ID)
		switch {
		case err == nil:
			pms[inc.ID] = pm
		case errors.Is(err, store.ErrNotFound):
			pms[inc.ID] = nil
		case errors.Is(err, postmortem.ErrInvalid):
			// Absent from the map: unreadable, so its figures are unknown.
			rep.Problems = append(rep.Problems, problemLines(err)...)
		default:
			return nil, fmt.Errorf("report: %w", err)
		}
	}
	return pms, nil
}

// problemLines returns the problems of an invalid-document error, one line
// each, or the error's own lines when it lists none.
func problemLines(err error) []string {
	var ie *incident.InvalidError
	if errors.As(err, &ie) && len(ie.Problems) > 0 {
		lines := make([]string, len(ie.Problems))
		for i, p := range ie.Problems {
			lines[i] = p.String()
		}
		return lines
	}
	return []string{err.Error()}
}
