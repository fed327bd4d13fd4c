package solver

import (
	"cmp"
	"math"
	"math/big"
	"slices"

	"github.com/irifrance/gini/z"
)

// group is one term of a pseudo-Boolean sum: exactly one of its options is
// chosen and contributes its value. Int issues use their order literals
// (ordered = +1 when values ascend with the level, -1 when they descend);
// other groups list one literal per option (ordered = 0).
type group struct {
	lits    []z.Lit // ordered: lits[j] is "level >= j" (lits[0] true); else option literals
	vals    []int64
	ordered int
}

const (
	posInf = math.MaxInt64
	negInf = math.MinInt64
)

// satAdd adds with ±inf saturation.
func satAdd(a, b int64) int64 {
	switch {
	case a == posInf || b == posInf:
		if a == negInf || b == negInf {
			return 0
		}
		return posInf
	case a == negInf || b == negInf:
		return negInf
	}
	s := a + b
	if a > 0 && b > 0 && s < 0 {
		return posInf
	}
	if a < 0 && b < 0 && s >= 0 {
		return negInf
	}
	return s
}

type interval struct {
	lo, hi int64
	lit    z.Lit
}

// leqBuilder encodes "sum of groups <= k" as a reduced decision diagram
// whose nodes are memoised by the interval of bounds they are valid for
// (Abío et al., "A new look at BDDs for pseudo-Boolean constraints").
type leqBuilder struct {
	p      *Problem
	gs     []group
	memo   [][]interval
	sufMin []int64
	sufMax []int64
}

// pbSum encodes "sum of groups <= k" for any k asked of it.
type pbSum interface {
	lit(k int64) z.Lit
}

// newLeq returns an encoding of "sum of gs <= k" for every bound k: a
// decision diagram (newBDD) while its estimated size stays small, binary
// arithmetic (newBinLeq) otherwise.
func (p *Problem) newLeq(gs []group) pbSum {
	bdd, calls := groupBDDUnits(gs)
	if bin := groupBinaryUnits(gs); p.forceBinary || calls > bddMaxCalls || bdd > bddMinUnits && bdd > bddFactor*bin {
		p.charge(bin)
		return p.newBinLeq(gs)
	}
	p.charge(bdd)
	return p.newBDD(gs)
}

// groupBDDUnits estimates the decision diagram of gs for every bound (see
// bddUnits): its size and the recursive steps to build it.
func groupBDDUnits(gs []group) (units, calls int64) {
	n := len(gs)
	width := make([]int64, n+1)
	width[n] = 1
	for i := n - 1; i >= 0; i-- {
		lo, hi := slices.Min(gs[i].vals), slices.Max(gs[i].vals)
		width[i] = satAdd(width[i+1], satAdd(hi, -lo))
	}
	prefix := int64(1)
	nodes := make([]int64, n+1)
	for i := range n {
		nodes[i] = min(prefix, width[i])
		prefix = min(math.MaxInt64/4, satMul(prefix, int64(max(1, len(gs[i].vals)))))
	}
	nodes[n] = 2
	for i := range n {
		ni := int64(len(gs[i].vals))
		units = satAdd(units, satMul(nodes[i], satMul(min(ni, nodes[i+1]+2), 2*gateUnits)))
		calls = satAdd(calls, satMul(nodes[i], ni))
	}
	return units, calls
}

// groupBinaryUnits estimates newBinLeq over gs with one bound.
func groupBinaryUnits(gs []group) int64 {
	var units int64
	var widths []int
	for _, g := range gs {
		lo, hi := slices.Min(g.vals), slices.Max(g.vals)
		w := new(big.Int).Sub(big.NewInt(hi), big.NewInt(lo)).BitLen()
		units += tableUnits(len(g.vals), w)
		if g.ordered != 0 {
			units += int64(len(g.vals)) * gateUnits
		}
		widths = append(widths, w)
	}
	su, w := sumUnits(widths)
	return units + su + cmpUnits(w)
}

// binLeq is "sum of groups <= k" in binary arithmetic: each group's value
// above its least as a table over its options, summed with adders, one
// comparator per bound.
type binLeq struct {
	p   *Problem
	sum bin
	low *big.Int // the sum of the groups' least values
}

