package solver

import (
	"context"
	"fmt"
	"math/big"
	"slices"

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

// rank orders points by rule r, best first (see Best), and returns the
// order as indices into points.
func rank(s *model.Space, points []FrontierPoint, r BargainingRule, ideal map[string]float64) ([]int, error) {
	res := reservations(s)
	idx := make([]int, len(points))
	us := make([][]*big.Rat, len(points))
	for i := range points {
		idx[i] = i
		var err error
		if us[i], err = exactUtilities(s, points[i].Package); err != nil {
			return nil, err
		}
	}
	var id []*big.Rat
	if r == KalaiSmorodinsky {
		// A party's ideal is its greatest utility over the agreeable
		// packages: take it exactly from a point that attains it (a
		// complete frontier has one), else from its shortest decimal.
		id = make([]*big.Rat, len(s.Parties))
		for pi := range s.Parties {
			x := ideal[s.Parties[pi].ID]
			id[pi] = decimal.Rat(x)
			for i := range points {
				if f, _ := us[i][pi].Float64(); f == x {
					id[pi] = us[i][pi]
					break
				}
			}
		}
	}
	keys := make([]ruleKey, len(points))
	for i := range points {
		keys[i] = keyOf(r, us[i], res, id)
	}
	slices.SortStableFunc(idx, func(a, b int) int { return compareKeys(keys[b], keys[a]) })
	return idx, nil
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
	idx, err := rank(p.space, points, r, ideal)
	if err != nil {
		return nil, fmt.Errorf("solver: choose: %w", err)
	}
	return p.choice(vw, r, points[idx[0]].Package, ideal)
}
