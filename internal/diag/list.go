package diag

import (
	"errors"
	"fmt"
	"slices"
)

// List collects problems. The zero value is an empty list ready to use.
type List struct {
	problems []Problem
}

// Add appends p.
func (l *List) Add(p Problem) {
	l.problems = append(l.problems, p)
}

// Addf appends a problem whose message is formatted from format and args.
func (l *List) Addf(file string, line, col int, field, format string, args ...any) {
	l.Add(Problem{File: file, Line: line, Column: col, Field: field, Message: fmt.Sprintf(format, args...)})
}

// AddErr appends the problems of err when it is (or wraps) an *Error, and
// otherwise one problem in file carrying err's message. A nil err adds nothing.
func (l *List) AddErr(file string, err error) {
	if err == nil {
		return
	}
	var de *Error
	if errors.As(err, &de) {
		l.problems = append(l.problems, de.Problems...)
		return
	}
	l.Add(Problem{File: file, Message: err.Error()})
}

// Len reports the number of problems collected.
func (l *List) Len() int { return len(l.problems) }

// Problems returns a sorted copy of the problems collected.
func (l *List) Problems() []Problem {
	ps := slices.Clone(l.problems)
	Sort(ps)
	return ps
}

// Err returns nil when the list is empty, and otherwise an *Error with the
// given kind and the problems sorted by file, line and column.
func (l *List) Err(kind error) error {
	if len(l.problems) == 0 {
		return nil
	}
	return &Error{Kind: kind, Problems: l.Problems()}
}
