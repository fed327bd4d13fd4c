package model

import (
	"fmt"
	"math"
	"math/big"
	"sort"

	"github.com/zopa-go/zopa/internal/decimal"
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
// has none. It is within a few units in the last place of the exact value
// (ExactUtility) and always in [0, 1]: when some weight lies outside
// [1e-150, 1e150] the weights are first divided by the greatest one, so
// that weights such as 1e308 or 1e-308 neither overflow nor underflow.
func (s *Space) Utility(party *Party, p Package) (float64, error) {
	if len(party.Preferences) == 0 {
		return 1, nil
	}
	top := weightScale(party)
	var sum, wsum float64
	for i := range party.Preferences {
		pr := &party.Preferences[i]
		sc, err := s.Score(pr, p)
		if err != nil {
			return 0, err
		}
		w := pr.Weight / top
		sum += w * sc
		wsum += w
	}
	return unit(sum / wsum), nil
}

// weightScale returns what the party's weights are divided by before they
// are summed: 1 when every weight lies in [1e-150, 1e150] (then nothing
// can overflow or underflow, and the arithmetic is the plain weighted
// mean), otherwise the greatest weight.
func weightScale(party *Party) float64 {
	top, plain := 0.0, true
	for i := range party.Preferences {
		w := party.Preferences[i].Weight
		if w > top && !math.IsInf(w, 0) {
			top = w
		}
		plain = plain && w >= 1e-150 && w <= 1e150
	}
	if plain || top == 0 {
		return 1
	}
	return top
}

// unit clamps x into [0, 1], where rounding can push a weighted mean by an
// ulp; NaN (an invalid space) becomes 0.
func unit(x float64) float64 {
	if !(x >= 0) {
		return 0
	}
	return min(x, 1)
}

// Score returns the score in [0, 1] of one preference for package p: for
// points, the float64 nearest to the exact interpolation (ExactScore).
func (s *Space) Score(pr *Preference, p Package) (float64, error) {
	switch {
	case pr.Prefer != nil:
		b, err := s.Eval(pr.Prefer, p)
		if b {
			return 1, err
		}
		return 0, err
	case pr.Points != nil:
		x, err := s.pointX(pr, p)
		if err != nil {
			return 0, err
		}
		return interpolate(pr.Points, x), nil
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

// pointX returns the x a points preference is evaluated at: the int
// issue's value, or a step issue's phase.
func (s *Space) pointX(pr *Preference, p Package) (int64, error) {
	v, ok := p[pr.Issue]
	if ok && v.kind == StepKind {
		return PhaseOf(v, s.phasesOf(pr.Issue)), nil
	}
	v, err := get(p, pr.Issue, IntKind)
	return v.i, err
}

// interpolate evaluates the piecewise linear function through pts (x
// strictly increasing) at x, holding the end values outside them. The
// result is the float64 nearest to the exact value (see interpolateRat):
// [[0, 1], [25, 0]] at 20 is 0.2, not 1 - 0.8.
func interpolate(pts []Point, x int64) float64 {
	i, at := pieceOf(pts, x)
	if at {
		return pts[i].Y
	}
	f, _ := interpolateRat(pts, x).Float64()
	return f
}

// pieceOf returns the breakpoint x falls on (at true), or the index i of
// the segment pts[i-1]..pts[i] it lies strictly inside (at false); x left
// of the first point or right of the last falls on that point.
func pieceOf(pts []Point, x int64) (int, bool) {
	if len(pts) == 0 {
		return 0, false
	}
	if x <= pts[0].X {
		return 0, true
	}
	if x >= pts[len(pts)-1].X {
		return len(pts) - 1, true
	}
	i := sort.Search(len(pts), func(i int) bool { return pts[i].X >= x })
	return i, pts[i].X == x
}

// interpolateRat is interpolate in exact rational arithmetic, with every y
// read as the shortest decimal of its float64 (so 0.1 is one tenth).
func interpolateRat(pts []Point, x int64) *big.Rat {
	if len(pts) == 0 {
		return new(big.Rat)
	}
	i, at := pieceOf(pts, x)
	if at {
		return decimal.Rat(pts[i].Y)
	}
	a, b := pts[i-1], pts[i]
	// a.Y + (b.Y - a.Y) * (x - a.X) / (b.X - a.X), the differences of x
	// computed in uint64, where they always fit.
	ya := decimal.Rat(a.Y)
	t := new(big.Rat).SetFrac(new(big.Int).SetUint64(uint64(x)-uint64(a.X)), new(big.Int).SetUint64(uint64(b.X)-uint64(a.X)))
	d := new(big.Rat).Sub(decimal.Rat(b.Y), ya)
	return d.Add(ya, d.Mul(d, t))
}

// ExactScore returns the score of preference pr for package p as an exact
// rational, reading every number of the scenario as the shortest decimal
// of its float64: 1 or 0 for prefer, the listed value for values, the
// exact interpolation for points. Score is the float64 nearest to it.
func (s *Space) ExactScore(pr *Preference, p Package) (*big.Rat, error) {
	if pr.Points != nil {
		x, err := s.pointX(pr, p)
		if err != nil {
			return nil, err
		}
		return interpolateRat(pr.Points, x), nil
	}
	sc, err := s.Score(pr, p)
	if err != nil {
		return nil, err
	}
	return decimal.Rat(sc), nil
}

// ExactUtility returns the party's utility for the complete package p as
// an exact rational: sum(w_i * s_i) / sum(w_i) with weights and scores
// read as decimals (ExactScore), 1 for a party without preferences. The
// solver's integer scale represents these values exactly when its
// Precision is exact.
func (s *Space) ExactUtility(party *Party, p Package) (*big.Rat, error) {
	if len(party.Preferences) == 0 {
		return big.NewRat(1, 1), nil
	}
	sum, wsum := new(big.Rat), new(big.Rat)
	for i := range party.Preferences {
		pr := &party.Preferences[i]
		sc, err := s.ExactScore(pr, p)
		if err != nil {
			return nil, err
		}
		w := decimal.Rat(pr.Weight)
		wsum.Add(wsum, w)
		sum.Add(sum, sc.Mul(sc, w))
	}
	return sum.Quo(sum, wsum), nil
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
		if party.Reservation != nil {
			ok, err := s.reaches(party, p, u)
			if err != nil {
				return nil, err
			}
			if !ok {
				v.Broken = append(v.Broken, Ref{Party: party.ID, Constraint: "reservation", Kind: ReservationKind})
			}
		}
	}
	v.Agreeable = len(v.Broken) == 0
	return v, nil
}

// ReservationTolerance is the slack allowed when comparing a utility with a
// reservation: a party accepts a package when its exact utility is at least
// its reservation minus 1e-12 (ReachesReservation), so that the evaluator's
// float64 arithmetic and the solver's integer scale agree on utilities a
// rounding error away from the reservation.
const ReservationTolerance = 1e-12

// MeetsReservation reports whether a float64 utility u reaches reservation
// d within ReservationTolerance. It decides ReachesReservation except for
// utilities within 1e-9 of the threshold, where only exact arithmetic can.
func MeetsReservation(u, d float64) bool { return u >= d-ReservationTolerance && !math.IsNaN(u) }

// ReachesReservation reports whether the party's utility for the complete
// package p reaches its reservation (true when it has none): exactly,
// ExactUtility(p) >= reservation - ReservationTolerance, with every number
// read as its shortest decimal, as the solver decides it.
func (s *Space) ReachesReservation(party *Party, p Package) (bool, error) {
	if party.Reservation == nil {
		return true, nil
	}
	u, err := s.Utility(party, p)
	if err != nil {
		return false, err
	}
	return s.reaches(party, p, u)
}

// reaches is ReachesReservation given the float64 utility u: far from the
// threshold u decides (its error is a few ulps), near it the exact value.
func (s *Space) reaches(party *Party, p Package, u float64) (bool, error) {
	d := *party.Reservation
	if t := d - ReservationTolerance; math.Abs(u-t) > 1e-9 {
		return u > t, nil
	}
	eu, err := s.ExactUtility(party, p)
	if err != nil {
		return false, err
	}
	return eu.Cmp(ReservationThreshold(d)) >= 0, nil
}

// ReservationThreshold returns reservation d minus ReservationTolerance as
// an exact rational: the least utility that reaches d.
func ReservationThreshold(d float64) *big.Rat {
	return new(big.Rat).Sub(decimal.Rat(d), big.NewRat(1, 1_000_000_000_000))
}

// CheckPackage checks that every value of p belongs to a known issue and its
// domain; with complete, that every issue has a value.
func (s *Space) CheckPackage(p Package, complete bool) error {
	for id, v := range p {
		is := s.Issue(id)
		if is == nil {
			return &PackageError{Issue: id, Msg: "unknown issue"}
		}
		if !s.has(is, v) {
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
