package gitstore

// The repository layer (repo.go, objects.go, pack_write.go, quarantine.go,
// tree.go, refs.go, lock.go, fsync.go, maintenance.go, worktree.go) is the
// only code that touches the Git directory. Its write protocol, per commit:
//
//	lockWrite       in-process semaphore + flock(<gitdir>/incidentkit.lock)
//	readRef         current tip (loose ref, else packed-refs)
//	writeCommit     blob + trees on the changed paths + commit, as ONE pack:
//	                pack-<sum>.keep made (git repack must never delete a
//	                pack of ours, pack_write.go), pack-<sum>.pack written and
//	                fsynced, .idx written to a temp file, fsynced, renamed
//	                in place, objects/pack fsynced
//	casRef          <ref>.lock (O_EXCL), re-check old (loose or packed),
//	                write, fsync, rename, fsync the ref directory
//	maybePack       geometric rollup of the small packs, now and then
//	syncWorktree    non-bare with the branch checked out: files + index
//
// Five fsyncs per durable commit, four file creations, two renames. Each
// file-system step calls internal/faults first (crash and error tests).
// Readers take no file lock: refs and packs only ever appear by rename.

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// repoOptions tunes a repo. The zero value is durable with default caching.
type repoOptions struct {
	// NoSync skips every fsync: a crash may lose acknowledged writes or
	// leave the repository corrupt. For tests and bulk imports.
	NoSync bool
	// ObjectCacheSize is the size in bytes of the decoded object cache;
	// 0 means 32 MiB.
	ObjectCacheSize int
}

const defaultObjectCacheSize = 32 << 20

// repo is an open repository, bare or not.
//
// All go-git and object database access is serialised by mu: a
// *git.Repository is not safe for concurrent use (go-git#48). Writers are
// further serialised across goroutines and processes by lockWrite.
type repo struct {
	gitDir  string // the git directory
	workDir string // the working tree, "" if bare
	sync    *syncer

	mu  sync.Mutex // guards db and packCheck
	db  *objectDB
	st  *storage
	git *git.Repository

	writeSem chan struct{} // one slot: held between lockWrite and unlock
	lockFile *os.File      // the flocked sidecar, opened by the first lockWrite
	held     atomic.Bool   // lockWrite holds the lock
	// packCheck counts writes since maybePack last looked, see maintenance.go.
	packCheck int
}

// initRepo creates a repository at path whose HEAD names refs/heads/branch
// (git init). The new files are fsynced unless o.NoSync.
func initRepo(path string, bare bool, branch string, o repoOptions) (*repo, error) {
	if err := validRefName(plumbing.NewBranchReferenceName(branch)); err != nil {
		return nil, err
	}
	_, err := git.PlainInitWithOptions(path, &git.PlainInitOptions{
		Bare:        bare,
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName(branch)},
	})
	if err != nil {
		return nil, fmt.Errorf("gitstore: init %s: %w", path, err)
	}
	r, err := openRepo(path, o)
	if err != nil {
		return nil, err
	}
	if err := r.syncTree(r.gitDir); err != nil {
		_ = r.close()
		return nil, err
	}
	return r, nil
}

// syncTree fsyncs every file and directory under dir, then dir's parent.
func (r *repo) syncTree(dir string) error {
	if r.sync.noSync {
		return nil
	}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return r.sync.dir(p)
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		return r.sync.file(f)
	})
	if err != nil {
		return fmt.Errorf("gitstore: sync %s: %w", dir, err)
	}
	return r.sync.dir(filepath.Dir(dir))
}

