package faults_test

import (
	"errors"
	"io/fs"
	"syscall"
	"testing"

	"github.com/incidentkit/incidentkit/internal/faults"
)

func TestCheckWithoutHook(t *testing.T) {
	if err := faults.Check("pack.write", "/x"); err != nil {
		t.Fatalf("Check without a hook = %v, want nil", err)
	}
	faults.Reach("lock.unlock", "/x") // must not panic
}

func TestFailAt(t *testing.T) {
	var seen []string
	restore := faults.Set(faults.FailAt(2, syscall.ENOSPC, func(n int64, p faults.Point) {
		seen = append(seen, p.Name)
	}))
	defer restore()
	if err := faults.Check("a", "/a"); err != nil {
		t.Fatalf("first point failed: %v", err)
	}
	faults.Reach("r", "/r") // not counted: it cannot fail
	err := faults.Check("b", "/b")
	var pe *fs.PathError
	if !errors.Is(err, syscall.ENOSPC) || !errors.As(err, &pe) || pe.Op != "b" || pe.Path != "/b" {
		t.Fatalf("second point = %v, want ENOSPC as a PathError naming b and /b", err)
	}
	if got := err.Error(); got != "b /b: no space left on device" {
		t.Errorf("message = %q", got)
	}
	if err := faults.Check("c", "/c"); err != nil {
		t.Fatalf("third point failed: %v", err)
	}
	if len(seen) != 3 || seen[1] != "b" {
		t.Errorf("seen = %v, want the three fallible points", seen)
	}
}

func TestSetRestores(t *testing.T) {
	restore := faults.Set(func(faults.Point) error { return syscall.EIO })
	inner := faults.Set(nil)
	if err := faults.Check("x", ""); err != nil {
		t.Errorf("with the hook removed Check = %v", err)
	}
	inner()
	if err := faults.Check("x", ""); !errors.Is(err, syscall.EIO) {
		t.Errorf("restored hook: Check = %v, want EIO", err)
	}
	restore()
	if err := faults.Check("x", ""); err != nil {
		t.Errorf("after restore Check = %v", err)
	}
}

func BenchmarkCheckNoHook(b *testing.B) {
	for b.Loop() {
		if faults.Check("pack.write", "/x") != nil {
			b.Fatal("error without a hook")
		}
	}
}
