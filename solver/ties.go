package solver

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"slices"
	"sync/atomic"

	"github.com/zopa-go/zopa/internal/decimal"
	"github.com/zopa-go/zopa/model"
)

// A rule key ranks utility vectors under one rule: the greater key (compared
// element by element, the first difference deciding) is the better vector.
// The first element is the rule's score; the rest breaks ties as the report
// contract says, so that the greatest key is always Pareto-optimal:
//
//   - utilitarian: the sum (a vector that dominates another has a greater
//     sum, so every greatest sum is undominated);
//   - egalitarian: the utilities in ascending order (leximin): a dominating
//     vector's sorted utilities are nowhere smaller and somewhere greater;
//   - nash: the product of the gains over the reservations, then the sum;
//     among equal products the greatest sum is undominated, since a
//     dominating vector has a product at least as great (gains are not
//     negative) and a greater sum;
//   - kalai_smorodinsky: the normalised gains (u_p - d_p) / (ideal_p - d_p)
//     of the parties whose ideal exceeds their reservation, ascending
//     (leximin); the parties left out take the same utility in every
//     agreeable package, so dominance shows in the others.
//
// Keys are exact rationals: ties are ties of the exact values, not of
// floating-point roundings.
type ruleKey []*big.Rat

// compareKeys returns -1, 0 or +1 as a ranks below, with or above b.
func compareKeys(a, b ruleKey) int {
	for i := range min(len(a), len(b)) {
		if c := a[i].Cmp(b[i]); c != 0 {
			return c
		}
	}
	return len(a) - len(b)
}

// keyOf returns rule r's key of the utility vector us (party order), with
// the parties' reservations res (0 when unset) and, for
// kalai_smorodinsky, their ideal utilities.
func keyOf(r BargainingRule, us, res, ideal []*big.Rat) ruleKey {
	switch r {
	case Utilitarian:
		return ruleKey{sumRats(us)}
	case Egalitarian:
		return sortedRats(slices.Clone(us))
	case Nash:
		prod := big.NewRat(1, 1)
		for i, u := range us {
			prod.Mul(prod, new(big.Rat).Sub(u, res[i]))
		}
		return ruleKey{prod, sumRats(us)}
	case KalaiSmorodinsky:
		var gains []*big.Rat
		for i, u := range us {
			span := new(big.Rat).Sub(ideal[i], res[i])
			if span.Sign() == 0 {
				continue
			}
			g := new(big.Rat).Sub(u, res[i])
			gains = append(gains, g.Quo(g, span))
		}
		if len(gains) == 0 {
			return ruleKey{big.NewRat(1, 1)} // every party left out: score 1
		}
		return sortedRats(gains)
	}
	return nil
}

func sumRats(xs []*big.Rat) *big.Rat {
	s := new(big.Rat)
	for _, x := range xs {
		s.Add(s, x)
	}
	return s
}

func sortedRats(xs []*big.Rat) ruleKey {
	slices.SortFunc(xs, func(a, b *big.Rat) int { return a.Cmp(b) })
	return xs
}

// reservations returns every party's reservation as an exact decimal (0
// when unset).
func reservations(s *model.Space) []*big.Rat {
	out := make([]*big.Rat, len(s.Parties))
	for i := range s.Parties {
		out[i] = new(big.Rat)
		if d := s.Parties[i].Reservation; d != nil {
			out[i] = decimal.Rat(*d)
		}
	}
	return out
}

// exactUtilities returns every party's utility of the complete package pkg
// in space s as an exact rational (space order), from the model's exact
// evaluator: proportional to the scaled sums when the scale is exact.
func exactUtilities(s *model.Space, pkg model.Package) ([]*big.Rat, error) {
	out := make([]*big.Rat, len(s.Parties))
	for i := range s.Parties {
		u, err := s.ExactUtility(&s.Parties[i], pkg)
		if err != nil {
			return nil, err
		}
		out[i] = u
	}
	return out, nil
}

// exactSlot holds a frontier point's exact utilities once computed, so
// that every ranking of the same point (the rules, the ideal point) pays
// for them once; copies of the point share it. It is filled atomically,
// as exported functions (BestPoint) may rank the same points from several
// goroutines.
type exactSlot struct{ v atomic.Pointer[[]*big.Rat] }

