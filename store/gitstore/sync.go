package gitstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
)

var _ store.Syncer = (*Store)(nil)

// ErrUnrelated is matched by the error Sync returns when the local branch
// and the remote's share no commit: merging them would join two unrelated
// record repositories, so Sync refuses and changes nothing.
var ErrUnrelated = errors.New("gitstore: the histories share no commit")

// maxSyncRounds bounds how often Sync fetches, merges and pushes again when
// other clones keep pushing first.
const maxSyncRounds = 20

// trackingRef is where the store records the remote branch as last seen:
// it keeps the fetched history reachable (safe from git gc) and tells the
// next fetch what we already have. It lives outside refs/remotes so that
// git's own remotes, if any, are left alone.
func (rm *remote) trackingRef() plumbing.ReferenceName {
	return plumbing.ReferenceName("refs/incidentkit/remote/" + rm.name + "/" + rm.branch.Short())
}

// Clone creates a repository at path (bare unless opts.Worktree) with no
// commit of its own and fills it from remote with [Store.Sync]: how a
// responder gets a copy of the team's records. When the remote's branch
// does not exist yet, the clone starts empty and its first Sync creates
// it. Like git clone, it records the remote in the repository's config
// ([remote "origin"] url = ..., unless the URL carries credentials), so
// that a later Sync with no URL finds it. Clone fails if path already
// holds a repository; on any other error it removes what it created.
func Clone(ctx context.Context, path string, opts *Options, remote store.SyncOptions) (*Store, error) {
	o := opts.withDefaults()
	if _, err := os.Stat(path); err == nil {
		if _, _, err := findGitDir(path); err == nil {
			return nil, fmt.Errorf("gitstore: clone into %s: %w", path, store.ErrExist)
		}
	}
	_, statErr := os.Stat(path)
	r, err := initRepo(path, !o.Worktree, o.Branch, o.repoOptions())
	if err != nil {
		return nil, fmt.Errorf("gitstore: clone into %s: %w", path, err)
	}
	s := newStore(r, o)
	_, err = s.Sync(ctx, remote)
	if err == nil {
		err = s.recordRemote(remote)
	}
	if err != nil {
		_ = s.Close()
		if os.IsNotExist(statErr) {
			_ = os.RemoveAll(path)
		}
		return nil, err
	}
	return s, nil
}

// Sync exchanges changes with the remote branch: it fetches it, then
// fast-forwards the local branch, or merges when both moved (see the
// package documentation, "Sync"), and pushes the result without force.
// When the remote refuses the push because another clone pushed first, it
// fetches, merges and pushes again, up to 20 rounds, or until ctx ends.
//
// Every move of the local branch is a compare-and-swap under the store's
// write lock, after the fetched objects are durable; an error leaves the
// local branch as it was, or at a merge commit that a later Sync pushes.
// Errors name the remote and the step that failed, never the credentials.
func (s *Store) Sync(ctx context.Context, opts store.SyncOptions) (store.SyncResult, error) {
	var res store.SyncResult
	if opts.URL == "" {
		u, err := s.configuredURL(remoteName(opts))
		if err != nil {
			return res, err
		}
		opts.URL = u
	}
	rm, err := newRemote(opts, s.opts.Branch)
	if err != nil {
		return res, err
	}
	by := opts.By
	if by.IsZero() {
		by = s.opts.Committer
	}
	if err := by.Validate(); err != nil {
		return res, fmt.Errorf("gitstore: sync with %s: by: %w", rm.name, err)
	}
	if opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.Timeout)
		defer cancel()
	}
	before, err := s.r.readRef(s.ref)
	if err != nil {
		return res, err
	}
	res.Before, res.After = hashText(before), hashText(before)
	track := rm.trackingRef()
	have := func(h plumbing.Hash) bool { return s.r.st.HasEncodedObject(h) == nil }
	for round := 1; ; round++ {
		if round > maxSyncRounds {
			return res, rm.errorf("push", "gave up after %d rounds, other clones kept pushing first: %w", maxSyncRounds, store.ErrConflict)
		}
		res.Attempts = round
		if err := ctx.Err(); err != nil {
			return res, rm.errorf("", "%w", err)
		}
		local, err := s.r.readRef(s.ref)
		if err != nil {
			return res, err
		}
		seen, err := s.r.readRef(track)
		if err != nil {
			return res, err
		}
		// What the fetch stores stays quarantined until it is found safe;
		// a refused remote leaves nothing behind.
		st, got := s.r.quarantine()
		theirs, err := rm.fetch(ctx, st, have, []plumbing.Hash{local, seen})
		if err != nil {
			return res, errors.Join(err, s.r.discard(context.WithoutCancel(ctx), got))
		}
		// Nothing the remote brings is taken, not even into the tracking
		// ref, before it is found safe.
		if theirs != seen {
			if err := s.checkIncoming(ctx, rm, local, theirs); err != nil {
				return res, errors.Join(err, s.r.discard(context.WithoutCancel(ctx), got))
			}
		}
		if err := s.r.accept(got); err != nil {
			return res, err
		}
		tip, err := s.integrate(ctx, rm, theirs, by, &res)
		if err != nil {
			return res, err
		}
		res.After = hashText(tip)
		if err := s.setRef(ctx, track, theirs); err != nil {
			return res, err
		}
		if tip == theirs || tip.IsZero() {
			return res, nil
		}
		w, err := s.paint(ctx, tip, theirs)
		if err != nil {
			return res, err
		}
		objs, err := s.objectsToSend(w.oursOnly)
		if err != nil {
			return res, err
		}
		err = rm.push(ctx, s.r.st, theirs, tip, objs)
		if errors.Is(err, errRemoteMoved) {
			continue
		}
		if err != nil {
			return res, err
		}
		res.Pushed = true
		return res, s.setRef(ctx, track, tip)
	}
}

