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
		"Why no deal is possible",
		"What would open the space",
		"no precondition is to blame",
		"Cheapest: conceding four positions (total cost 10) opens it",
		"the solver proved a lower bound of 10",
		"Fewest: at least four concessions are needed",
		"No precondition takes part in any conflict",
		"After conceding the cheapest set, 4 packages are agreeable",
		"Scores: utilitarian", "Nash", "Kalai-Smorodinsky",
		"utility russia",
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
