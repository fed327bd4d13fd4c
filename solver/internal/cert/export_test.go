package cert

// SetEnumLimit sets the largest projection a BoxSet enumerates and returns
// a function that restores it.
func SetEnumLimit(n int64) (restore func()) {
	old := enumLimit
	enumLimit = n
	return func() { enumLimit = old }
}
