package gitstore

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/internal/textmerge"
	"github.com/incidentkit/incidentkit/store"
)

// syncMerge is one merge of the remote's branch into ours: the three-way
// merge of the trees, with incidents matched across the sides by UID (so
// that an incident another clone renumbered still merges with our edits)
// and files changed on both sides merged by their structure.
type syncMerge struct {
	s      *Store
	by     incident.Person
	at     time.Time
	review []string // what a person should check (SyncResult.Review)
	detail []string // longer text for the merge commit message only
	both   []string // IDs of incidents changed on both sides
	renum  []store.Renumbering
}

// incSlot is where one side keeps an incident's directory.
type incSlot struct {
	path string
	tree plumbing.Hash
}

// incGroup is one incident on the three sides, matched by UID.
type incGroup struct {
	key        string // the UID, or "path:<dir>" for a directory without a readable UID
	b, o, t    *incSlot
	files      map[string][]byte  // the merged directory, by relative path
	inc        *incident.Incident // the merged incident; nil if it does not parse
	path       string             // the merged directory; "" when deleted
	pmConflict bool
}

// mergeTrees3 returns the changes that turn the tree of snap (ours) into
// the merge of ours and the tree theirs, which descend from the tree base.
func (m *syncMerge) mergeTrees3(base plumbing.Hash, snap *snapshot, theirs plumbing.Hash) ([]change, error) {
	s, ours := m.s, snap.root
	dirs, err := s.changedIncidentDirs(base, ours, theirs)
	if err != nil {
		return nil, err
	}
	// Everything outside the incident directories that differ.
	res, err := s.mergeTrees(base, ours, theirs, func(p string, b, o, t []byte) ([]byte, string, error) {
		if _, ok := dirs[incidentDirOf(p)]; ok {
			return o, "", nil // merged by UID below
		}
		return m.resolveOther(p, b, o, t)
	})
	if err != nil {
		return nil, err
	}
	var changes []change
	for _, c := range res.changes {
		if _, ok := dirs[incidentDirOf(c.Path)]; !ok {
			changes = append(changes, c)
		}
	}
	m.review = append(m.review, res.notes...)
	groups, err := m.group(dirs)
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		if err := m.mergeGroup(g); err != nil {
			return nil, err
		}
	}
	moved, err := m.renumber(groups, snap, dirs)
	if err != nil {
		return nil, err
	}
	layout, err := m.layout(append(groups, moved...))
	if err != nil {
		return nil, err
	}
	changes = append(changes, layout...)
	sort.Slice(changes, func(i, j int) bool { return changes[i].Path < changes[j].Path })
	return changes, nil
}

// mergeGroup merges the directory of one incident, wherever each side
// keeps it, and decides where the result goes.
func (m *syncMerge) mergeGroup(g *incGroup) error {
	dir := ""
	for _, sl := range []*incSlot{g.o, g.t, g.b} {
		if sl != nil {
			dir = sl.path
			break
		}
	}
	res, err := m.s.mergeTrees(treeOf(g.b), treeOf(g.o), treeOf(g.t), m.resolveIncidentDir(g, dir))
	if err != nil {
		return err
	}
	for _, n := range res.notes {
		m.review = append(m.review, dir+"/"+n)
	}
	if g.files, err = m.s.readDir(treeOf(g.o)); err != nil {
		return err
	}
	for _, c := range res.changes {
		if c.Data == nil {
			delete(g.files, c.Path)
		} else {
			g.files[c.Path] = c.Data
		}
	}
	if len(g.files) == 0 {
		return nil // deleted
	}
	if data := g.files[incidentFile]; data != nil {
		g.inc, _ = incident.Parse(dir+"/"+incidentFile, data)
	}
	changedO := g.o != nil && (g.b == nil || g.o.tree != g.b.tree)
	changedT := g.t != nil && (g.b == nil || g.t.tree != g.b.tree)
	if g.inc != nil && changedO && changedT {
		m.both = append(m.both, g.inc.ID)
	}
	if g.pmConflict && g.inc != nil {
		inc := g.inc.Clone()
		note := "Sync: the post-mortem was edited on two clones in the same place. " +
			"Both versions are kept in postmortem.md between conflict markers; please review and resolve them."
		if err := inc.AddNote(note, m.by, m.atFor(inc)); err == nil {
			if data, err := incident.Format(inc); err == nil {
				g.inc, g.files[incidentFile] = inc, data
			}
		}
	}
	// Keep the directory of the side whose ID won; a new ID goes where
	// Create would put it.
	g.path = dir
	if g.inc != nil {
		g.path = ""
		for _, sl := range []*incSlot{g.o, g.t} {
			if sl != nil && path.Base(sl.path) == g.inc.ID {
				g.path = sl.path
				break
			}
		}
		if g.path == "" {
			g.path = incidentDir(g.inc.ID, g.inc.Milestones.Declared)
		}
	}
	return nil
}

// atFor returns the time of the merge's own events in inc: the merge time,
// or the declaration when a clone's clock was ahead of ours.
func (m *syncMerge) atFor(incs ...*incident.Incident) time.Time {
	at := m.at
	for _, inc := range incs {
		if d := inc.Milestones.Declared; d.After(at) {
			at = d
		}
	}
	return at
}

