package gitstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
	"github.com/incidentkit/incidentkit/store"
)

var _ store.Snapshotter = (*Store)(nil)

// maxAncestry bounds the ~N suffix of a revision.
const maxAncestry = 1 << 20

// Snapshot returns the store as it was at revision rev: every incident,
// post-mortem and the policy as committed there. rev is one of
//
//   - a full commit hash;
//   - an abbreviated commit hash of at least 4 hex digits, found among the
//     ancestors of the store's branch (an error when it is ambiguous);
//   - "HEAD", meaning the tip of the store's branch;
//   - a branch name ("main", "incidentkit/postmortem/INC-2026-0001") or a
//     full ref name ("refs/heads/main", "refs/tags/q3-review");
//
// each optionally followed by ~N (or ~, meaning ~1): the Nth first-parent
// ancestor, as in git. It returns an error matching [store.ErrNotFound]
// when rev names nothing.
//
// The snapshot is immutable: it keeps reading the same commit however the
// branch moves on.
func (s *Store) Snapshot(ctx context.Context, rev string) (*store.Snapshot, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c, err := s.resolve(ctx, rev)
	if err != nil {
		return nil, fmt.Errorf("gitstore: state at %q: %w", rev, err)
	}
	n, err := s.commitInfo(c) // cached: resolve has read it
	if err != nil {
		return nil, fmt.Errorf("gitstore: state at %q: %w", rev, err)
	}
	s.mu.Lock()
	prev := s.snap
	s.mu.Unlock()
	snap := prev
	if prev == nil || prev.commit != c {
		if snap, err = s.buildSnapshot(c, prev); err != nil {
			return nil, fmt.Errorf("gitstore: state at %q: %w", rev, err)
		}
	}
	return &store.Snapshot{
		Reader:   view{s, snap},
		Revision: c.String(),
		At:       time.Unix(n.when, 0).UTC(), // commit time; git keeps seconds
	}, nil
}

// resolve finds the commit that rev names (see Snapshot).
func (s *Store) resolve(ctx context.Context, rev string) (plumbing.Hash, error) {
	base, steps, err := splitAncestry(rev)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	c, err := s.resolveBase(ctx, base)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	for i := 0; i < steps; i++ {
		if err := ctx.Err(); err != nil {
			return plumbing.ZeroHash, err
		}
		n, err := s.commitInfo(c)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		if len(n.parents) == 0 {
			return plumbing.ZeroHash, fmt.Errorf("%s has only %d ancestors: %w", base, i, store.ErrNotFound)
		}
		c = n.parents[0]
	}
	return c, nil
}

// splitAncestry splits "base~N~M" into base and N+M.
func splitAncestry(rev string) (base string, steps int, err error) {
	base, rest, _ := strings.Cut(rev, "~")
	if base == "" {
		return "", 0, errors.New("empty revision")
	}
	if rev == base {
		return base, 0, nil
	}
	for _, part := range strings.Split(rest, "~") {
		n := 1
		if part != "" {
			if n, err = strconv.Atoi(part); err != nil || n < 0 || strings.HasPrefix(part, "+") {
				return "", 0, fmt.Errorf("malformed ancestry %q", "~"+part)
			}
		}
		if steps += n; steps > maxAncestry {
			return "", 0, fmt.Errorf("ancestry over %d", maxAncestry)
		}
	}
	return base, steps, nil
}

// resolveBase finds the commit that a hash, abbreviated hash or ref names.
func (s *Store) resolveBase(ctx context.Context, base string) (plumbing.Hash, error) {
	if h, ok := fromHex(base); ok && len(base) == 40 {
		if _, err := s.commitInfo(h); err != nil {
			if errors.Is(err, plumbing.ErrObjectNotFound) {
				return plumbing.ZeroHash, fmt.Errorf("no commit %s: %w", base, store.ErrNotFound)
			}
			return plumbing.ZeroHash, err
		}
		return h, nil
	}
	var names []plumbing.ReferenceName
	switch {
	case base == "HEAD":
		names = []plumbing.ReferenceName{s.ref}
	case strings.HasPrefix(base, "refs/"):
		names = []plumbing.ReferenceName{plumbing.ReferenceName(base)}
	default:
		names = []plumbing.ReferenceName{plumbing.NewBranchReferenceName(base), plumbing.NewTagReferenceName(base)}
	}
	for _, name := range names {
		if validRefName(name) != nil {
			continue
		}
		h, err := s.r.readRef(name)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		if !h.IsZero() {
			if _, err := s.commitInfo(h); err != nil {
				return plumbing.ZeroHash, fmt.Errorf("%s: %w", name, err)
			}
			return h, nil
		}
	}
	if len(base) >= 4 && isHex(base) {
		return s.abbreviated(ctx, strings.ToLower(base))
	}
	return plumbing.ZeroHash, fmt.Errorf("no commit, branch or ref %q: %w", base, store.ErrNotFound)
}

// abbreviated finds the one commit among the ancestors of the store's
// branch whose hash starts with prefix.
func (s *Store) abbreviated(ctx context.Context, prefix string) (plumbing.Hash, error) {
	tip, err := s.r.readRef(s.ref)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	var found plumbing.Hash
	seen := map[plumbing.Hash]bool{}
	queue := []plumbing.Hash{tip}
	for len(queue) > 0 {
		if err := ctx.Err(); err != nil {
			return plumbing.ZeroHash, err
		}
		h := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		if h.IsZero() || seen[h] {
			continue
		}
		seen[h] = true
		if strings.HasPrefix(h.String(), prefix) {
			if !found.IsZero() {
				return plumbing.ZeroHash, fmt.Errorf("ambiguous abbreviated hash %s: %s and %s", prefix, found, h)
			}
			found = h
		}
		n, err := s.commitInfo(h)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		queue = append(queue, n.parents...)
	}
	if found.IsZero() {
		return plumbing.ZeroHash, fmt.Errorf("no commit %s in the history of %s: %w", prefix, s.ref.Short(), store.ErrNotFound)
	}
	return found, nil
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// view reads one snapshot of the store: the [store.Reader] of a
// [store.Snapshot].
type view struct {
	s    *Store
	snap *snapshot
}

// Get returns the incident with the given ID as of the snapshot.
func (v view) Get(ctx context.Context, id string) (*incident.Incident, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return v.s.getCopy(v.snap, id)
}

// List returns the incidents of the snapshot matching f.
func (v view) List(ctx context.Context, f store.Filter) ([]*incident.Incident, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return v.s.listIn(ctx, v.snap, f)
}

// Postmortem returns the post-mortem of incident id as of the snapshot.
func (v view) Postmortem(ctx context.Context, id string) (*postmortem.Postmortem, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return v.s.postmortemAt(v.snap, id)
}

// Policy returns the severity policy as of the snapshot.
func (v view) Policy(ctx context.Context) (*severity.Policy, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return v.s.policyIn(v.snap)
}

// PostmortemFile returns the path and bytes of the post-mortem of incident
// id as of the snapshot.
func (v view) PostmortemFile(ctx context.Context, id string) (string, []byte, error) {
	if err := ctx.Err(); err != nil {
		return "", nil, err
	}
	return v.s.postmortemFileAt(v.snap, id)
}
