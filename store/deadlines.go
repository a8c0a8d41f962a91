package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
)

// Overdue returns everything past due at now across the store (or a
// [Snapshot] of its past), most overdue
// first, each with its owners, so that nothing is forgotten:
//
//   - post-mortems required by the policy that nobody has started, for
//     incidents resolved longer ago than the level's post-mortem deadline
//     (owners: the incident's commander);
//   - post-mortems not yet approved past their due date, and open action
//     items past theirs, as [postmortem.FindOverdue] reports them.
//
// Drills and maintenance never owe a post-mortem. Incident and post-mortem
// files that do not parse are skipped and reported in the error (matching
// incident.ErrInvalid or postmortem.ErrInvalid), returned with everything
// that could be read.
func Overdue(ctx context.Context, s Reader, now time.Time) ([]postmortem.Overdue, error) {
	pol, err := s.Policy(ctx)
	if err != nil {
		return nil, err
	}
	incs, listErr := s.List(ctx, Filter{Kind: []incident.Kind{incident.KindNormal}})
	if listErr != nil && !errors.Is(listErr, incident.ErrInvalid) {
		return nil, listErr
	}
	var pms []*postmortem.Postmortem
	var out []postmortem.Overdue
	errs := []error{listErr}
	for _, inc := range incs {
		pm, err := s.Postmortem(ctx, inc.ID)
		switch {
		case err == nil:
			pms = append(pms, pm)
			continue
		case errors.Is(err, postmortem.ErrInvalid):
			// A hand-broken post-mortem must not hide everything else.
			errs = append(errs, err)
			continue
		case !errors.Is(err, ErrNotFound):
			return nil, fmt.Errorf("store: overdue: %w", err)
		}
		// No post-mortem file: overdue when one is required, not waived,
		// and the deadline after resolution has passed.
		lvl, err := pol.Level(inc.Severity)
		resolved := inc.Milestones.Resolved
		if err != nil || !lvl.Targets.PostmortemRequired || resolved.IsZero() || inc.Postmortem.Status.Done() {
			continue
		}
		due := postmortem.DueAt(nil, resolved, lvl.Targets)
		if !now.After(due) {
			continue
		}
		var owners []string
		if c, ok := inc.Roles[incident.RoleCommander]; ok {
			owners = []string{c.String()}
		}
		out = append(out, postmortem.Overdue{IncidentID: inc.ID, Owners: owners, Due: due, Late: now.Sub(due)})
	}
	out = append(out, postmortem.FindOverdue(pms, incs, pol, now)...)
	postmortem.SortOverdue(out)
	return out, errors.Join(errs...)
}
