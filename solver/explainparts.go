package solver

import (
	"cmp"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/internal/decimal"
	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver/internal/cert"
)

// ExplainOptions configure Problem.Explain. A nil *ExplainOptions and
// the zero value list everything.
type ExplainOptions struct {
	// Limit bounds the conflicts and the concession sets listed; <= 0
	// means no limit. Factors are never cut.
	Limit int
	// Progress, when not nil, is called with the number of conflicts and
	// concession sets found so far while the enumeration runs.
	Progress func(found int)
}

// keyed is a concession set with its exact cost, the first key of the
// contract's order of concession sets (cost, then size, then members).
type keyed struct {
	c    Concession
	cost *big.Rat
}

func compareKeyed(a, b *keyed) int {
	return cmp.Or(a.cost.Cmp(b.cost), compareRefLists(a.c.Constraints, b.c.Constraints))
}

// ExactCost returns the cost of conceding refs in s: the sum of their
// costs, each read as the shortest decimal of the number given (so 0.1 +
// 0.2 is exactly 0.3, and 1e308 + 1e308 is 2e308, which no float64 holds).
// A Concession's Cost is this sum rounded once to the nearest float64.
func ExactCost(s *model.Space, refs []model.Ref) *big.Rat {
	sum := new(big.Rat)
	for _, r := range refs {
		sum.Add(sum, decimal.Rat(s.ConcessionCost(r)))
	}
	return sum
}

// newKeyed returns the concession set of the sorted refs with its exact
// cost; Cost is that cost rounded once to the nearest float64.
func newKeyed(s *model.Space, refs []model.Ref) keyed {
	k := keyed{c: Concession{Constraints: refs}, cost: ExactCost(s, refs)}
	k.c.Cost, _ = k.cost.Float64()
	return k
}

func sortKeyed(ks []keyed) {
	slices.SortFunc(ks, func(a, b keyed) int { return compareKeyed(&a, &b) })
}

// unit is one Problem and view whose conflicts and concession sets are
// enumerated on their own: an infeasible independent part, or the whole
// space.
type unit struct {
	q *Problem
	v view
}

// units returns what an explanation of v has to enumerate: nothing when
// v's table is satisfiable together with v's hard part; the whole view when
// the space is one part, or when its only infeasible part holds half of its
// issues or more (the compiled instance is then as good as the part's
// own); otherwise one unit per infeasible part, on the part's own Problem,
// except for a part holding half of the issues or more, which keeps the
// compiled instance with only its constraints on the table.
// v's hard part must be satisfiable.
func (p *Problem) units(ctx context.Context, v view) ([]unit, error) {
	pt := p.partitionOf(v)
	if len(pt.parts) == 1 {
		ok, err := p.solve(ctx, v.all(p))
		if err != nil || ok {
			if ok && !p.witnessOK(v, p.model(), v.table) {
				return nil, &InternalError{Msg: fmt.Sprintf("witness %v of feasibility breaks a constraint", p.model())}
			}
			return nil, err
		}
		return []unit{{p, v}}, nil
	}
	bad, err := p.infeasibleParts(ctx, v, pt)
	if err != nil || len(bad) == 0 {
		return nil, err
	}
	if len(bad) == 1 && 2*len(pt.parts[bad[0]].issues) >= len(p.issues) {
		return []unit{{p, v}}, nil
	}
	out := make([]unit, 0, len(bad))
	for _, k := range bad {
		if 2*len(pt.parts[k].issues) >= len(p.issues) {
			// A part that is most of the space is worked on in the
			// compiled instance, with only its own constraints on the
			// table (the other parts' are then free), rather than
			// compiled again on its own.
			pv := v
			pv.table = nil
			for _, ci := range v.table {
				if pt.ofRef[p.refs[ci]] == k {
					pv.table = append(pv.table, ci)
				}
			}
			out = append(out, unit{p, pv})
			continue
		}
		q, err := pt.problem(ctx, k)
		if err != nil {
			return nil, err
		}
		out = append(out, unit{q, q.scoped(v.sc)})
	}
	return out, nil
}

