package model

// Tri is a three-valued truth value: for a partial package, an expression
// may be true or false whatever the missing issues are, or Unknown.
type Tri int8

// Three-valued truth values.
const (
	False3  Tri = -1
	Unknown Tri = 0
	True3   Tri = 1
)

func tri(b bool) Tri {
	if b {
		return True3
	}
	return False3
}

// EvalPartial evaluates e on a partial package p in Kleene's logic: the
// result is True3 (False3) only when e is true (false) for every completion
// of p. It is sound but not complete: it may answer Unknown for an
// expression that every completion makes true (for instance x || !x). Values
// in p must be of the right kind; issues absent from p range over their
// domains.
func (s *Space) EvalPartial(e Expr, p Package) Tri {
	switch e := e.(type) {
	case *ConstExpr:
		return tri(e.Value)
	case *VarExpr:
		if v, ok := p[e.Issue]; ok {
			if v.kind == StepKind {
				return tri(v.i != 0)
			}
			return tri(v.b)
		}
		return Unknown
	case *OrderExpr:
		return s.orderPartial(e, p)
	case *NotExpr:
		return -s.EvalPartial(e.X, p)
	case *AndExpr:
		r := True3
		for _, x := range e.X {
			r = min(r, s.EvalPartial(x, p))
			if r == False3 {
				return r
			}
		}
		return r
	case *OrExpr:
		r := False3
		for _, x := range e.X {
			r = max(r, s.EvalPartial(x, p))
			if r == True3 {
				return r
			}
		}
		return r
	case *ImpliesExpr:
		return max(-s.EvalPartial(e.If, p), s.EvalPartial(e.Then, p))
	case *IffExpr:
		a, b := s.EvalPartial(e.X, p), s.EvalPartial(e.Y, p)
		return a * b
	case *IsExpr:
		v, ok := p[e.Issue]
		if !ok {
			return Unknown
		}
		return tri((v.s == e.Option) != e.Negated)
	case *InExpr:
		v, ok := p[e.Issue]
		if !ok {
			return Unknown
		}
		for _, o := range e.Options {
			if o == v.s {
				return True3
			}
		}
		return False3
	case *CardExpr:
		yes, unk := 0, 0
		for _, x := range e.X {
			switch s.EvalPartial(x, p) {
			case True3:
				yes++
			case Unknown:
				unk++
			}
		}
		return cardTri(e, yes, unk)
	case *CmpExpr:
		llo, lhi := s.linearRange(e.L, p)
		rlo, rhi := s.linearRange(e.R, p)
		if llo == lhi && rlo == rhi {
			return tri(e.Op.Holds(llo, rlo))
		}
		switch e.Op {
		case EqOp:
			return decide(false, lhi < rlo || llo > rhi)
		case NeOp:
			return decide(lhi < rlo || llo > rhi, false)
		case LtOp:
			return decide(lhi < rlo, llo >= rhi)
		case LeOp:
			return decide(lhi <= rlo, llo > rhi)
		case GtOp:
			return decide(llo > rhi, lhi <= rlo)
		case GeOp:
			return decide(llo >= rhi, lhi < rlo)
		}
	}
	return Unknown
}

// orderPartial evaluates before/together on a partial package: decided when
// both steps are known, or when a known one rules the relation out.
func (s *Space) orderPartial(e *OrderExpr, p Package) Tri {
	a, aok := p[e.A]
	b, bok := p[e.B]
	if (aok && a.i == 0) || (bok && b.i == 0) {
		return False3
	}
	if aok && bok {
		if e.Op == BeforeOp {
			return tri(a.i < b.i)
		}
		return tri(a.i == b.i)
	}
	if e.Op == BeforeOp && ((aok && a.i >= int64(s.phasesOf(e.A))) || (bok && b.i <= 1)) {
		return False3 // nothing can follow the last phase or precede the first
	}
	return Unknown
}

func decide(isTrue, isFalse bool) Tri {
	switch {
	case isTrue:
		return True3
	case isFalse:
		return False3
	}
	return Unknown
}

// linearRange bounds l over the completions of p. In a validated space the
// bounds fit in an int64.
func (s *Space) linearRange(l Linear, p Package) (lo, hi int64) {
	lo, hi = l.Const, l.Const
	for _, t := range l.Terms {
		if _, ok := p[t.Issue]; ok {
			x, _ := s.termValue(t, p)
			lo += t.Coef * x
			hi += t.Coef * x
			continue
		}
		first, last, _ := s.Issue(t.Issue).levelBounds()
		a, b := t.Coef*first, t.Coef*last
		lo += min(a, b)
		hi += max(a, b)
	}
	return lo, hi
}

// UtilityRange bounds the party's utility over the completions of p.
func (s *Space) UtilityRange(party *Party, p Package) (lo, hi float64) {
	if len(party.Preferences) == 0 {
		return 1, 1
	}
	top := weightScale(party) // as in Utility: no overflow for huge weights
	var slo, shi, w float64
	for i := range party.Preferences {
		pr := &party.Preferences[i]
		a, b := s.scoreRange(pr, p)
		wt := pr.Weight / top
		slo += wt * a
		shi += wt * b
		w += wt
	}
	return unit(slo / w), unit(shi / w)
}

func (s *Space) scoreRange(pr *Preference, p Package) (lo, hi float64) {
	if _, ok := p[pr.Issue]; ok || pr.Prefer != nil {
		if pr.Prefer != nil {
			switch s.EvalPartial(pr.Prefer, p) {
			case True3:
				return 1, 1
			case False3:
				return 0, 0
			}
			return 0, 1
		}
		sc, _ := s.Score(pr, p)
		return sc, sc
	}
	lo, hi = 1, 0
	for _, v := range scoreCandidates(pr, s.Issue(pr.Issue)) { // the extremes, not every level
		sc, _ := s.Score(pr, Package{pr.Issue: v})
		lo, hi = min(lo, sc), max(hi, sc)
	}
	return lo, hi
}

// cardTri decides a cardinality constraint from the number of its members
// known true (yes) and unknown (unk).
func cardTri(e *CardExpr, yes, unk int) Tri {
	lo, hi := yes, yes+unk
	switch e.Op {
	case AtMostOp:
		return decide(hi <= e.K, lo > e.K)
	case AtLeastOp:
		return decide(lo >= e.K, hi < e.K)
	case ExactlyOp:
		return decide(lo == e.K && hi == e.K, lo > e.K || hi < e.K)
	}
	return Unknown
}
