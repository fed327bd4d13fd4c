package cert_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver/internal/cert"
)

// world is a small space judged package by package with the model's
// evaluator.
type world struct {
	s     *model.Space
	refs  []model.Ref
	pkgs  []model.Package
	holds []map[model.Ref]bool
	utils []map[string]float64
}

func refsOf(s *model.Space) []model.Ref {
	var out []model.Ref
	for _, r := range s.Rules {
		out = append(out, model.Ref{Constraint: r.ID, Kind: model.RuleKind})
	}
	return append(out, s.Negotiable()...)
}

func newWorld(t *testing.T, s *model.Space) *world {
	w := &world{s: s, refs: refsOf(s)}
	w.pkgs = []model.Package{{}}
	for _, is := range s.Issues {
		var next []model.Package
		for _, p := range w.pkgs {
			for _, v := range is.Domain() {
				q := model.Package{is.ID: v}
				for k, x := range p {
					q[k] = x
				}
				next = append(next, q)
			}
		}
		w.pkgs = next
	}
	for _, p := range w.pkgs {
		v, err := s.Judge(p)
		if err != nil {
			t.Fatal(err)
		}
		h := map[model.Ref]bool{}
		for _, r := range w.refs {
			h[r] = true
		}
		for _, r := range v.Broken {
			h[r] = false
		}
		w.holds = append(w.holds, h)
		w.utils = append(w.utils, v.Utilities)
	}
	return w
}

// claim is a random claim with its brute-force meaning.
type claim struct {
	conds []cert.Cond
	ok    []func(i int) bool // one per condition, on package index
}

func (c *claim) add(cd cert.Cond, f func(i int) bool) {
	c.conds = append(c.conds, cd)
	c.ok = append(c.ok, f)
}

func (w *world) randomClaim(r *rand.Rand) *claim {
	c := &claim{}
	for _, ref := range w.refs {
		if r.IntN(3) > 0 {
			c.add(cert.Holds(ref), func(i int) bool { return w.holds[i][ref] })
		}
	}
	pick := w.pkgs[r.IntN(len(w.pkgs))]
	for _, is := range w.s.Issues {
		if r.IntN(6) > 0 {
			continue
		}
		v := pick[is.ID]
		switch {
		case is.Kind == model.IntKind && r.IntN(2) == 0:
			x := v.Int() + int64(r.IntN(3)-1)
			c.add(cert.IntBelow(is.ID, x), func(i int) bool { return w.pkgs[i][is.ID].Int() < x })
		case is.Kind == model.IntKind && r.IntN(2) == 0:
			x := v.Int() + int64(r.IntN(3)-1)
			c.add(cert.IntAbove(is.ID, x), func(i int) bool { return w.pkgs[i][is.ID].Int() > x })
		default:
			c.add(cert.Is(is.ID, v), func(i int) bool { return w.pkgs[i][is.ID] == v })
		}
	}
	if r.IntN(3) == 0 {
		cube := model.Package{}
		for _, is := range w.s.Issues {
			if r.IntN(2) == 0 {
				cube[is.ID] = pick[is.ID]
			}
		}
		c.add(cert.Outside(cube), func(i int) bool {
			for id, v := range cube {
				if w.pkgs[i][id] != v {
					return true
				}
			}
			return false
		})
	}
	if r.IntN(3) == 0 && len(w.s.Rules)+len(w.s.Negotiable()) > 0 {
		// The negation of a constraint's expression, as an Expr.
		ref := w.refs[r.IntN(len(w.refs))]
		if con, ok := w.s.Lookup(ref); ok && ref.Kind != model.ReservationKind {
			c.add(cert.Expr(model.Not(con.Cond())), func(i int) bool { return !w.holds[i][ref] })
		}
	}
	if r.IntN(3) == 0 {
		// A utility bound just above or below some package's utility.
		j := r.IntN(len(w.pkgs))
		party := ""
		var u float64
		if r.IntN(2) == 0 && len(w.s.Parties) > 0 {
			party = w.s.Parties[r.IntN(len(w.s.Parties))].ID
			u = w.utils[j][party]
		} else {
			for _, x := range w.utils[j] {
				u += x
			}
		}
		at := u + []float64{-1e-9, 1e-9}[r.IntN(2)]
		c.add(cert.Utility(party, at), func(i int) bool {
			if party != "" {
				return w.utils[i][party] >= at
			}
			var s float64
			for _, x := range w.utils[i] {
				s += x
			}
			return s >= at
		})
	}
	if r.IntN(3) == 0 {
		// Broken constraints, reservations included.
		ref := w.refs[r.IntN(len(w.refs))]
		c.add(cert.Broken(ref), func(i int) bool { return !w.holds[i][ref] })
	}
	if r.IntN(3) == 0 {
		is := w.s.Issues[r.IntN(len(w.s.Issues))]
		n := is.Size()
		lo, hi := r.IntN(n), r.IntN(n)
		var in func(int) bool
		if r.IntN(2) == 0 {
			mask := r.Uint64()
			in = func(j int) bool { return mask>>(j%64)&1 == 1 }
		}
		dom := is.Domain()
		cd := cert.Index(is.ID, lo, hi, in)
		f := func(i int) bool {
			j := slices.Index(dom, w.pkgs[i][is.ID])
			return j >= lo && j <= hi && (in == nil || in(j))
		}
		if r.IntN(2) == 0 {
			c.add(cd, f)
		} else {
			v := dom[r.IntN(n)]
			c.add(cert.Not(cert.And(cd, cert.Is(is.ID, v))), func(i int) bool { return !(f(i) && w.pkgs[i][is.ID] == v) })
		}
	}
	if r.IntN(4) == 0 {
		var or []cert.Cond
		var fs []func(int) bool
		for range 1 + r.IntN(3) {
			ref := w.refs[r.IntN(len(w.refs))]
			or = append(or, cert.Holds(ref))
			fs = append(fs, func(i int) bool { return w.holds[i][ref] })
		}
		c.add(cert.Or(or...), func(i int) bool {
			for _, f := range fs {
				if f(i) {
					return true
				}
			}
			return false
		})
	}
	return c
}

