package gitstore

import (
	"bytes"
	"crypto/sha1"
	"os"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

func TestWriteCommitTrees(t *testing.T) {
	r := newTestRepo(t, true)
	dir := r.gitDir
	c1 := commit(t, r,
		change{Path: "a.b", Data: []byte("file a.b\n")},
		change{Path: "a/x", Data: []byte("x\n")},
		change{Path: "a-", Data: []byte("dash\n")},
		change{Path: "z/deep/one.yaml", Data: []byte("one\n")},
		change{Path: "z/deep/two.yaml", Data: []byte("two\n")},
		change{Path: "z/other/three.yaml", Data: []byte("three\n")},
	)
	fsck(t, dir)
	// git order: "a-" < "a.b" < "a/" (dir a sorts as "a/").
	if got, want := runGit(t, dir, "ls-tree", "--name-only", c1.String()), "a-\na.b\na\nz"; got != want {
		t.Errorf("ls-tree = %q, want %q", got, want)
	}
	c2 := commit(t, r, change{Path: "z/deep/one.yaml", Data: []byte("ONE\n")})
	fsck(t, dir)
	if got := runGit(t, dir, "diff-tree", "-r", "--name-only", "--no-commit-id", c1.String(), c2.String()); got != "z/deep/one.yaml" {
		t.Errorf("diff-tree = %q, want only z/deep/one.yaml", got)
	}
	// Sibling entries keep their hashes.
	for _, p := range []string{"a", "a.b", "z/other", "z/deep/two.yaml"} {
		if a, b := runGit(t, dir, "rev-parse", c1.String()+":"+p), runGit(t, dir, "rev-parse", c2.String()+":"+p); a != b {
			t.Errorf("%s: hash changed %s -> %s", p, a, b)
		}
	}
	if got := runGit(t, dir, "cat-file", "-p", c2.String()+":z/deep/one.yaml"); got != "ONE" {
		t.Errorf("content = %q", got)
	}
	if got := runGit(t, dir, "log", "--format=%an <%ae>", "-1", c2.String()); got != "Ada Responder <ada@example.com>" {
		t.Errorf("author = %q", got)
	}
	// Delete: an emptied directory disappears with its parents.
	c3 := commit(t, r, change{Path: "z/deep/one.yaml"}, change{Path: "z/deep/two.yaml"})
	fsck(t, dir)
	if got, want := runGit(t, dir, "ls-tree", "-r", "--name-only", c3.String()), "a-\na.b\na/x\nz/other/three.yaml"; got != want {
		t.Errorf("after delete ls-tree = %q, want %q", got, want)
	}
	c4 := commit(t, r, change{Path: "z/other/three.yaml"})
	if got := runGit(t, dir, "ls-tree", "--name-only", c4.String()); got != "a-\na.b\na" {
		t.Errorf("after delete all of z: %q", got)
	}
	// Reading back through go-git.
	h, ok, err := r.lookupPath(mustTree(t, r, c2), "z/deep/one.yaml")
	if err != nil || !ok {
		t.Fatalf("lookupPath = %v, %v, %v", h, ok, err)
	}
	b, err := r.readBlob(h)
	if err != nil || string(b) != "ONE\n" {
		t.Errorf("readBlob = %q, %v", b, err)
	}
	for _, p := range []string{"z/nope", "a.b/x", "nope"} {
		if _, ok, err := r.lookupPath(mustTree(t, r, c2), p); ok || err != nil {
			t.Errorf("lookupPath(%q) = %v, %v; want not found", p, ok, err)
		}
	}
	tr, err := r.readTree(mustTree(t, r, c2))
	if err != nil {
		t.Fatal(err)
	}
	f, err := tr.File("z/deep/one.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := f.Contents(); s != "ONE\n" {
		t.Errorf("tree.File contents = %q", s)
	}
}

func mustTree(t *testing.T, r *repo, c plumbing.Hash) plumbing.Hash {
	t.Helper()
	co, err := r.readCommit(c)
	if err != nil {
		t.Fatal(err)
	}
	return co.TreeHash
}

func TestWriteCommitRejectsHostilePaths(t *testing.T) {
	r := newTestRepo(t, true)
	commit(t, r, change{Path: "ok/file", Data: []byte("x")})
	before := runGit(t, r.gitDir, "count-objects", "-v")
	bad := []string{"", "/abs", "a//b", "a/", "./a", "a/../b", "..", ".git/config", "x/.GIT/y", ".git./x",
		".git /x", "GIT~1/x", "git~12", ".git\u200c/x", "a\\b", "a\x00b", ".gitmodules", ".GitModules ",
		"ok/file/sub", "ok"}
	for _, p := range bad {
		_, err := r.writeCommit(nil, mustTree(t, r, mustRef(t, r)), []change{{Path: "fine", Data: []byte("1")}, {Path: p, Data: []byte("x")}}, meta("bad"))
		if err == nil {
			t.Errorf("writeCommit(%q) succeeded", p)
		}
	}
	for _, c := range [][]change{
		{{Path: "d/f", Data: []byte("1")}, {Path: "d/f", Data: []byte("2")}},
		{{Path: "d", Data: []byte("1")}, {Path: "d/f", Data: []byte("2")}},
		{{Path: "d/f", Data: []byte("1")}, {Path: "d", Data: []byte("2")}},
	} {
		if _, err := r.writeCommit(nil, plumbing.ZeroHash, c, meta("bad")); err == nil {
			t.Errorf("writeCommit(%v) succeeded", c)
		}
	}
	bs := meta("bad")
	bs.Author.Name = "Eve <evil>"
	if _, err := r.writeCommit(nil, plumbing.ZeroHash, []change{{Path: "f", Data: []byte("1")}}, bs); err == nil {
		t.Error("writeCommit with bad author succeeded")
	}
	if after := runGit(t, r.gitDir, "count-objects", "-v"); after != before {
		t.Errorf("objects written by rejected commits:\n%s\nvs\n%s", before, after)
	}
	for _, good := range []string{".gitignore-not", "git~x", ".gitx/y", "a.git", "INC-1/incident.yaml", ".incidentkit/policy.yaml"} {
		if err := validPath(good); err != nil {
			t.Errorf("validPath(%q) = %v", good, err)
		}
	}
}

func mustRef(t *testing.T, r *repo) plumbing.Hash {
	t.Helper()
	h, err := r.readRef("refs/heads/main")
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestWriteCommitReusesObjects(t *testing.T) {
	r := newTestRepo(t, true)
	commit(t, r, change{Path: "a/b", Data: []byte("same")})
	packs := len(r.db.packs)
	// A commit whose blob and trees exist writes only the commit object.
	c := commit(t, r, change{Path: "a/b", Data: []byte("same")})
	if len(r.db.packs) != packs+1 {
		t.Fatalf("packs = %d, want %d", len(r.db.packs), packs+1)
	}
	if n := r.db.packs[0].objects; n != 1 {
		t.Errorf("new pack holds %d objects, want 1 (the commit)", n)
	}
	if got := runGit(t, r.gitDir, "rev-list", "--count", c.String()); got != "2" {
		t.Errorf("rev-list --count = %s", got)
	}
	fsck(t, r.gitDir)
}

func TestSignedCommit(t *testing.T) {
	r := newTestRepo(t, true)
	m := meta("signed")
	var payload string
	m.Sign = func(p []byte) (string, error) {
		payload = string(p)
		return "-----BEGIN PGP SIGNATURE-----\n\nfake\n-----END PGP SIGNATURE-----\n", nil
	}
	h, err := r.writeCommit(nil, plumbing.ZeroHash, []change{{Path: "f", Data: []byte("x")}}, m)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(payload, "author Ada Responder") {
		t.Errorf("payload = %q", payload)
	}
	if got := runGit(t, r.gitDir, "cat-file", "commit", h.String()); !strings.Contains(got, "gpgsig -----BEGIN PGP SIGNATURE-----") {
		t.Errorf("commit lacks gpgsig:\n%s", got)
	}
}

// FuzzParseTree: a malformed tree never panics, and a parsed tree
// encodes back to the same bytes.
func FuzzParseTree(f *testing.F) {
	f.Add(encodeTree([]treeEntry{{mode: "100644", name: "a.b", hash: plumbing.Hash{1}}, {mode: "40000", name: "a", hash: plumbing.Hash{2}}}))
	f.Add([]byte("100644 x\x00short"))
	f.Fuzz(func(t *testing.T, b []byte) {
		es, err := parseTree(plumbing.ZeroHash, b)
		if err != nil {
			return
		}
		if got := encodeTree(es); !bytes.Equal(got, b) {
			t.Fatalf("round trip: %q, want %q", got, b)
		}
	})
}

// FuzzValidPath: validPath never panics, and what it accepts is a
// relative path of names git fsck accepts.
func FuzzValidPath(f *testing.F) {
	for _, s := range []string{"incidents/2026/11/INC-1/incident.yaml", ".git/x", "a//b", "GIT~1", ".git\u200c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if validPath(p) != nil {
			return
		}
		for _, c := range strings.Split(p, "/") {
			if c == "" || c == "." || c == ".." || strings.EqualFold(c, ".git") || strings.ContainsAny(c, "\x00\\") {
				t.Fatalf("validPath(%q) accepted component %q", p, c)
			}
		}
	})
}

// TestLeftoverPackReplaced: a commit pack left without its .idx by a
// crash (same name, truncated) does not block writing that pack again.
func TestLeftoverPackReplaced(t *testing.T) {
	r := newTestRepo(t, true)
	objs := []rawObject{newRawObject(plumbing.BlobObject, []byte("x"))}
	var buf bytes.Buffer
	pb := r.db.newPackBuilder(&buf, 0)
	for _, o := range objs {
		if err := pb.add(o); err != nil {
			t.Fatal(err)
		}
	}
	data := buf.Bytes()
	data[11] = byte(pb.count)
	sum := plumbing.Hash(sha1.Sum(data))
	if err := os.WriteFile(r.db.packPath(sum, ".pack"), data[:7], 0o444); err != nil {
		t.Fatal(err)
	}
	if err := r.db.writeObjects(objs); err != nil {
		t.Fatal(err)
	}
	if out := runGit(t, r.gitDir, "cat-file", "-p", objs[0].hash.String()); out != "x" {
		t.Errorf("cat-file = %q", out)
	}
	fsck(t, r.gitDir)
}
