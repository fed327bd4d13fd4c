package solver

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/big"
	"slices"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver/internal/cert"
	"github.com/zopa-go/zopa/solver/internal/scale"
)

// Optimum is a concession set found by optimisation, with the proof that
// none is better.
type Optimum struct {
	Concession
	// LowerBound is the least cost (or size) any concession set can have,
	// as proven by the unsatisfiable cores met; it equals the set's cost
	// (or size) on the solver's integer scale.
	LowerBound float64
	// Exact is true when every cost was turned into an integer exactly (a
	// common power of ten fits in 62 bits), so that no concession set is
	// cheaper. When false, costs were rounded to a binary fixed-point scale
	// and a set cheaper by at most Tolerance may exist.
	Exact     bool
	Tolerance float64
	// SATCalls counts the SAT calls of the search and its checks.
	SATCalls int64
}

// CheapestConcession returns a concession set of least total cost under
// scope, without enumerating concession sets: core-guided weighted MaxSAT
// (OLL, Morgado et al. 2014, as in RC2) with stratification over the
// selectors of the on-the-table constraints. It returns nil when the space
// is feasible, or when the hard constraints alone are infeasible (see
// HardConflict). The set is checked before it is returned: a package judged
// by the model's evaluator satisfies everything else, each member is
// needed, and its cost equals the proven lower bound.
func (p *Problem) CheapestConcession(ctx context.Context, sc Scope) (_ *Optimum, err error) {
	defer p.enter(&ctx, &err)()
	return p.cheapest(ctx, p.scoped(sc), false)
}

// costs returns the concession cost of each constraint of v's table.
func (p *Problem) costs(v view) []float64 {
	costs := make([]float64, len(v.table))
	for i, ci := range v.table {
		costs[i] = p.space.ConcessionCost(p.refs[ci])
	}
	return costs
}

// SmallestConcession returns a concession set with the fewest members
// under scope and, among those, the cheapest, as CheapestConcession does
// for costs. Its LowerBound is the least size any concession set can
// have; Exact speaks of the tie-break by cost.
func (p *Problem) SmallestConcession(ctx context.Context, sc Scope) (_ *Optimum, err error) {
	defer p.enter(&ctx, &err)()
	return p.cheapest(ctx, p.scoped(sc), true)
}

// cheapest is the least-cost (or, bySize, the smallest) concession set of
// v. When the space falls apart into independent parts, it is the union of
// the optima of the infeasible parts, each found on the part's own
// instance (costs and sizes add up, and every combination of the parts'
// concession sets is one), and its lower bound the sum of theirs.
func (p *Problem) cheapest(ctx context.Context, v view, bySize bool) (*Optimum, error) {
	calls := p.stats().SATCalls
	if ok, err := p.hardOK(ctx, v); err != nil || !ok {
		if err != nil {
			return nil, err
		}
		return p.minCorrection(ctx, v, nil, nil, p.costs(v), bySize) // certifies the hard conflict
	}
	units, err := p.units(ctx, v)
	if err != nil || len(units) == 0 {
		return nil, err
	}
	if len(units) == 1 && units[0].q == p {
		return p.minCorrection(ctx, v, nil, nil, p.costs(v), bySize)
	}
	out := &Optimum{Exact: true}
	var refs []model.Ref
	for _, u := range units {
		o, err := u.q.minCorrection(ctx, u.v, nil, nil, u.q.costs(u.v), bySize)
		if err != nil {
			return nil, err
		}
		if o == nil {
			return nil, &InternalError{Msg: "MaxSAT: an infeasible part has no concession set"}
		}
		refs = append(refs, o.Constraints...)
		out.LowerBound += o.LowerBound
		out.Exact = out.Exact && o.Exact
		out.Tolerance += o.Tolerance
	}
	slices.SortFunc(refs, model.CompareRefs)
	out.Concession = newKeyed(v.space(p), refs).c
	out.SATCalls = p.stats().SATCalls - calls
	return out, nil
}

