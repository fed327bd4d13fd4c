package solver

import (
	"fmt"
	"math"
	"math/big"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/model"
)

// Linear comparisons. A comparison is normalised to sum(a_i * x_i) op k
// with big-integer coefficients (so normalising never overflows) and
// compiled by one of three encodings:
//   - one term: a threshold on the issue's order literal "level >= j";
//   - a reduced decision diagram over the order literals (pb.go), when every
//     issue has the order encoding, every value fits in 64 bits and the
//     diagram is small: it propagates bounds best;
//   - otherwise binary arithmetic (arith.go): each x_i as a binary number,
//     multiplied by its constant, summed with adders and compared, whose
//     size grows with the bits of the domains and coefficients.

// linTerm is one term a*x of a normalised comparison.
type linTerm struct {
	iv *issueVars
	a  *big.Int // never zero
}

// linear is sum(terms) op k.
type linear struct {
	terms []linTerm
	op    model.CmpOp
	k     *big.Int
}

// normalise moves every term of e to the left and every constant to the
// right, merging terms on the same issue and dropping zero coefficients.
func (p *Problem) normalise(e *model.CmpExpr) linear {
	coef := map[*issueVars]*big.Int{}
	var order []*issueVars
	add := func(ts []model.Term, sign int64) {
		for _, t := range ts {
			iv := p.issueOf(t.Issue)
			if _, ok := coef[iv]; !ok {
				order = append(order, iv)
				coef[iv] = new(big.Int)
			}
			c := big.NewInt(t.Coef)
			if sign < 0 {
				c.Neg(c)
			}
			coef[iv].Add(coef[iv], c)
		}
	}
	add(e.L.Terms, 1)
	add(e.R.Terms, -1)
	l := linear{op: e.Op, k: new(big.Int).Sub(big.NewInt(e.R.Const), big.NewInt(e.L.Const))}
	for _, iv := range order {
		if coef[iv].Sign() != 0 {
			l.terms = append(l.terms, linTerm{iv: iv, a: coef[iv]})
		}
	}
	return l
}

var bigOne = big.NewInt(1)

// bounds returns the least and greatest value of a*x over x's levels.
func (t linTerm) bounds() (lo, hi *big.Int) {
	a := new(big.Int).Mul(t.a, big.NewInt(t.iv.level(0)))
	b := new(big.Int).Mul(t.a, big.NewInt(t.iv.level(t.iv.n-1)))
	if a.Cmp(b) > 0 {
		a, b = b, a
	}
	return a, b
}

// linEncoder compiles one normalised comparison: le(k) is "sum <= k", and
// ge(k) "sum >= k".
type linEncoder interface {
	le(k *big.Int) z.Lit
	ge(k *big.Int) z.Lit
}

// compare compiles a linear comparison.
func (p *Problem) compare(e *model.CmpExpr) (z.Lit, error) {
	l := p.normalise(e)
	var enc linEncoder
	switch plan := p.planLinear(l); plan.kind {
	case linConst:
		if l.op.Holds(0, int64(l.k.Sign())) {
			return p.c.T, nil
		}
		return p.c.F, nil
	case linThreshold:
		enc = thresholdEnc{p: p, t: l.terms[0]}
	case linBDD:
		enc = p.newBDDEnc(l.terms)
	default:
		enc = p.newBinaryEnc(l.terms)
	}
	k := l.k
	c := p.c
	switch l.op {
	case model.LeOp:
		return enc.le(k), nil
	case model.LtOp:
		return enc.le(new(big.Int).Sub(k, bigOne)), nil
	case model.GeOp:
		return enc.ge(k), nil
	case model.GtOp:
		return enc.ge(new(big.Int).Add(k, bigOne)), nil
	case model.EqOp:
		return c.And(enc.le(k), enc.ge(k)), nil
	case model.NeOp:
		return c.And(enc.le(k), enc.ge(k)).Not(), nil
	}
	return 0, fmt.Errorf("unknown comparison %v", l.op)
}

type linKind int

const (
	linConst linKind = iota
	linThreshold
	linBDD
	linBinary
)

// linPlan is the encoding chosen for a comparison and its estimated size.
type linPlan struct {
	kind  linKind
	units int64
}

// Decision diagrams are preferred while they stay below bddMinUnits, or
// below bddFactor times the binary encoding, and below bddMaxCalls
// recursive steps to build.
const (
	bddMinUnits = 50_000
	bddFactor   = 8
	bddMaxCalls = 1_000_000
)

