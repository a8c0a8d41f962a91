package gitstore

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// change is one file written or deleted in a commit.
type change struct {
	Path string
	Data []byte // nil deletes the file
}

// signature is the author or committer of a commit.
type signature struct {
	Name, Email string
	When        time.Time
}

// commitMeta describes the commit writeCommit makes.
type commitMeta struct {
	Author, Committer signature
	Message           string
	// Sign, if not nil, returns an armored OpenPGP signature of payload.
	Sign func(payload []byte) (string, error)
}

// errBadPath reports a path writeCommit refuses to write.
var errBadPath = errors.New("gitstore: invalid path")

// validPath checks every component of a slash-separated path the way git
// fsck does for tree entry names, plus the look-alikes of ".git" that
// NTFS and HFS+ would treat as ".git".
func validPath(p string) error {
	if p == "" || strings.HasPrefix(p, "/") {
		return fmt.Errorf("%w %q: empty or absolute", errBadPath, p)
	}
	for _, c := range strings.Split(p, "/") {
		if err := validName(c); err != nil {
			return fmt.Errorf("%w %q: %v", errBadPath, p, err)
		}
	}
	return nil
}

func validName(n string) error {
	switch {
	case n == "":
		return errors.New("empty component")
	case n == "." || n == "..":
		return fmt.Errorf("component %q", n)
	case strings.ContainsAny(n, "\\\x00"):
		return fmt.Errorf("component %q contains a backslash or NUL", n)
	case isDotGitLike(n):
		return fmt.Errorf("component %q names the git directory", n)
	}
	return nil
}

// isDotGitLike reports whether a file system could take n for ".git" or
// ".gitmodules": case-folded, with HFS+ ignorable code points removed and
// NTFS trailing dots, spaces and ":stream" suffixes dropped, or as an
// NTFS 8.3 short name (git~1, gitmod~1).
func isDotGitLike(n string) bool {
	n = strings.Map(func(r rune) rune {
		switch {
		case r >= 0x200c && r <= 0x200f, r >= 0x202a && r <= 0x202e,
			r >= 0x206a && r <= 0x206f, r == 0xfeff:
			return -1
		}
		return r
	}, strings.ToLower(n))
	n, _, _ = strings.Cut(n, ":")
	n = strings.TrimRight(n, ". ")
	switch n {
	case ".git", ".gitmodules":
		return true
	}
	for _, short := range []string{"git~", "gitmod~"} {
		if rest, ok := strings.CutPrefix(n, short); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			return true
		}
	}
	return false
}

// validIdent checks a name or email for what would break the commit header.
func validIdent(s signature) error {
	if strings.ContainsAny(s.Name, "<>\n\x00") || strings.ContainsAny(s.Email, "<>\n\x00") {
		return fmt.Errorf("gitstore: invalid signature %q <%s>", s.Name, s.Email)
	}
	return nil
}

// treeEntry is one entry of a tree. mode keeps the bytes read, so trees we
// rewrite keep untouched entries byte for byte.
type treeEntry struct {
	mode string
	name string
	hash plumbing.Hash
}

func (e treeEntry) isDir() bool { return e.mode == "40000" || e.mode == "040000" }

func parseTree(h plumbing.Hash, data []byte) ([]treeEntry, error) {
	var out []treeEntry
	for len(data) > 0 {
		sp := bytes.IndexByte(data, ' ')
		nul := bytes.IndexByte(data, 0)
		if sp <= 0 || nul < sp || len(data) < nul+21 {
			return nil, fmt.Errorf("gitstore: tree %s: malformed", h)
		}
		var e treeEntry
		e.mode = string(data[:sp])
		e.name = string(data[sp+1 : nul])
		copy(e.hash[:], data[nul+1:nul+21])
		out = append(out, e)
		data = data[nul+21:]
	}
	return out, nil
}

func encodeTree(entries []treeEntry) []byte {
	var b bytes.Buffer
	for _, e := range entries {
		b.WriteString(e.mode)
		b.WriteByte(' ')
		b.WriteString(e.name)
		b.WriteByte(0)
		b.Write(e.hash[:])
	}
	return b.Bytes()
}

