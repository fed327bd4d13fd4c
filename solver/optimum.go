package solver

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/irifrance/gini/z"
	"gonum.org/v1/gonum/floats"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver/internal/cert"
)

// BargainingRule is a bargaining rule that singles out agreeable packages (see the
// report contract for the definitions).
type BargainingRule int

const (
	// Utilitarian maximises the sum of the parties' utilities.
	Utilitarian BargainingRule = iota
	// Egalitarian maximises the least utility.
	Egalitarian
	// Nash maximises the product of the gains over the reservations.
	Nash
	// KalaiSmorodinsky maximises the least gain relative to each party's
	// ideal gain.
	KalaiSmorodinsky
)

// BargainingRules lists every rule in report order.
var BargainingRules = []BargainingRule{Utilitarian, Egalitarian, Nash, KalaiSmorodinsky}

// String returns the rule's name in the report contract.
func (r BargainingRule) String() string {
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
	Rule BargainingRule
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

// Precision says how the solver represents utilities, in the objectives
// and in the reservations alike: Exact when every party's utility
// contributions (weights and scores read as decimals, points interpolated
// in rationals) share a common denominator that fits in 62 bits (then
// every comparison is exact and agrees with the model's exact evaluator),
// otherwise on a binary fixed-point scale where each party's utility is
// off by at most Error (proven, and far below the report's 1e-9). On a
// fixed-point scale a reservation accepts only packages that surely reach
// it, so a package whose utility lies within Error of a reservation's
// threshold may be left out, and frontier points whose exact utilities
// tie are listed once. Every package returned is re-scored by the model's
// evaluator either way.
type Precision struct {
	Exact bool
	Error float64
	// Unit is the utility of one integer step.
	Unit float64
}

// Precision returns how utilities are represented in p.
func (p *Problem) Precision() Precision {
	defer p.enter(nil, nil)()
	u := p.utils()
	return Precision{Exact: u.exact, Error: u.err, Unit: u.unit}
}

// RuleScore returns rule r's score of the utility vector us (keyed by party
// id) in space s; ideal is needed by KalaiSmorodinsky only.
func RuleScore(s *model.Space, r BargainingRule, us, ideal map[string]float64) float64 {
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
func (p *Problem) choice(vw view, r BargainingRule, pkg model.Package, ideal map[string]float64) (*Choice, error) {
	v, err := vw.space(p).Judge(pkg)
	if err != nil || !v.Agreeable {
		return nil, &InternalError{Msg: fmt.Sprintf("%v optimum %v is not agreeable (%v)", r, pkg, err)}
	}
	u := p.utils()
	return &Choice{Rule: r, Score: RuleScore(p.space, r, v.Utilities, ideal), Utilities: v.Utilities,
		Package: pkg, Exact: u.exact, Tolerance: float64(len(p.space.Parties)) * u.err}, nil
}

// Utilitarian returns an agreeable package with the greatest sum of
// utilities, or nil when none is agreeable. It runs core-guided MaxSAT
// (OLL) on the utility terms: each option of each term costs what it falls
// short of the term's best option, so the least total shortfall is the
// greatest sum. The optimum is checked against the lower bound, and the
// package re-scored by the model's evaluator.
func (p *Problem) Utilitarian(ctx context.Context) (_ *Choice, err error) {
	defer p.enter(&ctx, &err)()
	if o, err := p.scoredSub(ctx); err != nil || o != nil {
		if err != nil {
			return nil, err
		}
		c, err := o.q.Utilitarian(ctx)
		return p.lift(o, c, err)
	}
	return p.utilitarian(ctx, p.scoped(Scope{}))
}

func (p *Problem) utilitarian(ctx context.Context, vw view) (*Choice, error) {
	if c, ok, err := p.chooseEnumerated(ctx, vw, Utilitarian); ok || err != nil {
		return c, err
	}
	hard := vw.all(p)
	if ok, err := p.solve(ctx, hard); err != nil || !ok {
		if err == nil {
			err = p.certifyNone(ctx, "no package is agreeable", vw, vw.table)
		}
		return nil, err
	}
	u := p.utils()
	lits, w, best := p.utilitarianSoft()
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
	c, err := p.choice(vw, Utilitarian, p.model(), nil)
	if err != nil {
		return nil, err
	}
	// Certify that no agreeable package has a greater sum (so none
	// dominates the choice either).
	if err := p.certifyNone(ctx, fmt.Sprintf("no agreeable package has a utility sum above %v", c.Score), vw, vw.table,
		cert.Utility("", c.Score+c.Tolerance+certMargin)); err != nil {
		return nil, err
	}
	return c, nil
}

// utilitarianSoft returns the soft literals of the utilitarian optimum
// with their weights, and the greatest conceivable sum of utilities (on
// the integer scale): each option of each utility term (the terms of every
// party on the same issue merged) costs what it falls short of the term's
// best option, so the least total shortfall is the greatest sum.
func (p *Problem) utilitarianSoft() (lits []z.Lit, w []int64, best int64) {
	u := p.utils()
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
	return lits, w, best
}

// Egalitarian returns an agreeable package whose least utility is
// greatest, or nil when none is agreeable. Among those it returns a leximin
// optimum (the next smallest utility greatest, and so on), which no
// agreeable package dominates.
//
// The search goes level by level (Bouveret and Lemaître, "Computing
// leximin-optimal solutions in constraint networks", 2009). With the
// parties fixed so far held at their levels, a binary search finds the
// greatest t that every other party can reach together (each probe asks
// for every party's weighted bound, a decision diagram, at once; every
// model found raises the lower end to its own least utility). The parties
// that cannot exceed t while the others keep t are then fixed at t: one SAT
// call asks for any of the candidates to exceed t, and each answer strikes
// the parties it lifts, until the call fails. Every package that keeps the
// levels gives a fixed party exactly its level, so the leximin optimum
// continues with the rest. When no party is fixed (each could exceed t, but
// not all together), the remaining positions are found one by one with
// cardinality bounds: the k-th smallest utility is at least t when at
// least n-k+1 parties reach t.
func (p *Problem) Egalitarian(ctx context.Context) (_ *Choice, err error) {
	defer p.enter(&ctx, &err)()
	if o, err := p.scoredSub(ctx); err != nil || o != nil {
		if err != nil {
			return nil, err
		}
		c, err := o.q.Egalitarian(ctx)
		return p.lift(o, c, err)
	}
	return p.egalitarian(ctx, p.scoped(Scope{}))
}

func (p *Problem) egalitarian(ctx context.Context, vw view) (*Choice, error) {
	if c, ok, err := p.chooseEnumerated(ctx, vw, Egalitarian); ok || err != nil {
		return c, err
	}
	hard := vw.all(p)
	u := p.utils()
	if len(u.groups) == 0 {
		return p.utilitarian(ctx, vw) // no parties: any agreeable package
	}
	open := make([]int, len(u.groups)) // the parties not fixed yet
	for pi := range open {
		open[pi] = pi
	}
	var pkg model.Package
	for len(open) > 0 {
		least := func() int64 {
			m := int64(math.MaxInt64)
			for _, pi := range open {
				m = min(m, p.scaled(pi))
			}
			return m
		}
		hi := int64(math.MaxInt64)
		for _, pi := range open {
			hi = min(hi, u.hi[pi])
		}
		bound := func(t int64) []z.Lit {
			a := make([]z.Lit, len(open))
			for i, pi := range open {
				a[i] = p.atLeast(pi, t)
			}
			return a
		}
		var t int64
		var err error
		if pkg, t, err = p.maximize(ctx, hard, least, hi, bound); err != nil {
			return nil, err
		}
		if pkg == nil {
			if len(open) < len(u.groups) {
				return nil, &InternalError{Msg: "egalitarian: the levels found admit no package"}
			}
			return nil, p.certifyNone(ctx, "no package is agreeable", vw, vw.table)
		}
		hard = append(hard, bound(t)...)
		fixed, err := p.stuck(ctx, hard, open, t)
		if err != nil {
			return nil, err
		}
		if len(fixed) == 0 {
			if pkg, err = p.leximinByCount(ctx, hard, open); err != nil {
				return nil, err
			}
			break
		}
		open = slices.DeleteFunc(open, func(pi int) bool { return slices.Contains(fixed, pi) })
	}
	c, err := p.choice(vw, Egalitarian, pkg, nil)
	if err != nil {
		return nil, err
	}
	// Certify that no agreeable package gives every party more, nor
	// dominates the choice.
	var more []cert.Cond
	for i := range p.space.Parties {
		more = append(more, cert.Utility(p.space.Parties[i].ID, c.Score+c.Tolerance+certMargin))
	}
	if err := p.certifyNone(ctx, fmt.Sprintf("no agreeable package gives every party more than %v, or dominates %v", c.Score, c.Utilities),
		vw, vw.table, cert.Or(cert.And(more...), p.dominating(c.Utilities, c.Tolerance+certMargin))); err != nil {
		return nil, err
	}
	return c, nil
}

// stuck returns the parties of open that no model of hard lifts above t.
func (p *Problem) stuck(ctx context.Context, hard []z.Lit, open []int, t int64) ([]int, error) {
	cand := slices.Clone(open)
	for {
		var lits []z.Lit
		var movable []int
		for _, pi := range cand {
			if l := p.atLeast(pi, t+1); l != p.c.F {
				lits = append(lits, l)
				movable = append(movable, pi)
			}
		}
		if len(lits) == 0 {
			return cand, nil
		}
		act := p.fresh()
		p.s.AddClause(append([]z.Lit{act.Not()}, lits...)...)
		ok, err := p.solve(ctx, append(slices.Clone(hard), act))
		var lifted []int
		if ok {
			for _, pi := range movable {
				if p.scaled(pi) > t {
					lifted = append(lifted, pi)
				}
			}
		}
		p.s.AddClause(act.Not())
		if err != nil {
			return nil, err
		}
		if !ok {
			return cand, nil
		}
		if len(lifted) == 0 {
			return nil, &InternalError{Msg: "egalitarian: a model breaks its bound"}
		}
		cand = slices.DeleteFunc(cand, func(pi int) bool { return slices.Contains(lifted, pi) })
		if len(cand) == 0 {
			return nil, nil
		}
	}
}

// leximinByCount returns a model of hard whose utilities of the parties in
// open are leximin-optimal, knowing that hard holds every party of open to
// the greatest least utility: for k = 2, 3, …, the k-th smallest is
// maximised with "at least |open|-k+1 of them reach t" and the earlier
// optima held.
func (p *Problem) leximinByCount(ctx context.Context, hard []z.Lit, open []int) (model.Package, error) {
	u := p.utils()
	his := make([]int64, len(open))
	for i, pi := range open {
		his[i] = u.hi[pi]
	}
	// The k-th smallest utility is at most the k-th smallest greatest one.
	slices.Sort(his)
	var pkg model.Package
	for k := 1; k < len(open); k++ {
		kth := func() int64 {
			v := make([]int64, len(open))
			for i, pi := range open {
				v[i] = p.scaled(pi)
			}
			slices.Sort(v)
			return v[k]
		}
		bound := func(t int64) []z.Lit { return []z.Lit{p.atLeastParties(open, len(open)-k, t)} }
		var t int64
		var err error
		if pkg, t, err = p.maximize(ctx, hard, kth, his[k], bound); err != nil {
			return nil, err
		}
		if pkg == nil {
			return nil, &InternalError{Msg: "egalitarian: the levels found admit no package"}
		}
		hard = append(hard, bound(t)...)
	}
	if pkg == nil { // one party open: hard already fixes it
		ok, err := p.solve(ctx, hard)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, &InternalError{Msg: "egalitarian: the levels found admit no package"}
		}
		pkg = p.model()
	}
	return pkg, nil
}

// atLeastParties returns a literal (written to the solver) that holds when
// at least m of the parties ps have a scaled utility of at least t.
func (p *Problem) atLeastParties(ps []int, m int, t int64) z.Lit {
	var open []z.Lit
	for _, pi := range ps {
		switch l := p.atLeast(pi, t); l {
		case p.c.T:
			m--
		case p.c.F:
		default:
			open = append(open, l)
		}
	}
	var l z.Lit
	switch {
	case m <= 0:
		return p.c.T
	case m > len(open):
		return p.c.F
	case m == len(open):
		l = p.c.Ands(open...)
	default:
		l = p.c.CardSort(open).Geq(m)
	}
	p.flush(l)
	return l
}

// maximize finds a model of hard with the greatest value of val (read from
// the current model), knowing that val is at most hi and that bound(t)
// forces val >= t. It returns the package of the best model and its value,
// or nil when hard is unsatisfiable.
func (p *Problem) maximize(ctx context.Context, hard []z.Lit, val func() int64, hi int64, bound func(t int64) []z.Lit) (model.Package, int64, error) {
	ok, err := p.solve(ctx, hard)
	if err != nil || !ok {
		return nil, 0, err
	}
	lo, pkg := val(), p.model()
	step := int64(1)
	for lo < hi {
		mid := lo + (hi-lo+1)/2
		if step > 0 && step < hi-lo {
			mid = lo + step // gallop up from the model's value first
		}
		ok, err := p.solve(ctx, append(slices.Clone(hard), bound(mid)...))
		if err != nil {
			return nil, 0, err
		}
		if ok {
			lo, pkg = val(), p.model()
			if lo < mid {
				return nil, 0, &InternalError{Msg: "maximize: a model breaks its bound"}
			}
			step *= 2
		} else {
			hi, step = mid-1, 0
		}
	}
	return pkg, lo, nil
}

// Ideal returns each party's greatest utility over the agreeable packages
// (the ideal point), by one maximisation per party, or nil when none is
// agreeable.
func (p *Problem) Ideal(ctx context.Context) (_ map[string]float64, err error) {
	defer p.enter(&ctx, &err)()
	if o, err := p.scoredSub(ctx); err != nil || o != nil {
		if err != nil {
			return nil, err
		}
		return o.q.Ideal(ctx) // the scored part's utilities are the whole space's
	}
	return p.ideal(ctx, p.scoped(Scope{}))
}

func (p *Problem) ideal(ctx context.Context, vw view) (map[string]float64, error) {
	if ideal, ok, err := p.idealEnumerated(ctx, vw); ok || err != nil {
		return ideal, err
	}
	pkgs, err := p.idealPackages(ctx, vw)
	if err != nil {
		return nil, err
	}
	if pkgs == nil {
		return nil, p.certifyNone(ctx, "no package is agreeable", vw, vw.table)
	}
	out := map[string]float64{}
	var more []cert.Cond
	for pi, pkg := range pkgs {
		id := p.space.Parties[pi].ID
		v, err := vw.space(p).Judge(pkg)
		if err != nil || !v.Agreeable {
			return nil, &InternalError{Msg: fmt.Sprintf("ideal of %s: %v is not agreeable", id, pkg)}
		}
		out[id] = v.Utilities[id]
		more = append(more, cert.Utility(id, out[id]+p.utils().err+certMargin))
	}
	// Certify that no agreeable package gives any party more.
	if err := p.certifyNone(ctx, fmt.Sprintf("no agreeable package gives a party more than its ideal %v", out), vw, vw.table, cert.Or(more...)); err != nil {
		return nil, err
	}
	return out, nil
}

// idealPackages returns, for each party in space order, an agreeable
// package of vw that gives it its greatest utility, or nil when none is
// agreeable.
func (p *Problem) idealPackages(ctx context.Context, vw view) ([]model.Package, error) {
	hard := vw.all(p)
	u := p.utils()
	var out []model.Package
	for pi := range u.groups {
		pkg, _, err := p.maximize(ctx, hard, func() int64 { return p.scaled(pi) }, u.hi[pi], func(t int64) []z.Lit {
			return []z.Lit{p.atLeast(pi, t)}
		})
		if err != nil || pkg == nil {
			return nil, err
		}
		out = append(out, pkg)
	}
	if out == nil {
		// No parties: the ideal is empty, but only when some package is
		// agreeable.
		if ok, err := p.solve(ctx, hard); err != nil || !ok {
			return nil, err
		}
		out = []model.Package{}
	}
	return out, nil
}
