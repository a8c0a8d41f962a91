package gitstore

import (
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/incidentkit/incidentkit/incident"
)

// Repository layout. Incidents are sharded by the year and month of their
// declaration so that no tree on a commit's path grows without bound (the
// cost of a commit is the depth of the path times the width of its trees).
const (
	incidentsDir   = "incidents"
	incidentFile   = "incident.yaml"
	postmortemFile = "postmortem.md"
)

// incidentDir returns the directory of an incident declared at declared.
func incidentDir(id string, declared time.Time) string {
	d := declared.UTC()
	return fmt.Sprintf("%s/%04d/%02d/%s", incidentsDir, d.Year(), int(d.Month()), id)
}

// monthIndex lists the incidents of one month directory. It is immutable
// and keyed by the directory's tree hash, so an index can reuse every month
// that a new commit did not touch.
type monthIndex struct {
	tree    plumbing.Hash
	dir     string                   // "incidents/2026/11"
	entries map[string]plumbing.Hash // incident ID -> tree hash of its directory
}

// index locates every incident in one version of the incidents tree.
type index struct {
	incidents plumbing.Hash // tree hash of incidents/ (zero: no incidents yet)
	months    []*monthIndex // sorted by dir
}

// find returns the directory and the directory tree hash of incident id.
func (ix *index) find(id string) (dir string, tree plumbing.Hash, ok bool) {
	// Newest months first: recent incidents are the ones read most.
	for i := len(ix.months) - 1; i >= 0; i-- {
		m := ix.months[i]
		if h, ok := m.entries[id]; ok {
			return m.dir + "/" + id, h, true
		}
	}
	return "", plumbing.ZeroHash, false
}

// count returns how many incidents the index holds.
func (ix *index) count() int {
	n := 0
	for _, m := range ix.months {
		n += len(m.entries)
	}
	return n
}

// nextID returns the next free ID "<prefix>-<year>-<seq>" (4 digits at least).
func (ix *index) nextID(prefix string, year int) string {
	stem := prefix + "-" + strconv.Itoa(year) + "-"
	max := 0
	for _, m := range ix.months {
		for id := range m.entries {
			if n, ok := strings.CutPrefix(id, stem); ok {
				if v, err := strconv.Atoi(n); err == nil && v > max {
					max = v
				}
			}
		}
	}
	return fmt.Sprintf("%s%04d", stem, max+1)
}

// buildIndex builds the index of the incidents tree h, reusing the months of
// prev whose tree hash is unchanged.
func (s *Store) buildIndex(h plumbing.Hash, prev *index) (*index, error) {
	ix := &index{incidents: h}
	if h.IsZero() {
		return ix, nil
	}
	reuse := map[plumbing.Hash]*monthIndex{}
	if prev != nil {
		for _, m := range prev.months {
			reuse[m.tree] = m
		}
	}
	years, err := s.tree(h)
	if err != nil {
		return nil, err
	}
	for _, y := range years {
		if y.Mode != filemode.Dir {
			continue
		}
		months, err := s.tree(y.Hash)
		if err != nil {
			return nil, err
		}
		for _, mo := range months {
			if mo.Mode != filemode.Dir {
				continue
			}
			dir := path.Join(incidentsDir, y.Name, mo.Name)
			if m, ok := reuse[mo.Hash]; ok && m.dir == dir {
				ix.months = append(ix.months, m)
				continue
			}
			t, err := s.tree(mo.Hash)
			if err != nil {
				return nil, err
			}
			m := &monthIndex{tree: mo.Hash, dir: dir, entries: make(map[string]plumbing.Hash, len(t))}
			for _, e := range t {
				// Directories that are not incident IDs (hand-made
				// clutter) are ignored rather than trusted as paths.
				if e.Mode == filemode.Dir && incident.CheckID(e.Name) == nil {
					m.entries[e.Name] = e.Hash
				}
			}
			ix.months = append(ix.months, m)
		}
	}
	sort.Slice(ix.months, func(i, j int) bool { return ix.months[i].dir < ix.months[j].dir })
	return ix, nil
}
