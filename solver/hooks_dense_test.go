package solver

// SetFrontierMerge switches the issue-by-issue merge of frontiers without
// constraints on or off (then every package is enumerated), until the
// returned function is called.
func SetFrontierMerge(on bool) func() {
	noMerge = !on
	return func() { noMerge = false }
}
