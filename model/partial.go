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
			return tri(v.b)
		}
		return Unknown
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
		lo, hi := yes, yes+unk
		switch e.Op {
		case AtMostOp:
			return decide(hi <= e.K, lo > e.K)
		case AtLeastOp:
			return decide(lo >= e.K, hi < e.K)
		case ExactlyOp:
			return decide(lo == e.K && hi == e.K, lo > e.K || hi < e.K)
		}
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
		if v, ok := p[t.Issue]; ok {
			lo += t.Coef * v.i
			hi += t.Coef * v.i
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
	var slo, shi, w float64
	for i := range party.Preferences {
		pr := &party.Preferences[i]
		a, b := s.scoreRange(pr, p)
		slo += pr.Weight * a
		shi += pr.Weight * b
		w += pr.Weight
	}
	return slo / w, shi / w
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
	for _, v := range s.Issue(pr.Issue).Domain() {
		sc, _ := s.Score(pr, Package{pr.Issue: v})
		lo, hi = min(lo, sc), max(hi, sc)
	}
	return lo, hi
}