// findings runs the enumeration behind Findings: part by part when the
// space falls apart (conflicts as each part's enumeration finds them, then
// every combination of the parts' concession sets, in the contract's
// order), and as one MARCO run otherwise. It returns whether it ran to the
// end.
func (p *Problem) findings(ctx context.Context, v view, yield func(Finding) bool) (bool, error) {
	if ok, err := p.hardOK(ctx, v); err != nil || !ok {
		return err == nil, err // hard part infeasible: nothing on the table to explain
	}
	units, err := p.units(ctx, v)
	if err != nil || len(units) == 0 {
		return err == nil, err
	}
	if len(units) == 1 && units[0].q == p {
		return p.marco(ctx, v, yield)
	}
	var fs [][]keyed
	for _, u := range units {
		var sets []keyed
		done, err := u.q.marco(ctx, u.v, func(f Finding) bool {
			if f.Conflict != nil {
				return yield(f)
			}
			sets = append(sets, newKeyed(u.q.space, f.Concession.Constraints))
			return true
		})
		if err != nil || !done {
			return false, err
		}
		if len(sets) == 0 {
			return false, &InternalError{Msg: "parts: an infeasible part has no concession set"}
		}
		sortKeyed(sets)
		fs = append(fs, sets)
	}
	stopped := false
	product(fs, func(k keyed) bool {
		c := k.c
		stopped = !yield(Finding{Concession: &c})
		return !stopped
	})
	return !stopped, nil
}

// product yields every combination of one set from each factor (each
// factor sorted by compareKeyed), also in compareKeyed order, until yield
// returns false: a best-first search over index tuples, where each tuple
// other than the first is reached from exactly one parent (the tuple with
// its last raised index lowered by one). The order is monotone in every
// index (raising one factor's index never makes the combination come
// earlier: costs and sizes add up, and for sets of equal size the one
// holding the least member of the symmetric difference comes first, a
// difference that lies in the factor changed), so a combination is never
// popped before its parent.
func product(fs [][]keyed, yield func(keyed) bool) {
	if len(fs) == 0 {
		return
	}
	for _, f := range fs {
		if len(f) == 0 {
			return
		}
	}
	combine := func(idx []int) keyed {
		var refs []model.Ref
		cost := new(big.Rat)
		for j, i := range idx {
			refs = append(refs, fs[j][i].c.Constraints...)
			cost.Add(cost, fs[j][i].cost)
		}
		slices.SortFunc(refs, model.CompareRefs)
		k := keyed{c: Concession{Constraints: refs}, cost: cost}
		k.c.Cost, _ = cost.Float64()
		return k
	}
	h := &tupleHeap{}
	first := make([]int, len(fs))
	heap.Push(h, &tuple{idx: first, k: combine(first)})
	for h.Len() > 0 {
		t := heap.Pop(h).(*tuple)
		if !yield(t.k) {
			return
		}
		for j := t.last; j < len(fs); j++ {
			if t.idx[j]+1 < len(fs[j]) {
				idx := slices.Clone(t.idx)
				idx[j]++
				heap.Push(h, &tuple{idx: idx, last: j, k: combine(idx)})
			}
		}
	}
}

type tuple struct {
	idx  []int
	last int // the index raised to reach this tuple from its parent
	k    keyed
}

type tupleHeap []*tuple

func (h tupleHeap) Len() int           { return len(h) }
func (h tupleHeap) Less(i, j int) bool { return compareKeyed(&h[i].k, &h[j].k) < 0 }
func (h tupleHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *tupleHeap) Push(x any)        { *h = append(*h, x.(*tuple)) }
func (h *tupleHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	*h = old[:len(old)-1]
	return t
}

// unitResult is the explanation of one unit.
type unitResult struct {
	conflicts [][]model.Ref // sorted as the contract says
	sets      []keyed       // sorted; every concession set of the unit
	// conflictsComplete says whether conflicts holds every conflict.
	conflictsComplete bool
	// partial is set when the context ended inside the unit: conflicts
	// and sets hold what was found before (sets then possibly none).
	partial bool
}

// marcoBudget, when positive, replaces the number of findings after which
// an explanation with a limit stops MARCO (a test hook: see
// SetMarcoBudget).
var marcoBudget int

// explainUnit enumerates v's conflicts and concession sets with MARCO,
// stopping after budget findings (budget <= 0: no limit). When it stops
// short, the remaining concession sets come from allSets, which enumerates
// concession sets only, so that the unit's sets are always all of them
// (the contract's factors list every set of each part).
func (p *Problem) explainUnit(ctx context.Context, v view, budget int, found func()) (*unitResult, error) {
	r := &unitResult{}
	count := 0
	complete, err := p.marco(ctx, v, func(f Finding) bool {
		if f.Conflict != nil {
			r.conflicts = append(r.conflicts, f.Conflict)
		} else {
			r.sets = append(r.sets, newKeyed(p.space, f.Concession.Constraints))
		}
		count++
		found()
		return budget <= 0 || count < budget
	})
	r.conflictsComplete = complete && err == nil
	slices.SortFunc(r.conflicts, compareRefLists)
	if err == nil && !complete {
		var more []keyed
		more, err = p.allSets(ctx, v, r.sets, found)
		if more != nil {
			r.sets = more
		}
	}
	sortKeyed(r.sets)
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			r.partial = true // what was found before the context ended, each checked
			return r, err
		}
		return nil, err
	}
	if len(r.sets) == 0 {
		return nil, &InternalError{Msg: "explain: an infeasible space has no concession set"}
	}
	return r, nil
}