// planLinear chooses the encoding of l and estimates its size.
func (p *Problem) planLinear(l linear) linPlan {
	switch len(l.terms) {
	case 0:
		return linPlan{kind: linConst}
	case 1:
		return linPlan{kind: linThreshold, units: 2 * cmpUnits(64)}
	}
	sides := int64(1)
	if l.op == model.EqOp || l.op == model.NeOp {
		sides = 2
	}
	bu := sides * binaryUnits(l.terms)
	if !p.forceBinary {
		if units, calls, ok := bddUnits(l.terms, l.k); ok && calls <= bddMaxCalls && (units <= bddMinUnits || units <= bddFactor*bu) {
			return linPlan{kind: linBDD, units: sides * units}
		}
	}
	return linPlan{kind: linBinary, units: bu}
}

// thresholdEnc compiles a*x op k as a threshold on x's levels.
type thresholdEnc struct {
	p *Problem
	t linTerm
}

func (e thresholdEnc) le(k *big.Int) z.Lit {
	iv, a := e.t.iv, e.t.a
	if a.Sign() > 0 {
		// x <= floor(k/a): not (level >= first level above it).
		q := floorDiv(k, a)
		return e.p.geLit(iv, firstAbove(iv, q)).Not()
	}
	// a < 0: x >= ceil(k/a) = ceil(-k/-a).
	na := new(big.Int).Neg(a)
	q := ceilDiv(new(big.Int).Neg(k), na)
	return e.p.geLit(iv, firstAbove(iv, new(big.Int).Sub(q, bigOne)))
}

func (e thresholdEnc) ge(k *big.Int) z.Lit {
	// a*x >= k  <=>  -a*x <= -k
	return thresholdEnc{p: e.p, t: linTerm{iv: e.t.iv, a: new(big.Int).Neg(e.t.a)}}.le(new(big.Int).Neg(k))
}

// floorDiv returns floor(a/b) for b > 0.
func floorDiv(a, b *big.Int) *big.Int {
	q, m := new(big.Int).QuoRem(a, b, new(big.Int))
	if m.Sign() < 0 {
		q.Sub(q, bigOne)
	}
	return q
}

// ceilDiv returns ceil(a/b) for b > 0.
func ceilDiv(a, b *big.Int) *big.Int {
	q, m := new(big.Int).QuoRem(a, b, new(big.Int))
	if m.Sign() > 0 {
		q.Add(q, bigOne)
	}
	return q
}

