package gitstore

import (
	"context"
	"fmt"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/store"
)

// renumber settles ID collisions in the merged tree: when two incidents
// (different UIDs) claim one ID, typically because two clones declared
// incidents offline, the older one (earlier declaration; on a tie the
// smaller UID) keeps it and each other one moves to the next free ID of
// the same series. groups are the merged incidents of the directories that
// differ (dirs); snap is ours, whose other incidents are the same on every
// side. It returns groups made for incidents outside dirs that had to move.
func (m *syncMerge) renumber(groups []*incGroup, snap *snapshot, dirs map[string][3]plumbing.Hash) ([]*incGroup, error) {
	claims := map[string][]*incGroup{}
	taken := map[string]bool{}
	for _, mo := range snap.idx.months {
		for id, h := range mo.entries {
			p := mo.dir + "/" + id
			taken[id] = true
			if _, ok := dirs[p]; ok {
				continue
			}
			sl := &incSlot{path: p, tree: h}
			claims[id] = append(claims[id], &incGroup{key: "live:" + p, b: sl, o: sl, t: sl, path: p})
		}
	}
	for _, g := range groups {
		if g.path == "" {
			continue
		}
		id := path.Base(g.path)
		claims[id] = append(claims[id], g)
		taken[id] = true
		if g.inc != nil {
			for _, a := range g.inc.Aliases {
				taken[a] = true
			}
		}
	}
	var ids []string
	for id, cs := range claims {
		if len(cs) > 1 {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	var moved []*incGroup
	for _, id := range ids {
		cs := claims[id]
		for _, g := range cs {
			if g.files != nil {
				continue
			}
			var err error
			if g.files, err = m.s.readDir(g.o.tree); err != nil {
				return nil, err
			}
			if data := g.files[incidentFile]; data != nil {
				g.inc, _ = incident.Parse(g.path+"/"+incidentFile, data)
			}
		}
		sort.SliceStable(cs, func(i, j int) bool { return olderClaim(cs[i], cs[j]) })
		for _, g := range cs[1:] {
			newID := nextFreeID(id, taken)
			taken[newID] = true
			if g.inc == nil {
				// Its file cannot be rewritten: move the directory as it
				// is, so that neither incident's files are lost.
				m.review = append(m.review, fmt.Sprintf("%s: shares its ID with another incident; its incident file is not valid, so the directory moved to %s unchanged: fix the file", g.path, newID))
				g.path = path.Dir(g.path) + "/" + newID
			} else if err := m.move(g, id, newID); err != nil {
				return nil, err
			}
			if strings.HasPrefix(g.key, "live:") {
				moved = append(moved, g)
			}
		}
	}
	return moved, nil
}

// olderClaim orders the incidents claiming one ID: the one that keeps it
// first. Every clone orders them the same way.
func olderClaim(a, b *incGroup) bool {
	switch {
	case a.inc == nil || b.inc == nil:
		return b.inc == nil && a.inc != nil
	case !a.inc.Milestones.Declared.Equal(b.inc.Milestones.Declared):
		return a.inc.Milestones.Declared.Before(b.inc.Milestones.Declared)
	}
	return a.inc.UID < b.inc.UID
}

// nextFreeID returns the ID after the greatest taken one of id's series
// ("INC-2026-0005" -> "INC-2026-<max+1>", as wide as id's number).
func nextFreeID(id string, taken map[string]bool) string {
	i := strings.LastIndexByte(id, '-')
	stem, width := id[:i+1], len(id)-i-1
	max := 0
	for t := range taken {
		if n, ok := strings.CutPrefix(t, stem); ok {
			if v, err := strconv.Atoi(n); err == nil && v > max {
				max = v
			}
		}
	}
	return fmt.Sprintf("%s%0*d", stem, width, max+1)
}

// move renumbers the merged incident of g from old to newID: its ID, an
// alias for the old one, a note in its timeline, the incident ID of its
// post-mortem, and its directory.
func (m *syncMerge) move(g *incGroup, old, newID string) error {
	inc := g.inc.Clone()
	inc.ID = newID
	inc.Aliases = slices.DeleteFunc(inc.Aliases, func(a string) bool { return a == newID || a == old })
	inc.Aliases = append(inc.Aliases, old)
	note := fmt.Sprintf("Renumbered from %s to %s by sync: another clone had declared a different incident as %s.", old, newID, old)
	if err := inc.AddNote(note, m.by, m.atFor(inc)); err != nil {
		return fmt.Errorf("gitstore: renumber %s: %w", old, err)
	}
	data, err := incident.Format(inc)
	if err != nil {
		return fmt.Errorf("gitstore: renumber %s: %w", old, err)
	}
	g.files[incidentFile] = data
	if pm := g.files[postmortemFile]; pm != nil {
		if p, err := postmortem.Parse(g.path+"/"+postmortemFile, pm); err == nil && p.IncidentID == old {
			p.IncidentID = newID
			g.files[postmortemFile] = postmortem.Render(p)
		}
	}
	g.path = path.Dir(g.path) + "/" + newID
	g.inc = inc
	m.renum = append(m.renum, store.Renumbering{UID: inc.UID, From: old, To: newID})
	return nil
}

// aliasIn finds the incident that had ID id before a renumbering, when no
// live incident has that ID (see locate). The alias index is built from the
// incident files themselves (their aliases field), so it is never out of
// step with them: the first miss decodes every incident (decoded incidents
// are cached, so later misses cost a scan in memory). An ID that is an
// alias of more than one incident finds none.
func (s *Store) aliasIn(snap *snapshot, id string) (*incident.Incident, error) {
	if incident.CheckID(id) != nil {
		return nil, store.ErrNotFound
	}
	incs, _ := s.allCached(context.Background(), snap) // invalid files are no aliases
	var found []*incident.Incident
	for _, inc := range incs {
		if slices.Contains(inc.Aliases, id) {
			found = append(found, inc)
		}
	}
	switch len(found) {
	case 0:
		return nil, store.ErrNotFound
	case 1:
		return found[0], nil
	}
	ids := make([]string, len(found))
	for i, inc := range found {
		ids[i] = inc.ID
	}
	sort.Strings(ids)
	return nil, fmt.Errorf("%w: %s is an earlier ID of several incidents (%s)", store.ErrNotFound, id, strings.Join(ids, ", "))
}

// locate returns the directory and directory tree of incident id in snap:
// the live incident with that ID, or else the one incident that had it
// before a renumbering. Every read and write by ID goes through it, so an
// old ID in a link keeps working everywhere, not only in Get.
func (s *Store) locate(snap *snapshot, id string) (dir string, tree plumbing.Hash, err error) {
	if dir, tree, ok := snap.idx.find(id); ok {
		return dir, tree, nil
	}
	inc, err := s.aliasIn(snap, id)
	if err != nil {
		return "", plumbing.ZeroHash, err
	}
	if dir, tree, ok := snap.idx.find(inc.ID); ok {
		return dir, tree, nil
	}
	return "", plumbing.ZeroHash, store.ErrNotFound
}
