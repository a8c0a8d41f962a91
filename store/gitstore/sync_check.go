package gitstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"go.yaml.in/yaml/v3"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/internal/yamldoc"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
)

// ErrUnsafe is matched by the error Sync returns when the remote's branch
// brings content a record repository must not hold: a symbolic link, a
// submodule, an executable record file, a path git fsck refuses (such as
// "..", ".git" or one with a backslash), a record file over its size cap,
// or a YAML file with anchors, aliases, merge keys or deep nesting (the
// makings of a YAML bomb). The error names the path and the commit; Sync
// moves no ref, so the local branch stays as it was. A person fixes the
// remote's branch, and the next Sync takes it.
var ErrUnsafe = errors.New("gitstore: unsafe content")

// recordCaps are the size caps of the record files, by file name.
var recordCaps = map[string]int{
	incidentFile:   incident.MaxFileSize,
	postmortemFile: postmortem.MaxSize,
}

// checkIncoming checks every commit the remote's tip theirs brings (those
// not reachable from local) before Sync takes any of them, and returns an
// error matching ErrUnsafe for the first unsafe entry it finds. Only what a
// commit changes is read: entries equal to the same entry of a parent were
// checked with that parent (or are already local).
func (s *Store) checkIncoming(ctx context.Context, rm *remote, local, theirs plumbing.Hash) error {
	if theirs.IsZero() || theirs == local {
		return nil
	}
	w, err := s.paint(ctx, theirs, local)
	if err != nil {
		return rm.errorf("check", "%w", err)
	}
	c := &incomingCheck{s: s, yamlSeen: map[plumbing.Hash]bool{}, trees: map[plumbing.Hash][]treeEntry{}}
	refuse := func(commit plumbing.Hash, err error) error {
		var ue *unsafeEntry
		if errors.As(err, &ue) {
			return rm.errorf("check", "commit %s: %s: %s: refused, nothing was taken from the remote: %w",
				short(commit), ue.path, ue.reason, ErrUnsafe)
		}
		return rm.errorf("check", "commit %s: %w", short(commit), err)
	}
	for _, n := range w.oursOnly {
		if err := ctx.Err(); err != nil {
			return rm.errorf("check", "%w", err)
		}
		parents := make([]plumbing.Hash, 0, len(n.parents))
		for _, p := range n.parents {
			pc, err := s.commitInfo(p)
			if err != nil {
				return rm.errorf("check", "%w", err)
			}
			parents = append(parents, pc.tree)
		}
		c.files = c.files[:0]
		s.r.mu.Lock() // treeEntries reads raw trees: cheaper than decoding them
		err := c.tree("", n.tree, parents)
		s.r.mu.Unlock()
		if err != nil {
			return refuse(n.hash, err)
		}
		for _, f := range c.files {
			if err := c.file(f.path, f.hash); err != nil {
				return refuse(n.hash, err)
			}
		}
	}
	return nil
}

// unsafeEntry is one thing checkIncoming refuses.
type unsafeEntry struct {
	path, reason string
}

func (e *unsafeEntry) Error() string { return e.path + ": " + e.reason }

// incomingCheck walks the trees of incoming commits.
type incomingCheck struct {
	s        *Store
	yamlSeen map[plumbing.Hash]bool // YAML blobs already found safe
	files    []recordFile           // record files one commit changes
	// trees holds the entries of the trees read so far: commits come
	// newest first, so a commit's parent trees are the next one's trees.
	trees map[plumbing.Hash][]treeEntry
}

// entries returns the entries of tree h. The caller holds r.mu.
func (c *incomingCheck) entries(h plumbing.Hash) ([]treeEntry, error) {
	if es, ok := c.trees[h]; ok {
		return es, nil
	}
	es, err := c.s.r.treeEntries(h)
	if err != nil {
		return nil, err
	}
	if len(c.trees) >= 4096 {
		clear(c.trees)
	}
	c.trees[h] = es
	return es, nil
}

// recordFile is a record file to check.
type recordFile struct {
	path string
	hash plumbing.Hash
}

// tree checks tree h at dir against the trees at the same place in the
// commit's parents (zero hashes where a parent has none), and lists the
// record files to check in c.files. Entries are matched by walking the
// parents' entries alongside, in git's tree order; an entry a parent's
// tree lists out of order is merely checked again. The caller holds r.mu.
func (c *incomingCheck) tree(dir string, h plumbing.Hash, parents []plumbing.Hash) error {
	for _, p := range parents {
		if p == h {
			return nil
		}
	}
	entries, err := c.entries(h)
	if err != nil {
		return err
	}
	pe := make([][]treeEntry, len(parents))
	for i, p := range parents {
		if pe[i], err = c.entries(p); err != nil {
			return err
		}
	}
	pos := make([]int, len(parents))
next:
	for _, e := range entries {
		var sub []plumbing.Hash
		for i, es := range pe {
			j := pos[i]
			for j < len(es) && compareEntries(es[j], e) < 0 {
				j++
			}
			pos[i] = j
			if j < len(es) && compareEntries(es[j], e) == 0 {
				if x := es[j]; x.hash == e.hash && x.mode == e.mode {
					continue next
				} else if x.isDir() {
					sub = append(sub, x.hash)
				}
			}
		}
		p := e.name // not path.Join, which would clean a ".." away
		if dir != "" {
			p = dir + "/" + e.name
		}
		if err := validName(e.name); err != nil {
			return &unsafeEntry{path: fmt.Sprintf("%q", p), reason: err.Error()}
		}
		record := strings.HasPrefix(p, incidentsDir+"/") || strings.HasPrefix(p, ".incidentkit/")
		switch {
		case e.mode == "120000":
			return &unsafeEntry{path: p, reason: "a symbolic link (a record repository holds regular files only)"}
		case e.mode == "160000":
			return &unsafeEntry{path: p, reason: "a submodule (a record repository holds regular files only)"}
		case e.isDir():
			if err := c.tree(p, e.hash, sub); err != nil {
				return err
			}
		case e.mode == "100755":
			if record {
				return &unsafeEntry{path: p, reason: "an executable file (record files are never executable)"}
			}
		case e.mode == "100644" || e.mode == "100664":
			if record {
				c.files = append(c.files, recordFile{p, e.hash})
			}
		default:
			return &unsafeEntry{path: p, reason: fmt.Sprintf("unsupported file mode %s", e.mode)}
		}
	}
	return nil
}

