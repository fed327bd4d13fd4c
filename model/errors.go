package model

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

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
	// Where says what the indices of Path name, such as "parties[1] is
	// union", written after the message (so that Path stays the JSON path
	// the format names); empty when there is nothing to add.
	Where string
}

// Error returns the error on one line: any line break or other control
// character in the path or the message (which may quote the scenario) is
// escaped.
func (e *Error) Error() string {
	msg := e.Msg
	if e.Where != "" {
		msg += " (" + e.Where + ")"
	}
	switch {
	case e.Line > 0:
		return oneline.String(fmt.Sprintf("line %d:%d: %s", e.Line, e.Col, msg))
	case e.Path != "" && e.Col > 0:
		return oneline.String(fmt.Sprintf("%s: col %d: %s", e.Path, e.Col, msg))
	case e.Path != "":
		return oneline.String(fmt.Sprintf("%s: %s", e.Path, msg))
	}
	return oneline.String(msg)
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

// annotate fills in Where for every error whose path goes through a party
// with an id: "parties[1] is union" (not for the party's own id field).
func (s *Space) annotate(l ErrorList) {
	for _, e := range l {
		if e.Where != "" || !strings.HasPrefix(e.Path, "parties[") {
			continue
		}
		end := strings.IndexByte(e.Path, ']')
		i, err := strconv.Atoi(e.Path[len("parties["):max(end, len("parties["))])
		if end < 0 || err != nil || i < 0 || i >= len(s.Parties) || e.Path[end+1:] == ".id" {
			continue
		}
		if id := s.Parties[i].ID; idRE.MatchString(id) {
			e.Where = e.Path[:end+1] + " is " + id
		}
	}
}

// sortByDocument orders l as its problems occur in the JSON document data
// (stable: problems at one place keep their order), like
// go/scanner.ErrorList.Sort orders by position. A path is placed where its
// value starts, a missing field where its object starts.
func sortByDocument(data []byte, l ErrorList) {
	if len(l) < 2 {
		return
	}
	want := map[string]bool{"": true}
	for _, e := range l {
		for p := e.Path; p != ""; p = parentPath(p) {
			want[p] = true
		}
	}
	at := pathOffsets(data, want)
	off := func(e *Error) int64 {
		if e.Line > 0 {
			return lineOffset(data, e.Line, e.Col)
		}
		for p := e.Path; ; p = parentPath(p) {
			if o, ok := at[p]; ok || p == "" {
				return o
			}
		}
	}
	keys := make(map[*Error]int64, len(l))
	for _, e := range l {
		keys[e] = off(e)
	}
	slices.SortStableFunc(l, func(a, b *Error) int { return cmp.Compare(keys[a], keys[b]) })
}

// parentPath drops the last step of a JSON path: parties[0].id →
// parties[0] → parties → "".
func parentPath(p string) string {
	switch {
	case strings.HasSuffix(p, `"]`):
		if i := strings.LastIndex(p, `["`); i >= 0 {
			return p[:i]
		}
	case strings.HasSuffix(p, "]"):
		if i := strings.LastIndexByte(p, '['); i >= 0 {
			return p[:i]
		}
	}
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[:i]
	}
	return ""
}

// lineOffset converts a 1-based line and column into a byte offset.
func lineOffset(data []byte, line, col int) int64 {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
	}
	return int64(off + col - 1)
}

// pathOffsets returns the offset at which each wanted path's value starts
// in data, a syntactically valid JSON document (the first, for a
// duplicate key). It descends only into values on a wanted path and skips
// the rest byte by byte, so it costs one pass over the document.
func pathOffsets(data []byte, want map[string]bool) map[string]int64 {
	at := map[string]int64{}
	sc := jsonScan{data: data}
	sc.value("", want, at)
	return at
}

// jsonScan walks a valid JSON document.
type jsonScan struct {
	data []byte
	i    int
}

func (sc *jsonScan) space() {
	for sc.i < len(sc.data) && (sc.data[sc.i] == ' ' || sc.data[sc.i] == '\t' || sc.data[sc.i] == '\n' || sc.data[sc.i] == '\r') {
		sc.i++
	}
}

// value reads the value at sc.i, whose path is p.
func (sc *jsonScan) value(p string, want map[string]bool, at map[string]int64) {
	sc.space()
	if sc.i >= len(sc.data) {
		return
	}
	if _, seen := at[p]; !seen {
		at[p] = int64(sc.i)
	}
	switch sc.data[sc.i] {
	case '{':
		sc.i++
		for {
			sc.space()
			if sc.i >= len(sc.data) || sc.data[sc.i] == '}' {
				sc.i++
				return
			}
			if sc.data[sc.i] == ',' {
				sc.i++
				continue
			}
			start := sc.i
			sc.skip()
			var key string
			if json.Unmarshal(sc.data[start:sc.i], &key) != nil {
				return
			}
			sc.space()
			sc.i++ // the colon
			if q := jpath(p, key); want[q] {
				sc.value(q, want, at)
			} else {
				sc.space()
				sc.skip()
			}
		}
	case '[':
		sc.i++
		for n := 0; ; {
			sc.space()
			if sc.i >= len(sc.data) || sc.data[sc.i] == ']' {
				sc.i++
				return
			}
			if sc.data[sc.i] == ',' {
				sc.i++
				continue
			}
			if q := fmt.Sprintf("%s[%d]", p, n); want[q] {
				sc.value(q, want, at)
			} else {
				sc.skip()
			}
			n++
		}
	default:
		sc.skip()
	}
}

// skip moves past the value (or key) at sc.i.
func (sc *jsonScan) skip() {
	depth := 0
	for sc.i < len(sc.data) {
		switch c := sc.data[sc.i]; c {
		case '"':
			sc.i++
			for sc.i < len(sc.data) && sc.data[sc.i] != '"' {
				if sc.data[sc.i] == '\\' {
					sc.i++
				}
				sc.i++
			}
			sc.i++
		case '{', '[':
			depth++
			sc.i++
		case '}', ']':
			if depth == 0 {
				return // the end of the enclosing container
			}
			depth--
			sc.i++
		case ',', ':', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return
			}
			sc.i++
		default:
			sc.i++
			continue
		}
		if depth == 0 && (sc.i >= len(sc.data) || sc.data[sc.i-1] == '"' || sc.data[sc.i-1] == '}' || sc.data[sc.i-1] == ']') {
			return
		}
	}
}
