package gitstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
)

// quarantineExt names the marker beside a fetched pack that Sync has not
// yet found safe (sync_check.go). A quarantined pack is readable, so the
// check can read it, but no write reuses its objects (hasKept) and no
// rollup copies them into another pack (rollupCandidates): a refused sync
// deletes it, and with it every object the remote sent, so that nothing a
// hostile remote brought stays in the repository. The marker is made
// before the pack appears, so writers in other processes honour it too.
const quarantineExt = ".incidentkit-quarantine"

// fetched lists the packs one fetch stored, all quarantined until accept
// or discard.
type fetched struct {
	mu    sync.Mutex
	packs []plumbing.Hash
}

func (f *fetched) add(h plumbing.Hash) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.packs = append(f.packs, h)
}

func (f *fetched) take() []plumbing.Hash {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := f.packs
	f.packs = nil
	return p
}

// quarantine returns a storage for one fetch: packs stored through its
// PackfileWriter are quarantined and listed in the returned fetched.
func (r *repo) quarantine() (*storage, *fetched) {
	f := &fetched{}
	st := *r.st
	st.fetched = f
	return &st, f
}

// quarantined reports whether pack name is quarantined.
func (db *objectDB) quarantined(name plumbing.Hash) bool {
	_, err := os.Lstat(db.packPath(name, quarantineExt))
	return err == nil
}

// markQuarantine makes the marker of pack name, reporting whether it made
// it (false when it exists: another fetch holds the same pack).
func (db *objectDB) markQuarantine(name plumbing.Hash) (bool, error) {
	f, err := os.OpenFile(db.packPath(name, quarantineExt), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o444)
	if errors.Is(err, os.ErrExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("gitstore: fetch: quarantine: %w", err)
	}
	return true, f.Close()
}

// accept lifts the quarantine of the packs f stored: their objects are
// now part of the repository like any other.
func (r *repo) accept(f *fetched) error {
	var errs []error
	for _, h := range f.take() {
		if err := os.Remove(r.db.packPath(h, quarantineExt)); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, fmt.Errorf("gitstore: accept fetched pack: %w", err))
		}
	}
	return errors.Join(errs...)
}

// discard deletes the packs f stored. It takes the write lock, so no
// write of ours is deciding what to reuse meanwhile (and none reuses a
// quarantined object anyway).
func (r *repo) discard(ctx context.Context, f *fetched) error {
	packs := f.take()
	if len(packs) == 0 {
		return nil
	}
	unlock, err := r.lockWrite(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	var errs []error
	for _, h := range packs {
		// The marker goes last: should this stop half-way, what is left
		// is still quarantined.
		for _, ext := range []string{".pack", ".idx", ".keep", quarantineExt} {
			if err := os.Remove(r.db.packPath(h, ext)); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, fmt.Errorf("gitstore: discard fetched pack: %w", err))
			}
		}
	}
	if err := r.db.refresh(); err != nil {
		errs = append(errs, err)
	}
	r.st.Reindex()
	return errors.Join(errs...)
}

// unquarantined returns the packs of ps that are not quarantined.
func (db *objectDB) unquarantined(ps []*pack) []*pack {
	out := make([]*pack, 0, len(ps))
	for _, p := range ps {
		if !db.quarantined(p.name) {
			out = append(out, p)
		}
	}
	return out
}
