package report

import (
	"context"
	"math"
	"slices"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver"
)

// Opening says what would open an infeasible space: the cheapest and the
// smallest concession sets with the bounds the solver proved, the view
// with only preconditions on the table, and what becomes possible once the
// cheapest set is conceded. It is not part of the JSON contract; the text
// report prints it as "What would open the space".
type Opening struct {
	// Negotiable is the scope (in -negotiable syntax) the concession sets
	// below are drawn from: the report's, or "all" when the report's hard
	// constraints alone exclude every package.
	Negotiable string
	// Cheapest is a least-cost concession set, nil when none exists (the
	// rules alone exclude every package); LowerBound is the bound the
	// solver proved (equal to its cost when Exact).
	Cheapest   *Concession
	LowerBound float64
	Exact      bool
	// Smallest is a concession set with the fewest members, the cheapest
	// of those.
	Smallest *Concession
	// Preconditions is the view with only preconditions on the table; nil
	// when the report's scope is preconditions already.
	Preconditions *PreconditionsView
	// Blamed lists the preconditions in some listed conflict, when every
	// negotiable constraint is on the table (nil otherwise); BlamedComplete
	// says whether the conflict list was whole.
	Blamed         []Member
	BlamedComplete bool
	// After is the analysis of the space with Cheapest conceded (nil when
	// there is none): its agreeable count, Pareto frontier and best
	// packages (no proposals or ZOPA).
	After *Report
}

// PreconditionsView is what conceding preconditions alone can do.
type PreconditionsView struct {
	// HardConflict, when not nil, is a minimal set of red lines,
	// reservations and rules that already exclude every package: no
	// precondition is to blame.
	HardConflict []Member
	// Cheapest is the cheapest set of preconditions whose concession opens
	// the space (nil with HardConflict), with the proven LowerBound.
	Cheapest   *Concession
	LowerBound float64
}

func concession(s *model.Space, o *solver.Optimum) *Concession {
	return &Concession{Cost: o.Cost, Constraints: members(o.Constraints), exact: solver.ExactCost(s, o.Constraints)}
}

// finiteBound returns a proven lower bound as a finite number: one past
// the largest float64 (costs near 1e308) becomes the largest float64,
// still a lower bound.
func finiteBound(b float64) float64 { return min(b, math.MaxFloat64) }

// open fills r.Opening for an infeasible space.
func (r *Report) open(ctx context.Context, p *solver.Problem, sc solver.Scope, o *Options) error {
	op := &Opening{Negotiable: sc.String()}
	preconditionsOnly := sc.PreconditionsOnly
	if r.HardConflict != nil {
		// Nothing on the table can open it; say what would with every
		// negotiable constraint on the table.
		sc = solver.Scope{}
		op.Negotiable = sc.String()
		hc, err := p.HardConflict(ctx, sc)
		if err != nil {
			return err
		}
		if hc != nil { // the rules alone exclude every package
			r.Opening = op
			return nil
		}
	}
	cheapest, err := p.CheapestConcession(ctx, sc)
	if err != nil || cheapest == nil {
		r.Opening = op
		return err
	}
	op.Cheapest, op.LowerBound, op.Exact = concession(p.Space(), cheapest), finiteBound(cheapest.LowerBound), cheapest.Exact
	smallest, err := p.SmallestConcession(ctx, sc)
	if err != nil {
		return err
	}
	if smallest != nil {
		op.Smallest = concession(p.Space(), smallest)
	}
	if !preconditionsOnly {
		pv := &PreconditionsView{}
		pre := solver.Scope{PreconditionsOnly: true}
		hc, err := p.HardConflict(ctx, pre)
		if err != nil {
			return err
		}
		if hc != nil {
			pv.HardConflict = members(hc)
		} else if c, err := p.CheapestConcession(ctx, pre); err != nil {
			return err
		} else if c != nil {
			pv.Cheapest, pv.LowerBound = concession(p.Space(), c), finiteBound(c.LowerBound)
		}
		op.Preconditions = pv
	}
	if sc.String() == "all" && r.Negotiable == "all" {
		op.Blamed, op.BlamedComplete = []Member{}, r.Conflicts.Complete
		for _, set := range r.Conflicts.Sets {
			for _, m := range set {
				if m.Kind == model.PreconditionKind && !slices.Contains(op.Blamed, m) {
					op.Blamed = append(op.Blamed, m)
				}
			}
		}
		slices.SortFunc(op.Blamed, compareMembers)
	}
	conceded, err := p.Space().Concede(cheapest.Constraints...)
	if err != nil {
		return err
	}
	if op.After, err = after(ctx, conceded, o); err != nil {
		return err
	}
	r.Opening = op
	return nil
}

// after analyses the space once the cheapest set is conceded: the
// agreeable count, the Pareto frontier and the best package under each
// rule (no proposals, no ZOPA: the opening shows neither).
func after(ctx context.Context, s *model.Space, o *Options) (*Report, error) {
	p, err := solver.Compile(ctx, s, nil)
	if err != nil {
		return nil, err
	}
	a := &Report{space: s, Format: Format, Scenario: s.Name, Negotiable: "all", Feasible: true,
		Pareto: Pareto{Points: []ParetoPoint{}}}
	countLimit, limit := o.CountLimit, o.Limit
	if countLimit <= 0 {
		countLimit = 1_000_000
	}
	if limit <= 0 {
		limit = 1000
	}
	if a.Agreeable.Count, a.Agreeable.Exact, err = p.Count(ctx, countLimit); err != nil {
		return nil, err
	}
	if a.Agreeable.Count == 0 {
		return nil, &solver.InternalError{Msg: "conceding the cheapest concession set leaves no agreeable package"}
	}
	if err := a.optimise(ctx, p, limit, func(string, int) {}); err != nil {
		return nil, err
	}
	if err := a.picks(ctx, p, o.Picks); err != nil {
		return nil, err
	}
	return a, nil
}
