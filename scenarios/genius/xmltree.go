package genius

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"
)

// Limits on input, so that no file can exhaust memory or the stack.
const (
	// MaxFileSize is the largest input file read, in bytes.
	MaxFileSize = 64 << 20
	maxDepth    = 64
	maxElements = 2_000_000
)

// Error is an import error located in its file (and line, for XML).
type Error struct {
	File string
	Line int // 0 when unknown
	Msg  string
}

func (e *Error) Error() string {
	switch {
	case e.File == "":
		return e.Msg
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// elem is one element of a parsed XML document.
type elem struct {
	name  string
	attrs map[string]string
	kids  []*elem
	line  int
}

// attr returns the attribute's value and whether it is present.
func (e *elem) attr(name string) (string, bool) {
	v, ok := e.attrs[name]
	return v, ok
}

// all returns the children named name, in document order.
func (e *elem) all(name string) []*elem {
	var out []*elem
	for _, k := range e.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// first returns the first child named name, or nil.
func (e *elem) first(name string) *elem {
	for _, k := range e.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// parseXML reads data into an element tree. Text content is ignored, as
// Genius ignores it.
func parseXML(file string, data []byte) (*elem, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	dec.CharsetReader = func(charset string, r io.Reader) (io.Reader, error) {
		switch strings.ToLower(charset) {
		case "utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin1":
			return r, nil // Genius files are ASCII in practice
		}
		return nil, fmt.Errorf("unsupported encoding %q", charset)
	}
	var root *elem
	var stack []*elem
	n := 0
	for {
		line, _ := dec.InputPos()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, &Error{File: file, Line: se.Line, Msg: "XML: " + se.Msg}
			}
			return nil, &Error{File: file, Line: line, Msg: "XML: " + err.Error()}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n++
			if n > maxElements {
				return nil, &Error{File: file, Line: line, Msg: fmt.Sprintf("more than %d XML elements", maxElements)}
			}
			if len(stack) >= maxDepth {
				return nil, &Error{File: file, Line: line, Msg: fmt.Sprintf("XML nested deeper than %d elements", maxDepth)}
			}
			e := &elem{name: t.Name.Local, attrs: map[string]string{}, line: line}
			for _, a := range t.Attr {
				if _, dup := e.attrs[a.Name.Local]; !dup {
					e.attrs[a.Name.Local] = a.Value
				}
			}
			if len(stack) == 0 {
				if root != nil {
					return nil, &Error{File: file, Line: line, Msg: "XML: more than one root element"}
				}
				root = e
			} else {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, e)
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
	if root == nil {
		return nil, &Error{File: file, Msg: "no XML element"}
	}
	return root, nil
}

// number parses a decimal number as Genius (Java's Double.valueOf) reads
// it, keeping its exact decimal value: an optional sign, digits with an
// optional point, an optional exponent, surrounding spaces ignored.
func number(s string) (*big.Rat, bool) {
	s = strings.TrimSpace(s)
	t := strings.TrimLeft(s, "+-")
	if t == "" || len(s)-len(t) > 1 || len(s) > 400 {
		return nil, false
	}
	digits := false
	for i, c := range t {
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case c == '.':
		case c == 'e' || c == 'E':
			exp := strings.TrimLeft(t[i+1:], "+-")
			if !digits || exp == "" || len(t[i+1:])-len(exp) > 1 || len(exp) > 3 {
				return nil, false
			}
			for _, d := range exp {
				if d < '0' || d > '9' {
					return nil, false
				}
			}
			r, ok := new(big.Rat).SetString(strings.TrimPrefix(s, "+"))
			return r, ok
		default:
			return nil, false
		}
	}
	if !digits || strings.Count(t, ".") > 1 {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(strings.TrimPrefix(s, "+"))
	return r, ok
}

// float is r rounded to the nearest float64.
func float(r *big.Rat) float64 {
	f, _ := r.Float64()
	return f
}

var ratOne = big.NewRat(1, 1)
