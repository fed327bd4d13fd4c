package solver

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver/internal/cert"
	"github.com/zopa-go/zopa/solver/internal/scale"
)

// Cheapness says whether a concession set stays a cheapest one when the
// concession costs move within their judgment ranges
// (model.Constraint.CostRange; a cost without one stays where it is).
type Cheapness struct {
	// Possibly is true when some choice of costs within the ranges makes
	// the set cost no more than any other concession set.
	Possibly bool
	// Necessarily is true when every choice does.
	Necessarily bool
}

// costBox holds the costs of a view's on-the-table constraints on one
// integer scale: the least (lo), stated (mid) and greatest (hi) cost of
// each, by position in the view's table.
type costBox struct {
	lo, mid, hi []int64
	// exact: n stands for n / 10^exp; otherwise for n * 2^-k (fixed point).
	exact bool
	exp   int
	k     int
	pos   map[int]int // constraint index -> position in the table
}

func (p *Problem) costBox(v view) *costBox {
	n := len(v.table)
	xs := make([]float64, 0, 3*n)
	b := &costBox{pos: make(map[int]int, n)}
	for i, ci := range v.table {
		lo, hi := p.space.CostBounds(p.refs[ci])
		xs = append(xs, lo, p.space.ConcessionCost(p.refs[ci]), hi)
		b.pos[ci] = i
	}
	// Every MaxSAT call sums at most one cost per constraint, so a scale on
	// which all 3n values together fit leaves room for any sum.
	w, exp, ok := scale.Decimal(xs, weightLimit)
	b.exact, b.exp = ok, exp
	if !ok {
		w, b.k = scale.Fixed(xs, weightLimit)
		for i := range w {
			w[i] = max(w[i], 1) // every cost stays positive
		}
	}
	for i := range n {
		b.lo = append(b.lo, w[3*i])
		b.mid = append(b.mid, w[3*i+1])
		b.hi = append(b.hi, w[3*i+2])
	}
	return b
}

// rat returns the cost n stands for, exactly.
func (b *costBox) rat(n int64) *big.Rat {
	if !b.exact {
		r := new(big.Rat).SetInt64(n)
		return r.Mul(r, new(big.Rat).SetFloat64(math.Ldexp(1, -b.k)))
	}
	return new(big.Rat).SetFrac(big.NewInt(n), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(b.exp)), nil))
}

// float returns the cost n stands for, rounded once.
func (b *costBox) float(n int64) float64 {
	if !b.exact {
		return math.Ldexp(float64(n), -b.k)
	}
	f, _ := new(big.Rat).SetFrac(big.NewInt(n), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(b.exp)), nil)).Float64()
	return f
}

// minCost returns the least total weight of a correction set of v's table,
// where the constraint at position i of the table weighs w[i] > 0: weighted
// MaxSAT by OLL, without enumerating. ok is false when v's hard part alone
// admits no package (then no correction set exists). The optimum's model
// is checked: the constraints it breaks weigh exactly the bound, and the
// model's evaluator accepts its package for everything else.
//
// Both claims that nothing exists — no correction set when ok is false, none
// cheaper than the optimum — are certified on the second encoding (see
// certifyNone), the costs given to it as value(w[i]).
func (p *Problem) minCost(ctx context.Context, v view, w []int64, box *costBox) (cost int64, ok bool, err error) {
	value := box.float
	if ok, err := p.hardOK(ctx, v); err != nil || !ok {
		if err == nil {
			err = p.certifyNone(ctx, "the hard constraints admit no package", v, nil)
		}
		return 0, false, err
	}
	sels := make([]z.Lit, len(v.table))
	for i, ci := range v.table {
		sels[i] = p.sel[ci]
	}
	lb, err := p.oll(ctx, v.hard, sels, w)
	if err != nil {
		return 0, false, err
	}
	pkg := p.model()
	keep, broken, cost := p.modelCost(v, w)
	if cost != lb {
		return 0, false, &InternalError{Msg: fmt.Sprintf("MaxSAT: cost %d of %s differs from the lower bound %d", cost, refsString(p.sortedRefs(broken)), lb)}
	}
	if !p.witnessOK(v, pkg, keep) {
		return 0, false, &InternalError{Msg: fmt.Sprintf("MaxSAT: the optimum's package %v breaks a constraint it should keep", pkg)}
	}
	costs := make([]float64, len(w))
	for i, x := range w {
		costs[i] = value(x)
	}
	// The exact bound: costs near 1e308 sum past the float64 range.
	bound := cert.ConcededBelowExact(p.tableRefs(v), costs, box.rat(lb))
	if err := p.certifyNone(ctx, fmt.Sprintf("no correction set costs less than %v", value(lb)), v, nil, bound); err != nil {
		return 0, false, err
	}
	return lb, true, nil
}