// file checks a record file: its size against its cap, and a YAML file
// for the constructs of a YAML bomb.
func (c *incomingCheck) file(p string, h plumbing.Hash) error {
	name := path.Base(p)
	limit, ok := recordCaps[name]
	isYAML := name == incidentFile || p == severity.PolicyFile
	if p == severity.PolicyFile {
		limit, ok = severity.MaxPolicySize, true
	}
	if !ok || isYAML && c.yamlSeen[h] {
		return nil
	}
	if !isYAML {
		size, err := c.s.r.st.EncodedObjectSize(h)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		if size > int64(limit) {
			return &unsafeEntry{path: p, reason: fmt.Sprintf("%d bytes, more than the limit of %d", size, limit)}
		}
		return nil
	}
	data, err := c.s.r.readBlob(h)
	if err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	if len(data) > limit {
		return &unsafeEntry{path: p, reason: fmt.Sprintf("%d bytes, more than the limit of %d", len(data), limit)}
	}
	if reason := yamlHazard(data); reason != "" {
		return &unsafeEntry{path: p, reason: reason}
	}
	c.yamlSeen[h] = true
	return nil
}

// yamlHazard returns what makes data unsafe to take in as YAML, or "". A
// file that does not parse at all is not unsafe: a person broke it by
// hand, reads report it with its line, and the merge keeps the other side's
// version.
func yamlHazard(data []byte) string {
	if !mayBeHazard(data) {
		return ""
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return ""
	}
	var walk func(n *yaml.Node, depth int) string
	walk = func(n *yaml.Node, depth int) string {
		switch {
		case n.Kind == yaml.AliasNode:
			return fmt.Sprintf("line %d: an alias (*%s): anchors and aliases make YAML bombs and are not allowed", n.Line, n.Value)
		case n.Anchor != "":
			return fmt.Sprintf("line %d: an anchor (&%s): anchors and aliases make YAML bombs and are not allowed", n.Line, n.Anchor)
		case depth > yamldoc.MaxDepth:
			return fmt.Sprintf("line %d: nested more than %d levels deep", n.Line, yamldoc.MaxDepth)
		}
		for i, k := range n.Content {
			if n.Kind == yaml.MappingNode && i%2 == 0 && k.Kind == yaml.ScalarNode && (k.Tag == "!!merge" || k.Value == "<<" && k.Style == 0) {
				return fmt.Sprintf("line %d: a merge key (<<) is not allowed", k.Line)
			}
			if r := walk(k, depth+1); r != "" {
				return r
			}
		}
		return ""
	}
	return walk(&doc, 0)
}

// mayBeHazard reports whether data could hold what yamlHazard looks for,
// from its bytes alone, so that the YAML parser runs only on the few files
// that might: anchors, aliases and merge keys need "&", "*" or "<<", and
// nesting deeper than yamldoc.MaxDepth needs that many flow brackets or a
// line indented at least that far.
func mayBeHazard(data []byte) bool {
	if bytes.ContainsAny(data, "&*") || bytes.Contains(data, []byte("<<")) ||
		bytes.Count(data, []byte("["))+bytes.Count(data, []byte("{")) >= yamldoc.MaxDepth {
		return true
	}
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		// Each level of block nesting takes at least one column: spaces,
		// or "- " and "? " starting a nested sequence or complex key.
		indent := len(line) - len(bytes.TrimLeft(line, " -?\t"))
		if indent >= yamldoc.MaxDepth-1 {
			return true
		}
	}
	return false
}

// compareEntries orders tree entries as git does: by name, a directory's
// name taken with a "/" after it. Entries of the same name and kind are
// equal.
func compareEntries(a, b treeEntry) int {
	an, bn := a.name, b.name
	n := min(len(an), len(bn))
	if c := strings.Compare(an[:n], bn[:n]); c != 0 {
		return c
	}
	next := func(name string, dir bool) int {
		switch {
		case len(name) > n:
			return int(name[n])
		case dir:
			return '/'
		}
		return -1 // the end of a file name sorts first
	}
	return next(an, a.isDir()) - next(bn, b.isDir())
}
