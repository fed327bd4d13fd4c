package report_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver/report"
)

// TestRobustnessContract checks the report's robustness object field by
// field against brute force on random infeasible spaces with cost ranges,
// with whole and cut lists of concession sets: one entry per listed set in
// its order, each verdict from the definitions (every vertex of the cost
// box), and one cost range per on-the-table constraint in member order,
// its interval from every concession set.
func TestRobustnessContract(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 60
	}
	ctx := context.Background()
	checked := 0
	for seed := int64(0); checked < n && seed < int64(40*n); seed++ {
		s := scenarios.WithRanges(scenarios.Generate(scenarios.GenOptions{
			Issues: 1 + int(seed%4), Parties: 1 + int(seed/4%3), RedLinesPerParty: 2 + int(seed%2),
			PreconditionsPerParty: int(seed / 3 % 2), PreferencesPerParty: 1, Seed: seed,
		}), seed)
		if len(s.Negotiable()) > 9 {
			continue
		}
		// Every concession set by brute force: the minimal sets of
		// negotiable constraints some package breaks (rules hold).
		var broken [][]model.Ref
		feasible := false
		for _, pkg := range packages(s) {
			v, err := s.Judge(pkg)
			if err != nil {
				t.Fatal(err)
			}
			if slices.ContainsFunc(v.Broken, func(r model.Ref) bool { return r.Kind == model.RuleKind }) {
				continue
			}
			feasible = feasible || v.Agreeable
			b := slices.Clone(v.Broken)
			slices.SortFunc(b, model.CompareRefs)
			broken = append(broken, b)
		}
		if feasible || len(broken) == 0 {
			continue
		}
		var mcs [][]model.Ref
		for _, b := range broken {
			if !slices.ContainsFunc(broken, func(c []model.Ref) bool {
				return len(c) < len(b) && !slices.ContainsFunc(c, func(r model.Ref) bool { return !slices.Contains(b, r) })
			}) && !slices.ContainsFunc(mcs, func(m []model.Ref) bool { return slices.Equal(m, b) }) {
				mcs = append(mcs, b)
			}
		}
		checked++
		limit := 0
		if seed%3 == 0 {
			limit = 1 + int(seed%2) // cut lists: the cheapest sets only
		}
		r, err := report.Analyze(ctx, s, &report.Options{Limit: limit})
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("seed %d limit %d", seed, limit)
		rb := r.Robustness
		if len(rb.Concessions) != len(r.Concessions.Sets) {
			t.Fatalf("%s: %d verdicts for %d listed sets", name, len(rb.Concessions), len(r.Concessions.Sets))
		}
		cost := func(set []model.Ref, x func(model.Ref) float64) float64 {
			c := 0.0
			for _, m := range set {
				c += x(m)
			}
			return c
		}
		var ranged []model.Ref
		for _, ref := range s.Negotiable() {
			if lo, hi := s.CostBounds(ref); lo < hi {
				ranged = append(ranged, ref)
			}
		}
		for i, set := range r.Concessions.Sets {
			var refs []model.Ref
			for _, m := range set.Constraints {
				refs = append(refs, m.Ref)
			}
			want := report.ConcessionRobustness{NecessarilyCheapest: true}
			for mask := range 1 << len(ranged) {
				x := func(ref model.Ref) float64 {
					lo, hi := s.CostBounds(ref)
					if k := slices.Index(ranged, ref); k >= 0 && mask&(1<<k) != 0 {
						return hi
					} else if k >= 0 {
						return lo
					}
					return s.ConcessionCost(ref)
				}
				ok := !slices.ContainsFunc(mcs, func(m []model.Ref) bool { return cost(m, x) < cost(refs, x)-1e-9 })
				want.PossiblyCheapest = want.PossiblyCheapest || ok
				want.NecessarilyCheapest = want.NecessarilyCheapest && ok
			}
			if rb.Concessions[i] != want {
				t.Fatalf("%s: set %d %v: %+v, want %+v", name, i, refs, rb.Concessions[i], want)
			}
		}
		// Cost ranges of the first set, one per negotiable constraint, in
		// member order.
		first := r.Concessions.Sets[0].Constraints
		in := func(ref model.Ref) bool {
			return slices.ContainsFunc(first, func(m report.Member) bool { return m.Party == ref.Party && m.Constraint == ref.Constraint })
		}
		table := s.Negotiable()
		slices.SortFunc(table, model.CompareRefs)
		if len(rb.CostRanges) != len(table) {
			t.Fatalf("%s: %d cost ranges for %d constraints", name, len(rb.CostRanges), len(table))
		}
		for j, ref := range table {
			got := rb.CostRanges[j]
			if got.Party != ref.Party || got.Constraint != ref.Constraint || got.Kind != ref.Kind || got.Cost != s.ConcessionCost(ref) {
				t.Fatalf("%s: cost range %d is %+v, want %v", name, j, got, ref)
			}
			// Each comparison with a concession set T is linear in the
			// cost y of ref: base + a*y <= cost(T without ref) + b*y.
			lo, hi := 0.0, math.Inf(1)
			stated := func(r model.Ref) float64 {
				if r == ref {
					return 0
				}
				return s.ConcessionCost(r)
			}
			var firstRefs []model.Ref
			for _, m := range first {
				firstRefs = append(firstRefs, m.Ref)
			}
			base, a := cost(firstRefs, stated), 0.0
			if in(ref) {
				a = 1
			}
			for _, m := range mcs {
				b := 0.0
				if slices.Contains(m, ref) {
					b = 1
				}
				d := cost(m, stated) - base
				switch a - b {
				case 1:
					hi = min(hi, d)
				case -1:
					lo = max(lo, -d)
				}
			}
			gotHi := math.Inf(1)
			if got.Max != nil {
				gotHi = *got.Max
			}
			if math.Abs(got.Min-lo) > 1e-9 || (math.IsInf(hi, 1) != math.IsInf(gotHi, 1)) || (!math.IsInf(hi, 1) && math.Abs(gotHi-hi) > 1e-9) {
				t.Fatalf("%s: %v stays cheapest for [%v, %v], want [%v, %v]", name, ref, got.Min, gotHi, lo, hi)
			}
		}
		if r.Robustness.Picks != nil {
			t.Fatalf("%s: picks for an infeasible space", name)
		}
	}
	if checked < n {
		t.Fatalf("only %d infeasible spaces", checked)
	}
}
