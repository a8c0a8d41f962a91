package gitstore

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/internal/textmerge"
)

// resolver merges one file changed on both sides since the merge base. A
// nil slice means "absent" (the file does not exist on that side). It
// returns the merged content (nil deletes the file) and, when the merge
// needed a judgement a person should review, a note saying so.
type resolver func(p string, base, ours, theirs []byte) (merged []byte, note string, err error)

// mergeResult is what a three-way merge of trees produced: the changes that
// turn ours into the merged tree, and notes about files that need review.
type mergeResult struct {
	changes []change
	notes   []string
}

// mergeTrees merges the trees ours and theirs, which descend from base
// (zero hashes for absent trees). Files changed on one side only are taken
// from that side; files changed on both sides go to resolve. Symbolic links
// and submodules are refused wherever they appear in a change: a record
// repository has no use for them, and they are how hostile pull requests
// escape a checkout.
func (s *Store) mergeTrees(base, ours, theirs plumbing.Hash, resolve resolver) (*mergeResult, error) {
	res := &mergeResult{}
	if err := s.merge3("", base, ours, theirs, resolve, res); err != nil {
		return nil, err
	}
	return res, nil
}

type entryMap map[string]object.TreeEntry

func (s *Store) entryMap(h plumbing.Hash) (entryMap, error) {
	m := entryMap{}
	if h.IsZero() {
		return m, nil
	}
	es, err := s.tree(h)
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		m[e.Name] = e
	}
	return m, nil
}

func checkMode(p string, e object.TreeEntry) error {
	switch e.Mode {
	case filemode.Dir, filemode.Regular, filemode.Deprecated, filemode.Executable:
		return nil
	case filemode.Symlink:
		return fmt.Errorf("gitstore: merge: %s: symbolic links are not allowed in a record repository", p)
	case filemode.Submodule:
		return fmt.Errorf("gitstore: merge: %s: submodules are not allowed in a record repository", p)
	}
	return fmt.Errorf("gitstore: merge: %s: unsupported file mode %s", p, e.Mode)
}

func (s *Store) merge3(dir string, base, ours, theirs plumbing.Hash, resolve resolver, res *mergeResult) error {
	if ours == theirs || theirs == base {
		return nil
	}
	if ours == base {
		return s.takeTree(dir, base, theirs, res)
	}
	be, err := s.entryMap(base)
	if err != nil {
		return err
	}
	oe, err := s.entryMap(ours)
	if err != nil {
		return err
	}
	te, err := s.entryMap(theirs)
	if err != nil {
		return err
	}
	for _, name := range unionNames(be, oe, te) {
		p := path.Join(dir, name)
		b, hasB := be[name]
		o, hasO := oe[name]
		t, hasT := te[name]
		for _, e := range []struct {
			e  object.TreeEntry
			ok bool
		}{{b, hasB}, {o, hasO}, {t, hasT}} {
			if e.ok {
				if err := checkMode(p, e.e); err != nil {
					return err
				}
			}
		}
		same := func(x object.TreeEntry, hx bool, y object.TreeEntry, hy bool) bool {
			return hx == hy && (!hx || x.Hash == y.Hash && (x.Mode == filemode.Dir) == (y.Mode == filemode.Dir))
		}
		switch {
		case same(o, hasO, t, hasT), same(t, hasT, b, hasB):
			continue // theirs brings nothing new
		case same(o, hasO, b, hasB):
			if err := s.takeEntry(p, b, hasB, t, hasT, res); err != nil {
				return err
			}
			continue
		}
		// Changed on both sides.
		oDir, tDir, bDir := hasO && o.Mode == filemode.Dir, hasT && t.Mode == filemode.Dir, hasB && b.Mode == filemode.Dir
		switch {
		case (!hasO || oDir) && (!hasT || tDir):
			// Both directories (or one deleted a directory the other
			// changed): merge inside, so that nothing changed is lost.
			var bh, oh, th plumbing.Hash
			if bDir {
				bh = b.Hash
			}
			if hasO {
				oh = o.Hash
			}
			if hasT {
				th = t.Hash
			}
			if err := s.merge3(p, bh, oh, th, resolve, res); err != nil {
				return err
			}
		case oDir || tDir:
			return fmt.Errorf("gitstore: merge: %s: a file on one side is a directory on the other", p)
		default:
			var bd, od, td []byte
			if hasB && !bDir {
				if bd, err = s.r.readBlob(b.Hash); err != nil {
					return err
				}
			}
			if hasO {
				if od, err = s.r.readBlob(o.Hash); err != nil {
					return err
				}
			}
			if hasT {
				if td, err = s.r.readBlob(t.Hash); err != nil {
					return err
				}
			}
			merged, note, err := resolve(p, bd, od, td)
			if err != nil {
				return err
			}
			if note != "" {
				res.notes = append(res.notes, p+": "+note)
			}
			if merged == nil && hasO || merged != nil && (!hasO || string(merged) != string(od)) {
				res.changes = append(res.changes, change{Path: p, Data: merged})
			}
		}
	}
	return nil
}

