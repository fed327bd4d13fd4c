package model

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
	return is.Min, is.Min + int64(n-1)*is.Step, true
}
