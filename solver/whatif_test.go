package solver_test

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver"
)

// randomExpr returns a random expression over the issues of s.
func randomExpr(r *rand.Rand, s *model.Space) model.Expr {
	atom := func() model.Expr {
		is := &s.Issues[r.IntN(len(s.Issues))]
		dom := is.Domain()
		v := dom[r.IntN(len(dom))]
		switch is.Kind {
		case model.BoolKind:
			if v.Bool() {
				return model.Var(is.ID)
			}
			return model.Not(model.Var(is.ID))
		case model.ChoiceKind:
			return model.Is(is.ID, v.Option())
		case model.StepKind:
			other := &s.Issues[r.IntN(len(s.Issues))]
			switch {
			case !v.Taken():
				return model.Not(model.Var(is.ID))
			case other.Kind == model.StepKind && r.IntN(2) == 0:
				return model.Before(is.ID, other.ID)
			case other.Kind == model.StepKind:
				return model.Together(other.ID, is.ID)
			}
			return model.Compare(model.Phase(is.ID), model.CmpOp(1+r.IntN(6)), model.Const(int64(v.Phase())))
		}
		return model.Compare(model.Num(is.ID), model.CmpOp(1+r.IntN(6)), model.Const(v.Int()))
	}
	switch r.IntN(3) {
	case 0:
		return atom()
	case 1:
		return model.Or(atom(), atom())
	}
	return model.Implies(atom(), atom())
}

// TestWhatIfMatchesRecompiling applies over a thousand random
// modifications to what-if variants and checks every answer against the
// modified space compiled from scratch.
func TestWhatIfMatchesRecompiling(t *testing.T) {
	for _, enc := range encodings {
		t.Run(enc.name, func(t *testing.T) {
			spaces := 150
			if short() {
				spaces = 30
			}
			whatIfMatchesRecompiling(t, int(float64(spaces)*enc.share), enc.settings)
		})
	}
}

func whatIfMatchesRecompiling(t *testing.T, spaces int, settings *solver.Settings) {
	steps := 8
	ctx := context.Background()
	mods := 0
	for seed := int64(0); seed < int64(2*spaces); seed++ {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			o := genOptions(seed)
			o.Proposals = 0
			o.Parties = 2 + int(seed%2)
			if seed >= int64(spaces) { // the second half with step issues
				o = stepOptions(o, seed)
			}
			s := scenarios.Generate(o)
			p, err := solver.Compile(context.Background(), s, settings)
			if err != nil {
				t.Fatal(err)
			}
			r := rand.New(rand.NewPCG(uint64(seed), 99))
			w := p.WhatIf()
			negotiable := s.Negotiable()
			var dropped []model.Ref
			for step := range steps {
				switch r.IntN(6) {
				case 0, 1:
					if len(negotiable) > 0 {
						ref := negotiable[r.IntN(len(negotiable))]
						if err := w.Drop(ref); err != nil {
							t.Fatal(err)
						}
						dropped = append(dropped, ref)
					}
				case 2:
					if len(dropped) > 0 {
						i := r.IntN(len(dropped))
						if err := w.Restore(dropped[i]); err != nil {
							t.Fatal(err)
						}
						dropped = slices.Delete(dropped, i, i+1)
					}
				case 3:
					is := &s.Issues[r.IntN(len(s.Issues))]
					dom := is.Domain()
					if err := w.Fix(is.ID, dom[r.IntN(len(dom))]); err != nil {
						t.Fatal(err)
					}
				case 4:
					w.Free(s.Issues[r.IntN(len(s.Issues))].ID)
				case 5:
					id := fmt.Sprintf("t%d", r.IntN(3))
					if r.IntN(4) == 0 {
						w.Unrequire(id)
					} else if err := w.Require(id, randomExpr(r, s).String()); err != nil {
						t.Fatal(err)
					}
				}
				mods++
				name := fmt.Sprintf("seed %d step %d", seed, step)
				compareWhatIf(t, name, ctx, p, w)
			}
			// The Problem itself is unaffected by its variants.
			fresh, _ := solver.Compile(context.Background(), s, nil)
			_, ok1, err1 := p.Feasible(ctx)
			_, ok2, err2 := fresh.Feasible(ctx)
			if ok1 != ok2 || err1 != nil || err2 != nil {
				t.Fatalf("seed %d: the Problem answers %v after what-ifs, a fresh compile %v", seed, ok1, ok2)
			}
		})
	}
	if mods < 1000 && !short() && settings == nil {
		t.Fatalf("only %d modifications", mods)
	}
	t.Logf("%d modifications checked against recompiling", mods)
}