// openRepo opens the repository at path: a bare repository, or a working
// tree with a .git directory or a "gitdir:" file.
func openRepo(path string, o repoOptions) (*repo, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("gitstore: open %s: %w", path, err)
	}
	gitDir, workDir, err := findGitDir(abs)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(gitDir, "commondir")); err == nil {
		return nil, fmt.Errorf("gitstore: open %s: linked worktrees are not supported", path)
	}
	size := o.ObjectCacheSize
	if size <= 0 {
		size = defaultObjectCacheSize
	}
	r := &repo{gitDir: gitDir, workDir: workDir, sync: &syncer{noSync: o.NoSync},
		writeSem: make(chan struct{}, 1)}
	c := cache.NewObjectLRU(cache.FileSize(size))
	r.db = newObjectDB(gitDir, c, r.sync)
	r.db.held = &r.held
	if err := r.db.refresh(); err != nil {
		return nil, err
	}
	r.st = &storage{
		Storage: filesystem.NewStorageWithOptions(osfs.New(gitDir), c, filesystem.Options{}),
		db:      r.db,
		mu:      &r.mu,
	}
	var wt = osfs.New(workDir)
	if workDir == "" {
		wt = nil
	}
	r.git, err = git.Open(r.st, wt)
	if err != nil {
		_ = r.db.close()
		return nil, fmt.Errorf("gitstore: open %s: %w", path, err)
	}
	return r, nil
}

// findGitDir locates the git directory of path and its working tree.
func findGitDir(path string) (gitDir, workDir string, err error) {
	dotGit := filepath.Join(path, ".git")
	fi, err := os.Stat(dotGit)
	switch {
	case err == nil && fi.IsDir():
		return dotGit, path, nil
	case err == nil:
		b, err := os.ReadFile(dotGit)
		if err != nil {
			return "", "", fmt.Errorf("gitstore: open %s: %w", path, err)
		}
		line, _, _ := strings.Cut(string(b), "\n")
		dir, ok := strings.CutPrefix(strings.TrimSpace(line), "gitdir:")
		if !ok {
			return "", "", fmt.Errorf("gitstore: open %s: .git: not a gitdir file", path)
		}
		dir = strings.TrimSpace(dir)
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(path, dir)
		}
		return filepath.Clean(dir), path, nil
	case !os.IsNotExist(err):
		return "", "", fmt.Errorf("gitstore: open %s: %w", path, err)
	}
	for _, f := range []string{"HEAD", "objects", "refs"} {
		if _, err := os.Stat(filepath.Join(path, f)); err != nil {
			// Both sentinels: go-git's, and fs.ErrNotExist for callers who
			// ask the standard question ("is there one?").
			return "", "", fmt.Errorf("gitstore: open %s: %w (%w)", path, git.ErrRepositoryNotExists, fs.ErrNotExist)
		}
	}
	return path, "", nil
}

// close releases the repository's open files.
func (r *repo) close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	err := r.db.close()
	if r.lockFile != nil {
		if cerr := r.lockFile.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// readObject returns object h of type t.
func (r *repo) readObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.db.get(t, h)
}

// readBlob returns the content of blob h.
func (r *repo) readBlob(h plumbing.Hash) ([]byte, error) {
	o, err := r.readObject(plumbing.BlobObject, h)
	if err != nil {
		return nil, fmt.Errorf("gitstore: blob %s: %w", h, err)
	}
	rd, err := o.Reader()
	if err != nil {
		return nil, fmt.Errorf("gitstore: blob %s: %w", h, err)
	}
	defer rd.Close()
	b, err := io.ReadAll(rd)
	if err != nil {
		return nil, fmt.Errorf("gitstore: blob %s: %w", h, err)
	}
	return b, nil
}

// readTree returns tree h. Its methods that load further objects (Files,
// Tree, File) go through the serialised storage and are safe.
func (r *repo) readTree(h plumbing.Hash) (*object.Tree, error) {
	o, err := r.readObject(plumbing.TreeObject, h)
	if err != nil {
		return nil, fmt.Errorf("gitstore: tree %s: %w", h, err)
	}
	t, err := object.DecodeTree(r.st, o)
	if err != nil {
		return nil, fmt.Errorf("gitstore: tree %s: %w", h, err)
	}
	return t, nil
}

