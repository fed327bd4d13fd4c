package solver

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/model"
)

// WhatIf is a hypothetical variant of a compiled space: some negotiable
// constraints switched off, some issues fixed to a value, some temporary
// constraints added. Every query runs on the same SAT instance as the
// Problem, by assumptions and activation literals; nothing is recompiled
// (a temporary constraint is compiled once, the first time it is added,
// and switched on and off afterwards). Queries answer for the variant
// exactly as they would for the modified space compiled from scratch (see
// Space), and leave earlier answers, of the Problem and of other WhatIfs,
// valid. A WhatIf has every query of Problem, with the same signature,
// except Picks (a Monte Carlo study of the stated weights: compile the
// variant's Space to study it).
//
// A WhatIf is safe for concurrent use, like its Problem: its methods take
// the Problem's turn (see Problem).
type WhatIf struct {
	p     *Problem
	off   map[int]bool         // negotiable constraints switched off
	fixed map[int]model.Value  // issue index -> value
	extra map[string]*tempRule // temporary constraints by id
	order []string             // ids of extra in the order added
	cache *model.Space         // the modified space, built on demand
}

type tempRule struct {
	expr model.Expr
	sel  z.Lit
}

// WhatIf returns a variant of p with nothing changed yet.
func (p *Problem) WhatIf() *WhatIf {
	return &WhatIf{p: p, off: map[int]bool{}, fixed: map[int]model.Value{}, extra: map[string]*tempRule{}}
}

// Clone returns an independent copy of w (sharing its Problem).
func (w *WhatIf) Clone() *WhatIf {
	defer w.p.enter(nil, nil)()
	return &WhatIf{p: w.p, off: maps.Clone(w.off), fixed: maps.Clone(w.fixed), extra: maps.Clone(w.extra),
		order: slices.Clone(w.order), cache: w.cache}
}

// Drop switches negotiable constraints off, as if their parties had
// conceded them. It returns an error, and changes nothing, when a ref is a
// rule or not a constraint of the space.
func (w *WhatIf) Drop(refs ...model.Ref) (err error) {
	defer w.p.enter(nil, &err)()
	return w.set(true, refs)
}

// Restore switches dropped constraints back on.
func (w *WhatIf) Restore(refs ...model.Ref) (err error) {
	defer w.p.enter(nil, &err)()
	return w.set(false, refs)
}

func (w *WhatIf) set(off bool, refs []model.Ref) error {
	var cis []int
	for _, r := range refs {
		ci, ok := w.p.byRef[r]
		if !ok || r.Kind == model.RuleKind {
			return fmt.Errorf("solver: what-if: %s is not a negotiable constraint of the space", r)
		}
		cis = append(cis, ci)
	}
	for _, ci := range cis {
		if off {
			w.off[ci] = true
		} else {
			delete(w.off, ci)
		}
	}
	w.cache = nil
	return nil
}

// Fix holds issue id at value v. It returns an error for an unknown issue
// or a value outside its domain.
func (w *WhatIf) Fix(id string, v model.Value) (err error) {
	defer w.p.enter(nil, &err)()
	i, ok := w.p.issueIdx[id]
	if !ok {
		return fmt.Errorf("solver: what-if: unknown issue %q", id)
	}
	if !w.p.space.Issues[i].Has(v) {
		return fmt.Errorf("solver: what-if: %s is not a value of issue %q", v, id)
	}
	w.fixed[i] = v
	w.cache = nil
	return nil
}

// Free releases an issue fixed by Fix (freeing a free issue does nothing).
func (w *WhatIf) Free(id string) {
	defer w.p.enter(nil, nil)()
	if i, ok := w.p.issueIdx[id]; ok {
		delete(w.fixed, i)
		w.cache = nil
	}
}

