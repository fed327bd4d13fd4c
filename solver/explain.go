package solver

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"math/big"
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
// constraints, each sorted as the report contract says: conflicts by size
// then members, concession sets by cost (exactly, on the members' decimal
// costs), then size, then members, so that the first is a cheapest one.
type Explanation struct {
	Conflicts   [][]model.Ref
	Concessions []Concession
	// Factors holds, for each independent part of the space that has
	// concession sets, every one of that part's concession sets, cheapest
	// first (the limit does not cut them); parts in the order of their
	// cheapest set's cost, then members. Every concession set is one set of
	// each factor taken together. A space that does not fall apart has one
	// factor.
	Factors [][]Concession
	// Count is the exact number of concession sets (the product of the
	// parts' numbers); nil when the context ended inside a part.
	Count *big.Int
	// ConflictsComplete and ConcessionsComplete say whether each list
	// holds every set; Complete whether both do.
	ConflictsComplete, ConcessionsComplete bool
	Complete                               bool
}

// Finding is one result of an explanation: a conflict or a concession set.
type Finding struct {
	// Conflict is set when the finding is a conflict: sorted by party then
	// constraint.
	Conflict []model.Ref
	// Concession is set when the finding is a concession set.
	Concession *Concession
}

// Findings enumerates the conflicts and concession sets of one scope with
// MARCO (Liffiton et al., "Fast, flexible MUS enumeration", 2016): a map
// solver over one variable per on-the-table constraint proposes seeds; an
// unsatisfiable seed is shrunk to a conflict (deletion with Why()
// refinement) and blocked upwards, a satisfiable one is grown to a maximal
// satisfiable set (one SAT call per improvement, asking for any further
// constraint at once, as the CLD algorithm of Marques-Silva et al. does)
// whose complement is a concession set, blocked downwards. Both kinds come
// from one enumeration.
//
// Every finding is checked before it is yielded: a conflict by a fresh SAT
// call and, for each member, a package (judged by the model's evaluator)
// that satisfies the hard part and the other members; a concession set by
// a package, judged by the evaluator, that satisfies the hard part and
// every constraint outside the set, and, for each member, a checked
// conflict among the kept constraints plus that member, or a SAT call.
//
// The sequences are deterministic for a given space and scope. A Findings
// is not safe for concurrent use, and neither is its Problem while a
// sequence runs.
type Findings struct {
	p        *Problem
	ctx      context.Context
	v        view
	err      error
	complete bool
	initErr  error // from building the what-if view, reported by every range
}

// Findings returns the enumeration of conflicts and concession sets under
// scope. Nothing is computed until a sequence is ranged over; each range
// starts the enumeration afresh. When the space is feasible, or when the
// hard constraints alone admit no package (see HardConflict), the
// sequences are empty and complete.
func (p *Problem) Findings(ctx context.Context, sc Scope) *Findings {
	return &Findings{p: p, ctx: ctx, v: p.scoped(sc)}
}

// Err returns the error that ended the last range early (a cancelled
// context or an internal error), or nil.
func (f *Findings) Err() error { return f.err }

// Complete reports whether the last range ran to the end: every conflict
// and every concession set was yielded.
func (f *Findings) Complete() bool { return f.complete }

// Conflicts yields the conflicts (and computes, but does not yield, the
// concession sets met on the way).
func (f *Findings) Conflicts() iter.Seq[[]model.Ref] {
	return func(yield func([]model.Ref) bool) {
		for x := range f.All() {
			if x.Conflict != nil && !yield(x.Conflict) {
				return
			}
		}
	}
}

// Concessions yields the concession sets (and computes, but does not
// yield, the conflicts met on the way).
func (f *Findings) Concessions() iter.Seq[Concession] {
	return func(yield func(Concession) bool) {
		for x := range f.All() {
			if x.Concession != nil && !yield(*x.Concession) {
				return
			}
		}
	}
}

// All yields conflicts and concession sets in the order MARCO finds them.
func (f *Findings) All() iter.Seq[Finding] {
	return func(yield func(Finding) bool) {
		f.complete, f.err = f.p.iterate(f.ctx, f.initErr, func(ctx context.Context, took bool) (bool, error) {
			return f.p.findings(ctx, f.v, unlocked(f.p, took, yield))
		})
	}
}

