package model

import (
	"fmt"
	"strings"
	"testing"
)

// TestOptionIndex checks option membership through the index Validate
// builds for choice issues with many options against a plain scan: present
// and absent options, a copy of the issue (not indexed), and a space whose
// options changed before it was validated again.
func TestOptionIndex(t *testing.T) {
	for _, n := range []int{3, manyOptions, manyOptions + 1, 1000} {
		opts := make([]string, n)
		for i := range opts {
			opts[i] = fmt.Sprintf("o%d", i)
		}
		s := &Space{Name: "t", Issues: []Issue{{ID: "c", Kind: ChoiceKind, Options: opts}, {ID: "b", Kind: BoolKind}}}
		if err := s.Validate(); err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		is := s.Issue("c")
		cp := *is
		for _, o := range []string{"o0", fmt.Sprintf("o%d", n-1), fmt.Sprintf("o%d", n), "x", ""} {
			want := false
			for _, x := range opts {
				want = want || x == o
			}
			if got := s.hasOption(is, o); got != want {
				t.Errorf("n=%d: hasOption(%q) = %v, want %v", n, o, got, want)
			}
			if got := s.hasOption(&cp, o); got != want {
				t.Errorf("n=%d: hasOption(copy, %q) = %v, want %v", n, o, got, want)
			}
			if got := s.has(is, OptionValue(o)); got != want {
				t.Errorf("n=%d: has(%q) = %v, want %v", n, o, got, want)
			}
		}
		// Options renamed, then validated again: the index follows.
		s.Issues[0].Options = append([]string(nil), opts...)
		s.Issues[0].Options[0] = "renamed"
		if err := s.Validate(); err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		if s.hasOption(s.Issue("c"), "o0") || !s.hasOption(s.Issue("c"), "renamed") {
			t.Errorf("n=%d: the index did not follow the renamed option", n)
		}
	}
}

// TestWideChoiceValidation validates a choice issue of 100,000 options with
// a values preference naming every option and a misspelt one: the error
// names only the misspelt key (the index answers every lookup; before it,
// this validation scanned the options once per key).
func TestWideChoiceValidation(t *testing.T) {
	const n = 100_000
	opts := make([]string, n)
	vals := make(map[string]float64, n+1)
	for i := range opts {
		opts[i] = fmt.Sprintf("o%d", i)
		vals[opts[i]] = float64(i%97) / 97
	}
	vals["p7"] = 1
	s := &Space{Name: "t", Issues: []Issue{{ID: "c", Kind: ChoiceKind, Options: opts}},
		Parties: []Party{{ID: "a", Preferences: []Preference{{Issue: "c", Weight: 1, Values: vals}}}}}
	err := s.Validate()
	l, ok := err.(ErrorList)
	if !ok || len(l) != 1 {
		t.Fatalf("Validate = %v, want one error about p7", err)
	}
	if got := l[0].Error(); !strings.Contains(got, `"p7" is not an option of "c"`) {
		t.Errorf("error %q does not name p7", got)
	}
}