// Require adds a temporary hard constraint named id, written in the
// scenario expression language and checked against the space; a later
// Require with the same id replaces it. Errors name the column of the
// problem in the expression.
func (w *WhatIf) Require(id, expr string) (err error) {
	defer w.p.enter(nil, &err)()
	e, err := w.p.space.ParseExpr(expr)
	if err != nil {
		return fmt.Errorf("solver: what-if %s: %w", id, err)
	}
	key := e.String()
	t, ok := w.p.temps[key]
	if !ok {
		m, err := w.p.expr(e)
		if err != nil {
			return fmt.Errorf("solver: what-if %s: %w", id, err)
		}
		s := w.p.fresh()
		w.p.flush(m)
		w.p.s.AddClause(s.Not(), m)
		t = &tempRule{expr: e, sel: s}
		if w.p.temps == nil {
			w.p.temps = map[string]*tempRule{}
		}
		w.p.temps[key] = t
	}
	if _, ok := w.extra[id]; !ok {
		w.order = append(w.order, id)
	}
	w.extra[id] = t
	w.cache = nil
	return nil
}

// Unrequire removes the temporary constraint id (removing an unknown one
// does nothing).
func (w *WhatIf) Unrequire(id string) {
	defer w.p.enter(nil, nil)()
	if _, ok := w.extra[id]; ok {
		delete(w.extra, id)
		w.order = slices.DeleteFunc(w.order, func(x string) bool { return x == id })
		w.cache = nil
	}
}

// Space returns the modified space the variant stands for: the dropped
// constraints conceded (see model.Space.Concede), and each fixed value and
// temporary constraint added as a rule ("whatif_fix_<issue>" and
// "whatif_<id>", after the space's own rules). Compiling it from scratch
// gives the same answers as querying w.
func (w *WhatIf) Space() *model.Space {
	defer w.p.enter(nil, nil)()
	return w.space()
}

// space is Space for a caller that holds the lock.
func (w *WhatIf) space() *model.Space {
	if w.cache != nil {
		return w.cache
	}
	var drop []model.Ref
	for ci := range w.off {
		drop = append(drop, w.p.refs[ci])
	}
	s, _ := w.p.space.Concede(drop...) // refs were checked by Drop
	s.Rules = slices.Clip(s.Rules)
	for i := range w.p.space.Issues {
		v, ok := w.fixed[i]
		if !ok {
			continue
		}
		is := &w.p.space.Issues[i]
		var e model.Expr
		switch is.Kind {
		case model.BoolKind:
			e = model.Var(is.ID)
			if !v.Bool() {
				e = model.Not(e)
			}
		case model.ChoiceKind:
			e = model.Is(is.ID, v.Option())
		case model.StepKind:
			e = model.Not(model.Var(is.ID))
			if v.Taken() {
				e = model.Compare(model.Phase(is.ID), model.EqOp, model.Const(int64(v.Phase())))
			}
		default:
			e = model.Compare(model.Num(is.ID), model.EqOp, model.Const(v.Int()))
		}
		s.Rules = append(s.Rules, model.Constraint{ID: "whatif_fix_" + is.ID, Require: e})
	}
	for _, id := range w.order {
		s.Rules = append(s.Rules, model.Constraint{ID: "whatif_" + id, Require: w.extra[id].expr})
	}
	w.cache = s
	return s
}

// view returns the variant's view under scope sc.
func (w *WhatIf) view(sc Scope) view {
	p := w.p
	v := p.scopedWithout(sc, w.off)
	for i := range p.issues {
		if val, ok := w.fixed[i]; ok {
			v.hard = append(v.hard, p.valueLit(i, val))
			if v.fixed == nil {
				v.fixed = model.Package{}
			}
			v.fixed[p.issues[i].is.ID] = val
		}
	}
	for _, id := range w.order {
		v.hard = append(v.hard, w.extra[id].sel)
	}
	for i := range w.fixed {
		v.frozen = append(v.frozen, i)
	}
	slices.Sort(v.frozen)
	for _, id := range w.order {
		v.temps = append(v.temps, w.extra[id].expr)
	}
	if len(w.fixed) > 0 || len(w.order) > 0 {
		v.judge = w.space()
		fixed, extra := maps.Clone(w.fixed), make([]model.Expr, 0, len(w.order))
		for _, id := range w.order {
			extra = append(extra, w.extra[id].expr)
		}
		v.extra = func(pkg model.Package) bool {
			for i, val := range fixed {
				if pkg[p.issues[i].is.ID] != val {
					return false
				}
			}
			for _, e := range extra {
				if ok, err := p.space.Eval(e, pkg); err != nil || !ok {
					return false
				}
			}
			return true
		}
	} else if len(w.off) > 0 {
		v.judge = w.space()
	}
	return v
}

