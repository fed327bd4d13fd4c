package model

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Value is the value of one issue: a bool, a choice option, an integer or
// a step's phase (or never). The zero Value is invalid.
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

// StepValue is a step issue's value when the step is taken in the given
// phase (1 to K).
func StepValue(phase int) Value { return Value{kind: StepKind, i: int64(phase)} }

// Never is a step issue's value when the step is never taken.
func Never() Value { return Value{kind: StepKind} }

// Kind returns the kind of issue v belongs to (0 for the zero Value).
func (v Value) Kind() Kind { return v.kind }

// Bool returns the value of a bool issue.
func (v Value) Bool() bool { return v.b }

// Option returns the value of a choice issue.
func (v Value) Option() string { return v.s }

// Int returns the value of an int issue.
func (v Value) Int() int64 { return v.i }

// Phase returns the phase of a step issue's value, 0 when the step is never
// taken (see PhaseOf for phase() of the expression language).
func (v Value) Phase() int { return int(v.i) }

// Taken reports whether a step issue's value is a phase rather than never.
func (v Value) Taken() bool { return v.kind == StepKind && v.i != 0 }

// String prints v as in scenario files: true, "option", 42, and for a step
// its phase (3) or "never".
func (v Value) String() string {
	switch v.kind {
	case StepKind:
		if v.i == 0 {
			return `"never"`
		}
		return strconv.FormatInt(v.i, 10)
	case BoolKind:
		return strconv.FormatBool(v.b)
	case ChoiceKind:
		return strconv.Quote(v.s)
	case IntKind:
		return strconv.FormatInt(v.i, 10)
	}
	return "<invalid>"
}

// MarshalJSON writes v as a JSON boolean, string or number; a step's value
// is its phase or the string "never".
func (v Value) MarshalJSON() ([]byte, error) {
	switch v.kind {
	case StepKind:
		if v.i == 0 {
			return []byte(`"never"`), nil
		}
		return json.Marshal(v.i)
	case BoolKind:
		return json.Marshal(v.b)
	case ChoiceKind:
		return json.Marshal(v.s)
	case IntKind:
		return json.Marshal(v.i)
	}
	return nil, fmt.Errorf("model: marshal of an invalid Value")
}

// UnmarshalJSON reads a JSON boolean, string or integer. It cannot know the
// issue: a step's value reads as an integer or as the option "never"; use
// Issue.Coerce to turn it into a step value.
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

// Coerce returns v read as a value of the issue's kind: for a step issue an
// integer becomes that phase and the string "never" (exactly) becomes
// Never; any other value is returned unchanged. It does not check the
// domain (see Has).
func (is *Issue) Coerce(v Value) Value {
	if is.Kind != StepKind {
		return v
	}
	switch {
	case v.kind == IntKind && v.i >= 1:
		return Value{kind: StepKind, i: v.i}
	case v.kind == ChoiceKind && v.s == "never":
		return Never()
	}
	return v
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
