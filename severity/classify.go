package severity

import "fmt"

// Scope is how many users an incident affects.
type Scope int

// Scopes, from unknown to the narrowest.
const (
	// ScopeUnknown means the reach is not known yet. [Policy.Classify]
	// treats it as ScopeAll: when in doubt, assume the worst.
	ScopeUnknown Scope = iota
	// ScopeAll is all or nearly all users.
	ScopeAll
	// ScopeMany is a large share of users, or a whole region or customer
	// segment.
	ScopeMany
	// ScopeSome is a small share of users.
	ScopeSome
	// ScopeInternal is a few users, or internal users only.
	ScopeInternal
)

var scopeNames = [...]string{"unknown", "all", "many", "some", "internal"}

// String returns the scope's name as [ParseScope] reads it: "unknown",
// "all", "many", "some" or "internal".
func (s Scope) String() string {
	if s >= 0 && int(s) < len(scopeNames) {
		return scopeNames[s]
	}
	return fmt.Sprintf("Scope(%d)", int(s))
}

// ParseScope returns the scope named s (see [Scope.String]).
func ParseScope(s string) (Scope, error) {
	for i, name := range scopeNames {
		if name == s {
			return Scope(i), nil
		}
	}
	return ScopeUnknown, fmt.Errorf("severity: unknown scope %q (want one of all, many, some, internal, unknown)", s)
}

// Impact describes what an incident does to users, as far as it is known.
type Impact struct {
	// Scope is how many users are affected.
	Scope Scope
	// FullOutage means the service, or a core function of it, is unavailable
	// to the affected users rather than degraded.
	FullOutage bool
	// DataLoss means user data was lost or corrupted.
	DataLoss bool
	// Security means user data was exposed or a security boundary failed.
	Security bool
	// Workaround means affected users have a practical workaround. It is
	// ignored when it conflicts with FullOutage, DataLoss or Security.
	Workaround bool
}

// Impact classes, on the scale of the default policy, plus one below it.
const (
	classCritical = 1 + iota
	classMajor
	classMinor
	classLow
)

// classes holds the impact class per scope for a full outage, a
// degradation, and a degradation with a workaround (see [Policy.Classify]).
var classes = map[Scope][3]int{
	ScopeAll:      {classCritical, classMajor, classMinor},
	ScopeMany:     {classCritical, classMajor, classMinor},
	ScopeSome:     {classMajor, classMinor, classMinor},
	ScopeInternal: {classMinor, classLow, classLow},
}

// class returns the impact class of i.
func (i Impact) class() int {
	if i.DataLoss || i.Security {
		return classCritical
	}
	row, ok := classes[i.Scope]
	if !ok {
		row = classes[ScopeAll] // unknown (or out of range): assume the worst
	}
	switch {
	case i.FullOutage:
		return row[0]
	case i.Workaround:
		return row[2]
	default:
		return row[1]
	}
}

// Classify returns the level for an impact. It first rates the impact on a
// four-step scale (critical, major, minor, low; see below) and then maps
// step n onto the policy's n-th most severe level, or its least severe
// level when the policy has fewer than n. So sev1/sev2/sev3 of the
// default policy receive critical/major/minor (and low) impacts; a policy
// with a fourth level receives low impacts there, and levels beyond the
// fourth (say "maintenance") are only ever chosen by hand.
//
// When in doubt it picks the more severe level, as PagerDuty's incident
// response guide advises ("Always Assume The Worst": if unsure between two
// levels, treat it as the higher one): an unknown scope counts as all users,
// and a
// workaround does not lower the level of a full outage, data loss or
// security exposure.
//
//	                  full outage  degraded  degraded with workaround
//	all (or unknown)  critical     major     minor
//	many              critical     major     minor
//	some              major        minor     minor
//	internal          minor        low       low
//
// Data loss and security exposure are critical at any scope, as in
// PagerDuty's SEV-1 ("customer-data-exposing security vulnerability"). A
// full outage for many users is critical too: PagerDuty's SEV-1 covers
// "actively impacting a large number of customers", while Atlassian would
// call an outage for a subset a SEV 2; in doubt, the more severe wins.
// Classify returns the zero Level when the policy has no levels.
func (p *Policy) Classify(i Impact) Level {
	ls := p.sorted()
	if len(ls) == 0 {
		return Level{}
	}
	return ls[min(i.class(), len(ls))-1]
}
