package solver

import (
	"math"
	"math/bits"

	"github.com/zopa-go/zopa/model"
)

// Boxes. A box is a product of one set of values per issue: an interval of
// levels for an int issue, a set of options (or of false/true) for the
// others. Counting and enumeration cover the agreeable packages with
// disjoint boxes, and the ZOPA marks every value of a box at once; a box is
// only used when the model's meaning says every package in it is agreeable
// (boxEval, three-valued and sound).

// dom is the set of values one issue takes in a box: the value indexes lo..hi
// (levels of an int issue in ascending order, options in declared order,
// false = 0 and true = 1), and for bool and choice issues, when set is not
// nil, only those of lo..hi in set.
type dom struct {
	lo, hi int
	set    bitset
}

// bitset is a set of small non-negative integers.
type bitset []uint64

func newBitset(n int) bitset    { return make(bitset, (n+63)/64) }
func (b bitset) has(i int) bool { return b[i/64]>>(i%64)&1 == 1 }
func (b bitset) add(i int)      { b[i/64] |= 1 << (i % 64) }

// has reports whether value index j is in d.
func (d dom) has(j int) bool {
	return d.lo <= j && j <= d.hi && (d.set == nil || d.set.has(j))
}

// single reports whether d holds exactly one value, and which.
func (d dom) single() (int, bool) {
	if d.set == nil {
		return d.lo, d.lo == d.hi
	}
	j := -1
	for i := d.lo; i <= d.hi; i++ {
		if d.set.has(i) {
			if j >= 0 {
				return 0, false
			}
			j = i
		}
	}
	return j, j >= 0
}

// size is the number of values in d.
func (d dom) size() int64 {
	if d.hi < d.lo {
		return 0
	}
	if d.set == nil {
		return int64(d.hi - d.lo + 1)
	}
	n := int64(0)
	for i, w := range d.set {
		if w == 0 || (i+1)*64 <= d.lo || i*64 > d.hi {
			continue
		}
		for j := max(d.lo, i*64); j <= min(d.hi, i*64+63); j++ {
			if w>>(j%64)&1 == 1 {
				n++
			}
		}
	}
	return n
}

// values lists the value indexes of d in order.
func (d dom) values(yield func(int) bool) {
	for j := d.lo; j <= d.hi; j++ {
		if (d.set == nil || d.set.has(j)) && !yield(j) {
			return
		}
	}
}

// full returns the domain of issue iv.
func (iv *issueVars) full() dom { return dom{lo: 0, hi: iv.size() - 1} }

// value returns the value with index j of issue iv.
func (iv *issueVars) value(j int) model.Value {
	switch iv.is.Kind {
	case model.BoolKind:
		return model.BoolValue(j == 1)
	case model.ChoiceKind:
		return model.OptionValue(iv.is.Options[j])
	case model.StepKind:
		if j == iv.n-1 {
			return model.Never()
		}
		return model.StepValue(j + 1)
	}
	return model.IntValue(iv.level(j))
}

// index returns the index of value v of issue iv (v in its domain).
func (iv *issueVars) index(v model.Value) int {
	switch iv.is.Kind {
	case model.BoolKind:
		if v.Bool() {
			return 1
		}
		return 0
	case model.ChoiceKind:
		return iv.optIndex(v.Option())
	case model.StepKind:
		return int(model.PhaseOf(v, iv.n-1)) - 1
	}
	j, _ := iv.levelIndex(v.Int())
	return j
}

// bexpr is an expression compiled for evaluation over boxes: issues
// resolved to indexes, options to option indexes.
type bexpr struct {
	kind  bkind
	value bool // const
	neg   bool // is: "!="
	i     int  // var, is, in: the issue
	j     int  // is: the option
	opts  []int
	kids  []*bexpr
	card  model.CardOp
	order model.OrderOp // bOrder: i before/together with j
	k     int
	cmp   model.CmpOp
	l, r  blinear
}

type bkind uint8

const (
	bConst bkind = iota
	bVar
	bNot
	bAnd
	bOr
	bImplies
	bIff
	bIs
	bIn
	bCard
	bCmp
	bTaken // a step issue is taken
	bOrder // before or together
)

// blinear is a linear term over issue indexes.
type blinear struct {
	c     int64
	terms []bterm
}

type bterm struct {
	i int
	a int64
}

