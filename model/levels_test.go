package model

import (
	"math"
	"math/rand/v2"
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

// Size, ValueAt and levelsBelow agree with the materialised domain on
// random int domains (ranges anywhere in the int64 range, explicit
// values) and step issues, without building a range's levels.
func TestDomainWithoutLevels(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 15))
	for k := range 3000 {
		var is Issue
		switch k % 4 {
		case 0:
			is = Issue{ID: "s", Kind: StepKind, Phases: 1 + r.IntN(5)}
		case 1:
			n := 1 + r.IntN(6)
			for range n {
				is.Values = append(is.Values, r.Int64N(41)-20)
			}
			is.ID, is.Kind = "v", IntKind
		default:
			n := int64(1 + r.IntN(8))
			step := 1 + r.Int64N(1<<uint(r.IntN(62)))
			span := (n - 1) * step
			if span/step != n-1 || span < 0 {
				continue
			}
			lo := min(int64(r.Uint64()), math.MaxInt64-span) // lo + span fits
			if r.IntN(2) == 0 {                              // at the top of the range
				lo = math.MaxInt64 - span - r.Int64N(min(step-1, math.MaxInt64-span)+1)
			}
			hi := lo + span
			if extra := r.Int64N(step); hi <= math.MaxInt64-extra { // a max between levels
				hi += extra
			}
			is = Issue{ID: "x", Kind: IntKind, Min: lo, Max: hi, Step: step}
		}
		dom := is.Domain()
		if is.Size() != len(dom) {
			t.Fatalf("%+v: Size %d, want %d", is, is.Size(), len(dom))
		}
		for j, v := range dom {
			if got := is.ValueAt(j); got != v {
				t.Fatalf("%+v: ValueAt(%d) = %v, want %v", is, j, got, v)
			}
		}
		if is.Kind != IntKind {
			continue
		}
		for range 20 {
			x := dom[r.IntN(len(dom))].i + r.Int64N(5) - 2
			if r.IntN(3) == 0 {
				x = int64(r.Uint64())
			}
			want := 0
			for _, v := range dom {
				if v.i < x {
					want++
				}
			}
			if got := is.levelsBelow(x); got != want {
				t.Fatalf("%+v: levelsBelow(%d) = %d, want %d", is, x, got, want)
			}
		}
	}
}
