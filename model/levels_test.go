package model

import (
	"math"
	"strings"
	"testing"
)

func TestLevelBoundsMatchesLevels(t *testing.T) {
	for _, is := range []Issue{
		{Kind: IntKind, Values: []int64{5, -3, 9, 9}},
		{Kind: IntKind, Values: []int64{math.MinInt64, math.MaxInt64}},
		{Kind: IntKind, Min: 0, Max: 30, Step: 7},
		{Kind: IntKind, Min: math.MinInt64, Max: math.MinInt64 + 99_999, Step: 1},
		{Kind: IntKind, Min: math.MaxInt64 - 10, Max: math.MaxInt64, Step: 3},
		{Kind: IntKind, Min: 0, Max: MaxLevels, Step: 1}, // one level too many
		{Kind: IntKind, Min: 3, Max: 1, Step: 1},
		{Kind: IntKind, Min: 0, Max: 1, Step: 0},
		{Kind: IntKind, Values: []int64{}},
		{Kind: BoolKind},
	} {
		lo, hi, ok := is.levelBounds()
		lv := is.Levels()
		if ok != (len(lv) > 0) || ok && (lo != lv[0] || hi != lv[len(lv)-1]) {
			t.Errorf("%+v: levelBounds = %d, %d, %v; Levels from %v", is, lo, hi, ok, lv[:min(len(lv), 3)])
		}
	}
}

// TestWideExpressionOverLargeDomain validates an expression with thousands
// of terms over an issue of MaxLevels levels: checking it must not build
// the level list once per term (that took seconds for this input).
func TestWideExpressionOverLargeDomain(t *testing.T) {
	sum := "n"
	for range 13 {
		sum = "(" + sum + "+" + sum + ")"
	}
	wide := "atMost(0" + strings.Repeat(", n > 0", 5000) + ")"
	doc := `{"name":"t","issues":[{"id":"n","type":"int","min":0,"max":99999}],
		"rules":[{"id":"r","require":"` + sum + ` > 0"},{"id":"w","require":"` + wide + `"}]}`
	s, err := ParseSpace([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if got := len(s.Rules[0].Require.(*CmpExpr).L.Terms); got != 1<<13 {
		t.Errorf("%d terms, want %d", got, 1<<13)
	}
	// An overflow over that domain is still found.
	_, err = ParseSpace([]byte(strings.Replace(doc, sum+" > 0", "92233720368548*"+sum+" > 0", 1)))
	if want := "rules[0].require: col 1: integer overflow: the comparison's sides can exceed 64-bit integers"; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}
