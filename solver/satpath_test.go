package solver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver"
)

// seed80084 is the oracle's reproducer of "maximize: a model breaks its
// bound" (run.exit1/seed80084): a step issue that no constraint mentions
// (K = 1, so its order encoding is one variable that no clause holds)
// with points preferences over phases beyond K + 1, and three bool issues
// nothing mentions. The ideal point, asked first of a fresh Problem,
// read the step's "phase 1" and "never" literals both as false (gini had
// never seen the variable), so the model's utility fell below the bound
// the model had just satisfied.
const seed80084 = `{"format": "zopa/v1", "name": "gen940265",
 "sources": [{"id": "s1", "title": "Source one", "date": "2025-12-03"}, {"id": "s2"}],
 "issues": [{"id": "x1", "type": "step"}, {"id": "rec", "type": "bool"},
            {"id": "vote", "type": "bool"}, {"id": "g", "type": "bool"}],
 "parties": [{"id": "russia", "red_lines": [], "preferences": [
   {"issue": "x1", "weight": 0.3, "points": [[0, 0.2], [1, 0.1], [3, 0.3]]},
   {"issue": "x1", "weight": 0.25, "points": [[0, 0], [3, 0.2]]}]}]}`

// TestSATPathFirstQuery checks the SAT searches (enumeration off) of the
// ideal point, the utilitarian and egalitarian optima and the frontier,
// each asked FIRST of a freshly compiled Problem (so that nothing written
// by an earlier query mentions the variables it reads), against brute
// force and the model's exact evaluator: on the oracle's reproducer, on
// random spaces of step issues with points preferences over phases (x
// values below 1 and beyond never = K + 1 included) and unconstrained
// issues, and on the generator's spaces with and without steps.
func TestSATPathFirstQuery(t *testing.T) {
	defer solver.SetEnumerationLimit(0)()
	s, err := model.ParseSpace([]byte(seed80084))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("seed80084", func(t *testing.T) { checkFirstQueries(t, s, nil) })
	n := 200
	if short() {
		n = 60
	}
	for seed := range int64(n) {
		t.Run(fmt.Sprintf("points seed%d", seed), func(t *testing.T) {
			checkFirstQueries(t, pointsStepSpace(t, seed), encodings[seed%2].settings)
		})
	}
	for seed := range int64(n / 4) {
		t.Run(fmt.Sprintf("gen seed%d", seed), func(t *testing.T) {
			checkFirstQueries(t, scenarios.Generate(genOptions(seed)), encodings[seed%2].settings)
		})
		t.Run(fmt.Sprintf("gen steps seed%d", seed), func(t *testing.T) {
			checkFirstQueries(t, scenarios.Generate(stepOptions(genOptions(seed), seed)), encodings[seed%2].settings)
		})
	}
}

