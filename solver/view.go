package solver

import (
	"context"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/model"
)

// view is what one query works on: assumptions that always hold (the
// selectors of the hard constraints, and whatever a what-if adds) and the
// constraints on the table, by index into p.refs.
type view struct {
	sc    Scope // the scope the table was chosen by
	hard  []z.Lit
	table []int
	// hardCI lists the constraints among hard (the rest of hard are
	// what-if assumptions).
	hardCI []int
	// judge, when not nil, is the space whose evaluator says what is
	// agreeable (a what-if variant); nil means the compiled space.
	judge *model.Space
	// extra, when not nil, checks a witness against the what-if
	// assumptions that are not constraints of the space.
	extra func(model.Package) bool
	// frozen lists the issues a what-if holds at one value, and temps its
	// temporary constraints; fixed holds those values in model terms, for
	// the certifier.
	frozen []int
	temps  []model.Expr
	fixed  model.Package
}

// all returns the assumptions that make every constraint of v hold.
func (v view) all(p *Problem) []z.Lit { return v.with(p, v.table) }

// space returns the space that judges v's packages.
func (v view) space(p *Problem) *model.Space {
	if v.judge != nil {
		return v.judge
	}
	return p.space
}

// scoped returns the view of scope sc over the whole space.
func (p *Problem) scoped(sc Scope) view { return p.scopedWithout(sc, nil) }

// scopedWithout is scoped with the constraints in off switched off (in
// neither the table nor the hard part).
func (p *Problem) scopedWithout(sc Scope, off map[int]bool) view {
	v := view{sc: sc}
	for ci, r := range p.refs {
		switch {
		case off[ci]:
		case sc.OnTable(r):
			v.table = append(v.table, ci)
		default:
			v.hard = append(v.hard, p.sel[ci])
			v.hardCI = append(v.hardCI, ci)
		}
	}
	return v
}

// with returns the hard assumptions plus the selectors of set.
func (v view) with(p *Problem, set []int) []z.Lit {
	a := make([]z.Lit, 0, len(v.hard)+len(set))
	a = append(a, v.hard...)
	for _, ci := range set {
		a = append(a, p.sel[ci])
	}
	return a
}

// hardOK reports whether the hard assumptions alone are satisfiable (a
// "no" is certified).
func (p *Problem) hardOK(ctx context.Context, v view) (bool, error) {
	ok, err := p.solve(ctx, v.hard)
	if err != nil || ok {
		return ok, err
	}
	return false, p.certifyNone(ctx, "the hard constraints admit no package", v, nil)
}

// holds evaluates constraint ci on the complete package pkg with the
// model's evaluator.
func (p *Problem) holds(ci int, pkg model.Package) bool {
	r := p.refs[ci]
	if r.Kind == model.ReservationKind {
		party := p.space.Party(r.Party)
		ok, err := p.space.ReachesReservation(party, pkg)
		return err == nil && ok
	}
	ok, err := p.space.Eval(p.exprs[ci], pkg)
	return err == nil && ok
}

// witnessOK checks, with the model's evaluator, that the complete package
// pkg satisfies every constraint the caller says it does: all of v's hard
// constraints and the members of keep.
func (p *Problem) witnessOK(v view, pkg model.Package, keep []int) bool {
	if len(pkg) != len(p.issues) || (v.extra != nil && !v.extra(pkg)) {
		return false
	}
	for _, ci := range keep {
		if !p.holds(ci, pkg) {
			return false
		}
	}
	for _, ci := range v.hardCI {
		if !p.holds(ci, pkg) {
			return false
		}
	}
	return true
}
