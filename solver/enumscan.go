package solver

import (
	"context"
	"fmt"
	"maps"
	"math"
	"math/big"
	"slices"

	"github.com/zopa-go/zopa/internal/decimal"
	"github.com/zopa-go/zopa/model"
)

// noScan switches the scan off (tests compare it with the other paths),
// and scanSlack widens the band of scaled utilities around a reservation
// in which the evaluator decides (tests send most packages there).
var (
	noScan    bool
	scanSlack int64
)

// reservationsOnly reports whether p's space has constraints and all of
// them are reservations: then a package is agreeable exactly when every
// party's utility reaches its reservation, which the enumeration decides
// from the scaled utilities it keeps anyway.
func reservationsOnly(p *Problem) bool {
	return !noScan && len(p.refs) > 0 && !slices.ContainsFunc(p.refs, func(r model.Ref) bool { return r.Kind != model.ReservationKind })
}

// scanResult is what the scan of every package finds besides the
// frontier.
type scanResult struct {
	count int64            // agreeable packages (saturated at MaxInt64)
	zopa  map[string]Range // nil when none is agreeable
}

// scanner judges every package of an enumeration against the parties'
// reservations and counts and marks the agreeable ones. On an exact scale
// a scaled utility decides a reservation exactly; on a fixed-point one it
// decides except within the scale's proven error of the threshold, where
// the model's evaluator decides (ReachesReservation). Before that, every
// issue's contribution on the scale is checked against the model's exact
// scores, so no decision rests on the compiled encoding unchecked.
type scanner struct {
	e      *enumPlan
	checks []resCheck
	seen   [][]bool // per issue of e.vars, per value: in an agreeable package
	unseen int      // values of seen not marked yet
	count  int64
}

// resCheck decides one party's reservation from its scaled utility y:
// y >= sure reaches it, y < never does not, anything between asks the
// evaluator.
type resCheck struct {
	pi          int
	party       *model.Party
	sure, never int64
}

// newScanner returns the scanner of e (p's own space and utilities).
func (e *enumPlan) newScanner() (*scanner, error) {
	if err := e.checkScale(); err != nil {
		return nil, err
	}
	p, u := e.p, e.u
	sc := &scanner{e: e, seen: make([][]bool, len(e.vars))}
	for k, ii := range e.vars {
		sc.seen[k] = make([]bool, len(e.doms[ii]))
		sc.unseen += len(e.doms[ii])
	}
	for pi := range p.space.Parties {
		party := &p.space.Parties[pi]
		if party.Reservation == nil {
			continue
		}
		t := new(big.Rat).Mul(model.ReservationThreshold(*party.Reservation), u.factor)
		floor := new(big.Int).Div(t.Num(), t.Denom()) // Euclidean: the floor, as Denom > 0
		ceil := new(big.Int).Neg(new(big.Int).Div(new(big.Int).Neg(t.Num()), t.Denom()))
		c := resCheck{pi: pi, party: party, sure: clampInt64(ceil), never: clampInt64(ceil)}
		if !u.exact || scanSlack > 0 {
			// Each of the party's groups is rounded by at most half a
			// step: the scaled sum is within len/2 steps of the exact
			// utility times the scale.
			m := big.NewInt(int64(len(u.groups[pi]))/2 + 1 + scanSlack)
			c.sure = clampInt64(ceil.Add(ceil, m))
			c.never = clampInt64(floor.Sub(floor, m))
		}
		sc.checks = append(sc.checks, c)
	}
	return sc, nil
}

// clampInt64 returns x, or the int64 extreme of its sign when it does not
// fit.
func clampInt64(x *big.Int) int64 {
	switch {
	case x.IsInt64():
		return x.Int64()
	case x.Sign() > 0:
		return math.MaxInt64
	}
	return math.MinInt64
}

// meets reports whether the package of value indexes idx, whose scaled
// utilities are y, reaches every reservation, and counts and marks it
// when it does.
func (sc *scanner) meets(y []int64, idx []int, pkgOf func([]int) model.Package) (bool, error) {
	for _, c := range sc.checks {
		v := y[c.pi]
		if v >= c.sure {
			continue
		}
		if v < c.never {
			return false, nil
		}
		ok, err := sc.e.p.space.ReachesReservation(c.party, pkgOf(idx))
		if err != nil {
			return false, &InternalError{Msg: fmt.Sprintf("frontier enumeration: %v", err)}
		}
		if !ok {
			return false, nil
		}
	}
	sc.count++
	if sc.unseen > 0 {
		for k, j := range idx {
			if !sc.seen[k][j] {
				sc.seen[k][j] = true
				sc.unseen--
			}
		}
	}
	return true, nil
}

