//go:build !race

package cert_test

// raceOn is true when the tests run under the race detector (see
// race_test.go).
const raceOn = false
