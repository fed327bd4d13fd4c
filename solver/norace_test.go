//go:build !race

package solver_test

// raceOn is false without the race detector (see race_test.go).
const raceOn = false
