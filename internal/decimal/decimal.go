// Package decimal reads floating-point numbers as the decimals a scenario
// file wrote: 0.1 is one tenth, not the binary fraction nearest to it. The
// model's exact evaluation and the solver's integer scales both read
// weights, scores, costs and reservations this way, so they agree.
package decimal

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Parts returns m and f with |x| == m / 10^f for the shortest decimal
// form of x (f >= 0: a large integer carries its zeros in m). x must be
// finite.
func Parts(x float64) (*big.Int, int) {
	s := strconv.FormatFloat(math.Abs(x), 'e', -1, 64) // d.ddde±XX
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

// Rat returns the shortest decimal of x as an exact rational (x must be
// finite).
func Rat(x float64) *big.Rat {
	m, f := Parts(x)
	r := new(big.Rat).SetFrac(m, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(f)), nil))
	if x < 0 {
		r.Neg(r)
	}
	return r
}

// String returns r as a JSON number: exact when r's denominator has no
// prime factor but 2 and 5 (as every sum of decimals has), otherwise the
// nearest float64 in its shortest form. The layout is encoding/json's for
// float64: plain from 1e-6 up to 1e21, with an exponent (2e+308, 1e-7)
// outside, so a value that is a float64 prints exactly as json.Marshal
// prints it.
func String(r *big.Rat) string {
	if r.Sign() == 0 {
		return "0"
	}
	// Exact digits when the denominator divides a power of ten.
	d := new(big.Int).Set(r.Denom())
	twos, fives := 0, 0
	for d.Bit(0) == 0 {
		d.Rsh(d, 1)
		twos++
	}
	five := big.NewInt(5)
	for new(big.Int).Mod(d, five).Sign() == 0 {
		d.Quo(d, five)
		fives++
	}
	if d.Cmp(big.NewInt(1)) != 0 || max(twos, fives) > 400 {
		f, _ := r.Float64()
		if !math.IsInf(f, 0) {
			return Float(f)
		}
		return r.FloatString(0) // beyond float64: the integer part
	}
	k := max(twos, fives)
	n := new(big.Int).Mul(r.Num(), new(big.Int).Quo(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil), r.Denom()))
	neg := n.Sign() < 0
	digits := new(big.Int).Abs(n).String() // the value is digits / 10^k
	// Drop trailing zeros into the exponent.
	trimmed := strings.TrimRight(digits, "0")
	exp := len(digits) - len(trimmed) - k // value = trimmed * 10^exp
	out := formatSci(trimmed, exp)
	if neg {
		out = "-" + out
	}
	return out
}

// Float formats a finite x as encoding/json does.
func Float(x float64) string {
	return String(Rat(x))
}

// formatSci writes digits * 10^exp as encoding/json writes a float64:
// plain when the value is at least 1e-6 and below 1e21, otherwise with an
// exponent of at least one digit, or two after a "+".
func formatSci(digits string, exp int) string {
	e10 := len(digits) - 1 + exp // exponent of the first digit
	if e10 < -6 || e10 > 20 {
		m := digits[:1]
		if len(digits) > 1 {
			m += "." + digits[1:]
		}
		sign := "+"
		if e10 < 0 {
			sign, e10 = "-", -e10
		}
		es := strconv.Itoa(e10)
		if len(es) < 2 && sign == "+" {
			es = "0" + es
		}
		return m + "e" + sign + es
	}
	if exp >= 0 {
		return digits + strings.Repeat("0", exp)
	}
	point := len(digits) + exp
	if point > 0 {
		return digits[:point] + "." + digits[point:]
	}
	return "0." + strings.Repeat("0", -point) + digits
}