func (w *world) exists(c *claim) bool {
	for i := range w.pkgs {
		all := true
		for _, f := range c.ok {
			all = all && f(i)
		}
		if all {
			return true
		}
	}
	return false
}

func genOptions(seed int64) scenarios.GenOptions {
	steps := int(seed / 2 % 3)
	phases := 0
	if steps > 0 {
		phases = int(seed / 6 % 4)
	}
	return scenarios.GenOptions{
		Issues: 1 + int(seed%5), Parties: 1 + int(seed/5%3),
		RedLinesPerParty: 1 + int(seed%2), PreconditionsPerParty: int(seed / 3 % 2),
		Rules: int(seed / 7 % 3), PreferencesPerParty: 1 + int(seed%3),
		MaxChoice: 5, MaxIntLevels: 6, Depth: 3, Steps: steps, Phases: phases,
		Reservations: seed%3 == 0, Seed: seed,
	}
}

// TestNoneAgainstBruteForce checks random claims on random small spaces:
// None proves exactly the claims that exhaustive enumeration with the
// model's evaluator confirms, and refutes the others with a package that
// the evaluator confirms. Utilities are encoded on their exact scale
// (generated weights and values have few digits) and, on a third of the
// spaces again, rounded up on the 2^60 scale.
func TestNoneAgainstBruteForce(t *testing.T) {
	n := 1500
	if testing.Short() || raceOn {
		n = 200
	}
	noneAgainstBruteForce(t, n)
}

// TestSegmentsAgainstBruteForce is TestNoneAgainstBruteForce with every
// points preference on an int or step issue encoded by segments (meant
// for wide domains).
func TestSegmentsAgainstBruteForce(t *testing.T) {
	defer cert.SetSegmentMin(0)()
	n := 400
	if testing.Short() || raceOn {
		n = 100
	}
	noneAgainstBruteForce(t, n)
}

