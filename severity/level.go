package severity

import (
	"regexp"
	"time"
)

// Level is one severity level of a [Policy].
type Level struct {
	// Name is the key incident files use, e.g. "sev1". It matches
	// ^[a-z][a-z0-9_-]{0,31}$ and is unique in a policy.
	Name string
	// Rank orders levels: 1 is the most severe. Ranks are unique in a policy
	// and need not be contiguous.
	Rank int
	// Title is a short human title, e.g. "Critical".
	Title string
	// Description says when the level applies, e.g. "Full outage, all
	// users affected".
	Description string
	// Targets are the response targets (SLAs) for incidents of this level.
	Targets Targets
}

// Targets are the response targets of a [Level]. Every target is measured
// from the moment the incident was declared, not from when impact started:
// the start of impact is often learnt only in hindsight, and a target that
// could be breached before anyone knew of the incident cannot guide the
// response. (Time to detect is a separate, per-incident measure.)
//
// A zero cadence or deadline means none is required; Acknowledge,
// FirstUpdate, Mitigate and Resolve must be positive.
type Targets struct {
	// Acknowledge is the longest time from declaration to acknowledgement
	// by a responder.
	Acknowledge time.Duration
	// FirstUpdate is the longest time from declaration to the first status
	// update to any audience.
	FirstUpdate time.Duration
	// InternalCadence is the longest gap between internal status updates
	// while the incident is open (0: none required).
	InternalCadence time.Duration
	// PublicCadence is the longest gap between public status updates while
	// the incident is customer-facing (0: none required).
	PublicCadence time.Duration
	// Mitigate is the longest time from declaration until impact is
	// mitigated (users no longer affected, even if the cause remains).
	Mitigate time.Duration
	// Resolve is the longest time from declaration until the incident is
	// resolved.
	Resolve time.Duration
	// PostmortemRequired says whether incidents of this level must have a
	// post-mortem.
	PostmortemRequired bool
	// PostmortemDeadline is how long after resolution the post-mortem is
	// due (0: no deadline; required when PostmortemRequired).
	PostmortemDeadline time.Duration
	// ActionItemDeadline is how long after resolution the post-mortem's
	// action items are due (0: no deadline).
	ActionItemDeadline time.Duration
}

// nameRE is the allow-list for level names: they appear in incident files,
// commit trailers and possibly paths, so keep them plain.
var nameRE = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,31}$`)

// ValidName reports whether name is a valid level name:
// ^[a-z][a-z0-9_-]{0,31}$.
func ValidName(name string) bool {
	return nameRE.MatchString(name)
}
