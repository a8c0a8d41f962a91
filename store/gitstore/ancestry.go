package gitstore

import (
	"context"

	"github.com/go-git/go-git/v5/plumbing"
)

// ancestors returns every commit reachable from tip (tip included).
func (s *Store) ancestors(ctx context.Context, tip plumbing.Hash) (map[plumbing.Hash]bool, error) {
	seen := map[plumbing.Hash]bool{}
	queue := []plumbing.Hash{tip}
	for len(queue) > 0 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		h := queue[0]
		queue = queue[1:]
		if h.IsZero() || seen[h] {
			continue
		}
		seen[h] = true
		c, err := s.r.readCommit(h)
		if err != nil {
			return nil, err
		}
		queue = append(queue, c.ParentHashes...)
	}
	return seen, nil
}

// mergeBase returns a best common ancestor of a and b: a common ancestor
// that is not an ancestor of another common ancestor (the one git merge
// would use when there is only one, the usual case for incident
// repositories), or the zero hash when the histories share nothing.
func (s *Store) mergeBase(ctx context.Context, a, b plumbing.Hash) (plumbing.Hash, error) {
	ofA, err := s.ancestors(ctx, a)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if ofA[b] {
		return b, nil
	}
	// Walk b's history breadth first; the common ancestors found first are
	// the candidates. Keep those that no other candidate descends from.
	var common []plumbing.Hash
	seen := map[plumbing.Hash]bool{}
	queue := []plumbing.Hash{b}
	for len(queue) > 0 {
		if err := ctx.Err(); err != nil {
			return plumbing.ZeroHash, err
		}
		h := queue[0]
		queue = queue[1:]
		if h.IsZero() || seen[h] {
			continue
		}
		seen[h] = true
		if ofA[h] {
			common = append(common, h)
			continue // its ancestors are common too, and worse
		}
		c, err := s.r.readCommit(h)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		queue = append(queue, c.ParentHashes...)
	}
	if len(common) <= 1 {
		if len(common) == 0 {
			return plumbing.ZeroHash, nil
		}
		return common[0], nil
	}
	for _, c := range common {
		best := true
		for _, d := range common {
			if d == c {
				continue
			}
			ofD, err := s.ancestors(ctx, d)
			if err != nil {
				return plumbing.ZeroHash, err
			}
			if ofD[c] {
				best = false
				break
			}
		}
		if best {
			return c, nil
		}
	}
	return common[0], nil
}

// isAncestor reports whether a is reachable from b (or equal to it).
func (s *Store) isAncestor(ctx context.Context, a, b plumbing.Hash) (bool, error) {
	if a == b {
		return true, nil
	}
	ofB, err := s.ancestors(ctx, b)
	if err != nil {
		return false, err
	}
	return ofB[a], nil
}