// pointsStepSpace returns a random small space of one to three step
// issues (phases declared or not) and up to two bool issues, whose
// parties prefer phases by points (x anywhere from 0 to K + 2) and some
// bool issues or phase comparisons; a few spaces have a red line on
// phases or a reservation, most leave every issue unconstrained.
func pointsStepSpace(t *testing.T, seed int64) *model.Space {
	t.Helper()
	r := rand.New(rand.NewPCG(uint64(seed), 80084))
	type obj = map[string]any
	steps := 1 + r.IntN(3)
	phases := r.IntN(4) // 0: absent, K is the number of steps
	k := phases
	if k == 0 {
		k = steps
	}
	var issues, parties []obj
	var stepIDs, boolIDs []string
	for i := range steps {
		stepIDs = append(stepIDs, fmt.Sprintf("x%d", i+1))
		issues = append(issues, obj{"id": stepIDs[i], "type": "step"})
	}
	for i := range r.IntN(3) {
		boolIDs = append(boolIDs, fmt.Sprintf("b%d", i+1))
		issues = append(issues, obj{"id": boolIDs[i], "type": "bool"})
	}
	weights := []float64{0.1, 0.25, 0.3, 1, 2, 0.7}
	for pi := range 1 + r.IntN(3) {
		var prefs []obj
		for range 1 + r.IntN(3) {
			w := weights[r.IntN(len(weights))]
			switch c := r.IntN(6); {
			case c == 0 && len(boolIDs) > 0:
				prefs = append(prefs, obj{"prefer": boolIDs[r.IntN(len(boolIDs))], "weight": w})
			case c == 1:
				prefs = append(prefs, obj{"prefer": fmt.Sprintf("phase(%s) <= %d", stepIDs[r.IntN(steps)], 1+r.IntN(k+1)), "weight": w})
			default:
				xs := r.Perm(k + 3)[:1+r.IntN(min(4, k+3))] // distinct x in 0..K+2
				slices.Sort(xs)
				var pts [][]float64
				for _, x := range xs {
					pts = append(pts, []float64{float64(x), float64(r.IntN(21)) / 20})
				}
				prefs = append(prefs, obj{"issue": stepIDs[r.IntN(steps)], "weight": w, "points": pts})
			}
		}
		party := obj{"id": fmt.Sprintf("p%d", pi+1), "preferences": prefs}
		if r.IntN(4) == 0 {
			party["red_lines"] = []obj{{"id": "r", "require": fmt.Sprintf("phase(%s) >= %d", stepIDs[r.IntN(steps)], 1+r.IntN(k+1))}}
		}
		if r.IntN(4) == 0 {
			party["reservation"] = float64(r.IntN(5)) / 10
		}
		parties = append(parties, party)
	}
	doc := obj{"format": "zopa/v1", "name": fmt.Sprintf("points%d", seed), "issues": issues, "parties": parties}
	if phases > 0 {
		doc["phases"] = phases
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	s, err := model.ParseSpace(data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	return s
}

// checkFirstQueries compiles s afresh for each query (ideal, utilitarian,
// egalitarian, frontier) so that each is the first one asked, and checks
// the answer against brute force: utilities exactly by the model's exact
// evaluator when the utility scale is exact.
func checkFirstQueries(t *testing.T, s *model.Space, settings *solver.Settings) {
	t.Helper()
	ctx := context.Background()
	agreeable, vs := agreeableVectors(t, s)
	exact := make([][]*big.Rat, len(agreeable)) // per package, per party
	for i, pkg := range agreeable {
		for pi := range s.Parties {
			u, err := s.ExactUtility(&s.Parties[pi], pkg)
			if err != nil {
				t.Fatal(err)
			}
			exact[i] = append(exact[i], u)
		}
	}
	fresh := func() *solver.Problem {
		p, err := solver.Compile(ctx, s, settings)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	// judge returns pkg's exact utilities, failing unless it is agreeable
	// and the reported utilities are the evaluator's.
	judge := func(what string, pkg model.Package, us map[string]float64) []*big.Rat {
		v, err := s.Judge(pkg)
		if err != nil || !v.Agreeable {
			t.Fatalf("%s %v is not agreeable (%v)\n%s", what, pkg, err, dump(s))
		}
		if diff := cmp.Diff(v.Utilities, us, cmpopts.EquateApprox(0, tol)); diff != "" {
			t.Fatalf("%s utilities (-evaluator +reported):\n%s", what, diff)
		}
		var out []*big.Rat
		for pi := range s.Parties {
			u, err := s.ExactUtility(&s.Parties[pi], pkg)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, u)
		}
		return out
	}
	// same reports whether got equals want exactly (exact scale) or within
	// the tolerance (fixed point).
	same := func(p *solver.Problem, got, want *big.Rat) bool {
		if p.Precision().Exact {
			return got.Cmp(want) == 0
		}
		g, _ := got.Float64()
		w, _ := want.Float64()
		return math.Abs(g-w) <= tol
	}

	p := fresh()
	ideal, err := p.Ideal(ctx)
	if err != nil {
		t.Fatalf("ideal: %v\n%s", err, dump(s))
	}
	if len(agreeable) == 0 {
		if ideal != nil {
			t.Fatalf("infeasible space has an ideal %v", ideal)
		}
	} else {
		want := map[string]float64{}
		for pi, party := range s.Parties {
			m := exact[0][pi]
			for _, e := range exact {
				if e[pi].Cmp(m) > 0 {
					m = e[pi]
				}
			}
			want[party.ID], _ = m.Float64()
		}
		if diff := cmp.Diff(want, ideal, cmpopts.EquateApprox(0, tol), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("ideal (-want +got):\n%s\n%s", diff, dump(s))
		}
	}

	p = fresh()
	c, err := p.Utilitarian(ctx)
	if err != nil || (c == nil) != (len(agreeable) == 0) {
		t.Fatalf("utilitarian: %+v, %v (%d agreeable)\n%s", c, err, len(agreeable), dump(s))
	}
	if c != nil {
		sum := func(us []*big.Rat) *big.Rat {
			s := new(big.Rat)
			for _, u := range us {
				s.Add(s, u)
			}
			return s
		}
		best := sum(exact[0])
		for _, e := range exact {
			if v := sum(e); v.Cmp(best) > 0 {
				best = v
			}
		}
		if got := sum(judge("utilitarian", c.Package, c.Utilities)); !same(p, got, best) {
			t.Fatalf("utilitarian sum %v, want %v\n%s", got.FloatString(12), best.FloatString(12), dump(s))
		}
	}

	p = fresh()
	c, err = p.Egalitarian(ctx)
	if err != nil || (c == nil) != (len(agreeable) == 0) {
		t.Fatalf("egalitarian: %+v, %v (%d agreeable)\n%s", c, err, len(agreeable), dump(s))
	}
	if c != nil && len(s.Parties) > 0 {
		// leximin: the utilities sorted ascending, compared lexicographically.
		sorted := func(us []*big.Rat) []*big.Rat {
			return slices.SortedFunc(slices.Values(us), (*big.Rat).Cmp)
		}
		lexCmp := func(a, b []*big.Rat) int { return slices.CompareFunc(a, b, (*big.Rat).Cmp) }
		best := sorted(exact[0])
		for _, e := range exact {
			if v := sorted(e); lexCmp(v, best) > 0 {
				best = v
			}
		}
		got := sorted(judge("egalitarian", c.Package, c.Utilities))
		for i := range got {
			if !same(p, got[i], best[i]) {
				t.Fatalf("egalitarian leximin vector %v, want %v\n%s", got, best, dump(s))
			}
		}
	}

	checkFrontier(t, "first query", s, fresh(), vs)
}
