package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestRun checks that the walk-through answers each of its questions.
func TestRun(t *testing.T) {
	var b bytes.Buffer
	if err := run(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"no precondition is to blame",
		"The cheapest way to open the space costs 10",
		"the solver proved a lower bound of 10",
		"The fewest concessions that open it: 4",
		"utilitarian", "egalitarian", "Nash", "Kalai-Smor.",
		"utility of russia",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if len(line) > 100 {
			t.Errorf("line longer than 100 columns: %q", line)
		}
	}
}