// Feasible reports whether some package is agreeable in the variant, and
// returns one (checked with the modified space's evaluator).
func (w *WhatIf) Feasible(ctx context.Context) (_ model.Package, _ bool, err error) {
	defer w.p.enter(&ctx, &err)()
	return w.p.feasible(ctx, w.view(Scope{}))
}

// Conflict returns one conflict of the variant under scope (see
// Problem.Conflict); temporary constraints and fixed values are hard.
func (w *WhatIf) Conflict(ctx context.Context, sc Scope) (_ []model.Ref, err error) {
	defer w.p.enter(&ctx, &err)()
	return w.p.conflict(ctx, w.view(sc))
}

// HardConflict returns one minimal set of the variant's hard constraints
// that admits no package, or nil when they admit one (see
// Problem.HardConflict). Fixed values and temporary constraints are held
// but not listed: an empty, non-nil result means that they alone admit no
// package.
func (w *WhatIf) HardConflict(ctx context.Context, sc Scope) (_ []model.Ref, err error) {
	defer w.p.enter(&ctx, &err)()
	v := w.view(sc)
	return w.p.hardConflict(ctx, v, nil)
}

// Findings enumerates the variant's conflicts and concession sets under
// scope (see Problem.Findings).
func (w *WhatIf) Findings(ctx context.Context, sc Scope) *Findings {
	f := &Findings{p: w.p, ctx: ctx}
	c := ctx // the Findings keeps ctx itself, unmarked
	defer w.p.enter(&c, &f.initErr)()
	f.v = w.view(sc)
	return f
}

// CheapestConcession returns the variant's cheapest concession set under
// scope (see Problem.CheapestConcession).
func (w *WhatIf) CheapestConcession(ctx context.Context, sc Scope) (_ *Optimum, err error) {
	defer w.p.enter(&ctx, &err)()
	return w.p.cheapest(ctx, w.view(sc), false)
}

// ZOPA returns the variant's zone of possible agreement (see
// Problem.ZOPA).
func (w *WhatIf) ZOPA(ctx context.Context) (_ map[string]Range, err error) {
	defer w.p.enter(&ctx, &err)()
	return w.p.zopa(ctx, w.view(Scope{}))
}

// Utilitarian returns the variant's utilitarian optimum (see
// Problem.Utilitarian).
func (w *WhatIf) Utilitarian(ctx context.Context) (_ *Choice, err error) {
	defer w.p.enter(&ctx, &err)()
	return w.p.utilitarian(ctx, w.view(Scope{}))
}

// Egalitarian returns the variant's egalitarian optimum (see
// Problem.Egalitarian).
func (w *WhatIf) Egalitarian(ctx context.Context) (_ *Choice, err error) {
	defer w.p.enter(&ctx, &err)()
	return w.p.egalitarian(ctx, w.view(Scope{}))
}

// Frontier returns the variant's Pareto frontier (see Problem.Frontier).
func (w *WhatIf) Frontier(ctx context.Context) *Frontier {
	f := &Frontier{p: w.p, ctx: ctx}
	c := ctx // the Frontier keeps ctx itself, unmarked
	defer w.p.enter(&c, &f.initErr)()
	f.v = w.view(Scope{})
	return f
}

