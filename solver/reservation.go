package solver

import (
	"math/big"

	"github.com/zopa-go/zopa/model"
)

// addReservation compiles "utility >= reservation" for party pi on the
// utility encoding the objectives use (see utilities): the party's scaled
// utility must reach the reservation's threshold (ReservationThreshold:
// the reservation minus model.ReservationTolerance, an exact rational)
// times the scale, rounded up. On an exact scale this is exactly the
// evaluator's ReachesReservation. On a fixed-point scale the scaled sum of
// G groups is within G/2 steps of the exact value, so the threshold is
// raised by G/2 steps: every package the solver accepts reaches the
// reservation (so its witnesses always pass the evaluator), and only a
// package within Precision().Error of the threshold can be left out —
// which the certifier then detects, failing the query with an
// InternalError rather than answering wrongly.
func (p *Problem) addReservation(pi int) {
	party := &p.space.Parties[pi]
	ref := model.Ref{Party: party.ID, Constraint: "reservation", Kind: model.ReservationKind}
	u := p.utils()
	th := model.ReservationThreshold(*party.Reservation)
	switch {
	case th.Sign() <= 0: // every utility is at least 0
		p.addSelected(ref, p.c.T, nil)
		return
	case th.Cmp(big.NewRat(1, 1)) > 0: // and at most 1
		p.addSelected(ref, p.c.F, nil)
		return
	}
	t := new(big.Rat).Mul(th, u.factor)
	if !u.exact {
		t.Add(t, big.NewRat(int64(len(u.groups[pi])), 2))
	}
	n := new(big.Int).Quo(t.Num(), t.Denom()) // truncated towards zero
	if t.Sign() > 0 && !t.IsInt() {
		n.Add(n, big.NewInt(1)) // the ceiling of a positive fraction
	}
	if mutated("reservation") {
		n.Add(n, big.NewInt(1))
	}
	var m = p.c.T
	switch {
	case n.Cmp(big.NewInt(u.lo[pi])) <= 0: // every package reaches it
	case n.Cmp(big.NewInt(u.hi[pi])) > 0:
		m = p.c.F
	default:
		m = p.atLeast(pi, n.Int64())
	}
	p.addSelected(ref, m, nil)
}