// positions returns the positions in v's table of the constraints of set,
// checking that each is on the table once and that giving them up makes
// some package agreeable (one SAT call).
func (p *Problem) positions(ctx context.Context, v view, box *costBox, set []model.Ref) ([]int, error) {
	in := make([]bool, len(v.table))
	var out []int
	for _, r := range set {
		ci, ok := p.byRef[r]
		i, on := box.pos[ci]
		switch {
		case !ok || !on:
			return nil, fmt.Errorf("solver: %s is not a constraint on the table", r)
		case in[i]:
			return nil, fmt.Errorf("solver: %s is listed twice in %s", r, refsString(set))
		}
		in[i] = true
		out = append(out, i)
	}
	var rest []int
	for i, ci := range v.table {
		if !in[i] {
			rest = append(rest, ci)
		}
	}
	ok, err := p.solve(ctx, v.with(p, rest))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("solver: giving up %s leaves no agreeable package: not a concession set", refsString(set))
	}
	if pkg := p.model(); !p.witnessOK(v, pkg, rest) {
		return nil, &InternalError{Msg: fmt.Sprintf("concession set %s: the package %v breaks a constraint it should keep", refsString(set), pkg)}
	}
	slices.Sort(out)
	return out, nil
}

// partCosts computes least correction-set costs of a view's table under
// given weights part by part: a correction set is one correction set of
// each infeasible independent part (see partition), so the least cost is
// the sum of each infeasible part's least cost, found by MaxSAT on the
// part's own small Problem; feasible parts cost nothing. Results are kept
// by part and weights.
type partCosts struct {
	box   *costBox // the scale of the integer weights
	parts []costPart
	of    []int // position in the view's table -> index into parts, or -1
	cache map[string]int64
}

// costPart is one infeasible part: its Problem, its view, and the position
// in the whole view's table of each constraint of its table.
type costPart struct {
	sub *Problem
	sv  view
	at  []int
}

// partCosts splits v (whose hard part must be satisfiable) into its
// infeasible parts.
func (p *Problem) partCosts(ctx context.Context, v view, box *costBox) (*partCosts, error) {
	pc := &partCosts{box: box, of: make([]int, len(v.table)), cache: map[string]int64{}}
	for i := range pc.of {
		pc.of[i] = -1
	}
	add := func(sub *Problem, sv view) {
		cp := costPart{sub: sub, sv: sv}
		for _, ci := range sv.table {
			i := box.pos[p.byRef[sub.refs[ci]]]
			cp.at = append(cp.at, i)
			pc.of[i] = len(pc.parts)
		}
		pc.parts = append(pc.parts, cp)
	}
	pt := p.partitionOf(v)
	if len(pt.parts) <= 1 {
		add(p, v)
		return pc, nil
	}
	bad, err := p.infeasibleParts(ctx, v, pt)
	if err != nil {
		return nil, err
	}
	for _, k := range bad {
		sub, err := pt.problem(ctx, k)
		if err != nil {
			return nil, err
		}
		add(sub, sub.scoped(v.sc))
	}
	return pc, nil
}

