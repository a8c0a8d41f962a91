package diag_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/incidentkit/incidentkit/internal/diag"
)

var errKind = errors.New("x: invalid")

func TestProblemString(t *testing.T) {
	tests := []struct {
		name string
		p    diag.Problem
		want string
	}{
		{"all", diag.Problem{File: "f.yaml", Line: 3, Column: 7, Field: "a.b", Message: "bad"}, "f.yaml:3:7: a.b: bad"},
		{"no column", diag.Problem{File: "f.yaml", Line: 3, Field: "a", Message: "bad"}, "f.yaml:3: a: bad"},
		{"no line", diag.Problem{File: "f.yaml", Column: 7, Field: "a", Message: "bad"}, "f.yaml: a: bad"},
		{"no field", diag.Problem{File: "f.yaml", Line: 3, Message: "bad"}, "f.yaml:3: bad"},
		{"no file", diag.Problem{Line: 3, Column: 1, Field: "a", Message: "bad"}, "3:1: a: bad"},
		{"message only", diag.Problem{Message: "bad"}, "bad"},
		{"field only", diag.Problem{Field: "a", Message: "bad"}, "a: bad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrorSortsStably(t *testing.T) {
	e := &diag.Error{Kind: errKind, Problems: []diag.Problem{
		{File: "b", Line: 1, Message: "b1"},
		{File: "a", Line: 2, Column: 5, Message: "a2:5"},
		{File: "a", Line: 2, Message: "a2 first"},
		{File: "a", Line: 2, Message: "a2 second"},
		{File: "a", Line: 1, Message: "a1"},
	}}
	want := "a:1: a1\na:2: a2 first\na:2: a2 second\na:2:5: a2:5\nb:1: b1"
	if got := e.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if e.Problems[0].Message != "b1" {
		t.Errorf("Error() reordered the caller's Problems")
	}
}

func TestErrorIs(t *testing.T) {
	var err error = &diag.Error{Kind: errKind, Problems: []diag.Problem{{Message: "m"}}}
	if !errors.Is(err, errKind) {
		t.Errorf("errors.Is(err, kind) = false, want true")
	}
	if !errors.Is(fmt.Errorf("wrap: %w", err), errKind) {
		t.Errorf("errors.Is(wrapped, kind) = false, want true")
	}
	if errors.Is(err, errors.New("x: invalid")) {
		t.Errorf("errors.Is(err, other) = true, want false")
	}
	if errors.Is(&diag.Error{}, errKind) {
		t.Errorf("errors.Is(nil kind, kind) = true, want false")
	}
}

func TestErrorEmpty(t *testing.T) {
	if got := (&diag.Error{Kind: errKind}).Error(); got != "x: invalid" {
		t.Errorf("Error() = %q, want kind text", got)
	}
	if got := (&diag.Error{}).Error(); got != "invalid document" {
		t.Errorf("Error() = %q, want %q", got, "invalid document")
	}
}

func TestList(t *testing.T) {
	var l diag.List
	if err := l.Err(errKind); err != nil {
		t.Fatalf("empty List.Err = %v, want nil", err)
	}
	l.Addf("f", 2, 1, "b", "second %d", 2)
	l.Add(diag.Problem{File: "f", Line: 1, Field: "a", Message: "first"})
	l.AddErr("f", nil)
	l.AddErr("f", errors.New("plain"))
	l.AddErr("f", fmt.Errorf("wrapped: %w", &diag.Error{Problems: []diag.Problem{{File: "g", Line: 9, Message: "nested"}}}))
	if l.Len() != 4 {
		t.Fatalf("Len() = %d, want 4", l.Len())
	}
	err := l.Err(errKind)
	var de *diag.Error
	if !errors.As(err, &de) || !errors.Is(err, errKind) {
		t.Fatalf("Err() = %#v, want *diag.Error of kind", err)
	}
	want := []diag.Problem{
		{File: "f", Message: "plain"},
		{File: "f", Line: 1, Field: "a", Message: "first"},
		{File: "f", Line: 2, Column: 1, Field: "b", Message: "second 2"},
		{File: "g", Line: 9, Message: "nested"},
	}
	if diff := cmp.Diff(want, de.Problems); diff != "" {
		t.Errorf("Problems (-want +got):\n%s", diff)
	}
}

func TestWithKind(t *testing.T) {
	orig := &diag.Error{Problems: []diag.Problem{{Message: "m"}}}
	err := diag.WithKind(fmt.Errorf("ctx: %w", orig), errKind)
	if !errors.Is(err, errKind) {
		t.Errorf("WithKind: errors.Is(err, kind) = false")
	}
	if orig.Kind != nil {
		t.Errorf("WithKind modified the original")
	}
	plain := errors.New("plain")
	if got := diag.WithKind(plain, errKind); got != plain {
		t.Errorf("WithKind(plain) = %v, want unchanged", got)
	}
	if got := diag.WithKind(nil, errKind); got != nil {
		t.Errorf("WithKind(nil) = %v, want nil", got)
	}
}
