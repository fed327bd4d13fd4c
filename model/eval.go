package model

import (
	"fmt"
	"math"
)

// Missing is returned (wrapped) when a package lacks a value the evaluation
// needs, or holds a value of the wrong kind.
type PackageError struct {
	Issue string
	Msg   string
}

func (e *PackageError) Error() string { return fmt.Sprintf("issue %q: %s", e.Issue, e.Msg) }

// Eval evaluates e on p without any solver. Every issue e mentions must
// have a value of the right kind in p.
func (s *Space) Eval(e Expr, p Package) (bool, error) {
	switch e := e.(type) {
	case *ConstExpr:
		return e.Value, nil
	case *VarExpr:
		v, ok := p[e.Issue]
		if ok && v.kind == StepKind {
			return v.i != 0, nil
		}
		v, err := get(p, e.Issue, BoolKind)
		return v.b, err
	case *OrderExpr:
		a, err := get(p, e.A, StepKind)
		if err != nil {
			return false, err
		}
		b, err := get(p, e.B, StepKind)
		if err != nil {
			return false, err
		}
		if a.i == 0 || b.i == 0 {
			return false, nil
		}
		if e.Op == BeforeOp {
			return a.i < b.i, nil
		}
		return a.i == b.i, nil
	case *NotExpr:
		b, err := s.Eval(e.X, p)
		return !b, err
	case *AndExpr:
		for _, x := range e.X {
			if b, err := s.Eval(x, p); err != nil || !b {
				return false, err
			}
		}
		return true, nil
	case *OrExpr:
		for _, x := range e.X {
			if b, err := s.Eval(x, p); err != nil || b {
				return b, err
			}
		}
		return false, nil
	case *ImpliesExpr:
		a, err := s.Eval(e.If, p)
		if err != nil || !a {
			return true, err
		}
		return s.Eval(e.Then, p)
	case *IffExpr:
		a, err := s.Eval(e.X, p)
		if err != nil {
			return false, err
		}
		b, err := s.Eval(e.Y, p)
		return a == b, err
	case *IsExpr:
		v, err := get(p, e.Issue, ChoiceKind)
		return (v.s == e.Option) != e.Negated, err
	case *InExpr:
		v, err := get(p, e.Issue, ChoiceKind)
		for _, o := range e.Options {
			if v.s == o {
				return true, err
			}
		}
		return false, err
	case *CardExpr:
		n := 0
		for _, x := range e.X {
			b, err := s.Eval(x, p)
			if err != nil {
				return false, err
			}
			if b {
				n++
			}
		}
		switch e.Op {
		case AtMostOp:
			return n <= e.K, nil
		case AtLeastOp:
			return n >= e.K, nil
		case ExactlyOp:
			return n == e.K, nil
		}
		return false, fmt.Errorf("unknown cardinality operator %d", e.Op)
	case *CmpExpr:
		l, err := s.evalLinear(e.L, p)
		if err != nil {
			return false, err
		}
		r, err := s.evalLinear(e.R, p)
		if err != nil {
			return false, err
		}
		return e.Op.Holds(l, r), nil
	}
	return false, fmt.Errorf("unknown expression type %T", e)
}

// evalLinear evaluates l; validated spaces cannot overflow.
func (s *Space) evalLinear(l Linear, p Package) (int64, error) {
	sum := l.Const
	for _, t := range l.Terms {
		x, err := s.termValue(t, p)
		if err != nil {
			return 0, err
		}
		sum += t.Coef * x
	}
	return sum, nil
}

// termValue is the value of an int issue, or phase() of a step issue.
func (s *Space) termValue(t Term, p Package) (int64, error) {
	if !t.Phase {
		v, err := get(p, t.Issue, IntKind)
		return v.i, err
	}
	v, err := get(p, t.Issue, StepKind)
	if err != nil {
		return 0, err
	}
	return PhaseOf(v, s.phasesOf(t.Issue)), nil
}

// phasesOf returns K for the step issue id.
func (s *Space) phasesOf(id string) int {
	if is := s.Issue(id); is != nil && is.Phases > 0 {
		return is.Phases
	}
	return s.NumPhases()
}

func get(p Package, id string, k Kind) (Value, error) {
	v, ok := p[id]
	if !ok {
		return v, &PackageError{Issue: id, Msg: "no value"}
	}
	if v.kind != k {
		return v, &PackageError{Issue: id, Msg: fmt.Sprintf("value %s is not a %s", v, k)}
	}
	return v, nil
}

// Utility returns the party's utility for the complete package p as the
// format defines it: the weighted mean of its preference scores, 1 when it
// has none.
func (s *Space) Utility(party *Party, p Package) (float64, error) {
	if len(party.Preferences) == 0 {
		return 1, nil
	}
	var sum, wsum float64
	for i := range party.Preferences {
		pr := &party.Preferences[i]
		sc, err := s.Score(pr, p)
		if err != nil {
			return 0, err
		}
		sum += pr.Weight * sc
		wsum += pr.Weight
	}
	return sum / wsum, nil
}

