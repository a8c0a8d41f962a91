package gitstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/store"
)

var _ store.Reviewer = (*Store)(nil)

// reviewBranch is the branch that carries the post-mortem of incident id
// under review.
func reviewBranch(id string) plumbing.ReferenceName {
	return plumbing.NewBranchReferenceName("postmortem/" + id)
}

// renderChecked renders pm and checks that it reads back, so that nothing
// is committed that would break later readers.
func renderChecked(pm *postmortem.Postmortem) ([]byte, error) {
	if err := pm.Validate(); err != nil {
		return nil, err
	}
	data := postmortem.Render(pm)
	if _, err := postmortem.Parse(pm.IncidentID+"/"+postmortemFile, data); err != nil {
		return nil, err
	}
	return data, nil
}

// postmortemIn returns the post-mortem of incident id in snap, and its path.
func (s *Store) postmortemIn(snap *snapshot, id string) (*postmortem.Postmortem, string, error) {
	dir, tree, ok := snap.idx.find(id)
	if !ok {
		return nil, "", fmt.Errorf("%s: %w", id, store.ErrNotFound)
	}
	p := dir + "/" + postmortemFile
	h, ok, err := s.lookup(tree, postmortemFile)
	if err != nil {
		return nil, "", err
	}
	if !ok {
		return nil, p, fmt.Errorf("%s: no post-mortem: %w", id, store.ErrNotFound)
	}
	data, err := s.r.readBlob(h)
	if err != nil {
		return nil, "", err
	}
	pm, err := postmortem.Parse(p, data)
	return pm, p, err
}

// ProposePostmortem puts pm, in review, on branch postmortem/<ID> (made from
// the store's branch when missing) as one commit, then records on the
// incident, on the store's branch, that its post-mortem is in review.
func (s *Store) ProposePostmortem(ctx context.Context, pm *postmortem.Postmortem, by incident.Person) (*store.Review, error) {
	if pm == nil {
		return nil, fmt.Errorf("gitstore: propose post-mortem: %w: nil post-mortem", incident.ErrInvalid)
	}
	id := pm.IncidentID
	fail := func(err error) (*store.Review, error) {
		return nil, fmt.Errorf("gitstore: propose post-mortem %s: %w", id, err)
	}
	if err := incident.CheckID(id); err != nil {
		return fail(err)
	}
	if err := by.Validate(); err != nil {
		return fail(err)
	}
	c := *pm
	c.Status = postmortem.StatusInReview
	// Approvals are given on the branch, by ApprovePostmortem, never brought
	// in with the document: a proposal (or a re-proposal after edits) starts
	// unapproved.
	c.Reviewers = make([]postmortem.Reviewer, len(pm.Reviewers))
	for i, r := range pm.Reviewers {
		c.Reviewers[i] = postmortem.Reviewer{Person: r.Person}
	}
	data, err := renderChecked(&c)
	if err != nil {
		return fail(err)
	}
	ref := reviewBranch(id)
	if err := s.startBranch(ctx, ref); err != nil {
		return fail(err)
	}
	at := s.now()
	if _, err := s.write(ctx, ref, "propose post-mortem "+id, by, at, func(snap *snapshot) (*plan, error) {
		return s.postmortemPlan(snap, id, data, id+": post-mortem proposed for review")
	}); err != nil {
		return fail(err)
	}
	if _, err := s.Update(ctx, id, by, func(inc *incident.Incident, at time.Time) error {
		if inc.Postmortem.Status.Done() {
			return nil
		}
		return inc.SetPostmortem(incident.PostmortemInReview, by, at)
	}); err != nil {
		return fail(err)
	}
	return s.PostmortemReview(ctx, id)
}

