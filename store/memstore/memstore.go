// Package memstore keeps incidents in memory. It implements [store.Store]
// and [store.Historian] for tests, examples and callers who need no
// persistence, and behaves like a file-backed store: values go in and come
// out as copies, times are kept in UTC to the second, post-mortems are kept
// as their rendered Markdown and parsed back, and every change to an
// incident is a revision with an author and a message built by
// [store.Describe]. Post-mortem writes are not revisions: PutPostmortem
// checks the acting person and replaces the document.
package memstore

import (
	"context"
	"crypto/rand"
	"fmt"
	"slices"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/severity"
	"github.com/incidentkit/incidentkit/store"
	"github.com/oklog/ulid/v2"
)

// Options configure a [Store]. A nil *Options, and every zero field, means
// the default.
type Options struct {
	// Now is the store's clock, read once per write. Default time.Now.
	Now func() time.Time
	// Policy is the severity policy incidents are checked against.
	// Default severity.Default(). The store keeps its own copy.
	Policy *severity.Policy
	// IDPrefix starts every ID the store assigns, as in INC-2026-0001.
	// Default "INC". It must be an upper-case letter followed by at most
	// 15 upper-case letters or digits, or Create fails with
	// incident.ErrInvalid when it assigns an ID.
	IDPrefix string
}

// Store is an in-memory [store.Store]. It is safe for concurrent use; writes
// are serialised, so Update applies its function exactly once. The function
// passed to Update must not call the store.
type Store struct {
	now    func() time.Time
	policy *severity.Policy
	prefix string

	// lock is a one-slot semaphore rather than a mutex so that waiting for
	// it honours context cancellation.
	lock      chan struct{}
	incidents map[string]*record // by ID
	aliases   map[string]string  // earlier ID -> ID
	seq       map[int]int        // last sequence number assigned, by year
	revs      int                // revisions made so far, for revision IDs
}

// record is everything kept about one incident.
type record struct {
	revs       []store.Revision // oldest first; the last holds the current state
	postmortem []byte           // rendered Markdown, nil when none
}

// current returns the stored incident (not a copy).
func (r *record) current() *incident.Incident { return r.revs[len(r.revs)-1].Incident }

var (
	_ store.Store     = (*Store)(nil)
	_ store.Historian = (*Store)(nil)
)

// New returns an empty store configured by opts (nil for defaults). The
// options are copied; later changes to opts or its policy do not affect the
// store.
func New(opts *Options) *Store {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Policy == nil {
		o.Policy = severity.Default()
	}
	if o.IDPrefix == "" {
		o.IDPrefix = "INC"
	}
	return &Store{
		now:       o.Now,
		policy:    o.Policy.Clone(),
		prefix:    o.IDPrefix,
		lock:      make(chan struct{}, 1),
		incidents: map[string]*record{},
		aliases:   map[string]string{},
		seq:       map[int]int{},
	}
}

// acquire takes the store's lock, or returns the context's error wrapped
// with op when ctx is done first.
func (s *Store) acquire(ctx context.Context, op string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memstore: %s: %w", op, err)
	}
	select {
	case s.lock <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("memstore: %s: %w", op, ctx.Err())
	}
	// Both cases may have been ready; a cancelled context always wins.
	if err := ctx.Err(); err != nil {
		s.release()
		return fmt.Errorf("memstore: %s: %w", op, err)
	}
	return nil
}

func (s *Store) release() { <-s.lock }

// clock reads the clock for one write: UTC, truncated to the second.
func (s *Store) clock() time.Time { return s.now().UTC().Truncate(time.Second) }

// find returns the record of the incident with the given ID or alias.
// The lock must be held.
func (s *Store) find(id string) (*record, bool) {
	if r, ok := s.incidents[id]; ok {
		return r, true
	}
	if r, ok := s.incidents[s.aliases[id]]; ok && slices.Contains(r.current().Aliases, id) {
		return r, true
	}
	return nil, false
}

// nextID returns the first free ID of the year of at. The lock must be held.
func (s *Store) nextID(at time.Time) string {
	y := at.Year()
	for {
		s.seq[y]++
		id := fmt.Sprintf("%s-%d-%04d", s.prefix, y, s.seq[y])
		if _, taken := s.find(id); !taken {
			return id
		}
	}
}

// newUID returns a new ULID stamped with at.
func newUID(at time.Time) (string, error) {
	u, err := ulid.New(ulid.Timestamp(at), rand.Reader)
	if err != nil {
		return "", err
	}
	return u.String(), nil
}

