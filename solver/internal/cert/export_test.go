package cert

// SetEnumLimit sets the largest projection a BoxSet enumerates and returns
// a function that restores it.
func SetEnumLimit(n int64) (restore func()) {
	old := enumLimit
	enumLimit = n
	return func() { enumLimit = old }
}

// SetRegionEval switches a RegionSet's evaluator on or off (off: every
// region is proven on the second encoding) and returns a function that
// restores it.
func SetRegionEval(on bool) (restore func()) {
	old := regionEval
	regionEval = on
	return func() { regionEval = old }
}

// SetSegmentMin makes points preferences on evenly spaced domains of more
// than n levels be encoded by segments and returns a function that
// restores the default.
func SetSegmentMin(n int) (restore func()) {
	old := segmentMin
	segmentMin = n
	return func() { segmentMin = old }
}

// SetUtilRound makes every utility scale the rounded 2^60 one (on) or the
// exact one where possible (off), and returns a function that restores it.
func SetUtilRound(on bool) (restore func()) {
	old := utilRound
	utilRound = on
	return func() { utilRound = old }
}
