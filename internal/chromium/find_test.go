package chromium_test

import (
	"errors"
	"fmt"
	"runtime"
	"testing"

	"github.com/incidentkit/incidentkit/internal/chromium"
)

// recorder is a testing.TB that records Skipf and Fatalf and stops the
// goroutine as the real ones do.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper() {}
func (r *recorder) Skipf(format string, args ...any) {
	r.skipped = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// find runs chromium.Find with a recorder on a goroutine of its own.
func find(t *testing.T) *recorder {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		chromium.Find(r)
	}()
	<-done
	return r
}

func TestFindMissing(t *testing.T) {
	defer chromium.SetFallbacks(nil)()
	t.Setenv("PATH", t.TempDir())
	if _, err := chromium.Path(); !errors.Is(err, chromium.ErrNotFound) {
		t.Fatalf("Path with no browser = %v, want ErrNotFound", err)
	}

	t.Setenv(chromium.RequireEnv, "")
	if r := find(t); r.skipped == "" || r.failed != "" {
		t.Errorf("Find with no browser: skipped %q, failed %q; want a skip", r.skipped, r.failed)
	}
	t.Setenv(chromium.RequireEnv, "1")
	if r := find(t); r.failed == "" || r.skipped != "" {
		t.Errorf("Find with no browser and %s=1: skipped %q, failed %q; want a failure", chromium.RequireEnv, r.skipped, r.failed)
	}
}
