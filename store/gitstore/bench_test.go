package gitstore

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// seedRepo makes a bare repository whose main branch holds n incident
// files spread over year/month shards, in one commit.
func seedRepo(b testing.TB, n int) string {
	b.Helper()
	dir := b.TempDir()
	r, err := initRepo(dir, true, "main", repoOptions{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer r.close()
	changes := make([]change, n)
	for i := range changes {
		changes[i] = change{Path: incidentPath(i), Data: []byte(fmt.Sprintf("id: INC-%04d\ntitle: seeded\n", i))}
	}
	commit(b, r, changes...)
	return dir
}

func BenchmarkWriteCommit(b *testing.B) {
	for _, files := range []int{100, 10000} {
		dir := seedRepo(b, files)
		for _, sync := range []bool{true, false} {
			b.Run(fmt.Sprintf("files=%d/sync=%v", files, sync), func(b *testing.B) {
				r, err := openRepo(dir, repoOptions{NoSync: !sync})
				if err != nil {
					b.Fatal(err)
				}
				defer r.close()
				syncs := r.sync.count.Load()
				cpu0 := cpuTime()
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					p := incidentPath(i * 7919 % files)
					benchCommit(b, r, change{Path: p, Data: []byte(fmt.Sprintf("id: x\nrev: %d\n", i))})
				}
				b.StopTimer()
				b.ReportMetric(float64(r.sync.count.Load()-syncs)/float64(b.N), "fsyncs/op")
				// CPU time apart from wall time: on a shared machine the wall
				// time of file creation and fsync varies tenfold.
				b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
				b.ReportMetric(float64(len(r.db.packs)), "packs")
			})
		}
	}
}

// cpuTime returns the user+system CPU time of the process in ns.
func cpuTime() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func benchCommit(b *testing.B, r *repo, c change) {
	unlock, err := r.lockWrite(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	defer unlock()
	tip, err := r.readRef("refs/heads/main")
	if err != nil {
		b.Fatal(err)
	}
	co, err := r.readCommit(tip)
	if err != nil {
		b.Fatal(err)
	}
	h, err := r.writeCommit([]plumbing.Hash{tip}, co.TreeHash, []change{c}, meta("bench"))
	if err != nil {
		b.Fatal(err)
	}
	if err := r.casRef("refs/heads/main", tip, h); err != nil {
		b.Fatal(err)
	}
	if err := r.maybePack(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkDurableObjects compares the two ways to make the ~7 new
// objects of a commit durable: git-style loose objects (temp file, fsync,
// rename, fsync of the fan-out directory, each) against one pack + .idx
// (what writeCommit does). It is the measurement behind objects.go.
func BenchmarkDurableObjects(b *testing.B) {
	objs := func(i int) []rawObject {
		var out []rawObject
		for j := range 7 {
			out = append(out, newRawObject(plumbing.BlobObject, fmt.Appendf(nil, "object %d of commit %d %0400d", j, i, 0)))
		}
		return out
	}
	b.Run("loose", func(b *testing.B) {
		r := newDurableRepo(b)
		syncs := r.sync.count.Load()
		for i := 0; i < b.N; i++ {
			for _, o := range objs(i) {
				if err := writeLoose(r, o); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(r.sync.count.Load()-syncs)/float64(b.N), "fsyncs/op")
	})
	b.Run("pack", func(b *testing.B) {
		r := newDurableRepo(b)
		syncs := r.sync.count.Load()
		for i := 0; i < b.N; i++ {
			if err := r.db.writeObjects(objs(i)); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(r.sync.count.Load()-syncs)/float64(b.N), "fsyncs/op")
	})
}

func newDurableRepo(b *testing.B) *repo {
	r, err := initRepo(b.TempDir(), true, "main", repoOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = r.close() })
	return r
}

// writeLoose writes o as a loose object the way git does with
// core.fsync=loose-object plus a directory fsync.
func writeLoose(r *repo, o rawObject) error {
	var buf bytes.Buffer
	zw := zlib.NewWriter(&buf)
	fmt.Fprintf(zw, "%s %d\x00", o.typ, len(o.data))
	zw.Write(o.data)
	zw.Close()
	path := r.db.loosePath(o.hash)
	dir := filepath.Dir(path)
	if err := r.sync.mkdirAll(dir); err != nil {
		return err
	}
	tmp, err := r.sync.writeTemp(dir, "tmp_obj_", buf.Bytes())
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return r.sync.dir(dir)
}

// BenchmarkReadFile reads one incident file at the branch tip (readRef,
// readCommit, lookupPath, readBlob) through a handle whose caches are warm.
func BenchmarkReadFile(b *testing.B) {
	for _, files := range []int{100, 10000} {
		dir := seedRepo(b, files)
		b.Run(fmt.Sprintf("files=%d", files), func(b *testing.B) {
			r, err := openRepo(dir, repoOptions{NoSync: true})
			if err != nil {
				b.Fatal(err)
			}
			defer r.close()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				tip, err := r.readRef("refs/heads/main")
				if err != nil {
					b.Fatal(err)
				}
				c, err := r.readCommit(tip)
				if err != nil {
					b.Fatal(err)
				}
				h, ok, err := r.lookupPath(c.TreeHash, incidentPath(i*7919%files))
				if err != nil || !ok {
					b.Fatal(ok, err)
				}
				if _, err := r.readBlob(h); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSyncWorktree updates one file in a non-bare repository whose
// index lists files entries: the index is rewritten whole (as git does).
func BenchmarkSyncWorktree(b *testing.B) {
	for _, files := range []int{100, 10000} {
		b.Run(fmt.Sprintf("files=%d", files), func(b *testing.B) {
			dir := b.TempDir()
			r, err := initRepo(dir, false, "main", repoOptions{NoSync: true})
			if err != nil {
				b.Fatal(err)
			}
			defer r.close()
			changes := make([]change, files)
			for i := range changes {
				changes[i] = change{Path: incidentPath(i), Data: []byte(fmt.Sprintf("id: INC-%04d\n", i))}
			}
			c := commit(b, r, changes...)
			if err := r.syncWorktree("refs/heads/main", changes, c); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				cs := []change{{Path: incidentPath(i * 7919 % files), Data: fmt.Appendf(nil, "rev %d\n", i)}}
				if err := r.syncWorktree("refs/heads/main", cs, c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
