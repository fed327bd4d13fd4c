package solver

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/irifrance/gini/z"
	"gonum.org/v1/gonum/floats"

	"github.com/zopa-go/zopa/model"
)

// Rule is a bargaining rule that singles out agreeable packages (see the
// report contract for the definitions).
type Rule int

const (
	// Utilitarian maximises the sum of the parties' utilities.
	Utilitarian Rule = iota
	// Egalitarian maximises the least utility.
	Egalitarian
	// Nash maximises the product of the gains over the reservations.
	Nash
	// KalaiSmorodinsky maximises the least gain relative to each party's
	// ideal gain.
	KalaiSmorodinsky
)

// Rules lists every rule in report order.
var Rules = []Rule{Utilitarian, Egalitarian, Nash, KalaiSmorodinsky}

// String returns the rule's name in the report contract.
func (r Rule) String() string {
	switch r {
	case Utilitarian:
		return "utilitarian"
	case Egalitarian:
		return "egalitarian"
	case Nash:
		return "nash"
	case KalaiSmorodinsky:
		return "kalai_smorodinsky"
	}
	return fmt.Sprintf("Rule(%d)", int(r))
}

// Choice is an agreeable package singled out by a rule.
type Choice struct {
	Rule Rule
	// Score is the rule's score of the package, from the utilities the
	// model's evaluator computes.
	Score     float64
	Utilities map[string]float64
	Package   model.Package
	// Exact is true when the search worked on an exact integer scale of
	// the utilities (see Precision); otherwise Score is within Tolerance
	// of the optimum.
	Exact     bool
	Tolerance float64
}

// Precision says how the solver represents utilities: Exact when every
// party's utility contributions share a common denominator that fits in
// 62 bits (then every comparison is exact), otherwise on a binary
// fixed-point scale where each party's utility is off by at most Error
// (proven, and far below the report's 1e-9). Every package returned is
// re-scored by the model's evaluator either way.
type Precision struct {
	Exact bool
	Error float64
	// Unit is the utility of one integer step.
	Unit float64
}

// Precision returns how utilities are represented in p.
func (p *Problem) Precision() Precision {
	u := p.utils()
	return Precision{Exact: u.exact, Error: u.err, Unit: u.unit}
}

// Score returns rule r's score of the utility vector us (keyed by party
// id) in space s; ideal is needed by KalaiSmorodinsky only.
func Score(s *model.Space, r Rule, us, ideal map[string]float64) float64 {
	gains := make([]float64, 0, len(s.Parties))
	for i := range s.Parties {
		party := &s.Parties[i]
		d := 0.0
		if party.Reservation != nil {
			d = *party.Reservation
		}
		switch r {
		case Utilitarian, Egalitarian:
			gains = append(gains, us[party.ID])
		case Nash:
			gains = append(gains, us[party.ID]-d)
		case KalaiSmorodinsky:
			if ideal[party.ID] != d {
				gains = append(gains, (us[party.ID]-d)/(ideal[party.ID]-d))
			}
		}
	}
	switch r {
	case Utilitarian:
		return floats.Sum(gains)
	case Nash:
		return floats.Prod(gains)
	}
	if len(gains) == 0 {
		return 1 // every party left out (KS), or no parties
	}
	return floats.Min(gains)
}

// choice judges pkg with the model's evaluator and scores it.
func (p *Problem) choice(vw view, r Rule, pkg model.Package, ideal map[string]float64) (*Choice, error) {
	v, err := vw.space(p).Judge(pkg)
	if err != nil || !v.Agreeable {
		return nil, &InternalError{Msg: fmt.Sprintf("%v optimum %v is not agreeable (%v)", r, pkg, err)}
	}
	u := p.utils()
	return &Choice{Rule: r, Score: Score(p.space, r, v.Utilities, ideal), Utilities: v.Utilities,
		Package: pkg, Exact: u.exact, Tolerance: float64(len(p.space.Parties)) * u.err}, nil
}

// Utilitarian returns an agreeable package with the greatest sum of
// utilities, or nil when none is agreeable. It runs core-guided MaxSAT
// (OLL) on the utility terms: each option of each term costs what it falls
// short of the term's best option, so the least total shortfall is the
// greatest sum. The optimum is checked against the lower bound, and the
// package re-scored by the model's evaluator.
func (p *Problem) Utilitarian(ctx context.Context) (*Choice, error) {
	return p.utilitarian(ctx, p.scoped(Scope{}))
}