// ranker compares points under one rule as keyOf ranks them, in floating
// point when the keys differ by more than keyEps at their first element
// (the evaluator's float utilities are within a few ulps of the exact
// ones, so the exact keys differ in the same direction) and in exact
// rationals otherwise: its answers are the exact comparison's.
type ranker struct {
	s      *model.Space
	points []FrontierPoint
	r      BargainingRule
	res    []*big.Rat
	resF   []float64
	fl     [][]float64 // per point: the parties' float utilities
	keys   [][]float64 // per point: the float key
	idealR []*big.Rat  // kalai_smorodinsky: the ideal point, exactly
	span   []float64   // kalai_smorodinsky: ideal minus reservation (0: the party is left out)
	exact  [][]*big.Rat
	exKeys []ruleKey
	// floatOK is false when float keys cannot decide (a
	// kalai_smorodinsky span below 1e-6 magnifies rounding errors).
	floatOK bool
	err     error
}

// newRanker prepares the comparison of points under rule r; ideal (float,
// by party id) is read by kalai_smorodinsky only: each party's exact ideal
// is the greatest exact utility of the points whose float utility is
// within floatSlack of it (so exactly the ideal when points hold a package
// that attains it, as a complete frontier does, even when the float
// utilities of packages with the same exact utility differ by an ulp),
// else its shortest decimal.
func newRanker(s *model.Space, points []FrontierPoint, r BargainingRule, ideal map[string]float64) (*ranker, error) {
	n := len(s.Parties)
	k := &ranker{s: s, points: points, r: r, res: reservations(s), resF: make([]float64, n),
		fl: make([][]float64, len(points)), keys: make([][]float64, len(points)),
		exact: make([][]*big.Rat, len(points)), exKeys: make([]ruleKey, len(points)), floatOK: true}
	for pi := range s.Parties {
		k.resF[pi], _ = k.res[pi].Float64()
	}
	for i := range points {
		fl, err := floatUtilities(s, &points[i])
		if err != nil {
			return nil, err
		}
		k.fl[i] = fl
	}
	if r == KalaiSmorodinsky {
		k.idealR = make([]*big.Rat, n)
		for pi := range s.Parties {
			x := ideal[s.Parties[pi].ID]
			for i := range points {
				if math.Abs(k.fl[i][pi]-x) > floatSlack {
					continue // its exact utility is not the ideal
				}
				us, err := k.exactOf(i)
				if err != nil {
					return nil, err
				}
				if k.idealR[pi] == nil || us[pi].Cmp(k.idealR[pi]) > 0 {
					k.idealR[pi] = us[pi]
				}
			}
			if k.idealR[pi] == nil {
				k.idealR[pi] = decimal.Rat(x)
			}
			span := new(big.Rat).Sub(k.idealR[pi], k.res[pi])
			f, _ := span.Float64()
			if span.Sign() != 0 && (f == 0 || math.Abs(f) < 1e-6) {
				k.floatOK = false
			}
			k.span = append(k.span, f)
		}
	}
	if k.floatOK {
		for i := range points {
			k.keys[i] = k.floatKey(k.fl[i])
		}
	}
	return k, nil
}

// floatUtilities returns the parties' utilities of pt in space order: the
// point's own when a frontier of this package made it (they are the
// evaluator's), else the evaluator's.
func floatUtilities(s *model.Space, pt *FrontierPoint) ([]float64, error) {
	out := make([]float64, len(s.Parties))
	for pi := range s.Parties {
		party := &s.Parties[pi]
		u, ok := pt.Utilities[party.ID]
		if pt.ex == nil || !ok {
			var err error
			if u, err = s.Utility(party, pt.Package); err != nil {
				return nil, err
			}
		}
		out[pi] = u
	}
	return out, nil
}

// floatKey is keyOf in floating point.
func (k *ranker) floatKey(us []float64) []float64 {
	switch k.r {
	case Utilitarian:
		sum := 0.0
		for _, u := range us {
			sum += u
		}
		return []float64{sum}
	case Egalitarian:
		out := slices.Clone(us)
		slices.Sort(out)
		return out
	case Nash:
		prod, sum := 1.0, 0.0
		for pi, u := range us {
			prod *= u - k.resF[pi]
			sum += u
		}
		return []float64{prod, sum}
	}
	var gains []float64
	for pi, u := range us {
		if k.span[pi] != 0 {
			gains = append(gains, (u-k.resF[pi])/k.span[pi])
		}
	}
	if len(gains) == 0 {
		return []float64{1}
	}
	slices.Sort(gains)
	return gains
}