// takeEntry makes ours' entry at p (equal to base's) look like theirs'.
func (s *Store) takeEntry(p string, b object.TreeEntry, hasB bool, t object.TreeEntry, hasT bool, res *mergeResult) error {
	var from, to plumbing.Hash
	bDir, tDir := hasB && b.Mode == filemode.Dir, hasT && t.Mode == filemode.Dir
	if bDir {
		from = b.Hash
	} else if hasB && tDir {
		res.changes = append(res.changes, change{Path: p}) // a file replaced by a directory
	}
	if tDir {
		to = t.Hash
	}
	if bDir || tDir {
		if err := s.takeTree(p, from, to, res); err != nil {
			return err
		}
	}
	if hasT && !tDir {
		data, err := s.r.readBlob(t.Hash)
		if err != nil {
			return err
		}
		res.changes = append(res.changes, change{Path: p, Data: data})
	} else if !hasT && hasB && !bDir {
		res.changes = append(res.changes, change{Path: p})
	}
	return nil
}

// takeTree adds the changes that turn tree from (at dir) into tree to.
func (s *Store) takeTree(dir string, from, to plumbing.Hash, res *mergeResult) error {
	if from == to {
		return nil
	}
	fe, err := s.entryMap(from)
	if err != nil {
		return err
	}
	te, err := s.entryMap(to)
	if err != nil {
		return err
	}
	for _, name := range unionNames(fe, te) {
		p := path.Join(dir, name)
		f, hasF := fe[name]
		t, hasT := te[name]
		if hasT {
			if err := checkMode(p, t); err != nil {
				return err
			}
		}
		if hasF && hasT && f.Hash == t.Hash && f.Mode == t.Mode {
			continue
		}
		if err := s.takeEntry(p, f, hasF, t, hasT, res); err != nil {
			return err
		}
	}
	return nil
}

func unionNames(ms ...entryMap) []string {
	seen := map[string]bool{}
	var names []string
	for _, m := range ms {
		for n := range m {
			if !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	sort.Strings(names)
	return names
}

// fileResolver returns the resolver for files changed on both sides of a
// merge, made by by at at:
//
//   - incident.yaml: parsed on each side and merged structurally with
//     incident.Merge3 (timeline and updates as a union, field conflicts
//     decided by the later recorded change and kept as conflict events);
//   - postmortem.md: merged by lines; overlapping edits keep both texts
//     between conflict markers and are noted for review;
//   - anything else (the policy, hand-made files): the side with the later
//     change cannot be known from the bytes, so ours is kept and the note
//     says theirs was not taken.
func (s *Store) fileResolver(by incident.Person, at time.Time) resolver {
	return func(p string, base, ours, theirs []byte) ([]byte, string, error) {
		switch {
		case ours == nil || theirs == nil:
			// Deleted on one side, changed on the other: keep the changed
			// version; records are never deleted by a merge.
			if ours == nil {
				return theirs, "deleted here, changed there: kept their version", nil
			}
			return ours, "deleted there, changed here: kept our version", nil
		case path.Base(p) == incidentFile:
			parse := func(data []byte) (*incident.Incident, error) {
				if data == nil {
					return nil, nil
				}
				return incident.Parse(p, data)
			}
			b, err := parse(base)
			if err != nil {
				return nil, "", err
			}
			o, err := parse(ours)
			if err != nil {
				return nil, "", err
			}
			t, err := parse(theirs)
			if err != nil {
				return nil, "", err
			}
			m, conflicts, err := incident.Merge3(b, o, t, by, at)
			if err != nil {
				return nil, "", fmt.Errorf("%s: %w", p, err)
			}
			data, err := incident.Format(m)
			if err != nil {
				return nil, "", fmt.Errorf("%s: %w", p, err)
			}
			var note string
			if len(conflicts) > 0 {
				fields := make([]string, len(conflicts))
				for i, c := range conflicts {
					fields[i] = c.Field
				}
				note = "changed on both sides: " + strings.Join(fields, ", ") + " (losing values kept in the timeline)"
			}
			return data, note, nil
		case path.Base(p) == postmortemFile:
			merged, conflict := textmerge.Merge(base, ours, theirs)
			if conflict {
				return merged, "overlapping edits: both texts kept between conflict markers; review it", nil
			}
			return merged, "", nil
		}
		return ours, "changed on both sides: kept our version, theirs not taken", nil
	}
}
