package solver_test

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver"
)

// bruteExplain computes every concession set (the minimal sets of
// on-the-table constraints that some hard-satisfying package violates) and
// every conflict (the minimal sets hitting all of them) by brute force.
func bruteExplain(o *oracle, table, hard []model.Ref) (conflicts [][]model.Ref, mcs [][]model.Ref, hardOK bool) {
	var violated [][]model.Ref
	for _, v := range o.verdicts {
		broken := map[model.Ref]bool{}
		for _, r := range v.Broken {
			broken[r] = true
		}
		if slices.ContainsFunc(hard, func(r model.Ref) bool { return broken[r] }) {
			continue
		}
		hardOK = true
		var set []model.Ref
		for _, r := range table {
			if broken[r] {
				set = append(set, r)
			}
		}
		if len(set) == 0 {
			return nil, nil, true // feasible
		}
		violated = append(violated, set)
	}
	if !hardOK {
		return nil, nil, false
	}
	subset := func(a, b []model.Ref) bool { // a ⊆ b
		for _, r := range a {
			if !slices.Contains(b, r) {
				return false
			}
		}
		return true
	}
	for _, v := range violated {
		minimal := true
		for _, w := range violated {
			if len(w) < len(v) && subset(w, v) {
				minimal = false
			}
		}
		if minimal && !slices.ContainsFunc(mcs, func(m []model.Ref) bool { return slices.Equal(m, v) }) {
			mcs = append(mcs, v)
		}
	}
	hits := func(s []model.Ref) bool {
		for _, m := range mcs {
			if !slices.ContainsFunc(m, func(r model.Ref) bool { return slices.Contains(s, r) }) {
				return false
			}
		}
		return true
	}
	for mask := 1; mask < 1<<len(table); mask++ {
		var s []model.Ref
		for i, r := range table {
			if mask&(1<<i) != 0 {
				s = append(s, r)
			}
		}
		if !hits(s) {
			continue
		}
		minimal := true
		for i := range s {
			if hits(slices.Delete(slices.Clone(s), i, i+1)) {
				minimal = false
				break
			}
		}
		if minimal {
			conflicts = append(conflicts, s)
		}
	}
	return conflicts, mcs, hardOK
}

// decimalCosts gives the constraints of s decimal costs whose float sums
// are inexact (0.1 + 0.2 and the like).
func decimalCosts(s *model.Space, seed int64) {
	decimals := []float64{0.1, 0.2, 0.3, 1.25, 0.7}
	k := int(seed)
	for pi := range s.Parties {
		for _, cs := range [][]model.Constraint{s.Parties[pi].RedLines, s.Parties[pi].Preconditions} {
			for i := range cs {
				k++
				cs[i].Cost = decimals[k%len(decimals)]
			}
		}
	}
}

// decimalSum is the members' costs summed exactly as the decimals the
// scenario wrote (the shortest decimal of each float), rounded once.
func decimalSum(s *model.Space, refs []model.Ref) float64 {
	sum := new(big.Rat)
	for _, r := range refs {
		x, ok := new(big.Rat).SetString(strconv.FormatFloat(s.ConcessionCost(r), 'g', -1, 64))
		if !ok {
			panic("bad cost")
		}
		sum.Add(sum, x)
	}
	f, _ := sum.Float64()
	return f
}

// split returns p's constraints on the table under sc and the others.
func split(p *solver.Problem, sc solver.Scope) (table, hard []model.Ref) {
	for _, r := range p.Refs() {
		if sc.OnTable(r) {
			table = append(table, r)
		} else {
			hard = append(hard, r)
		}
	}
	return table, hard
}

func sortSets(sets [][]model.Ref) [][]model.Ref {
	for _, s := range sets {
		slices.SortFunc(s, model.CompareRefs)
	}
	slices.SortFunc(sets, func(a, b []model.Ref) int {
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		for i := range a {
			if c := model.CompareRefs(a[i], b[i]); c != 0 {
				return c
			}
		}
		return 0
	})
	return sets
}

