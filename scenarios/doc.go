// Package scenarios holds the bundled scenario files, embedded in the
// binary, and a seeded generator of random spaces for tests and benchmarks.
package scenarios
