// Package scale turns positive decimal numbers into integers for the
// solver's pseudo-Boolean and MaxSAT encodings: exactly when a common power
// of ten fits, otherwise on a binary fixed-point scale with a stated
// rounding bound.
package scale

import (
	"math"
	"math/big"
	"slices"

	"github.com/zopa-go/zopa/internal/decimal"
)

// Decimal returns integers n with xs[i] == n[i] / 10^exp, reading each
// xs[i] as the shortest decimal that converts back to it (so 0.1 is one
// tenth, as the scenario file wrote it), when every n[i] and their sum are
// at most limit and exp is at most 40 (so that 10^-exp is a normal
// float64 step). ok is false otherwise, or when some xs[i] is negative or
// not finite.
func Decimal(xs []float64, limit int64) (n []int64, exp int, ok bool) {
	n, exp, err := Decimals(xs, limit)
	if err != nil || exp > 40 {
		return nil, 0, false
	}
	return n, exp, true
}

// Overflow says why Decimals could not scale: the value at Index (whose
// decimal needs 10^Exp, a scale set by the value at ExpBy) does not fit in
// the limit, or, with Sum, the running sum reaches past the limit there.
// Index is -1 when a value is negative or not finite (at ExpBy).
type Overflow struct {
	Index, ExpBy, Exp int
	Sum               bool
}

// Decimals is Decimal without the bound on exp, telling on failure which
// value broke the limit (for error messages that name it).
func Decimals(xs []float64, limit int64) (n []int64, exp int, err *Overflow) {
	mant := make([]*big.Int, len(xs))
	frac := make([]int, len(xs))
	by := -1
	for i, x := range xs {
		if x < 0 || math.IsInf(x, 0) || math.IsNaN(x) {
			return nil, 0, &Overflow{Index: -1, ExpBy: i}
		}
		m, f := decimal.Parts(x)
		mant[i], frac[i] = m, f
		if f > exp || by < 0 {
			exp, by = max(exp, f), i
		}
	}
	lim := big.NewInt(limit)
	sum := new(big.Int)
	n = make([]int64, len(xs))
	ten := big.NewInt(10)
	for i := range xs {
		v := new(big.Int).Mul(mant[i], new(big.Int).Exp(ten, big.NewInt(int64(exp-frac[i])), nil))
		sum.Add(sum, v)
		switch {
		case v.Cmp(lim) > 0:
			return nil, exp, &Overflow{Index: i, ExpBy: by, Exp: exp}
		case sum.Cmp(lim) > 0:
			return nil, exp, &Overflow{Index: i, ExpBy: by, Exp: exp, Sum: true}
		}
		n[i] = v.Int64()
	}
	return n, exp, nil
}

// Fixed returns n[i] = round(xs[i] * 2^k) for the largest k (at most 62)
// such that the sum of n is at most limit, and that k. Each n[i] / 2^k is
// within 2^-(k+1) of xs[i]. The xs must be finite and non-negative; k is
// negative when they are large (costs of 1e308 give k near -960).
func Fixed(xs []float64, limit int64) (n []int64, k int) {
	n = make([]int64, len(xs))
	start := 62
	if top := slices.Max(append([]float64{0}, xs...)); top > 0 {
		// top * 2^start stays below 2^el (about limit): few steps remain.
		_, el := math.Frexp(float64(limit))
		_, et := math.Frexp(top)
		start = min(62, el-et)
	}
	for k = start; k >= -1200; k-- {
		var sum float64
		fits := true
		for i, x := range xs {
			v := math.Round(math.Ldexp(x, k))
			sum += v
			if v > float64(limit) || sum > float64(limit) {
				fits = false
				break
			}
			n[i] = int64(v)
		}
		if fits {
			var total int64
			for _, v := range n {
				total += v
			}
			if total <= limit && total >= 0 {
				return n, k
			}
		}
	}
	return n, k
}

// Groups is the result of scaling groups of non-negative rationals.
type Groups struct {
	// N[g][j] is the integer for value j of group g.
	N [][]int64
	// Unit is the value of one integer step: N[g][j]*Unit is within
	// Error/len(N) of the rational (exactly equal when Exact).
	Unit  float64
	Exact bool
	// Error bounds the total rounding error of any sum that takes one
	// value from each group (0 when Exact).
	Error float64
	// Factor is the scale itself: N[g][j] is the rational times Factor
	// (rounded to the nearest integer when not Exact), and Unit is
	// 1/Factor.
	Factor *big.Rat
}

// ScaleGroups turns groups of non-negative rationals into integers on one
// common scale such that the sum of every group's largest integer is at
// most limit: exactly, with the least common denominator, when that fits;
// otherwise on the finest binary fixed-point scale that fits, each value
// rounded to the nearest step (so any sum taking one value per group is
// off by at most len(vals)/2 steps).
func ScaleGroups(vals [][]*big.Rat, limit int64) Groups {
	den := big.NewInt(1)
	maxSum := new(big.Rat)
	for _, g := range vals {
		gmax := new(big.Rat)
		for _, v := range g {
			d := v.Denom()
			gcd := new(big.Int).GCD(nil, nil, den, d)
			den.Mul(den, new(big.Int).Quo(d, gcd))
			if v.Cmp(gmax) > 0 {
				gmax = v
			}
		}
		maxSum.Add(maxSum, gmax)
	}
	lim := new(big.Rat).SetInt64(limit)
	if den.IsInt64() && new(big.Rat).Mul(maxSum, new(big.Rat).SetInt(den)).Cmp(lim) <= 0 {
		out := Groups{N: make([][]int64, len(vals)), Exact: true}
		for i, g := range vals {
			out.N[i] = make([]int64, len(g))
			for j, v := range g {
				n := new(big.Int).Mul(v.Num(), new(big.Int).Quo(den, v.Denom()))
				out.N[i][j] = n.Int64()
			}
		}
		out.Unit, _ = new(big.Rat).SetFrac(big.NewInt(1), den).Float64()
		out.Factor = new(big.Rat).SetInt(den)
		return out
	}
	// The largest k with maxSum * 2^k + len(vals) <= limit (rounding up
	// adds at most half a step per group).
	ms, _ := maxSum.Float64()
	k := 62
	for k > -1000 && ms*math.Ldexp(1, k)+float64(len(vals)) > float64(limit) {
		k--
	}
	scale := new(big.Rat).SetInt(new(big.Int).Lsh(big.NewInt(1), uint(max(k, 0))))
	if k < 0 {
		scale.SetFrac(big.NewInt(1), new(big.Int).Lsh(big.NewInt(1), uint(-k)))
	}
	out := Groups{N: make([][]int64, len(vals)), Unit: math.Ldexp(1, -k), Factor: scale}
	half := big.NewRat(1, 2)
	for i, g := range vals {
		out.N[i] = make([]int64, len(g))
		for j, v := range g {
			x := new(big.Rat).Mul(v, scale)
			x.Add(x, half)
			out.N[i][j] = new(big.Int).Quo(x.Num(), x.Denom()).Int64() // floor(x + 1/2)
		}
	}
	out.Error = float64(len(vals)) * out.Unit / 2
	return out
}