// TestExplainDifferential compares every conflict and every concession set
// with brute force on thousands of random small infeasible spaces, under
// several scopes.
func TestExplainDifferential(t *testing.T) {
	for _, enc := range encodings {
		t.Run(enc.name, func(t *testing.T) {
			n := 2500
			if short() {
				n = 300
			}
			n = int(float64(n) * enc.share)
			ctx := context.Background()
			for _, steps := range []bool{false, true} {
				if steps {
					n = min(n, 2000)
				}
				explainDifferential(t, ctx, n, steps, enc.settings)
			}
		})
	}
}

// explainDifferential is TestExplainDifferential on n infeasible spaces,
// with step issues when steps is set (a third of them with planted order
// deadlocks), compiled with settings.
func explainDifferential(t *testing.T, ctx context.Context, n int, steps bool, settings *solver.Settings) {
	checked, sets := 0, 0
	for seed := int64(0); checked < n && seed < int64(20*n); seed++ {
		o := genOptions(seed)
		o.RedLinesPerParty = 2 + int(seed%2)
		o.Proposals = 0
		var s *model.Space
		switch {
		case steps && seed%3 == 0:
			o = stepOptions(o, seed)
			o.Phases = 2 + int(seed/3%2)
			o.Issues, o.Steps, o.RedLinesPerParty = max(o.Issues-2, 0), 1, 1
			s = scenarios.GenerateInfeasible(o, 1)
		case steps:
			s = scenarios.Generate(stepOptions(o, seed))
		default:
			s = scenarios.Generate(o)
		}
		if len(s.Negotiable()) > 10 {
			continue
		}
		if seed%3 == 0 {
			decimalCosts(s, seed)
		}
		p, err := solver.Compile(context.Background(), s, settings)
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
			wantC, wantM, hardOK := bruteExplain(or, table, hard)
			sets += len(wantC) + len(wantM)
			ex, err := p.Explain(ctx, sc, nil)
			if err != nil {
				t.Fatalf("seed %d: Explain: %v", seed, err)
			}
			if !ex.Complete {
				t.Fatalf("seed %d: Explain without limit is incomplete", seed)
			}
			var gotM [][]model.Ref
			for _, c := range ex.Concessions {
				gotM = append(gotM, c.Constraints)
				if want := decimalSum(s, c.Constraints); c.Cost != want {
					t.Fatalf("seed %d: concession %v cost %v, want %v", seed, c.Constraints, c.Cost, want)
				}
			}
			name := fmt.Sprintf("seed %d steps %v scope %v (hard ok %v)", seed, steps, sc, hardOK)
			if diff := cmp.Diff(sortSets(wantC), sortSets(slices.Clone(ex.Conflicts))); diff != "" {
				t.Fatalf("%s: conflicts (-want +got):\n%s\n%s", name, diff, dump(s))
			}
			if diff := cmp.Diff(sortSets(wantM), sortSets(gotM)); diff != "" {
				t.Fatalf("%s: concession sets (-want +got):\n%s\n%s", name, diff, dump(s))
			}
			one, err := p.Conflict(ctx, sc)
			if err != nil {
				t.Fatal(err)
			}
			if (one == nil) != (len(wantC) == 0) || (one != nil && !slices.ContainsFunc(wantC, func(c []model.Ref) bool { return slices.Equal(c, one) })) {
				t.Fatalf("%s: Conflict = %v, not one of %v", name, one, wantC)
			}
			checkOptima(t, name, p, sc, wantM)
			checkPreferred(t, name, p, sc, table, wantC, seed)
			if len(ex.Conflicts) > 1 {
				lim, err := p.Explain(ctx, sc, &solver.ExplainOptions{Limit: 1})
				if err != nil || lim.Complete || len(lim.Conflicts) < 1 {
					t.Fatalf("%s: Explain with limit 1 = %+v, %v", name, lim, err)
				}
			}
		}
	}
	if checked < n || sets < n {
		t.Fatalf("steps %v: only %d infeasible spaces generated, %d sets compared", steps, checked, sets)
	}
	t.Logf("steps %v: %d infeasible spaces, %d conflicts and concession sets compared", steps, checked, sets)
}

