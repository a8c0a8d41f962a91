package gitstore

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	gitindex "github.com/go-git/go-git/v5/plumbing/format/index"
)

func TestSyncWorktree(t *testing.T) {
	dir := t.TempDir()
	r, err := initRepo(dir, false, "main", repoOptions{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.close()
	// A commit made by git, so the index has entries to keep.
	if err := os.WriteFile(filepath.Join(dir, "README"), []byte("hi\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runGit(t, dir, "add", "README")
	runGit(t, dir, "commit", "-q", "-m", "readme")
	steps := [][]change{
		{{Path: "incidents/2026/11/INC-1/incident.yaml", Data: []byte("a\n")}, {Path: "x/y/z", Data: []byte("z\n")}},
		{{Path: "incidents/2026/11/INC-1/incident.yaml", Data: []byte("b\n")}, {Path: "incidents/2026/11/INC-2/incident.yaml", Data: []byte("c\n")}},
		{{Path: "x/y/z"}},
		{{Path: "README", Data: []byte("changed by store\n")}},
	}
	for i, cs := range steps {
		c := commit(t, r, cs...)
		if err := r.syncWorktree("refs/heads/main", cs, c); err != nil {
			t.Fatal(err)
		}
		if got := runGit(t, dir, "status", "--porcelain", "--untracked-files=all"); got != "" {
			t.Fatalf("step %d: git status --porcelain:\n%s", i, got)
		}
		if got := runGit(t, dir, "diff", "HEAD"); got != "" {
			t.Fatalf("step %d: git diff HEAD:\n%s", i, got)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x")); !os.IsNotExist(err) {
		t.Errorf("emptied directory x still exists: %v", err)
	}
	fsck(t, dir)

	// A user's uncommitted edit survives a store write of that file.
	p := "incidents/2026/11/INC-2/incident.yaml"
	if err := os.WriteFile(filepath.Join(dir, p), []byte("user edit\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cs := []change{{Path: p, Data: []byte("store edit\n")}}
	c := commit(t, r, cs...)
	if err := r.syncWorktree("refs/heads/main", cs, c); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, p)); string(b) != "user edit\n" {
		t.Errorf("user edit overwritten: %q", b)
	}
	if got := runGit(t, dir, "diff", "--cached", "--name-only"); got != "" {
		t.Errorf("index differs from HEAD: %q", got)
	}
	if got := runGit(t, dir, "diff", "--name-only"); got != p {
		t.Errorf("work tree changes = %q, want %q", got, p)
	}

	// Another branch: nothing changes in the work tree.
	if err := r.syncWorktree("refs/heads/other", []change{{Path: "o", Data: []byte("o")}}, c); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "o")); !os.IsNotExist(err) {
		t.Error("wrote work tree for a branch not checked out")
	}
}

func TestSyncWorktreeBare(t *testing.T) {
	r := newTestRepo(t, true)
	if err := r.syncWorktree("refs/heads/main", []change{{Path: "f", Data: []byte("x")}}, commit(t, r, change{Path: "f", Data: []byte("x")})); err != nil {
		t.Fatal(err)
	}
	// A bare repository has no work tree and no index to update.
	for _, name := range []string{"index", "f"} {
		if _, err := os.Stat(filepath.Join(r.gitDir, name)); !os.IsNotExist(err) {
			t.Errorf("bare repository: %s written (stat: %v)", name, err)
		}
	}
}

// TestSyncWorktreeIndexVersions: index versions 3 (extended flags) and 4
// (go-git's decoder) both come out clean.
func TestSyncWorktreeIndexVersions(t *testing.T) {
	for _, v := range []string{"3", "4"} {
		t.Run("v"+v, func(t *testing.T) {
			dir := t.TempDir()
			r, err := initRepo(dir, false, "main", repoOptions{NoSync: true})
			if err != nil {
				t.Fatal(err)
			}
			defer r.close()
			for _, f := range []string{"a", "b"} {
				if err := os.WriteFile(filepath.Join(dir, f), []byte(f+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			runGit(t, dir, "add", "a", "b")
			runGit(t, dir, "commit", "-q", "-m", "ab")
			runGit(t, dir, "update-index", "--index-version", v)
			if v == "3" {
				runGit(t, dir, "update-index", "--skip-worktree", "b")
			}
			cs := []change{{Path: "dir/new.yaml", Data: []byte("new\n")}, {Path: "a", Data: []byte("A\n")}}
			c := commit(t, r, cs...)
			if err := r.syncWorktree("refs/heads/main", cs, c); err != nil {
				t.Fatal(err)
			}
			if got := runGit(t, dir, "status", "--porcelain", "--untracked-files=all"); got != "" {
				t.Errorf("status:\n%s", got)
			}
			if v == "3" {
				if got := runGit(t, dir, "ls-files", "-v", "b"); got != "S b" {
					t.Errorf("skip-worktree lost: %q", got)
				}
			}
		})
	}
}

// FuzzDecodeIndex: a corrupt index never panics, and what decodes
// encodes back to an index that decodes to the same entries.
func FuzzDecodeIndex(f *testing.F) {
	var buf bytes.Buffer
	_ = writeIndex(&buf, &gitindex.Index{Version: 2, Entries: []*gitindex.Entry{
		{Name: "a/b", Mode: filemode.Regular, Size: 3},
		{Name: "c", Mode: filemode.Executable, SkipWorktree: true},
	}})
	f.Add(buf.Bytes())
	f.Add([]byte("DIRC\x00\x00\x00\x02\xff\xff\xff\xff" + strings.Repeat("\x00", 40)))
	f.Fuzz(func(t *testing.T, b []byte) {
		idx, ok := decodeIndex(b)
		if !ok {
			return
		}
		var out bytes.Buffer
		if err := writeIndex(&out, idx); err != nil {
			t.Fatal(err)
		}
		again, ok := decodeIndex(out.Bytes())
		if !ok || len(again.Entries) != len(idx.Entries) {
			t.Fatalf("re-decode: ok=%v, %d entries, want %d", ok, len(again.Entries), len(idx.Entries))
		}
		for i, e := range idx.Entries {
			if a := again.Entries[i]; a.Name != e.Name || a.Hash != e.Hash || a.Stage != e.Stage {
				t.Fatalf("entry %d: %+v, want %+v", i, a, e)
			}
		}
	})
}