// result returns the count (each agreeable package of e.vars stands for
// every combination of the other issues' values) and the ZOPA.
func (sc *scanner) result() *scanResult {
	e, p := sc.e, sc.e.p
	free := int64(1)
	pos := make([]int, len(p.issues))
	for ii := range pos {
		pos[ii] = -1
	}
	for k, ii := range e.vars {
		pos[ii] = k
	}
	for ii := range p.issues {
		if pos[ii] < 0 {
			free = satMul(free, int64(p.issues[ii].is.Size()))
		}
	}
	r := &scanResult{count: satMul(sc.count, free)}
	if sc.count == 0 {
		return r
	}
	r.zopa = make(map[string]Range, len(p.issues))
	for ii := range p.issues {
		iv := &p.issues[ii]
		var rg Range
		switch k := pos[ii]; {
		case k < 0 && iv.is.Kind == model.IntKind: // not ranged over: every value
			rg.Min, rg.Max = iv.level(0), iv.level(iv.is.Size()-1)
		case k < 0:
			rg.Values = iv.is.Domain()
		case iv.is.Kind == model.IntKind:
			lo, hi := -1, -1
			for j, ok := range sc.seen[k] {
				if ok {
					hi = j
					if lo < 0 {
						lo = j
					}
				}
			}
			rg.Min, rg.Max = iv.level(lo), iv.level(hi)
		default:
			for j, d := range e.doms[ii] {
				if sc.seen[k][j] {
					rg.Values = append(rg.Values, d)
				}
			}
		}
		r.zopa[iv.is.ID] = rg
	}
	return r
}

// checkScale checks every contribution of e (p's own utilities) against
// the model's exact scores: party pi's contribution of value j of an issue
// times the scale's unit must be the weighted scores of pi's preferences
// on that issue over the sum of pi's weights, exactly on an exact scale,
// within half a step otherwise.
func (e *enumPlan) checkScale() error {
	p, u := e.p, e.u
	s := p.space
	half := big.NewRat(1, 2)
	for pi := range s.Parties {
		party := &s.Parties[pi]
		wsum := new(big.Rat)
		for i := range party.Preferences {
			wsum.Add(wsum, decimal.Rat(party.Preferences[i].Weight))
		}
		for _, ii := range e.vars {
			c := e.contrib[ii]
			if c == nil {
				continue
			}
			id := p.issues[ii].is.ID
			for j, v := range e.doms[ii] {
				want := new(big.Rat)
				for i := range party.Preferences {
					pr := &party.Preferences[i]
					if pr.Prefer != nil || pr.Issue != id {
						continue
					}
					sc, err := s.ExactScore(pr, model.Package{id: v})
					if err != nil {
						return &InternalError{Msg: fmt.Sprintf("frontier enumeration: %v", err)}
					}
					want.Add(want, sc.Mul(sc, decimal.Rat(pr.Weight)))
				}
				if wsum.Sign() != 0 {
					want.Quo(want, wsum)
				}
				d := new(big.Rat).Sub(new(big.Rat).SetInt64(c[j][pi]), want.Mul(want, u.factor))
				if d.Abs(d); (u.exact && d.Sign() != 0) || d.Cmp(half) > 0 {
					return &InternalError{Msg: fmt.Sprintf("frontier enumeration: %s's scaled score of %s = %v is %d, off the evaluator's by %s steps",
						party.ID, id, v, c[j][pi], d.FloatString(3))}
				}
			}
		}
	}
	return nil
}

// scanned returns the count and ZOPA of the scan of every package, when
// the space's only constraints are reservations and its frontier is
// enumerated (ok false otherwise). The scan runs with the frontier's
// enumeration, once.
func (p *Problem) scanned(ctx context.Context) (r *scanResult, ok bool, err error) {
	if !reservationsOnly(p) {
		return nil, false, nil
	}
	if p.scan == nil {
		if _, ok, err := p.enumeratedFrontier(ctx, p.scoped(Scope{})); err != nil || !ok {
			return nil, false, err
		}
	}
	return p.scan, p.scan != nil, nil
}

// cloneZOPA returns a copy of z that its caller may change.
func cloneZOPA(z map[string]Range) map[string]Range {
	if z == nil {
		return nil
	}
	out := maps.Clone(z)
	for id, r := range out {
		r.Values = slices.Clone(r.Values)
		out[id] = r
	}
	return out
}