// Score returns the score in [0, 1] of one preference for package p.
func (s *Space) Score(pr *Preference, p Package) (float64, error) {
	switch {
	case pr.Prefer != nil:
		b, err := s.Eval(pr.Prefer, p)
		if b {
			return 1, err
		}
		return 0, err
	case pr.Points != nil:
		v, ok := p[pr.Issue]
		if ok && v.kind == StepKind {
			return Interpolate(pr.Points, PhaseOf(v, s.phasesOf(pr.Issue))), nil
		}
		v, err := get(p, pr.Issue, IntKind)
		if err != nil {
			return 0, err
		}
		return Interpolate(pr.Points, v.i), nil
	default:
		v, ok := p[pr.Issue]
		if !ok {
			return 0, &PackageError{Issue: pr.Issue, Msg: "no value"}
		}
		key := v.s
		if v.kind == BoolKind {
			key = fmt.Sprint(v.b)
		}
		return pr.Values[key], nil
	}
}

// Interpolate evaluates the piecewise linear function through pts (x
// strictly increasing) at x, holding the end values outside them.
func Interpolate(pts []Point, x int64) float64 {
	if len(pts) == 0 {
		return 0
	}
	if x <= pts[0].X {
		return pts[0].Y
	}
	for i := 1; i < len(pts); i++ {
		if x <= pts[i].X {
			a, b := pts[i-1], pts[i]
			// Differences as float64 of exact int64 differences (computed
			// in uint64 to avoid overflow across the whole int64 range).
			t := float64(uint64(x-a.X)) / float64(uint64(b.X-a.X))
			return a.Y + t*(b.Y-a.Y)
		}
	}
	return pts[len(pts)-1].Y
}

// Verdict is the evaluator's judgement of one complete package.
type Verdict struct {
	// Agreeable is true when no rule, red line, precondition or reservation
	// is broken.
	Agreeable bool
	// Broken lists the constraints the package breaks, rules first, then
	// parties in document order.
	Broken []Ref
	// Utilities maps each party id to its utility.
	Utilities map[string]float64
}

// Judge evaluates the complete package p against every constraint of s
// without a solver. It is the reference every solver answer is tested
// against. p must hold a value in the domain for every issue.
func (s *Space) Judge(p Package) (*Verdict, error) {
	if err := s.CheckPackage(p, true); err != nil {
		return nil, err
	}
	v := &Verdict{Utilities: make(map[string]float64, len(s.Parties))}
	for i := range s.Rules {
		ok, err := s.Eval(s.Rules[i].Require, p)
		if err != nil {
			return nil, err
		}
		if !ok {
			v.Broken = append(v.Broken, Ref{Constraint: s.Rules[i].ID, Kind: RuleKind})
		}
	}
	for pi := range s.Parties {
		party := &s.Parties[pi]
		for _, list := range []struct {
			cs   []Constraint
			kind ConstraintKind
		}{{party.RedLines, RedLineKind}, {party.Preconditions, PreconditionKind}} {
			for i := range list.cs {
				ok, err := s.Eval(list.cs[i].Cond(), p)
				if err != nil {
					return nil, err
				}
				if !ok {
					v.Broken = append(v.Broken, Ref{Party: party.ID, Constraint: list.cs[i].ID, Kind: list.kind})
				}
			}
		}
		u, err := s.Utility(party, p)
		if err != nil {
			return nil, err
		}
		v.Utilities[party.ID] = u
		if party.Reservation != nil && !MeetsReservation(u, *party.Reservation) {
			v.Broken = append(v.Broken, Ref{Party: party.ID, Constraint: "reservation", Kind: ReservationKind})
		}
	}
	v.Agreeable = len(v.Broken) == 0
	return v, nil
}

// ReservationTolerance is the slack allowed when comparing a utility with a
// reservation, so that a utility computed as 0.3000000000000001 or
// 0.29999999999999993 for an exact 0.3 is judged the same by the evaluator
// and by the solver's exact integer arithmetic.
const ReservationTolerance = 1e-12

// MeetsReservation reports whether utility u reaches reservation d.
func MeetsReservation(u, d float64) bool { return u >= d-ReservationTolerance && !math.IsNaN(u) }

// CheckPackage checks that every value of p belongs to a known issue and its
// domain; with complete, that every issue has a value.
func (s *Space) CheckPackage(p Package, complete bool) error {
	for id, v := range p {
		is := s.Issue(id)
		if is == nil {
			return &PackageError{Issue: id, Msg: "unknown issue"}
		}
		if !is.Has(v) {
			return &PackageError{Issue: id, Msg: fmt.Sprintf("value %s is not in the %s domain", v, is.Kind)}
		}
	}
	if complete && len(p) != len(s.Issues) {
		for _, is := range s.Issues {
			if _, ok := p[is.ID]; !ok {
				return &PackageError{Issue: is.ID, Msg: "no value"}
			}
		}
	}
	return nil
}
