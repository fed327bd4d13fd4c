package scenarios

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/zopa-go/zopa/model"
)

// NonlinearOptions describe a space of the shape of the ANAC 2014
// non-linear domains: int issues of 0..9 and parties whose utilities are
// weighted "hypercube" preferences, each a conjunction of bounds over a few
// issues (such as i19 >= 4 && i11 >= 1 && i10 >= 8), and no constraint.
// Zero fields mean the defaults given.
type NonlinearOptions struct {
	// Issues is the number of int issues (default 10).
	Issues int
	// Levels is the number of values of each issue, 0..Levels-1 (default
	// 10; at least 2).
	Levels int
	// Parties is the number of parties (default 2).
	Parties int
	// Cubes is the number of preferences per party (default 60).
	Cubes int
	// MinDims and MaxDims bound the issues a cube constrains (default 2
	// and 5).
	MinDims, MaxDims int
	// Reservation, when positive, gives every party that reservation.
	Reservation float64
	Seed        int64
}

// GenerateNonlinear returns a space of the ANAC 2014 non-linear shape:
// issues i0, i1, … of 0..9 (0..Levels-1); parties p0, p1, …, each with
// Cubes preferences whose weights are integers from 1 to 100 and whose
// expressions bound 2 to 5 distinct issues each, every bound an interval
// [lo, hi] of the levels written as "i >= lo", "i <= hi" or both (never
// the whole range). The same options give the same space. It has
// Levels^Issues packages, all agreeable without a reservation: enumeration
// cannot touch it.
func GenerateNonlinear(o NonlinearOptions) *model.Space {
	o.Issues = cmpOr(o.Issues, 10)
	o.Parties = cmpOr(o.Parties, 2)
	o.Cubes = cmpOr(o.Cubes, 60)
	o.Levels = max(cmpOr(o.Levels, 10), 2)
	top := o.Levels - 1
	o.MinDims = cmpOr(o.MinDims, 2)
	o.MaxDims = max(cmpOr(o.MaxDims, 5), o.MinDims)
	o.MaxDims = min(o.MaxDims, o.Issues)
	o.MinDims = min(o.MinDims, o.MaxDims)
	r := rand.New(rand.NewPCG(uint64(o.Seed), 0xc0be))
	s := &model.Space{Name: fmt.Sprintf("nonlinear%d_%d", o.Issues, o.Seed)}
	for i := range o.Issues {
		s.Issues = append(s.Issues, model.Issue{ID: fmt.Sprintf("i%d", i), Kind: model.IntKind, Min: 0, Max: int64(top), Step: 1})
	}
	for pi := range o.Parties {
		party := model.Party{ID: fmt.Sprintf("p%d", pi)}
		for range o.Cubes {
			dims := o.MinDims + r.IntN(o.MaxDims-o.MinDims+1)
			var bounds []model.Expr
			for _, i := range r.Perm(o.Issues)[:dims] {
				lo, hi := 0, top
				for lo == 0 && hi == top {
					lo, hi = r.IntN(o.Levels), r.IntN(o.Levels)
					if lo > hi {
						lo, hi = hi, lo
					}
				}
				x := model.Num(s.Issues[i].ID)
				if lo > 0 {
					bounds = append(bounds, model.Compare(x, model.GeOp, model.Const(int64(lo))))
				}
				if hi < top {
					bounds = append(bounds, model.Compare(x, model.LeOp, model.Const(int64(hi))))
				}
			}
			party.Preferences = append(party.Preferences, model.Preference{
				Weight: float64(1 + r.IntN(100)), Prefer: model.And(bounds...)})
		}
		if o.Reservation > 0 {
			d := o.Reservation
			party.Reservation = &d
		}
		s.Parties = append(s.Parties, party)
	}
	if err := s.Validate(); err != nil {
		panic("scenarios: GenerateNonlinear produced an invalid space: " + err.Error()) // a bug here, not input
	}
	return s
}

func cmpOr(x, def int) int {
	if x > 0 {
		return x
	}
	return def
}

// DenseOptions describe a dense additive space of the shape of the ANAC
// Genius domains with large frontiers: a few choice issues with several
// options each, every party scoring each issue by a value per option with
// a weight per issue, and no constraint. Zero fields mean the defaults
// given.
type DenseOptions struct {
	// Issues is the number of choice issues (default 6).
	Issues int
	// Options is the number of options per issue (default 7, so 117,649
	// packages with 6 issues).
	Options int
	// Parties is the number of parties (default 3).
	Parties int
	// Reservation, when positive, gives every party that reservation.
	Reservation float64
	// Levels, when positive, makes every value an integer evaluation of 1
	// to Levels divided by the issue's best, as the Genius importer writes
	// them (so each issue has a value of 1, and utilities often tie);
	// otherwise values are random numbers of 16 significant digits.
	Levels int
	Seed   int64
}

// GenerateDense returns a dense additive space: issues i0, i1, … with
// options o0, o1, …; parties p0, p1, …, each with one preference per issue
// whose weight and values are random numbers of 16 significant digits
// (values in [0, 1]; each party's weights sum to about 1), as Genius
// domains write them. It has Options^Issues packages, all agreeable
// without a reservation, and frontiers of hundreds to thousands of points
// at the default sizes. The same options give the same space.
func GenerateDense(o DenseOptions) *model.Space {
	o.Issues = cmpOr(o.Issues, 6)
	o.Options = cmpOr(o.Options, 7)
	o.Parties = cmpOr(o.Parties, 3)
	r := rand.New(rand.NewPCG(uint64(o.Seed), 0xde45e))
	digits16 := func() float64 { // a number of [0, 1) with 16 significant digits
		return float64(r.Int64N(9e15)+1e15) / 1e16
	}
	s := &model.Space{Name: fmt.Sprintf("dense%d_%d_%d_%d", o.Parties, o.Issues, o.Options, o.Seed)}
	for i := range o.Issues {
		is := model.Issue{ID: fmt.Sprintf("i%d", i), Kind: model.ChoiceKind}
		for k := range o.Options {
			is.Options = append(is.Options, fmt.Sprintf("o%d", k))
		}
		s.Issues = append(s.Issues, is)
	}
	for pi := range o.Parties {
		party := model.Party{ID: fmt.Sprintf("p%d", pi)}
		ws := make([]float64, o.Issues)
		sum := 0.0
		for i := range ws {
			ws[i] = digits16()
			sum += ws[i]
		}
		for i, is := range s.Issues {
			vals := map[string]float64{}
			if o.Levels > 0 {
				evals := make([]int, len(is.Options))
				for k := range evals {
					evals[k] = 1 + r.IntN(o.Levels)
				}
				best := slices.Max(evals)
				for k, opt := range is.Options {
					vals[opt] = float64(evals[k]) / float64(best)
				}
			} else {
				for _, opt := range is.Options {
					vals[opt] = digits16()
				}
			}
			w := float64(int64(ws[i]/sum*1e16)) / 1e16 // 16 digits again
			party.Preferences = append(party.Preferences, model.Preference{Weight: w, Issue: is.ID, Values: vals})
		}
		if o.Reservation > 0 {
			d := o.Reservation
			party.Reservation = &d
		}
		s.Parties = append(s.Parties, party)
	}
	if err := s.Validate(); err != nil {
		panic("scenarios: GenerateDense produced an invalid space: " + err.Error()) // a bug here, not input
	}
	return s
}