// noneAgainstBruteForce is TestNoneAgainstBruteForce on n spaces.
func noneAgainstBruteForce(t *testing.T, n int) {
	ctx := context.Background()
	for _, round := range []bool{false, true} {
		restore := cert.SetUtilRound(round)
		proved, refuted := 0, 0
		for seed := int64(0); seed < int64(n); seed++ {
			if round && seed%3 != 0 {
				continue
			}
			s := scenarios.Generate(genOptions(seed))
			w := newWorld(t, s)
			ck := cert.New(s)
			r := rand.New(rand.NewPCG(uint64(seed), 7))
			for k := range 12 {
				c := w.randomClaim(r)
				err := ck.None(ctx, c.conds...)
				want := w.exists(c)
				var f *cert.Failure
				switch {
				case err == nil && want:
					t.Fatalf("seed %d claim %d round %v: None proved %v, but a package satisfies it", seed, k, round, c.conds)
				case err == nil:
					proved++
				case !want:
					t.Fatalf("seed %d claim %d round %v: None(%v) = %v; want proved", seed, k, round, c.conds, err)
				case !errors.As(err, &f) || !f.Confirmed:
					t.Fatalf("seed %d claim %d round %v: None(%v) = %v; want a confirmed failure", seed, k, round, c.conds, err)
				default:
					refuted++
				}
			}
		}
		restore()
		t.Logf("round %v: proved %d, refuted %d", round, proved, refuted)
		if proved == 0 || refuted == 0 {
			t.Errorf("round %v: proved %d, refuted %d: want both", round, proved, refuted)
		}
	}
}

// TestConcededBelow checks the concession cost bound against brute force:
// with some constraints hard and the rest on the table, no package breaks
// table constraints costing less than the cheapest package does.
func TestConcededBelow(t *testing.T) {
	n := 800
	if testing.Short() || raceOn {
		n = 150
	}
	ctx := context.Background()
	for seed := int64(0); seed < int64(n); seed++ {
		o := genOptions(seed)
		s := scenarios.Generate(o)
		w := newWorld(t, s)
		ck := cert.New(s)
		r := rand.New(rand.NewPCG(uint64(seed), 9))
		var hard, table []model.Ref
		var costs []float64
		for _, ref := range w.refs {
			if ref.Kind == model.RuleKind || r.IntN(4) == 0 {
				hard = append(hard, ref)
				continue
			}
			table = append(table, ref)
			costs = append(costs, []float64{1, 0.1, 0.2, 0.3, 2.5, 1e-3}[r.IntN(6)])
		}
		best := math.Inf(1)
		for i := range w.pkgs {
			okHard := true
			for _, h := range hard {
				okHard = okHard && w.holds[i][h]
			}
			if !okHard {
				continue
			}
			cost := 0.0
			for j, ref := range table {
				if !w.holds[i][ref] {
					cost += costs[j]
				}
			}
			best = min(best, cost)
		}
		var conds []cert.Cond
		for _, h := range hard {
			conds = append(conds, cert.Holds(h))
		}
		if math.IsInf(best, 1) {
			if err := ck.None(ctx, conds...); err != nil {
				t.Fatalf("seed %d: hard part is infeasible, None = %v", seed, err)
			}
			continue
		}
		name := fmt.Sprintf("seed %d (best %v)", seed, best)
		if err := ck.None(ctx, append(conds, cert.ConcededBelow(table, costs, best))...); err != nil {
			t.Fatalf("%s: None(cost < best) = %v; want proved", name, err)
		}
		if err := ck.None(ctx, append(conds, cert.ConcededBelow(table, costs, best+1e-6))...); err == nil {
			t.Fatalf("%s: None(cost < best+1e-6) proved; want refuted", name)
		}
		if seed%5 == 0 {
			// Costs without a common decimal scale that fits: the binary
			// fallback. The margin is relative to the sum of costs.
			huge := slices.Clone(costs)
			total := 0.0
			for i := range huge {
				huge[i] = []float64{1e300, 3e-300, 0.1, 7}[r.IntN(4)]
				total += huge[i]
			}
			hbest := math.Inf(1)
			for i := range w.pkgs {
				okHard := true
				for _, h := range hard {
					okHard = okHard && w.holds[i][h]
				}
				if !okHard {
					continue
				}
				cost := 0.0
				for j, ref := range table {
					if !w.holds[i][ref] {
						cost += huge[j]
					}
				}
				hbest = min(hbest, cost)
			}
			if err := ck.None(ctx, append(conds, cert.ConcededBelow(table, huge, hbest))...); err != nil {
				t.Fatalf("%s: None(cost < %v) with huge costs = %v; want proved", name, hbest, err)
			}
			if total == 0 {
				continue // nothing on the table: no cost below 0
			}
			if err := ck.None(ctx, append(conds, cert.ConcededBelow(table, huge, hbest+1e-6*total))...); err == nil {
				t.Fatalf("%s: None(cost < %v) with huge costs proved; want refuted", name, hbest+1e-6*total)
			}
		}
		units := make([]float64, len(table))
		for i := range units {
			units[i] = 1
		}
		fewest := len(table) + 1
		for i := range w.pkgs {
			okHard := true
			for _, h := range hard {
				okHard = okHard && w.holds[i][h]
			}
			if !okHard {
				continue
			}
			k := 0
			for _, ref := range table {
				if !w.holds[i][ref] {
					k++
				}
			}
			fewest = min(fewest, k)
		}
		if err := ck.None(ctx, append(conds, cert.ConcededBelow(table, units, float64(fewest)))...); err != nil {
			t.Fatalf("%s: None(size < %d) = %v; want proved", name, fewest, err)
		}
		if err := ck.None(ctx, append(conds, cert.ConcededBelow(table, units, float64(fewest+1)))...); err == nil {
			t.Fatalf("%s: None(size < %d) proved; want refuted", name, fewest+1)
		}
	}
}