// bexprOf compiles e for boxEval.
func (p *Problem) bexprOf(e model.Expr) *bexpr {
	kids := func(xs []model.Expr) []*bexpr {
		out := make([]*bexpr, len(xs))
		for k, x := range xs {
			out[k] = p.bexprOf(x)
		}
		return out
	}
	lin := func(l model.Linear) blinear {
		out := blinear{c: l.Const}
		for _, t := range l.Terms {
			out.terms = append(out.terms, bterm{i: p.issueIdx[t.Issue], a: t.Coef})
		}
		return out
	}
	switch e := e.(type) {
	case *model.ConstExpr:
		return &bexpr{kind: bConst, value: e.Value}
	case *model.VarExpr:
		i := p.issueIdx[e.Issue]
		if p.issues[i].is.Kind == model.StepKind {
			return &bexpr{kind: bTaken, i: i}
		}
		return &bexpr{kind: bVar, i: i}
	case *model.OrderExpr:
		return &bexpr{kind: bOrder, order: e.Op, i: p.issueIdx[e.A], j: p.issueIdx[e.B]}
	case *model.NotExpr:
		return &bexpr{kind: bNot, kids: []*bexpr{p.bexprOf(e.X)}}
	case *model.AndExpr:
		return &bexpr{kind: bAnd, kids: kids(e.X)}
	case *model.OrExpr:
		return &bexpr{kind: bOr, kids: kids(e.X)}
	case *model.ImpliesExpr:
		return &bexpr{kind: bImplies, kids: kids([]model.Expr{e.If, e.Then})}
	case *model.IffExpr:
		return &bexpr{kind: bIff, kids: kids([]model.Expr{e.X, e.Y})}
	case *model.IsExpr:
		i := p.issueIdx[e.Issue]
		return &bexpr{kind: bIs, i: i, j: p.issues[i].optIndex(e.Option), neg: e.Negated}
	case *model.InExpr:
		i := p.issueIdx[e.Issue]
		b := &bexpr{kind: bIn, i: i}
		for _, o := range e.Options {
			b.opts = append(b.opts, p.issues[i].optIndex(o))
		}
		return b
	case *model.CardExpr:
		return &bexpr{kind: bCard, kids: kids(e.X), card: e.Op, k: e.K}
	case *model.CmpExpr:
		return &bexpr{kind: bCmp, cmp: e.Op, l: lin(e.L), r: lin(e.R)}
	}
	return &bexpr{kind: bConst} // unreachable for validated expressions
}

// boxEval evaluates e over the box b (one dom per issue) in Kleene's logic:
// True3 (False3) only when e holds (fails) for every package of b.
func (p *Problem) boxEval(e *bexpr, b []dom) model.Tri {
	switch e.kind {
	case bConst:
		return tri(e.value)
	case bVar:
		return b[e.i].truth(1)
	case bTaken: // the last index is never
		d, never := b[e.i], p.issues[e.i].n-1
		return decide(d.hi < never, d.lo == never)
	case bOrder:
		return p.boxOrder(e, b)
	case bNot:
		return -p.boxEval(e.kids[0], b)
	case bAnd:
		r := model.True3
		for _, x := range e.kids {
			if r = min(r, p.boxEval(x, b)); r == model.False3 {
				break
			}
		}
		return r
	case bOr:
		r := model.False3
		for _, x := range e.kids {
			if r = max(r, p.boxEval(x, b)); r == model.True3 {
				break
			}
		}
		return r
	case bImplies:
		return max(-p.boxEval(e.kids[0], b), p.boxEval(e.kids[1], b))
	case bIff:
		return p.boxEval(e.kids[0], b) * p.boxEval(e.kids[1], b)
	case bIs:
		t := b[e.i].truth(e.j)
		if t == model.Unknown && mutated("box-is") {
			t = model.True3
		}
		if e.neg {
			return -t
		}
		return t
	case bIn:
		d := b[e.i]
		in := int64(0)
		for _, j := range e.opts {
			if d.has(j) {
				in++
			}
		}
		switch {
		case in == 0:
			return model.False3
		case in == d.size():
			return model.True3
		}
		return model.Unknown
	case bCard:
		yes, unk := 0, 0
		for _, x := range e.kids {
			switch p.boxEval(x, b) {
			case model.True3:
				yes++
			case model.Unknown:
				unk++
			}
		}
		lo, hi := yes, yes+unk
		switch e.card {
		case model.AtMostOp:
			return decide(hi <= e.k, lo > e.k)
		case model.AtLeastOp:
			return decide(lo >= e.k, hi < e.k)
		}
		return decide(lo == e.k && hi == e.k, lo > e.k || hi < e.k)
	}
	return p.boxCompare(e, b)
}