// resolveIncidentDir merges the files of one incident directory changed on
// both sides. A file deleted on one side and changed on the other is kept:
// nothing recorded is lost.
func (m *syncMerge) resolveIncidentDir(g *incGroup, dir string) resolver {
	return func(p string, b, o, t []byte) ([]byte, string, error) {
		switch {
		case o == nil:
			return t, "", nil
		case t == nil:
			return o, "", nil
		}
		switch p {
		case incidentFile:
			return m.mergeIncident(dir+"/"+p, b, o, t)
		case postmortemFile:
			merged, conflict := textmerge.Merge(b, o, t)
			if conflict {
				g.pmConflict = true
				return merged, "edited on both clones in the same place: both versions kept between conflict markers, review them", nil
			}
			return merged, "", nil
		}
		return m.resolveOther(dir+"/"+p, b, o, t)
	}
}

// mergeIncident merges an incident file structurally (incident.Merge3).
func (m *syncMerge) mergeIncident(p string, b, o, t []byte) ([]byte, string, error) {
	oi, oerr := incident.Parse(p, o)
	ti, terr := incident.Parse(p, t)
	switch {
	case oerr != nil && terr != nil:
		m.detail = append(m.detail, p+": the local version, replaced by the remote's:\n"+indent(o))
		return t, "neither clone's version is valid: took the remote's; fix it by hand", nil
	case terr != nil:
		return o, "the remote's version is not valid: kept the local one", nil
	case oerr != nil:
		return t, "the local version is not valid: took the remote's", nil
	}
	var bi *incident.Incident
	if b != nil {
		if x, err := incident.Parse(p, b); err == nil && x.UID == oi.UID {
			bi = x
		}
	}
	merged, conflicts, err := incident.Merge3(bi, oi, ti, m.by, m.atFor(oi, ti))
	if err != nil {
		return nil, "", fmt.Errorf("gitstore: merge %s: %w", p, err)
	}
	data, err := incident.Format(merged)
	if err != nil {
		return nil, "", fmt.Errorf("gitstore: merge %s: %w", p, err)
	}
	var notes []string
	for _, c := range conflicts {
		notes = append(notes, fmt.Sprintf("%s: kept %q over %q (%s)", c.Field, c.Chosen, c.Lost, c.Rule))
	}
	return data, strings.Join(notes, "; "), nil
}

// resolveOther merges a file that is not an incident's YAML or post-mortem
// (the severity policy, files added by hand) changed on both sides: the
// remote's version wins, so every clone settles on the same one, and the
// local version is kept in the merge commit's message.
func (m *syncMerge) resolveOther(p string, b, o, t []byte) ([]byte, string, error) {
	switch {
	case o == nil:
		return t, "", nil
	case t == nil:
		return o, "", nil
	}
	m.detail = append(m.detail, p+": the local version, replaced by the remote's:\n"+indent(o))
	return t, "changed on both clones: took the remote's version (the local one is in the merge commit message)", nil
}

// indent returns data as an indented block for a commit message, cut at
// 4 KiB.
func indent(data []byte) string {
	const max = 4 << 10
	s := string(data)
	if len(s) > max {
		s = s[:max] + "\n[... cut]"
	}
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}

// readDir returns every file below tree h by path relative to it.
func (s *Store) readDir(h plumbing.Hash) (map[string][]byte, error) {
	out := map[string][]byte{}
	var walk func(prefix string, h plumbing.Hash) error
	walk = func(prefix string, h plumbing.Hash) error {
		if h.IsZero() {
			return nil
		}
		es, err := s.tree(h)
		if err != nil {
			return err
		}
		for _, e := range es {
			if e.Mode == filemode.Dir {
				if err := walk(prefix+e.Name+"/", e.Hash); err != nil {
					return err
				}
				continue
			}
			if err := checkMode(prefix+e.Name, e); err != nil {
				return err
			}
			data, err := s.r.readBlob(e.Hash)
			if err != nil {
				return err
			}
			out[prefix+e.Name] = data
		}
		return nil
	}
	return out, walk("", h)
}

// layout returns the changes that put the merged incident directories of
// groups in place of ours'.
func (m *syncMerge) layout(groups []*incGroup) ([]change, error) {
	want := map[string][]byte{}
	have := map[string]plumbing.Hash{}
	for _, g := range groups {
		if g.path != "" {
			for rel, data := range g.files {
				want[g.path+"/"+rel] = data
			}
		}
		if g.o == nil {
			continue
		}
		files, err := m.s.fileHashes(g.o.tree)
		if err != nil {
			return nil, err
		}
		for rel, h := range files {
			have[g.o.path+"/"+rel] = h
		}
	}
	var out []change
	for p, data := range want {
		if h, ok := have[p]; !ok || h != plumbing.ComputeHash(plumbing.BlobObject, data) {
			out = append(out, change{Path: p, Data: data})
		}
	}
	for p := range have {
		if _, ok := want[p]; !ok {
			out = append(out, change{Path: p})
		}
	}
	return out, nil
}

// fileHashes returns the blob hash of every file below tree h.
func (s *Store) fileHashes(h plumbing.Hash) (map[string]plumbing.Hash, error) {
	out := map[string]plumbing.Hash{}
	var walk func(prefix string, h plumbing.Hash) error
	walk = func(prefix string, h plumbing.Hash) error {
		es, err := s.tree(h)
		if err != nil {
			return err
		}
		for _, e := range es {
			if e.Mode == filemode.Dir {
				if err := walk(prefix+e.Name+"/", e.Hash); err != nil {
					return err
				}
			} else {
				out[prefix+e.Name] = e.Hash
			}
		}
		return nil
	}
	return out, walk("", h)
}