// weightLimit bounds the sum of integer weights, leaving room for sums.
const weightLimit = 1 << 62

// minCorrection finds a least-cost correction set of v's table, or with
// bySize the smallest one, ties broken by cost: each weight is then a
// "size unit" larger than the sum of all costs plus the member's cost.
// The search also assumes extra (the activation literal of clauses that
// block the concession sets in blocked: one of each set's members must
// hold), the check of the result does not; the certificate of the lower
// bound speaks of the sets not blocked.
func (p *Problem) minCorrection(ctx context.Context, v view, extra []z.Lit, blocked [][]model.Ref, costs []float64, bySize bool) (*Optimum, error) {
	calls := p.s.Stats().Calls
	hard := append(slices.Clone(v.hard), extra...)
	var blocks []cert.Cond // the blocking clauses for the certifier
	for _, set := range blocked {
		var or []cert.Cond
		for _, r := range set {
			or = append(or, cert.Holds(r))
		}
		blocks = append(blocks, cert.Or(or...))
	}
	if ok, err := p.solve(ctx, hard); err != nil || !ok {
		if err == nil {
			// The hard part is infeasible, or every concession set blocked.
			err = p.certifyNone(ctx, "no concession set is left", v, nil, blocks...)
		}
		return nil, err
	}
	if ok, err := p.solve(ctx, append(slices.Clone(hard), v.with(p, v.table)[len(v.hard):]...)); err != nil || ok {
		if ok && !p.witnessOK(v, p.model(), v.table) {
			return nil, &InternalError{Msg: fmt.Sprintf("witness %v of feasibility breaks a constraint", p.model())}
		}
		return nil, err
	}
	opt := &Optimum{Exact: true}
	limit := int64(weightLimit)
	if bySize {
		// n size units of (sum + 1) each, plus the sum, must fit.
		limit = weightLimit/int64(len(costs)+1) - 1
	}
	w, exp, ok := scale.Decimal(costs, limit)
	unit := math.Pow10(-exp)
	if !ok {
		var k int
		w, k = scale.Fixed(costs, limit)
		unit = math.Ldexp(1, -k)
		// Each weight is within a unit of its cost (a weight rounded to 0
		// is raised to 1, so that every constraint has a price), so any
		// set's scaled cost is within n units of its true cost, and the
		// set found is at most 2n units dearer than the cheapest.
		opt.Exact = false
		opt.Tolerance = 2 * float64(len(costs)) * unit
		for i, x := range w {
			w[i] = max(x, 1)
		}
	}
	var size int64 // the size unit, when bySize
	if bySize {
		size = 1
		for _, x := range w {
			size += x
		}
		for i := range w {
			w[i] += size
		}
	}
	// The soft literals ordered by the first issue each constraint
	// mentions, so that oll's windows are local.
	order := p.byFirstIssue(v.table)
	sels := make([]z.Lit, len(v.table))
	ws := make([]int64, len(v.table))
	for i, j := range order {
		sels[i] = p.sel[v.table[j]]
		ws[i] = w[j]
	}
	lb, err := p.oll(ctx, hard, sels, ws)
	if err != nil {
		return nil, err
	}
	// The model of the last (satisfiable) call is an optimum.
	pkg := p.model()
	mss, mcs, cost := p.modelCost(v, w)
	if cost != lb {
		return nil, &InternalError{Msg: fmt.Sprintf("MaxSAT: cost %d of %s differs from the lower bound %d", cost, refsString(p.sortedRefs(mcs)), lb)}
	}
	if err := p.checkConcession(ctx, v, mss, mcs, pkg, &knownConflicts{}); err != nil {
		return nil, err
	}
	opt.Concession = p.concession(mcs)
	// Certify the lower bound: no package breaks on-the-table constraints
	// that cost less (with bySize: fewer, or as few but cheaper).
	table := p.tableRefs(v)
	// The exact cost minus the tolerance (costs of 1e308 sum past float64).
	below := ExactCost(p.space, opt.Constraints)
	below.Sub(below, new(big.Rat).SetFloat64(opt.Tolerance))
	bound := cert.ConcededBelowExact(table, costs, below)
	if bySize {
		ones := make([]float64, len(costs))
		for i := range ones {
			ones[i] = 1
		}
		n := float64(len(mcs))
		bound = cert.Or(cert.ConcededBelow(table, ones, n),
			cert.And(cert.ConcededBelow(table, ones, n+1), cert.ConcededBelowExact(table, costs, below)))
	}
	if err := p.certifyNone(ctx, "no concession set is cheaper than "+refsString(opt.Constraints), v, nil, append(blocks, bound)...); err != nil {
		return nil, err
	}
	opt.LowerBound = float64(lb) * unit // a power of two: exact
	if opt.Exact {
		// lb / 10^exp rounded once, as the cost is (0.3, not 3 * 0.1).
		opt.LowerBound, _ = new(big.Rat).SetFrac(big.NewInt(lb), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(exp)), nil)).Float64()
	}
	if bySize {
		opt.LowerBound = float64(lb / size)
	}
	opt.SATCalls = p.s.Stats().Calls - calls
	return opt, nil
}