// treeEntries returns the entries of tree h, none for the zero hash.
// The caller holds r.mu.
func (r *repo) treeEntries(h plumbing.Hash) ([]treeEntry, error) {
	if h.IsZero() {
		return nil, nil
	}
	data, err := r.treeData(h)
	if err != nil {
		return nil, err
	}
	return parseTree(h, data)
}

// findEntry scans the raw tree data for name without building the
// entries (lookupPath: a month shard holds hundreds).
func findEntry(h plumbing.Hash, data []byte, name string) (treeEntry, bool, error) {
	for len(data) > 0 {
		sp := bytes.IndexByte(data, ' ')
		nul := bytes.IndexByte(data, 0)
		if sp <= 0 || nul < sp || len(data) < nul+21 {
			return treeEntry{}, false, fmt.Errorf("gitstore: tree %s: malformed", h)
		}
		if string(data[sp+1:nul]) == name {
			e := treeEntry{mode: string(data[:sp]), name: name}
			copy(e.hash[:], data[nul+1:nul+21])
			return e, true, nil
		}
		data = data[nul+21:]
	}
	return treeEntry{}, false, nil
}

// treeData returns the content of tree h. The caller holds r.mu.
func (r *repo) treeData(h plumbing.Hash) ([]byte, error) {
	o, err := r.db.get(plumbing.TreeObject, h)
	if err != nil {
		return nil, fmt.Errorf("gitstore: tree %s: %w", h, err)
	}
	rd, err := o.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	data, err := io.ReadAll(rd)
	if err != nil {
		return nil, fmt.Errorf("gitstore: tree %s: %w", h, err)
	}
	return data, nil
}

// changeDir is the part of a commit's changes inside one directory.
type changeDir struct {
	files map[string][]byte // name -> data, nil deletes
	dirs  map[string]*changeDir
}

func newChangeDir() *changeDir {
	return &changeDir{files: map[string][]byte{}, dirs: map[string]*changeDir{}}
}

// buildChanges validates changes and arranges them by directory.
func buildChanges(changes []change) (*changeDir, error) {
	root := newChangeDir()
	for _, c := range changes {
		if err := validPath(c.Path); err != nil {
			return nil, err
		}
		parts := strings.Split(c.Path, "/")
		d := root
		for _, p := range parts[:len(parts)-1] {
			if _, ok := d.files[p]; ok {
				return nil, fmt.Errorf("%w %q: %q is also written as a file", errBadPath, c.Path, p)
			}
			sub := d.dirs[p]
			if sub == nil {
				sub = newChangeDir()
				d.dirs[p] = sub
			}
			d = sub
		}
		name := parts[len(parts)-1]
		if _, ok := d.files[name]; ok {
			return nil, fmt.Errorf("%w %q: written twice", errBadPath, c.Path)
		}
		if d.dirs[name] != nil {
			return nil, fmt.Errorf("%w %q: also a directory", errBadPath, c.Path)
		}
		d.files[name] = c.Data
	}
	return root, nil
}