func (p *Problem) utilitarian(ctx context.Context, vw view) (*Choice, error) {
	hard := vw.all(p)
	if ok, err := p.solve(ctx, hard); err != nil || !ok {
		return nil, err
	}
	u := p.utils()
	// Merge the terms of every party on the same issue.
	type term struct {
		opts []z.Lit
		vals []int64
	}
	var terms []*term
	byIssue := map[int]*term{}
	for pi := range u.groups {
		for _, g := range u.groups[pi] {
			if t, ok := byIssue[g.issue]; ok && g.issue >= 0 {
				for j, v := range g.vals {
					t.vals[j] += v
				}
				continue
			}
			t := &term{opts: g.opts, vals: slices.Clone(g.vals)}
			if g.issue >= 0 {
				byIssue[g.issue] = t
			}
			terms = append(terms, t)
		}
	}
	var best int64
	var lits []z.Lit
	var w []int64
	for _, t := range terms {
		top := slices.Max(t.vals)
		best += top
		if len(t.opts) == 1 {
			continue
		}
		for j, v := range t.vals {
			if v < top {
				lits = append(lits, t.opts[j].Not())
				w = append(w, top-v)
			}
		}
	}
	lb, err := p.oll(ctx, hard, lits, w)
	if err != nil {
		return nil, err
	}
	var got int64
	for pi := range u.groups {
		got += p.scaled(pi)
	}
	if got != best-lb {
		return nil, &InternalError{Msg: fmt.Sprintf("utilitarian: model sum %d, bound says %d", got, best-lb)}
	}
	return p.choice(vw, Utilitarian, p.model(), nil)
}

// Egalitarian returns an agreeable package whose least utility is
// greatest, or nil when none is agreeable: a binary search on the bound t,
// each step asking for every party's utility to be at least t (weighted
// bounds encoded as decision diagrams), where every model found raises
// the lower end to its own least utility.
func (p *Problem) Egalitarian(ctx context.Context) (*Choice, error) {
	return p.egalitarian(ctx, p.scoped(Scope{}))
}

func (p *Problem) egalitarian(ctx context.Context, vw view) (*Choice, error) {
	hard := vw.all(p)
	u := p.utils()
	n := len(u.groups)
	if n == 0 {
		return p.utilitarian(ctx, vw) // no parties: any agreeable package
	}
	minOf := func() int64 {
		m := int64(math.MaxInt64)
		for pi := range n {
			m = min(m, p.scaled(pi))
		}
		return m
	}
	hi := int64(math.MaxInt64)
	for pi := range n {
		hi = min(hi, u.hi[pi])
	}
	pkg, err := p.maximize(ctx, hard, minOf, hi, func(t int64) []z.Lit {
		a := make([]z.Lit, n)
		for pi := range n {
			a[pi] = p.atLeast(pi, t)
		}
		return a
	})
	if err != nil || pkg == nil {
		return nil, err
	}
	return p.choice(vw, Egalitarian, pkg, nil)
}

// maximize finds a model of hard with the greatest value of val (read from
// the current model), knowing that val is at most hi and that bound(t)
// forces val >= t. It returns the package of the best model, or nil when
// hard is unsatisfiable.
func (p *Problem) maximize(ctx context.Context, hard []z.Lit, val func() int64, hi int64, bound func(t int64) []z.Lit) (model.Package, error) {
	ok, err := p.solve(ctx, hard)
	if err != nil || !ok {
		return nil, err
	}
	lo, pkg := val(), p.model()
	for lo < hi {
		mid := lo + (hi-lo+1)/2
		ok, err := p.solve(ctx, append(slices.Clone(hard), bound(mid)...))
		if err != nil {
			return nil, err
		}
		if ok {
			lo, pkg = val(), p.model()
			if lo < mid {
				return nil, &InternalError{Msg: "maximize: a model breaks its bound"}
			}
		} else {
			hi = mid - 1
		}
	}
	return pkg, nil
}

// Ideal returns each party's greatest utility over the agreeable packages
// (the ideal point), by one maximisation per party, or nil when none is
// agreeable.
func (p *Problem) Ideal(ctx context.Context) (map[string]float64, error) {
	return p.ideal(ctx, p.scoped(Scope{}))
}

func (p *Problem) ideal(ctx context.Context, vw view) (map[string]float64, error) {
	hard := vw.all(p)
	u := p.utils()
	out := map[string]float64{}
	for pi := range u.groups {
		id := p.space.Parties[pi].ID
		pkg, err := p.maximize(ctx, hard, func() int64 { return p.scaled(pi) }, u.hi[pi], func(t int64) []z.Lit {
			return []z.Lit{p.atLeast(pi, t)}
		})
		if err != nil || pkg == nil {
			return nil, err
		}
		v, err := vw.space(p).Judge(pkg)
		if err != nil || !v.Agreeable {
			return nil, &InternalError{Msg: fmt.Sprintf("ideal of %s: %v is not agreeable", id, pkg)}
		}
		out[id] = v.Utilities[id]
	}
	return out, nil
}
