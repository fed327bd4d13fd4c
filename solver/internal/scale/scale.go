// Package scale turns positive decimal numbers into integers for the
// solver's pseudo-Boolean and MaxSAT encodings: exactly when a common power
// of ten fits, otherwise on a binary fixed-point scale with a stated
// rounding bound.
package scale

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Decimal returns integers n with xs[i] == n[i] / 10^exp, reading each
// xs[i] as the shortest decimal that converts back to it (so 0.1 is one
// tenth, as the scenario file wrote it), when every n[i] and their sum are
// at most limit. ok is false otherwise, or when some xs[i] is negative or
// not finite.
func Decimal(xs []float64, limit int64) (n []int64, exp int, ok bool) {
	mant := make([]*big.Int, len(xs))
	frac := make([]int, len(xs))
	for i, x := range xs {
		if x < 0 || math.IsInf(x, 0) || math.IsNaN(x) {
			return nil, 0, false
		}
		m, f := decimal(x)
		mant[i], frac[i] = m, f
		exp = max(exp, f)
	}
	if exp > 40 {
		return nil, 0, false
	}
	lim := big.NewInt(limit)
	sum := new(big.Int)
	n = make([]int64, len(xs))
	ten := big.NewInt(10)
	for i := range xs {
		v := new(big.Int).Mul(mant[i], new(big.Int).Exp(ten, big.NewInt(int64(exp-frac[i])), nil))
		sum.Add(sum, v)
		if v.Cmp(lim) > 0 || sum.Cmp(lim) > 0 {
			return nil, 0, false
		}
		n[i] = v.Int64()
	}
	return n, exp, true
}

// decimal returns m and f with x == m / 10^f for the shortest decimal form
// of x (f may be negative for large integers; then it is clamped to 0 and m
// carries the zeros).
func decimal(x float64) (*big.Int, int) {
	s := strconv.FormatFloat(x, 'e', -1, 64) // d.ddde±XX
	mantissa, e, _ := strings.Cut(s, "e")
	e10, _ := strconv.Atoi(e)
	digits := strings.Replace(mantissa, ".", "", 1)
	m, _ := new(big.Int).SetString(digits, 10)
	f := len(digits) - 1 - e10
	if f < 0 {
		m.Mul(m, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-f)), nil))
		f = 0
	}
	return m, f
}

// Fixed returns n[i] = round(xs[i] * 2^k) for the largest k (at most 62)
// such that the sum of n is at most limit, and that k. Each n[i] / 2^k is
// within 2^-(k+1) of xs[i]. The xs must be finite and non-negative, with a
// sum of at most limit.
func Fixed(xs []float64, limit int64) (n []int64, k int) {
	n = make([]int64, len(xs))
	for k = 62; k >= -62; k-- {
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