// allSets returns every concession set of v, given some of them (have):
// each further one is the complement of a maximal satisfiable subset grown
// from a package that keeps some member of every set found so far (the
// MCS enumeration of Liffiton and Sakallah's CAMUS, without the conflicts
// MARCO also lists), so a model always yields a new set, and no model means
// that every satisfiable subset of v's table lies inside the complement of
// a set found, which the certifier re-checks. Each new set is checked as
// MARCO's are.
func (p *Problem) allSets(ctx context.Context, v view, have []keyed, found func()) ([]keyed, error) {
	act := p.fresh()
	defer p.s.AddClause(act.Not())
	var keptOne []cert.Cond // "some member of each set holds"
	block := func(cis []int) {
		cl := []z.Lit{act.Not()}
		for _, ci := range cis {
			cl = append(cl, p.cond[ci])
		}
		p.s.AddClause(cl...)
		keptOne = append(keptOne, p.anyHolds(cis))
	}
	for _, k := range have {
		cis := make([]int, len(k.c.Constraints))
		for i, r := range k.c.Constraints {
			cis[i] = p.byRef[r]
		}
		block(cis)
	}
	var known knownConflicts
	out := have
	for {
		ok, err := p.solve(ctx, append(v.with(p, nil), act))
		if err != nil {
			return out, err
		}
		if !ok {
			break
		}
		mss, pkg, err := p.grow(ctx, v, nil, &known)
		if err != nil {
			return out, err
		}
		in := make(map[int]bool, len(mss))
		for _, ci := range mss {
			in[ci] = true
		}
		mcs := slices.DeleteFunc(slices.Clone(v.table), func(ci int) bool { return in[ci] })
		if len(mcs) == 0 {
			return nil, &InternalError{Msg: "explain: an infeasible unit has a package keeping every constraint"}
		}
		if err := p.checkConcession(ctx, v, mss, mcs, pkg, &known); err != nil {
			return out, err // the sets found before, each checked
		}
		block(mcs)
		out = append(out, newKeyed(p.space, p.sortedRefs(mcs)))
		found()
	}
	if err := p.certifyNone(ctx, "every concession set found", v, nil, keptOne...); err != nil {
		return nil, err
	}
	return out, nil
}

// Explain lists the conflicts and concession sets under scope as the
// report contract says, up to o.Limit of each (nil o: the defaults of
// ExplainOptions, no limit). When the space falls apart
// into independent parts, each infeasible part is enumerated on its own
// small instance: conflicts are the union of the parts' conflicts, and
// concession sets the combinations of one set per part, listed cheapest
// first by a best-first merge of the parts' sorted lists, so that a list
// cut at the limit holds the cheapest sets in the contract's order (cost,
// then size, then members). Factors list every set of each part, whatever
// the limit: a part whose MARCO enumeration would exceed about four times
// the limit is cut short (its conflicts then listed incompletely), and its
// remaining concession sets are enumerated on their own. Complete flags
// and Count are exact.
//
// When ctx ends, Explain returns what it found with the context's error:
// while the parts' sets were combined, every part's sets (Factors, Count)
// and the combinations so far; inside a part, the conflicts of the parts
// reached and each one's concession sets found so far (Factors), no
// combined sets and Count nil. Each list is then marked incomplete.
//
// It returns an empty, complete Explanation with Count 0 when the space is
// feasible or when the hard constraints alone admit no package (see
// HardConflict).
func (p *Problem) Explain(ctx context.Context, sc Scope, o *ExplainOptions) (_ *Explanation, err error) {
	defer p.enter(&ctx, &err)()
	return p.explain(ctx, p.scoped(sc), o)
}

