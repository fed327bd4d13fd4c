package solver

import (
	"math/big"

	"github.com/irifrance/gini/logic"
	"github.com/irifrance/gini/z"
)

// Binary arithmetic in the circuit. Wide int domains and linear
// comparisons whose decision diagram would be large are encoded with
// unsigned binary numbers, ripple-carry adders and comparators, so that
// their size grows with the number of bits of the bounds and coefficients,
// not with their values. Bounds and constants are big.Int, so nothing here
// can overflow.

// bin is an unsigned binary number in the circuit: bits, least significant
// first, and an upper bound on its value (max.BitLen() == len(bits)).
type bin struct {
	bits []z.Lit
	max  *big.Int
}

// Size units: the size budget counts variables plus clauses of the SAT
// instance. A two-input gate of logic.C becomes one variable and three
// clauses.
const (
	gateUnits  = 4
	adderGates = 9 // full adder: two xors (3 gates each) and a majority (3)
	cmpGates   = 6 // one bit of a two-number comparison
)

// arith builds binary numbers in one circuit.
type arith struct{ c *logic.C }

// constBin returns the constant k >= 0.
func (a arith) constBin(k *big.Int) bin {
	out := bin{max: new(big.Int).Set(k)}
	for i := range k.BitLen() {
		if k.Bit(i) == 1 {
			out.bits = append(out.bits, a.c.T)
		} else {
			out.bits = append(out.bits, a.c.F)
		}
	}
	return out
}

// bitOf returns bit i of x (false past its width).
func (a arith) bitOf(x bin, i int) z.Lit {
	if i < len(x.bits) {
		return x.bits[i]
	}
	return a.c.F
}

// ors is a balanced disjunction (logic.C's Ors is a chain, whose depth the
// recursive CNF writer would follow).
func (a arith) ors(ms []z.Lit) z.Lit {
	switch len(ms) {
	case 0:
		return a.c.F
	case 1:
		return ms[0]
	}
	h := len(ms) / 2
	return a.c.Or(a.ors(ms[:h]), a.ors(ms[h:]))
}

// ands is a balanced conjunction.
func (a arith) ands(ms []z.Lit) z.Lit {
	switch len(ms) {
	case 0:
		return a.c.T
	case 1:
		return ms[0]
	}
	h := len(ms) / 2
	return a.c.And(a.ands(ms[:h]), a.ands(ms[h:]))
}

// table returns the number that is vals[j] when opts[j] holds (exactly one
// of opts holds; every vals[j] >= 0).
func (a arith) table(opts []z.Lit, vals []*big.Int) bin {
	out := bin{max: new(big.Int)}
	for _, v := range vals {
		if v.Cmp(out.max) > 0 {
			out.max.Set(v)
		}
	}
	for i := range out.max.BitLen() {
		var ms []z.Lit
		for j, v := range vals {
			if v.Bit(i) == 1 {
				ms = append(ms, opts[j])
			}
		}
		out.bits = append(out.bits, a.ors(ms))
	}
	return out
}

// tableUnits bounds the size of table over n options with values below
// 2^width.
func tableUnits(n, width int) int64 { return int64(n) * int64(width) * gateUnits }

// xor returns a xor b.
func (a arith) xor(x, y z.Lit) z.Lit { return a.c.Xor(x, y) }

// add returns x + y.
func (a arith) add(x, y bin) bin {
	max := new(big.Int).Add(x.max, y.max)
	out := bin{max: max}
	carry := a.c.F
	for i := range max.BitLen() {
		p, q := a.bitOf(x, i), a.bitOf(y, i)
		pq := a.xor(p, q)
		out.bits = append(out.bits, a.xor(pq, carry))
		carry = a.c.Or(a.c.And(p, q), a.c.And(carry, pq))
	}
	return out
}

// addUnits bounds the size of an adder of the given width.
func addUnits(width int) int64 { return int64(width) * adderGates * gateUnits }

// sum returns the sum of xs as a balanced tree of adders.
func (a arith) sum(xs []bin) bin {
	switch len(xs) {
	case 0:
		return bin{max: new(big.Int)}
	case 1:
		return xs[0]
	}
	h := len(xs) / 2
	return a.add(a.sum(xs[:h]), a.sum(xs[h:]))
}