// cost returns the least cost of a correction set when the constraint at
// position i of the whole table weighs w[i], with the constraint at
// position keep held hard and the one at position drop given up (each -1
// for none). ok is false when no correction set exists (keep cannot hold).
func (pc *partCosts) cost(ctx context.Context, w []int64, keep, drop int) (int64, bool, error) {
	var total int64
	for k, cp := range pc.parts {
		sv := cp.sv
		var sw []int64
		var key strings.Builder
		key.WriteString(strconv.Itoa(k))
		switch {
		case keep >= 0 && pc.of[keep] == k:
			fmt.Fprintf(&key, "k%d", keep)
		case drop >= 0 && pc.of[drop] == k:
			fmt.Fprintf(&key, "d%d", drop)
		}
		var table []int
		for j, ci := range sv.table {
			i := cp.at[j]
			switch i {
			case keep:
				sv.hard = append(slices.Clone(sv.hard), cp.sub.sel[ci])
				sv.hardCI = append(slices.Clone(sv.hardCI), ci)
				continue
			case drop:
				continue
			}
			table = append(table, ci)
			sw = append(sw, w[i])
			key.WriteByte(',')
			key.WriteString(strconv.FormatInt(w[i], 10))
		}
		sv.table = table
		c, seen := pc.cache[key.String()]
		if !seen {
			var ok bool
			var err error
			if c, ok, err = cp.sub.minCost(ctx, sv, sw, pc.box); err != nil {
				return 0, false, err
			}
			if !ok {
				c = -1
			}
			pc.cache[key.String()] = c
		}
		if c < 0 {
			return 0, false, nil
		}
		total += c
	}
	return total, true, nil
}

// Cheapness says, for each of sets (concession sets under scope sc), whether
// it is possibly or necessarily a cheapest concession set when every
// on-the-table cost may take any value in its judgment range — compared
// with every concession set, listed or not, and without enumerating them.
//
// Write lo_c and hi_c for constraint c's least and greatest cost. For a set
// S and any other concession set T, cost(S) - cost(T) is the sum of the
// costs of S \ T minus the sum of those of T \ S (members of both cancel).
// It is least when the members of S cost lo and the others hi, whatever T
// is, so S is possibly cheapest exactly when it is cheapest at that one
// corner of the cost box: when lo(S) is at most the least cost of a
// correction set with those weights (one weighted MaxSAT call; a cheapest
// correction set is minimal, costs being positive, so it is a concession
// set). Likewise cost(S) - cost(T) is greatest when the members of S cost
// hi and the others lo, for every T at once, so S is necessarily cheapest
// exactly when it is cheapest at that opposite corner. Costs are compared
// exactly, as decimals on one integer scale (past 62 bits, on a binary
// fixed-point scale with a rounding error of a unit per constraint).
//
// Calls are saved without changing the answers: one MaxSAT call at the
// all-lo corner bounds every corner's optimum from below, the given sets
// bound it from above, and corners are shared by sets with the same
// members among the constraints that have a range. It returns an error
// when a set has a constraint that is not on the table or leaves no
// agreeable package when given up.
func (p *Problem) Cheapness(ctx context.Context, sc Scope, sets [][]model.Ref) (_ []Cheapness, err error) {
	defer p.enter(&ctx, &err)()
	return p.cheapness(ctx, p.scoped(sc), sets)
}

