package solver

import (
	"fmt"
	"math"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/model"
)

// addReservation compiles "utility >= reservation" for a party as a
// pseudo-Boolean constraint. Each preference contributes weight*score per
// value; contributions are scaled to integers, exactly when every
// contribution is a dyadic rational with a small enough denominator
// (weights and scores such as 0.25 or 3), otherwise on a 2^60 fixed-point
// scale whose total rounding error is below n*2^-61 of the weight sum.
func (p *Problem) addReservation(party *model.Party) error {
	ref := model.Ref{Party: party.ID, Constraint: "reservation", Kind: model.ReservationKind}
	d := *party.Reservation
	if len(party.Preferences) == 0 { // utility is always 1
		m := p.c.F
		if model.MeetsReservation(1, d) {
			m = p.c.T
		}
		p.addSelected(ref, m, nil)
		return nil
	}
	var fgs []fgroup
	var w float64
	for i := range party.Preferences {
		pr := &party.Preferences[i]
		w += pr.Weight
		switch {
		case pr.Prefer != nil:
			m, err := p.expr(pr.Prefer)
			if err != nil {
				return fmt.Errorf("solver: %s.preferences[%d]: %w", party.ID, i, err)
			}
			fgs = append(fgs, fgroup{lits: []z.Lit{m.Not(), m}, vals: []float64{0, pr.Weight}})
		default:
			iv := p.issueOf(pr.Issue)
			g := fgroup{}
			for j, v := range iv.is.Domain() {
				sc, _ := p.space.Score(pr, model.Package{pr.Issue: v})
				g.lits = append(g.lits, p.indexLit(iv, j))
				g.vals = append(g.vals, pr.Weight*sc)
			}
			fgs = append(fgs, g)
		}
	}
	scale, _ := chooseScale(fgs, w) // exactness is not reported yet (issue 4)
	// sum q >= T  <=>  sum -q <= -T
	gs := make([]group, len(fgs))
	for i, fg := range fgs {
		gs[i] = group{lits: fg.lits, vals: make([]int64, len(fg.vals))}
		for j, v := range fg.vals {
			gs[i].vals[j] = -int64(math.Round(v * scale))
		}
	}
	t := math.Ceil((d - model.ReservationTolerance) * w * scale)
	if mutated("reservation") {
		t++
	}
	var m z.Lit
	switch {
	case t <= 0:
		m = p.c.T
	case t > w*scale+1:
		m = p.c.F
	default:
		m = p.leq(gs, -int64(t))
	}
	p.addSelected(ref, m, nil)
	return nil
}

// chooseScale returns a power of two that makes every value an integer
// (exact) when one of at most 2^40 exists with w*scale below 2^60, and
// otherwise the largest power of two with w*scale below 2^60.
func chooseScale(gs []fgroup, w float64) (float64, bool) {
	limit := math.Ldexp(1, 60) / w
	for k := 0; k <= 40; k++ {
		s := math.Ldexp(1, k)
		if s > limit {
			break
		}
		ok := true
		for _, g := range gs {
			for _, v := range g.vals {
				if x := v * s; x != math.Trunc(x) {
					ok = false
				}
			}
		}
		if ok {
			return s, true
		}
	}
	_, e := math.Frexp(limit)
	return math.Ldexp(1, e-1), false
}

// fgroup is a group with real-valued contributions, before scaling.
type fgroup struct {
	lits []z.Lit
	vals []float64
}