func hashText(h plumbing.Hash) string {
	if h.IsZero() {
		return ""
	}
	return h.String()
}

// setRef moves ref (not the store's branch) to h under the write lock.
func (s *Store) setRef(ctx context.Context, ref plumbing.ReferenceName, h plumbing.Hash) error {
	if h.IsZero() {
		return nil
	}
	unlock, err := s.r.lockWrite(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	for range maxAttempts {
		cur, err := s.r.readRef(ref)
		if err != nil || cur == h {
			return err
		}
		if err = s.r.casRef(ref, cur, h); !errors.Is(err, errRefChanged) {
			return err
		}
	}
	return fmt.Errorf("gitstore: update %s: %w", ref, store.ErrConflict)
}

// integrate brings the remote's tip theirs into the local branch and
// returns the new local tip: theirs after a fast-forward, a merge commit
// when both sides moved, the local tip when theirs is already in it.
func (s *Store) integrate(ctx context.Context, rm *remote, theirs plumbing.Hash, by incident.Person, res *store.SyncResult) (plumbing.Hash, error) {
	for range maxAttempts {
		local, err := s.r.readRef(s.ref)
		if err != nil {
			return local, err
		}
		if theirs.IsZero() || local == theirs {
			return local, nil
		}
		if !local.IsZero() {
			w, err := s.paint(ctx, local, theirs)
			if err != nil {
				return local, err
			}
			switch {
			case len(w.bases) == 0:
				return local, rm.errorf("merge", "local branch %s and %s/%s have no common ancestor, refusing to merge unrelated records: %w",
					s.opts.Branch, rm.name, rm.branch.Short(), ErrUnrelated)
			case w.bases[0].hash == theirs:
				return local, nil // nothing new there
			case w.bases[0].hash != local:
				tip, err := s.mergeRemote(ctx, rm, theirs, by, res)
				if errors.Is(err, errRedecide) {
					continue // a concurrent sync changed the picture: look again
				}
				return tip, err
			}
		}
		ok, err := s.fastForward(ctx, local, theirs)
		if err != nil {
			return local, err
		}
		if ok {
			res.FastForward = true
			return theirs, nil
		}
		// The branch moved while we looked: decide again.
	}
	return plumbing.ZeroHash, fmt.Errorf("gitstore: sync: the branch kept moving: %w", store.ErrConflict)
}

// fastForward moves the branch from local to theirs (a descendant),
// updating the work tree of a non-bare repository. It reports false when
// the branch is no longer at local.
func (s *Store) fastForward(ctx context.Context, local, theirs plumbing.Hash) (bool, error) {
	unlock, err := s.r.lockWrite(ctx)
	if err != nil {
		return false, err
	}
	defer unlock()
	var changes []change
	if s.r.workDir != "" {
		var from plumbing.Hash
		if !local.IsZero() {
			c, err := s.r.readCommit(local)
			if err != nil {
				return false, err
			}
			from = c.TreeHash
		}
		c, err := s.r.readCommit(theirs)
		if err != nil {
			return false, err
		}
		res, err := s.mergeTrees(from, from, c.TreeHash, nil)
		if err != nil {
			return false, err
		}
		changes = res.changes
	}
	err = s.r.casRef(s.ref, local, theirs)
	if errors.Is(err, errRefChanged) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	// The fetch added a pack: let maintenance count it like a commit's.
	s.r.mu.Lock()
	s.r.packCheck++
	s.r.mu.Unlock()
	_ = s.r.maybePack() // best effort: the fast-forward is done
	if err := s.r.syncWorktree(s.ref, changes, theirs); err != nil {
		return true, fmt.Errorf("%w: fast-forwarded to %s: %v", ErrWorktree, theirs, err)
	}
	return true, nil
}

// errRedecide tells integrate that the local branch changed so that the
// merge it decided on is no longer needed (or a fast-forward will do).
var errRedecide = errors.New("gitstore: sync: branch moved, decide again")

// mergeRemote commits the merge of theirs into the local branch, through
// the store's write path (lock, compare-and-swap, retry when the branch
// moved).
func (s *Store) mergeRemote(ctx context.Context, rm *remote, theirs plumbing.Hash, by incident.Person, res *store.SyncResult) (plumbing.Hash, error) {
	tc, err := s.r.readCommit(theirs)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	at := s.now()
	var m *syncMerge
	tip, err := s.write(ctx, s.ref, "sync", by, at, func(snap *snapshot) (*plan, error) {
		w, err := s.paint(ctx, snap.commit, theirs)
		if err != nil {
			return nil, err
		}
		if len(w.bases) == 0 {
			return nil, rm.errorf("merge", "%w", ErrUnrelated)
		}
		// Decided outside the lock; another sync (goroutine or process)
		// may have brought theirs in meanwhile, or left a tip that a
		// fast-forward can reach. A merge commit then would be empty.
		if b := w.bases[0].hash; b == theirs || b == snap.commit {
			return nil, errRedecide
		}
		bc, err := s.r.readCommit(w.bases[0].hash)
		if err != nil {
			return nil, err
		}
		m = &syncMerge{s: s, by: by, at: at}
		changes, err := m.mergeTrees3(bc.TreeHash, snap, tc.TreeHash)
		if err != nil {
			return nil, err
		}
		return &plan{changes: changes, message: m.message(rm, s.opts.Branch), merge: theirs}, nil
	})
	if errors.Is(err, errRedecide) {
		return plumbing.ZeroHash, err
	}
	if err != nil {
		var se *syncError
		if errors.As(err, &se) {
			return plumbing.ZeroHash, err
		}
		return plumbing.ZeroHash, rm.errorf("merge", "%w", err)
	}
	res.Merged = true
	res.Review = append(res.Review, m.review...)
	res.Renumbered = append(res.Renumbered, m.renum...)
	return tip, nil
}

// message returns the merge commit's message: what merged, what was
// renumbered, what needs review, the local versions of files the remote's
// replaced, and trailers (Sync-Remote, one Incident per incident touched).
func (m *syncMerge) message(rm *remote, branch string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Merge %s/%s into %s\n", rm.name, rm.branch.Short(), branch)
	ids := map[string]bool{}
	if len(m.both) > 0 {
		sort.Strings(m.both)
		fmt.Fprintf(&b, "\nIncidents changed on both clones, merged: %s.\n", strings.Join(m.both, ", "))
		for _, id := range m.both {
			ids[id] = true
		}
	}
	if len(m.renum) > 0 {
		b.WriteString("\n")
		for _, r := range m.renum {
			fmt.Fprintf(&b, "Renumbered %s to %s (uid %s): another clone had declared a different incident as %s.\n", r.From, r.To, r.UID, r.From)
			ids[r.To] = true
		}
	}
	if len(m.review) > 0 {
		b.WriteString("\nReview:\n")
		for _, n := range m.review {
			fmt.Fprintf(&b, "- %s\n", n)
		}
	}
	for _, d := range m.detail {
		fmt.Fprintf(&b, "\n%s\n", d)
	}
	fmt.Fprintf(&b, "\nSync-Remote: %s\n", rm.name)
	sorted := make([]string, 0, len(ids))
	for id := range ids {
		sorted = append(sorted, id)
	}
	sort.Strings(sorted)
	for _, id := range sorted {
		fmt.Fprintf(&b, "Incident: %s\n", id)
	}
	return b.String()
}
