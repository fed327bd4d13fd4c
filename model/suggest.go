package model

import (
	"fmt"
	"slices"
	"strings"
)

// suggestBudget bounds the candidate comparisons one validation spends on
// "did you mean" suggestions, so that thousands of misspellings against a
// domain of 100,000 options stay fast (later errors then get none).
const suggestBudget = 1 << 18

// suggester finds "did you mean" suggestions within a budget of candidate
// comparisons. A nil *suggester suggests nothing.
type suggester struct{ left int }

func newSuggester() *suggester { return &suggester{left: suggestBudget} }

// closest returns the candidate nearest to name by edit distance
// (insertions, deletions, substitutions and swaps of two neighbours, case
// ignored), when it is near enough to be a likely misspelling: only a
// difference of case for names of one or two characters, at most 1 edit up
// to 4 characters, 2 up to 8, 3 beyond. Ties go to
// the first candidate. It returns "" when none is near, name itself is a
// candidate, or the budget is spent.
func (g *suggester) closest(name string, cands []string) string {
	if g == nil || name == "" {
		return ""
	}
	limit := 0 // one- and two-letter names: only a difference of case
	switch n := len(name); {
	case n > 8:
		limit = 3
	case n > 4:
		limit = 2
	case n > 2:
		limit = 1
	}
	best, bestD := "", limit+1
	lname := strings.ToLower(name)
	for _, c := range cands {
		if g.left <= 0 {
			return ""
		}
		g.left--
		if c == name {
			return ""
		}
		if d := len(c) - len(name); d > limit || -d > limit {
			continue
		}
		if d := editDistance(lname, strings.ToLower(c), bestD); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// mean returns `; did you mean "x"?` for the closest candidate, or "".
func (g *suggester) mean(name string, cands []string) string {
	if c := g.closest(name, cands); c != "" {
		return fmt.Sprintf("; did you mean %q?", c)
	}
	return ""
}

// editDistance is the optimal string alignment distance between a and b
// (bytes), or any value >= bound once it is certain to reach bound.
func editDistance(a, b string, bound int) int {
	if len(a) > len(b) {
		a, b = b, a
	}
	prev2 := make([]int, len(a)+1)
	prev := make([]int, len(a)+1)
	cur := make([]int, len(a)+1)
	for i := range prev {
		prev[i] = i
	}
	for j := 1; j <= len(b); j++ {
		cur[0] = j
		rowMin := cur[0]
		for i := 1; i <= len(a); i++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[i]+1, cur[i-1]+1, prev[i-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[i-2]+1)
			}
			cur[i] = v
			rowMin = min(rowMin, v)
		}
		if rowMin >= bound {
			return bound
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(a)]
}

// issueIDs returns the ids of s's issues (of kind k, or all when k is 0).
func (s *Space) issueIDs(kinds ...Kind) []string {
	var out []string
	for i := range s.Issues {
		if len(kinds) == 0 || slices.Contains(kinds, s.Issues[i].Kind) {
			out = append(out, s.Issues[i].ID)
		}
	}
	return out
}

// PartyIDs returns the ids of the parties, in document order.
func (s *Space) PartyIDs() []string {
	out := make([]string, len(s.Parties))
	for i := range s.Parties {
		out[i] = s.Parties[i].ID
	}
	return out
}

// DidYouMean returns `did you mean "x"?` for the candidate nearest to name
// when it is a likely misspelling of it (a few edits away, case ignored),
// or "" when none is. Commands use it for ids given on the command line.
func DidYouMean(name string, candidates []string) string {
	if c := newSuggester().closest(name, candidates); c != "" {
		return fmt.Sprintf("did you mean %q?", c)
	}
	return ""
}
