package gitstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
	"github.com/incidentkit/incidentkit/store"
)

var _ store.Store = (*Store)(nil)

// ErrWorktree is matched by the error a write returns when the change was
// committed but the work tree of a non-bare repository could not be brought
// up to date. The change is durable; do not retry it. Create and Update
// return the incident as committed along with this error.
var ErrWorktree = errors.New("gitstore: work tree not updated")

// historyCacheSize bounds the commits (and commit paths) remembered for
// history walks: about 100 bytes each, so 200,000 entries cost ~20 MB.
const historyCacheSize = 200_000

// maxAttempts bounds how often a write is re-applied when the branch keeps
// moving under it (writers that do not take the store's lock, such as git
// commands run beside it).
const maxAttempts = 16

// Store is a [store.Store] that keeps every record in a Git repository:
// each incident a YAML file, each post-mortem a Markdown file, each change
// one commit authored by the person acting.
//
// A Store is safe for concurrent use, and several processes (and git
// commands) may write the same repository at once: see the package
// documentation for the guarantees.
type Store struct {
	r    *repo
	opts Options
	ref  plumbing.ReferenceName

	mu      sync.Mutex // guards the caches below
	snap    *snapshot  // the last snapshot built
	trees   *lru[plumbing.Hash, treeEntries]
	incs    *lru[fileKey, decoded]
	commits *lru[plumbing.Hash, commitNode] // for history walks
	paths   *lru[pathKey, plumbing.Hash]    // blob of a path in a commit
	pol     *policyCache
}

// snapshot is one committed state of the branch.
type snapshot struct {
	commit plumbing.Hash // zero for an empty branch
	root   plumbing.Hash // root tree (zero for an empty branch)
	idx    *index
}

// Init creates a repository at path (bare unless opts.Worktree) and commits
// the severity policy to .incidentkit/policy.yaml as its first commit. It
// fails if path already holds a repository.
func Init(path string, opts *Options) (*Store, error) {
	o := opts.withDefaults()
	if err := o.Policy.Validate(); err != nil {
		return nil, fmt.Errorf("gitstore: init %s: %w", path, err)
	}
	if _, err := os.Stat(path); err == nil {
		if _, _, err := findGitDir(path); err == nil {
			return nil, fmt.Errorf("gitstore: init %s: %w", path, store.ErrExist)
		}
	}
	r, err := initRepo(path, !o.Worktree, o.Branch, o.repoOptions())
	if err != nil {
		return nil, fmt.Errorf("gitstore: init %s: %w", path, err)
	}
	s := newStore(r, o)
	at := s.now()
	_, err = s.write(context.Background(), s.ref, "init", o.Committer, at, func(*snapshot) (*plan, error) {
		msg := "incidentkit: initialise repository\n\nWrites the severity policy to " + severity.PolicyFile + ".\n"
		return &plan{changes: []change{{Path: severity.PolicyFile, Data: o.Policy.Format()}}, message: msg}, nil
	})
	if err != nil {
		r.close()
		return nil, fmt.Errorf("gitstore: init %s: %w", path, err)
	}
	return s, nil
}

// Open opens the repository at path (bare or not). The branch need not
// exist yet; the first write creates it. When path does not exist the error
// matches [io/fs.ErrNotExist].
func Open(path string, opts *Options) (*Store, error) {
	o := opts.withDefaults()
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("gitstore: open: %w", err) // matches fs.ErrNotExist
	}
	r, err := openRepo(path, o.repoOptions())
	if err != nil {
		return nil, err
	}
	return newStore(r, o), nil
}

func newStore(r *repo, o Options) *Store {
	return &Store{
		r:       r,
		opts:    o,
		ref:     plumbing.NewBranchReferenceName(o.Branch),
		trees:   newLRU[plumbing.Hash, treeEntries](4096),
		incs:    newLRU[fileKey, decoded](o.IncidentCacheSize),
		commits: newLRU[plumbing.Hash, commitNode](historyCacheSize),
		paths:   newLRU[pathKey, plumbing.Hash](historyCacheSize),
		pol:     &policyCache{},
	}
}

func (o Options) repoOptions() repoOptions {
	return repoOptions{NoSync: o.NoSync, ObjectCacheSize: o.ObjectCacheSize}
}

// Pack compacts the repository: every pack and loose object is rewritten
// into one compressed pack, under the write lock (writers wait, readers do
// not). Writes keep the number of packs logarithmic on their own, but each
// commit's own pack is stored uncompressed for speed; run Pack now and then
// (nightly, say) to reclaim the space, or run `git gc`, which is safe beside
// the store and also finds deltas.
func (s *Store) Pack(ctx context.Context) error {
	if err := s.r.pack(ctx); err != nil {
		return fmt.Errorf("gitstore: pack: %w", err)
	}
	return nil
}

// Close releases the repository. The Store must not be used afterwards.
func (s *Store) Close() error { return s.r.close() }

