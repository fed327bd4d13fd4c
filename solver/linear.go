package solver

import (
	"fmt"
	"math"
	"math/big"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/internal/linear"
	"github.com/zopa-go/zopa/model"
)

// Linear comparisons. A comparison is brought to the normal form of
// package linear (shared with the model's validator): a sum of
// non-negative weights w_i(x_i) compared with a bound in [0, Span], where
// w_i is Mult*(x - Lo)/Step counted up from the least level, or down from
// the greatest for a negative coefficient. It is then compiled by one of
// three encodings:
//   - one term: a threshold on the issue's order literal "level >= j";
//   - a reduced decision diagram over the order literals (pb.go), when every
//     issue has the order encoding and the diagram is small: it propagates
//     bounds best;
//   - otherwise binary arithmetic (arith.go): each (x_i - Lo)/Step as a
//     binary number, multiplied by its weight, summed with adders and
//     compared, whose size grows with the bits of the domains and
//     coefficients, not with their values.

// linTerm is one term of a normal form and the issue it weighs.
type linTerm struct {
	iv *issueVars
	t  linear.FormTerm
}

// weight returns the term's weight at level j.
func (t *linTerm) weight(j int) int64 { return t.t.Weight(t.iv.level(j)) }

// linEncoder compiles one normal form: le(k) is "sum <= k", ge(k) is
// "sum >= k".
type linEncoder interface {
	le(k int64) z.Lit
	ge(k int64) z.Lit
}

// compare compiles a linear comparison.
func (p *Problem) compare(e *model.CmpExpr) (z.Lit, error) {
	f, err := linear.Normalize(linTerms(e.L), linTerms(e.R), e.L.Const, e.R.Const, linear.Op(e.Op),
		func(id string) linear.Domain { return p.issueOf(id).domain() })
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrOverflow, err)
	}
	c := p.c
	switch f.Truth {
	case 1:
		return c.T, nil
	case -1:
		return c.F, nil
	}
	ts := make([]linTerm, len(f.Terms))
	for i, t := range f.Terms {
		ts[i] = linTerm{iv: p.issueOf(t.Issue), t: t}
	}
	var enc linEncoder
	plan := p.planLinear(ts, f)
	p.charge(plan.units)
	switch plan.kind {
	case linThreshold:
		enc = thresholdEnc{p: p, t: ts[0]}
	case linBDD:
		enc = p.newBDDEnc(ts)
	default:
		enc = p.newBinaryEnc(ts)
	}
	switch {
	case mutated("lt") && e.Op == model.LtOp && f.Op == linear.Le:
		f.Bound-- // n < 5, normally n <= 4, becomes n <= 3
	case mutated("lt") && e.Op == model.LtOp && f.Op == linear.Ge:
		f.Bound++
	case mutated("linear-le") && f.Op == linear.Le:
		f.Bound++
	}
	switch f.Op {
	case linear.Le:
		return enc.le(f.Bound), nil
	case linear.Ge:
		return enc.ge(f.Bound), nil
	case linear.Eq:
		return c.And(enc.le(f.Bound), enc.ge(f.Bound)), nil
	case linear.Ne:
		return c.And(enc.le(f.Bound), enc.ge(f.Bound)).Not(), nil
	}
	return 0, fmt.Errorf("unknown comparison %v", e.Op)
}

func linTerms(l model.Linear) []linear.Term {
	out := make([]linear.Term, len(l.Terms))
	for i, t := range l.Terms {
		out[i] = linear.Term{Coef: t.Coef, Issue: t.Issue}
	}
	return out
}

