package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/incidentkit/incidentkit/incident"
)

// Revision is one stored state of an incident: the state after a change,
// who made the change, when, and the message describing it.
type Revision struct {
	ID      string          // identifies the change: a commit hash in gitstore, "r1", "r2", ... in memstore
	Author  incident.Person // the acting person
	At      time.Time       // time of the write (UTC, seconds)
	Message string          // what changed, as built by [Describe]
	// Incident is the incident as stored by this change.
	Incident *incident.Incident
}

// Historian is implemented by stores that keep every state of an incident.
// Reach it through [History], [AsOf], [AtRevision] and [FieldHistory].
type Historian interface {
	// History returns every revision of the incident with the given ID,
	// oldest first, or an error matching ErrNotFound. Revisions whose
	// stored form is invalid (a bad hand edit, perhaps fixed since) are
	// left out and reported in an error matching incident.ErrInvalid,
	// returned with every valid revision, as List does.
	History(ctx context.Context, id string) ([]Revision, error)
}

// History returns every revision of the incident with the given ID, oldest
// first. It returns an error matching [ErrNotFound] when there is no such
// incident, and one matching [errors.ErrUnsupported] when s keeps no history
// (s is not a [Historian]). Invalid revisions are reported in an error
// matching incident.ErrInvalid along with the valid ones (see
// [Historian]).
func History(ctx context.Context, s Store, id string) ([]Revision, error) {
	h, ok := s.(Historian)
	if !ok {
		return nil, fmt.Errorf("store: history of %s: %w", id, errors.ErrUnsupported)
	}
	return h.History(ctx, id)
}

// asOfer is the native form of [AsOf].
type asOfer interface {
	AsOf(ctx context.Context, id string, t time.Time) (*incident.Incident, error)
}

// AsOf returns the incident with the given ID as it was at time t: the
// state stored by its last revision at or before t. It returns an error
// matching [ErrNotFound] when the incident does not exist or did not exist
// yet at t, and one matching [errors.ErrUnsupported] when s keeps no history.
//
// When s has a method AsOf with the same signature (a faster native way),
// AsOf calls it; otherwise it searches the result of [History], and fails
// with History's error when any revision is invalid: which state was
// current at t cannot be known then.
func AsOf(ctx context.Context, s Store, id string, t time.Time) (*incident.Incident, error) {
	if a, ok := s.(asOfer); ok {
		return a.AsOf(ctx, id, t)
	}
	revs, err := History(ctx, s, id)
	if err != nil {
		return nil, err
	}
	var found *Revision
	for i := range revs {
		// Scan them all: a store's clock may have stepped back.
		if !revs[i].At.After(t) {
			found = &revs[i]
		}
	}
	if found == nil {
		return nil, fmt.Errorf("store: %s as of %s: %w", id, t.UTC().Format(time.RFC3339), ErrNotFound)
	}
	return found.Incident, nil
}

// atRevisioner is the native form of [AtRevision].
type atRevisioner interface {
	AtRevision(ctx context.Context, id, rev string) (*incident.Incident, error)
}

// AtRevision returns the incident with the given ID as stored by revision
// rev. rev is a [Revision.ID] or, when that is unambiguous, a prefix of one
// at least 4 characters long (as Git accepts abbreviated hashes). It returns
// an error matching [ErrNotFound] when the incident has no such revision,
// and one matching [errors.ErrUnsupported] when s keeps no history.
//
// When s has a method AtRevision with the same signature, AtRevision calls
// it; otherwise it searches the result of [History].
func AtRevision(ctx context.Context, s Store, id, rev string) (*incident.Incident, error) {
	if a, ok := s.(atRevisioner); ok {
		return a.AtRevision(ctx, id, rev)
	}
	revs, err := History(ctx, s, id)
	if err != nil && !errors.Is(err, incident.ErrInvalid) {
		return nil, err
	}
	invalid := err
	var found *Revision
	for i := range revs {
		if revs[i].ID == rev {
			return revs[i].Incident, nil
		}
		if len(rev) >= 4 && strings.HasPrefix(revs[i].ID, rev) {
			if found != nil && found.ID != revs[i].ID {
				return nil, fmt.Errorf("store: %s at revision %s: ambiguous, matches %s and %s", id, rev, found.ID, revs[i].ID)
			}
			found = &revs[i]
		}
	}
	if found == nil && invalid != nil {
		// It may be one of the invalid revisions: say what they are.
		return nil, invalid
	}
	if found == nil {
		return nil, fmt.Errorf("store: %s at revision %s: %w", id, rev, ErrNotFound)
	}
	return found.Incident, nil
}

// FieldChange is one change of one field of an incident, found by comparing
// consecutive revisions.
type FieldChange struct {
	Field    string          // the field, as named for [FieldHistory]
	From, To string          // the values before and after; empty when unset
	Revision string          // the [Revision.ID] that made the change
	Author   incident.Person // who made it
	At       time.Time       // when
}

// fieldHistorian is the native form of [FieldHistory].
type fieldHistorian interface {
	FieldHistory(ctx context.Context, id, field string) ([]FieldChange, error)
}

// FieldHistory answers "who changed this field, and when": it compares
// consecutive revisions of the incident and returns every change of field,
// oldest first. The revision that declared the incident counts as a change
// from "" when it set the field.
//
// Fields are named as in the incident file: title, summary, kind, severity,
// status, roles.<role>, impact.users_affected, impact.customers_affected,
// impact.customer_facing, impact.business, impact.components.<name>,
// labels, postmortem and milestones.<name> (impact_started, detected,
// declared, acknowledged, mitigated, resolved, closed). Values are written
// as in the file: people as "Name <email>", times in RFC 3339, labels joined
// by commas, the post-mortem by its status; counts of 0 (unknown) are empty.
//
// An unknown field returns an error matching [incident.ErrInvalid] that
// lists the known ones; invalid revisions are skipped and reported in an
// error matching incident.ErrInvalid returned with the changes; an unknown incident one matching [ErrNotFound]; a
// store without history one matching [errors.ErrUnsupported]. When s has a
// method FieldHistory with the same signature, FieldHistory calls it.
func FieldHistory(ctx context.Context, s Store, id, field string) ([]FieldChange, error) {
	get, err := fieldGetter(field)
	if err != nil {
		return nil, fmt.Errorf("store: field history of %s: %w", id, err)
	}
	if f, ok := s.(fieldHistorian); ok {
		return f.FieldHistory(ctx, id, field)
	}
	revs, err := History(ctx, s, id)
	if err != nil && !errors.Is(err, incident.ErrInvalid) {
		return nil, err
	}
	var changes []FieldChange
	prev := ""
	for _, r := range revs {
		if r.Incident == nil {
			continue
		}
		v := get(r.Incident)
		if v == prev {
			continue
		}
		changes = append(changes, FieldChange{Field: field, From: prev, To: v, Revision: r.ID, Author: r.Author, At: r.At})
		prev = v
	}
	// Invalid revisions: the changes of the valid ones, and the error.
	return changes, err
}