// checkOptima compares CheapestConcession and SmallestConcession with the
// brute-force concession sets.
func checkOptima(t *testing.T, name string, p *solver.Problem, sc solver.Scope, wantM [][]model.Ref) {
	t.Helper()
	ctx := context.Background()
	s := p.Space()
	cost := func(set []model.Ref) float64 { return decimalSum(s, set) }
	cheap, err := p.CheapestConcession(ctx, sc)
	if err != nil {
		t.Fatalf("%s: CheapestConcession: %v", name, err)
	}
	small, err := p.SmallestConcession(ctx, sc)
	if err != nil {
		t.Fatalf("%s: SmallestConcession: %v", name, err)
	}
	if len(wantM) == 0 {
		if cheap != nil || small != nil {
			t.Fatalf("%s: no concession set exists, got %+v and %+v", name, cheap, small)
		}
		return
	}
	if cheap == nil || small == nil {
		t.Fatalf("%s: got no optimum (%v, %v), want one of %v", name, cheap, small, wantM)
	}
	minCost, minSize := cost(wantM[0]), len(wantM[0])
	for _, m := range wantM {
		minCost, minSize = min(minCost, cost(m)), min(minSize, len(m))
	}
	for _, o := range []*solver.Optimum{cheap, small} {
		if !slices.ContainsFunc(wantM, func(m []model.Ref) bool { return slices.Equal(m, o.Constraints) }) {
			t.Fatalf("%s: optimum %v is not a concession set (want one of %v)", name, o.Constraints, wantM)
		}
		if !o.Exact || o.Cost != cost(o.Constraints) {
			t.Fatalf("%s: optimum %+v: inexact or cost not the members' sum", name, o)
		}
	}
	if math.Abs(cheap.Cost-minCost) > 1e-9 || math.Abs(cheap.LowerBound-minCost) > 1e-9 {
		t.Fatalf("%s: cheapest %v costs %v (bound %v), want %v", name, cheap.Constraints, cheap.Cost, cheap.LowerBound, minCost)
	}
	tie := math.Inf(1) // the least cost among the smallest sets
	for _, m := range wantM {
		if len(m) == minSize {
			tie = min(tie, cost(m))
		}
	}
	if len(small.Constraints) != minSize || small.LowerBound != float64(minSize) || math.Abs(small.Cost-tie) > 1e-9 {
		t.Fatalf("%s: smallest %v costs %v (bound %v), want size %d costing %v", name, small.Constraints, small.Cost, small.LowerBound, minSize, tie)
	}
}

// checkPreferred compares PreferredConflict under a random priority order
// with the brute-force definition: among all conflicts, the one whose
// positions in the order, sorted from last to first, are lexicographically
// least.
func checkPreferred(t *testing.T, name string, p *solver.Problem, sc solver.Scope, table []model.Ref, wantC [][]model.Ref, seed int64) {
	t.Helper()
	order := slices.Clone(table)
	r := rand.New(rand.NewPCG(uint64(seed), 7))
	r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	order = order[:r.IntN(len(order)+1)] // unlisted ones follow in document order
	rank := map[model.Ref]int{}
	for i, ref := range order {
		rank[ref] = i
	}
	for _, ref := range table {
		if _, ok := rank[ref]; !ok {
			rank[ref] = len(rank)
		}
	}
	key := func(c []model.Ref) []int {
		k := make([]int, len(c))
		for i, ref := range c {
			k[i] = rank[ref]
		}
		slices.SortFunc(k, func(a, b int) int { return b - a })
		return k
	}
	var want []model.Ref
	for _, c := range wantC {
		if want == nil || slices.Compare(key(c), key(want)) < 0 {
			want = c
		}
	}
	got, err := p.PreferredConflict(context.Background(), sc, order)
	if err != nil {
		t.Fatalf("%s: PreferredConflict: %v", name, err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("%s: PreferredConflict with order %v (-want +got):\n%s", name, order, diff)
	}
}