// sumUnits bounds the size of sum over numbers of the given widths, and
// the width of the result.
func sumUnits(widths []int) (int64, int) {
	switch len(widths) {
	case 0:
		return 0, 0
	case 1:
		return 0, widths[0]
	}
	h := len(widths) / 2
	u1, w1 := sumUnits(widths[:h])
	u2, w2 := sumUnits(widths[h:])
	w := max(w1, w2) + 1
	return u1 + u2 + addUnits(w), w
}

// mulConst returns k*x for a constant k >= 0, by shifted additions.
func (a arith) mulConst(x bin, k *big.Int) bin {
	var parts []bin
	for i := range k.BitLen() {
		if k.Bit(i) == 0 {
			continue
		}
		sh := bin{bits: make([]z.Lit, i, i+len(x.bits)), max: new(big.Int).Lsh(x.max, uint(i))}
		for j := range sh.bits {
			sh.bits[j] = a.c.F
		}
		sh.bits = append(sh.bits, x.bits...)
		parts = append(parts, sh)
	}
	if len(parts) == 0 {
		return bin{max: new(big.Int)}
	}
	return a.sum(parts)
}

// mulUnits bounds the size of mulConst of a number of width w by k.
func mulUnits(w int, k *big.Int) int64 {
	n := 0
	for i := range k.BitLen() {
		n += int(k.Bit(i))
	}
	if n < 2 {
		return 0
	}
	return int64(n-1) * addUnits(w+k.BitLen()+1)
}

// geConst returns the literal "x >= k".
func (a arith) geConst(x bin, k *big.Int) z.Lit {
	if k.Sign() <= 0 {
		return a.c.T
	}
	if k.Cmp(x.max) > 0 {
		return a.c.F
	}
	return a.geBits(x.bits, k)
}

// geBits is "bits >= k" for 0 <= k: from the most significant bit down, a
// one in k needs a one in x and the rest >= the rest of k; a zero in k is
// passed by a one in x or by the rest.
func (a arith) geBits(xs []z.Lit, k *big.Int) z.Lit {
	if k.Sign() == 0 {
		return a.c.T
	}
	if k.BitLen() > len(xs) {
		return a.c.F
	}
	top := len(xs) - 1
	rest := new(big.Int).Set(k)
	if k.Bit(top) == 1 {
		rest.SetBit(rest, top, 0)
		return a.c.And(xs[top], a.geBits(xs[:top], rest))
	}
	return a.c.Or(xs[top], a.geBits(xs[:top], rest))
}

// leConst returns the literal "x <= k".
func (a arith) leConst(x bin, k *big.Int) z.Lit {
	if k.Sign() < 0 {
		return a.c.F
	}
	return a.geConst(x, new(big.Int).Add(k, big.NewInt(1))).Not()
}

// cmpUnits bounds the size of a comparison with a constant over width w.
func cmpUnits(w int) int64 { return int64(w) * gateUnits }

// le returns the literal "x <= y".
func (a arith) le(x, y bin) z.Lit {
	w := max(len(x.bits), len(y.bits))
	le := a.c.T // the empty prefixes are equal
	for i := range w {
		p, q := a.bitOf(x, i), a.bitOf(y, i)
		// x[0..i] <= y[0..i]: p < q, or p == q and the lower bits are <=.
		le = a.c.Or(a.c.And(p.Not(), q), a.c.And(a.xor(p, q).Not(), le))
	}
	return le
}

// leUnits bounds the size of le over width w.
func leUnits(w int) int64 { return int64(w) * cmpGates * gateUnits }

// cardUnits estimates a cardinality constraint over n literals as a
// sorting network (logic.C's CardSort: n padded to 2^q, q(q+1)/4 * 2^q
// comparators of two gates) and as a binary sum.
func cardUnits(n int) (sorted, binary int64) {
	q := 0
	for 1<<q < n {
		q++
	}
	sorted = satMul(int64(1)<<q, int64(q*(q+1)/4+1)) * 2 * gateUnits
	widths := make([]int, n)
	for i := range widths {
		widths[i] = 1
	}
	su, w := sumUnits(widths)
	return sorted, su + 2*cmpUnits(w)
}