func (p *Problem) explain(ctx context.Context, v view, o *ExplainOptions) (*Explanation, error) {
	if o == nil {
		o = &ExplainOptions{}
	}
	limit := o.Limit
	ex := &Explanation{Count: new(big.Int), Complete: true, ConflictsComplete: true, ConcessionsComplete: true}
	if ok, err := p.hardOK(ctx, v); err != nil || !ok {
		return ex, err
	}
	units, err := p.units(ctx, v)
	if err != nil || len(units) == 0 {
		return ex, err
	}
	budget := 0
	if limit > 0 {
		budget = 4*limit + 64
		if marcoBudget > 0 {
			budget = marcoBudget
		}
	}
	found := 0
	tick := func() {
		found++
		if o.Progress != nil {
			o.Progress(found)
		}
	}
	res := make([]*unitResult, 0, len(units))
	complete := true
	var ended error // the context ended inside a unit
	for _, u := range units {
		r, err := u.q.explainUnit(ctx, u.v, budget, tick)
		if err != nil && r == nil {
			return nil, err
		}
		res = append(res, r)
		complete = complete && r.conflictsComplete
		if err != nil {
			ended = err
			break
		}
	}
	if ended != nil {
		return p.partialExplanation(ex, res, limit), ended
	}
	cut := func(n int) int {
		if limit > 0 {
			return min(n, limit)
		}
		return n
	}
	for _, r := range res {
		ex.Conflicts = append(ex.Conflicts, r.conflicts...)
	}
	slices.SortFunc(ex.Conflicts, compareRefLists)
	ex.ConflictsComplete = complete && cut(len(ex.Conflicts)) == len(ex.Conflicts)
	ex.Conflicts = ex.Conflicts[:cut(len(ex.Conflicts))]

	// Factors by their cheapest set's cost, then its members (not its size:
	// the contract orders parts by members).
	slices.SortFunc(res, func(a, b *unitResult) int {
		return cmp.Or(a.sets[0].cost.Cmp(b.sets[0].cost),
			slices.CompareFunc(a.sets[0].c.Constraints, b.sets[0].c.Constraints, model.CompareRefs))
	})
	fs := make([][]keyed, len(res))
	for i, r := range res {
		fs[i] = r.sets
		f := make([]Concession, len(fs[i]))
		for j := range fs[i] {
			f[j] = fs[i][j].c
		}
		ex.Factors = append(ex.Factors, f)
	}
	ex.Count = countOf(res)
	// From here, ended says whether the context ended while the sets were combined.
	product(fs, func(k keyed) bool {
		if len(ex.Concessions)%64 == 63 { // each set combines and sorts a few dozen members
			if ended = ctx.Err(); ended != nil {
				return false
			}
		}
		ex.Concessions = append(ex.Concessions, k.c)
		return limit <= 0 || len(ex.Concessions) < limit
	})
	ex.ConcessionsComplete = ended == nil && ex.Count.Cmp(big.NewInt(int64(len(ex.Concessions)))) == 0
	ex.Complete = ex.ConflictsComplete && ex.ConcessionsComplete
	if ended != nil { // the sets combined so far, incomplete
		return ex, ended
	}
	if len(ex.Concessions) == 0 {
		return nil, &InternalError{Msg: fmt.Sprintf("explain: %d infeasible parts and no concession set", len(units))}
	}
	return ex, nil
}

// partialExplanation fills ex with what the units reached before the
// context ended found (res, the last one partial): their conflicts, and
// for each unit with concession sets, those sets as a factor; all marked
// incomplete, with no combined sets (a set of a unit not finished may be
// missing, so no combination is known to be among the cheapest) and Count
// nil (unknown).
func (p *Problem) partialExplanation(ex *Explanation, res []*unitResult, limit int) *Explanation {
	for _, r := range res {
		ex.Conflicts = append(ex.Conflicts, r.conflicts...)
	}
	slices.SortFunc(ex.Conflicts, compareRefLists)
	if limit > 0 && len(ex.Conflicts) > limit {
		ex.Conflicts = ex.Conflicts[:limit]
	}
	res = slices.DeleteFunc(slices.Clone(res), func(r *unitResult) bool { return len(r.sets) == 0 })
	slices.SortFunc(res, func(a, b *unitResult) int {
		return cmp.Or(a.sets[0].cost.Cmp(b.sets[0].cost),
			slices.CompareFunc(a.sets[0].c.Constraints, b.sets[0].c.Constraints, model.CompareRefs))
	})
	for _, r := range res {
		f := make([]Concession, len(r.sets))
		for j := range r.sets {
			f[j] = r.sets[j].c
		}
		ex.Factors = append(ex.Factors, f)
	}
	ex.Count = nil
	ex.Complete, ex.ConflictsComplete, ex.ConcessionsComplete = false, false, false
	return ex
}

// countOf is the product of the units' numbers of concession sets.
func countOf(res []*unitResult) *big.Int {
	n := big.NewInt(1)
	for _, r := range res {
		n.Mul(n, big.NewInt(int64(len(r.sets))))
	}
	return n
}
