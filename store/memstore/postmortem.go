package memstore

import (
	"context"
	"fmt"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/store"
)

// postmortemFile names the post-mortem of incident id in parse errors, as
// its file in a repository would.
func postmortemFile(id string) string { return id + "/postmortem.md" }

// Postmortem returns the post-mortem of the incident with the given ID or
// alias, parsed from its stored Markdown. See [store.Store.Postmortem].
func (s *Store) Postmortem(ctx context.Context, id string) (*postmortem.Postmortem, error) {
	if err := s.acquire(ctx, "post-mortem of "+id); err != nil {
		return nil, err
	}
	r, ok := s.find(id)
	var data []byte
	var canon string
	if ok {
		data, canon = r.postmortem, r.current().ID
	}
	s.release()
	if data == nil {
		return nil, fmt.Errorf("memstore: post-mortem of %s: %w", id, store.ErrNotFound)
	}
	pm, err := postmortem.Parse(postmortemFile(canon), data)
	if err != nil {
		return nil, fmt.Errorf("memstore: post-mortem of %s: %w", id, err)
	}
	return pm, nil
}

// PutPostmortem renders pm to Markdown and stores it as the post-mortem of
// incident pm.IncidentID. See [store.Store.PutPostmortem]. The rendered
// Markdown must parse back, as it would have to in a repository.
func (s *Store) PutPostmortem(ctx context.Context, pm *postmortem.Postmortem, by incident.Person) error {
	if pm == nil {
		return fmt.Errorf("memstore: put post-mortem: %w: nil post-mortem", incident.ErrInvalid)
	}
	id := pm.IncidentID
	fail := func(err error) error { return fmt.Errorf("memstore: put post-mortem of %s: %w", id, err) }
	if err := incident.CheckID(id); err != nil {
		return fail(err)
	}
	if err := by.Validate(); err != nil {
		return fail(err)
	}
	// Checked before taking the store's lock: parsing can take a while,
	// and every other read and write waits for the lock.
	data := postmortem.Render(pm)
	if _, err := postmortem.Parse(postmortemFile(id), data); err != nil {
		return fail(err)
	}
	if err := s.acquire(ctx, "put post-mortem of "+id); err != nil {
		return err
	}
	defer s.release()
	r, ok := s.find(id)
	if !ok {
		return fail(store.ErrNotFound)
	}
	r.postmortem = data
	return nil
}
