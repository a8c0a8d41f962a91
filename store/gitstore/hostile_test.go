package gitstore_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

// hostileIDs try to leave the incident's directory, reach another
// incident through case folding or look-alike characters, or break a ref.
var hostileIDs = []string{
	"../INC-2026-0001", "..", ".git", ".GIT", "/etc/passwd", `INC\2026-0001`, "INC-2026-0001\x00",
	"inc-2026-0001", "\u212aEY-2026-0001", "\u0131NC-2026-0001", "\u0130NC-2026-0001",
	"\u0410\u0415\u041e-2026-0001", "INC-\uff12\uff10\uff12\uff16-0001", "INC-2026-" + strings.Repeat("1", 5000),
	"INC-2026-0001\n", "INC-2026-0001/../../.git", "INC-2026-0001.lock", "INC-2026-0001/",
}

// repoState is what a refused call must leave as it was.
func repoState(t *testing.T, dir string) string {
	t.Helper()
	return git(t, dir, "for-each-ref", "--format=%(refname) %(objectname)") + "\n" + git(t, dir, "rev-list", "--count", "--all")
}

// TestHostileIDs: every store method that takes an ID refuses the hostile
// ones with an error, and writes nothing: no commit, no ref, no file in a
// work tree, and git fsck --strict stays clean.
func TestHostileIDs(t *testing.T) {
	ctx := context.Background()
	for _, worktree := range []bool{false, true} {
		t.Run(fmt.Sprintf("worktree=%v", worktree), func(t *testing.T) {
			var st *gitstore.Store
			var dir string
			if worktree {
				st, dir = newWorktreeStore(t)
			} else {
				st, dir = newStore(t, nil)
			}
			real, err := st.Create(ctx, incident.Declaration{Title: "Real", Severity: "sev2"}, alice)
			require.NoError(t, err)
			pm, err := postmortem.Draft(real, nil, alice, time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC))
			require.NoError(t, err)
			require.NoError(t, st.PutPostmortem(ctx, pm, alice))
			before := repoState(t, dir)
			for _, id := range hostileIDs {
				calls := map[string]error{}
				_, calls["Create"] = st.Create(ctx, incident.Declaration{ID: id, Title: "Hostile", Severity: "sev2"}, alice)
				_, calls["Get"] = st.Get(ctx, id)
				_, calls["Update"] = st.Update(ctx, id, alice, func(inc *incident.Incident, at time.Time) error {
					return inc.AddNote("hostile", alice, at)
				})
				_, calls["Postmortem"] = st.Postmortem(ctx, id)
				hostile := *pm
				hostile.IncidentID = id
				calls["PutPostmortem"] = st.PutPostmortem(ctx, &hostile, alice)
				_, calls["History"] = store.History(ctx, st, id)
				_, calls["ProposePostmortem"] = store.ProposePostmortem(ctx, st, &hostile, alice)
				_, calls["ApprovePostmortem"] = store.ApprovePostmortem(ctx, st, id, alice)
				_, calls["PublishPostmortem"] = store.PublishPostmortem(ctx, st, id, alice)
				for op, err := range calls {
					if err == nil {
						t.Errorf("%s(%q) succeeded", op, id)
						continue
					}
					if !errors.Is(err, store.ErrNotFound) && !errors.Is(err, incident.ErrInvalid) {
						t.Errorf("%s(%q) = %v, want store.ErrNotFound or incident.ErrInvalid", op, id, err)
					}
				}
			}
			assert.Equal(t, before, repoState(t, dir), "refs or commits changed")
			fsck(t, dir)
			if worktree {
				assert.Empty(t, git(t, dir, "status", "--porcelain", "--ignored"))
			}
			got, err := st.Get(ctx, real.ID)
			require.NoError(t, err)
			assert.Equal(t, len(real.Timeline), len(got.Timeline))
		})
	}
}