// exactOf returns point i's exact utilities, computed once per point.
func (k *ranker) exactOf(i int) ([]*big.Rat, error) {
	if k.exact[i] != nil {
		return k.exact[i], nil
	}
	pt := &k.points[i]
	if pt.ex != nil {
		if us := pt.ex.v.Load(); us != nil {
			k.exact[i] = *us
			return *us, nil
		}
	}
	us, err := exactUtilities(k.s, pt.Package)
	if err != nil {
		return nil, err
	}
	if pt.ex != nil {
		pt.ex.v.Store(&us)
	}
	k.exact[i] = us
	return us, nil
}

// compare returns -1, 0 or +1 as point a ranks below, with or above point
// b (exactly; an error is kept in k.err and counts as a tie).
func (k *ranker) compare(a, b int) int {
	if k.floatOK {
		ka, kb := k.keys[a], k.keys[b]
		if len(ka) > 0 && len(kb) > 0 {
			if d := ka[0] - kb[0]; math.Abs(d) > keyEps {
				if d > 0 {
					return 1
				}
				return -1
			}
		}
	}
	ea, err := k.exactKey(a)
	if err != nil {
		return 0
	}
	eb, err := k.exactKey(b)
	if err != nil {
		return 0
	}
	return compareKeys(ea, eb)
}

// exactKey returns point i's exact key, computed once.
func (k *ranker) exactKey(i int) (ruleKey, error) {
	if k.exKeys[i] != nil {
		return k.exKeys[i], nil
	}
	us, err := k.exactOf(i)
	if err != nil {
		if k.err == nil {
			k.err = err
		}
		return nil, err
	}
	k.exKeys[i] = keyOf(k.r, us, k.res, k.idealR)
	return k.exKeys[i], nil
}

// best returns the index of the first point that ranks highest.
func (k *ranker) best() (int, error) {
	b := 0
	for i := 1; i < len(k.points); i++ {
		if k.compare(i, b) > 0 {
			b = i
		}
	}
	return b, k.err
}

// rank orders points by rule r, best first (see Best; equal ranks in
// their order in points), and returns the order as indices into points.
func rank(s *model.Space, points []FrontierPoint, r BargainingRule, ideal map[string]float64) ([]int, error) {
	k, err := newRanker(s, points, r, ideal)
	if err != nil {
		return nil, err
	}
	idx := make([]int, len(points))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return k.compare(b, a) })
	return idx, k.err
}

// bestOf returns the index of the point of points that rule r ranks
// first (the first of equals), as rank would.
func bestOf(s *model.Space, points []FrontierPoint, r BargainingRule, ideal map[string]float64) (int, error) {
	k, err := newRanker(s, points, r, ideal)
	if err != nil {
		return 0, err
	}
	return k.best()
}

// Choose returns the point of points (a Pareto frontier, or any agreeable
// packages of p's space) that rule r ranks first, with ties broken as the
// report contract says (see Best), or nil when points is empty. For
// KalaiSmorodinsky the ideal point is computed over all agreeable packages.
// The Nash and Kalai–Smorodinsky choices over the whole agreeable set are
// Pareto-optimal, so Choose over a complete frontier is exact for them.
func (p *Problem) Choose(ctx context.Context, points []FrontierPoint, r BargainingRule) (_ *Choice, err error) {
	defer p.enter(&ctx, &err)()
	return p.choose(ctx, p.scoped(Scope{}), points, r)
}

func (p *Problem) choose(ctx context.Context, vw view, points []FrontierPoint, r BargainingRule) (*Choice, error) {
	if len(points) == 0 {
		return nil, nil
	}
	var ideal map[string]float64
	if r == KalaiSmorodinsky {
		var err error
		if ideal, err = p.ideal(ctx, vw); err != nil {
			return nil, err
		}
		if ideal == nil {
			return nil, &InternalError{Msg: "choose: points given but no package is agreeable"}
		}
	}
	i, err := bestOf(p.space, points, r, ideal)
	if err != nil {
		return nil, fmt.Errorf("solver: choose: %w", err)
	}
	return p.choice(vw, r, points[i].Package, ideal)
}
