package scale

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zopa-go/zopa/internal/decimal"
)

func TestDecimal(t *testing.T) {
	for _, tc := range []struct {
		why   string
		xs    []float64
		limit int64
		want  []int64
		exp   int
		ok    bool
	}{
		{"integers need no scale", []float64{1, 2, 30}, 1 << 40, []int64{1, 2, 30}, 0, true},
		{"tenths are tenths, not binary fractions", []float64{0.1, 0.25, 3}, 1 << 40, []int64{10, 25, 300}, 2, true},
		{"sixteen significant digits fit alone", []float64{0.1234567890123456}, math.MaxInt64, []int64{1234567890123456}, 16, true},
		{"the sum must fit too", []float64{0.6, 0.6}, 11, nil, 0, false},
		{"negative numbers are refused", []float64{-1}, 100, nil, 0, false},
		{"tiny numbers do not fit", []float64{1e-300}, math.MaxInt64, nil, 0, false},
	} {
		n, exp, ok := Decimal(tc.xs, tc.limit)
		if ok != tc.ok || (ok && (exp != tc.exp || !cmp.Equal(n, tc.want))) {
			t.Errorf("%s: Decimal(%v) = %v, %d, %v; want %v, %d, %v", tc.why, tc.xs, n, exp, ok, tc.want, tc.exp, tc.ok)
		}
	}
}

// TestDecimalExact checks n / 10^exp against the exact rational value of
// the shortest decimal of each random input.
func TestDecimalExact(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		xs := make([]float64, 1+r.IntN(5))
		for i := range xs {
			xs[i] = float64(r.IntN(100000)) / math.Pow10(r.IntN(6))
		}
		n, exp, ok := Decimal(xs, math.MaxInt64)
		if !ok {
			t.Fatalf("Decimal(%v) refused", xs)
		}
		for i, x := range xs {
			got := new(big.Rat).SetFrac(big.NewInt(n[i]), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(exp)), nil))
			want, _ := new(big.Rat).SetString(big.NewFloat(x).Text('g', -1))
			if f, _ := got.Float64(); f != x {
				t.Fatalf("Decimal(%v)[%d] = %v/10^%d = %v, want %v", xs, i, n[i], exp, got, want)
			}
		}
	}
}

func TestFixed(t *testing.T) {
	xs := []float64{0.1234567890123456, 0.3333333333333333, 2.5}
	n, k := Fixed(xs, 1<<62)
	var sum int64
	for i, x := range xs {
		if d := math.Abs(math.Ldexp(float64(n[i]), -k) - x); d > math.Ldexp(1, -k-1)*(1+1e-9) {
			t.Errorf("Fixed: item %d off by %g, bound %g", i, d, math.Ldexp(1, -k-1))
		}
		sum += n[i]
	}
	if sum > 1<<62 || k < 55 {
		t.Errorf("Fixed: sum %d with k=%d, want the largest scale under 2^62", sum, k)
	}
}

func TestScaleGroups(t *testing.T) {
	r := func(s string) *big.Rat { x, _ := new(big.Rat).SetString(s); return x }
	// Thirds and tenths share the denominator 30.
	g := ScaleGroups([][]*big.Rat{{r("0"), r("1/3")}, {r("0.1"), r("0.5")}}, 1<<62)
	if !g.Exact || !cmp.Equal(g.N, [][]int64{{0, 10}, {3, 15}}) || g.Unit != 1.0/30 {
		t.Errorf("ScaleGroups exact = %+v", g)
	}
	// Two parties' sixteen-digit weights, each divided by its own
	// seventeen-digit sum, need a common denominator near 10^32.
	var vals [][]*big.Rat
	for _, w := range [][]*big.Rat{
		{decimal.Rat(0.1234567890123456), decimal.Rat(0.8765432109876543), decimal.Rat(0.3333333333333333)},
		{decimal.Rat(0.2718281828459045), decimal.Rat(0.3141592653589793)},
	} {
		sum := new(big.Rat)
		for _, x := range w {
			sum.Add(sum, x)
		}
		for _, x := range w {
			vals = append(vals, []*big.Rat{new(big.Rat), new(big.Rat).Quo(x, sum)})
		}
	}
	g = ScaleGroups(vals, 1<<62)
	if g.Exact || g.Error > 1e-17 {
		t.Fatalf("ScaleGroups fixed = exact %v, error %g", g.Exact, g.Error)
	}
	var total int64
	for i, gr := range vals {
		total += g.N[i][1]
		want, _ := gr[1].Float64()
		if d := math.Abs(float64(g.N[i][1])*g.Unit - want); d > g.Unit/2*(1+1e-9) {
			t.Errorf("value %d off by %g, more than half a step %g", i, d, g.Unit/2)
		}
	}
	if total > 1<<62 || math.Abs(float64(total)*g.Unit-2) > g.Error*(1+1e-9) {
		t.Errorf("scaled sum %d (%.20g), want 2 within %g", total, float64(total)*g.Unit, g.Error)
	}
}

// Costs near the largest float64 scale down to a negative power of two
// (their sum overflows a float64 but not the scale).
func TestFixedHuge(t *testing.T) {
	for _, xs := range [][]float64{{1e308, 1e308}, {math.MaxFloat64, 1, math.MaxFloat64}, {1e-300, 1e308}, {3, 5}} {
		n, k := Fixed(xs, 1<<62)
		var sum big.Int
		for i, x := range xs {
			sum.Add(&sum, big.NewInt(n[i]))
			// n[i] / 2^k is within 2^-(k+1) of x.
			got := new(big.Float).SetMantExp(new(big.Float).SetInt64(n[i]), -k)
			diff := new(big.Float).Sub(got, big.NewFloat(x))
			half := new(big.Float).SetMantExp(big.NewFloat(1), -k-1)
			if diff.Abs(diff).Cmp(half) > 0 {
				t.Errorf("%v: n[%d] = %d at k = %d is off by %v", xs, i, n[i], k, diff)
			}
		}
		if sum.Cmp(big.NewInt(1<<62)) > 0 || n[0] == 0 && xs[0] > 1e300 {
			t.Errorf("%v: %v at k = %d", xs, n, k)
		}
	}
}
