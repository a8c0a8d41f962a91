package incident

import (
	"strconv"
	"time"
)

// Phase names one of the spans of an incident that [Durations] measures. The
// phases are bits, so a set of them fits in one Phase (see Durations.Known).
type Phase uint8

// The measured phases of an incident.
const (
	// PhaseDetect is time to detect: from the start of impact to detection.
	PhaseDetect Phase = 1 << iota
	// PhaseAcknowledge is time to acknowledge: from the declaration to the
	// first acknowledgement by a responder.
	PhaseAcknowledge
	// PhaseMitigate is time to mitigate: from the start of impact (the
	// declaration when that is not known) until impact stopped.
	PhaseMitigate
	// PhaseResolve is time to resolve: from the start of impact (the
	// declaration when that is not known) until the incident was resolved.
	PhaseResolve
)

// Phases lists every phase in lifecycle order.
var Phases = []Phase{PhaseDetect, PhaseAcknowledge, PhaseMitigate, PhaseResolve}

// String returns the phase's name ("detect", "acknowledge", "mitigate",
// "resolve"), or "phase(N)" for anything that is not a single phase.
func (p Phase) String() string {
	switch p {
	case PhaseDetect:
		return "detect"
	case PhaseAcknowledge:
		return "acknowledge"
	case PhaseMitigate:
		return "mitigate"
	case PhaseResolve:
		return "resolve"
	}
	return "phase(" + strconv.Itoa(int(p)) + ")"
}

// Durations are the lengths of an incident's phases, computed from its
// milestones by [Incident.Durations]. A phase whose milestones are not both
// known (or are out of order) has no duration: its bit is clear in Known and
// its field is zero. A zero field with its bit set is a real zero (say,
// detected the moment impact started).
//
// Durations measure what users lived through, so mitigate and resolve count
// from the start of impact when it is known. SLA targets (see
// [Incident.CheckSLA]) count from the declaration instead, as the severity
// policy defines them.
type Durations struct {
	Detect      time.Duration // ImpactStarted → Detected
	Acknowledge time.Duration // Declared → Acknowledged
	Mitigate    time.Duration // ImpactStarted (or Declared) → Mitigated
	Resolve     time.Duration // ImpactStarted (or Declared) → Resolved
	Known       Phase         // the phases whose duration is known
}

// Has reports whether the duration of phase p is known.
func (d Durations) Has(p Phase) bool { return p != 0 && d.Known&p == p }

// Of returns the duration of phase p and whether it is known.
func (d Durations) Of(p Phase) (time.Duration, bool) {
	if !d.Has(p) {
		return 0, false
	}
	switch p {
	case PhaseDetect:
		return d.Detect, true
	case PhaseAcknowledge:
		return d.Acknowledge, true
	case PhaseMitigate:
		return d.Mitigate, true
	case PhaseResolve:
		return d.Resolve, true
	}
	return 0, false
}

// Durations computes the incident's phase durations from its milestones:
//
//	detect      = detected - impact_started
//	acknowledge = acknowledged - declared
//	mitigate    = mitigated - (impact_started, or declared when unknown)
//	resolve     = resolved - (impact_started, or declared when unknown)
//
// A phase is unknown when either of its moments is zero, or when the end is
// before the start (inconsistent milestones in a hand-edited file). Stepping
// back from monitoring or resolved clears the mitigated and resolved
// milestones, so after a regression those phases run until the incident is
// mitigated and resolved again.
func (inc *Incident) Durations() Durations {
	m := inc.Milestones
	var d Durations
	set := func(p Phase, dst *time.Duration, from, to time.Time) {
		if from.IsZero() || to.IsZero() || to.Before(from) {
			return
		}
		*dst = to.Sub(from)
		d.Known |= p
	}
	start := m.ImpactStarted
	if start.IsZero() {
		start = m.Declared
	}
	set(PhaseDetect, &d.Detect, m.ImpactStarted, m.Detected)
	set(PhaseAcknowledge, &d.Acknowledge, m.Declared, m.Acknowledged)
	set(PhaseMitigate, &d.Mitigate, start, m.Mitigated)
	set(PhaseResolve, &d.Resolve, start, m.Resolved)
	return d
}
