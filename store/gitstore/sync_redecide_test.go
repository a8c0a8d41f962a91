package gitstore

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
)

// TestMergeRemoteAfterConcurrentSync: integrate decides to merge outside
// the write lock; when another sync has brought the remote's commit in by
// the time mergeRemote holds the lock, it must not write an empty merge
// commit but ask integrate to decide again.
func TestMergeRemoteAfterConcurrentSync(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	by := incident.Person{Name: "Ada", Email: "ada@example.com"}
	remotePath := filepath.Join(dir, "remote.git")
	origin, err := Init(remotePath, &Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	origin.Close()
	opts := store.SyncOptions{URL: remotePath}
	a, err := Clone(ctx, filepath.Join(dir, "a.git"), &Options{NoSync: true}, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Clone(ctx, filepath.Join(dir, "b.git"), &Options{NoSync: true}, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := a.Create(ctx, incident.Declaration{Title: "on a", Severity: "sev3"}, by); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Sync(ctx, opts); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Create(ctx, incident.Declaration{Title: "on b", Severity: "sev3"}, by); err != nil {
		t.Fatal(err)
	}
	res, err := b.Sync(ctx, opts) // merges a's commit
	if err != nil || !res.Merged {
		t.Fatalf("Sync: %+v, %v; want a merge", res, err)
	}
	theirs, err := a.r.readRef(a.ref)
	if err != nil {
		t.Fatal(err)
	}
	before, err := b.r.readRef(b.ref)
	if err != nil {
		t.Fatal(err)
	}
	// As if this sync had decided to merge theirs before the other one ran.
	rm, err := newRemote(opts, b.opts.Branch)
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.mergeRemote(ctx, rm, theirs, by, &store.SyncResult{})
	if !errors.Is(err, errRedecide) {
		t.Errorf("mergeRemote of a commit already merged: %v, want errRedecide", err)
	}
	if after, _ := b.r.readRef(b.ref); after != before {
		t.Errorf("mergeRemote wrote %s on top of %s; want no commit", after, before)
	}
}