// applyDir returns the hash of tree base with the changes of d applied,
// appending every new object to objs. A tree left empty is dropped
// (empty reports it). Entries outside d keep their hashes.
func (r *repo) applyDir(base plumbing.Hash, dir string, d *changeDir, objs *[]rawObject) (h plumbing.Hash, empty bool, err error) {
	entries, err := r.treeEntries(base)
	if err != nil {
		return h, false, err
	}
	index := func(name string) int {
		for i, e := range entries {
			if e.name == name {
				return i
			}
		}
		return -1
	}
	for name, data := range d.files {
		i := index(name)
		if i >= 0 && entries[i].isDir() {
			return h, false, fmt.Errorf("%w %q: is a directory", errBadPath, dir+name)
		}
		if data == nil {
			if i >= 0 {
				entries = append(entries[:i], entries[i+1:]...)
			}
			continue
		}
		blob := newRawObject(plumbing.BlobObject, data)
		*objs = append(*objs, blob)
		if i >= 0 {
			if entries[i].mode != "100755" {
				entries[i].mode = "100644"
			}
			entries[i].hash = blob.hash
			continue
		}
		entries = append(entries, treeEntry{mode: "100644", name: name, hash: blob.hash})
	}
	for name, sub := range d.dirs {
		i := index(name)
		var subBase plumbing.Hash
		if i >= 0 {
			if !entries[i].isDir() {
				return h, false, fmt.Errorf("%w %q: is a file", errBadPath, dir+name)
			}
			subBase = entries[i].hash
		}
		sh, subEmpty, err := r.applyDir(subBase, dir+name+"/", sub, objs)
		if err != nil {
			return h, false, err
		}
		switch {
		case subEmpty && i >= 0:
			entries = append(entries[:i], entries[i+1:]...)
		case subEmpty:
		case i >= 0:
			entries[i].hash = sh
		default:
			entries = append(entries, treeEntry{mode: "40000", name: name, hash: sh})
		}
	}
	if len(entries) == 0 && dir != "" {
		return h, true, nil
	}
	// Git's order (a directory sorts as name + "/"), without building
	// those strings: compareEntries.
	if !slices.IsSortedFunc(entries, compareEntries) {
		slices.SortStableFunc(entries, compareEntries)
	}
	t := newRawObject(plumbing.TreeObject, encodeTree(entries))
	*objs = append(*objs, t)
	return t.hash, false, nil
}

// writeCommit writes the blobs of changes, the trees on their paths (every
// other entry keeps its hash) and a commit of the result on top of base
// (the tree to change, zero for none) with the given parents. Paths are
// validated before anything is written. With sync on, the new objects are
// durable when it returns: they go to disk as one pack (objects.go).
func (r *repo) writeCommit(parents []plumbing.Hash, base plumbing.Hash, changes []change, m commitMeta) (plumbing.Hash, error) {
	root, err := buildChanges(changes)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if err := validIdent(m.Author); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := validIdent(m.Committer); err != nil {
		return plumbing.ZeroHash, err
	}
	if len(parents) > 2 {
		return plumbing.ZeroHash, fmt.Errorf("gitstore: write commit: %d parents", len(parents))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	objs := make([]rawObject, 0, 8)
	tree, _, err := r.applyDir(base, "", root, &objs)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	c := &object.Commit{
		Author:       object.Signature{Name: m.Author.Name, Email: m.Author.Email, When: m.Author.When},
		Committer:    object.Signature{Name: m.Committer.Name, Email: m.Committer.Email, When: m.Committer.When},
		Message:      m.Message,
		TreeHash:     tree,
		ParentHashes: parents,
	}
	if m.Sign != nil {
		payload := &plumbing.MemoryObject{}
		if err := c.EncodeWithoutSignature(payload); err != nil {
			return plumbing.ZeroHash, fmt.Errorf("gitstore: encode commit: %w", err)
		}
		sig, err := m.Sign(objectBytes(payload))
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("gitstore: sign commit: %w", err)
		}
		c.PGPSignature = sig
	}
	enc := &plumbing.MemoryObject{}
	if err := c.Encode(enc); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("gitstore: encode commit: %w", err)
	}
	co := newRawObject(plumbing.CommitObject, objectBytes(enc))
	objs = append(objs, co)
	if err := r.db.writeObjects(objs); err != nil {
		return plumbing.ZeroHash, err
	}
	r.packCheck++
	return co.hash, nil
}

// objectBytes returns the content of an in-memory object.
func objectBytes(o *plumbing.MemoryObject) []byte {
	rd, _ := o.Reader()
	b, _ := io.ReadAll(rd)
	return b
}

// lookupPath returns the hash of the blob or tree at path in tree, and
// whether it exists. The empty path names tree itself.
func (r *repo) lookupPath(tree plumbing.Hash, path string) (plumbing.Hash, bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	h := tree
	if path == "" {
		return h, true, nil
	}
	parts := strings.Split(path, "/")
	for i, p := range parts {
		data, err := r.treeData(h)
		if err != nil {
			return plumbing.ZeroHash, false, err
		}
		e, found, err := findEntry(h, data, p)
		if err != nil || !found || (i < len(parts)-1 && !e.isDir()) {
			return plumbing.ZeroHash, false, err
		}
		h = e.hash
	}
	return h, true, nil
}
