//go:build race

package solver_test

// raceOn is true under the race detector, which slows the brute-force
// differential tests about tenfold: they then run their -short sizes
// (concurrency has its own test, TestConcurrentUse, at full size).
const raceOn = true
