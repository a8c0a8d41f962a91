package stress

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"

	"github.com/incidentkit/incidentkit/incident"
)

// naiveWriter adds notes the way a go-git user would without incidentkit:
// read the tip with go-git, write the blob, trees and commit through
// go-git's object storer, and publish with Storer.SetReference, which
// overwrites the branch without a lock file and without comparing it
// with the tip it started from (DESIGN.md section 4). The harness must
// report the writes this loses.
type naiveWriter struct {
	repo string
}

func (w *naiveWriter) create(context.Context, string, incident.Person) (string, error) {
	return "", fmt.Errorf("stress: the setreference writer only updates")
}

func (w *naiveWriter) update(_ context.Context, id, note string, by incident.Person) error {
	// A fresh handle per write: a *git.Repository is not safe for
	// concurrent use, and a naive user would not share one either.
	r, err := git.PlainOpen(w.repo)
	if err != nil {
		return err
	}
	ref, err := r.Reference(plumbing.NewBranchReferenceName("main"), true)
	if err != nil {
		return err
	}
	tip, err := r.CommitObject(ref.Hash())
	if err != nil {
		return err
	}
	root, err := tip.Tree()
	if err != nil {
		return err
	}
	path, err := findIncident(root, id)
	if err != nil {
		return err
	}
	f, err := root.File(path)
	if err != nil {
		return err
	}
	text, err := f.Contents()
	if err != nil {
		return err
	}
	inc, err := incident.Parse(path, []byte(text))
	if err != nil {
		return err
	}
	at := time.Now().UTC().Truncate(time.Second)
	if err := inc.AddNote(note, by, at); err != nil {
		return err
	}
	data, err := incident.Format(inc)
	if err != nil {
		return err
	}
	st := r.Storer
	blob, err := storeObject(st, plumbing.BlobObject, data)
	if err != nil {
		return err
	}
	newRoot, err := replacePath(st, root, strings.Split(path, "/"), blob)
	if err != nil {
		return err
	}
	sig := object.Signature{Name: by.Name, Email: by.Email, When: at}
	c := &object.Commit{Author: sig, Committer: sig, Message: "Add note to " + id + "\n\nIncident: " + id + "\n",
		TreeHash: newRoot, ParentHashes: []plumbing.Hash{tip.Hash}}
	enc := st.NewEncodedObject()
	if err := c.Encode(enc); err != nil {
		return err
	}
	ch, err := st.SetEncodedObject(enc)
	if err != nil {
		return err
	}
	return st.SetReference(plumbing.NewHashReference(ref.Name(), ch))
}

// findIncident returns the path of id's incident file in root.
func findIncident(root *object.Tree, id string) (string, error) {
	var found string
	err := root.Files().ForEach(func(f *object.File) error {
		if strings.HasSuffix(f.Name, "/"+id+"/incident.yaml") {
			found = f.Name
			return storer.ErrStop
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	if found == "" {
		return "", fmt.Errorf("stress: %s not found", id)
	}
	return found, nil
}

func storeObject(st storer.EncodedObjectStorer, t plumbing.ObjectType, data []byte) (plumbing.Hash, error) {
	o := st.NewEncodedObject()
	o.SetType(t)
	wr, err := o.Writer()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if _, err := wr.Write(data); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := wr.Close(); err != nil {
		return plumbing.ZeroHash, err
	}
	return st.SetEncodedObject(o)
}

// replacePath stores a copy of tree t with the file at path (which exists)
// replaced by blob, and returns the new tree's hash.
func replacePath(st storer.EncodedObjectStorer, t *object.Tree, path []string, blob plumbing.Hash) (plumbing.Hash, error) {
	entries := append([]object.TreeEntry(nil), t.Entries...)
	i := sort.Search(len(entries), func(i int) bool { return entries[i].Name >= path[0] })
	for i < len(entries) && entries[i].Name != path[0] {
		i++
	}
	if i == len(entries) {
		return plumbing.ZeroHash, fmt.Errorf("stress: %s not in tree", path[0])
	}
	if len(path) == 1 {
		entries[i].Hash, entries[i].Mode = blob, filemode.Regular
	} else {
		sub, err := t.Tree(path[0])
		if err != nil {
			return plumbing.ZeroHash, err
		}
		h, err := replacePath(st, sub, path[1:], blob)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		entries[i].Hash = h
	}
	nt := &object.Tree{Entries: entries}
	o := st.NewEncodedObject()
	if err := nt.Encode(o); err != nil {
		return plumbing.ZeroHash, err
	}
	return st.SetEncodedObject(o)
}