// boxOrder evaluates before(a, b) or together(a, b) over the box: phase
// indexes 0..K-1, K for never.
func (p *Problem) boxOrder(e *bexpr, b []dom) model.Tri {
	a, c, never := b[e.i], b[e.j], p.issues[e.i].n-1
	taken := decide(a.hi < never && c.hi < never, a.lo == never || c.lo == never)
	var rel model.Tri
	if e.order == model.BeforeOp {
		rel = decide(a.hi < c.lo, a.lo >= c.hi)
	} else {
		rel = decide(a.lo == a.hi && c.lo == c.hi && a.lo == c.lo, a.hi < c.lo || c.hi < a.lo)
	}
	return min(taken, rel)
}

func tri(ok bool) model.Tri {
	if ok {
		return model.True3
	}
	return model.False3
}

func decide(isTrue, isFalse bool) model.Tri {
	switch {
	case isTrue:
		return model.True3
	case isFalse:
		return model.False3
	}
	return model.Unknown
}

// truth is the truth of "the value index is j" over d.
func (d dom) truth(j int) model.Tri {
	if !d.has(j) {
		return model.False3
	}
	if _, one := d.single(); one {
		return model.True3
	}
	return model.Unknown
}

// boxCompare bounds both sides of a comparison over the box; any overflow
// makes the answer Unknown.
func (p *Problem) boxCompare(e *bexpr, b []dom) model.Tri {
	llo, lhi, ok1 := p.boxLinear(e.l, b)
	rlo, rhi, ok2 := p.boxLinear(e.r, b)
	if !ok1 || !ok2 {
		return model.Unknown
	}
	if llo == lhi && rlo == rhi {
		return tri(e.cmp.Holds(llo, rlo))
	}
	switch e.cmp {
	case model.EqOp:
		return decide(false, lhi < rlo || llo > rhi)
	case model.NeOp:
		return decide(lhi < rlo || llo > rhi, false)
	case model.LtOp:
		return decide(lhi < rlo, llo >= rhi)
	case model.LeOp:
		if mutated("box-le") {
			return decide(llo <= rlo, llo > rhi)
		}
		return decide(lhi <= rlo, llo > rhi)
	case model.GtOp:
		return decide(llo > rhi, lhi <= rlo)
	}
	return decide(llo >= rhi, lhi < rlo) // GeOp
}

// boxLinear bounds l over the box, reporting false on overflow.
func (p *Problem) boxLinear(l blinear, b []dom) (lo, hi int64, ok bool) {
	lo, hi = l.c, l.c
	for _, t := range l.terms {
		iv, d := &p.issues[t.i], b[t.i]
		x, ok1 := mulChecked(t.a, iv.level(d.lo))
		y, ok2 := mulChecked(t.a, iv.level(d.hi))
		if !ok1 || !ok2 {
			return 0, 0, false
		}
		var ok3, ok4 bool
		lo, ok3 = addChecked(lo, min(x, y))
		hi, ok4 = addChecked(hi, max(x, y))
		if !ok3 || !ok4 {
			return 0, 0, false
		}
	}
	return lo, hi, true
}

func mulChecked(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	hi, lo := bits.Mul64(uint64(abs(a)), uint64(abs(b)))
	if hi != 0 || lo > math.MaxInt64 || a == math.MinInt64 || b == math.MinInt64 {
		return 0, false
	}
	if (a < 0) != (b < 0) {
		return -int64(lo), true
	}
	return int64(lo), true
}

func abs(a int64) int64 {
	if a < 0 {
		return -a
	}
	return a
}

func addChecked(a, b int64) (int64, bool) {
	s := a + b
	if (a > 0 && b > 0 && s < 0) || (a < 0 && b < 0 && s >= 0) {
		return 0, false
	}
	return s, true
}

// wideScore is the number of levels above which a points preference over a
// free issue makes a reservation Unknown in a box rather than be bounded
// level by level.
const wideScore = 1024

// boxHolds evaluates constraint ci over the box.
func (p *Problem) boxHolds(ci int, b []dom) model.Tri {
	r := p.refs[ci]
	if r.Kind != model.ReservationKind {
		return p.boxEval(p.bexprs[ci], b)
	}
	party := p.space.Party(r.Party)
	partial := model.Package{}
	for _, i := range p.resIssues[ci] {
		iv := &p.issues[i]
		if j, one := b[i].single(); one {
			partial[iv.is.ID] = iv.value(j)
		} else if iv.is.Kind == model.IntKind && iv.n > wideScore {
			return model.Unknown
		}
	}
	// Only True3: a region is never pruned on floating-point bounds of a
	// utility (the SAT solver decides those).
	lo, _ := p.space.UtilityRange(party, partial)
	// Clear of the exact threshold by far more than float rounding.
	return decide(lo > *party.Reservation-model.ReservationTolerance+1e-9, false)
}
