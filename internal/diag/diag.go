// Package diag holds positioned problems found in hand-edited documents and
// the one typed error that lists them all.
//
// A [Problem] prints like a compiler diagnostic ("file:line:col: field: message").
// An [Error] carries every problem of a document plus a Kind, the sentinel
// error it matches through [errors.Is] (for example incident.ErrInvalid or
// severity.ErrInvalid). A [List] collects problems while a parser or a
// validator walks a document and turns them into an *Error at the end.
package diag

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
	"strings"
)

// Problem is one thing wrong in a document, with its position as far as it is
// known. Zero Line or Column and empty File or Field mean "unknown".
type Problem struct {
	File    string // file name as given to the parser
	Line    int    // 1-based line, 0 when unknown
	Column  int    // 1-based column, 0 when unknown
	Field   string // field path as the user sees it in the file, e.g. "timeline[2].at"
	Message string // lowercase, no final period
}

// String formats p like a compiler: "file:line:col: field: message". The
// column is omitted when 0, the line (and column) when the line is 0, the
// field when empty, and the file when empty.
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
	}
	if p.Line > 0 {
		if b.Len() > 0 {
			b.WriteByte(':')
		}
		b.WriteString(strconv.Itoa(p.Line))
		if p.Column > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(p.Column))
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// compare orders problems by file, line and column.
func compare(a, b Problem) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
	)
}

// Sort sorts problems by (file, line, column), keeping the original order of
// problems at the same position.
func Sort(problems []Problem) {
	slices.SortStableFunc(problems, compare)
}

// Error is the error for an invalid document: it lists every problem found.
// It matches its Kind through [errors.Is].
type Error struct {
	// Kind is the sentinel this error matches via errors.Is, for example
	// incident.ErrInvalid. It may be nil.
	Kind error
	// Problems lists everything wrong, sorted by file, line and column when
	// the Error comes from [List.Err].
	Problems []Problem
}

// Error returns the problems one per line, sorted by (file, line, column)
// with ties kept in their original order. With no problems it returns the
// Kind's message.
func (e *Error) Error() string {
	if len(e.Problems) == 0 {
		if e.Kind != nil {
			return e.Kind.Error()
		}
		return "invalid document"
	}
	ps := slices.Clone(e.Problems)
	Sort(ps)
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// Is reports whether target is e's Kind.
func (e *Error) Is(target error) bool {
	return e.Kind != nil && target == e.Kind
}

// WithKind returns err with its Kind set to kind when err is (or wraps) an
// *Error; the original is not modified. Any other error, and nil, is
// returned unchanged.
func WithKind(err error, kind error) error {
	var de *Error
	if !errors.As(err, &de) {
		return err
	}
	return &Error{Kind: kind, Problems: slices.Clone(de.Problems)}
}
