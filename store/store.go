// Package store defines how incidents and their post-mortems are kept: the
// [Store] interface with its contract, the errors every implementation
// returns, and optional capabilities (history, sync, review branches) reached
// through helper functions that return [errors.ErrUnsupported] when a store
// lacks them, the way [io/fs.Stat] works for file systems.
//
// Implementations live in subpackages named for what they wrap:
// store/gitstore keeps every record in a Git repository, store/memstore in
// memory. store/storetest checks that an implementation honours the contract.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
)

// Errors returned by stores. Implementations wrap them with context
// ("gitstore: update INC-2026-0042: ..."); test with [errors.Is].
var (
	// ErrNotFound means no incident (or post-mortem) has the given ID.
	ErrNotFound = errors.New("store: not found")
	// ErrExist means an incident with the given ID already exists.
	ErrExist = errors.New("store: already exists")
	// ErrConflict means a write kept losing races with other writers and
	// gave up; nothing was written. Retrying later is safe.
	ErrConflict = errors.New("store: conflict")
)

// UpdateFunc changes an incident in place. at is the time of the write, read
// once from the store's clock; pass it to the incident's methods. The
// function may be called more than once: when another writer changed the
// incident first, the store calls it again on the fresh state, so it must
// derive everything from its arguments and not keep side effects. Returning
// an error abandons the write and the store returns that error.
type UpdateFunc func(inc *incident.Incident, at time.Time) error

// Reader is the read side of a [Store]: everything a status page, a report
// or a dashboard needs. Every Store is a Reader, and so is a [Snapshot] of a
// store's past.
type Reader interface {
	// Get returns the incident with the given ID, or an error matching
	// ErrNotFound. An earlier ID of a renumbered incident finds it too.
	// An incident whose stored form is invalid returns an error matching
	// incident.ErrInvalid that names the file, line and field.
	Get(ctx context.Context, id string) (*incident.Incident, error)

	// List returns the incidents matching f, most recently declared first
	// (ties broken by ID). Incidents whose stored form is invalid are not
	// skipped silently: List returns them in an error matching
	// incident.ErrInvalid along with every valid match.
	List(ctx context.Context, f Filter) ([]*incident.Incident, error)

	// Postmortem returns the post-mortem of the incident with the given ID,
	// or an error matching ErrNotFound when the incident has none.
	Postmortem(ctx context.Context, id string) (*postmortem.Postmortem, error)

	// Policy returns the severity policy the store validates against.
	Policy(ctx context.Context) (*severity.Policy, error)
}

// Store keeps incidents and their post-mortems.
//
// Every method takes a context and honours its cancellation before doing
// work that can block. Every write names the acting person, who becomes the
// author of the change in stores that keep history. Values returned are the
// caller's to change: a store never hands out its own copies.
//
// Implementations must be safe for concurrent use.
type Store interface {
	Reader

	// Create declares a new incident at the store's current time. The store
	// assigns d.ID when it is empty (the next free ID) and d.UID when it is
	// empty (a new ULID). It returns an error matching ErrExist when d.ID is
	// taken, incident.ErrInvalid when d is not acceptable (including a
	// severity the store's policy does not define), and the incident as
	// stored on success.
	Create(ctx context.Context, d incident.Declaration, by incident.Person) (*incident.Incident, error)

	// Update applies fn to the incident with the given ID and stores the
	// result as one change authored by by. When another writer changed the
	// store in between, fn is applied again to the fresh state (optimistic
	// concurrency), so concurrent updates never overwrite each other. If fn
	// makes no change, nothing is written. It returns the incident as stored,
	// an error matching ErrNotFound, the error fn returned, or ErrConflict
	// when it gave up after repeated races.
	Update(ctx context.Context, id string, by incident.Person, fn UpdateFunc) (*incident.Incident, error)

	// PutPostmortem stores pm as the post-mortem of incident pm.IncidentID,
	// which must exist, as one change authored by by.
	PutPostmortem(ctx context.Context, pm *postmortem.Postmortem, by incident.Person) error
}
