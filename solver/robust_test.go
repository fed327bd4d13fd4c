package solver_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver"
)

// quarters returns x in quarters: the generated costs and ranges are
// multiples of 1/4 (costs 1, 2, 3 times 1/2, 3/4, 1, 5/4, 3/2 or 2), so the
// brute force computes exactly on integers.
func quarters(x float64) int64 {
	q := x * 4
	if q != math.Trunc(q) {
		panic(fmt.Sprintf("cost %v is not a multiple of 1/4", x))
	}
	return int64(q)
}

// costOf returns the cost of set when constraint r costs x[r].
func costOf(set []model.Ref, x map[model.Ref]int64) int64 {
	var c int64
	for _, r := range set {
		c += x[r]
	}
	return c
}

// cheapestAt reports whether set costs no more than any of mcs at costs x.
func cheapestAt(set []model.Ref, mcs [][]model.Ref, x map[model.Ref]int64) bool {
	mine := costOf(set, x)
	for _, t := range mcs {
		if costOf(t, x) < mine {
			return false
		}
	}
	return true
}

// bruteCheapness decides possibly / necessarily cheapest from the
// definitions, over every vertex of the cost box of the constraints with a
// range (and, for possibly, random points inside it too): the greatest of
// cost(S) - cost(T) over the box is at a vertex for each T, so
// "necessarily" over the vertices is "necessarily" over the box; a vertex
// or a point where S is cheapest proves "possibly".
func bruteCheapness(s *model.Space, table []model.Ref, mcs [][]model.Ref, set []model.Ref, r *rand.Rand) solver.Cheapness {
	var ranged []model.Ref
	for _, c := range table {
		if lo, hi := s.CostBounds(c); lo != hi {
			ranged = append(ranged, c)
		}
	}
	at := func(pick func(i int, lo, hi float64) int64) map[model.Ref]int64 {
		x := map[model.Ref]int64{}
		for _, c := range table {
			x[c] = quarters(s.ConcessionCost(c))
		}
		for i, c := range ranged {
			lo, hi := s.CostBounds(c)
			x[c] = pick(i, lo, hi)
		}
		return x
	}
	out := solver.Cheapness{Necessarily: true}
	for mask := range 1 << len(ranged) {
		ok := cheapestAt(set, mcs, at(func(i int, lo, hi float64) int64 {
			if mask&(1<<i) != 0 {
				return quarters(hi)
			}
			return quarters(lo)
		}))
		out.Possibly = out.Possibly || ok
		out.Necessarily = out.Necessarily && ok
	}
	for range 3 {
		if cheapestAt(set, mcs, at(func(i int, lo, hi float64) int64 {
			return quarters(lo) + r.Int64N(quarters(hi)-quarters(lo)+1)
		})) && !out.Possibly {
			panic("a point inside the box where no vertex works") // cannot happen: the test's own premise
		}
	}
	return out
}

// bruteInterval returns the interval of constraint c's cost y (others at
// their stated costs) over which set stays cheapest among mcs: each
// comparison cost_y(set) <= cost_y(T) is linear in y. max is nil when
// unbounded.
func bruteInterval(s *model.Space, mcs [][]model.Ref, set []model.Ref, c model.Ref) (lo int64, hi *int64) {
	x := map[model.Ref]int64{}
	for _, t := range mcs {
		for _, r := range t {
			x[r] = quarters(s.ConcessionCost(r))
		}
	}
	for _, r := range set {
		x[r] = quarters(s.ConcessionCost(r))
	}
	x[c] = 0
	base := costOf(set, x) // set's cost without c
	a := 0
	if slices.Contains(set, c) {
		a = 1
	}
	for _, t := range mcs {
		b := 0
		if slices.Contains(t, c) {
			b = 1
		}
		// base + a*y <= cost(t) + b*y  <=>  (a-b)*y <= cost(t) - base
		d := costOf(t, x) - base
		switch a - b {
		case 1:
			if hi == nil || d < *hi {
				hi = &d
			}
		case -1:
			lo = max(lo, -d)
		}
	}
	return lo, hi
}