// Choose returns the point of points that rule r ranks first in the
// variant (see Problem.Choose).
func (w *WhatIf) Choose(ctx context.Context, points []FrontierPoint, r BargainingRule) (_ *Choice, err error) {
	defer w.p.enter(&ctx, &err)()
	return w.p.choose(ctx, w.view(Scope{}), points, r)
}

// Audit audits a proposal in the variant (see Problem.Audit): its values
// are held with the variant's, and a proposal that sets an issue the
// variant fixes to another value is an error.
func (w *WhatIf) Audit(ctx context.Context, proposal model.Package) (_ *Audit, err error) {
	defer w.p.enter(&ctx, &err)()
	return w.p.audit(ctx, w.view(Scope{}), proposal)
}

// Ideal returns each party's greatest utility over the variant's agreeable
// packages (see Problem.Ideal).
func (w *WhatIf) Ideal(ctx context.Context) (_ map[string]float64, err error) {
	defer w.p.enter(&ctx, &err)()
	return w.p.ideal(ctx, w.view(Scope{}))
}

// PreferredConflict returns the variant's conflict preferred by order (see
// Problem.PreferredConflict).
func (w *WhatIf) PreferredConflict(ctx context.Context, sc Scope, order []model.Ref) (_ []model.Ref, err error) {
	defer w.p.enter(&ctx, &err)()
	return w.p.preferredConflict(ctx, w.view(sc), order)
}

// SmallestConcession returns the variant's concession set with the fewest
// members under scope (see Problem.SmallestConcession).
func (w *WhatIf) SmallestConcession(ctx context.Context, sc Scope) (_ *Optimum, err error) {
	defer w.p.enter(&ctx, &err)()
	return w.p.cheapest(ctx, w.view(sc), true)
}

// Explain returns the conflicts and concession sets of the variant under
// scope (see Problem.Explain).
func (w *WhatIf) Explain(ctx context.Context, sc Scope, o *ExplainOptions) (_ *Explanation, err error) {
	defer w.p.enter(&ctx, &err)()
	return w.p.explain(ctx, w.view(sc), o)
}

// Against returns the hard constraints of the variant that a conflict
// collides with (see Problem.Against); the variant's fixed values and
// temporary constraints are held but not listed.
func (w *WhatIf) Against(ctx context.Context, sc Scope, conflict []model.Ref) (_ []model.Ref, err error) {
	defer w.p.enter(&ctx, &err)()
	return w.p.against(ctx, w.view(sc), conflict)
}

// Cheapness says, for each concession set of the variant, whether it is a
// cheapest one for some or for every choice of costs within their ranges
// (see Problem.Cheapness).
func (w *WhatIf) Cheapness(ctx context.Context, sc Scope, sets [][]model.Ref) (_ []Cheapness, err error) {
	defer w.p.enter(&ctx, &err)()
	return w.p.cheapness(ctx, w.view(sc), sets)
}

// CostIntervals returns, for each constraint on the variant's table, the
// interval of its cost over which cheapest stays a cheapest concession set
// (see Problem.CostIntervals).
func (w *WhatIf) CostIntervals(ctx context.Context, sc Scope, cheapest []model.Ref) (_ []CostInterval, err error) {
	defer w.p.enter(&ctx, &err)()
	return w.p.costIntervals(ctx, w.view(sc), cheapest)
}

// Count counts the variant's agreeable packages up to limit (see
// Problem.Count).
func (w *WhatIf) Count(ctx context.Context, limit int64) (n int64, exact bool, err error) {
	defer w.p.enter(&ctx, &err)()
	return w.p.count(ctx, w.view(Scope{}), limit)
}

// Packages returns the enumeration of the variant's agreeable packages
// (see Problem.Packages).
func (w *WhatIf) Packages(ctx context.Context) *Enumeration {
	e := &Enumeration{p: w.p, ctx: ctx}
	c := ctx // the Enumeration keeps ctx itself, unmarked
	defer w.p.enter(&c, nil)()
	e.v = w.view(Scope{})
	return e
}
