package solver

import (
	"cmp"
	"context"
	"slices"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver/internal/sat"
)

// Concession is a minimal correction set: on-the-table constraints whose
// removal makes some package agreeable, keeping any one of which makes none
// agreeable.
type Concession struct {
	Cost        float64
	Constraints []model.Ref
}

// Explanation lists conflicts (minimal unsatisfiable subsets) and
// concession sets (minimal correction sets) of the on-the-table
// constraints, each sorted as the report contract says.
type Explanation struct {
	Conflicts   [][]model.Ref
	Concessions []Concession
	// Complete is true when the lists hold every conflict and every
	// concession set.
	Complete bool
}

// Explain enumerates conflicts and concession sets under scope with MARCO
// (Liffiton et al.): a map solver over one variable per on-the-table
// constraint proposes seeds; an unsatisfiable seed is shrunk to a conflict
// (deletion with Why() refinement) and blocked upwards, a satisfiable one is
// grown to a maximal satisfiable set whose complement is a concession set,
// blocked downwards. It stops when both lists hold limit sets (limit <= 0:
// no limit) and reports whether they are complete. It returns an empty,
// complete Explanation when the space is feasible or when the hard
// constraints alone are infeasible (see HardConflict). Every set is checked
// with independent SAT calls before it is returned.
func (p *Problem) Explain(ctx context.Context, sc Scope, limit int) (*Explanation, error) {
	var table, hard []int
	for ci, r := range p.refs {
		if sc.OnTable(r) {
			table = append(table, ci)
		} else {
			hard = append(hard, ci)
		}
	}
	bg := make([]z.Lit, len(hard))
	for i, ci := range hard {
		bg[i] = p.sel[ci]
	}
	ex := &Explanation{Complete: true}
	if ok, err := p.solve(ctx, bg); err != nil || !ok {
		return ex, err // hard part infeasible: nothing on the table to explain
	}
	m := sat.New()
	mv := func(i int) z.Lit { return z.Var(i + 1).Pos() } // map variable of table[i]
	pos := map[int]int{}
	for i, ci := range table {
		pos[ci] = i
	}
	with := func(set []int) []z.Lit {
		a := slices.Clone(bg)
		for _, ci := range set {
			a = append(a, p.sel[ci])
		}
		return a
	}
	for limit <= 0 || len(ex.Conflicts) < limit || len(ex.Concessions) < limit {
		r, err := m.Solve(ctx)
		if err != nil {
			return nil, err
		}
		if r != 1 {
			sortExplanation(ex)
			return ex, nil // every set found
		}
		var seed []int
		for i, ci := range table {
			if m.Value(mv(i)) {
				seed = append(seed, ci)
			}
		}
		ok, err := p.solve(ctx, with(seed))
		if err != nil {
			return nil, err
		}
		if ok {
			mss, err := p.grow(ctx, bg, table, seed)
			if err != nil {
				return nil, err
			}
			in := map[int]bool{}
			for _, ci := range mss {
				in[ci] = true
			}
			var mcs []int
			block := []z.Lit{}
			for i, ci := range table {
				if !in[ci] {
					mcs = append(mcs, ci)
					block = append(block, mv(i))
				}
			}
			if len(mcs) == 0 {
				return &Explanation{Complete: true}, nil // feasible: nothing to concede
			}
			if err := p.checkConcession(ctx, bg, mss, mcs); err != nil {
				return nil, err
			}
			ex.Concessions = append(ex.Concessions, p.concession(mcs))
			m.AddClause(block...)
		} else {
			mus, err := p.shrink(ctx, bg, seed)
			if err != nil {
				return nil, err
			}
			if err := p.checkConflict(ctx, bg, mus); err != nil {
				return nil, err
			}
			block := make([]z.Lit, len(mus))
			for i, ci := range mus {
				block[i] = mv(pos[ci]).Not()
			}
			ex.Conflicts = append(ex.Conflicts, p.sortedRefs(mus))
			m.AddClause(block...)
		}
	}
	ex.Complete = false
	sortExplanation(ex)
	return ex, nil
}

