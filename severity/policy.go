package severity

import (
	"cmp"
	"fmt"
	"slices"
)

// PolicyFile is where the policy lives in a repository, relative to its root.
const PolicyFile = ".incidentkit/policy.yaml"

// MaxPolicySize is the largest policy file [Parse] accepts, in bytes. Real
// policies are a few kilobytes.
const MaxPolicySize = 64 << 10

// Policy is a team's severity policy: its levels, with their response
// targets, and post-mortem settings.
type Policy struct {
	// Levels are sorted by Rank, most severe first, in policies returned by
	// [Default] and [Parse]. The methods of Policy do not rely on the order.
	Levels []Level
	// Postmortem holds the team's post-mortem settings.
	Postmortem PostmortemRules
}

// PostmortemRules are the post-mortem settings of a [Policy].
type PostmortemRules struct {
	// DisabledLintRules names the post-mortem lint rules the team turned
	// off (nil when none).
	DisabledLintRules []string
}

// Level returns the level called name. The error wraps [ErrUnknownLevel].
func (p *Policy) Level(name string) (Level, error) {
	if p != nil {
		for _, l := range p.Levels {
			if l.Name == name {
				return l, nil
			}
		}
	}
	return Level{}, fmt.Errorf("%w %q", ErrUnknownLevel, name)
}

// Names returns the level names, most severe first.
func (p *Policy) Names() []string {
	ls := p.sorted()
	names := make([]string, len(ls))
	for i, l := range ls {
		names[i] = l.Name
	}
	return names
}

// Most returns the most severe level (lowest rank), or the zero Level when
// the policy has none.
func (p *Policy) Most() Level {
	if ls := p.sorted(); len(ls) > 0 {
		return ls[0]
	}
	return Level{}
}

// Least returns the least severe level (highest rank), or the zero Level
// when the policy has none.
func (p *Policy) Least() Level {
	if ls := p.sorted(); len(ls) > 0 {
		return ls[len(ls)-1]
	}
	return Level{}
}

// Compare compares the severity of levels a and b like cmp.Compare
// compares their ranks: it is negative when a is more severe than b, zero
// when they are the same level and positive when a is less severe. Sorting
// names with it puts the most severe first. The error wraps
// [ErrUnknownLevel] when either name is not in the policy.
func (p *Policy) Compare(a, b string) (int, error) {
	la, err := p.Level(a)
	if err != nil {
		return 0, err
	}
	lb, err := p.Level(b)
	if err != nil {
		return 0, err
	}
	return cmp.Compare(la.Rank, lb.Rank), nil
}

// sorted returns the levels sorted by rank (a copy).
func (p *Policy) sorted() []Level {
	if p == nil {
		return nil
	}
	ls := slices.Clone(p.Levels)
	slices.SortStableFunc(ls, func(a, b Level) int { return cmp.Compare(a.Rank, b.Rank) })
	return ls
}

// Clone returns a deep copy of p, for stores that hand out policies their
// callers may change.
func (p *Policy) Clone() *Policy {
	if p == nil {
		return nil
	}
	c := *p
	c.Levels = slices.Clone(p.Levels)
	c.Postmortem.DisabledLintRules = slices.Clone(p.Postmortem.DisabledLintRules)
	return &c
}