// marco runs the enumeration; it returns whether it ran to the end.
func (p *Problem) marco(ctx context.Context, v view, yield func(Finding) bool) (bool, error) {
	if ok, err := p.hardOK(ctx, v); err != nil || !ok {
		return err == nil, err // hard part infeasible: nothing on the table to explain
	}
	table := v.table
	m := sat.New()
	// The map literal of table[i] is negative, so that gini's initial phase
	// (negative, with no clauses to say otherwise) and its phase saving
	// propose large seeds: conflicts come first and seeds that are
	// satisfiable are nearly maximal.
	mv := func(i int) z.Lit { return z.Var(i + 1).Neg() }
	for i := range table {
		m.AddClause(mv(i), mv(i).Not()) // declare the variable
	}
	pos := make(map[int]int, len(table))
	for i, ci := range table {
		pos[ci] = i
	}
	selOf := make(map[z.Lit]int, len(table))
	for _, ci := range table {
		selOf[p.sel[ci]] = ci
	}
	var known knownConflicts
	for {
		r, err := m.Solve(ctx)
		if err != nil {
			return false, err
		}
		if r != 1 {
			return true, nil // every set found
		}
		var seed []int
		for i, ci := range table {
			if m.Value(mv(i)) {
				seed = append(seed, ci)
			}
		}
		ok, err := p.solve(ctx, v.with(p, seed))
		if err != nil {
			return false, err
		}
		if ok {
			mss, pkg, err := p.grow(ctx, v, seed, &known)
			if err != nil {
				return false, err
			}
			in := make(map[int]bool, len(mss))
			for _, ci := range mss {
				in[ci] = true
			}
			var mcs []int
			var block []z.Lit
			for i, ci := range table {
				if !in[ci] {
					mcs = append(mcs, ci)
					block = append(block, mv(i))
				}
			}
			if len(mcs) == 0 {
				if !p.witnessOK(v, pkg, mss) {
					return false, &InternalError{Msg: fmt.Sprintf("witness %v of feasibility breaks a constraint", pkg)}
				}
				return true, nil // feasible: nothing to concede
			}
			if err := p.checkConcession(ctx, v, mss, mcs, pkg, &known); err != nil {
				return false, err
			}
			m.AddClause(block...)
			c := p.concession(mcs)
			if !yield(Finding{Concession: &c}) {
				return false, nil
			}
		} else {
			var core []int
			for _, l := range p.s.Why() {
				if ci, ok := selOf[l]; ok {
					core = append(core, ci)
				}
			}
			slices.Sort(core)
			core = slices.Compact(core)
			mu, err := p.shrink(ctx, v, seed, core)
			if err != nil {
				return false, err
			}
			if err := p.checkConflict(ctx, v, mu); err != nil {
				return false, err
			}
			block := make([]z.Lit, len(mu.members))
			for i, ci := range mu.members {
				block[i] = mv(pos[ci]).Not()
			}
			known.add(mu.members)
			m.AddClause(block...)
			if !yield(Finding{Conflict: p.sortedRefs(mu.members)}) {
				return false, nil
			}
		}
	}
}

// grow extends seed, which the current model satisfies together with v's
// hard part, to a maximal satisfiable subset of v's table. Each SAT call
// asks for a package satisfying the set so far and at least one constraint
// outside it; every model adds all the constraints it satisfies, and the
// first UNSAT answer proves the set maximal, unless known conflicts
// already do (each constraint outside the set completes one of them with
// constraints inside it). It returns the set and a package satisfying it.
func (p *Problem) grow(ctx context.Context, v view, seed []int, known *knownConflicts) ([]int, model.Package, error) {
	in := make(map[int]bool, len(v.table))
	for _, ci := range seed {
		in[ci] = true
	}
	var pkg model.Package
	absorb := func() {
		for _, ci := range v.table {
			if !in[ci] && p.s.Value(p.cond[ci]) {
				in[ci] = true
			}
		}
		pkg = p.model()
	}
	absorb()
	for {
		var set []int
		clause := []z.Lit{0}
		proven := true
		inSet := func(ci int) bool { return in[ci] }
		for _, ci := range v.table {
			if in[ci] {
				set = append(set, ci)
			} else {
				clause = append(clause, p.cond[ci])
				proven = proven && known.blocks(ci, inSet)
			}
		}
		if proven {
			return set, pkg, nil
		}
		act := p.fresh()
		clause[0] = act.Not()
		p.s.AddClause(clause...)
		ok, err := p.solve(ctx, append(v.with(p, set), act))
		if ok {
			absorb()
		}
		p.s.AddClause(act.Not()) // retire the clause
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			return set, pkg, nil
		}
	}
}

