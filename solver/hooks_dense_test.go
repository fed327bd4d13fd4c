package solver

// SetFrontierMerge switches the issue-by-issue merge of frontiers without
// constraints on or off (then every package is enumerated), until the
// returned function is called.
func SetFrontierMerge(on bool) func() {
	noMerge = !on
	return func() { noMerge = false }
}

// SetMergeLimit makes the merge of frontiers give up (and the frontier be
// enumerated) when a step weighs more than n partial packages, until the
// returned function is called.
func SetMergeLimit(n int) func() {
	old := mergeLimit
	mergeLimit = n
	return func() { mergeLimit = old }
}
