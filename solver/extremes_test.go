package solver_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver"
)

// Int issues with levels anywhere in the int64 range and comparisons with
// extreme coefficients and constants: every space the validator accepts
// compiles, and its agreeable packages and ZOPA equal brute force; every
// space it rejects is rejected with a located error.
func TestExtremeIntegersDifferential(t *testing.T) {
	ends := []int64{math.MinInt64, math.MinInt64 + 1, -5e18, -1 << 62, -7, -1, 0, 1, 3, 1 << 62, 5e18, math.MaxInt64 - 1, math.MaxInt64}
	r := rand.New(rand.NewPCG(5, 6))
	val := func() int64 {
		if r.IntN(2) == 0 {
			return ends[r.IntN(len(ends))]
		}
		return int64(r.IntN(11) - 5)
	}
	ctx := context.Background()
	accepted, rejected := 0, 0
	for seed := range 400 {
		var issues []string
		ids := []string{"n", "m", "k"}[:1+r.IntN(3)]
		for _, id := range ids {
			if r.IntN(3) == 0 {
				lo := val()
				step := int64(5e18)
				if r.IntN(2) == 0 {
					step = int64(1 + r.IntN(3))
				}
				hi := lo
				for range r.IntN(3) {
					if hi+step > hi {
						hi += step
					}
				}
				issues = append(issues, fmt.Sprintf(`{"id":%q,"type":"int","min":%d,"max":%d,"step":%d}`, id, lo, hi, step))
				continue
			}
			vals := []string{}
			seen := map[int64]bool{}
			for range 1 + r.IntN(3) {
				if x := val(); !seen[x] {
					seen[x] = true
					vals = append(vals, fmt.Sprint(x))
				}
			}
			issues = append(issues, fmt.Sprintf(`{"id":%q,"type":"int","values":[%s]}`, id, strings.Join(vals, ",")))
		}
		side := func() string {
			var parts []string
			for range r.IntN(3) {
				c := int64(r.IntN(5) - 2)
				if r.IntN(5) == 0 {
					c = val()
				}
				if c == math.MinInt64 {
					c++ // a literal -9223372036854775808 * n parses as -(…) and overflows
				}
				parts = append(parts, fmt.Sprintf("%d*%s", c, ids[r.IntN(len(ids))]))
			}
			parts = append(parts, fmt.Sprint(val()))
			return strings.Join(parts, " + ")
		}
		ops := []string{"==", "!=", "<", "<=", ">", ">="}
		var lines []string
		for i := range 1 + r.IntN(2) {
			lines = append(lines, fmt.Sprintf(`{"id":"r%d","require":%q}`, i, side()+" "+ops[r.IntN(len(ops))]+" "+side()))
		}
		doc := fmt.Sprintf(`{"name":"t","issues":[%s],"parties":[{"id":"a","red_lines":[%s]}]}`, strings.Join(issues, ","), strings.Join(lines, ","))
		s, err := model.Decode(strings.NewReader(doc))
		if err != nil {
			for _, e := range err.(model.ErrorList) {
				if e.Path == "" || (strings.Contains(e.Msg, "overflow") && e.Col == 0) {
					t.Fatalf("seed %d: unlocated error %v\n%s", seed, e, doc)
				}
			}
			rejected++
			continue
		}
		accepted++
		o := newOracle(t, s)
		for _, enc := range encodings {
			p, err := solver.Compile(ctx, s, enc.settings)
			if err != nil {
				t.Fatalf("seed %d (%s): Compile: %v\n%s", seed, enc.name, err, doc)
			}
			var got []string
			pkgs := p.Packages(ctx)
			for pkg := range pkgs.All() {
				for _, q := range allPackages(s) {
					if extends(q, pkg) {
						got = append(got, q.String())
					}
				}
			}
			if err := pkgs.Err(); err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			slices.Sort(got)
			if diff := cmp.Diff(o.agreeable(), got); diff != "" {
				t.Fatalf("seed %d (%s): agreeable packages (-brute +solver):\n%s\n%s", seed, enc.name, diff, doc)
			}
			zopa, err := p.ZOPA(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range ids {
				var lo, hi int64 = math.MaxInt64, math.MinInt64
				for _, k := range o.agreeable() {
					for _, q := range o.pkgs {
						if q.String() == k {
							lo, hi = min(lo, q[id].Int()), max(hi, q[id].Int())
						}
					}
				}
				if rg, ok := zopa[id]; len(got) > 0 && (!ok || rg.Min != lo || rg.Max != hi) {
					t.Fatalf("seed %d (%s): ZOPA of %s = %+v, want %d..%d\n%s", seed, enc.name, id, rg, lo, hi, doc)
				}
			}
		}
	}
	if accepted < 100 || rejected < 20 {
		t.Errorf("%d accepted, %d rejected: the generator is off", accepted, rejected)
	}
}

// The reproducers of issue 15: steps of 5e18 across zero with n > 0, and
// the least int64 as a level with n <= 0, are analysed correctly.
func TestExtremeLevelsReproducers(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		doc   string
		count int64
		audit bool // the proposal's verdict
	}{
		{`{"name":"t","issues":[{"id":"n","type":"int","min":-5000000000000000000,"max":5000000000000000000,"step":5000000000000000000}],
		   "parties":[{"id":"a","red_lines":[{"id":"r","require":"n > 0"}]}],
		   "proposals":[{"id":"p","package":{"n":5000000000000000000}}]}`, 1, true},
		{`{"name":"t","issues":[{"id":"n","type":"int","values":[-9223372036854775808,0]}],
		   "parties":[{"id":"a","red_lines":[{"id":"r","require":"n <= 0"}]}],
		   "proposals":[{"id":"p","package":{"n":-9223372036854775808}}]}`, 2, true},
		{`{"name":"t","issues":[{"id":"n","type":"int","values":[-9223372036854775808,0]}],
		   "parties":[{"id":"a","red_lines":[{"id":"r","require":"n < -9223372036854775807"}]}],
		   "proposals":[{"id":"p","package":{"n":0}}]}`, 1, false},
	} {
		s, p := compileDoc(t, c.doc)
		n, exact, err := p.Count(ctx, 100)
		if err != nil || n != c.count || !exact {
			t.Errorf("%s: count %d (exact %v, %v), want %d", s.Parties[0].RedLines[0].Require, n, exact, err, c.count)
		}
		a, err := p.Audit(ctx, s.Proposals[0].Package)
		if err != nil || a.Agreeable != c.audit {
			t.Errorf("audit: %+v, %v; want agreeable %v", a, err, c.audit)
		}
	}
}
