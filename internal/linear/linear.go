// Package linear brings a comparison of two linear integer expressions over
// int issues into one normal form shared by the model's validator and the
// solver, so that whatever the validator accepts the solver can encode
// without overflow, over the whole int64 range.
//
// A comparison L op R, where each side is a sum of terms coef*issue plus a
// constant, is rewritten as
//
//	sum_i w_i(x_i)  op'  Bound
//
// where i runs over the issues whose merged coefficient c_i (the sum of
// their coefficients in L minus those in R) is not zero, w_i is a
// non-negative weight that grows with c_i*x_i, and op' is <=, >=, == or
// !=. With lo_i and hi_i the issue's least and greatest level and g_i the
// greatest common divisor of the differences between its levels, each term
// c_i*x_i is shifted to start at 0 and the whole inequality is divided by
// G, the greatest common divisor of every |c_i|*g_i:
//
//	w_i(x) = m_i * (x - lo_i)/g_i   (c_i > 0),   m_i * (hi_i - x)/g_i   (c_i < 0),
//	m_i    = |c_i|*g_i / G.
//
// Every weight and every sum of weights then lies in [0, Span], and Span
// must fit in an int64: that, and each side of the comparison fitting in an
// int64 as written (term by term), is the whole of "integer overflow".
package linear

import (
	"errors"
	"math"
	"math/big"
)

// Op is a comparison operator; its values are those of model.CmpOp.
type Op uint8

// Operators.
const (
	Eq Op = iota + 1
	Ne
	Lt
	Le
	Gt
	Ge
)

// Term is Coef times the value of an int issue.
type Term struct {
	Coef  int64
	Issue string
}

// Domain is what normalisation needs to know of an int issue's levels.
type Domain struct {
	// Lo and Hi are the least and greatest levels.
	Lo, Hi int64
	// Step is the greatest common divisor of the differences between
	// levels, 0 when there is a single level.
	Step uint64
}

// OfLevels returns the domain of the given levels (ascending, at least
// one).
func OfLevels(levels []int64) Domain {
	d := Domain{Lo: levels[0], Hi: levels[len(levels)-1]}
	for _, x := range levels[1:] {
		a, b := d.Step, uint64(x)-uint64(d.Lo)
		for b != 0 {
			a, b = b, a%b
		}
		d.Step = a
	}
	return d
}

// FormTerm is one issue's term of a normal form.
type FormTerm struct {
	Issue string
	Dom   Domain
	// Mult is the weight of one Step of the issue's value.
	Mult uint64
	// Desc is true when the coefficient is negative: the weight is then
	// counted down from Hi, so it falls as the level rises.
	Desc bool
}

// Weight returns the term's weight at level x (a level of the issue).
func (t *FormTerm) Weight(x int64) int64 {
	d := uint64(x) - uint64(t.Dom.Lo) // exact: x >= Lo
	if t.Desc {
		d = uint64(t.Dom.Hi) - uint64(x)
	}
	if t.Dom.Step == 0 {
		return 0
	}
	return int64(t.Mult * (d / t.Dom.Step)) // at most Span
}

// Form is the normal form of a comparison.
type Form struct {
	// Truth is +1 when the comparison holds for every package, -1 when it
	// holds for none, and 0 when it depends on Terms.
	Truth int
	Terms []FormTerm
	// Op is Le, Ge, Eq or Ne; Bound lies in [0, Span] (when Truth is 0).
	Op    Op
	Bound int64
	// Span is the greatest sum of the weights.
	Span int64
}

// ErrSides says that one side of a comparison, evaluated term by term as
// written, can leave the int64 range.
var ErrSides = errors.New("the comparison's sides can exceed 64-bit integers")

// ErrSpan says that a comparison's range, after normalisation, is wider
// than an int64 can hold.
var ErrSpan = errors.New("the comparison's range is wider than 64-bit integers can hold")

var (
	minI64 = big.NewInt(math.MinInt64)
	maxI64 = big.NewInt(math.MaxInt64)
)

// Sides checks that each side of the comparison, summed term by term as
// written, stays within the int64 range for every value of the issues: the
// model's evaluator relies on it. dom returns an issue's domain; ok false
// means an unknown or invalid issue, reported elsewhere (Sides then says
// nothing).
func Sides(l, r []Term, lc, rc int64, dom func(string) (Domain, bool)) error {
	for _, side := range []struct {
		ts []Term
		c  int64
	}{{l, lc}, {r, rc}} {
		lo, hi := big.NewInt(side.c), big.NewInt(side.c)
		for _, t := range side.ts {
			d, ok := dom(t.Issue)
			if !ok {
				return nil
			}
			a := new(big.Int).Mul(big.NewInt(t.Coef), big.NewInt(d.Lo))
			b := new(big.Int).Mul(big.NewInt(t.Coef), big.NewInt(d.Hi))
			if a.Cmp(b) > 0 {
				a, b = b, a
			}
			lo.Add(lo, a)
			hi.Add(hi, b)
		}
		if lo.Cmp(minI64) < 0 || hi.Cmp(maxI64) > 0 {
			return ErrSides
		}
	}
	return nil
}