// readCommit returns commit h.
func (r *repo) readCommit(h plumbing.Hash) (*object.Commit, error) {
	o, err := r.readObject(plumbing.CommitObject, h)
	if err != nil {
		return nil, fmt.Errorf("gitstore: commit %s: %w", h, err)
	}
	c, err := object.DecodeCommit(r.st, o)
	if err != nil {
		return nil, fmt.Errorf("gitstore: commit %s: %w", h, err)
	}
	return c, nil
}

// storage is the go-git storer of a repo: go-git's filesystem storage for
// refs, config and index, with object reads routed through objectDB (which
// sees packs added by other processes and retries after a repack). Each
// call takes the repo lock, so objects decoded by go-git (trees, commits)
// may load further objects from any goroutine; never call into go-git
// while holding repo.mu.
type storage struct {
	*filesystem.Storage
	db      *objectDB
	mu      *sync.Mutex
	fetched *fetched // set for a fetch's storage (quarantine.go)
}

// EncodedObject implements storer.EncodedObjectStorer.
func (s *storage) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.db.get(t, h)
}

// HasEncodedObject implements storer.EncodedObjectStorer.
func (s *storage) HasEncodedObject(h plumbing.Hash) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db.has(h) {
		return nil
	}
	_, err := s.db.get(plumbing.AnyObject, h)
	return err
}

// EncodedObjectSize implements storer.EncodedObjectStorer.
func (s *storage) EncodedObjectSize(h plumbing.Hash) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, err := s.db.get(plumbing.AnyObject, h)
	if err != nil {
		return 0, err
	}
	return o.Size(), nil
}

// PackfileWriter implements storer.PackfileWriter, which go-git's fetch
// uses to store the pack it receives. Unlike go-git's own writer, this one
// makes the pack durable (fsync of pack, index and directory) before
// Close returns, so a ref published after a fetch never points at objects
// a crash could lose; and the objectDB sees the new pack at once.
func (s *storage) PackfileWriter() (io.WriteCloser, error) {
	f, err := createTemp("fetch.create", s.db.packDir, tmpPackPrefix)
	if err != nil {
		return nil, err
	}
	return &packfileWriter{s: s, f: f}, nil
}

type packfileWriter struct {
	s *storage
	f *os.File
}

func (w *packfileWriter) Write(p []byte) (int, error) { return w.f.Write(p) }

func (w *packfileWriter) Close() error {
	published := false
	defer func() {
		if !published {
			_ = w.f.Close()
			_ = os.Remove(w.f.Name())
		}
	}()
	if _, err := w.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("gitstore: fetch: %w", err)
	}
	iw := new(idxfile.Writer)
	parser, err := packfile.NewParser(packfile.NewScanner(w.f), iw)
	if err != nil {
		return fmt.Errorf("gitstore: fetch: %w", err)
	}
	checksum, err := parser.Parse()
	if errors.Is(err, packfile.ErrEmptyPackfile) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("gitstore: fetch: %w", err)
	}
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	// A fetch's pack is quarantined before it appears (quarantine.go). A
	// marker already there is a fetch of the same pack that never finished
	// (a crash before its check): this fetch adopts it, and its verdict
	// decides.
	created, adopted := false, false
	if w.s.fetched != nil {
		if created, err = w.s.db.markQuarantine(checksum); err != nil {
			return err
		}
		adopted = !created
	}
	p, err := w.s.db.publishPack(checksum, iw, true, func() (*os.File, error) { return w.f, nil })
	if created && (err != nil || p == nil) {
		// Not stored by this fetch: an error, or the pack was there,
		// already part of the repository.
		_ = os.Remove(w.s.db.packPath(checksum, quarantineExt))
		created = false
	}
	if err != nil {
		return err
	}
	published = true
	if created || adopted {
		w.s.fetched.add(checksum)
	}
	if p == nil {
		_ = w.f.Close()
		_ = os.Remove(w.f.Name())
		return nil
	}
	w.s.db.addPack(p)
	return nil
}