// byFirstIssue returns the positions of table (indexes into p.refs),
// ordered by the least issue each constraint mentions (constraints that
// mention none last), ties in table order.
func (p *Problem) byFirstIssue(table []int) []int {
	first := make(map[int]int, len(table))
	for i := len(p.touches) - 1; i >= 0; i-- {
		for _, ci := range p.touches[i] {
			first[ci] = i
		}
	}
	key := func(ci int) int {
		if i, ok := first[ci]; ok {
			return i
		}
		return len(p.touches)
	}
	order := make([]int, len(table))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(key(table[a]), key(table[b])) })
	return order
}

// modelCost splits v's table by the current model: the constraints it
// satisfies (keep) and those it breaks, with their total weight (w[i] is
// the weight of v.table[i]).
func (p *Problem) modelCost(v view, w []int64) (keep, broken []int, cost int64) {
	for i, ci := range v.table {
		if p.s.Value(p.cond[ci]) {
			keep = append(keep, ci)
		} else {
			broken = append(broken, ci)
			cost += w[i]
		}
	}
	return keep, broken, cost
}

// soft is one soft literal of the OLL search: lit should hold, and costs w
// when it does not. For a relaxation literal, lit is "fewer than k of the
// card's inputs are false". pos is its place in the assumption order (see
// oll).
type soft struct {
	lit  z.Lit
	w    int64
	card *relax
	k    int
	pos  int
}

// relax is the cardinality network over one core's literals.
type relax struct {
	outs []z.Lit // outs[j]: at least j+1 of the core's literals are false
}

