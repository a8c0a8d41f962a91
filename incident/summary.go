package incident

import (
	"slices"
	"time"

	"github.com/incidentkit/incidentkit/severity"
)

// Summary describes many incidents at once: per severity level, how many
// there were, how long their phases took and how well they met the policy's
// targets. Only real incidents count (see [Kind.Counted]): drills,
// maintenance, declined and merged incidents, and incidents whose severity
// is not a level of the policy, are left out and counted in Excluded.
type Summary struct {
	// Levels has one entry per level of the policy, most severe first,
	// including levels without incidents.
	Levels []LevelSummary
	// All summarises every counted incident, whatever its level; its
	// Level is empty.
	All LevelSummary
	// Excluded counts the incidents left out, by reason.
	Excluded Excluded
}

// Excluded counts the incidents a [Summary] leaves out, by reason. An
// incident is counted under the first reason that applies, in field order.
type Excluded struct {
	Drill        int // drills ([KindDrill])
	Maintenance  int // maintenance windows ([KindMaintenance])
	Declined     int // declined: not an incident
	Merged       int // merged: a duplicate of another incident
	UnknownLevel int // severity not in the policy (e.g. a level since removed)
}

// Total returns the number of incidents left out.
func (e Excluded) Total() int {
	return e.Drill + e.Maintenance + e.Declined + e.Merged + e.UnknownLevel
}

// LevelSummary summarises the counted incidents of one severity level.
type LevelSummary struct {
	Level string // the level's name; empty in Summary.All
	Count int    // incidents counted
	// Compliant is the number of incidents without any SLA finding.
	Compliant int
	// Breached maps each rule to the number of incidents with at least one
	// finding of that rule. Rules no incident broke are absent.
	Breached map[Rule]int
	// The distribution of each phase's duration over the incidents where it
	// is known (see [Incident.Durations]).
	Detect, Acknowledge, Mitigate, Resolve Stats
}

// Compliance returns the share (0 to 1) of the incidents without a finding
// of rule r or, when r is empty, without any finding. With no incidents it
// returns 1: nothing was missed.
func (ls LevelSummary) Compliance(r Rule) float64 {
	if ls.Count == 0 {
		return 1
	}
	ok := ls.Compliant
	if r != "" {
		ok = ls.Count - ls.Breached[r]
	}
	return float64(ok) / float64(ls.Count)
}

// Stats returns the distribution of phase p's durations.
func (ls LevelSummary) Stats(p Phase) Stats {
	switch p {
	case PhaseDetect:
		return ls.Detect
	case PhaseAcknowledge:
		return ls.Acknowledge
	case PhaseMitigate:
		return ls.Mitigate
	case PhaseResolve:
		return ls.Resolve
	}
	return Stats{}
}

// Stats is the distribution of a set of durations. P50 and P90 are
// nearest-rank percentiles: the P-th percentile of N sorted values is the
// value at rank ceil(P/100 × N) (1-based), always one of the values
// themselves, never an interpolation. With N = 0 every field is zero.
type Stats struct {
	N             int // how many durations
	P50, P90, Max time.Duration
}

// NewStats computes the distribution of ds (which it does not modify).
func NewStats(ds []time.Duration) Stats {
	if len(ds) == 0 {
		return Stats{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return Stats{N: len(s), P50: Percentile(s, 50), P90: Percentile(s, 90), Max: s[len(s)-1]}
}

// Percentile returns the nearest-rank p-th percentile (0 < p <= 100) of the
// sorted durations: the value at rank ceil(p/100 × N), 1-based. It returns 0
// for an empty slice; p <= 0 gives the minimum, p >= 100 the maximum.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	n := len(sorted)
	switch {
	case n == 0:
		return 0
	case p <= 0:
		return sorted[0]
	case p >= 100:
		return sorted[n-1]
	}
	// Ceil by integer arithmetic on hundredths of a percent, so that 90%
	// of 10 values is rank 9 exactly (floating point would give 9.000001).
	num := int64(p*100+0.5) * int64(n)
	rank := int((num + 10000 - 1) / 10000)
	rank = max(1, rank)
	return sorted[rank-1]
}

// levelAcc accumulates one level's incidents.
type levelAcc struct {
	sum    LevelSummary
	phases [4][]time.Duration // durations by phase, in Phases order
}

func (a *levelAcc) add(d Durations, fs []Finding) {
	a.sum.Count++
	if len(fs) == 0 {
		a.sum.Compliant++
	}
	seen := map[Rule]bool{}
	for _, f := range fs {
		if seen[f.Rule] {
			continue
		}
		seen[f.Rule] = true
		if a.sum.Breached == nil {
			a.sum.Breached = map[Rule]int{}
		}
		a.sum.Breached[f.Rule]++
	}
	for i, p := range Phases {
		if v, ok := d.Of(p); ok {
			a.phases[i] = append(a.phases[i], v)
		}
	}
}

func (a *levelAcc) summary() LevelSummary {
	s := a.sum
	s.Detect = NewStats(a.phases[0])
	s.Acknowledge = NewStats(a.phases[1])
	s.Mitigate = NewStats(a.phases[2])
	s.Resolve = NewStats(a.phases[3])
	return s
}

// Summarize summarises incs per severity level of policy p, evaluating SLA
// targets as of now (see [Incident.CheckSLA]). Open incidents count with
// what they have missed so far and the phases they have completed. Nil
// entries are skipped.
func Summarize(incs []*Incident, p *severity.Policy, now time.Time) Summary {
	var sum Summary
	names := p.Names()
	accs := make([]levelAcc, len(names))
	for i, n := range names {
		accs[i].sum.Level = n
	}
	var all levelAcc
	for _, inc := range incs {
		if inc == nil {
			continue
		}
		switch {
		case inc.Kind == KindDrill:
			sum.Excluded.Drill++
			continue
		case inc.Kind == KindMaintenance:
			sum.Excluded.Maintenance++
			continue
		case inc.Status == StatusDeclined:
			sum.Excluded.Declined++
			continue
		case inc.Status == StatusMerged:
			sum.Excluded.Merged++
			continue
		}
		i := slices.Index(names, inc.Severity)
		fs, err := inc.CheckSLA(p, now)
		if i < 0 || err != nil {
			sum.Excluded.UnknownLevel++
			continue
		}
		d := inc.Durations()
		accs[i].add(d, fs)
		all.add(d, fs)
	}
	sum.Levels = make([]LevelSummary, len(accs))
	for i := range accs {
		sum.Levels[i] = accs[i].summary()
	}
	sum.All = all.summary()
	return sum
}
