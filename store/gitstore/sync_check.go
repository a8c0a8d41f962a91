package gitstore

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
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
	c := &incomingCheck{s: s, yamlSeen: map[plumbing.Hash]bool{}}
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
		if err := c.tree("", n.tree, parents); err != nil {
			var ue *unsafeEntry
			if errors.As(err, &ue) {
				return rm.errorf("check", "commit %s: %s: %s: refused, nothing was taken from the remote: %w",
					short(n.hash), ue.path, ue.reason, ErrUnsafe)
			}
			return rm.errorf("check", "commit %s: %w", short(n.hash), err)
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
}

// tree checks tree h at dir against the trees at the same place in the
// commit's parents (zero hashes where a parent has none).
func (c *incomingCheck) tree(dir string, h plumbing.Hash, parents []plumbing.Hash) error {
	for _, p := range parents {
		if p == h {
			return nil
		}
	}
	entries, err := c.s.tree(h)
	if err != nil {
		return err
	}
	pe := make([]entryMap, len(parents))
	for i, p := range parents {
		if pe[i], err = c.s.entryMap(p); err != nil {
			return err
		}
	}
next:
	for _, e := range entries {
		p := e.Name // not path.Join, which would clean a ".." away
		if dir != "" {
			p = dir + "/" + e.Name
		}
		var sub []plumbing.Hash
		for _, m := range pe {
			if x, ok := m[e.Name]; ok {
				if x.Hash == e.Hash && x.Mode == e.Mode {
					continue next
				}
				if x.Mode == filemode.Dir {
					sub = append(sub, x.Hash)
				}
			}
		}
		if err := validName(e.Name); err != nil {
			return &unsafeEntry{path: fmt.Sprintf("%q", p), reason: err.Error()}
		}
		record := strings.HasPrefix(p, incidentsDir+"/") || strings.HasPrefix(p, ".incidentkit/")
		switch e.Mode {
		case filemode.Symlink:
			return &unsafeEntry{path: p, reason: "a symbolic link (a record repository holds regular files only)"}
		case filemode.Submodule:
			return &unsafeEntry{path: p, reason: "a submodule (a record repository holds regular files only)"}
		case filemode.Dir:
			if err := c.tree(p, e.Hash, sub); err != nil {
				return err
			}
		case filemode.Executable:
			if record {
				return &unsafeEntry{path: p, reason: "an executable file (record files are never executable)"}
			}
		case filemode.Regular, filemode.Deprecated:
			if record {
				if err := c.file(p, e.Hash); err != nil {
					return err
				}
			}
		default:
			return &unsafeEntry{path: p, reason: fmt.Sprintf("unsupported file mode %s", e.Mode)}
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
	size, err := c.s.r.st.EncodedObjectSize(h)
	if err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	if size > int64(limit) {
		return &unsafeEntry{path: p, reason: fmt.Sprintf("%d bytes, more than the limit of %d", size, limit)}
	}
	if !isYAML {
		return nil
	}
	data, err := c.s.r.readBlob(h)
	if err != nil {
		return fmt.Errorf("%s: %w", p, err)
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