// oll runs OLL with stratification: the hard literals are assumed, each
// soft literal lits[i] should hold and costs w[i] > 0 when it does not. It
// returns the optimum cost; the solver's model is then an optimal one.
// The literals must be distinct.
//
// gini propagates the assumptions of each SAT call afresh, one by one, and
// stops at the first conflict, which most cores meet by propagation alone.
// So the order of the assumptions decides the cost of a call: the soft
// literals keep the order given (which the caller makes local: literals
// about nearby issues close together), a relaxation literal takes the
// place of its core's first member, and each call starts at the place of
// the last core found and wraps around. Successive cores of a sparse
// space are then found in one sweep over the assumptions, not one sweep
// each.
func (p *Problem) oll(ctx context.Context, hard, lits []z.Lit, w []int64) (int64, error) {
	var softs []*soft // ordered by pos
	bySel := map[z.Lit]*soft{}
	add := func(s *soft) {
		if t, ok := bySel[s.lit]; ok && t.w > 0 { // the same literal again: merge
			t.w += s.w
			return
		}
		i, _ := slices.BinarySearchFunc(softs, s.pos, func(t *soft, pos int) int { return cmp.Compare(t.pos, pos+1) })
		softs = slices.Insert(softs, i, s)
		bySel[s.lit] = s
	}
	for i, m := range lits {
		add(&soft{lit: m, w: w[i], pos: i})
	}
	var lb int64
	thr := int64(math.MaxInt64)
	lower := func() bool { // next stratum: the largest weight below thr
		next := int64(0)
		for _, s := range softs {
			if s.w > 0 && s.w < thr {
				next = max(next, s.w)
			}
		}
		if next == 0 {
			return false
		}
		thr = next
		return true
	}
	lower()
	start := 0 // the place the next call's soft assumptions start at
	dead := 0  // literals of weight 0 still in softs
	for {
		assume := slices.Clone(hard)
		from, _ := slices.BinarySearchFunc(softs, start, func(t *soft, pos int) int { return cmp.Compare(t.pos, pos) })
		for _, part := range [][]*soft{softs[from:], softs[:from]} {
			for _, s := range part {
				if s.w >= thr {
					assume = append(assume, s.lit)
				}
			}
		}
		ok, err := p.solve(ctx, assume)
		if err != nil {
			return 0, err
		}
		if ok {
			if lower() {
				start = 0
				continue
			}
			return lb, nil
		}
		core, err := p.trimCore(ctx, hard, bySel)
		if err != nil {
			return 0, err
		}
		if len(core) == 0 {
			return 0, &InternalError{Msg: "MaxSAT: the hard part became unsatisfiable"}
		}
		wmin, pos := core[0].w, core[0].pos
		for _, s := range core {
			wmin = min(wmin, s.w)
			pos = min(pos, s.pos)
		}
		lb += wmin
		start = pos
		for _, s := range core {
			s.w -= wmin
			if s.w == 0 {
				dead++
			}
		}
		if 2*dead > len(softs) { // literals of weight 0 are skipped until then
			softs = slices.DeleteFunc(softs, func(s *soft) bool { return s.w == 0 })
			dead = 0
		}
		for _, s := range core {
			if s.card != nil && s.k < len(s.card.outs) {
				// The next bound of a card in a core gets the core's
				// minimum weight.
				add(&soft{lit: s.card.outs[s.k].Not(), w: wmin, card: s.card, k: s.k + 1, pos: pos})
			}
		}
		if len(core) > 1 {
			xs := make([]z.Lit, len(core))
			for i, s := range core {
				xs[i] = s.lit.Not()
			}
			cs := p.c.CardSort(xs)
			r := &relax{outs: make([]z.Lit, len(xs))}
			for j := range r.outs {
				r.outs[j] = cs.Geq(j + 1)
			}
			p.flush(r.outs...)
			add(&soft{lit: r.outs[1].Not(), w: wmin, card: r, k: 2, pos: pos})
		}
		if len(softs) > dead && !slices.ContainsFunc(softs, func(s *soft) bool { return s.w >= thr }) {
			lower()
			start = 0
		}
	}
}

// trimCore reads the soft literals of the last UNSAT answer's core and
// shrinks the core by re-solving it alone while that makes it smaller
// (at most a few times).
func (p *Problem) trimCore(ctx context.Context, hard []z.Lit, bySel map[z.Lit]*soft) ([]*soft, error) {
	read := func() []*soft {
		var out []*soft
		seen := map[*soft]bool{}
		for _, m := range p.s.Why() {
			if s, ok := bySel[m]; ok && s.w > 0 && !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
		return out
	}
	core := read()
	for range 3 {
		if len(core) <= 1 {
			break
		}
		assume := slices.Clone(hard)
		for _, s := range core {
			assume = append(assume, s.lit)
		}
		ok, err := p.solve(ctx, assume)
		if err != nil {
			return nil, err
		}
		if ok {
			return nil, &InternalError{Msg: "MaxSAT: a core became satisfiable"}
		}
		next := read()
		if len(next) >= len(core) {
			break
		}
		core = next
	}
	return core, nil
}
