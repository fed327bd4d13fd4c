package scenarios

import (
	"math/rand/v2"

	"github.com/zopa-go/zopa/model"
)

// WithRanges gives about half of the costs of s's red lines and
// preconditions, and about half of its preferences' weights, a judgment
// range around the stated value v (see model.Range): the least value one of
// v/2, 3v/4 and v, the greatest one of v, 5v/4, 3v/2 and 2v, chosen by
// seed. The factors are dyadic, so the bounds are exact decimals of the
// stated values. It edits s in place and returns it.
func WithRanges(s *model.Space, seed int64) *model.Space {
	r := rand.New(rand.NewPCG(uint64(seed), 0x7a17e))
	around := func(v float64) *model.Range {
		if r.IntN(2) == 0 {
			return nil
		}
		return &model.Range{Lo: v * []float64{0.5, 0.75, 1}[r.IntN(3)], Hi: v * []float64{1, 1.25, 1.5, 2}[r.IntN(4)]}
	}
	for pi := range s.Parties {
		party := &s.Parties[pi]
		for _, list := range [][]model.Constraint{party.RedLines, party.Preconditions} {
			for i := range list {
				list[i].CostRange = around(list[i].ConcessionCost())
			}
		}
		for i := range party.Preferences {
			party.Preferences[i].WeightRange = around(party.Preferences[i].Weight)
		}
	}
	return s
}
