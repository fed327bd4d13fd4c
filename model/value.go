package model

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Value is the value of one issue: a bool, a choice option or an integer.
// The zero Value is invalid.
type Value struct {
	kind Kind
	b    bool
	i    int64
	s    string
}

// BoolValue is a bool issue's value.
func BoolValue(b bool) Value { return Value{kind: BoolKind, b: b} }

// OptionValue is a choice issue's value.
func OptionValue(o string) Value { return Value{kind: ChoiceKind, s: o} }

// IntValue is an int issue's value.
func IntValue(n int64) Value { return Value{kind: IntKind, i: n} }

// Kind returns the kind of issue v belongs to (0 for the zero Value).
func (v Value) Kind() Kind { return v.kind }

// Bool returns the value of a bool issue.
func (v Value) Bool() bool { return v.b }

// Option returns the value of a choice issue.
func (v Value) Option() string { return v.s }

// Int returns the value of an int issue.
func (v Value) Int() int64 { return v.i }

// String prints v as in scenario files: true, "option", 42.
func (v Value) String() string {
	switch v.kind {
	case BoolKind:
		return strconv.FormatBool(v.b)
	case ChoiceKind:
		return strconv.Quote(v.s)
	case IntKind:
		return strconv.FormatInt(v.i, 10)
	}
	return "<invalid>"
}

// MarshalJSON writes v as a JSON boolean, string or number.
func (v Value) MarshalJSON() ([]byte, error) {
	switch v.kind {
	case BoolKind:
		return json.Marshal(v.b)
	case ChoiceKind:
		return json.Marshal(v.s)
	case IntKind:
		return json.Marshal(v.i)
	}
	return nil, fmt.Errorf("model: marshal of an invalid Value")
}

// UnmarshalJSON reads a JSON boolean, string or integer.
func (v *Value) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	switch {
	case s == "true" || s == "false":
		*v = BoolValue(s == "true")
	case strings.HasPrefix(s, `"`):
		var o string
		if err := json.Unmarshal(b, &o); err != nil {
			return err
		}
		*v = OptionValue(o)
	default:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("value %s is not a boolean, string or integer", s)
		}
		*v = IntValue(n)
	}
	return nil
}

// Package assigns values to issues by issue id. A complete package has a
// value for every issue; a proposal may be partial.
type Package map[string]Value

// String prints the package with issues sorted by id.
func (p Package) String() string {
	var b strings.Builder
	b.WriteString("{")
	for i, k := range slices.Sorted(maps.Keys(p)) {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k)
		b.WriteString(": ")
		b.WriteString(p[k].String())
	}
	b.WriteString("}")
	return b.String()
}