// commit records inc as a new revision of r (a new record when r is nil)
// and returns the stored value. The lock must be held.
func (s *Store) commit(r *record, inc *incident.Incident, by incident.Person, at time.Time) *incident.Incident {
	var before *incident.Incident
	if r == nil {
		r = &record{}
		s.incidents[inc.ID] = r
	} else {
		before = r.current()
	}
	for _, a := range inc.Aliases {
		s.aliases[a] = inc.ID
	}
	s.revs++
	r.revs = append(r.revs, store.Revision{
		ID:       fmt.Sprintf("r%d", s.revs),
		Author:   by,
		At:       at,
		Message:  store.Describe(before, inc),
		Incident: inc,
	})
	return inc
}

// checkSeverity checks that the policy defines level.
func (s *Store) checkSeverity(level string) error {
	if _, err := s.policy.Level(level); err != nil {
		return fmt.Errorf("%w: severity: %w", incident.ErrInvalid, err)
	}
	return nil
}

// Create declares a new incident at the store's current time. See
// [store.Store.Create]. Assigned IDs are the prefix, the year of the
// declaration and a sequence number per year: INC-2026-0001.
func (s *Store) Create(ctx context.Context, d incident.Declaration, by incident.Person) (*incident.Incident, error) {
	if err := s.acquire(ctx, "create"); err != nil {
		return nil, err
	}
	defer s.release()
	at := s.clock()
	fail := func(err error) (*incident.Incident, error) {
		if d.ID == "" {
			return nil, fmt.Errorf("memstore: create: %w", err)
		}
		return nil, fmt.Errorf("memstore: create %s: %w", d.ID, err)
	}
	if err := s.checkSeverity(d.Severity); err != nil {
		return fail(err)
	}
	if d.ID != "" {
		if err := incident.CheckID(d.ID); err != nil {
			return fail(err)
		}
		if _, taken := s.find(d.ID); taken {
			return fail(store.ErrExist)
		}
	}
	if d.UID != "" {
		for _, r := range s.incidents {
			if r.current().UID == d.UID {
				return fail(fmt.Errorf("uid %s: %w", d.UID, store.ErrExist))
			}
		}
	}
	inc, err := incident.New(d, by, at)
	if err != nil {
		return fail(err)
	}
	if inc.ID == "" {
		inc.ID = s.nextID(at)
		if err := incident.CheckID(inc.ID); err != nil {
			return fail(err)
		}
	}
	if inc.UID == "" {
		if inc.UID, err = newUID(at); err != nil {
			return fail(err)
		}
	}
	normalize(inc)
	if err := inc.Validate(); err != nil {
		return fail(err)
	}
	return s.commit(nil, inc, by, at).Clone(), nil
}

// Get returns a copy of the incident with the given ID or alias. See
// [store.Store.Get].
func (s *Store) Get(ctx context.Context, id string) (*incident.Incident, error) {
	if err := s.acquire(ctx, "get "+id); err != nil {
		return nil, err
	}
	defer s.release()
	r, ok := s.find(id)
	if !ok {
		return nil, fmt.Errorf("memstore: get %s: %w", id, store.ErrNotFound)
	}
	return r.current().Clone(), nil
}

// List returns copies of the incidents matching f, most recently declared
// first. See [store.Store.List].
func (s *Store) List(ctx context.Context, f store.Filter) ([]*incident.Incident, error) {
	if err := s.acquire(ctx, "list"); err != nil {
		return nil, err
	}
	defer s.release()
	var incs []*incident.Incident
	for _, r := range s.incidents {
		if inc := r.current(); f.Match(inc) {
			incs = append(incs, inc)
		}
	}
	store.Sort(incs)
	if f.Limit > 0 && len(incs) > f.Limit {
		incs = incs[:f.Limit]
	}
	for i, inc := range incs {
		incs[i] = inc.Clone()
	}
	return incs, nil
}

// Policy returns a copy of the store's severity policy.
func (s *Store) Policy(ctx context.Context) (*severity.Policy, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("memstore: policy: %w", err)
	}
	return s.policy.Clone(), nil
}

// History returns every revision of the incident with the given ID or
// alias, oldest first, as copies. See [store.Historian].
func (s *Store) History(ctx context.Context, id string) ([]store.Revision, error) {
	if err := s.acquire(ctx, "history of "+id); err != nil {
		return nil, err
	}
	defer s.release()
	r, ok := s.find(id)
	if !ok {
		return nil, fmt.Errorf("memstore: history of %s: %w", id, store.ErrNotFound)
	}
	revs := slices.Clone(r.revs)
	for i := range revs {
		revs[i].Incident = revs[i].Incident.Clone()
	}
	return revs, nil
}