// now reads the clock: UTC, truncated to the second.
func (s *Store) now() time.Time { return s.opts.Now().UTC().Truncate(time.Second) }

// current returns the snapshot of the tip of the store's branch.
func (s *Store) current() (*snapshot, error) { return s.snapshotOf(s.ref) }

// snapshotOf returns the snapshot of the tip of branch ref.
func (s *Store) snapshotOf(ref plumbing.ReferenceName) (*snapshot, error) {
	tip, err := s.r.readRef(ref)
	if err != nil {
		return nil, err
	}
	return s.snapshotAt(tip)
}

// snapshotAt returns the snapshot of commit c, reusing the last one's index
// for every month directory c did not change.
func (s *Store) snapshotAt(c plumbing.Hash) (*snapshot, error) {
	s.mu.Lock()
	prev := s.snap
	s.mu.Unlock()
	if prev != nil && prev.commit == c {
		return prev, nil
	}
	snap, err := s.buildSnapshot(c, prev)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.snap = snap
	s.mu.Unlock()
	return snap, nil
}

// buildSnapshot returns the snapshot of commit c, reusing prev's index (which
// may be nil) for every month directory c did not change.
func (s *Store) buildSnapshot(c plumbing.Hash, prev *snapshot) (*snapshot, error) {
	snap := &snapshot{commit: c}
	var incs plumbing.Hash
	if !c.IsZero() {
		n, err := s.commitInfo(c)
		if err != nil {
			return nil, err
		}
		snap.root = n.tree
		h, _, err := s.lookup(snap.root, incidentsDir)
		if err != nil {
			return nil, err
		}
		incs = h
	}
	var prevIdx *index
	if prev != nil {
		prevIdx = prev.idx
	}
	if prevIdx != nil && prevIdx.incidents == incs {
		snap.idx = prevIdx
	} else {
		idx, err := s.buildIndex(incs, prevIdx)
		if err != nil {
			return nil, err
		}
		snap.idx = idx
	}
	return snap, nil
}

// plan is what one write commits: the files to change on top of the tip of
// the branch and the message. A plan with a merge parent makes a two-parent
// merge commit (even when the merged tree equals the tip's).
type plan struct {
	changes []change
	message string
	merge   plumbing.Hash // second parent, zero for an ordinary commit
}

// write runs one change of branch ref under the store's write lock: build
// computes the plan from the snapshot of the branch tip, the result is
// committed on top of it and published with a compare-and-swap of the
// branch. When the branch moved in between (a writer that does not take our
// lock), build runs again on the new state. A nil plan, or one with no
// changes and no merge parent, writes nothing. It returns the new commit, or
// the zero hash when nothing was written.
func (s *Store) write(ctx context.Context, ref plumbing.ReferenceName, what string, by incident.Person, at time.Time,
	build func(*snapshot) (*plan, error)) (plumbing.Hash, error) {
	if err := ctx.Err(); err != nil {
		return plumbing.ZeroHash, err
	}
	unlock, err := s.r.lockWrite(ctx)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	defer unlock()
	for attempt := 0; attempt < maxAttempts; attempt++ {
		if err := ctx.Err(); err != nil {
			return plumbing.ZeroHash, err
		}
		snap, err := s.snapshotOf(ref)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		p, err := build(snap)
		if err != nil || p == nil || len(p.changes) == 0 && p.merge.IsZero() {
			return plumbing.ZeroHash, err
		}
		var parents []plumbing.Hash
		if !snap.commit.IsZero() {
			parents = []plumbing.Hash{snap.commit}
		}
		if !p.merge.IsZero() {
			parents = append(parents, p.merge)
		}
		meta := commitMeta{
			Author:    signature{Name: by.Name, Email: by.Email, When: at},
			Committer: signature{Name: s.opts.Committer.Name, Email: s.opts.Committer.Email, When: at},
			Message:   p.message,
			Sign:      s.signer(),
		}
		c, err := s.r.writeCommit(parents, snap.root, p.changes, meta)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		err = s.r.casRef(ref, snap.commit, c)
		if errors.Is(err, errRefChanged) || errors.Is(err, errRefLocked) {
			// Someone else moved the branch, or a git command still
			// holds its lock (casRef waited a while): start again on
			// whatever the branch is now.
			continue
		}
		if err != nil {
			return plumbing.ZeroHash, err
		}
		// Acknowledged from here on: the branch points at c.
		s.r.maybePack()
		if err := s.r.syncWorktree(ref, p.changes, c); err != nil {
			return c, fmt.Errorf("%w: committed %s: %v", ErrWorktree, c, err)
		}
		return c, nil
	}
	return plumbing.ZeroHash, fmt.Errorf("%s: the branch kept moving (%d attempts): %w", what, maxAttempts, store.ErrConflict)
}

