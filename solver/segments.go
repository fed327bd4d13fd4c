package solver

import (
	"math/big"
	"math/bits"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/model"
)

// A points preference on a binary-encoded int or step issue (a domain
// wider than the order encoding's limit) is piecewise linear in the
// issue's level index j, since the levels are evenly spaced. It is
// encoded by segments, never level by level, so that its size grows with
// the bits of the domain and the number of points, not with the levels:
//
//	f(j) = sum over segments [s, e) of in(s,e) * (base + |d| * r)
//
// where in(s,e) is "s <= j < e" (two comparators over the index bits), d
// the exact slope of f per level on the segment, and r the offset j - s
// (when d >= 0, base = f(s)) or e-1 - j (when d < 0, base = f(e-1)),
// computed from the index bits with one constant adder. Every term is
// non-negative, as the common integer scale needs (see
// scale.ScaleGroups), and the products in(s,e)*bit(r, b) are two-option
// groups {not m, m} worth {0, |d|*2^b}. The values are the model's exact
// rationals (ExactScore), so the encoding is exact whenever the scale is.

// segmentMin is the estimated size of a level-by-level encoding (see
// valueClasses) above which a points preference on a binary-encoded issue
// is encoded by segments (a variable for tests). Below it the levels are
// encoded one by one: on a fixed-point scale (see scale.ScaleGroups) each
// level's value is then rounded once, so equal scores stay equal, while
// the bits of a segment are rounded one by one.
var segmentMin int64 = 1 << 16

// bySegments reports whether a points preference on the binary-encoded
// issue iv is encoded by segments.
func (p *Problem) bySegments(iv *issueVars) bool {
	return int64(iv.n)*int64(len(iv.idx)+1)*gateUnits > segmentMin
}

// segment is one piece [s, e) of the level indexes on which a points
// preference is affine in the index.
type segment struct {
	s, e int
}

// pointSegments returns the pieces of iv's level indexes on which the
// points preference pts is affine: levels up to the first point, then
// between consecutive points, then after the last (empty pieces left out).
func pointSegments(iv *issueVars, pts []model.Point) []segment {
	cuts := []int{0}
	for _, pt := range pts {
		c := levelsUpTo(iv, pt.X)
		if c > cuts[len(cuts)-1] && c < iv.n {
			cuts = append(cuts, c)
		}
	}
	cuts = append(cuts, iv.n)
	out := make([]segment, 0, len(cuts)-1)
	for k := 1; k < len(cuts); k++ {
		out = append(out, segment{cuts[k-1], cuts[k]})
	}
	return out
}

// levelsUpTo returns the number of levels of int or step issue iv that
// are at most x (the levels ascend: a binary search over the indexes).
func levelsUpTo(iv *issueVars, x int64) int {
	lo, hi := 0, iv.n
	for lo < hi {
		mid := lo + (hi-lo)/2
		if iv.level(mid) <= x {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// segmentUnits estimates the size of segmentGroups over nseg segments of
// an issue with w index bits.
func segmentUnits(nseg, w int) int64 {
	return int64(nseg) * (addUnits(w) + 2*cmpUnits(w) + int64(w+2)*gateUnits)
}

// segmentGroups encodes w times the points preference pr on the
// binary-encoded issue iv as two-option groups (see the comment above):
// their literals and their exact values. The literals are written to the
// solver.
func (p *Problem) segmentGroups(iv *issueVars, pr *model.Preference, w *big.Rat) ([]ugroup, [][]*big.Rat) {
	segs := pointSegments(iv, pr.Points)
	width := len(iv.idx)
	p.charge(segmentUnits(len(segs), width))
	score := func(j int) *big.Rat {
		sc, _ := p.space.ExactScore(pr, model.Package{pr.Issue: iv.is.ValueAt(j)}) // a valid value: no error
		return sc.Mul(sc, w)
	}
	a := arith{p.c}
	full := new(big.Int).Lsh(big.NewInt(1), uint(width)) // 2^width
	var gs []ugroup
	var rats [][]*big.Rat
	var lits []z.Lit
	two := func(m z.Lit, v *big.Rat) {
		gs = append(gs, ugroup{opts: []z.Lit{m.Not(), m}, issue: -1, of: -1})
		rats = append(rats, []*big.Rat{new(big.Rat), v})
		lits = append(lits, m)
	}
	for _, sg := range segs {
		in := p.c.And(p.geLit(iv, sg.s), p.geLit(iv, sg.e).Not())
		fs, fe := score(sg.s), score(sg.e-1)
		if sg.e-sg.s == 1 || fs.Cmp(fe) == 0 { // constant on the segment
			if fs.Sign() != 0 {
				two(in, fs)
			}
			continue
		}
		d := new(big.Rat).Sub(fe, fs)
		d.Quo(d, new(big.Rat).SetInt64(int64(sg.e-1-sg.s)))
		// r = (x + k) mod 2^width: x the index bits (d >= 0, k = -s) or
		// their complement (d < 0, k = e: ~j + e = e-1 - j mod 2^width).
		x := bin{bits: iv.idx, max: new(big.Int).Sub(full, big.NewInt(1))}
		k := new(big.Int).Sub(full, big.NewInt(int64(sg.s)))
		base := fs
		if d.Sign() < 0 {
			d.Neg(d)
			base = fe
			nb := make([]z.Lit, width)
			for b, m := range iv.idx {
				nb[b] = m.Not()
			}
			x.bits = nb
			k.SetInt64(int64(sg.e))
		}
		k.Mod(k, full)
		r := x.bits
		if k.Sign() != 0 {
			r = a.add(x, a.constBin(k)).bits[:width]
		}
		if base.Sign() != 0 {
			two(in, base)
		}
		step := new(big.Rat).Set(d)
		for b := range bits.Len(uint(sg.e - 1 - sg.s)) { // r <= e-1 - s inside the segment
			two(p.c.And(in, r[b]), new(big.Rat).Set(step))
			step.Add(step, step)
		}
	}
	if len(gs) == 0 { // the preference scores 0 everywhere
		gs = append(gs, ugroup{opts: []z.Lit{p.c.T}, issue: -1, of: -1})
		rats = append(rats, []*big.Rat{new(big.Rat)})
	}
	p.flush(lits...)
	return gs, rats
}
