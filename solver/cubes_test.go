package solver_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver"
)

// cubeSpace returns a small space of the non-linear ANAC shape (weighted
// conjunctions of bounds, scenarios.GenerateNonlinear) for seed, with,
// depending on the seed, reservations, a third party, a preference that
// scores one issue, constraints that narrow single issues (which the cube
// plan takes) and a constraint over two issues (which it does not).
func cubeSpace(seed int64) *model.Space {
	r := rand.New(rand.NewPCG(uint64(seed), 0xcb))
	o := scenarios.NonlinearOptions{Issues: 3 + int(seed%3), Levels: 3 + int(seed/3%2), Cubes: 3 + r.IntN(8),
		Parties: 2 + int(seed/6%2), MinDims: 1, MaxDims: 3, Seed: seed}
	if seed%4 == 1 {
		o.Reservation = 0.2 + 0.1*float64(r.IntN(4))
	}
	s := scenarios.GenerateNonlinear(o)
	issue := func() string { return s.Issues[r.IntN(len(s.Issues))].ID }
	lvl := func() int64 { return int64(r.IntN(o.Levels)) }
	if seed%5 == 2 {
		s.Rules = append(s.Rules, model.Constraint{ID: "cap", Require: model.Compare(model.Num(issue()), model.LeOp, model.Const(1+lvl()/2))})
	}
	if seed%7 == 3 {
		s.Parties[0].RedLines = append(s.Parties[0].RedLines, model.Constraint{ID: "not", Require: model.Compare(model.Num(issue()), model.NeOp, model.Const(lvl()))})
	}
	if seed%7 == 5 {
		s.Parties[1].Preconditions = append(s.Parties[1].Preconditions, model.Constraint{ID: "if",
			If: model.Compare(model.Num(issue()), model.GeOp, model.Const(1)), Then: model.Compare(model.Num(issue()), model.LeOp, model.Const(lvl()))})
	}
	if seed%6 == 4 { // interpolated scores: thirds when there are 4 levels
		s.Parties[0].Preferences = append(s.Parties[0].Preferences, model.Preference{Weight: 30, Issue: issue(),
			Points: []model.Point{{X: 0, Y: 0.5}, {X: int64(o.Levels - 1), Y: float64(r.IntN(2))}}})
	}
	if err := s.Validate(); err != nil {
		panic(err)
	}
	return s
}

// TestCubePlanDifferential compares the frontier, the four rules, the
// ideal point, the ZOPA and the agreeable count of small spaces of cubes
// with exhaustive search, with the cube plan on (the frontier and rules
// by branch and bound) and off (guided improvement and the SAT optima).
func TestCubePlanDifferential(t *testing.T) {
	n := 300
	if short() {
		n = 60
	}
	ctx := context.Background()
	planned, cubeCounts := 0, 0
	for seed := range int64(n) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			s := cubeSpace(seed)
			agreeable, vs := agreeableVectors(t, s)
			for _, on := range []bool{true, false} {
				restore := solver.SetCubePlans(on)
				p, err := solver.Compile(ctx, s, nil)
				if err != nil {
					t.Fatal(err)
				}
				if on && solver.CubePlanApplies(p) {
					planned++
				}
				name := fmt.Sprintf("seed %d cubes %v", seed, on)
				checkOptima4(t, name, s, p, agreeable, vs)
				if c, exact, err := p.Count(ctx, 0); err != nil || !exact || c != int64(len(agreeable)) {
					t.Fatalf("%s: count %d (exact %v, %v), want %d", name, c, exact, err, len(agreeable))
				}
				// Under a limit: exact up to it, the limit and not exact
				// past it (the cube count answers only past it).
				for _, limit := range []int64{1, int64(len(agreeable)) / 3, int64(len(agreeable)) - 1, int64(len(agreeable))} {
					if limit <= 0 {
						continue
					}
					if more, err := solver.CountCubes(ctx, p, limit); err != nil || more && limit >= int64(len(agreeable)) {
						t.Fatalf("%s: the cube count finds more than %d of %d agreeable packages (%v)", name, limit, len(agreeable), err)
					} else if more {
						cubeCounts++
					}
					c, exact, err := p.Count(ctx, limit)
					want, wantExact := min(limit, int64(len(agreeable))), limit >= int64(len(agreeable))
					if err != nil || c != want || exact != wantExact {
						t.Fatalf("%s: count with limit %d: %d (exact %v, %v), want %d (exact %v)", name, limit, c, exact, err, want, wantExact)
					}
				}
				restore()
			}
		})
	}
	// The two-issue constraint (seed%7 == 5) is all that leaves the plan
	// out.
	if planned < n*4/5 || cubeCounts < n/10 {
		t.Errorf("the cube plan applied to %d of %d spaces, the cube count to %d limits", planned, n, cubeCounts)
	}
}

// TestCubePlanCancel: the branch and bound stops when the context ends
// (the 30-issue space takes seconds) and yields no point it has not
// proven.
func TestCubePlanCancel(t *testing.T) {
	s := scenarios.GenerateNonlinear(scenarios.NonlinearOptions{Issues: 30, Seed: 30})
	p, err := solver.Compile(context.Background(), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !solver.CubePlanApplies(p) {
		t.Fatal("the cube plan does not apply to a non-linear space")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	f := p.Frontier(ctx)
	n := 0
	for range f.Points() {
		n++
	}
	if !errors.Is(f.Err(), context.DeadlineExceeded) || f.Complete() || n != 0 {
		t.Fatalf("cut frontier: %d points, complete %v, err %v", n, f.Complete(), f.Err())
	}
}