// Normalize returns the normal form of (sum l + lc) op (sum r + rc). It
// returns ErrSpan when the form's span does not fit in an int64. dom must
// know every issue of l and r.
func Normalize(l, r []Term, lc, rc int64, op Op, dom func(string) Domain) (Form, error) {
	coef := map[string]*big.Int{}
	var order []string
	add := func(ts []Term, sign int64) {
		for _, t := range ts {
			c, ok := coef[t.Issue]
			if !ok {
				c = new(big.Int)
				coef[t.Issue] = c
				order = append(order, t.Issue)
			}
			x := big.NewInt(t.Coef)
			if sign < 0 {
				x.Neg(x)
			}
			c.Add(c, x)
		}
	}
	add(l, 1)
	add(r, -1)
	// sum c_i x_i op K with K = rc - lc.
	k := new(big.Int).Sub(big.NewInt(rc), big.NewInt(lc))
	var f Form
	g := new(big.Int)   // G
	low := new(big.Int) // M: the sum of each term's least value
	type pending struct {
		t    FormTerm
		cg   *big.Int // |c_i| * g_i
		span *big.Int // |c_i| * (hi_i - lo_i)
	}
	var ps []pending
	for _, id := range order {
		c := coef[id]
		if c.Sign() == 0 {
			continue
		}
		d := dom(id)
		lo, hi := big.NewInt(d.Lo), big.NewInt(d.Hi)
		if c.Sign() > 0 {
			low.Add(low, new(big.Int).Mul(c, lo))
		} else {
			low.Add(low, new(big.Int).Mul(c, hi))
		}
		if d.Step == 0 { // a single level: a constant
			continue
		}
		abs := new(big.Int).Abs(c)
		cg := new(big.Int).Mul(abs, new(big.Int).SetUint64(d.Step))
		g.GCD(nil, nil, g, cg)
		ps = append(ps, pending{t: FormTerm{Issue: id, Dom: d, Desc: c.Sign() < 0}, cg: cg,
			span: new(big.Int).Mul(abs, new(big.Int).Sub(hi, lo))})
	}
	// sum w_i op (K - M) / G, every w_i*G = c_i*x_i - (its least value).
	rest := k.Sub(k, low)
	if len(ps) == 0 {
		f.Truth = truth(op, rest.Sign())
		return f, nil
	}
	span := new(big.Int)
	for i := range ps {
		span.Add(span, new(big.Int).Quo(ps[i].span, g))
		ps[i].t.Mult = new(big.Int).Quo(ps[i].cg, g).Uint64()
	}
	if span.Cmp(maxI64) > 0 {
		return Form{}, ErrSpan
	}
	for _, p := range ps {
		f.Terms = append(f.Terms, p.t)
	}
	f.Span = span.Int64()
	// Fold < and > into <= and >= on the integers.
	switch op {
	case Lt:
		rest.Sub(rest, big.NewInt(1))
		op = Le
	case Gt:
		rest.Add(rest, big.NewInt(1))
		op = Ge
	}
	q, m := new(big.Int).DivMod(rest, g, new(big.Int)) // floor for g > 0
	if m.Sign() != 0 {
		switch op {
		case Ge: // sum >= ceil(rest/G)
			q.Add(q, big.NewInt(1))
		case Eq, Ne: // G divides every sum but not rest: never equal
			f.Truth = truth(op, 1)
			f.Terms = nil
			return f, nil
		}
	}
	// sum lies in [0, span]; decide the bounds outside it.
	below, above := q.Sign() < 0, q.Cmp(span) > 0
	switch op {
	case Le:
		f.Truth = pick(below, -1, q.Cmp(span) >= 0, 1)
	case Ge:
		f.Truth = pick(above, -1, q.Sign() <= 0, 1)
	case Eq:
		f.Truth = pick(below || above, -1, false, 0)
	case Ne:
		f.Truth = pick(below || above, 1, false, 0)
	}
	if f.Truth != 0 {
		f.Terms = nil
		return f, nil
	}
	f.Op, f.Bound = op, q.Int64()
	return f, nil
}

// pick returns a when ca holds, else b when cb holds, else 0.
func pick(ca bool, a int, cb bool, b int) int {
	switch {
	case ca:
		return a
	case cb:
		return b
	}
	return 0
}

// truth returns +1 when "0 op x" holds for a number x of the given sign,
// and -1 otherwise.
func truth(op Op, sign int) int {
	var ok bool
	switch op {
	case Eq:
		ok = sign == 0
	case Ne:
		ok = sign != 0
	case Lt:
		ok = sign > 0
	case Le:
		ok = sign >= 0
	case Gt:
		ok = sign < 0
	case Ge:
		ok = sign <= 0
	}
	if ok {
		return 1
	}
	return -1
}
