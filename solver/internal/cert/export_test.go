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
