package gitstore_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
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

const (
	hostileDir  = "incidents/2026/11/INC-2026-0001"
	hostileFile = hostileDir + "/incident.yaml"
)

// billionLaughs is a YAML bomb: nine levels of nine aliases each.
func billionLaughs() []byte {
	var b strings.Builder
	b.WriteString("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < 9; i++ {
		p := "*l" + string(rune('0'+i-1))
		b.WriteString("l" + string(rune('0'+i)) + ": &l" + string(rune('0'+i)) + " [" + strings.Repeat(p+", ", 8) + p + "]\n")
	}
	return []byte(b.String())
}

// hostileCases are the pull requests a record repository must not take.
func hostileCases(valid []byte) []hostileCase {
	big := append(append([]byte{}, valid...), []byte("# "+strings.Repeat("x", incident.MaxFileSize)+"\n")...)
	return []hostileCase{
		{name: "symlink incident file",
			entries: []hostileEntry{{path: hostileFile, mode: "120000", data: []byte("../../../../../../etc/passwd")}},
			want:    hostileFile + ": a symbolic link", read: hostileFile + ": a symbolic link, not read"},
		{name: "symlink to an absolute path",
			entries: []hostileEntry{{path: "incidents/2026/12", mode: "120000", data: []byte("/etc")}},
			want:    "incidents/2026/12: a symbolic link"},
		{name: "submodule in an incident",
			entries: []hostileEntry{{path: hostileDir + "/vendor", mode: "160000", hash: "1111111111111111111111111111111111111111"}},
			want:    hostileDir + "/vendor: a submodule"},
		{name: "submodule as incident file",
			entries: []hostileEntry{{path: hostileFile, mode: "160000", hash: "2222222222222222222222222222222222222222"}},
			want:    hostileFile + ": a submodule", read: hostileFile + ": a submodule, not read"},
		{name: "dot-dot component",
			entries: []hostileEntry{{path: hostileDir + "/../escape.yaml", mode: "100644", data: []byte("x: 1\n")}},
			want:    `"` + hostileDir + `/..": component ".."`},
		{name: "dot-git component",
			entries: []hostileEntry{{path: "incidents/.git/hooks/post-checkout", mode: "100755", data: []byte("#!/bin/sh\necho pwned\n")}},
			want:    `"incidents/.git": component ".git" names the git directory`},
		{name: "dot-git case twin",
			entries: []hostileEntry{{path: ".GIT/config", mode: "100644", data: []byte("[core]\n")}},
			want:    `".GIT": component ".GIT" names the git directory`},
		{name: "backslash in a name",
			entries: []hostileEntry{{path: `incidents/2026/11/..\..\x`, mode: "100644", data: []byte("x\n")}},
			want:    `contains a backslash or NUL`},
		{name: "oversized incident file",
			entries: []hostileEntry{{path: hostileFile, mode: "100644", data: big}},
			want:    hostileFile + ": 1048", read: "more than the limit of 1048576"},
		{name: "yaml bomb",
			entries: []hostileEntry{{path: hostileFile, mode: "100644", data: billionLaughs()}},
			want:    hostileFile + ": line 1: an anchor (&l0): anchors and aliases make YAML bombs", read: "anchors (&l0) are not allowed"},
		{name: "executable incident file",
			entries: []hostileEntry{{path: hostileFile, mode: "100755", data: valid}},
			want:    hostileFile + ": an executable file"},
		{name: "oversized post-mortem",
			entries: []hostileEntry{{path: hostileDir + "/postmortem.md", mode: "100644", data: make([]byte, postmortem.MaxSize+1)}},
			want:    hostileDir + "/postmortem.md: 65537 bytes, more than the limit of 65536"},
	}
}

// hostileSetup makes an origin store with two incidents, INC-2026-0001 (the
// target) and INC-2026-0002, and a clone of it.
func hostileSetup(t *testing.T) (origin *gitstore.Store, originDir string, clone *gitstore.Store, cloneDir string, valid []byte) {
	t.Helper()
	ctx := context.Background()
	origin, originDir = newStore(t, &gitstore.Options{NoSync: true, Now: newClock().Now})
	for _, title := range []string{"Target", "Bystander"} {
		_, err := origin.Create(ctx, incident.Declaration{Title: title, Severity: "sev2"}, alice)
		require.NoError(t, err)
	}
	valid = []byte(git(t, originDir, "cat-file", "blob", "main:"+hostileFile) + "\n")
	cloneDir = filepath.Join(t.TempDir(), "clone.git")
	clone, err := gitstore.Clone(ctx, cloneDir, &gitstore.Options{NoSync: true, Now: newClock().Now}, store.SyncOptions{URL: originDir, By: bob})
	require.NoError(t, err)
	t.Cleanup(func() { clone.Close() })
	return origin, originDir, clone, cloneDir, valid
}

