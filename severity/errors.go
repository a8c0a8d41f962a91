package severity

import (
	"errors"

	"github.com/incidentkit/incidentkit/internal/diag"
)

// ErrInvalid is matched (through errors.Is) by every error [Parse] and
// [Policy.Validate] return for an invalid policy. Those errors are
// *[InvalidError] values listing every problem.
var ErrInvalid = errors.New("severity: invalid policy")

// ErrUnknownLevel is wrapped by [Policy.Level] and [Policy.Compare] when a
// level name is not in the policy.
var ErrUnknownLevel = errors.New("severity: unknown level")

// InvalidError lists every problem of an invalid policy, each with file,
// line, column and field path when known, printed one per line like a
// compiler ("policy.yaml:7:20: levels[0].targets.acknowledge: must be
// positive"). It matches [ErrInvalid] through errors.Is.
//
// It is the same type incident.InvalidError aliases, so one errors.As
// target serves both packages; its Kind field tells them apart.
type InvalidError = diag.Error

// Problem is one entry of an [InvalidError].
type Problem = diag.Problem
