package incident

import (
	"errors"
	"fmt"

	"github.com/incidentkit/incidentkit/internal/diag"
)

// ErrInvalid is matched (through [errors.Is]) by every error about an
// invalid incident: a malformed file, a bad field value, an invalid ID.
var ErrInvalid = errors.New("incident: invalid")

// ErrTransition is matched by every error about a lifecycle move that is not
// allowed: an illegal status change, a move back in time, closing without a
// required post-mortem. The error is a *TransitionError.
var ErrTransition = errors.New("incident: transition not allowed")

// InvalidError lists every problem found in an incident document, each with
// file, line, column, field path and message. It prints like a compiler:
//
//	incidents/2026/11/INC-2026-0042/incident.yaml:14:5: timeline[2].at: before declared_at
//
// It matches [ErrInvalid] through [errors.Is]. It is the same type as
// severity.InvalidError, so one errors.As target serves both.
type InvalidError = diag.Error

// Problem is one problem in a document: where it is and what is wrong.
type Problem = diag.Problem

// TransitionError describes a lifecycle move that is not allowed.
// It matches [ErrTransition] through [errors.Is].
type TransitionError struct {
	ID     string // the incident
	From   Status // status before the move
	To     Status // requested status
	Reason string // why the move is refused
}

// Error says which move was refused and why, e.g. "incident INC-2026-0042:
// triage -> declined: a reason is required".
func (e *TransitionError) Error() string {
	if e.ID == "" {
		return fmt.Sprintf("incident: %s -> %s: %s", e.From, e.To, e.Reason)
	}
	return fmt.Sprintf("incident %s: %s -> %s: %s", e.ID, e.From, e.To, e.Reason)
}

// Is reports whether target is [ErrTransition].
func (e *TransitionError) Is(target error) bool { return target == ErrTransition }