// grow extends the satisfiable seed to a maximal satisfiable subset of
// table (with background held), adding every constraint each model
// satisfies for free.
func (p *Problem) grow(ctx context.Context, bg []z.Lit, table, seed []int) ([]int, error) {
	in := map[int]bool{}
	for _, ci := range seed {
		in[ci] = true
	}
	absorb := func() {
		for _, ci := range table {
			if !in[ci] && p.s.Value(p.cond[ci]) {
				in[ci] = true
			}
		}
	}
	absorb()
	for _, ci := range table {
		if in[ci] {
			continue
		}
		set := slices.Clone(bg)
		for _, cj := range table {
			if in[cj] {
				set = append(set, p.sel[cj])
			}
		}
		ok, err := p.solve(ctx, append(set, p.sel[ci]))
		if err != nil {
			return nil, err
		}
		if ok {
			in[ci] = true
			absorb()
		}
	}
	var out []int
	for _, ci := range table {
		if in[ci] {
			out = append(out, ci)
		}
	}
	return out, nil
}

func (p *Problem) sortedRefs(cis []int) []model.Ref {
	out := make([]model.Ref, len(cis))
	for i, ci := range cis {
		out[i] = p.refs[ci]
	}
	slices.SortFunc(out, model.CompareRefs)
	return out
}

func (p *Problem) concession(cis []int) Concession {
	c := Concession{Constraints: p.sortedRefs(cis)}
	for _, r := range c.Constraints {
		c.Cost += p.space.Cost(r)
	}
	return c
}

// checkConflict verifies that mus is unsatisfiable and that each member is
// needed.
func (p *Problem) checkConflict(ctx context.Context, bg []z.Lit, mus []int) error {
	for drop := -1; drop < len(mus); drop++ {
		a := slices.Clone(bg)
		for i, ci := range mus {
			if i != drop {
				a = append(a, p.sel[ci])
			}
		}
		ok, err := p.solve(ctx, a)
		if err != nil {
			return err
		}
		if ok != (drop >= 0) {
			return &InternalError{Msg: "conflict check failed for " + refsString(p.sortedRefs(mus))}
		}
	}
	return nil
}

// checkConcession verifies that keeping mss is satisfiable and that adding
// back any member of mcs is not.
func (p *Problem) checkConcession(ctx context.Context, bg []z.Lit, mss, mcs []int) error {
	a := slices.Clone(bg)
	for _, ci := range mss {
		a = append(a, p.sel[ci])
	}
	for add := -1; add < len(mcs); add++ {
		q := slices.Clone(a)
		if add >= 0 {
			q = append(q, p.sel[mcs[add]])
		}
		ok, err := p.solve(ctx, q)
		if err != nil {
			return err
		}
		if ok != (add < 0) {
			return &InternalError{Msg: "concession check failed for " + refsString(p.sortedRefs(mcs))}
		}
	}
	return nil
}

func refsString(rs []model.Ref) string {
	s := "["
	for i, r := range rs {
		if i > 0 {
			s += " "
		}
		s += r.String()
	}
	return s + "]"
}

func compareRefLists(a, b []model.Ref) int {
	if c := cmp.Compare(len(a), len(b)); c != 0 {
		return c
	}
	for i := range a {
		if c := model.CompareRefs(a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

// sortExplanation orders conflicts by size then members, concession sets
// by cost, then size, then members.
func sortExplanation(ex *Explanation) {
	slices.SortFunc(ex.Conflicts, compareRefLists)
	slices.SortFunc(ex.Concessions, func(a, b Concession) int {
		return cmp.Or(cmp.Compare(a.Cost, b.Cost), compareRefLists(a.Constraints, b.Constraints))
	})
}

// Conflict returns one conflict under scope: a minimal set of on-the-table
// constraints that, with the hard ones, admits no package. It returns nil
// when the on-the-table constraints admit a package together, or when the
// hard ones alone do not (see HardConflict). It uses deletion with Why()
// refinement, and checks the result with independent SAT calls.
func (p *Problem) Conflict(ctx context.Context, sc Scope) ([]model.Ref, error) {
	var table []int
	var bg []z.Lit
	for ci, r := range p.refs {
		if sc.OnTable(r) {
			table = append(table, ci)
		} else {
			bg = append(bg, p.sel[ci])
		}
	}
	if ok, err := p.solve(ctx, bg); err != nil || !ok {
		return nil, err
	}
	mus, err := p.shrink(ctx, bg, table)
	if err != nil || mus == nil {
		return nil, err
	}
	if err := p.checkConflict(ctx, bg, mus); err != nil {
		return nil, err
	}
	return p.sortedRefs(mus), nil
}
