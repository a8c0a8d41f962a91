package gitstore

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"

	"github.com/incidentkit/incidentkit/internal/faults"
)

// syncer makes files and directories durable. With noSync set it does
// nothing, trading durability for speed (tests, bulk import). It counts
// the fsync calls it makes so tests and benchmarks can keep the write path
// honest: syncs are the dominant cost of a durable commit on most disks.
type syncer struct {
	noSync bool
	count  atomic.Int64
}

// file fsyncs an open file.
func (s *syncer) file(f *os.File) error { return s.fileAt("fsync", f) }

// fileAt fsyncs an open file at fault point point (internal/faults).
func (s *syncer) fileAt(point string, f *os.File) error {
	if s.noSync {
		return nil
	}
	s.count.Add(1)
	err := faults.Check(point, f.Name())
	if err == nil {
		err = f.Sync()
	}
	if err != nil {
		return fmt.Errorf("gitstore: fsync %s: %w", f.Name(), err)
	}
	return nil
}

// dir fsyncs a directory so that entries created, renamed or removed in it
// survive a crash.
func (s *syncer) dir(path string) error { return s.dirAt("dir.fsync", path) }

// dirAt fsyncs a directory at fault point point (internal/faults).
func (s *syncer) dirAt(point, path string) error {
	if s.noSync {
		return nil
	}
	d, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("gitstore: fsync dir: %w", err)
	}
	s.count.Add(1)
	err = faults.Check(point, path)
	if err == nil {
		err = d.Sync()
	}
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("gitstore: fsync dir %s: %w", path, err)
	}
	return nil
}

// writeTemp writes data to a new read-only temporary file in dir, fsyncs
// it and returns its path. The caller renames it into place (and syncs
// dir). The file is created with its final mode: no chmod.
func (s *syncer) writeTemp(dir, prefix string, data []byte) (string, error) {
	return s.writeTempAt("tmp", dir, prefix, data)
}

// writeTempAt is writeTemp with the fault points kind.create, kind.write,
// kind.fsync and kind.close (internal/faults).
func (s *syncer) writeTempAt(kind, dir, prefix string, data []byte) (string, error) {
	f, err := createTemp(kind+".create", dir, prefix)
	if err != nil {
		return "", err
	}
	name := f.Name()
	err = faults.Check(kind+".write", name)
	if err == nil {
		_, err = f.Write(data)
	}
	if err != nil {
		_ = f.Close()
		_ = os.Remove(name)
		return "", fmt.Errorf("gitstore: write %s: %w", name, err)
	}
	if err := s.fileAt(kind+".fsync", f); err != nil {
		_ = f.Close()
		_ = os.Remove(name)
		return "", err
	}
	err = faults.Check(kind+".close", name)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(name)
		return "", fmt.Errorf("gitstore: close %s: %w", name, err)
	}
	return name, nil
}

// createTemp creates a new read-only (0444, as git's object files) file
// in dir, open for reading and writing, at fault point point.
func createTemp(point, dir, prefix string) (*os.File, error) {
	for {
		name := filepath.Join(dir, prefix+strconv.FormatUint(rand.Uint64(), 36))
		if err := faults.Check(point, name); err != nil {
			return nil, fmt.Errorf("gitstore: %w", err)
		}
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o444)
		if os.IsExist(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("gitstore: %w", err)
		}
		return f, nil
	}
}

// mkdirAll creates dir and any missing parents, fsyncing the parent of
// every directory it creates so the new entries are durable.
func (s *syncer) mkdirAll(dir string) error {
	if fi, err := os.Stat(dir); err == nil {
		if !fi.IsDir() {
			return fmt.Errorf("gitstore: %s: not a directory", dir)
		}
		return nil
	}
	parent := filepath.Dir(dir)
	if parent != dir {
		if err := s.mkdirAll(parent); err != nil {
			return err
		}
	}
	err := faults.Check("mkdir", dir)
	if err == nil {
		err = os.Mkdir(dir, 0o755)
	}
	if err != nil {
		if os.IsExist(err) {
			return nil
		}
		return fmt.Errorf("gitstore: %w", err)
	}
	return s.dirAt("mkdir.fsync", parent)
}
