package gitstore

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/oklog/ulid/v2"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/internal/diag"
	"github.com/incidentkit/incidentkit/store"
)

// Create declares a new incident as one commit authored by by.
func (s *Store) Create(ctx context.Context, d incident.Declaration, by incident.Person) (*incident.Incident, error) {
	if err := by.Validate(); err != nil {
		return nil, fmt.Errorf("gitstore: create: %w", err)
	}
	if d.ID != "" {
		if err := incident.CheckID(d.ID); err != nil {
			return nil, fmt.Errorf("gitstore: create: %w", err)
		}
	}
	at := s.now()
	if d.UID == "" {
		uid, err := ulid.New(ulid.Timestamp(at), rand.Reader)
		if err != nil {
			return nil, fmt.Errorf("gitstore: create: %w", err)
		}
		d.UID = uid.String()
	}
	var created *incident.Incident
	_, err := s.write(ctx, s.ref, "create", by, at, func(snap *snapshot) (*plan, error) {
		decl := d
		if decl.ID == "" {
			decl.ID = snap.idx.nextID(s.opts.IDPrefix, at.Year())
		} else if _, _, ok := snap.idx.find(decl.ID); ok {
			return nil, fmt.Errorf("%s: %w", decl.ID, store.ErrExist)
		}
		inc, err := incident.New(decl, by, at)
		if err != nil {
			return nil, err
		}
		if err := s.checkSeverity(snap, inc); err != nil {
			return nil, err
		}
		data, err := incident.Format(inc)
		if err != nil {
			return nil, err
		}
		created = inc
		return &plan{changes: []change{{Path: incidentDir(inc.ID, at) + "/" + incidentFile, Data: data}},
			message: withTrailer(store.Describe(nil, inc), inc.ID)}, nil
	})
	if errors.Is(err, ErrWorktree) {
		return created, fmt.Errorf("gitstore: create %s: %w", created.ID, err) // committed: do not retry
	}
	if err != nil {
		return nil, fmt.Errorf("gitstore: create: %w", err)
	}
	return created, nil
}

// checkSeverity checks inc's severity against the policy committed in snap.
func (s *Store) checkSeverity(snap *snapshot, inc *incident.Incident) error {
	pol, err := s.policyAt(snap)
	if err != nil {
		return err
	}
	if _, err := pol.Level(inc.Severity); err != nil {
		return fmt.Errorf("%w: severity: %w", incident.ErrInvalid, err)
	}
	return nil
}

// Get returns the incident with the given ID.
func (s *Store) Get(ctx context.Context, id string) (*incident.Incident, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	snap, err := s.current()
	if err != nil {
		return nil, fmt.Errorf("gitstore: get %s: %w", id, err)
	}
	return s.getCopy(snap, id)
}

// getCopy returns the caller's copy of incident id in snap.
func (s *Store) getCopy(snap *snapshot, id string) (*incident.Incident, error) {
	inc, err := s.getIn(snap, id)
	if err != nil {
		return nil, fmt.Errorf("gitstore: get %s: %w", id, err)
	}
	return inc.Clone(), nil
}

// getIn returns the (shared, cached) incident id in snap.
func (s *Store) getIn(snap *snapshot, id string) (*incident.Incident, error) {
	dir, tree, err := s.locate(snap, id)
	if err != nil {
		return nil, err
	}
	return s.loadIncident(dir, tree)
}

