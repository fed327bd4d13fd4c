package solver_test

import "github.com/zopa-go/zopa/solver"

// encoding is one way of compiling a space that the differential tests
// compare with brute force.
type encoding struct {
	name     string
	settings *solver.Settings
	// share is the fraction of the test's spaces run with this encoding.
	share float64
}

// encodings are the default encodings and the binary ones forced on small
// domains.
var encodings = []encoding{
	{"default", nil, 1},
	{"binary", solver.BinarySettings(), 0.25},
}
