package model

import (
	"slices"

	"github.com/zopa-go/zopa/internal/linear"
)

// levelBounds returns the least and greatest level of an int issue without
// building the list of levels (which can hold MaxLevels values); ok is
// false for an empty or invalid domain.
//
// For a step issue they are the bounds of phase(): 1 and K + 1.
func (is *Issue) levelBounds() (lo, hi int64, ok bool) {
	if is.Kind == StepKind {
		return 1, int64(is.Phases) + 1, is.Phases > 0
	}
	if is.Kind != IntKind {
		return 0, 0, false
	}
	if is.Values != nil {
		if len(is.Values) == 0 {
			return 0, 0, false
		}
		lo, hi = is.Values[0], is.Values[0]
		for _, x := range is.Values[1:] {
			lo, hi = min(lo, x), max(hi, x)
		}
		return lo, hi, true
	}
	if is.Step <= 0 || is.Min > is.Max {
		return 0, 0, false
	}
	n := rangeLen(is.Min, is.Max, is.Step)
	if n > MaxLevels {
		return 0, 0, false
	}
	return is.Min, stepLevel(is.Min, is.Step, n-1), true
}

// linDomain returns the issue's domain as package linear needs it: its
// least and greatest level and the greatest common divisor of the
// differences between its levels.
func (is *Issue) linDomain() (linear.Domain, bool) {
	lo, hi, ok := is.levelBounds()
	if !ok {
		return linear.Domain{}, false
	}
	d := linear.Domain{Lo: lo, Hi: hi}
	switch {
	case lo == hi:
	case is.Kind == StepKind: // phase(): 1, 2, …, K + 1
		d.Step = 1
	case is.Values == nil:
		d.Step = uint64(is.Step)
	default:
		for _, x := range is.Values {
			d.Step = gcd(d.Step, uint64(x)-uint64(lo))
		}
	}
	return d, true
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// domainOK reports whether the issue's domain is valid and not empty (an
// invalid one is reported once, at the issue).
func (is *Issue) domainOK() bool {
	switch is.Kind {
	case BoolKind:
		return true
	case ChoiceKind:
		return len(is.Options) > 0 && len(is.Options) <= MaxLevels
	case IntKind:
		_, _, ok := is.levelBounds()
		return ok
	}
	return false
}

// levelsBelow returns the number of levels of an int issue below x
// (computed, not counted, for a min/max/step domain).
func (is *Issue) levelsBelow(x int64) int {
	if is.Values != nil {
		i, _ := slices.BinarySearch(is.Levels(), x)
		return i
	}
	n := is.Size()
	switch {
	case n == 0 || x <= is.Min:
		return 0
	case x > is.Max:
		return n
	}
	// ceil((x - Min) / Step), the difference in uint64 where it fits.
	d, st := uint64(x)-uint64(is.Min), uint64(is.Step)
	q := d / st
	if d%st != 0 {
		q++
	}
	return int(min(q, uint64(n)))
}