// TestWideArithmetic checks the binary encoding with large levels,
// coefficients and constants, against brute force.
func TestWideArithmetic(t *testing.T) {
	ctx := context.Background()
	const e61 = 1 << 61
	s := &model.Space{Name: "wide", Issues: []model.Issue{
		{ID: "a", Kind: model.IntKind, Values: []int64{-e61, -1, 0, 7, e61}},
		{ID: "b", Kind: model.IntKind, Min: e61 - 20, Max: e61, Step: 5},
		{ID: "c", Kind: model.IntKind, Min: -3, Max: 3, Step: 1},
	}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	ck := cert.New(s)
	exprs := []string{
		"a + b == 2305843009213693947", "a + b == 2305843009213693948", "a + b == 0",
		"a <= -2305843009213693952", "a < -2305843009213693952", "a > 7", "a > 2305843009213693952",
		"b > 2305843009213693947", "b == 2305843009213693943", "b == 2305843009213693942",
		"b - a >= 2305843009213693947", "a - b >= 1", "-3*c + a != 9", "3*c - a == -4", "3*c - a == -7",
		"b - a - 4*c >= 4611686018427387904", "b - a - 4*c > 4611686018427387904",
		"atMost(1, a > 0, b > 2305843009213693940, c > 0)", "exactly(3, a > 0, b > 2305843009213693940, c > 0)",
	}
	sat, unsat := 0, 0
	for _, src := range exprs {
		e, err := s.ParseExpr(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		want := false
		for _, av := range s.Issues[0].Domain() {
			for _, bv := range s.Issues[1].Domain() {
				for _, cv := range s.Issues[2].Domain() {
					ok, err := s.Eval(e, model.Package{"a": av, "b": bv, "c": cv})
					if err != nil {
						t.Fatal(err)
					}
					want = want || ok
				}
			}
		}
		if want {
			sat++
		} else {
			unsat++
		}
		err = ck.None(ctx, cert.Expr(e))
		if (err != nil) != want {
			t.Errorf("None(%s) = %v; want satisfiable %v", src, err, want)
		}
	}
	if sat == 0 || unsat == 0 {
		t.Errorf("%d satisfiable and %d unsatisfiable cases: want both", sat, unsat)
	}
}

// A claim over all but one option of a 100,000-option choice issue (the
// ZOPA's "no agreeable package takes a value left out" on issue 15's
// c != "o5") is encoded by runs of options, not option by option: it
// takes a handful of clauses, where one literal per option took millions.
func TestIndexRuns(t *testing.T) {
	opts := make([]string, 100_000)
	for i := range opts {
		opts[i] = fmt.Sprintf("o%d", i)
	}
	s := &model.Space{Name: "c", Issues: []model.Issue{{ID: "c", Kind: model.ChoiceKind, Options: opts}}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	ck := cert.New(s)
	// No package takes a value other than o5 and o5 at once.
	err := ck.None(context.Background(), cert.Index("c", 0, len(opts)-1, func(j int) bool { return j != 5 }), cert.Is("c", model.OptionValue("o5")))
	if err != nil {
		t.Fatal(err)
	}
	if st := ck.Stats(); st.Clauses > 2000 {
		t.Errorf("%d clauses for a claim over two runs of options", st.Clauses)
	}
	// And some package takes one of the others.
	if err := ck.None(context.Background(), cert.Index("c", 0, len(opts)-1, func(j int) bool { return j != 5 })); err == nil {
		t.Error("None proved that no package takes an option other than o5")
	}
}
