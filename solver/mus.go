package solver

import (
	"context"
	"fmt"
	"slices"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/model"
)

// mus is a minimal unsatisfiable subset of a view's table, with, for each
// member, a package that satisfies the hard part and every other member
// (the proof that the member is needed).
type mus struct {
	members   []int
	witnesses map[int]model.Package
}

// shrink returns nil when v's hard part plus the constraints in set is
// satisfiable, and otherwise a minimal unsatisfiable subset of set, by
// deletion with clause-set refinement: each UNSAT answer's Why() replaces
// the working set (as MUSer2 and PySAT's MUSX do). When core is not nil it
// is a known unsatisfiable subset of set (typically from the caller's
// Why()), and the first SAT call is skipped.
func (p *Problem) shrink(ctx context.Context, v view, set, core []int) (*mus, error) {
	selOf := make(map[z.Lit]int, len(set))
	for _, ci := range set {
		selOf[p.sel[ci]] = ci
	}
	refine := func(ws []int) []int {
		in := map[int]bool{}
		for _, m := range p.s.Why() {
			if ci, ok := selOf[m]; ok {
				in[ci] = true
			}
		}
		return slices.DeleteFunc(slices.Clone(ws), func(ci int) bool { return !in[ci] })
	}
	work := core
	if work == nil {
		ok, err := p.solve(ctx, v.with(p, set))
		if err != nil {
			return nil, err
		}
		if ok {
			// The answer "satisfiable" has a witness.
			if pkg := p.model(); !p.witnessOK(v, pkg, set) {
				return nil, &InternalError{Msg: fmt.Sprintf("witness %v breaks a constraint of %s", pkg, refsString(p.sortedRefs(set)))}
			}
			return nil, nil
		}
		work = refine(set)
	}
	out := &mus{witnesses: map[int]model.Package{}}
	for {
		i := slices.IndexFunc(work, func(ci int) bool { return out.witnesses[ci] == nil })
		if i < 0 {
			out.members = work
			return out, nil
		}
		cand := slices.Delete(slices.Clone(work), i, i+1)
		ok, err := p.solve(ctx, v.with(p, cand))
		if err != nil {
			return nil, err
		}
		if ok {
			out.witnesses[work[i]] = p.model()
		} else {
			work = refine(cand)
		}
	}
}

// checkConflict verifies m independently of how it was found: one SAT call
// confirms that it is unsatisfiable and the certifier proves it again on
// its own encoding, and each member's witness is judged by the model's
// evaluator (a member without a witness gets one from a SAT call without
// it).
func (p *Problem) checkConflict(ctx context.Context, v view, m *mus) error {
	fail := func(why string) error {
		return &InternalError{Msg: fmt.Sprintf("conflict check failed for %s: %s", refsString(p.sortedRefs(m.members)), why)}
	}
	ok, err := p.solve(ctx, v.with(p, m.members))
	if err != nil {
		return err
	}
	if ok {
		return fail("it is satisfiable")
	}
	if err := p.certifyNone(ctx, "conflict "+refsString(p.sortedRefs(m.members)), v, m.members); err != nil {
		return err
	}
	for i, ci := range m.members {
		rest := slices.Delete(slices.Clone(m.members), i, i+1)
		w := m.witnesses[ci]
		if w == nil {
			ok, err := p.solve(ctx, v.with(p, rest))
			if err != nil {
				return err
			}
			if !ok {
				return fail(p.refs[ci].String() + " is not needed")
			}
			w = p.model()
		}
		if !p.witnessOK(v, w, rest) {
			return fail("the witness without " + p.refs[ci].String() + " breaks the others")
		}
	}
	return nil
}

// conflict returns one checked conflict of v's table, nil when the table
// is satisfiable with the hard part (or the hard part is not).
func (p *Problem) conflict(ctx context.Context, v view) ([]model.Ref, error) {
	if ok, err := p.hardOK(ctx, v); err != nil || !ok {
		return nil, err
	}
	m, err := p.shrink(ctx, v, v.table, nil)
	if err != nil || m == nil {
		return nil, err
	}
	if err := p.checkConflict(ctx, v, m); err != nil {
		return nil, err
	}
	return p.sortedRefs(m.members), nil
}

// Conflict returns one conflict under scope: a minimal set of on-the-table
// constraints that, with the hard ones, admits no package. It returns nil
// when the on-the-table constraints admit a package together, or when the
// hard ones alone do not (see HardConflict). It uses deletion with Why()
// refinement, and checks the result independently before returning it.
func (p *Problem) Conflict(ctx context.Context, sc Scope) (_ []model.Ref, err error) {
	defer p.enter(&ctx, &err)()
	return p.conflict(ctx, p.scoped(sc))
}

