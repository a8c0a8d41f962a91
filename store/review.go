package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
)

// Review is the state of a post-mortem under review on its own branch.
type Review struct {
	IncidentID string
	// Branch is the branch that carries the post-mortem under review, e.g.
	// "postmortem/INC-2026-0042": push it and open a pull request from it.
	Branch string
	// Head is the commit at the tip of Branch.
	Head string
	// Postmortem is the post-mortem as it stands on Branch.
	Postmortem *postmortem.Postmortem
	// Merged reports whether Branch is merged into the main branch, by
	// PublishPostmortem or by a pull request merged on the hosting side.
	Merged bool
}

// Reviewer is implemented by stores that review post-mortems the way a team
// reviews code: on a branch of their own, merged when approved.
type Reviewer interface {
	// ProposePostmortem puts pm, with status in review, on the review
	// branch of its incident (creating the branch from the main branch
	// when it does not exist), as one commit authored by by, and records
	// on the incident that its post-mortem is in review.
	ProposePostmortem(ctx context.Context, pm *postmortem.Postmortem, by incident.Person) (*Review, error)

	// ApprovePostmortem records by's approval on the review branch as one
	// commit. The post-mortem's status becomes approved.
	ApprovePostmortem(ctx context.Context, id string, by incident.Person) (*Review, error)

	// PublishPostmortem merges an approved review branch into the main
	// branch with a two-parent merge commit that also marks the
	// post-mortem and the incident published. When the branch was already
	// merged on the hosting side (and fetched), it records the publication
	// with an ordinary commit instead. Publishing a post-mortem nobody
	// approved returns an error matching incident.ErrTransition.
	PublishPostmortem(ctx context.Context, id string, by incident.Person) (*Review, error)

	// PostmortemReview returns the review of incident id, or an error
	// matching ErrNotFound when no review branch exists.
	PostmortemReview(ctx context.Context, id string) (*Review, error)
}

func reviewer(s Store, op string) (Reviewer, error) {
	r, ok := s.(Reviewer)
	if !ok {
		return nil, fmt.Errorf("store: %s: %T has no review branches: %w", op, s, errors.ErrUnsupported)
	}
	return r, nil
}

// ProposePostmortem calls s's ProposePostmortem, or returns an error
// matching [errors.ErrUnsupported] when s has no review branches.
func ProposePostmortem(ctx context.Context, s Store, pm *postmortem.Postmortem, by incident.Person) (*Review, error) {
	r, err := reviewer(s, "propose post-mortem")
	if err != nil {
		return nil, err
	}
	return r.ProposePostmortem(ctx, pm, by)
}

// ApprovePostmortem calls s's ApprovePostmortem, or returns an error
// matching [errors.ErrUnsupported].
func ApprovePostmortem(ctx context.Context, s Store, id string, by incident.Person) (*Review, error) {
	r, err := reviewer(s, "approve post-mortem")
	if err != nil {
		return nil, err
	}
	return r.ApprovePostmortem(ctx, id, by)
}

// PublishPostmortem calls s's PublishPostmortem, or returns an error
// matching [errors.ErrUnsupported].
func PublishPostmortem(ctx context.Context, s Store, id string, by incident.Person) (*Review, error) {
	r, err := reviewer(s, "publish post-mortem")
	if err != nil {
		return nil, err
	}
	return r.PublishPostmortem(ctx, id, by)
}

// PostmortemReview calls s's PostmortemReview, or returns an error matching
// [errors.ErrUnsupported].
func PostmortemReview(ctx context.Context, s Store, id string) (*Review, error) {
	r, err := reviewer(s, "post-mortem review")
	if err != nil {
		return nil, err
	}
	return r.PostmortemReview(ctx, id)
}