// TestSyncRefusesHostileTrees: a remote branch carrying a symlink, a
// submodule, a path git fsck refuses, an oversized file, a YAML bomb or an
// executable record file is refused by Sync, with the path and the reason,
// and the clone's refs stay as they were, on a fast-forward and on a merge.
func TestSyncRefusesHostileTrees(t *testing.T) {
	ctx := context.Background()
	for _, merge := range []bool{false, true} {
		_, _, _, _, valid := hostileSetup(t)
		for _, c := range hostileCases(valid) {
			name := c.name
			if merge {
				name += " (merge)"
			}
			t.Run(name, func(t *testing.T) {
				_, originDir, clone, cloneDir, _ := hostileSetup(t)
				if merge {
					_, err := clone.Create(ctx, incident.Declaration{Title: "Local", Severity: "sev3"}, bob)
					require.NoError(t, err)
				}
				hostileCommit(t, originDir, c)
				before := repoState(t, cloneDir)
				packsBefore := packFiles(t, cloneDir)
				_, err := clone.Sync(ctx, store.SyncOptions{URL: originDir, By: bob})
				require.Error(t, err)
				assert.True(t, errors.Is(err, gitstore.ErrUnsafe), "error %v does not match ErrUnsafe", err)
				assert.Contains(t, err.Error(), c.want)
				assert.Equal(t, before, repoState(t, cloneDir), "Sync moved a ref")
				// Nothing the remote sent stays: the fetched pack was
				// quarantined and is deleted, so git fsck --strict (which
				// reads unreachable objects too) finds nothing to report.
				assert.Equal(t, packsBefore, packFiles(t, cloneDir), "a refused Sync left files in objects/pack")
				hostileTip := strings.TrimSpace(git(t, originDir, "rev-parse", "HEAD"))
				if _, err := gitErr(cloneDir, "cat-file", "-e", hostileTip); err == nil {
					t.Errorf("the refused commit %s is in the clone", hostileTip)
				}
				fsck(t, cloneDir)
				got, err := clone.Get(ctx, "INC-2026-0001")
				require.NoError(t, err)
				assert.Equal(t, "Target", got.Title)
			})
		}
	}
}

// TestReadHostileTrees: when the git CLI already merged such a commit into
// the store's branch, reads never follow a link, never panic, name the
// file that is wrong, and every other incident stays readable.
func TestReadHostileTrees(t *testing.T) {
	ctx := context.Background()
	_, _, _, _, valid := hostileSetup(t)
	for _, c := range hostileCases(valid) {
		t.Run(c.name, func(t *testing.T) {
			origin, originDir, _, _, _ := hostileSetup(t)
			hostileCommit(t, originDir, c)
			// A long-lived handle and a fresh one see the same.
			reopened, err := gitstore.Open(originDir, &gitstore.Options{NoSync: true})
			require.NoError(t, err)
			defer reopened.Close()
			for _, st := range []*gitstore.Store{origin, reopened} {
				other, err := st.Get(ctx, "INC-2026-0002")
				require.NoError(t, err)
				assert.Equal(t, "Bystander", other.Title)
				_, err = store.History(ctx, st, "INC-2026-0002")
				require.NoError(t, err)
				_, err = st.Policy(ctx)
				require.NoError(t, err)
				list, listErr := st.List(ctx, store.Filter{})
				got, getErr := st.Get(ctx, "INC-2026-0001")
				_, histErr := store.History(ctx, st, "INC-2026-0001")
				if c.read == "" {
					require.NoError(t, getErr)
					assert.Equal(t, "Target", got.Title)
					assert.NoError(t, listErr)
					assert.Len(t, list, 2)
					assert.NoError(t, histErr)
					continue
				}
				for i, err := range []error{getErr, listErr, histErr} {
					require.Error(t, err)
					if i < 2 { // History fails as a whole, on the revision that does not read
						assert.True(t, errors.Is(err, incident.ErrInvalid), "error %v does not match incident.ErrInvalid", err)
					}
					assert.Contains(t, err.Error(), hostileFile)
					assert.Contains(t, err.Error(), c.read)
				}
				require.Len(t, list, 1, "List returns the readable incidents")
				assert.Equal(t, "INC-2026-0002", list[0].ID)
				_, err = st.Update(ctx, "INC-2026-0001", alice, func(inc *incident.Incident, at time.Time) error {
					return inc.AddNote("x", alice, at)
				})
				assert.Error(t, err, "Update of an unreadable incident")
			}
		})
	}
}

// packFiles lists the files of objects/pack, sorted.
func packFiles(t *testing.T, gitDir string) []string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(gitDir, "objects", "pack"))
	require.NoError(t, err)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// TestSyncAcceptsQuarantinedPack: a safe remote's pack is quarantined
// while Sync checks it, then kept as any other: no marker is left, and its
// objects serve later writes.
func TestSyncAcceptsQuarantinedPack(t *testing.T) {
	ctx := context.Background()
	origin, originDir, clone, cloneDir, _ := hostileSetup(t)
	inc, err := origin.Create(ctx, incident.Declaration{Title: "From the remote", Severity: "sev2"}, alice)
	require.NoError(t, err)
	_, err = clone.Sync(ctx, store.SyncOptions{URL: originDir, By: bob})
	require.NoError(t, err)
	markers, _ := filepath.Glob(filepath.Join(cloneDir, "objects", "pack", "*.incidentkit-quarantine"))
	assert.Empty(t, markers, "quarantine markers left after an accepted Sync")
	_, err = clone.Create(ctx, incident.Declaration{Title: "In the clone", Severity: "sev3"}, bob)
	require.NoError(t, err)
	require.NoError(t, clone.Pack(ctx))
	fsck(t, cloneDir)
	got, err := clone.Get(ctx, inc.ID)
	require.NoError(t, err)
	assert.Equal(t, "From the remote", got.Title)
}
