package stress

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/internal/faults"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

// InjectResult is what InjectErrors did and found.
type InjectResult struct {
	Points   map[string][]string // op -> the fallible points of one write, in order
	Injected int                 // errors injected
	Problems []string
}

func (r *InjectResult) problem(format string, args ...any) {
	if len(r.Problems) < 30 {
		r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
	}
}

// Errnos are the errors InjectErrors injects at every point: disk full,
// permission denied, and an I/O error (as fsync reports a failed
// write-back).
var Errnos = []syscall.Errno{syscall.ENOSPC, syscall.EACCES, syscall.EIO}

// InjectErrors fails each fallible fault point of a write (create, update)
// in turn with each of Errnos (with all false, with one of them per point,
// in turn), in this process, on a durable store. Each
// failed write must return an error that matches the errno and names the
// step; the branch must be unchanged, no temp or lock file left behind,
// git fsck --strict clean; and the next write must succeed. The hook is
// process-wide: run nothing else that writes meanwhile.
func InjectErrors(ctx context.Context, dir string, all bool) (*InjectResult, error) {
	repo, ids, err := setup(dir, 1)
	if err != nil {
		return nil, err
	}
	res := &InjectResult{Points: map[string][]string{}}
	who := person("inject")
	write := func(op string, n int, durable bool) error {
		// A fresh handle each time, so that its first write opens the
		// flock file (lock.open) as well.
		st, err := gitstore.Open(repo, &gitstore.Options{NoSync: !durable})
		if err != nil {
			return err
		}
		defer st.Close()
		token := fmt.Sprintf("inject-%s-%d", op, n)
		if op == "create" {
			_, err = st.Create(ctx, incident.Declaration{Title: token, Severity: "sev3"}, who)
			return err
		}
		_, err = st.Update(ctx, ids[0], who, func(inc *incident.Incident, at time.Time) error {
			return inc.AddNote(token, who, at)
		})
		return err
	}
	n := 0
	for _, op := range []string{"create", "update"} {
		// A dry run names the points.
		var names []string
		restore := faults.Set(func(p faults.Point) error {
			if p.Fallible {
				names = append(names, p.Name)
			}
			return nil
		})
		n++
		err := write(op, n, true)
		restore()
		if err != nil {
			return res, fmt.Errorf("dry run of %s: %w", op, err)
		}
		res.Points[op] = names
		for k := range names {
			errnos := Errnos
			if !all {
				errnos = Errnos[k%len(Errnos) : k%len(Errnos)+1]
			}
			for _, errno := range errnos {
				before, err := gitCmd(repo, nil, nil, "rev-parse", "refs/heads/main")
				if err != nil {
					return res, err
				}
				var hit string
				restore := faults.Set(faults.FailAt(int64(k+1), errno, func(i int64, p faults.Point) {
					if i == int64(k+1) {
						hit = p.Name
					}
				}))
				n++
				err = write(op, n, true)
				restore()
				res.Injected++
				what := fmt.Sprintf("%s: %v at step %d (%s)", op, errno, k+1, hit)
				switch {
				case err == nil:
					res.problem("%s: the write succeeded", what)
				case !errors.Is(err, errno):
					res.problem("%s: error does not match the errno: %v", what, err)
				case !strings.Contains(err.Error(), hit):
					res.problem("%s: error does not name the step: %v", what, err)
				}
				after, gerr := gitCmd(repo, nil, nil, "rev-parse", "refs/heads/main")
				if gerr != nil || after != before {
					res.problem("%s: branch moved from %s to %s (%v)", what, before, after, gerr)
				}
				for _, l := range leftovers(repo) {
					res.problem("%s: left %s", what, l)
				}
				for _, l := range fsckFindings(repo) {
					res.problem("%s: fsck: %s", what, l)
				}
				n++
				if err := write(op, n, false); err != nil {
					res.problem("%s: the next write failed: %v", what, err)
				}
			}
		}
	}
	return res, nil
}

// leftovers lists temp files, lock files and .keep files without a pack in
// the git directory at repo.
func leftovers(repo string) []string {
	var out []string
	packs := filepath.Join(repo, "objects", "pack")
	ents, _ := os.ReadDir(packs)
	have := map[string]bool{}
	for _, e := range ents {
		have[e.Name()] = true
	}
	for _, e := range ents {
		n := e.Name()
		base, _ := strings.CutSuffix(n, filepath.Ext(n))
		switch {
		case strings.Contains(n, "tmp"):
			out = append(out, "objects/pack/"+n)
		case strings.HasSuffix(n, ".keep") && !have[base+".pack"]:
			out = append(out, "objects/pack/"+n+" (no pack)")
		case strings.HasSuffix(n, ".pack") && !have[base+".idx"]:
			out = append(out, "objects/pack/"+n+" (no index)")
		}
	}
	_ = filepath.WalkDir(filepath.Join(repo, "refs"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".lock") {
			out = append(out, p)
		}
		return nil
	})
	for _, f := range []string{"packed-refs.lock", "index.lock", "HEAD.lock"} {
		if _, err := os.Stat(filepath.Join(repo, f)); err == nil {
			out = append(out, f)
		}
	}
	return out
}
