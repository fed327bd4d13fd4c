package cert

import (
	"math/big"
	"slices"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/solver/internal/sat"
)

// circuit writes gates to the SAT instance as they are made (Tseitin, both
// directions, so a gate's literal can be used with either sign). It keeps
// its own variable numbering and shares nothing with the compiler's circuit.
type circuit struct {
	s    *sat.Solver
	next z.Var
	t    z.Lit // the constant true
}

func newCircuit() *circuit {
	c := &circuit{s: sat.New()}
	c.t = c.fresh()
	c.s.AddClause(c.t)
	return c
}

func (c *circuit) fresh() z.Lit {
	c.next++
	return c.next.Pos()
}

// konst returns the literal of the constant b.
func (c *circuit) konst(b bool) z.Lit {
	if b {
		return c.t
	}
	return c.t.Not()
}

// value tells whether m is a constant, and which.
func (c *circuit) value(m z.Lit) (val, isConst bool) {
	switch m {
	case c.t:
		return true, true
	case c.t.Not():
		return false, true
	}
	return false, false
}

// and returns a literal equivalent to the conjunction of xs (true when
// empty).
func (c *circuit) and(xs ...z.Lit) z.Lit {
	ys := make([]z.Lit, 0, len(xs))
	for _, x := range xs {
		if v, ok := c.value(x); ok {
			if !v {
				return c.konst(false)
			}
			continue
		}
		ys = append(ys, x)
	}
	slices.Sort(ys)
	ys = slices.Compact(ys)
	for i := 1; i < len(ys); i++ {
		if ys[i] == ys[i-1].Not() { // x and not x sort next to each other
			return c.konst(false)
		}
	}
	switch len(ys) {
	case 0:
		return c.konst(true)
	case 1:
		return ys[0]
	}
	y := c.fresh()
	long := make([]z.Lit, 0, len(ys)+1)
	long = append(long, y)
	for _, x := range ys {
		c.s.AddClause(y.Not(), x)
		long = append(long, x.Not())
	}
	c.s.AddClause(long...)
	return y
}

// or returns a literal equivalent to the disjunction of xs (false when
// empty).
func (c *circuit) or(xs ...z.Lit) z.Lit {
	neg := make([]z.Lit, len(xs))
	for i, x := range xs {
		neg[i] = x.Not()
	}
	return c.and(neg...).Not()
}

// xor returns a literal equivalent to a != b.
func (c *circuit) xor(a, b z.Lit) z.Lit {
	if v, ok := c.value(a); ok {
		if v {
			return b.Not()
		}
		return b
	}
	if v, ok := c.value(b); ok {
		if v {
			return a.Not()
		}
		return a
	}
	switch b {
	case a:
		return c.konst(false)
	case a.Not():
		return c.konst(true)
	}
	y := c.fresh()
	c.s.AddClause(y.Not(), a, b)
	c.s.AddClause(y.Not(), a.Not(), b.Not())
	c.s.AddClause(y, a.Not(), b)
	c.s.AddClause(y, a, b.Not())
	return y
}

// fullAdd returns the sum and carry bits of a + b + d.
func (c *circuit) fullAdd(a, b, d z.Lit) (sum, carry z.Lit) {
	for _, m := range []z.Lit{a, b, d} {
		if _, ok := c.value(m); ok {
			// Rare (the columns hold no constants): do it with gates.
			s := c.xor(c.xor(a, b), d)
			cy := c.or(c.and(a, b), c.and(a, d), c.and(b, d))
			return s, cy
		}
	}
	sum, carry = c.fresh(), c.fresh()
	// sum <-> a xor b xor d
	c.s.AddClause(sum.Not(), a, b, d)
	c.s.AddClause(sum.Not(), a, b.Not(), d.Not())
	c.s.AddClause(sum.Not(), a.Not(), b, d.Not())
	c.s.AddClause(sum.Not(), a.Not(), b.Not(), d)
	c.s.AddClause(sum, a.Not(), b, d)
	c.s.AddClause(sum, a, b.Not(), d)
	c.s.AddClause(sum, a, b, d.Not())
	c.s.AddClause(sum, a.Not(), b.Not(), d.Not())
	// carry <-> at least two of a, b, d
	c.s.AddClause(carry.Not(), a, b)
	c.s.AddClause(carry.Not(), a, d)
	c.s.AddClause(carry.Not(), b, d)
	c.s.AddClause(carry, a.Not(), b.Not())
	c.s.AddClause(carry, a.Not(), d.Not())
	c.s.AddClause(carry, b.Not(), d.Not())
	return sum, carry
}

// sum is a pseudo-Boolean sum under construction: literals placed in
// binary columns (a literal in column i counts 2^i when true) plus a
// constant.
type sum struct {
	cols  [][]z.Lit
	konst *big.Int
}

func newSum() *sum { return &sum{konst: new(big.Int)} }

// addLit adds 2^col when m holds.
func (c *circuit) addLit(s *sum, col int, m z.Lit) {
	if v, ok := c.value(m); ok {
		if v {
			s.konst.Add(s.konst, new(big.Int).Lsh(big.NewInt(1), uint(col)))
		}
		return
	}
	for len(s.cols) <= col {
		s.cols = append(s.cols, nil)
	}
	s.cols[col] = append(s.cols[col], m)
}

// addWeighted adds w when m holds (w may be negative: w*m = w + |w|*!m).
func (c *circuit) addWeighted(s *sum, w *big.Int, m z.Lit) {
	switch w.Sign() {
	case 0:
		return
	case -1:
		s.konst.Add(s.konst, w)
		w = new(big.Int).Neg(w)
		m = m.Not()
	}
	for i := range w.BitLen() {
		if w.Bit(i) == 1 {
			c.addLit(s, i, m)
		}
	}
}

// bits reduces the columns of s with full and half adders (column
// compression, as in a Wallace tree) to one literal per column: the
// unsigned binary value of the sum without its constant.
func (c *circuit) bits(s *sum) []z.Lit {
	var out []z.Lit
	for i := 0; i < len(s.cols); i++ {
		q := s.cols[i]
		for len(q) >= 2 {
			var sm, cy z.Lit
			if len(q) == 2 {
				sm, cy = c.xor(q[0], q[1]), c.and(q[0], q[1])
				q = q[2:]
			} else {
				sm, cy = c.fullAdd(q[0], q[1], q[2])
				q = q[3:]
			}
			q = append(q, sm)
			if _, ok := c.value(cy); !ok || cy == c.t {
				for len(s.cols) <= i+1 {
					s.cols = append(s.cols, nil)
				}
				s.cols[i+1] = append(s.cols[i+1], cy)
			}
		}
		if len(q) == 1 {
			out = append(out, q[0])
		} else {
			out = append(out, c.konst(false))
		}
	}
	s.cols = nil
	return out
}

// atLeast returns a literal equivalent to "the unsigned number n >= k".
func (c *circuit) atLeast(n []z.Lit, k *big.Int) z.Lit {
	if k.Sign() <= 0 {
		return c.konst(true)
	}
	if k.BitLen() > len(n) {
		return c.konst(false)
	}
	// r is "n restricted to bits 0..i >= k restricted to bits 0..i".
	r := c.konst(true)
	for i, m := range n {
		if k.Bit(i) == 1 {
			r = c.and(m, r)
		} else {
			r = c.or(m, r)
		}
	}
	return r
}

// bitsOf returns the bits of the index i in width w (least significant
// first).
func bitsOf(i, w int) []bool {
	out := make([]bool, w)
	for b := range w {
		out[b] = i>>b&1 == 1
	}
	return out
}
