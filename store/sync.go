package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/incidentkit/incidentkit/incident"
)

// SyncOptions say which remote a [Syncer] exchanges changes with, and how.
type SyncOptions struct {
	// Remote names the remote in messages and in the store's record of
	// what it last saw there. Default "origin".
	Remote string
	// URL locates the remote: a local path, file://, git:// or http(s)://
	// (ssh:// and scp-like addresses go through go-git's SSH client and the
	// SSH agent; they are not tested here). Credentials do not belong in
	// it: use Username, Password or Token. Empty means the URL the
	// repository's config gives the remote (git's remote.<name>.url, which
	// gitstore.Clone records).
	URL string
	// Branch is the branch on the remote. Default: the store's own branch.
	Branch string

	// Username and Password authenticate over HTTP(S) with basic auth.
	Username, Password string
	// Token authenticates over HTTP(S) as a bearer token. For hosts that
	// take a token as a basic-auth password (GitHub, GitLab), set Username
	// and Password instead.
	Token string

	// Timeout bounds the whole sync; zero means only ctx bounds it.
	Timeout time.Duration

	// By is the person syncing: the author of merge commits and the actor
	// of the timeline events a merge records. Default: the store's
	// committer identity.
	By incident.Person
}

// SyncResult says what a sync did.
type SyncResult struct {
	// Before and After are the local branch tip before and after the sync
	// (commit IDs; empty for an empty branch).
	Before, After string
	// FastForward reports that the local branch took the remote's history
	// as it was; Merged that a merge commit joined both.
	FastForward, Merged bool
	// Pushed reports that the remote branch was moved to After.
	Pushed bool
	// Attempts counts rounds of fetch, merge and push: more than one means
	// another clone pushed first and the sync merged again.
	Attempts int
	// Review lists what a person should check: merges that could not keep
	// both sides' text apart (conflict markers) or that chose between
	// values. Each entry names the file.
	Review []string
	// Renumbered lists incidents that received a new ID because another
	// clone declared a different incident under the same ID.
	Renumbered []Renumbering
}

// Renumbering is an incident moved to a new ID by a sync. The old ID stays
// in the incident's aliases.
type Renumbering struct {
	UID      string
	From, To string
}

// Syncer is implemented by stores whose records can be exchanged with
// other copies through a shared remote. Reach it through [Sync].
type Syncer interface {
	// Sync brings the store and the remote to the same state: it fetches
	// the remote branch, merges it with the local one (fast-forwarding
	// when only one side moved) and pushes the result, merging again when
	// another copy pushed first. Nothing acknowledged on either side is
	// lost. On error the local branch is unchanged or holds a merge that a
	// later Sync pushes.
	Sync(ctx context.Context, opts SyncOptions) (SyncResult, error)
}

// Sync calls s's Sync, or returns an error matching [errors.ErrUnsupported]
// when s cannot sync (s is not a [Syncer]).
func Sync(ctx context.Context, s Store, opts SyncOptions) (SyncResult, error) {
	sy, ok := s.(Syncer)
	if !ok {
		return SyncResult{}, fmt.Errorf("store: sync: %T cannot sync: %w", s, errors.ErrUnsupported)
	}
	return sy.Sync(ctx, opts)
}
