package gitstore

import (
	"path"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/incidentkit/incidentkit/incident"
)

// Matching incidents across the three sides of a merge. A merge looks only
// at the incident directories whose trees differ between base, ours and
// theirs; their incidents are matched by UID, so that an incident
// renumbered (moved to another directory) on one side meets its other
// versions.

// incidentDirOf returns the incident directory (incidents/yyyy/mm/ID) that
// holds path p, or "" if p is not inside one.
func incidentDirOf(p string) string {
	parts := strings.SplitN(p, "/", 5)
	if len(parts) < 5 || parts[0] != incidentsDir {
		return ""
	}
	return strings.Join(parts[:4], "/")
}

// changedIncidentDirs returns the incident directories whose trees are not
// the same on the three sides, with each side's tree (zero if absent).
func (s *Store) changedIncidentDirs(base, ours, theirs plumbing.Hash) (map[string][3]plumbing.Hash, error) {
	out := map[string][3]plumbing.Hash{}
	var roots [3]plumbing.Hash
	for i, root := range []plumbing.Hash{base, ours, theirs} {
		if root.IsZero() {
			continue
		}
		h, _, err := s.lookup(root, incidentsDir)
		if err != nil {
			return nil, err
		}
		roots[i] = h
	}
	var walk func(dir string, depth int, h [3]plumbing.Hash) error
	walk = func(dir string, depth int, h [3]plumbing.Hash) error {
		if h[0] == h[1] && h[1] == h[2] {
			return nil
		}
		if depth == 3 {
			if incident.CheckID(path.Base(dir)) == nil {
				out[dir] = h
			}
			return nil
		}
		var ems [3]entryMap
		for i := range h {
			var err error
			if ems[i], err = s.entryMap(h[i]); err != nil {
				return err
			}
		}
		for _, name := range unionNames(ems[:]...) {
			var sub [3]plumbing.Hash
			for i := range ems {
				if e, ok := ems[i][name]; ok && e.Mode == filemode.Dir {
					sub[i] = e.Hash
				}
			}
			if err := walk(dir+"/"+name, depth+1, sub); err != nil {
				return err
			}
		}
		return nil
	}
	return out, walk(incidentsDir, 0, roots)
}

// group matches the incident directories of the three sides by UID.
func (m *syncMerge) group(dirs map[string][3]plumbing.Hash) ([]*incGroup, error) {
	paths := make([]string, 0, len(dirs))
	for p := range dirs {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	byKey := map[string]*incGroup{}
	var groups []*incGroup
	for _, p := range paths {
		// A version that does not parse (a hand edit gone wrong) is taken
		// for the incident another side keeps in the same directory.
		var uids [3]string
		fallback := ""
		for side, h := range dirs[p] {
			if h.IsZero() {
				continue
			}
			if inc, err := m.s.loadIncident(p, h); err == nil {
				uids[side] = inc.UID
				if fallback == "" {
					fallback = inc.UID
				}
			}
		}
		for side, h := range dirs[p] {
			if h.IsZero() {
				continue
			}
			key := uids[side]
			if key == "" && fallback != "" {
				key = fallback
			}
			if key == "" {
				key = "path:" + p
			}
			g := byKey[key]
			if g != nil && g.slot(side) != nil {
				// The same UID twice on one side (a hand-made copy):
				// merge this one by its path.
				key = "path:" + p
				g = byKey[key]
			}
			if g == nil {
				g = &incGroup{key: key}
				byKey[key] = g
				groups = append(groups, g)
			}
			*g.slotPtr(side) = &incSlot{path: p, tree: h}
		}
	}
	return groups, nil
}

func (g *incGroup) slotPtr(side int) **incSlot {
	switch side {
	case 0:
		return &g.b
	case 1:
		return &g.o
	}
	return &g.t
}

func (g *incGroup) slot(side int) *incSlot { return *g.slotPtr(side) }

func treeOf(sl *incSlot) plumbing.Hash {
	if sl == nil {
		return plumbing.ZeroHash
	}
	return sl.tree
}
