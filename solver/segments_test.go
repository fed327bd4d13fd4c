package solver

import (
	"context"
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/internal/brute"
	"github.com/zopa-go/zopa/model"
)

// segmentSpace returns a random space of int issues with few levels but
// wide, uneven steps and bounds anywhere in the int64 range, and parties
// whose points preferences have breakpoints on and between the levels and
// beyond the domain, with decimal scores (an exact scale).
func segmentSpace(seed uint64) *model.Space {
	r := rand.New(rand.NewPCG(seed, 15))
	s := &model.Space{Name: fmt.Sprintf("segments%d", seed)}
	nIssues := 1 + r.IntN(3)
	for i := range nIssues {
		n := 1 + r.IntN(9)
		step := int64(1) + r.Int64N(1<<uint(r.IntN(12)))
		lo := r.Int64N(1<<40) - 1<<39
		if r.IntN(4) == 0 { // near the top of the range
			lo = 1<<63 - 1 - int64(n)*step - r.Int64N(step)
		}
		s.Issues = append(s.Issues, model.Issue{ID: fmt.Sprintf("x%d", i), Kind: model.IntKind, Min: lo, Max: lo + int64(n-1)*step, Step: step})
	}
	for pi := range 1 + r.IntN(3) {
		party := model.Party{ID: fmt.Sprintf("p%d", pi)}
		for range 1 + r.IntN(3) {
			is := &s.Issues[r.IntN(nIssues)]
			span := is.Max - is.Min
			x := is.Min - r.Int64N(is.Step+1)
			var pts []model.Point
			for range 1 + r.IntN(4) {
				pts = append(pts, model.Point{X: x, Y: float64(r.IntN(101)) / 100})
				gap := 1 + r.Int64N(max(span/2, 1))
				if r.IntN(3) == 0 { // on a level
					gap = is.Step * (1 + r.Int64N(3))
				}
				if x > 1<<62 {
					break
				}
				x += gap
			}
			party.Preferences = append(party.Preferences, model.Preference{Issue: is.ID, Weight: float64(1 + r.IntN(5)), Points: pts})
		}
		s.Parties = append(s.Parties, party)
	}
	return s
}

// TestSegmentsExact checks the encoding of points preferences by segments
// (forced on small domains) against the model's exact utilities, package
// by package: every party's scaled utility in the solver, with the
// package's values assumed, must be its exact utility times the scale.
func TestSegmentsExact(t *testing.T) {
	defer func(old int64) { segmentMin = old }(segmentMin)
	segmentMin = 0
	n := 400
	if testing.Short() {
		n = 100
	}
	checked, exact := 0, 0
	for seed := range uint64(n) {
		s := segmentSpace(seed)
		if err := s.Validate(); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		p, err := Compile(context.Background(), s, &Settings{orderLimit: 1, forceBinary: true})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		u := p.utils()
		if u.exact {
			exact++
		}
		for _, pkg := range brute.Packages(s) {
			var as []z.Lit
			for i := range p.issues {
				as = append(as, p.valueLit(i, pkg[p.issues[i].is.ID]))
			}
			if ok, err := p.solve(context.Background(), as); err != nil || !ok {
				t.Fatalf("seed %d: package %v has no model (%v)", seed, pkg, err)
			}
			for pi := range s.Parties {
				ex, err := s.ExactUtility(&s.Parties[pi], pkg)
				if err != nil {
					t.Fatal(err)
				}
				want := new(big.Rat).Mul(ex, u.factor)
				got := p.scaled(pi)
				if u.exact && (!want.IsInt() || want.Num().Cmp(big.NewInt(got)) != 0) {
					t.Fatalf("seed %d: package %v, party %d: scaled utility %d, want %v", seed, pkg, pi, got, want)
				}
				// On a fixed-point scale: within half a step per group.
				off := new(big.Rat).Sub(want, new(big.Rat).SetInt64(got))
				if off.Abs(off).Cmp(big.NewRat(int64(len(u.groups[pi])), 2)) > 0 {
					t.Fatalf("seed %d: package %v, party %d: scaled utility %d, want %v ± %d/2", seed, pkg, pi, got, want, len(u.groups[pi]))
				}
				checked++
			}
		}
	}
	if exact < n*3/4 {
		t.Fatalf("only %d of %d spaces on an exact scale", exact, n)
	}
	t.Logf("%d utilities checked; %d of %d spaces on an exact scale", checked, exact, n)
}
