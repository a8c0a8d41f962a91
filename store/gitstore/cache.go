package gitstore

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/severity"
)

// lru is a small bounded cache. Values cached here are keyed by content
// hashes, so they are never stale; the bound only limits memory. It keeps two
// generations: when the young one is full it becomes the old one, and hits in
// the old one are promoted. That approximates LRU without per-hit list work.
type lru[K comparable, V any] struct {
	mu         sync.Mutex
	max        int
	young, old map[K]V
}

func newLRU[K comparable, V any](max int) *lru[K, V] {
	if max < 2 {
		max = 2
	}
	return &lru[K, V]{max: max, young: map[K]V{}, old: map[K]V{}}
}

func (c *lru[K, V]) get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.young[k]; ok {
		return v, true
	}
	v, ok := c.old[k]
	if ok {
		c.putLocked(k, v)
	}
	return v, ok
}

func (c *lru[K, V]) put(k K, v V) {
	c.mu.Lock()
	c.putLocked(k, v)
	c.mu.Unlock()
}

func (c *lru[K, V]) putLocked(k K, v V) {
	if len(c.young) >= c.max/2 {
		c.old, c.young = c.young, make(map[K]V, c.max/2)
	}
	c.young[k] = v
}

// treeEntries are the entries of a decoded tree object.
type treeEntries []object.TreeEntry

// tree returns the entries of tree h, from the cache when possible.
func (s *Store) tree(h plumbing.Hash) (treeEntries, error) {
	if t, ok := s.trees.get(h); ok {
		return t, nil
	}
	t, err := s.r.readTree(h)
	if err != nil {
		return nil, err
	}
	s.trees.put(h, t.Entries)
	return t.Entries, nil
}

// errNotRegular is matched by the error lookup returns for a symbolic link
// or a submodule on the path it follows.
var errNotRegular = errors.New("not a regular file or directory")

// lookup returns the hash of the entry at the slash-separated path p below
// tree root, and false when there is none. A symbolic link or submodule on
// the way is an error matching errNotRegular, never followed: a record
// repository holds none, and a hostile one would point outside it.
func (s *Store) lookup(root plumbing.Hash, p string) (plumbing.Hash, bool, error) {
	h := root
	whole := p
	for p != "" {
		if h.IsZero() {
			return plumbing.ZeroHash, false, nil
		}
		name, rest, _ := strings.Cut(p, "/")
		entries, err := s.tree(h)
		if err != nil {
			return plumbing.ZeroHash, false, err
		}
		found := false
		for _, e := range entries {
			if e.Name == name {
				switch e.Mode {
				case filemode.Symlink:
					return plumbing.ZeroHash, false, fmt.Errorf("%s: a symbolic link, not read: %w", whole, errNotRegular)
				case filemode.Submodule:
					return plumbing.ZeroHash, false, fmt.Errorf("%s: a submodule, not read: %w", whole, errNotRegular)
				}
				if rest != "" && e.Mode != filemode.Dir {
					return plumbing.ZeroHash, false, nil
				}
				h, found = e.Hash, true
				break
			}
		}
		if !found {
			return plumbing.ZeroHash, false, nil
		}
		p = rest
	}
	return h, true, nil
}

// fileKey identifies a decoded file: its content and where it was read
// (error messages name the path).
type fileKey struct {
	blob plumbing.Hash
	path string
}

// decoded is a parsed incident file, or why it did not parse. Cached values
// are never handed out: callers get clones.
type decoded struct {
	inc *incident.Incident
	err error
}

// loadIncident reads and decodes the incident file in the incident directory
// tree dirTree at dir.
func (s *Store) loadIncident(dir string, dirTree plumbing.Hash) (*incident.Incident, error) {
	p := dir + "/" + incidentFile
	invalid := func(msg string) error {
		return &incident.InvalidError{Kind: incident.ErrInvalid, Problems: []incident.Problem{{File: p, Message: msg}}}
	}
	h, ok, err := s.lookup(dirTree, incidentFile)
	switch {
	case errors.Is(err, errNotRegular):
		// Reported like any bad file, so that List still returns the
		// other incidents.
		return nil, invalid(strings.TrimPrefix(err.Error(), incidentFile+": ") + " (a record repository holds regular files only)")
	case err != nil:
		return nil, err
	case !ok:
		return nil, invalid("missing: the incident directory has no " + incidentFile)
	}
	return s.decodeBlob(p, h)
}

// policyCache holds the last policy read, keyed by its blob hash.
type policyCache struct {
	mu   sync.Mutex
	blob plumbing.Hash
	pol  *severity.Policy
	err  error
}

// policyAt returns the policy committed in snap, or the default policy when
// the repository has none.
func (s *Store) policyAt(snap *snapshot) (*severity.Policy, error) {
	h, ok, err := s.lookup(snap.root, severity.PolicyFile)
	if err != nil {
		return nil, err
	}
	if !ok {
		return severity.Default(), nil
	}
	c := s.pol
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.blob != h || (c.pol == nil && c.err == nil) {
		data, err := s.r.readBlob(h)
		if err != nil {
			return nil, err
		}
		c.blob = h
		c.pol, c.err = severity.Parse(severity.PolicyFile, data)
	}
	return c.pol, c.err
}
