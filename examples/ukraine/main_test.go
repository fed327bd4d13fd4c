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
		"Cheapest: conceding five positions (total cost 12) opens it",
		"the solver proved a lower bound of 12",
		"Fewest: at least five concessions are needed",
		// The ordering precondition in conflicts, in words, with sources.
		"Preconditions that take part in some conflict: russia.withdrawal_before_ceasefire.",
		"russia.withdrawal_before_ceasefire orders steps: withdrawal before ceasefire [source:",
		"In conflict with Ukraine: no withdrawal [source: where_talks_stand], given rule",
		"deal_ends_fighting: ceasefire happens [source: moscow_talks].",
		"11 in words: Russia: withdrawal before ceasefire · Ukraine: no withdrawal · rule: ceasefire",
		// The best packages after the cheapest concessions, as roadmaps.
		"After conceding the cheapest set, 100 packages are agreeable",
		"Their roadmaps, phase by phase:",
		"phase 1: withdrawal, territorial_settlement",
		"phase 2: ceasefire, comprehensive_settlement",
		"Scores: utilitarian", "Nash", "Kalai-Smorodinsky",
		"utility russia",
		// Robustness: the costs' and weights' judgment ranges.
		"How robust is this?",
		"is cheapest for some choices of costs but not",
		"It hinges on these cost judgments",
		"russia.withdraw_from_donbas: cost 3, judged 2 to 4; the set stays cheapest for 2 or more",
		"With the weights drawn within their judgment ranges (1,000 draws, seed 1), each rule keeps this",
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
