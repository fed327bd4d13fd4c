package solver_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver"
)

// valueEq compares model values (comparable, with unexported fields).
var valueEq = cmp.Comparer(func(a, b model.Value) bool { return a == b })

// decode decodes a scenario written in JSON, failing the test on error.
func decode(t testing.TB, doc string) *model.Space {
	t.Helper()
	s, err := model.Decode(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("decode: %v\n%s", err, doc)
	}
	return s
}

// ints returns n int issues x0… of min..max as JSON.
func ints(n int, min, max int64) string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf(`{"id":"x%d","type":"int","min":%d,"max":%d}`, i, min, max))
	}
	return strings.Join(out, ",")
}

// choose returns n choose k.
func choose(n, k int64) int64 {
	c := int64(1)
	for i := int64(0); i < k; i++ {
		c = c * (n - i) / (i + 1)
	}
	return c
}

// The solver-side reproducers of issue 15: wide domains compile to a size
// that grows with their bits, and counting, the ZOPA and the optima answer
// with a handful of SAT calls where the old encodings needed one per level
// or per package. SAT calls and instance sizes stand for time and memory.
func TestHostileReproducers(t *testing.T) {
	ctx := context.Background()
	size := func(p *solver.Problem) int { st := p.Stats(); return st.Vars + st.Clauses }

	t.Run("200 int issues of 0..99999", func(t *testing.T) {
		s := decode(t, `{"name":"wide","issues":[`+ints(200, 0, 99999)+`]}`)
		p, err := solver.Compile(ctx, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		if n := size(p); n > 20_000 { // 17 bits each, not 100,000 levels
			t.Errorf("instance size %d", n)
		}
		n, exact, err := p.Count(ctx, 1_000_000)
		if err != nil || exact || n != 1_000_000 {
			t.Errorf("Count = %d, %v, %v; want the limit, inexact", n, exact, err)
		}
		z, err := p.ZOPA(ctx)
		if err != nil || len(z) != 200 || z["x7"].Min != 0 || z["x7"].Max != 99999 {
			t.Errorf("ZOPA = %v, %v", z["x7"], err)
		}
		if calls := p.Stats().SATCalls; calls > 10 {
			t.Errorf("%d SAT calls", calls)
		}
	})

	t.Run("x + y <= 100000 over 0..99999", func(t *testing.T) {
		s := decode(t, `{"name":"xy","issues":[`+ints(2, 0, 99999)+`],"rules":[{"id":"r","require":"x0 + x1 <= 100000"}],
			"proposals":[{"id":"a","package":{"x0":99999,"x1":2}},{"id":"b","package":{"x0":50000}}]}`)
		p, err := solver.Compile(ctx, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		if n := size(p); n > 5_000 {
			t.Errorf("instance size %d", n)
		}
		z, err := p.ZOPA(ctx)
		if err != nil || z["x0"].Min != 0 || z["x0"].Max != 99999 {
			t.Errorf("ZOPA = %v, %v", z, err)
		}
		if n, exact, err := p.Count(ctx, 1_000_000); err != nil || exact || n != 1_000_000 {
			t.Errorf("Count = %d, %v, %v; want the limit", n, exact, err)
		}
		// Exactly on smaller domains: 1000 * 1000 packages, minus those
		// with x0 + x1 > 1000: the sum over x0 of max(0, x0 - 1).
		small, err := solver.Compile(ctx, decode(t, `{"name":"xy","issues":[`+ints(2, 0, 999)+`],"rules":[{"id":"r","require":"x0 + x1 <= 1000"}]}`), nil)
		if err != nil {
			t.Fatal(err)
		}
		want := int64(1000)*1000 - int64(998)*999/2
		if n, exact, err := small.Count(ctx, 0); err != nil || !exact || n != want {
			t.Errorf("Count = %d, %v, %v; want %d", n, exact, err, want)
		}
		for i, want := range []bool{false, true} {
			a, err := p.Audit(ctx, s.Proposals[i].Package)
			if err != nil || a.Agreeable != want {
				t.Errorf("Audit(%s) = %+v, %v; want agreeable %v", s.Proposals[i].ID, a, err, want)
			}
		}
		if calls := p.Stats().SATCalls; calls > 20_000 {
			t.Errorf("%d SAT calls", calls)
		}
	})

	t.Run("x0+…+x39 <= 3", func(t *testing.T) {
		var sum, vars []string
		var bools []string
		for i := range 40 {
			sum = append(sum, fmt.Sprintf("x%d", i))
			vars = append(vars, fmt.Sprintf("b%d", i))
			bools = append(bools, fmt.Sprintf(`{"id":"b%d","type":"bool"}`, i))
		}
		want := choose(40, 0) + choose(40, 1) + choose(40, 2) + choose(40, 3)
		for _, doc := range []string{
			`{"name":"sum","issues":[` + ints(40, 0, 1) + `],"rules":[{"id":"r","require":"` + strings.Join(sum, " + ") + ` <= 3"}]}`,
			`{"name":"card","issues":[` + strings.Join(bools, ",") + `],"rules":[{"id":"r","require":"atMost(3, ` + strings.Join(vars, ", ") + `)"}]}`,
		} {
			// Without certification: this is about the boxes
			// (TestCertifiedCardinalityCount certifies the same counts).
			p, err := solver.Compile(ctx, decode(t, doc), &solver.Settings{SkipCertification: true})
			if err != nil {
				t.Fatal(err)
			}
			n, exact, err := p.Count(ctx, 0)
			if err != nil || !exact || n != want {
				t.Errorf("Count = %d, %v, %v; want %d", n, exact, err, want)
			}
			// One box per 3-subset at best: C(40,3) = 9880.
			if calls := p.Stats().SATCalls; calls > 12_000 {
				t.Errorf("%d SAT calls", calls)
			}
		}
	})

	t.Run("250 issues, count limited", func(t *testing.T) {
		var sum []string
		for i := range 250 {
			sum = append(sum, fmt.Sprintf("x%d", i))
		}
		p, err := solver.Compile(ctx, decode(t, `{"name":"sum","issues":[`+ints(250, 0, 1)+`],"rules":[{"id":"r","require":"`+strings.Join(sum, " + ")+` <= 3"}]}`), nil)
		if err != nil {
			t.Fatal(err)
		}
		n, exact, err := p.Count(ctx, 300)
		if err != nil || exact || n != 300 {
			t.Errorf("Count = %d, %v, %v; want the limit", n, exact, err)
		}
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, _, err := p.Count(cctx, 0); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled Count: %v", err)
		}
	})

	t.Run(`100,000 options and c != "o5"`, func(t *testing.T) {
		opts := make([]string, 100_000)
		for i := range opts {
			opts[i] = fmt.Sprintf(`"o%d"`, i)
		}
		s := decode(t, `{"name":"c","issues":[{"id":"c","type":"choice","options":[`+strings.Join(opts, ",")+`]}],
			"parties":[{"id":"a","red_lines":[{"id":"r","require":"c != \"o5\""}],
			"preferences":[{"issue":"c","weight":1,"values":{"o7":1}}]}]}`)
		p, err := solver.Compile(ctx, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		if n := size(p); n > 1_000 {
			t.Errorf("instance size %d", n)
		}
		if n, exact, err := p.Count(ctx, 0); err != nil || !exact || n != 99_999 {
			t.Errorf("Count = %d, %v, %v", n, exact, err)
		}
		z, err := p.ZOPA(ctx)
		if err != nil || len(z["c"].Values) != 99_999 || z["c"].Values[5] != model.OptionValue("o6") {
			t.Errorf("ZOPA: %d values, %v", len(z["c"].Values), err)
		}
		u, err := p.Utilitarian(ctx)
		if err != nil || u.Package["c"] != model.OptionValue("o7") {
			t.Errorf("Utilitarian = %v, %v", u, err)
		}
		if calls := p.Stats().SATCalls; calls > 50 {
			t.Errorf("%d SAT calls", calls)
		}
	})
}

// Domains wider than the order encoding's limit, with linear comparisons
// of assorted coefficients, compared with brute force: the default
// settings give them the binary encoding, and small ones are also checked
// with the binary encoding forced.
func TestWideDomainsDifferential(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(15, 1))
	ops := []string{"==", "!=", "<", "<=", ">", ">="}
	for seed := range 24 {
		wide := seed%2 == 0
		var issues []string
		n := 2 + r.IntN(2)
		ids := []string{"x", "y", "z"}[:n]
		for _, id := range ids {
			lo := int64(r.IntN(200) - 100)
			step := int64(1 + r.IntN(3))
			levels := int64(2 + r.IntN(9))
			if wide {
				levels = 257 + int64(r.IntN(40))
				if n == 3 {
					levels = 8 + int64(r.IntN(8))
				}
			}
			issues = append(issues, fmt.Sprintf(`{"id":%q,"type":"int","min":%d,"max":%d,"step":%d}`, id, lo, lo+(levels-1)*step, step))
		}
		if wide && n == 3 { // one wide issue with two narrow ones
			issues[0] = `{"id":"x","type":"int","min":-300,"max":300}`
		}
		side := func() string {
			var parts []string
			for range 1 + r.IntN(3) {
				parts = append(parts, fmt.Sprintf("%d*%s", r.IntN(41)-20, ids[r.IntN(n)]))
			}
			return strings.Join(parts, " + ")
		}
		var lines []string
		for i := range 1 + r.IntN(3) {
			lines = append(lines, fmt.Sprintf(`{"id":"r%d","require":"%s %s %d"}`, i, side(), ops[r.IntN(len(ops))], r.IntN(4001)-2000))
		}
		doc := fmt.Sprintf(`{"name":"w","issues":[%s],"parties":[{"id":"a","red_lines":[%s],
			"preferences":[{"issue":"x","weight":1,"points":[[-50,0],[50,1]]}]}]}`, strings.Join(issues, ","), strings.Join(lines, ","))
		s := decode(t, doc)
		o := newOracle(t, s)
		want := o.agreeable()
		for _, enc := range encodings {
			name := fmt.Sprintf("seed %d (%s)", seed, enc.name)
			p, err := solver.Compile(ctx, s, enc.settings)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if n, exact, err := p.Count(ctx, 0); err != nil || !exact || n != int64(len(want)) {
				t.Fatalf("%s: Count = %d, %v, %v; want %d\n%s", name, n, exact, err, len(want), doc)
			}
			z, err := p.ZOPA(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 {
				if z != nil {
					t.Fatalf("%s: ZOPA of an infeasible space: %v", name, z)
				}
				continue
			}
			for _, id := range ids {
				lo, hi := int64(1<<62), int64(-1<<62)
				for _, pkg := range o.pkgs {
					if o.verdicts[pkg.String()].Agreeable {
						lo, hi = min(lo, pkg[id].Int()), max(hi, pkg[id].Int())
					}
				}
				if z[id].Min != lo || z[id].Max != hi {
					t.Fatalf("%s: ZOPA of %s = %d..%d, want %d..%d\n%s", name, id, z[id].Min, z[id].Max, lo, hi, doc)
				}
			}
			u, err := p.Utilitarian(ctx)
			if err != nil {
				t.Fatalf("%s: Utilitarian: %v", name, err)
			}
			best := -1.0
			for _, pkg := range o.pkgs {
				if v := o.verdicts[pkg.String()]; v.Agreeable {
					best = max(best, v.Utilities["a"])
				}
			}
			if d := u.Score - best; d > 1e-9 || d < -1e-9 {
				t.Fatalf("%s: utilitarian %v, want %v\n%s", name, u.Score, best, doc)
			}
		}
	}
}

// The size budget: a part that would exceed it is refused before it is
// built, with a typed error that names it; queries that build later (the
// utilities) are refused the same way and leave the Problem usable.
func TestSizeBudget(t *testing.T) {
	ctx := context.Background()
	opts := make([]string, 300)
	for i := range opts {
		opts[i] = fmt.Sprintf(`"o%d"`, i)
	}
	cases := []struct {
		name, doc, path string
		budget          int64
	}{
		{"issue", `{"name":"t","issues":[{"id":"b","type":"bool"},{"id":"c","type":"choice","options":[` + strings.Join(opts[:200], ",") + `]}]}`, "issues[1]", 100},
		{"red line", `{"name":"t","issues":[` + ints(6, 0, 9) + `],"parties":[{"id":"a","red_lines":[{"id":"r","require":"x0"}]},
			{"id":"b","red_lines":[{"id":"ok","require":"x0 <= 3"},{"id":"big","require":"3*x0 + 500*x1 - 70001*x2 + 1100*x3 - 130001*x4 + 1700003*x5 != 20"}]}]}`, "parties[1].red_lines[1]", 5000},
	}
	for _, tc := range cases {
		doc := strings.Replace(tc.doc, `"require":"x0"}`, `"require":"x0 >= 1"}`, 1)
		s := decode(t, doc)
		_, err := solver.Compile(ctx, s, &solver.Settings{MaxSize: tc.budget})
		var se *solver.SizeError
		if !errors.As(err, &se) || se.Path != tc.path || se.Budget != tc.budget || se.Size <= 0 || !strings.Contains(err.Error(), tc.path) {
			t.Errorf("%s: err = %v (%#v); want a SizeError at %s", tc.name, err, se, tc.path)
		}
		if _, err := solver.Compile(ctx, s, &solver.Settings{MaxSize: -1}); err != nil {
			t.Errorf("%s: no limit: %v", tc.name, err)
		}
	}

	// Utilities are built by the first query that needs them: here a
	// values preference over a wide choice issue, one value per option.
	vals := make([]string, 299)
	for i := range vals {
		vals[i] = fmt.Sprintf(`"o%d":%g`, i+1, float64(i+1)/1000)
	}
	s := decode(t, `{"name":"t","issues":[`+ints(1, 0, 99999)+`,{"id":"c","type":"choice","options":[`+strings.Join(opts, ",")+`]}],
		"parties":[{"id":"a","red_lines":[{"id":"r","require":"x0 <= 50000"}],
		"preferences":[{"issue":"c","weight":1,"values":{`+strings.Join(vals, ",")+`}}]}]}`)
	p, err := solver.Compile(ctx, s, &solver.Settings{MaxSize: 5_000})
	if err != nil {
		t.Fatal(err)
	}
	var se *solver.SizeError
	if _, err := p.Utilitarian(ctx); !errors.As(err, &se) || se.Path != "parties[0].preferences[0]" {
		t.Errorf("Utilitarian: %v; want a SizeError at parties[0].preferences[0]", err)
	}
	if _, err := p.Utilitarian(ctx); !errors.As(err, &se) {
		t.Errorf("Utilitarian again: %v", err)
	}
	if z, err := p.ZOPA(ctx); err != nil || z["x0"].Max != 50000 {
		t.Errorf("ZOPA after a refused query = %v, %v", z, err)
	}
}

// Several goroutines query one Problem, and what-if variants of it, at
// once; every answer equals the one a sequential run gives. Run with -race.
func TestConcurrentUse(t *testing.T) {
	ctx := context.Background()
	feasible := genSpace(t, 7, true)
	infeasible := genSpace(t, 8, false)
	type answers struct {
		Feasible  bool
		Count     int64
		ZOPA      map[string]solver.Range
		Util, Ega float64
		Frontier  []map[string]float64
		Audits    []bool
		Cheapest  float64
		Conflicts int
		WhatIf    bool
	}
	run := func(p *solver.Problem, s *model.Space, order int) answers {
		var a answers
		steps := []func(){
			func() { _, a.Feasible, _ = p.Feasible(ctx) },
			func() { a.Count, _, _ = p.Count(ctx, 5000) },
			func() { a.ZOPA, _ = p.ZOPA(ctx) },
			func() {
				if u, err := p.Utilitarian(ctx); err == nil && u != nil {
					a.Util = u.Score
				}
				if e, err := p.Egalitarian(ctx); err == nil && e != nil {
					a.Ega = e.Score
				}
			},
			func() {
				for pt := range p.Frontier(ctx).Points() {
					a.Frontier = append(a.Frontier, pt.Utilities)
					p.Feasible(ctx) // a query inside the range
				}
			},
			func() {
				for _, pr := range s.Proposals {
					au, _ := p.Audit(ctx, pr.Package)
					a.Audits = append(a.Audits, au != nil && au.Agreeable)
				}
			},
			func() {
				if o, err := p.CheapestConcession(ctx, solver.Scope{}); err == nil && o != nil {
					a.Cheapest = o.Cost
				}
				f := p.Findings(ctx, solver.Scope{})
				for range f.All() {
					a.Conflicts++
				}
			},
			func() {
				w := p.WhatIf()
				is := s.Issues[0]
				if err := w.Fix(is.ID, is.Domain()[0]); err == nil {
					_, a.WhatIf, _ = w.Feasible(ctx)
				}
			},
		}
		for i := range steps {
			steps[(i+order)%len(steps)]()
		}
		return a
	}
	for _, s := range []*model.Space{feasible, infeasible} {
		ref, err := solver.Compile(ctx, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := run(ref, s, 0)
		p, err := solver.Compile(ctx, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		const workers = 4
		got := make([]answers, workers)
		done := make(chan int)
		for g := range workers {
			go func() {
				got[g] = run(p, s, g)
				done <- g
			}()
		}
		for range workers {
			<-done
		}
		for g := range workers {
			if diff := cmp.Diff(want, got[g], valueEq); diff != "" {
				t.Errorf("%s, goroutine %d (-sequential +concurrent):\n%s", s.Name, g, diff)
			}
		}
	}
}

// A query cancelled part way leaves nothing behind: afterwards every query
// answers as on a freshly compiled Problem.
func TestNoPoisonAfterCancel(t *testing.T) {
	s := genSpace(t, 11, true)
	fresh, err := solver.Compile(context.Background(), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	check := func(p *solver.Problem, name string) {
		ctx := context.Background()
		n1, e1, err1 := p.Count(ctx, 0)
		n2, e2, err2 := fresh.Count(ctx, 0)
		z1, _ := p.ZOPA(ctx)
		z2, _ := fresh.ZOPA(ctx)
		u1, _ := p.Utilitarian(ctx)
		u2, _ := fresh.Utilitarian(ctx)
		var f1, f2 int
		for range p.Frontier(ctx).Points() {
			f1++
		}
		for range fresh.Frontier(ctx).Points() {
			f2++
		}
		if n1 != n2 || e1 != e2 || err1 != nil || err2 != nil || !cmp.Equal(z1, z2, valueEq) || u1.Score != u2.Score || f1 != f2 {
			t.Errorf("after cancelling %s: count %d/%d, ZOPA equal %v, utilitarian %v/%v, frontier %d/%d",
				name, n1, n2, cmp.Equal(z1, z2, valueEq), u1.Score, u2.Score, f1, f2)
		}
	}
	queries := map[string]func(ctx context.Context, p *solver.Problem){
		"Count": func(ctx context.Context, p *solver.Problem) { p.Count(ctx, 0) },
		"ZOPA":  func(ctx context.Context, p *solver.Problem) { p.ZOPA(ctx) },
		"Frontier": func(ctx context.Context, p *solver.Problem) {
			for range p.Frontier(ctx).Points() {
			}
		},
		"Egalitarian": func(ctx context.Context, p *solver.Problem) {
			p.Egalitarian(ctx)
		},
		"Packages": func(ctx context.Context, p *solver.Problem) {
			for range p.Packages(ctx).All() {
			}
		},
	}
	for name, q := range queries {
		for _, after := range []time.Duration{0, 50 * time.Microsecond, 300 * time.Microsecond, time.Millisecond, 5 * time.Millisecond} {
			p, err := solver.Compile(context.Background(), s, nil)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), after)
			q(ctx, p)
			cancel()
			check(p, fmt.Sprintf("%s after %v", name, after))
		}
	}
}

// genSpace is a generated space with preferences, proposals and
// reservations, feasible or not.
func genSpace(t *testing.T, seed int64, feasible bool) *model.Space {
	t.Helper()
	o := genOptions(seed)
	o.Issues, o.Parties, o.PreferencesPerParty, o.Proposals, o.RedLinesPerParty = 6, 3, 3, 3, 2
	o.Feasible = feasible
	for k := int64(0); ; k++ {
		o.Seed = seed*1000 + k
		s := scenarios.Generate(o)
		if !feasible {
			s = scenarios.GenerateInfeasible(o, 2)
		}
		p, err := solver.Compile(context.Background(), s, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := p.Feasible(context.Background()); ok == feasible {
			return s
		}
	}
}

// Count is exact when the agreeable packages number exactly the limit, and
// inexact (the limit) only when there are more (oracle finding C1).
func TestCountExactAtLimit(t *testing.T) {
	ctx := context.Background()
	// 3 * 4 packages of which x + y <= 2 leaves 6.
	s := decode(t, `{"name":"c","issues":[{"id":"x","type":"int","min":0,"max":2},{"id":"y","type":"int","min":0,"max":3}],
		"rules":[{"id":"r","require":"x + y <= 2"}]}`)
	want := int64(len(newOracle(t, s).agreeable()))
	p, err := solver.Compile(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		limit, n int64
		exact    bool
	}{{want - 1, want - 1, false}, {want, want, true}, {want + 1, want, true}, {1, 1, false}, {0, want, true}} {
		n, exact, err := p.Count(ctx, c.limit)
		if err != nil || n != c.n || exact != c.exact {
			t.Errorf("Count(limit %d) = %d, %v, %v; want %d, %v", c.limit, n, exact, err, c.n, c.exact)
		}
	}
	one := decode(t, `{"name":"one","issues":[{"id":"x","type":"int","min":0,"max":5}],"rules":[{"id":"r","require":"x == 3"}]}`)
	if p, err = solver.Compile(ctx, one, nil); err != nil {
		t.Fatal(err)
	}
	if n, exact, err := p.Count(ctx, 1); err != nil || n != 1 || !exact {
		t.Errorf("one package, limit 1: Count = %d, %v, %v; want 1, true", n, exact, err)
	}
}

// Points preferences over wide int domains (issue 15: 200 issues of
// 0..99999, two parties with a two-point preference each) compile by
// segments within the default size budget, and their optima are exact:
// under x0 + x1 <= 100000 with utilities x0/99999 and x1/99999, the
// greatest sum is 1 + 1/99999 (wherever x0 + x1 = 100000) and the egalitarian
// optimum 50000/99999. (Certification is off: the certifier's proof that
// no sum is greater is a hard instance for it on these domains.)
func TestWidePoints(t *testing.T) {
	ctx := context.Background()
	s := decode(t, `{"name":"wide","issues":[`+ints(200, 0, 99999)+`],"rules":[{"id":"cap","require":"x0 + x1 <= 100000"}],
		"parties":[{"id":"a","preferences":[{"issue":"x0","weight":1,"points":[[0,0],[99999,1]]}]},
		{"id":"b","preferences":[{"issue":"x1","weight":1,"points":[[0,0],[99999,1]]}]}]}`)
	p, err := solver.Compile(ctx, s, &solver.Settings{SkipCertification: true})
	if err != nil {
		t.Fatal(err)
	}
	u, err := p.Utilitarian(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 + 1/99999.0; math.Abs(u.Score-want) > 1e-12 || u.Package["x0"].Int()+u.Package["x1"].Int() != 100000 {
		t.Errorf("utilitarian %v at x0 = %v, x1 = %v; want %v where x0 + x1 = 100000", u.Score, u.Package["x0"], u.Package["x1"], want)
	}
	e, err := p.Egalitarian(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := 50000 / 99999.0; math.Abs(e.Score-want) > 1e-12 {
		t.Errorf("egalitarian %v at x0 = %v, x1 = %v; want %v", e.Score, e.Package["x0"], e.Package["x1"], want)
	}
	if !p.Precision().Exact {
		t.Errorf("precision %+v; want exact", p.Precision())
	}
}