// TestRobustnessDifferential compares Cheapness and CostIntervals with the
// definitions evaluated over every concession set found by brute force, on
// thousands of random infeasible spaces with cost ranges, under several
// scopes.
func TestRobustnessDifferential(t *testing.T) {
	n := 2000
	if short() {
		n = 300
	}
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	checked, sets, intervals, mixed := 0, 0, 0, 0
	for seed := int64(0); checked < n && seed < int64(20*n); seed++ {
		o := genOptions(seed)
		o.RedLinesPerParty = 2 + int(seed%2)
		o.Proposals = 0
		if seed%3 == 2 { // a third with step issues
			o = stepOptions(o, seed)
		}
		s := scenarios.WithRanges(scenarios.Generate(o), seed)
		if len(s.Negotiable()) > 10 {
			continue
		}
		p, err := solver.Compile(ctx, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := p.Feasible(ctx); ok {
			continue
		}
		checked++
		or := newOracle(t, s)
		for _, sc := range []solver.Scope{{}, {PreconditionsOnly: true}, {Parties: []string{s.Parties[0].ID}}} {
			table, hard := split(p, sc)
			_, mcs, hardOK := bruteExplain(or, table, hard)
			name := fmt.Sprintf("seed %d scope %v", seed, sc)
			if !hardOK || len(mcs) == 0 {
				continue
			}
			sortSets(mcs)
			got, err := p.Cheapness(ctx, sc, mcs)
			if err != nil {
				t.Fatalf("%s: Cheapness: %v", name, err)
			}
			for i, set := range mcs {
				want := bruteCheapness(s, table, mcs, set, r)
				if got[i] != want {
					t.Fatalf("%s: %v: Cheapness %+v, want %+v\n%s", name, set, got[i], want, dump(s))
				}
				if want.Possibly && !want.Necessarily {
					mixed++
				}
			}
			sets += len(mcs)
			// Cheapness of a single set, asked alone, agrees.
			k := r.IntN(len(mcs))
			if one, err := p.Cheapness(ctx, sc, mcs[k:k+1]); err != nil || one[0] != got[k] {
				t.Fatalf("%s: Cheapness of %v alone = %v, %v; with the others %v", name, mcs[k], one, err, got[k])
			}
			// The cheapest set at the stated costs, first by cost.
			cheapest := mcs[0]
			for _, set := range mcs {
				if costOf(set, stated(s, table)) < costOf(cheapest, stated(s, table)) {
					cheapest = set
				}
			}
			ivs, err := p.CostIntervals(ctx, sc, cheapest)
			if err != nil {
				t.Fatalf("%s: CostIntervals: %v", name, err)
			}
			var refs []model.Ref
			for _, iv := range ivs {
				refs = append(refs, iv.Ref)
			}
			if !slices.Equal(refs, sortSets([][]model.Ref{slices.Clone(table)})[0]) {
				t.Fatalf("%s: CostIntervals for %v, want every constraint on the table %v in order", name, refs, table)
			}
			for _, iv := range ivs {
				lo, hi := bruteInterval(s, mcs, cheapest, iv.Ref)
				wantLo, wantHi := float64(lo)/4, math.Inf(1)
				if hi != nil {
					wantHi = float64(*hi) / 4
				}
				if iv.Min != wantLo || iv.Max != wantHi || iv.Cost != s.ConcessionCost(iv.Ref) {
					t.Fatalf("%s: cheapest %v, interval of %v = [%v, %v] (cost %v), want [%v, %v]\n%s", name, cheapest, iv.Ref, iv.Min, iv.Max, iv.Cost, wantLo, wantHi, dump(s))
				}
				if iv.Min > iv.Cost || iv.Max < iv.Cost {
					t.Fatalf("%s: interval of %v = [%v, %v] leaves out the stated cost %v", name, iv.Ref, iv.Min, iv.Max, iv.Cost)
				}
				intervals++
			}
			// A set that is not cheapest is refused.
			for _, set := range mcs {
				if costOf(set, stated(s, table)) > costOf(cheapest, stated(s, table)) {
					if _, err := p.CostIntervals(ctx, sc, set); err == nil {
						t.Fatalf("%s: CostIntervals accepted %v, which is not cheapest", name, set)
					}
					break
				}
			}
		}
	}
	if checked < n || mixed == 0 {
		t.Fatalf("only %d infeasible spaces (%d sets possibly but not necessarily cheapest)", checked, mixed)
	}
	t.Logf("%d infeasible spaces: %d concession sets (%d possibly but not necessarily cheapest), %d cost intervals compared", checked, sets, mixed, intervals)
}

func stated(s *model.Space, table []model.Ref) map[model.Ref]int64 {
	x := map[model.Ref]int64{}
	for _, c := range table {
		x[c] = quarters(s.ConcessionCost(c))
	}
	return x
}

// TestCheapnessRefusesNonSets checks the errors for sets that are not
// concession sets.
func TestCheapnessRefusesNonSets(t *testing.T) {
	ctx := context.Background()
	s := scenarios.GenerateInfeasible(scenarios.GenOptions{Issues: 4, Parties: 2, RedLinesPerParty: 1, Seed: 3}, 2)
	p, err := solver.Compile(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	opt, err := p.CheapestConcession(ctx, solver.Scope{})
	if err != nil || opt == nil {
		t.Fatal(opt, err)
	}
	for _, bad := range [][]model.Ref{
		opt.Constraints[:1], // one member short: still infeasible
		{{Party: "nobody", Constraint: "x", Kind: model.RedLineKind}},
		append(slices.Clone(opt.Constraints), opt.Constraints[0]),
	} {
		if _, err := p.Cheapness(ctx, solver.Scope{}, [][]model.Ref{bad}); err == nil {
			t.Errorf("Cheapness accepted %v", bad)
		}
	}
}
