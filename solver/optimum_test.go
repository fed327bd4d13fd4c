package solver_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver"
)

const tol = 1e-9

// vec is a utility vector in party order.
type vec []float64

func vector(s *model.Space, us map[string]float64) vec {
	v := make(vec, len(s.Parties))
	for i, p := range s.Parties {
		v[i] = us[p.ID]
	}
	return v
}

func (a vec) equal(b vec) bool {
	for i := range a {
		if math.Abs(a[i]-b[i]) > tol {
			return false
		}
	}
	return true
}

// dominates reports whether a is at least b everywhere and above it
// somewhere (beyond the tolerance).
func (a vec) dominates(b vec) bool {
	above := false
	for i := range a {
		if a[i] < b[i]-tol {
			return false
		}
		above = above || a[i] > b[i]+tol
	}
	return above
}

// bruteFrontier returns the distinct non-dominated vectors, sorted.
func bruteFrontier(all []vec) []vec {
	var out []vec
	for _, a := range all {
		if slices.ContainsFunc(all, func(b vec) bool { return b.dominates(a) }) {
			continue
		}
		if !slices.ContainsFunc(out, a.equal) {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, slices.Compare)
	return out
}

// TestOptimaDifferential compares the Pareto frontier, every rule's best
// score, the ideal point and the ZOPA with exhaustive search on thousands
// of random small feasible spaces; every package returned must be
// agreeable with the utilities the evaluator computes.
func TestOptimaDifferential(t *testing.T) {
	n := 2000
	if short() {
		n = 300
	}
	for _, enc := range encodings {
		t.Run(enc.name, func(t *testing.T) {
			for _, steps := range []bool{false, true} {
				optimaDifferential(t, int(float64(n)*enc.share), steps, enc.settings, true)
			}
		})
	}
}

// TestSegmentsOptima is TestOptimaDifferential with the binary encodings
// and every points preference on them encoded by segments (meant for wide
// domains, see solver/segments.go), on exact scales: a segment's bits are
// rounded one by one on a fixed-point scale, so there equal scores of
// different levels can differ by a rounding step, which the frontier's
// exact check would report.
func TestSegmentsOptima(t *testing.T) {
	defer solver.SetSegmentMin(0)()
	n := 200
	if short() {
		n = 100
	}
	for _, steps := range []bool{false, true} {
		optimaDifferential(t, n, steps, solver.BinarySettings(), false)
	}
}

// optimaDifferential is TestOptimaDifferential on n feasible spaces, with
// step issues when steps is set, compiled with settings; fixedPoint adds
// spaces with sixteen-digit weights and scores (a fixed-point scale).
func optimaDifferential(t *testing.T, n int, steps bool, settings *solver.Settings, fixedPoint bool) {
	checked, points, fixed := 0, 0, 0
	for seed := int64(0); checked < n; seed++ {
		o := genOptions(seed)
		o.Feasible = seed%5 != 0 // a few may still be feasible by chance
		o.Proposals = 0
		o.PreferencesPerParty = 1 + int(seed%4)
		o.Parties = 2 + int(seed/2%3)
		o.Issues = 2 + int(seed/3%4)
		o.RedLinesPerParty = int(seed % 2)
		if seed%3 == 0 { // preferences only: larger frontiers
			o.RedLinesPerParty, o.PreconditionsPerParty, o.Rules, o.Reservations = 0, 0, 0, false
			o.PreferencesPerParty = 2 + int(seed%3)
		}
		if steps {
			o = stepOptions(o, seed)
		}
		s := scenarios.Generate(o)
		long := seed%7 == 3 && fixedPoint
		if long {
			sixteenDigits(s, seed)
		}
		p, err := solver.Compile(context.Background(), s, settings)
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("seed %d steps %v", seed, steps)
		if long {
			checkPrecision(t, name, s, p)
		}
		if !p.Precision().Exact {
			fixed++
		}
		agreeable, vs := agreeableVectors(t, s)
		// The SAT searches first (enumeration and cube plans off), then
		// enumeration, which every small additive space gets, or the cube
		// plan.
		restore, restoreCubes := solver.SetEnumerationLimit(0), solver.SetCubePlans(false)
		checkOptima4(t, name+" sat", s, p, agreeable, vs)
		restore()
		restoreCubes()
		checkOptima4(t, name, s, p, agreeable, vs)
		if len(agreeable) > 0 {
			checked++
			points += len(bruteFrontier(vs))
		}
		if seed > int64(20*n) {
			t.Fatalf("only %d feasible spaces generated", checked)
		}
	}
	t.Logf("steps %v: %d feasible spaces, %d frontier points compared; %d of them on a fixed-point scale", steps, checked, points, fixed)
}

// agreeableVectors returns every agreeable package of s, by brute force,
// with its utility vector.
func agreeableVectors(t *testing.T, s *model.Space) ([]model.Package, []vec) {
	var agreeable []model.Package
	var vs []vec
	for _, pkg := range allPackages(s) {
		v, err := s.Judge(pkg)
		if err != nil {
			t.Fatal(err)
		}
		if v.Agreeable {
			agreeable = append(agreeable, pkg)
			vs = append(vs, vector(s, v.Utilities))
		}
	}
	return agreeable, vs
}

// checkFrontier compares p's frontier with brute force (vs: the utility
// vectors of every agreeable package).
func checkFrontier(t *testing.T, name string, s *model.Space, p *solver.Problem, vs []vec) []solver.FrontierPoint {
	t.Helper()
	f := p.Frontier(context.Background())
	var got []solver.FrontierPoint
	for pt := range f.Points() {
		got = append(got, pt)
	}
	if f.Err() != nil || !f.Complete() {
		t.Fatalf("%s: frontier: err %v, complete %v", name, f.Err(), f.Complete())
	}
	checkPackage := func(what string, pkg model.Package, us map[string]float64) {
		v, err := s.Judge(pkg)
		if err != nil || !v.Agreeable {
			t.Fatalf("%s: %s %v is not agreeable (%v)", name, what, pkg, err)
		}
		if diff := cmp.Diff(v.Utilities, us, cmpopts.EquateApprox(0, tol)); diff != "" {
			t.Fatalf("%s: %s utilities (-evaluator +reported):\n%s", name, what, diff)
		}
	}
	var gotV []vec
	for _, pt := range got {
		checkPackage("frontier point", pt.Package, pt.Utilities)
		gotV = append(gotV, vector(s, pt.Utilities))
	}
	slices.SortFunc(gotV, slices.Compare)
	want := bruteFrontier(vs)
	if diff := cmp.Diff(want, gotV, cmpopts.EquateApprox(0, tol), cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("%s: frontier (-want +got):\n%s\n%s", name, diff, dump(s))
	}
	return got
}

func checkOptima4(t *testing.T, name string, s *model.Space, p *solver.Problem, agreeable []model.Package, vs []vec) {
	t.Helper()
	ctx := context.Background()
	got := checkFrontier(t, name, s, p, vs)
	checkPackage := func(what string, pkg model.Package, us map[string]float64) {
		v, err := s.Judge(pkg)
		if err != nil || !v.Agreeable {
			t.Fatalf("%s: %s %v is not agreeable (%v)", name, what, pkg, err)
		}
		if diff := cmp.Diff(v.Utilities, us, cmpopts.EquateApprox(0, tol)); diff != "" {
			t.Fatalf("%s: %s utilities (-evaluator +reported):\n%s", name, what, diff)
		}
	}
	ideal, err := p.Ideal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(agreeable) == 0 {
		for _, c := range []func(context.Context) (*solver.Choice, error){p.Utilitarian, p.Egalitarian} {
			if ch, err := c(ctx); ch != nil || err != nil {
				t.Fatalf("%s: infeasible space has an optimum %+v (%v)", name, ch, err)
			}
		}
		if z, err := p.ZOPA(ctx); z != nil || err != nil || ideal != nil {
			t.Fatalf("%s: infeasible space: ZOPA %v, ideal %v (%v)", name, z, ideal, err)
		}
		return
	}
	wantIdeal := map[string]float64{}
	for i, party := range s.Parties {
		m := math.Inf(-1)
		for _, v := range vs {
			m = max(m, v[i])
		}
		wantIdeal[party.ID] = m
	}
	if diff := cmp.Diff(wantIdeal, ideal, cmpopts.EquateApprox(0, tol), cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("%s: ideal (-want +got):\n%s", name, diff)
	}
	for _, r := range solver.BargainingRules {
		best := math.Inf(-1)
		for _, pkg := range agreeable {
			v, _ := s.Judge(pkg)
			best = max(best, solver.RuleScore(s, r, v.Utilities, wantIdeal))
		}
		var score float64
		var pkg model.Package
		var us map[string]float64
		switch r {
		case solver.Utilitarian, solver.Egalitarian:
			c, err := map[solver.BargainingRule]func(context.Context) (*solver.Choice, error){
				solver.Utilitarian: p.Utilitarian, solver.Egalitarian: p.Egalitarian}[r](ctx)
			if err != nil || c == nil {
				t.Fatalf("%s: %v: %v, %v", name, r, c, err)
			}
			if c.Exact != p.Precision().Exact {
				t.Fatalf("%s: %v: Exact %v disagrees with the precision %+v", name, r, c.Exact, p.Precision())
			}
			score, pkg, us = c.Score, c.Package, c.Utilities
		default:
			pt := solver.BestPoint(s, got, r, ideal)
			score, pkg, us = solver.RuleScore(s, r, pt.Utilities, ideal), pt.Package, pt.Utilities
		}
		checkPackage(r.String(), pkg, us)
		if math.Abs(score-best) > tol {
			t.Fatalf("%s: %v score %v, want %v\n%s", name, r, score, best, dump(s))
		}
	}
	z, err := p.ZOPA(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantZ := bruteZOPA(s, agreeable)
	if diff := cmp.Diff(wantZ, z, cmp.Comparer(func(a, b model.Value) bool { return a == b })); diff != "" {
		t.Fatalf("%s: ZOPA (-want +got):\n%s", name, diff)
	}
}

// sixteenDigits rewrites every preference weight and listed value of s
// with sixteen significant digits, as real negotiation domains (the
// Genius/ANAC ones) write them.
func sixteenDigits(s *model.Space, seed int64) {
	r := rand.New(rand.NewPCG(uint64(seed), 16))
	digits := func() float64 {
		x, _ := strconv.ParseFloat(fmt.Sprintf("0.%016d", r.Int64N(1e16)), 64)
		return x
	}
	for pi := range s.Parties {
		for i := range s.Parties[pi].Preferences {
			pr := &s.Parties[pi].Preferences[i]
			pr.Weight = max(digits(), 1e-3)
			for k := range pr.Values {
				pr.Values[k] = digits()
			}
		}
	}
}

// checkPrecision checks that the utility scale states its exactness and
// that a fixed-point scale's proven error is below 1e-12 of every party's
// utility range.
func checkPrecision(t *testing.T, name string, s *model.Space, p *solver.Problem) {
	t.Helper()
	pr := p.Precision()
	if pr.Exact {
		if pr.Error != 0 {
			t.Fatalf("%s: exact scale with error %g", name, pr.Error)
		}
		return
	}
	for _, party := range s.Parties {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, pkg := range allPackages(s) {
			u, err := s.Utility(&party, pkg)
			if err != nil {
				t.Fatal(err)
			}
			lo, hi = min(lo, u), max(hi, u)
		}
		if hi > lo && pr.Error > 1e-12*(hi-lo) {
			t.Fatalf("%s: rounding error %g is not below 1e-12 of %s's utility range %g", name, pr.Error, party.ID, hi-lo)
		}
	}
}

// TestTopK checks that TopK ranks frontier points by each rule's score,
// best first, with Best its head.
func TestTopK(t *testing.T) {
	ctx := context.Background()
	s := scenarios.Generate(scenarios.GenOptions{Issues: 6, Parties: 3, PreferencesPerParty: 4, Contested: 3, Feasible: true, Seed: 5})
	p, err := solver.Compile(context.Background(), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	var pts []solver.FrontierPoint
	for pt := range p.Frontier(ctx).Points() {
		pts = append(pts, pt)
	}
	if len(pts) < 3 {
		t.Fatalf("frontier of %d points; pick a seed with a larger one", len(pts))
	}
	ideal, err := p.Ideal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range solver.BargainingRules {
		top := solver.TopK(s, pts, r, ideal, len(pts)+5)
		if len(top) != len(pts) {
			t.Fatalf("%v: TopK returned %d of %d points", r, len(top), len(pts))
		}
		for i := 1; i < len(top); i++ {
			if solver.RuleScore(s, r, top[i].Utilities, ideal) > solver.RuleScore(s, r, top[i-1].Utilities, ideal) {
				t.Errorf("%v: point %d scores above point %d", r, i, i-1)
			}
		}
		if b := solver.BestPoint(s, pts, r, ideal); b == nil || b.Package.String() != top[0].Package.String() {
			t.Errorf("%v: Best %v is not TopK's first %v", r, b, top[0].Package)
		}
		if got := solver.TopK(s, pts, r, ideal, 2); len(got) != 2 {
			t.Errorf("%v: TopK(2) returned %d points", r, len(got))
		}
	}
}
