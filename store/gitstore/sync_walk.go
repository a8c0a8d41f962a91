package gitstore

import (
	"container/heap"
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// walkNode is a commit met by paint.
type walkNode struct {
	hash    plumbing.Hash
	tree    plumbing.Hash
	parents []plumbing.Hash
	when    time.Time
	flags   uint8
}

const (
	flagOurs   = 1
	flagTheirs = 2
	flagStale  = 4
	flagResult = 8
)

// walkResult is what paint found about two commits.
type walkResult struct {
	// bases are the best common ancestors, newest first (usually one;
	// none when the histories are unrelated).
	bases []*walkNode
	// oursOnly are the commits reachable from ours and not from theirs.
	oursOnly []*walkNode
}

// paint walks the histories of ours and theirs together, newest commit
// first, as git's paint_down_to_common does: each commit is marked with the
// sides it is reachable from; a commit reachable from both is a merge-base
// candidate and marks its ancestors stale; the walk stops when only stale
// commits are queued. It reads the commits between the tips and their
// merge bases, not whole histories (go-git's Commit.MergeBase does).
//
// Like git, paint trusts commit times to order the walk. A clock skewed
// into the past can make it take a commit as ours only when theirs reaches
// it too: sync then sends a few objects the remote already has.
func (s *Store) paint(ctx context.Context, ours, theirs plumbing.Hash) (*walkResult, error) {
	nodes := map[plumbing.Hash]*walkNode{}
	q := &walkQueue{}
	mark := func(h plumbing.Hash, flags uint8) error {
		n := nodes[h]
		if n == nil {
			c, err := s.r.readCommit(h)
			if err != nil {
				return err
			}
			n = &walkNode{hash: h, tree: c.TreeHash, parents: c.ParentHashes, when: c.Committer.When}
			nodes[h] = n
		}
		if n.flags&flags == flags {
			return nil
		}
		n.flags |= flags
		heap.Push(q, n)
		return nil
	}
	if !ours.IsZero() {
		if err := mark(ours, flagOurs); err != nil {
			return nil, err
		}
	}
	if !theirs.IsZero() {
		if err := mark(theirs, flagTheirs); err != nil {
			return nil, err
		}
	}
	res := &walkResult{}
	var results []*walkNode
	for q.nonStale() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n := heap.Pop(q).(*walkNode)
		flags := n.flags & (flagOurs | flagTheirs | flagStale)
		if flags == flagOurs|flagTheirs {
			if n.flags&flagResult == 0 {
				n.flags |= flagResult
				results = append(results, n)
			}
			flags |= flagStale
		}
		for _, p := range n.parents {
			if err := mark(p, flags); err != nil {
				return nil, fmt.Errorf("gitstore: history of %s: %w", short(n.hash), err)
			}
		}
	}
	// A candidate that turned stale is an ancestor of another one.
	for _, n := range results {
		if n.flags&flagStale == 0 {
			res.bases = append(res.bases, n)
		}
	}
	sort.SliceStable(res.bases, func(i, j int) bool { return newer(res.bases[i], res.bases[j]) })
	for _, n := range nodes {
		if n.flags&(flagOurs|flagTheirs) == flagOurs {
			res.oursOnly = append(res.oursOnly, n)
		}
	}
	sort.Slice(res.oursOnly, func(i, j int) bool { return newer(res.oursOnly[i], res.oursOnly[j]) })
	return res, nil
}

// newer orders commits newest first, ties by hash, the same on every clone.
func newer(a, b *walkNode) bool {
	if !a.when.Equal(b.when) {
		return a.when.After(b.when)
	}
	return a.hash.String() < b.hash.String()
}

// walkQueue orders commits newest first.
type walkQueue []*walkNode

func (q walkQueue) Len() int           { return len(q) }
func (q walkQueue) Less(i, j int) bool { return newer(q[i], q[j]) }
func (q walkQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *walkQueue) Push(x any)        { *q = append(*q, x.(*walkNode)) }
func (q *walkQueue) Pop() any {
	old := *q
	n := old[len(old)-1]
	*q = old[:len(old)-1]
	return n
}

// nonStale reports whether some queued commit is not stale.
func (q walkQueue) nonStale() bool {
	for _, n := range q {
		if n.flags&flagStale == 0 {
			return true
		}
	}
	return false
}
