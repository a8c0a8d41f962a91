package statuspage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
)

// WriteDir builds the page from r and writes it to dir as index.html,
// feed.atom and status.json, creating dir (and its parents) when needed.
// Each file is written to a temporary file in dir and renamed over the
// old one, so a web server serving dir never sees a half-written file.
//
// Like [Build], when some stored incidents are invalid it writes the page
// without them and returns the error (matching incident.ErrInvalid); any
// other error leaves the old files in place.
func WriteDir(ctx context.Context, r store.Reader, dir string, opts *Options) error {
	p, buildErr := Build(ctx, r, opts)
	if buildErr != nil && (p == nil || !errors.Is(buildErr, incident.ErrInvalid)) {
		return buildErr
	}
	// Render everything before writing anything.
	bufs := make([]bytes.Buffer, len(routes))
	for i, rt := range routes {
		if err := rt.render(p, &bufs[i]); err != nil {
			return fmt.Errorf("statuspage: render %s: %w", rt.file, err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("statuspage: %w", err)
	}
	for i, rt := range routes {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("statuspage: %w", err)
		}
		if err := writeFile(filepath.Join(dir, rt.file), bufs[i].Bytes()); err != nil {
			return fmt.Errorf("statuspage: %w", err)
		}
	}
	return buildErr
}

// writeFile replaces name with data atomically: a temporary file in the
// same directory, synced, made world-readable (a web server reads it),
// then renamed over name.
func writeFile(name string, data []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}