// domain returns the int or step issue's domain for package linear.
func (iv *issueVars) domain() linear.Domain {
	if iv.vals != nil {
		return linear.OfLevels(iv.vals)
	}
	d := linear.Domain{Lo: iv.level(0), Hi: iv.level(iv.n - 1)}
	if iv.n > 1 {
		d.Step = uint64(iv.is.Step)
		if iv.is.Kind == model.StepKind {
			d.Step = 1
		}
	}
	return d
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

// planLinear chooses the encoding of the normal form f over ts and
// estimates its size.
func (p *Problem) planLinear(ts []linTerm, f linear.Form) linPlan {
	if len(ts) == 1 { // order literals exist; comparators over bits do not
		return linPlan{kind: linThreshold, units: 2 * cmpUnits(len(ts[0].iv.idx))}
	}
	sides := int64(1)
	if f.Op == linear.Eq || f.Op == linear.Ne {
		sides = 2
	}
	bu := sides * binaryUnits(ts)
	if !p.forceBinary {
		if units, calls, ok := bddUnits(ts); ok && calls <= bddMaxCalls && (units <= bddMinUnits || units <= bddFactor*bu) {
			return linPlan{kind: linBDD, units: sides * units}
		}
	}
	return linPlan{kind: linBinary, units: bu}
}

// thresholdEnc compiles w(x) op k for one term: w is monotone in the
// level, so each bound is one order literal.
type thresholdEnc struct {
	p *Problem
	t linTerm
}

// first returns the least level j with pred(j) (n when none), for pred
// false then true along the levels.
func first(n int, pred func(j int) bool) int {
	lo, hi := 0, n
	for lo < hi {
		mid := lo + (hi-lo)/2
		if pred(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

func (e thresholdEnc) le(k int64) z.Lit {
	t, iv := &e.t, e.t.iv
	if t.t.Desc { // weight falls with the level: level >= first with w <= k
		return e.p.geLit(iv, first(iv.n, func(j int) bool { return t.weight(j) <= k }))
	}
	return e.p.geLit(iv, first(iv.n, func(j int) bool { return t.weight(j) > k })).Not()
}

func (e thresholdEnc) ge(k int64) z.Lit {
	t, iv := &e.t, e.t.iv
	if t.t.Desc { // below the first level with w < k
		return e.p.geLit(iv, first(iv.n, func(j int) bool { return t.weight(j) < k })).Not()
	}
	return e.p.geLit(iv, first(iv.n, func(j int) bool { return t.weight(j) >= k }))
}

// bddUnits estimates the decision diagrams of "sum <= k" for every k (the
// nodes of one bound are shared with the others): the size, the recursive
// steps to build it, and whether the encoding applies (every issue has the
// order encoding). Level i has at most as many nodes as the prefixes
// before it have sums, and as the distinct bounds its suffix can tell
// apart.
func bddUnits(ts []linTerm) (units, calls int64, ok bool) {
	n := len(ts)
	width := make([]int64, n+1) // distinct bounds the suffix from i tells apart
	width[n] = 1
	for i := n - 1; i >= 0; i-- {
		if ts[i].iv.ge == nil {
			return 0, 0, false
		}
		span := max(ts[i].weight(0), ts[i].weight(ts[i].iv.n-1)) // weights start at 0
		width[i] = satAdd(width[i+1], span)
	}
	const cap = math.MaxInt64 / 4
	prefix := int64(1)
	nodes := make([]int64, n+1)
	for i := range n {
		nodes[i] = min(prefix, width[i])
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
		m := new(big.Int).SetUint64(t.t.Mult)
		units += mulUnits(w, m)
		widths = append(widths, w+m.BitLen())
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
	for i := range ts {
		t := &ts[i]
		g := group{lits: t.iv.ge, vals: make([]int64, t.iv.n), ordered: 1}
		ng := group{lits: t.iv.ge, vals: make([]int64, t.iv.n), ordered: -1}
		if t.t.Desc {
			g.ordered, ng.ordered = -1, 1
		}
		for j := range t.iv.n {
			w := t.weight(j) // in [0, Span]
			g.vals[j], ng.vals[j] = w, -w
		}
		pos = append(pos, g)
		neg = append(neg, ng)
	}
	return &bddEnc{p: p, pos: p.newBDD(pos), neg: p.newBDD(neg)}
}

func (e *bddEnc) le(k int64) z.Lit { return e.pos.lit(k) }
func (e *bddEnc) ge(k int64) z.Lit { return e.neg.lit(-k) }

// binaryEnc is the binary encoding: sum = P - N + off, with P the weights
// counted up (Mult*B) and N those counted down (Mult*B, their weight being
// Mult*(D - B) with D the greatest B), off the sum of those Mult*D.
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
	for i := range ts {
		t := &ts[i]
		b := p.steps(t.iv)
		m := new(big.Int).SetUint64(t.t.Mult)
		if t.t.Desc {
			e.off.Add(e.off, new(big.Int).Mul(m, b.max))
			ns = append(ns, a.mulConst(b, m))
		} else {
			ps = append(ps, a.mulConst(b, m))
		}
	}
	e.pos, e.neg, e.hasN = a.sum(ps), a.sum(ns), len(ns) > 0
	return e
}

// le is P - N + off <= k, that is P <= N + (k - off).
func (e *binaryEnc) le(k int64) z.Lit {
	a := arith{e.p.c}
	if mutated("binary-le") {
		k++
	}
	d := new(big.Int).Sub(big.NewInt(k), e.off)
	if !e.hasN {
		return a.leConst(e.pos, d)
	}
	if d.Sign() >= 0 {
		return a.le(e.pos, a.add(e.neg, a.constBin(d)))
	}
	return a.le(a.add(e.pos, a.constBin(d.Neg(d))), e.neg)
}

// ge is P - N + off >= k, that is N <= P + (off - k).
func (e *binaryEnc) ge(k int64) z.Lit {
	a := arith{e.p.c}
	d := new(big.Int).Sub(e.off, big.NewInt(k))
	if !e.hasN {
		return a.geConst(e.pos, d.Neg(d)) // P >= k - off
	}
	if d.Sign() >= 0 {
		return a.le(e.neg, a.add(e.pos, a.constBin(d)))
	}
	return a.le(a.add(e.neg, a.constBin(d.Neg(d))), e.pos)
}