// HardConflict returns nil when the hard constraints under scope (rules and
// the negotiable constraints not on the table) admit some package, and
// otherwise one minimal set of them that admits none, checked.
func (p *Problem) HardConflict(ctx context.Context, sc Scope) (_ []model.Ref, err error) {
	defer p.enter(&ctx, &err)()
	return p.hardConflict(ctx, p.scoped(sc), nil)
}

// hardConflict shrinks the hard constraints of v (plus any extra
// assumptions, which are kept) to a minimal conflict.
func (p *Problem) hardConflict(ctx context.Context, v view, extra []z.Lit) ([]model.Ref, error) {
	selIdx := make(map[z.Lit]int, len(p.sel))
	for ci, m := range p.sel {
		selIdx[m] = ci
	}
	var hard []int
	for _, m := range v.hard {
		if ci, ok := selIdx[m]; ok {
			hard = append(hard, ci)
		} else {
			extra = append(extra, m)
		}
	}
	bg := view{hard: extra, fixed: v.fixed, temps: v.temps, frozen: v.frozen, extra: v.extra, judge: v.judge}
	m, err := p.shrink(ctx, bg, hard, nil)
	if err != nil || m == nil {
		return nil, err
	}
	if err := p.checkConflict(ctx, bg, m); err != nil {
		return nil, err
	}
	return p.sortedRefs(m.members), nil
}

// PreferredConflict returns the conflict under scope that QuickXplain
// (Junker, 2004) prefers for the given priority order: order lists
// on-the-table constraints from the one most firmly held; those it does not
// list follow in document order. The result is the conflict whose least
// firmly held member comes earliest in the order, ties broken the same way
// on the remaining members: adding the constraints one by one in priority
// order, the first that makes the space infeasible is in it. In words, it
// explains why the most important constraints cannot all hold. It returns
// nil when there is no conflict (see Conflict), and an error naming any
// constraint in order that is unknown or not on the table.
func (p *Problem) PreferredConflict(ctx context.Context, sc Scope, order []model.Ref) (_ []model.Ref, err error) {
	defer p.enter(&ctx, &err)()
	return p.preferredConflict(ctx, p.scoped(sc), order)
}

// preferredConflict is PreferredConflict on view v.
func (p *Problem) preferredConflict(ctx context.Context, v view, order []model.Ref) ([]model.Ref, error) {
	ranked, err := p.rank(v, order)
	if err != nil {
		return nil, err
	}
	if ok, err := p.hardOK(ctx, v); err != nil || !ok {
		return nil, err
	}
	if ok, err := p.solve(ctx, v.with(p, ranked)); err != nil || ok {
		if ok && !p.witnessOK(v, p.model(), ranked) {
			return nil, &InternalError{Msg: fmt.Sprintf("witness %v breaks an on-the-table constraint", p.model())}
		}
		return nil, err
	}
	members, err := p.quickXplain(ctx, v.hard, false, ranked)
	if err != nil {
		return nil, err
	}
	m := &mus{members: members, witnesses: map[int]model.Package{}}
	if err := p.checkConflict(ctx, v, m); err != nil {
		return nil, err
	}
	return p.sortedRefs(members), nil
}

// rank returns v's table in the order given, then the rest in document
// order.
func (p *Problem) rank(v view, order []model.Ref) ([]int, error) {
	seen := map[int]bool{}
	var out []int
	for _, r := range order {
		ci, ok := p.byRef[r]
		if !ok || !slices.Contains(v.table, ci) {
			return nil, fmt.Errorf("solver: priority order: %s is not a constraint on the table", r)
		}
		if !seen[ci] {
			seen[ci] = true
			out = append(out, ci)
		}
	}
	for _, ci := range v.table {
		if !seen[ci] {
			out = append(out, ci)
		}
	}
	return out, nil
}

// quickXplain is Junker's QuickXplain: bg is held; when changed, bg gained
// constraints since the caller last checked it, so it is tested first;
// cs is ordered by priority and bg plus cs is unsatisfiable.
func (p *Problem) quickXplain(ctx context.Context, bg []z.Lit, changed bool, cs []int) ([]int, error) {
	if changed {
		ok, err := p.solve(ctx, bg)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, nil
		}
	}
	if len(cs) == 1 {
		return cs, nil
	}
	k := len(cs) / 2
	c1, c2 := cs[:k], cs[k:]
	bg1 := slices.Clip(bg)
	for _, ci := range c1 {
		bg1 = append(bg1, p.sel[ci])
	}
	d2, err := p.quickXplain(ctx, bg1, len(c1) > 0, c2)
	if err != nil {
		return nil, err
	}
	bg2 := slices.Clip(bg)
	for _, ci := range d2 {
		bg2 = append(bg2, p.sel[ci])
	}
	d1, err := p.quickXplain(ctx, bg2, len(d2) > 0, c1)
	if err != nil {
		return nil, err
	}
	return append(d1, d2...), nil
}
