// Package report runs a whole analysis of a space and renders it: as the
// JSON analysis report of the scenario format contract (zopa-report/v1) or
// as text for readers.
package report