// gitIn runs git in dir with stdin and returns its trimmed output.
func gitIn(t *testing.T, dir string, stdin []byte, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+os.TempDir(),
		"GIT_AUTHOR_NAME=Mallory", "GIT_AUTHOR_EMAIL=mallory@example.com",
		"GIT_COMMITTER_NAME=Mallory", "GIT_COMMITTER_EMAIL=mallory@example.com")
	cmd.Stdin = bytes.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// plumbingEntry is one entry of a tree written with git's plumbing.
type plumbingEntry struct {
	mode, name, hash string
}

// lsTree lists tree h of repository dir.
func lsTree(t *testing.T, dir, h string) []plumbingEntry {
	t.Helper()
	var out []plumbingEntry
	for _, line := range strings.Split(gitIn(t, dir, nil, "ls-tree", "-z", h), "\x00") {
		if line == "" {
			continue
		}
		meta, name, _ := strings.Cut(line, "\t")
		f := strings.Fields(meta)
		out = append(out, plumbingEntry{strings.TrimLeft(f[0], "0"), name, f[2]})
	}
	return out
}

// mkTree writes entries as a tree object with hash-object --literally,
// which takes names git mktree and git fsck refuse ("..", ".git").
func mkTree(t *testing.T, dir string, entries []plumbingEntry) string {
	t.Helper()
	key := func(e plumbingEntry) string {
		if e.mode == "40000" {
			return e.name + "/"
		}
		return e.name
	}
	sort.Slice(entries, func(i, j int) bool { return key(entries[i]) < key(entries[j]) })
	var b bytes.Buffer
	for _, e := range entries {
		raw, err := hex.DecodeString(e.hash)
		require.NoError(t, err)
		fmt.Fprintf(&b, "%s %s\x00", e.mode, e.name)
		b.Write(raw)
	}
	return gitIn(t, dir, b.Bytes(), "hash-object", "--literally", "-t", "tree", "-w", "--stdin")
}

// withEntry returns tree root with the entry at path p (slash-separated,
// components may be anything) set to mode and hash, creating directories.
func withEntry(t *testing.T, dir, root, p, mode, hash string) string {
	t.Helper()
	name, rest, sub := strings.Cut(p, "/")
	var entries []plumbingEntry
	if root != "" {
		entries = lsTree(t, dir, root)
	}
	i := -1
	for k, e := range entries {
		if e.name == name {
			i = k
		}
	}
	e := plumbingEntry{mode: mode, name: name, hash: hash}
	if sub {
		inner := ""
		if i >= 0 && entries[i].mode == "40000" {
			inner = entries[i].hash
		}
		e = plumbingEntry{mode: "40000", name: name, hash: withEntry(t, dir, inner, rest, mode, hash)}
	}
	if i >= 0 {
		entries[i] = e
	} else {
		entries = append(entries, e)
	}
	return mkTree(t, dir, entries)
}

// hostileCommit commits, on top of branch main of repository dir, the
// entries of c (each path set to a blob of the given mode and content)
// with git's plumbing, and moves main to it.
func hostileCommit(t *testing.T, dir string, c hostileCase) string {
	t.Helper()
	parent := git(t, dir, "rev-parse", "main")
	root := git(t, dir, "rev-parse", "main^{tree}")
	for _, e := range c.entries {
		hash := e.hash
		if hash == "" {
			hash = gitIn(t, dir, e.data, "hash-object", "-w", "--stdin")
		}
		root = withEntry(t, dir, root, e.path, e.mode, hash)
	}
	h := gitIn(t, dir, nil, "commit-tree", root, "-p", parent, "-m", "Hostile pull request: "+c.name)
	git(t, dir, "update-ref", "refs/heads/main", h, parent)
	return h
}

type hostileEntry struct {
	path, mode string
	data       []byte
	hash       string // instead of data: an object that need not exist (a submodule's commit)
}

type hostileCase struct {
	name    string
	entries []hostileEntry
	want    string // in Sync's error: the path and the reason
	// read is what Get of the first incident says once the commit is on
	// main ("" when it still reads).
	read string
}
