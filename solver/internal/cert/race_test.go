//go:build race

package cert_test

// raceOn is true when the tests run under the race detector, which slows
// the brute-force checks about tenfold: they then try fewer spaces (the
// checker has no concurrency of its own to race on).
const raceOn = true