func (p *Problem) sortedRefs(cis []int) []model.Ref {
	out := make([]model.Ref, len(cis))
	for i, ci := range cis {
		out[i] = p.refs[ci]
	}
	slices.SortFunc(out, model.CompareRefs)
	return out
}

// concession returns the concession set of the constraints cis, whose
// cost is the exact sum of the members' decimal costs rounded once.
func (p *Problem) concession(cis []int) Concession {
	return newKeyed(p.space, p.sortedRefs(cis)).c
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

// knownConflicts are the checked conflicts found so far in one
// enumeration.
type knownConflicts struct {
	sets     [][]int
	byMember map[int][]int // constraint -> indexes into sets
}

func (k *knownConflicts) add(set []int) {
	if k.byMember == nil {
		k.byMember = map[int][]int{}
	}
	for _, ci := range set {
		k.byMember[ci] = append(k.byMember[ci], len(k.sets))
	}
	k.sets = append(k.sets, set)
}

// blocks reports whether some known conflict consists of ci and
// constraints for which kept is true: then ci cannot join them.
func (k *knownConflicts) blocks(ci int, kept func(int) bool) bool {
	for _, x := range k.byMember[ci] {
		if !slices.ContainsFunc(k.sets[x], func(cj int) bool { return cj != ci && !kept(cj) }) {
			return true
		}
	}
	return false
}

// checkConcession verifies the concession set mcs whose complement in v's
// table is mss: pkg, judged by the model's evaluator, must satisfy the hard
// part and mss; and each member of mcs added to mss must be infeasible,
// shown by a checked conflict inside mss plus the member, or, for the
// members no such conflict covers, by one SAT call for them all: no
// package satisfies the hard part, mss and at least one of them (an
// unsatisfiable disjunction has every disjunct unsatisfiable).
func (p *Problem) checkConcession(ctx context.Context, v view, mss, mcs []int, pkg model.Package, known *knownConflicts) error {
	fail := func(why string) error {
		return &InternalError{Msg: fmt.Sprintf("concession check failed for %s: %s", refsString(p.sortedRefs(mcs)), why)}
	}
	if !p.witnessOK(v, pkg, mss) {
		return fail("its witness breaks a kept constraint")
	}
	kept := make(map[int]bool, len(mss))
	for _, ci := range mss {
		kept[ci] = true
	}
	var open []int // members no known (certified) conflict shows necessary
	for _, ci := range mcs {
		if !known.blocks(ci, func(cj int) bool { return kept[cj] }) {
			open = append(open, ci)
		}
	}
	if len(open) == 0 {
		return nil
	}
	// The clause "one of open holds", guarded by an activation literal
	// that is retired after the call.
	act := p.fresh()
	clause := []z.Lit{act.Not()}
	for _, ci := range open {
		clause = append(clause, p.cond[ci])
	}
	p.s.AddClause(clause...)
	ok, err := p.solve(ctx, append(v.with(p, mss), act))
	if ok {
		for _, ci := range open {
			if p.s.Value(p.cond[ci]) {
				err = fail(p.refs[ci].String() + " could be kept")
				break
			}
		}
		if err == nil {
			err = fail("the SAT solver's model keeps one of them")
		}
	}
	p.s.AddClause(act.Not())
	if err != nil {
		return err
	}
	// One certificate for them all: no package keeps mss and one of them.
	return p.certifyNone(ctx, "concession set "+refsString(p.sortedRefs(mcs))+" is minimal", v, mss, p.anyHolds(open))
}