func compareWhatIf(t *testing.T, name string, ctx context.Context, p *solver.Problem, w *solver.WhatIf) {
	t.Helper()
	ms := w.Space()
	q, err := solver.Compile(context.Background(), ms, nil)
	if err != nil {
		t.Fatalf("%s: compiling the modified space: %v", name, err)
	}
	_, ok, err := w.Feasible(ctx)
	_, want, err2 := q.Feasible(ctx)
	if err != nil || err2 != nil || ok != want {
		t.Fatalf("%s: feasible %v (%v), recompiled %v (%v)", name, ok, err, want, err2)
	}
	hc, err := w.HardConflict(ctx, solver.Scope{})
	wantHC, err2 := q.HardConflict(ctx, solver.Scope{})
	if err != nil || err2 != nil || (hc == nil) != (wantHC == nil) {
		t.Fatalf("%s: hard conflict %v (%v), recompiled %v (%v)", name, hc, err, wantHC, err2)
	}
	if !ok && hc == nil {
		f := w.Findings(ctx, solver.Scope{})
		got := &solver.Explanation{}
		for x := range f.All() {
			if x.Conflict != nil {
				got.Conflicts = append(got.Conflicts, x.Conflict)
			} else {
				got.Concessions = append(got.Concessions, *x.Concession)
			}
		}
		if f.Err() != nil || !f.Complete() {
			t.Fatalf("%s: findings: %v", name, f.Err())
		}
		solver.SortExplanation(got)
		wantEx, err := q.Explain(ctx, solver.Scope{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wantEx.Conflicts, got.Conflicts); diff != "" {
			t.Fatalf("%s: conflicts (-recompiled +what-if):\n%s", name, diff)
		}
		if diff := cmp.Diff(wantEx.Concessions, got.Concessions); diff != "" {
			t.Fatalf("%s: concession sets (-recompiled +what-if):\n%s", name, diff)
		}
		c, err := w.CheapestConcession(ctx, solver.Scope{})
		wc, err2 := q.CheapestConcession(ctx, solver.Scope{})
		if err != nil || err2 != nil || c == nil || wc == nil || math.Abs(c.Cost-wc.Cost) > 1e-9 {
			t.Fatalf("%s: cheapest %+v (%v), recompiled %+v (%v)", name, c, err, wc, err2)
		}
		one, err := w.Conflict(ctx, solver.Scope{})
		if err != nil || !slices.ContainsFunc(wantEx.Conflicts, func(c []model.Ref) bool { return slices.Equal(c, one) }) {
			t.Fatalf("%s: conflict %v (%v) is not one of %v", name, one, err, wantEx.Conflicts)
		}
		compareWhatIfExplanations(t, name, ctx, w, q, ms, wantEx, c)
	}
	compareWhatIfAudits(t, name, ctx, w, q, ms)
	if !ok {
		return
	}
	ideal, err := w.Ideal(ctx)
	wantIdeal, err2 := q.Ideal(ctx)
	if err != nil || err2 != nil {
		t.Fatal(err, err2)
	}
	if diff := cmp.Diff(wantIdeal, ideal, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Fatalf("%s: ideal (-recompiled +what-if):\n%s", name, diff)
	}
	z, err := w.ZOPA(ctx)
	wantZ, err2 := q.ZOPA(ctx)
	if err != nil || err2 != nil {
		t.Fatal(err, err2)
	}
	if diff := cmp.Diff(wantZ, z, cmp.Comparer(func(a, b model.Value) bool { return a == b })); diff != "" {
		t.Fatalf("%s: ZOPA (-recompiled +what-if):\n%s", name, diff)
	}
	for _, pair := range []struct {
		got, want func(context.Context) (*solver.Choice, error)
	}{{w.Utilitarian, q.Utilitarian}, {w.Egalitarian, q.Egalitarian}} {
		a, err := pair.got(ctx)
		b, err2 := pair.want(ctx)
		if err != nil || err2 != nil || math.Abs(a.Score-b.Score) > 1e-9 {
			t.Fatalf("%s: optimum %+v (%v), recompiled %+v (%v)", name, a, err, b, err2)
		}
		if v, err := ms.Judge(a.Package); err != nil || !v.Agreeable {
			t.Fatalf("%s: what-if optimum %v is not agreeable in the modified space", name, a.Package)
		}
	}
	frontier := func(f *solver.Frontier) [][]float64 {
		var out [][]float64
		for pt := range f.Points() {
			out = append(out, vector(ms, pt.Utilities))
		}
		if f.Err() != nil || !f.Complete() {
			t.Fatalf("%s: frontier: %v", name, f.Err())
		}
		slices.SortFunc(out, slices.Compare)
		return out
	}
	if diff := cmp.Diff(frontier(q.Frontier(ctx)), frontier(w.Frontier(ctx)), cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Fatalf("%s: frontier (-recompiled +what-if):\n%s", name, diff)
	}
}

// compareWhatIfExplanations checks the explanation queries of an
// infeasible variant against the recompiled space q: Explain, the fewest
// concessions, the preferred conflict, cheapness and cost intervals equal
// q's; each conflict's hard constraints (Against) are, with the variant's
// own fixed values and temporary constraints, unsatisfiable and minimal by
// brute force.
func compareWhatIfExplanations(t *testing.T, name string, ctx context.Context, w *solver.WhatIf, q *solver.Problem, ms *model.Space, wantEx *solver.Explanation, cheapest *solver.Optimum) {
	t.Helper()
	ex, err := w.Explain(ctx, solver.Scope{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantEx, ex, cmp.Comparer(func(a, b *big.Int) bool { return a.Cmp(b) == 0 })); diff != "" {
		t.Fatalf("%s: Explain (-recompiled +what-if):\n%s", name, diff)
	}
	sm, err := w.SmallestConcession(ctx, solver.Scope{})
	wsm, err2 := q.SmallestConcession(ctx, solver.Scope{})
	if err != nil || err2 != nil || sm == nil || wsm == nil || len(sm.Constraints) != len(wsm.Constraints) {
		t.Fatalf("%s: smallest %+v (%v), recompiled %+v (%v)", name, sm, err, wsm, err2)
	}
	order := slices.Clone(ms.Negotiable())
	slices.Reverse(order)
	pc, err := w.PreferredConflict(ctx, solver.Scope{}, order)
	wpc, err2 := q.PreferredConflict(ctx, solver.Scope{}, order)
	if err != nil || err2 != nil || !slices.Equal(pc, wpc) {
		t.Fatalf("%s: preferred conflict %v (%v), recompiled %v (%v)", name, pc, err, wpc, err2)
	}
	var sets [][]model.Ref
	for _, c := range wantEx.Concessions {
		sets = append(sets, c.Constraints)
	}
	ch, err := w.Cheapness(ctx, solver.Scope{}, sets)
	wch, err2 := q.Cheapness(ctx, solver.Scope{}, sets)
	if err != nil || err2 != nil {
		t.Fatal(err, err2)
	}
	if diff := cmp.Diff(wch, ch); diff != "" {
		t.Fatalf("%s: cheapness (-recompiled +what-if):\n%s", name, diff)
	}
	ci, err := w.CostIntervals(ctx, solver.Scope{}, cheapest.Constraints)
	wci, err2 := q.CostIntervals(ctx, solver.Scope{}, cheapest.Constraints)
	if err != nil || err2 != nil {
		t.Fatal(err, err2)
	}
	if diff := cmp.Diff(wci, ci); diff != "" {
		t.Fatalf("%s: cost intervals (-recompiled +what-if):\n%s", name, diff)
	}
	o := newOracle(t, ms)
	var own []model.Ref // the variant's fixed values and temporary constraints, as rules of ms
	for _, r := range ms.Rules {
		if strings.HasPrefix(r.ID, "whatif_") {
			own = append(own, model.Ref{Constraint: r.ID, Kind: model.RuleKind})
		}
	}
	for _, c := range wantEx.Conflicts {
		ag, err := w.Against(ctx, solver.Scope{}, c)
		if err != nil {
			t.Fatalf("%s: Against(%v): %v", name, c, err)
		}
		set := slices.Concat(c, ag, own)
		if o.satisfiableWith(set) {
			t.Fatalf("%s: conflict %v with %v and the variant's own %v admits a package", name, c, ag, own)
		}
		for i := range ag {
			if !o.satisfiableWith(slices.Concat(c, slices.Delete(slices.Clone(ag), i, i+1), own)) {
				t.Fatalf("%s: Against(%v) = %v is not minimal (drop %v)", name, c, ag, ag[i])
			}
		}
	}
}

// compareWhatIfAudits audits a few partial packages in the variant and in
// the recompiled space q: the same verdicts, violations and utilities. A
// proposal that contradicts a value the variant fixes is an error.
func compareWhatIfAudits(t *testing.T, name string, ctx context.Context, w *solver.WhatIf, q *solver.Problem, ms *model.Space) {
	t.Helper()
	pkgs := allPackages(ms)
	for k := 0; k < 3 && k < len(pkgs); k++ {
		full := pkgs[(k*7919)%len(pkgs)]
		proposal := model.Package{}
		for i, is := range ms.Issues {
			if i%(k+1) == 0 {
				proposal[is.ID] = full[is.ID]
			}
		}
		a, err := w.Audit(ctx, proposal)
		if err != nil {
			// Only a clash with a value the variant fixes is refused.
			if !strings.Contains(err.Error(), "which the what-if fixes") {
				t.Fatalf("%s: Audit(%v): %v", name, proposal, err)
			}
			continue
		}
		wa, err := q.Audit(ctx, proposal)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wa, a, cmpopts.EquateApprox(0, 1e-9), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("%s: Audit(%v) (-recompiled +what-if):\n%s", name, proposal, diff)
		}
	}
}

// TestWhatIfErrors checks that bad what-if input is refused with an error
// that names the problem, and changes nothing.
func TestWhatIfErrors(t *testing.T) {
	s, err := model.NewBuilder("t").Bool("a", "").Choice("c", "x", "y").
		Rule("r", "a || c == \"x\"").
		Party("p").RedLine("no_a", "!a").Build()
	if err != nil {
		t.Fatal(err)
	}
	p, err := solver.Compile(context.Background(), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	w := p.WhatIf()
	for _, tc := range []struct {
		why string
		err error
	}{
		{"rules are not negotiable", w.Drop(model.Ref{Constraint: "r", Kind: model.RuleKind})},
		{"unknown constraint", w.Drop(model.Ref{Party: "p", Constraint: "nope", Kind: model.RedLineKind})},
		{"unknown issue", w.Fix("zz", model.BoolValue(true))},
		{"value of the wrong kind", w.Fix("a", model.OptionValue("x"))},
		{"option outside the domain", w.Fix("c", model.OptionValue("z"))},
		{"syntax error", w.Require("t", "a &&")},
		{"unknown issue in an expression", w.Require("t", "b")},
	} {
		if tc.err == nil {
			t.Errorf("%s: no error", tc.why)
		}
	}
	if _, ok, err := w.Feasible(context.Background()); err != nil || !ok {
		t.Errorf("after refused changes the variant answers %v, %v; want the unchanged, feasible space", ok, err)
	}
	// A clone is independent of its original.
	c := w.Clone()
	if err := c.Drop(model.Ref{Party: "p", Constraint: "no_a", Kind: model.RedLineKind}); err != nil {
		t.Fatal(err)
	}
	if len(c.Space().Parties[0].RedLines) != 0 || len(w.Space().Parties[0].RedLines) != 1 {
		t.Errorf("dropping a constraint in a clone changed the original (or not the clone)")
	}
	// Fixed values that clash on their own: an empty hard conflict.
	if err := w.Fix("a", model.BoolValue(false)); err != nil {
		t.Fatal(err)
	}
	if err := w.Require("t", "a"); err != nil {
		t.Fatal(err)
	}
	hc, err := w.HardConflict(context.Background(), solver.Scope{})
	if err != nil || hc == nil || len(hc) != 0 {
		t.Errorf("HardConflict = %v, %v; want empty and non-nil", hc, err)
	}
}

// TestWhatIfHasEveryQuery: every query of Problem is also a query of
// WhatIf with the same signature, so a variant answers whatever the space
// does. The exceptions are what only a compiled space has: its variants,
// its statistics and settings, its exports, and Picks (a Monte Carlo study
// of the stated weights; study a variant by compiling its Space).
func TestWhatIfHasEveryQuery(t *testing.T) {
	notQueries := map[string]bool{"WhatIf": true, "Refs": true, "Stats": true, "Certified": true, "Precision": true,
		"WriteDIMACS": true, "WriteWCNF": true, "WriteUtilitarianWCNF": true, "Picks": true}
	pt, wt := reflect.TypeFor[*solver.Problem](), reflect.TypeFor[*solver.WhatIf]()
	for i := range pt.NumMethod() {
		m := pt.Method(i)
		if notQueries[m.Name] {
			continue
		}
		wm, ok := wt.MethodByName(m.Name)
		if !ok {
			t.Errorf("WhatIf lacks the query %s", m.Name)
			continue
		}
		// Compare the signatures without the receivers.
		if a, b := m.Type, wm.Type; a.NumIn() != b.NumIn() || a.NumOut() != b.NumOut() {
			t.Errorf("%s: Problem %v, WhatIf %v", m.Name, a, b)
		} else {
			for j := 1; j < a.NumIn(); j++ {
				if a.In(j) != b.In(j) {
					t.Errorf("%s: argument %d is %v on Problem, %v on WhatIf", m.Name, j, a.In(j), b.In(j))
				}
			}
			for j := range a.NumOut() {
				if a.Out(j) != b.Out(j) {
					t.Errorf("%s: result %d is %v on Problem, %v on WhatIf", m.Name, j, a.Out(j), b.Out(j))
				}
			}
		}
	}
}
