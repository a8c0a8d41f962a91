package gitstore

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
)

var _ store.Historian = (*Store)(nil)

// History returns every revision of incident id, oldest first: each commit
// that changed its file, with the commit's author, time and message, and the
// incident as it was then. Like `git log -- <file>`, a commit counts when its
// version of the file differs from that of each of its parents, so a merge
// that took one side's version unchanged is not listed twice.
func (s *Store) History(ctx context.Context, id string) ([]store.Revision, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	snap, err := s.current()
	if err != nil {
		return nil, fmt.Errorf("gitstore: history %s: %w", id, err)
	}
	dir, _, err := s.locate(snap, id)
	if err != nil {
		return nil, fmt.Errorf("gitstore: history %s: %w", id, err)
	}
	p := dir + "/" + incidentFile
	type node struct {
		hash    plumbing.Hash
		blob    plumbing.Hash
		parents []plumbing.Hash
		when    int64
		order   int
	}
	seen := map[plumbing.Hash]*node{}
	queue := []plumbing.Hash{snap.commit}
	var nodes []*node
	for len(queue) > 0 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		h := queue[0]
		queue = queue[1:]
		if h.IsZero() || seen[h] != nil {
			continue
		}
		c, err := s.commitInfo(h)
		if err != nil {
			return nil, fmt.Errorf("gitstore: history %s: %w", id, err)
		}
		blob, err := s.blobAt(h, c.tree, p)
		if err != nil {
			return nil, fmt.Errorf("gitstore: history %s: %w", id, err)
		}
		n := &node{hash: h, blob: blob, parents: c.parents, when: c.when, order: len(nodes)}
		seen[h] = n
		nodes = append(nodes, n)
		queue = append(queue, c.parents...)
	}
	var revs []*node
	for _, n := range nodes {
		if n.blob.IsZero() {
			continue
		}
		changed := true
		for _, ph := range n.parents {
			if pn := seen[ph]; pn != nil && pn.blob == n.blob {
				changed = false
				break
			}
		}
		if changed {
			revs = append(revs, n)
		}
	}
	// Oldest first: by commit time, then by distance from the tip (a parent
	// is found after its child, so a larger order is older).
	sort.SliceStable(revs, func(i, j int) bool {
		if revs[i].when != revs[j].when {
			return revs[i].when < revs[j].when
		}
		return revs[i].order > revs[j].order
	})
	out := make([]store.Revision, 0, len(revs))
	var invalid []error
	for _, n := range revs {
		c, err := s.r.readCommit(n.hash)
		if err != nil {
			return nil, fmt.Errorf("gitstore: history %s: %w", id, err)
		}
		inc, err := s.decodeBlob(p, n.blob)
		if errors.Is(err, incident.ErrInvalid) {
			// A bad hand edit, maybe fixed since: the other revisions
			// stay readable, as List keeps the other incidents.
			invalid = append(invalid, fmt.Errorf("revision %s: %w", short(n.hash), err))
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("gitstore: history %s: revision %s: %w", id, n.hash, err)
		}
		out = append(out, store.Revision{
			ID:       n.hash.String(),
			Author:   incident.Person{Name: c.Author.Name, Email: c.Author.Email},
			At:       c.Author.When.UTC(),
			Message:  c.Message,
			Incident: inc.Clone(),
		})
	}
	if len(invalid) > 0 {
		return out, fmt.Errorf("gitstore: history %s: %w", id, errors.Join(invalid...))
	}
	return out, nil
}

// decodeBlob decodes the incident file at path p with content blob h.
func (s *Store) decodeBlob(p string, h plumbing.Hash) (*incident.Incident, error) {
	key := fileKey{blob: h, path: p}
	if d, ok := s.incs.get(key); ok {
		return d.inc, d.err
	}
	data, err := s.r.readBlob(h)
	if err != nil {
		return nil, err
	}
	inc, err := incident.Parse(p, data)
	s.incs.put(key, decoded{inc: inc, err: err})
	return inc, err
}

// commitNode is what walking history needs of a commit. Commits never
// change, so it is cached by hash, the way git's commit-graph file spares
// git from parsing commits: a second walk over the same history reads
// nothing from disk.
type commitNode struct {
	tree    plumbing.Hash
	parents []plumbing.Hash
	when    int64
}

func (s *Store) commitInfo(h plumbing.Hash) (commitNode, error) {
	if n, ok := s.commits.get(h); ok {
		return n, nil
	}
	c, err := s.r.readCommit(h)
	if err != nil {
		return commitNode{}, err
	}
	n := commitNode{tree: c.TreeHash, parents: c.ParentHashes, when: c.Committer.When.Unix()}
	s.commits.put(h, n)
	return n, nil
}

// blobAt returns the hash of the file at path p in commit c (whose root tree
// is tree), zero when there is none; cached by commit and path.
func (s *Store) blobAt(c, tree plumbing.Hash, p string) (plumbing.Hash, error) {
	key := pathKey{c, p}
	if h, ok := s.paths.get(key); ok {
		return h, nil
	}
	h, _, err := s.lookup(tree, p)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	s.paths.put(key, h)
	return h, nil
}

// pathKey names a path in a commit.
type pathKey struct {
	commit plumbing.Hash
	path   string
}
