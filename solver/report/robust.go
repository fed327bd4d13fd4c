package report

import (
	"context"
	"math"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver"
)

// Robustness says which conclusions survive any costs and weights within
// their judgment ranges (the contract's "robustness" object).
type Robustness struct {
	// Concessions[i] belongs to Concessions.Sets[i].
	Concessions []ConcessionRobustness `json:"concessions"`
	// CostRanges holds, for every on-the-table constraint, the interval of
	// its cost over which the first listed concession set stays cheapest.
	CostRanges []CostRange `json:"cost_ranges"`
	// Picks is the Monte Carlo study of the rules' choices; nil when no
	// weight varies, when no draws were asked for, or when the space is
	// infeasible.
	Picks *Picks `json:"picks"`
}

// ConcessionRobustness says whether a concession set is a cheapest one for
// some, or for every, choice of costs within their ranges.
type ConcessionRobustness struct {
	PossiblyCheapest    bool `json:"possibly_cheapest"`
	NecessarilyCheapest bool `json:"necessarily_cheapest"`
}

// CostRange is the interval of one constraint's cost over which the
// cheapest concession set stays cheapest, every other cost at its stated
// value. Max is nil when no cost is too high.
type CostRange struct {
	Member
	Cost float64  `json:"cost"`
	Min  float64  `json:"min"`
	Max  *float64 `json:"max"`
}

// Picks is the Monte Carlo study of how the bargaining rules' choices move
// with the weights.
type Picks struct {
	// Samples is the number of draws made (fewer than Requested when the
	// time ran out).
	Samples          int    `json:"samples"`
	Seed             int64  `json:"seed"`
	Utilitarian      []Pick `json:"utilitarian"`
	Egalitarian      []Pick `json:"egalitarian"`
	Nash             []Pick `json:"nash"`
	KalaiSmorodinsky []Pick `json:"kalai_smorodinsky"`

	// Requested is the number of draws asked for; Feasible the number
	// under which some package is agreeable (the shares' denominator);
	// Complete whether every package a draw could pick was considered.
	// Not part of the JSON contract.
	Requested int  `json:"-"`
	Feasible  int  `json:"-"`
	Complete  bool `json:"-"`
}

// Pick is a package chosen in some draws, with its share of them and the
// parties' utilities at the stated weights.
type Pick struct {
	Share     float64            `json:"share"`
	Utilities map[string]float64 `json:"utilities"`
	Package   model.Package      `json:"package"`
}

// Rule returns the picks of rule r.
func (pk *Picks) Rule(r solver.BargainingRule) []Pick {
	return [][]Pick{pk.Utilitarian, pk.Egalitarian, pk.Nash, pk.KalaiSmorodinsky}[r]
}

// defaultPicks are the contract's defaults: 1,000 draws, seed 1.
var defaultPicks = solver.PickOptions{Samples: 1000, Seed: 1}

// concessionRobustness fills the robustness of the listed concession sets
// and the cost ranges of the first (a cheapest one).
func (r *Report) concessionRobustness(ctx context.Context, p *solver.Problem, sc solver.Scope, sets []solver.Concession) error {
	if len(sets) == 0 {
		return nil
	}
	refs := make([][]model.Ref, len(sets))
	for i, c := range sets {
		refs[i] = c.Constraints
	}
	ch, err := p.Cheapness(ctx, sc, refs)
	if err != nil {
		return err
	}
	for _, c := range ch {
		r.Robustness.Concessions = append(r.Robustness.Concessions, ConcessionRobustness{PossiblyCheapest: c.Possibly, NecessarilyCheapest: c.Necessarily})
	}
	ivs, err := p.CostIntervals(ctx, sc, sets[0].Constraints)
	if err != nil {
		return err
	}
	for _, iv := range ivs {
		cr := CostRange{Member: member(iv.Ref), Cost: iv.Cost, Min: iv.Min}
		if !math.IsInf(iv.Max, 1) {
			m := iv.Max
			cr.Max = &m
		}
		r.Robustness.CostRanges = append(r.Robustness.CostRanges, cr)
	}
	return nil
}

// picks runs the Monte Carlo study of a feasible space. The candidates
// any draw can pick are bounded by o.MaxCandidates (solver.PickOptions'
// default when zero), never by -limit: the contract gives -limit no role in
// the picks.
func (r *Report) picks(ctx context.Context, p *solver.Problem, o *solver.PickOptions) error {
	if o == nil {
		o = &defaultPicks
	}
	pk, err := p.Picks(ctx, o)
	if pk != nil {
		out := &Picks{Samples: pk.Samples, Seed: pk.Seed, Requested: pk.Requested, Feasible: pk.Feasible, Complete: pk.Complete}
		lists := [4]*[]Pick{&out.Utilitarian, &out.Egalitarian, &out.Nash, &out.KalaiSmorodinsky}
		for ri, list := range pk.Rules {
			*lists[ri] = []Pick{}
			for _, x := range list {
				*lists[ri] = append(*lists[ri], Pick{Share: x.Share, Utilities: x.Utilities, Package: x.Package})
			}
		}
		r.Robustness.Picks = out
	}
	return err
}
