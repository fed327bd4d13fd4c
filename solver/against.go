package solver

import (
	"context"
	"fmt"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/model"
)

// Against returns the hard constraints a conflict collides with: a minimal
// set of the constraints that are hard under sc (the rules, and the
// negotiable constraints sc keeps off the table) that, together with every
// member of conflict, admits no package. It is empty when the members admit
// no package on their own. Under -negotiable preconditions, for example, a
// conflict of one precondition is reported against the red lines that make
// it impossible. The result is checked like a conflict: one SAT call proves
// it admits no package, and for each member a package satisfying the rest
// is judged by the model's evaluator. Against returns an error when a
// member of conflict is unknown or not on the table, or when conflict with
// all the hard constraints admits some package (it is not a conflict).
func (p *Problem) Against(ctx context.Context, sc Scope, conflict []model.Ref) (_ []model.Ref, err error) {
	defer p.enter(&ctx, &err)()
	return p.against(ctx, p.scoped(sc), conflict)
}

// against is Against on view v: the conflict's members must be on v's
// table.
func (p *Problem) against(ctx context.Context, v view, conflict []model.Ref) ([]model.Ref, error) {
	sc := v.sc
	onTable := make(map[int]bool, len(v.table))
	for _, ci := range v.table {
		onTable[ci] = true
	}
	index := make(map[model.Ref]int, len(p.refs))
	for ci, r := range p.refs {
		index[r] = ci
	}
	// bg holds the conflict, and a what-if's own assumptions (fixed values,
	// temporary constraints), which are held but never listed.
	bg := view{sc: v.sc, judge: v.judge, extra: v.extra, frozen: v.frozen, temps: v.temps, fixed: v.fixed}
	isCI := make(map[z.Lit]bool, len(v.hardCI))
	for _, ci := range v.hardCI {
		isCI[p.sel[ci]] = true
	}
	for _, l := range v.hard {
		if !isCI[l] {
			bg.hard = append(bg.hard, l)
		}
	}
	for _, r := range conflict {
		ci, ok := index[r]
		if !ok || !onTable[ci] {
			return nil, fmt.Errorf("solver: Against: %s is not a constraint on the table under %s", r, sc)
		}
		bg.hard = append(bg.hard, p.sel[ci])
		bg.hardCI = append(bg.hardCI, ci)
	}
	m, err := p.shrink(ctx, bg, v.hardCI, nil)
	if err != nil {
		return nil, err
	}
	if m == nil {
		return nil, fmt.Errorf("solver: Against: %s with the hard constraints admits a package: not a conflict", refsString(conflict))
	}
	if err := p.checkConflict(ctx, bg, m); err != nil {
		return nil, err
	}
	return p.sortedRefs(m.members), nil
}
