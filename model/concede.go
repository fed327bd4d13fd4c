package model

import (
	"fmt"
	"slices"
)

// Concede returns a copy of s without the given negotiable constraints: the
// space in which those parties have given them up. A conceded reservation
// removes the party's reservation. The copy shares issues, rules,
// expressions and proposals with s (none of which change); s is not
// modified. It returns an error naming the first ref that is a rule or not
// a negotiable constraint of s.
func (s *Space) Concede(refs ...Ref) (*Space, error) {
	drop := map[Ref]bool{}
	for _, r := range refs {
		if r.Kind == RuleKind {
			return nil, fmt.Errorf("concede %s: rules are not negotiable", r)
		}
		if _, ok := s.Lookup(r); !ok {
			return nil, fmt.Errorf("concede %s: no such negotiable constraint", r)
		}
		drop[r] = true
	}
	out := *s
	out.Parties = slices.Clone(s.Parties)
	for i := range out.Parties {
		p := &out.Parties[i]
		keep := func(kind ConstraintKind, cs []Constraint) []Constraint {
			var kept []Constraint
			for _, c := range cs {
				if !drop[Ref{Party: p.ID, Constraint: c.ID, Kind: kind}] {
					kept = append(kept, c)
				}
			}
			return kept
		}
		p.RedLines = keep(RedLineKind, p.RedLines)
		p.Preconditions = keep(PreconditionKind, p.Preconditions)
		if drop[Ref{Party: p.ID, Constraint: "reservation", Kind: ReservationKind}] {
			p.Reservation = nil
		}
	}
	return &out, nil
}