// startBranch creates branch ref at the tip of the store's branch unless it
// exists.
func (s *Store) startBranch(ctx context.Context, ref plumbing.ReferenceName) error {
	unlock, err := s.r.lockWrite(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	tip, err := s.r.readRef(ref)
	if err != nil || !tip.IsZero() {
		return err
	}
	main, err := s.r.readRef(s.ref)
	if err != nil {
		return err
	}
	if main.IsZero() {
		return fmt.Errorf("branch %s has no commits", s.opts.Branch)
	}
	return s.r.casRef(ref, plumbing.ZeroHash, main)
}

// ApprovePostmortem records by's approval on the review branch.
func (s *Store) ApprovePostmortem(ctx context.Context, id string, by incident.Person) (*store.Review, error) {
	fail := func(err error) (*store.Review, error) {
		return nil, fmt.Errorf("gitstore: approve post-mortem %s: %w", id, err)
	}
	if err := incident.CheckID(id); err != nil {
		return fail(err)
	}
	if err := by.Validate(); err != nil {
		return fail(err)
	}
	at := s.now()
	_, err := s.write(ctx, reviewBranch(id), "approve post-mortem "+id, by, at, func(snap *snapshot) (*plan, error) {
		if snap.commit.IsZero() {
			return nil, fmt.Errorf("no review branch: %w", store.ErrNotFound)
		}
		pm, _, err := s.postmortemIn(snap, id)
		if err != nil {
			return nil, err
		}
		if pm.Status == postmortem.StatusPublished {
			return nil, fmt.Errorf("%w: the post-mortem is already published", incident.ErrTransition)
		}
		found := false
		for i := range pm.Reviewers {
			if pm.Reviewers[i].Person.Name == by.Name && pm.Reviewers[i].Person.Email == by.Email {
				if !pm.Reviewers[i].Approved.IsZero() {
					return nil, nil // approved already
				}
				pm.Reviewers[i].Approved = at
				found = true
			}
		}
		if !found {
			pm.Reviewers = append(pm.Reviewers, postmortem.Reviewer{Person: by, Approved: at})
		}
		pm.Status = postmortem.StatusApproved
		data, err := renderChecked(pm)
		if err != nil {
			return nil, err
		}
		return s.postmortemPlan(snap, id, data, id+": post-mortem approved by "+by.Name)
	})
	if err != nil {
		return fail(err)
	}
	return s.PostmortemReview(ctx, id)
}

// PublishPostmortem merges the approved review branch into the store's
// branch with a merge commit that also marks the post-mortem and the
// incident published. If the branch was already merged (a pull request
// merged on the hosting side, then fetched), it records the publication
// with an ordinary commit.
func (s *Store) PublishPostmortem(ctx context.Context, id string, by incident.Person) (*store.Review, error) {
	fail := func(err error) (*store.Review, error) {
		return nil, fmt.Errorf("gitstore: publish post-mortem %s: %w", id, err)
	}
	if err := incident.CheckID(id); err != nil {
		return fail(err)
	}
	if err := by.Validate(); err != nil {
		return fail(err)
	}
	ref := reviewBranch(id)
	at := s.now()
	_, err := s.write(ctx, s.ref, "publish post-mortem "+id, by, at, func(main *snapshot) (*plan, error) {
		tip, err := s.r.readRef(ref)
		if err != nil {
			return nil, err
		}
		if tip.IsZero() {
			return nil, fmt.Errorf("no review branch %s: %w", ref.Short(), store.ErrNotFound)
		}
		branch, err := s.snapshotAt(tip)
		if err != nil {
			return nil, err
		}
		pm, _, err := s.postmortemIn(branch, id)
		if err != nil {
			return nil, err
		}
		if !approved(pm) {
			return nil, fmt.Errorf("%w: nobody has approved the post-mortem", incident.ErrTransition)
		}
		w, err := s.paint(ctx, main.commit, tip)
		if err != nil {
			return nil, err
		}
		merged := len(w.bases) > 0 && w.bases[0].hash == tip
		p := &plan{}
		var notes []string
		if !merged {
			var baseTree plumbing.Hash
			if len(w.bases) > 0 {
				baseTree = w.bases[0].tree
			}
			res, err := s.mergeTrees(baseTree, main.root, branch.root, s.fileResolver(by, at))
			if err != nil {
				return nil, err
			}
			p.changes, p.merge, notes = res.changes, tip, res.notes
			for _, n := range notes {
				if strings.HasPrefix(n, main.dirOf(id)+"/"+postmortemFile+": ") {
					// Publishing text with conflict markers in it would
					// publish a broken document: have it proposed again.
					return nil, fmt.Errorf("the post-mortem was also edited on %s and the edits overlap (%s); "+
						"propose it again from the current %s: %w", s.opts.Branch, n, s.opts.Branch, store.ErrConflict)
				}
			}
		}
		extra, err := s.publishChanges(main, p.changes, id, by, at)
		if err != nil {
			return nil, err
		}
		if len(extra) == 0 && p.merge.IsZero() {
			return nil, nil
		}
		p.changes = replaceChanges(p.changes, extra)
		var msg strings.Builder
		if merged {
			fmt.Fprintf(&msg, "%s: post-mortem published (merged as %s)\n", id, ref.Short())
		} else {
			fmt.Fprintf(&msg, "%s: post-mortem published\n\nMerge branch '%s'.\n", id, ref.Short())
		}
		for _, n := range notes {
			fmt.Fprintf(&msg, "\nMerge note: %s", n)
		}
		p.message = withTrailer(strings.TrimRight(msg.String(), "\n"), id)
		return p, nil
	})
	if err != nil {
		return fail(err)
	}
	return s.PostmortemReview(ctx, id)
}

func approved(pm *postmortem.Postmortem) bool {
	for _, r := range pm.Reviewers {
		if !r.Approved.IsZero() {
			return true
		}
	}
	return false
}

// publishChanges returns the changes that mark the post-mortem and the
// incident published, on top of main with changes applied.
func (s *Store) publishChanges(main *snapshot, changes []change, id string, by incident.Person, at time.Time) ([]change, error) {
	dir, tree, ok := main.idx.find(id)
	if !ok {
		return nil, fmt.Errorf("%s: %w", id, store.ErrNotFound)
	}
	current := func(name string) ([]byte, error) {
		for _, c := range changes {
			if c.Path == dir+"/"+name {
				return c.Data, nil
			}
		}
		h, ok, err := s.lookup(tree, name)
		if err != nil || !ok {
			return nil, err
		}
		return s.r.readBlob(h)
	}
	pmData, err := current(postmortemFile)
	if err != nil {
		return nil, err
	}
	if pmData == nil {
		return nil, fmt.Errorf("%s: the merge leaves no post-mortem", id)
	}
	pm, err := postmortem.Parse(dir+"/"+postmortemFile, pmData)
	if err != nil {
		return nil, err
	}
	if pm.Status == postmortem.StatusPublished && len(changes) == 0 {
		return nil, nil // published already: a repeated call writes nothing
	}
	pm.Status, pm.Published = postmortem.StatusPublished, at
	pmOut, err := renderChecked(pm)
	if err != nil {
		return nil, err
	}
	incData, err := current(incidentFile)
	if err != nil {
		return nil, err
	}
	inc, err := incident.Parse(dir+"/"+incidentFile, incData)
	if err != nil {
		return nil, err
	}
	if err := inc.SetPostmortem(incident.PostmortemPublished, by, at); err != nil {
		return nil, err
	}
	incOut, err := incident.Format(inc)
	if err != nil {
		return nil, err
	}
	return []change{{Path: dir + "/" + postmortemFile, Data: pmOut}, {Path: dir + "/" + incidentFile, Data: incOut}}, nil
}

// replaceChanges returns changes with each path in extra replaced or added.
func replaceChanges(changes, extra []change) []change {
	out := changes[:0:0]
	for _, c := range changes {
		keep := true
		for _, e := range extra {
			if e.Path == c.Path {
				keep = false
			}
		}
		if keep {
			out = append(out, c)
		}
	}
	return append(out, extra...)
}

// PostmortemReview returns the review of incident id: its branch, the
// post-mortem on it, and whether it is merged into the store's branch.
func (s *Store) PostmortemReview(ctx context.Context, id string) (*store.Review, error) {
	fail := func(err error) (*store.Review, error) {
		return nil, fmt.Errorf("gitstore: post-mortem review %s: %w", id, err)
	}
	if err := incident.CheckID(id); err != nil {
		return fail(err)
	}
	ref := reviewBranch(id)
	tip, err := s.r.readRef(ref)
	if err != nil {
		return fail(err)
	}
	if tip.IsZero() {
		return fail(fmt.Errorf("no review branch %s: %w", ref.Short(), store.ErrNotFound))
	}
	snap, err := s.snapshotAt(tip)
	if err != nil {
		return fail(err)
	}
	pm, _, err := s.postmortemIn(snap, id)
	if err != nil {
		return fail(err)
	}
	main, err := s.r.readRef(s.ref)
	if err != nil {
		return fail(err)
	}
	w, err := s.paint(ctx, main, tip)
	if err != nil {
		return fail(err)
	}
	merged := len(w.bases) > 0 && w.bases[0].hash == tip // the branch is in main's history
	return &store.Review{IncidentID: id, Branch: ref.Short(), Head: tip.String(), Postmortem: pm, Merged: merged}, nil
}