// withTrailer appends the Incident trailer to a commit message.
func withTrailer(msg, id string) string {
	return msg + "\n\nIncident: " + id + "\n"
}

// Policy returns the severity policy at the branch tip (.incidentkit/policy.yaml),
// or the default policy when the repository has none.
func (s *Store) Policy(ctx context.Context) (*severity.Policy, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	snap, err := s.current()
	if err != nil {
		return nil, fmt.Errorf("gitstore: policy: %w", err)
	}
	return s.policyIn(snap)
}

// policyIn returns a copy of the policy of snap.
func (s *Store) policyIn(snap *snapshot) (*severity.Policy, error) {
	p, err := s.policyAt(snap)
	if err != nil {
		return nil, fmt.Errorf("gitstore: policy: %w", err)
	}
	return p.Clone(), nil
}

// Postmortem returns the post-mortem of incident id.
func (s *Store) Postmortem(ctx context.Context, id string) (*postmortem.Postmortem, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	snap, err := s.current()
	if err != nil {
		return nil, fmt.Errorf("gitstore: postmortem %s: %w", id, err)
	}
	return s.postmortemAt(snap, id)
}

// postmortemAt returns the post-mortem of incident id in snap.
func (s *Store) postmortemAt(snap *snapshot, id string) (*postmortem.Postmortem, error) {
	name, data, err := s.postmortemFileAt(snap, id)
	if err != nil {
		return nil, err
	}
	return postmortem.Parse(name, data)
}

// PostmortemFile returns the post-mortem of incident id as committed at the
// tip of the branch: its path in the repository and its bytes, whether or
// not they parse. Reach it through [store.PostmortemFile].
func (s *Store) PostmortemFile(ctx context.Context, id string) (string, []byte, error) {
	if err := ctx.Err(); err != nil {
		return "", nil, err
	}
	snap, err := s.current()
	if err != nil {
		return "", nil, fmt.Errorf("gitstore: postmortem %s: %w", id, err)
	}
	return s.postmortemFileAt(snap, id)
}

// postmortemFileAt returns the path and bytes of the post-mortem of
// incident id in snap.
func (s *Store) postmortemFileAt(snap *snapshot, id string) (string, []byte, error) {
	dir, tree, err := s.locate(snap, id)
	if err != nil {
		return "", nil, fmt.Errorf("gitstore: postmortem %s: %w", id, err)
	}
	h, ok, err := s.lookup(tree, postmortemFile)
	if err != nil {
		return "", nil, fmt.Errorf("gitstore: postmortem %s: %w", id, err)
	}
	if !ok {
		return "", nil, fmt.Errorf("gitstore: postmortem %s: no post-mortem: %w", id, store.ErrNotFound)
	}
	data, err := s.r.readBlob(h)
	if err != nil {
		return "", nil, fmt.Errorf("gitstore: postmortem %s: %w", id, err)
	}
	return dir + "/" + postmortemFile, data, nil
}

// PutPostmortem writes pm as the post-mortem of incident pm.IncidentID.
func (s *Store) PutPostmortem(ctx context.Context, pm *postmortem.Postmortem, by incident.Person) error {
	if pm == nil {
		return fmt.Errorf("gitstore: postmortem: %w: nil post-mortem", incident.ErrInvalid)
	}
	id := pm.IncidentID
	if err := incident.CheckID(id); err != nil {
		return fmt.Errorf("gitstore: postmortem: %w", err)
	}
	if err := by.Validate(); err != nil {
		return fmt.Errorf("gitstore: postmortem %s: %w", id, err)
	}
	data := postmortem.Render(pm)
	// Store only what reads back: a post-mortem that does not parse would
	// break every later reader.
	if _, err := postmortem.Parse(id+"/"+postmortemFile, data); err != nil {
		return fmt.Errorf("gitstore: postmortem %s: %w", id, err)
	}
	_, err := s.write(ctx, s.ref, "postmortem "+id, by, s.now(), func(snap *snapshot) (*plan, error) {
		return s.postmortemPlan(snap, id, data, id+": post-mortem updated")
	})
	if err != nil {
		return fmt.Errorf("gitstore: postmortem %s: %w", id, err)
	}
	return nil
}

// postmortemPlan writes data as the post-mortem of incident id in snap,
// unless it is already there.
func (s *Store) postmortemPlan(snap *snapshot, id string, data []byte, msg string) (*plan, error) {
	dir, tree, ok := snap.idx.find(id)
	if !ok {
		return nil, fmt.Errorf("%s: %w", id, store.ErrNotFound)
	}
	if h, ok, err := s.lookup(tree, postmortemFile); err != nil {
		return nil, err
	} else if ok && h == plumbing.ComputeHash(plumbing.BlobObject, data) {
		return nil, nil // unchanged
	}
	return &plan{changes: []change{{Path: dir + "/" + postmortemFile, Data: data}}, message: withTrailer(msg, id)}, nil
}