func (p *Problem) newBinLeq(gs []group) *binLeq {
	a := arith{p.c}
	b := &binLeq{p: p, low: new(big.Int)}
	var xs []bin
	for _, g := range gs {
		opts := g.lits
		if g.ordered != 0 { // options from the order literals
			opts = make([]z.Lit, len(g.lits))
			for j := range g.lits {
				opts[j] = g.lits[j]
				if j+1 < len(g.lits) {
					opts[j] = p.c.And(g.lits[j], g.lits[j+1].Not())
				}
			}
		}
		lo := big.NewInt(slices.Min(g.vals))
		b.low.Add(b.low, lo)
		vals := make([]*big.Int, len(g.vals))
		for j, v := range g.vals {
			vals[j] = new(big.Int).Sub(big.NewInt(v), lo)
		}
		xs = append(xs, a.table(opts, vals))
	}
	b.sum = a.sum(xs)
	return b
}

func (b *binLeq) lit(k int64) z.Lit {
	return arith{b.p.c}.leConst(b.sum, new(big.Int).Sub(big.NewInt(k), b.low))
}

// newBDD returns a decision diagram for "sum of gs <= k" whose nodes are
// shared by every bound k asked of it.
func (p *Problem) newBDD(gs []group) *leqBuilder {
	b := &leqBuilder{p: p, gs: gs, memo: make([][]interval, len(gs))}
	b.sufMin = make([]int64, len(gs)+1)
	b.sufMax = make([]int64, len(gs)+1)
	for i := len(gs) - 1; i >= 0; i-- {
		lo, hi := int64(posInf), int64(negInf)
		for _, v := range gs[i].vals {
			lo, hi = min(lo, v), max(hi, v)
		}
		b.sufMin[i] = satAdd(b.sufMin[i+1], lo)
		b.sufMax[i] = satAdd(b.sufMax[i+1], hi)
	}
	return b
}

// lit returns the circuit literal of "sum <= k".
func (b *leqBuilder) lit(k int64) z.Lit {
	m, _, _ := b.build(0, k)
	return m
}

func (b *leqBuilder) build(i int, k int64) (z.Lit, int64, int64) {
	c := b.p.c
	if k >= b.sufMax[i] {
		return c.T, b.sufMax[i], posInf
	}
	if k < b.sufMin[i] {
		return c.F, negInf, satAdd(b.sufMin[i], -1)
	}
	// The intervals of a level are disjoint and kept sorted.
	memo := b.memo[i]
	at, _ := slices.BinarySearchFunc(memo, k, func(iv interval, k int64) int { return cmp.Compare(iv.hi, k) })
	if at < len(memo) && (memo[at].lo <= k || (mutated("bdd-interval") && memo[at].lo == k+1)) {
		return memo[at].lit, memo[at].lo, memo[at].hi
	}
	g := &b.gs[i]
	lo, hi := int64(negInf), int64(posInf)
	children := make([]z.Lit, len(g.vals))
	for j, v := range g.vals {
		ch, clo, chi := b.build(i+1, satAdd(k, -v))
		children[j] = ch
		lo = max(lo, satAdd(clo, v))
		hi = min(hi, satAdd(chi, v))
	}
	var parts []z.Lit
	switch g.ordered {
	case 1: // level >= j requires child j
		for j, ch := range children {
			if j > 0 && ch == children[j-1] {
				continue
			}
			parts = append(parts, c.Implies(g.lits[j], ch))
		}
	case -1: // level <= j requires child j
		for j := len(children) - 1; j >= 0; j-- {
			if j < len(children)-1 && children[j] == children[j+1] {
				continue
			}
			notAbove := c.T
			if j+1 < len(g.lits) {
				notAbove = g.lits[j+1].Not()
			}
			parts = append(parts, c.Implies(notAbove, children[j]))
		}
	default:
		same := true
		for _, ch := range children {
			same = same && ch == children[0]
		}
		if same {
			parts = append(parts, children[0])
			break
		}
		for j, ch := range children {
			if ch != c.T {
				parts = append(parts, c.Implies(g.lits[j], ch))
			}
		}
	}
	m := c.Ands(parts...)
	at, _ = slices.BinarySearchFunc(b.memo[i], lo, func(iv interval, lo int64) int { return cmp.Compare(iv.lo, lo) })
	b.memo[i] = slices.Insert(b.memo[i], at, interval{lo: lo, hi: hi, lit: m})
	return m, lo, hi
}