// cheapness is Cheapness on view v.
func (p *Problem) cheapness(ctx context.Context, v view, sets [][]model.Ref) ([]Cheapness, error) {
	box := p.costBox(v)
	pos := make([][]int, len(sets))
	for i, set := range sets {
		var err error
		if pos[i], err = p.positions(ctx, v, box, set); err != nil {
			return nil, err
		}
	}
	out := make([]Cheapness, len(sets))
	if len(sets) == 0 {
		return out, nil
	}
	pc, err := p.partCosts(ctx, v, box)
	if err != nil {
		return nil, err
	}
	floor, ok, err := pc.cost(ctx, box.lo, -1, -1)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &InternalError{Msg: "cheapness: concession sets given, but the hard constraints admit no package"}
	}
	// cheapest reports whether set i costs no more than any correction set
	// at its corner of the cost box: members at lo and the others at hi
	// (possibly), or the other way round (necessarily).
	cheapest := func(i int, necessarily bool) (bool, error) {
		win, wout := box.lo, box.hi
		if necessarily {
			win, wout = box.hi, box.lo
		}
		member := make([]bool, len(v.table))
		for _, j := range pos[i] {
			member[j] = true
		}
		cost := func(set []int) int64 {
			var c int64
			for _, j := range set {
				if member[j] {
					c += win[j]
				} else {
					c += wout[j]
				}
			}
			return c
		}
		mine := cost(pos[i])
		if mine <= floor {
			return true, nil
		}
		for j := range sets {
			if cost(pos[j]) < mine {
				return false, nil
			}
		}
		w := make([]int64, len(v.table))
		for j := range w {
			w[j] = wout[j]
			if member[j] {
				w[j] = win[j]
			}
		}
		opt, _, err := pc.cost(ctx, w, -1, -1)
		if err != nil {
			return false, err
		}
		return mine <= opt, nil
	}
	for i := range sets {
		if out[i].Possibly, err = cheapest(i, false); err != nil {
			return nil, err
		}
		if !out[i].Possibly {
			continue
		}
		if out[i].Necessarily, err = cheapest(i, true); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CostInterval is the interval of one constraint's concession cost over
// which a given cheapest concession set stays a cheapest one, every other
// cost at its stated value.
type CostInterval struct {
	Ref model.Ref
	// Cost is the stated cost.
	Cost float64
	// Min is at least 0; Max is +Inf when no cost is too high.
	Min, Max float64
}

// CostIntervals returns, for every constraint on the table under scope sc
// (sorted by party, then constraint id), the interval of its cost over
// which cheapest, a cheapest concession set at the stated costs, stays a
// cheapest concession set, every other cost at its stated value. It
// returns an error when cheapest is not a cheapest concession set.
//
// For a member c of the set, the set's cost moves with c's cost y, and so
// does that of every concession set holding c, so only the sets without c
// can overtake it: the greatest y is the least cost of a correction set
// that keeps c (one MaxSAT call with c held hard; none exists, and the
// interval is unbounded, when nothing admits c), less the rest of the
// set's cost; the least y is 0. For a constraint c outside the set, only
// the sets holding c get cheaper as y falls: the least y is the set's cost
// less the least cost of the others' part of such a set, which is the
// least cost of a correction set once c is given up (one MaxSAT call with c
// dropped), and no y is too high. Costs are compared exactly, as decimals
// on one integer scale.
func (p *Problem) CostIntervals(ctx context.Context, sc Scope, cheapest []model.Ref) (_ []CostInterval, err error) {
	defer p.enter(&ctx, &err)()
	return p.costIntervals(ctx, p.scoped(sc), cheapest)
}

// costIntervals is CostIntervals on view v.
func (p *Problem) costIntervals(ctx context.Context, v view, cheapest []model.Ref) ([]CostInterval, error) {
	box := p.costBox(v)
	pos, err := p.positions(ctx, v, box, cheapest)
	if err != nil {
		return nil, err
	}
	if ok, err := p.hardOK(ctx, v); err != nil || !ok {
		return nil, fmt.Errorf("solver: the hard constraints admit no package, so %s is no concession set", refsString(cheapest))
	}
	pc, err := p.partCosts(ctx, v, box)
	if err != nil {
		return nil, err
	}
	opt, ok, err := pc.cost(ctx, box.mid, -1, -1)
	if err != nil {
		return nil, err
	}
	var mine int64
	member := make([]bool, len(v.table))
	for _, i := range pos {
		mine += box.mid[i]
		member[i] = true
	}
	if !ok || mine != opt {
		return nil, fmt.Errorf("solver: %s costs %v, but the cheapest concession set costs %v", refsString(cheapest), box.float(mine), box.float(opt))
	}
	order := make([]int, len(v.table))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return model.CompareRefs(p.refs[v.table[a]], p.refs[v.table[b]]) })
	out := make([]CostInterval, 0, len(order))
	for _, i := range order {
		ci := v.table[i]
		iv := CostInterval{Ref: p.refs[ci], Cost: p.space.ConcessionCost(p.refs[ci]), Max: math.Inf(1)}
		if member[i] {
			best, ok, err := pc.cost(ctx, box.mid, i, -1)
			if err != nil {
				return nil, err
			}
			if ok {
				iv.Max = box.float(best - (mine - box.mid[i]))
			}
		} else {
			best, ok, err := pc.cost(ctx, box.mid, -1, i)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, &InternalError{Msg: "cost intervals: giving up a constraint made the hard part infeasible"}
			}
			iv.Min = box.float(max(0, mine-best))
		}
		out = append(out, iv)
	}
	return out, nil
}