// firstAbove returns the index of the first level greater than q (n when
// none is).
func firstAbove(iv *issueVars, q *big.Int) int {
	if !q.IsInt64() {
		if q.Sign() < 0 {
			return 0
		}
		return iv.n
	}
	v := q.Int64()
	if iv.vals != nil {
		lo, hi := 0, iv.n
		for lo < hi {
			mid := (lo + hi) / 2
			if iv.vals[mid] > v {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		return lo
	}
	switch {
	case v < iv.is.Min:
		return 0
	case v >= iv.level(iv.n-1):
		return iv.n
	}
	return int(uint64(v-iv.is.Min)/uint64(iv.is.Step)) + 1 // Min <= v < Max: no wrap
}

// bddUnits estimates the decision diagrams of "sum <= k" for every k (the
// nodes of one bound are shared with the others): the size, the recursive
// steps to build it, and whether the encoding applies (every issue has the
// order encoding and every value fits in 64 bits). Level i has at most as
// many nodes as the prefixes before it have sums, and as the distinct
// bounds its suffix can tell apart.
func bddUnits(ts []linTerm, k *big.Int) (units, calls int64, ok bool) {
	if !k.IsInt64() {
		return 0, 0, false
	}
	n := len(ts)
	sufLo, sufHi := new(big.Int), new(big.Int)
	width := make([]*big.Int, n+1) // width[i]: distinct bounds the suffix from i tells apart
	width[n] = big.NewInt(1)
	for i := n - 1; i >= 0; i-- {
		if ts[i].iv.ge == nil && ts[i].iv.n > 1 {
			return 0, 0, false
		}
		lo, hi := ts[i].bounds()
		if !lo.IsInt64() || !hi.IsInt64() {
			return 0, 0, false
		}
		sufLo.Add(sufLo, lo)
		sufHi.Add(sufHi, hi)
		width[i] = new(big.Int).Sub(sufHi, sufLo)
		width[i].Add(width[i], bigOne)
	}
	if !sufLo.IsInt64() || !sufHi.IsInt64() {
		return 0, 0, false
	}
	const cap = math.MaxInt64 / 4
	prefix := int64(1)
	nodes := make([]int64, n+1)
	for i := range n {
		nodes[i] = prefix
		if width[i].IsInt64() && width[i].Int64() < nodes[i] {
			nodes[i] = width[i].Int64()
		}
		prefix = min(cap, satMul(prefix, int64(max(1, ts[i].iv.n))))
	}
	nodes[n] = 2
	for i := range n {
		ni := int64(ts[i].iv.n)
		children := min(ni, nodes[i+1]+2)
		units = satAdd(units, satMul(nodes[i], satMul(children, 2*gateUnits)))
		calls = satAdd(calls, satMul(nodes[i], ni))
	}
	return units, calls, true
}

// binaryUnits estimates the binary encoding of "sum <= k" (or >= k).
func binaryUnits(ts []linTerm) int64 {
	var units int64
	var widths []int
	for _, t := range ts {
		u, w := offsetUnits(t.iv)
		units += u
		_, mul := t.iv.offsetShape()
		c := new(big.Int).Mul(t.a, mul)
		c.Abs(c)
		units += mulUnits(w, c)
		widths = append(widths, w+c.BitLen())
	}
	su, w := sumUnits(widths)
	return units + su + leUnits(w+2) + addUnits(w+2)
}

// bddEnc is the decision-diagram encoding: "sum <= k" over the groups pos,
// "sum >= k" as "-sum <= -k" over neg.
type bddEnc struct {
	p        *Problem
	pos, neg *leqBuilder
}

func (p *Problem) newBDDEnc(ts []linTerm) *bddEnc {
	var pos, neg []group
	for _, t := range ts {
		a := t.a.Int64() // planLinear checked that a*x fits
		g := group{lits: t.iv.ge, vals: make([]int64, t.iv.n), ordered: 1}
		ng := group{lits: t.iv.ge, vals: make([]int64, t.iv.n), ordered: -1}
		if a < 0 {
			g.ordered, ng.ordered = -1, 1
		}
		for j := range t.iv.n {
			x := a * t.iv.level(j)
			g.vals[j], ng.vals[j] = x, -x
		}
		pos = append(pos, g)
		neg = append(neg, ng)
	}
	return &bddEnc{p: p, pos: p.newLeq(pos), neg: p.newLeq(neg)}
}

func (e *bddEnc) le(k *big.Int) z.Lit { return e.pos.bigLit(k) }
func (e *bddEnc) ge(k *big.Int) z.Lit { return e.neg.bigLit(new(big.Int).Neg(k)) }

// bigLit is lit for a big bound, which is beyond every sum when it does
// not fit in 64 bits.
func (b *leqBuilder) bigLit(k *big.Int) z.Lit {
	if !k.IsInt64() {
		if k.Sign() > 0 {
			return b.p.c.T
		}
		return b.p.c.F
	}
	return b.lit(k.Int64())
}

// binaryEnc is the binary encoding: sum = P - N + off, with P the sum of
// the terms with a positive multiplier and N of those with a negative one.
type binaryEnc struct {
	p    *Problem
	pos  bin
	neg  bin
	hasN bool
	off  *big.Int
}

func (p *Problem) newBinaryEnc(ts []linTerm) *binaryEnc {
	a := arith{p.c}
	e := &binaryEnc{p: p, off: new(big.Int)}
	var ps, ns []bin
	for _, t := range ts {
		off, mul, b := p.offset(t.iv)
		e.off.Add(e.off, new(big.Int).Mul(t.a, off)) // a*x = a*off + a*mul*B
		c := new(big.Int).Mul(t.a, mul)
		if c.Sign() > 0 {
			ps = append(ps, a.mulConst(b, c))
		} else {
			ns = append(ns, a.mulConst(b, c.Neg(c)))
		}
	}
	e.pos, e.neg, e.hasN = a.sum(ps), a.sum(ns), len(ns) > 0
	return e
}

// le is P - N + off <= k, that is P <= N + (k - off).
func (e *binaryEnc) le(k *big.Int) z.Lit {
	a := arith{e.p.c}
	d := new(big.Int).Sub(k, e.off)
	if !e.hasN {
		return a.leConst(e.pos, d)
	}
	if d.Sign() >= 0 {
		return a.le(e.pos, a.add(e.neg, a.constBin(d)))
	}
	return a.le(a.add(e.pos, a.constBin(d.Neg(d))), e.neg)
}

// ge is P - N + off >= k, that is N <= P + (off - k).
func (e *binaryEnc) ge(k *big.Int) z.Lit {
	a := arith{e.p.c}
	d := new(big.Int).Sub(e.off, k)
	if !e.hasN {
		// P >= k - off
		return a.geConst(e.pos, d.Neg(d))
	}
	if d.Sign() >= 0 {
		return a.le(e.neg, a.add(e.pos, a.constBin(d)))
	}
	return a.le(a.add(e.neg, a.constBin(d.Neg(d))), e.pos)
}
