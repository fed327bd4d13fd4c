package model

import (
	"fmt"

	"github.com/zopa-go/zopa/internal/oneline"
)

// Error is one problem in a scenario, located by its JSON path (such as
// parties[0].red_lines[2].require) and, inside an expression, its column.
// A JSON syntax problem has an empty Path and a Line and Col.
type Error struct {
	Path string
	Line int
	Col  int
	Msg  string
}

// Error returns the error on one line: any line break or other control
// character in the path or the message (which may quote the scenario) is
// escaped.
func (e *Error) Error() string {
	switch {
	case e.Line > 0:
		return oneline.String(fmt.Sprintf("line %d:%d: %s", e.Line, e.Col, e.Msg))
	case e.Path != "" && e.Col > 0:
		return oneline.String(fmt.Sprintf("%s: col %d: %s", e.Path, e.Col, e.Msg))
	case e.Path != "":
		return oneline.String(fmt.Sprintf("%s: %s", e.Path, e.Msg))
	}
	return oneline.String(e.Msg)
}

// ErrorList is every problem found in a scenario, in document order (the
// order of the JSON document, not the lexical order of paths).
type ErrorList []*Error

// Add appends an error.
func (l *ErrorList) Add(path string, col int, format string, args ...any) {
	*l = append(*l, &Error{Path: path, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// Error returns the first error and how many more there are.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0], len(l)-1)
}

// Err returns l as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Unwrap returns the errors, so errors.As finds an *Error in the list.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}
