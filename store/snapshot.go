package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Snapshot is a read-only view of a store's whole state as it was at one
// revision: every incident, post-mortem and the policy as of that change.
// Reports and status pages built from a Snapshot show the past exactly as it
// was recorded, not as it is remembered.
type Snapshot struct {
	Reader             // reads as of the revision
	Revision string    // the revision's full ID (a commit hash in gitstore)
	At       time.Time // when the revision was made (its commit time), UTC
}

// Snapshotter is implemented by stores that can show their whole state at
// a past revision. Reach it through [At].
type Snapshotter interface {
	// Snapshot returns the store as of revision rev, or an error matching
	// ErrNotFound when there is no such revision.
	Snapshot(ctx context.Context, rev string) (*Snapshot, error)
}

// At returns the store as it was at revision rev. What a revision is
// depends on the store: gitstore accepts a full or abbreviated commit hash
// of the store's branch or a branch or ref name, each optionally followed
// by ~N (the Nth first-parent ancestor), as git does. It returns an error
// matching [ErrNotFound] for an unknown revision and one matching
// [errors.ErrUnsupported] when s keeps no history (s is not a
// [Snapshotter]).
func At(ctx context.Context, s Store, rev string) (*Snapshot, error) {
	sn, ok := s.(Snapshotter)
	if !ok {
		return nil, fmt.Errorf("store: state at %s: %w", rev, errors.ErrUnsupported)
	}
	return sn.Snapshot(ctx, rev)
}
