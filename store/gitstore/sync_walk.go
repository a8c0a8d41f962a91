package gitstore

import (
	"container/heap"
	"context"
	"fmt"
	"io"
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
			c, err := s.commitInfo(h) // cached: commits never change
			if err != nil {
				return err
			}
			n = &walkNode{hash: h, tree: c.tree, parents: c.parents, when: time.Unix(c.when, 0)}
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

// objectsToSend lists the objects of the commits in fresh (commits the
// remote lacks, every one of whose parents is either in fresh or on the
// remote): each commit, and every tree and blob of its tree that differs
// from the entry at the same path in each of its parents' trees. What is
// equal to a parent's entry is either sent for that parent or already on
// the remote.
func (s *Store) objectsToSend(fresh []*walkNode) ([]plumbing.Hash, error) {
	seen := map[plumbing.Hash]bool{}
	var out []plumbing.Hash
	add := func(h plumbing.Hash) bool {
		if seen[h] {
			return false
		}
		seen[h] = true
		out = append(out, h)
		return true
	}
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	var walk func(tree plumbing.Hash, parents []plumbing.Hash) error
	walk = func(tree plumbing.Hash, parents []plumbing.Hash) error {
		for _, p := range parents {
			if p == tree {
				return nil
			}
		}
		if !add(tree) {
			return nil
		}
		entries, err := s.r.treeEntries(tree)
		if err != nil {
			return err
		}
		pe := make([][]treeEntry, len(parents))
		for i, p := range parents {
			if pe[i], err = s.r.treeEntries(p); err != nil {
				return err
			}
		}
	next:
		for _, e := range entries {
			var sub []plumbing.Hash
			for _, es := range pe {
				for _, x := range es {
					if x.name != e.name {
						continue
					}
					if x.hash == e.hash {
						continue next
					}
					if x.isDir() {
						sub = append(sub, x.hash)
					}
				}
			}
			switch {
			case e.isDir():
				if err := walk(e.hash, sub); err != nil {
					return err
				}
			case e.mode == "160000": // a submodule: not an object of ours
			default:
				add(e.hash)
			}
		}
		return nil
	}
	for _, n := range fresh {
		add(n.hash)
		var pt []plumbing.Hash
		for _, p := range n.parents {
			t, err := s.commitTree(p)
			if err != nil {
				return nil, err
			}
			pt = append(pt, t)
		}
		if err := walk(n.tree, pt); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// commitTree returns the root tree of commit h. The caller holds r.mu.
func (s *Store) commitTree(h plumbing.Hash) (plumbing.Hash, error) {
	o, err := s.r.db.get(plumbing.CommitObject, h)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("gitstore: commit %s: %w", h, err)
	}
	rd, err := o.Reader()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	defer rd.Close()
	var line [46]byte // "tree <40 hex>\n"
	if _, err := io.ReadFull(rd, line[:]); err != nil || string(line[:5]) != "tree " {
		return plumbing.ZeroHash, fmt.Errorf("gitstore: commit %s: malformed", h)
	}
	t, ok := fromHex(string(line[5:45]))
	if !ok {
		return plumbing.ZeroHash, fmt.Errorf("gitstore: commit %s: malformed", h)
	}
	return t, nil
}
