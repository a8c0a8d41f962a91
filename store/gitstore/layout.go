package gitstore

import (
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
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
	seq     map[string]int           // ID stem ("INC-2026-") -> highest number used
}

// index locates every incident in one version of the incidents tree.
type index struct {
	incidents plumbing.Hash // tree hash of incidents/ (zero: no incidents yet)
	months    []*monthIndex // sorted by dir

	// Every incident of this version, decoded, once List has needed them
	// all: repeated Lists of an unchanged repository only filter and copy.
	mu     sync.Mutex
	loaded bool
	all    []*incident.Incident // shared: never handed out
	allErr error                // an *incident.InvalidError, or nil
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

// dirOf returns the directory of incident id, or "" when there is none.
func (snap *snapshot) dirOf(id string) string {
	dir, _, _ := snap.idx.find(id)
	return dir
}

// count returns how many incidents the index holds.
func (ix *index) count() int {
	n := 0
	for _, m := range ix.months {
		n += len(m.entries)
	}
	return n
}

// nextID returns the next free ID "<prefix>-<year>-<seq>" (4 digits at
// least). It looks at a few numbers per month directory, not at every ID.
func (ix *index) nextID(prefix string, year int) string {
	stem := prefix + "-" + strconv.Itoa(year) + "-"
	max := 0
	for _, m := range ix.months {
		if v := m.seq[stem]; v > max {
			max = v
		}
	}
	return fmt.Sprintf("%s%04d", stem, max+1)
}

// addSeq records id in the highest-number table of m when id ends with a
// number group ("INC-2026-0042" counts 42 for stem "INC-2026-").
func (m *monthIndex) addSeq(id string) {
	i := strings.LastIndexByte(id, '-')
	if i < 0 {
		return
	}
	if v, err := strconv.Atoi(id[i+1:]); err == nil && v > m.seq[id[:i+1]] {
		m.seq[id[:i+1]] = v
	}
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
			m := &monthIndex{tree: mo.Hash, dir: dir, entries: make(map[string]plumbing.Hash, len(t)), seq: map[string]int{}}
			for _, e := range t {
				// Directories that are not incident IDs (hand-made
				// clutter) are ignored rather than trusted as paths.
				if e.Mode == filemode.Dir && incident.CheckID(e.Name) == nil {
					m.entries[e.Name] = e.Hash
					m.addSeq(e.Name)
				}
			}
			ix.months = append(ix.months, m)
		}
	}
	sort.Slice(ix.months, func(i, j int) bool { return ix.months[i].dir < ix.months[j].dir })
	return ix, nil
}