// Update applies fn to incident id and commits the result, re-applying fn
// when the branch moved in between.
func (s *Store) Update(ctx context.Context, id string, by incident.Person, fn store.UpdateFunc) (*incident.Incident, error) {
	if err := by.Validate(); err != nil {
		return nil, fmt.Errorf("gitstore: update %s: %w", id, err)
	}
	at := s.now()
	var result *incident.Incident
	_, err := s.write(ctx, s.ref, "update "+id, by, at, func(snap *snapshot) (*plan, error) {
		dir, tree, err := s.locate(snap, id)
		if err != nil {
			return nil, err
		}
		before, err := s.loadIncident(dir, tree)
		if err != nil {
			return nil, err
		}
		after := before.Clone()
		if err := fn(after, at); err != nil {
			return nil, err
		}
		if after.ID != before.ID || after.UID != before.UID {
			return nil, fmt.Errorf("%w: an update cannot change the id or uid", incident.ErrInvalid)
		}
		if !after.Milestones.Declared.Equal(before.Milestones.Declared) {
			return nil, fmt.Errorf("%w: an update cannot change the declaration time", incident.ErrInvalid)
		}
		if after.Severity != before.Severity {
			if err := s.checkSeverity(snap, after); err != nil {
				return nil, err
			}
		}
		data, err := incident.Format(after)
		if err != nil {
			return nil, err
		}
		result = after
		h, _, err := s.lookup(tree, incidentFile)
		if err != nil {
			return nil, err
		}
		if h == plumbing.ComputeHash(plumbing.BlobObject, data) {
			return nil, nil // fn changed nothing: no commit
		}
		return &plan{changes: []change{{Path: dir + "/" + incidentFile, Data: data}},
			message: withTrailer(store.Describe(before, after), before.ID)}, nil
	})
	if errors.Is(err, ErrWorktree) {
		return result, fmt.Errorf("gitstore: update %s: %w", id, err) // committed: do not retry
	}
	if err != nil {
		return nil, fmt.Errorf("gitstore: update %s: %w", id, err)
	}
	return result, nil
}

// List returns the incidents matching f, most recently declared first.
// Incident files that do not parse are reported together in one error
// matching incident.ErrInvalid, returned with every valid match.
func (s *Store) List(ctx context.Context, f store.Filter) ([]*incident.Incident, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	snap, err := s.current()
	if err != nil {
		return nil, fmt.Errorf("gitstore: list: %w", err)
	}
	return s.listIn(ctx, snap, f)
}

// listIn returns the caller's copies of the incidents of snap matching f.
func (s *Store) listIn(ctx context.Context, snap *snapshot, f store.Filter) ([]*incident.Incident, error) {
	incs, err := s.allCached(ctx, snap)
	var out []*incident.Incident
	for _, inc := range incs {
		if f.Match(inc) {
			out = append(out, inc)
		}
	}
	store.Sort(out)
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	for i, inc := range out {
		out[i] = inc.Clone()
	}
	if err != nil {
		return out, fmt.Errorf("gitstore: list: %w", err)
	}
	return out, nil
}

// allCached returns every incident of snap, decoding them the first time
// an index is asked. Only complete results are kept (a cancelled or failed
// read is not); files that do not parse are part of a complete result.
func (s *Store) allCached(ctx context.Context, snap *snapshot) ([]*incident.Incident, error) {
	ix := snap.idx
	ix.mu.Lock()
	if ix.loaded {
		defer ix.mu.Unlock()
		return ix.all, ix.allErr
	}
	ix.mu.Unlock()
	incs, err := s.all(ctx, snap)
	if err == nil || errors.Is(err, incident.ErrInvalid) && ctx.Err() == nil {
		ix.mu.Lock()
		ix.all, ix.allErr, ix.loaded = incs, err, true
		ix.mu.Unlock()
	}
	return incs, err
}

// all decodes every incident of snap (cached ones are free), spreading the
// decoding over the available CPUs. The incidents returned are shared.
func (s *Store) all(ctx context.Context, snap *snapshot) ([]*incident.Incident, error) {
	type job struct {
		dir  string
		tree plumbing.Hash
	}
	jobs := make([]job, 0, snap.idx.count())
	for _, m := range snap.idx.months {
		for id, h := range m.entries {
			jobs = append(jobs, job{m.dir + "/" + id, h})
		}
	}
	out := make([]*incident.Incident, len(jobs))
	errs := make([]error, len(jobs))
	workers := min(runtime.GOMAXPROCS(0), 8)
	var next sync.Mutex
	i := 0
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				next.Lock()
				k := i
				i++
				next.Unlock()
				if k >= len(jobs) || ctx.Err() != nil {
					return
				}
				out[k], errs[k] = s.loadIncident(jobs[k].dir, jobs[k].tree)
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var problems []incident.Problem
	var other []error
	valid := out[:0]
	for k, inc := range out {
		var ie *incident.InvalidError
		switch {
		case errs[k] == nil:
			valid = append(valid, inc)
		case errors.As(errs[k], &ie):
			problems = append(problems, ie.Problems...)
		default:
			other = append(other, errs[k])
		}
	}
	if len(other) > 0 {
		return valid, errors.Join(other...)
	}
	if len(problems) > 0 {
		diag.Sort(problems)
		return valid, &incident.InvalidError{Kind: incident.ErrInvalid, Problems: problems}
	}
	return valid, nil
}
