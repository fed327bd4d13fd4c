package solver_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver"
)

// cardSpace returns n bool issues b0… and one rule, a cardinality op(k, b0,
// …) or (sum) the linear form b0 + … op k over int issues of 0..1.
func cardSpace(t testing.TB, n int, op string, k int) *model.Space {
	var vars, issues []string
	for i := range n {
		vars = append(vars, fmt.Sprintf("b%d", i))
		if strings.HasPrefix(op, "sum") {
			issues = append(issues, fmt.Sprintf(`{"id":"b%d","type":"int","min":0,"max":1}`, i))
		} else {
			issues = append(issues, fmt.Sprintf(`{"id":"b%d","type":"bool"}`, i))
		}
	}
	rule := fmt.Sprintf("%s(%d, %s)", op, k, strings.Join(vars, ", "))
	if cmp, ok := strings.CutPrefix(op, "sum"); ok {
		rule = fmt.Sprintf("%s %s %d", strings.Join(vars, " + "), cmp, k)
	}
	return decode(t, `{"name":"card","issues":[`+strings.Join(issues, ",")+`],"rules":[{"id":"r","require":"`+rule+`"}]}`)
}

// TestCertifiedCardinalityCount counts spaces of the shape of issue 15's
// reproducer (40 bool issues, one rule x0 + … + x39 <= 3) with
// certification on: the counts match the binomial sums, and the certificate
// of the enumeration's thousands of boxes and tens of thousands of empty
// regions is obtained by the model's evaluator, without a search on the
// second encoding (a handful of SAT calls at most, where batches of
// regions took seconds each).
func TestCertifiedCardinalityCount(t *testing.T) {
	ctx := context.Background()
	binom := func(n, lo, hi int) int64 {
		s := int64(0)
		for j := max(lo, 0); j <= min(hi, n); j++ {
			s += choose(int64(n), int64(j))
		}
		return s
	}
	n, m := 40, 30 // the reproducer's size, and a smaller one for the other shapes
	if short() {
		n, m = 24, 16
	}
	for _, c := range []struct {
		n      int
		op     string
		k      int
		lo, hi int // the numbers of true issues allowed
	}{
		{n, "atMost", 3, 0, 3}, {n, "sum<=", 3, 0, 3}, {m, "exactly", 3, 3, 3}, {m, "atLeast", m - 3, m - 3, m}, {m, "sum>=", m - 2, m - 2, m},
	} {
		t.Run(fmt.Sprintf("n=%d/%s/%d", c.n, c.op, c.k), func(t *testing.T) {
			p, err := solver.Compile(ctx, cardSpace(t, c.n, c.op, c.k), nil)
			if err != nil {
				t.Fatal(err)
			}
			if !p.Certified() {
				t.Fatal("certification is off by default")
			}
			got, exact, err := p.Count(ctx, 0)
			if want := binom(c.n, c.lo, c.hi); err != nil || !exact || got != want {
				t.Errorf("Count = %d, %v, %v; want %d", got, exact, err, want)
			}
			st := p.Stats()
			if st.Certificates == 0 || st.CertSATCalls > 4 {
				t.Errorf("%d certificates, %d SAT calls on the second encoding; want some, at most 4", st.Certificates, st.CertSATCalls)
			}
		})
	}
}

// TestCertifiedCardinalityBruteForce counts random small spaces of bool
// issues with a few cardinality and linear rules, certified, against
// exhaustive enumeration with the model's evaluator.
func TestCertifiedCardinalityBruteForce(t *testing.T) {
	ctx := context.Background()
	ops := []string{"atMost", "atLeast", "exactly"}
	for seed := range 40 {
		r := rand.New(rand.NewPCG(uint64(seed), 15))
		n := 6 + r.IntN(7)
		var issues, rules []string
		for i := range n {
			issues = append(issues, fmt.Sprintf(`{"id":"b%d","type":"bool"}`, i))
		}
		for k := range 1 + r.IntN(3) {
			var vars []string
			for _, i := range r.Perm(n)[:2+r.IntN(n-1)] {
				v := fmt.Sprintf("b%d", i)
				if r.IntN(4) == 0 {
					v = "!" + v
				}
				vars = append(vars, v)
			}
			rules = append(rules, fmt.Sprintf(`{"id":"r%d","require":"%s(%d, %s)"}`, k, ops[r.IntN(3)], r.IntN(len(vars)+1), strings.Join(vars, ", ")))
		}
		s := decode(t, `{"name":"card","issues":[`+strings.Join(issues, ",")+`],"rules":[`+strings.Join(rules, ",")+`]}`)
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			want := int64(0)
			for bits := range 1 << n {
				pkg := model.Package{}
				for i := range n {
					pkg[fmt.Sprintf("b%d", i)] = model.BoolValue(bits>>i&1 == 1)
				}
				ok := true
				for i := range s.Rules {
					b, err := s.Eval(s.Rules[i].Require, pkg)
					ok = ok && err == nil && b
				}
				if ok {
					want++
				}
			}
			p, err := solver.Compile(ctx, s, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, exact, err := p.Count(ctx, 0)
			if err != nil || !exact || got != want {
				t.Errorf("Count = %d, %v, %v; want %d (rules %v)", got, exact, err, want, rules)
			}
		})
	}
}
