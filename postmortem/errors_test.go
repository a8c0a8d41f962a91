package postmortem_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incidentkit/incidentkit/internal/diag"
	"github.com/incidentkit/incidentkit/postmortem"
)

// TestParseInvalid checks the errors for broken files against
// testdata/invalid/*.golden.
func TestParseInvalid(t *testing.T) {
	files, err := filepath.Glob("testdata/invalid/*.md")
	must(t, err)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			must(t, err)
			p, err := postmortem.Parse(f, data)
			if err == nil {
				t.Fatalf("Parse(%s) = %+v, want error", f, p)
			}
			if !errors.Is(err, postmortem.ErrInvalid) {
				t.Errorf("errors.Is(err, ErrInvalid) = false for %v", err)
			}
			var de *diag.Error
			if !errors.As(err, &de) {
				t.Fatalf("error is %T, want *diag.Error", err)
			}
			for _, p := range de.Problems {
				if p.File != f || p.Line == 0 {
					t.Errorf("problem %q lacks file or line", p)
				}
			}
			golden(t, strings.TrimSuffix(f[len("testdata/"):], ".md")+".golden", []byte(err.Error()+"\n"))
		})
	}
}

func TestParseTooLarge(t *testing.T) {
	data := append([]byte("---\nincident: INC-1-1\nstatus: draft\n---\n# T\n"), bytes.Repeat([]byte("[a](<b"), postmortem.MaxSize/6+1)...)
	_, err := postmortem.Parse("big.md", data)
	if !errors.Is(err, postmortem.ErrInvalid) || !strings.Contains(err.Error(), "more than the limit") {
		t.Errorf("Parse(%d bytes) error = %v, want size limit", len(data), err)
	}
}
