package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestRun checks the walk-through's verdicts: the space is closed until the
// cheapest concessions are made, and every line fits 100 columns.
func TestRun(t *testing.T) {
	var b bytes.Buffer
	if err := run(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if got := strings.Count(out, "no deal ("); got != 4 {
		t.Errorf("%d questions answered 'no deal', want 4:\n%s", got, out)
	}
	if got := strings.Count(out, "yes, a deal exists"); got != 2 {
		t.Errorf("%d questions answered 'yes', want 2:\n%s", got, out)
	}
	for _, line := range strings.Split(out, "\n") {
		if len(line) > 100 {
			t.Errorf("line longer than 100 columns: %q", line)
		}
	}
}
