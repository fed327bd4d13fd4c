package solver

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math/big"
	"slices"

	"github.com/zopa-go/zopa/model"
)

// EnumerationLimit is the largest number of packages (over the issues
// that a preference scores or a constraint mentions) whose Pareto frontier
// is found by enumeration instead of guided improvement, when every
// preference scores one issue (values or points, the additive shape of
// Genius domains). A plain loop over a million packages takes a fraction
// of a second, while guided improvement pays several pseudo-Boolean SAT
// calls per point: on dense domains with hundreds of points (3 parties, 6
// issues of 5 options: 15,625 packages, 152 points) it was thousands of
// times slower than enumeration.
const EnumerationLimit = 10_000_000

// enumerationLimit is EnumerationLimit, lowered by tests (see
// SetEnumerationLimit) to reach guided improvement on small spaces.
var enumerationLimit = EnumerationLimit

// mergeLimit bounds the partial packages one step of merge weighs (each
// holds a utility vector): about 100 MB with 5 parties.
var mergeLimit = 1_000_000

// noMerge makes spaces without constraints enumerate their frontier
// package by package instead of merging it issue by issue (tests compare
// the two).
var noMerge bool

// enumPlan is a frontier by enumeration: the issues to range over and each
// value's contribution to every party's scaled utility.
type enumPlan struct {
	p       *Problem
	vw      view
	u       *utilities
	doms    [][]model.Value // per issue of p: its domain when ranged over (in vars), else nil
	vars    []int           // the issues ranged over; the others keep their first value
	contrib [][][]int64     // per issue, per value index, per party (nil: no party scores it)
	base    []int64         // per party: the constant part
}

// enumPlanFor returns the plan that enumerates vw's frontier under u, or
// nil when enumeration does not apply: a what-if view, a preference that
// is an expression over several issues, or more than EnumerationLimit
// packages.
func (p *Problem) enumPlanFor(vw view, u *utilities) *enumPlan {
	// A what-if that fixes issues or adds constraints is left to the
	// SAT search; constraints switched off are the judging space's.
	if vw.extra != nil || len(vw.frozen) > 0 || len(vw.temps) > 0 || vw.fixed != nil {
		return nil
	}
	n := len(u.groups)
	e := &enumPlan{p: p, vw: vw, u: u, doms: make([][]model.Value, len(p.issues)),
		contrib: make([][][]int64, len(p.issues)), base: make([]int64, n)}
	for pi, gs := range u.groups {
		for _, g := range gs {
			switch {
			case len(g.opts) == 1:
				e.base[pi] += g.vals[0]
			case g.of >= 0 && len(g.vals) == p.issues[g.of].is.Size():
				c := e.contrib[g.of]
				if c == nil {
					c = make([][]int64, len(g.vals))
					for j := range c {
						c[j] = make([]int64, n)
					}
					e.contrib[g.of] = c
				}
				for j, v := range g.vals {
					c[j][pi] += v
				}
			default:
				return nil // an expression: not separable by issue
			}
		}
	}
	count := 1.0
	for ii := range p.issues {
		// An issue that no preference scores and no constraint mentions
		// changes nothing: it keeps its first value.
		if e.contrib[ii] == nil && len(p.touches[ii]) == 0 && p.issues[ii].is.Kind != model.StepKind {
			continue
		}
		e.vars = append(e.vars, ii)
		count *= float64(p.issues[ii].is.Size())
		if count > float64(enumerationLimit) {
			return nil
		}
	}
	for _, ii := range e.vars { // only now: a domain can hold 100,000 values
		e.doms[ii] = p.issues[ii].is.Domain()
	}
	return e
}

// frontierEntry is a vector of scaled utilities and the value indexes of
// e.vars of an agreeable package attaining it.
type frontierEntry struct {
	y   []int64
	idx []int
}

// run finds the frontier of e.vars's packages. Without constraints it
// merges the frontier issue by issue (see merge). Otherwise it enumerates
// every package in a tight loop with the utilities updated incrementally:
// a package weakly dominated by a point kept so far is skipped at once
// (the points kept are agreeable); any other is judged by the model's
// evaluator and, when agreeable, replaces the points it dominates. The
// points left are the frontier, yielded best first for party 0, then 1,
// and so on, each re-scored by the evaluator and checked like the guided
// search's points. It returns whether the frontier was yielded whole.
func (e *enumPlan) run(ctx context.Context, yield func(FrontierPoint) bool) (bool, error) {
	p, n := e.p, len(e.base)
	s := e.vw.space(p)
	y := slices.Clone(e.base)
	idx := make([]int, len(e.vars))
	for _, ii := range e.vars {
		if c := e.contrib[ii]; c != nil {
			for pi := range y {
				y[pi] += c[0][pi]
			}
		}
	}
	pkgOf := func(idx []int) model.Package {
		pkg := make(model.Package, len(p.issues))
		for ii := range p.issues {
			pkg[p.issues[ii].is.ID] = p.issues[ii].is.ValueAt(0)
		}
		for k, ii := range e.vars {
			pkg[p.issues[ii].is.ID] = e.doms[ii][idx[k]]
		}
		return pkg
	}
	if len(p.refs) == 0 && s == p.space && !noMerge {
		// Nothing to judge: the frontier is merged issue by issue.
		front, err := e.merge(ctx)
		if err != nil {
			return false, err
		}
		if front != nil {
			return e.finish(front, pkgOf, yield)
		}
		// The partial frontiers grew too large: enumerate instead.
	}
	// A space whose only constraints are reservations is scanned: every
	// package is judged from its scaled utilities, and counted and marked
	// in the ZOPA when agreeable.
	var sc *scanner
	if s == p.space && e.u == p.utils() && reservationsOnly(p) {
		var err error
		if sc, err = e.newScanner(); err != nil {
			return false, err
		}
	}
	var front []frontierEntry
	last := 0 // the point that dominated the previous package, tried first
	dominated := func(f []int64) bool {
		for pi := range n {
			if f[pi] < y[pi] {
				return false
			}
		}
		return true
	}
	for steps := 0; ; steps++ {
		if steps&0xffff == 0 && ctx.Err() != nil {
			return false, ctx.Err()
		}
		skip := false
		if sc != nil {
			ok, err := sc.meets(y, idx, pkgOf)
			if err != nil {
				return false, err
			}
			skip = !ok
		}
		if !skip && last < len(front) && dominated(front[last].y) {
			skip = true
		}
		for i := 0; !skip && i < len(front); i++ {
			if dominated(front[i].y) {
				skip, last = true, i
			}
		}
		if !skip {
			agreeable := true // judged by the scanner
			if sc == nil {
				v, err := s.Judge(pkgOf(idx))
				if err != nil {
					return false, &InternalError{Msg: fmt.Sprintf("frontier enumeration: %v", err)}
				}
				agreeable = v.Agreeable
			}
			if agreeable {
				front = slices.DeleteFunc(front, func(f frontierEntry) bool {
					for pi := range n {
						if f.y[pi] > y[pi] {
							return false
						}
					}
					return true
				})
				front = append(front, frontierEntry{y: slices.Clone(y), idx: slices.Clone(idx)})
			}
		}
		// The next package: an odometer over e.vars.
		k := 0
		for ; k < len(e.vars); k++ {
			ii := e.vars[k]
			old := idx[k]
			idx[k]++
			if idx[k] == len(e.doms[ii]) {
				idx[k] = 0
			}
			if c := e.contrib[ii]; c != nil {
				for pi := range y {
					y[pi] += c[idx[k]][pi] - c[old][pi]
				}
			}
			if idx[k] != 0 {
				break
			}
		}
		if k == len(e.vars) {
			break // every package seen
		}
	}
	if sc != nil {
		p.scan = sc.result()
	}
	return e.finish(front, pkgOf, yield)
}

// finish sorts the undominated entries best first for party 0, then 1,
// and so on, re-scores each package by the model's evaluator, checks the
// points as the guided search's are checked and yields them; it returns
// whether the frontier was yielded whole.
func (e *enumPlan) finish(front []frontierEntry, pkgOf func([]int) model.Package, yield func(FrontierPoint) bool) (bool, error) {
	p := e.p
	s := e.vw.space(p)
	slices.SortFunc(front, func(a, b frontierEntry) int { return slices.CompareFunc(b.y, a.y, cmp.Compare[int64]) })
	pkgs := make([]model.Package, len(front))
	verdicts := make([]*model.Verdict, len(front))
	for i, f := range front {
		pkgs[i] = pkgOf(f.idx)
		v, err := s.Judge(pkgs[i])
		if err != nil || !v.Agreeable {
			return false, &InternalError{Msg: fmt.Sprintf("frontier point %v is not agreeable (%v)", pkgs[i], err)}
		}
		verdicts[i] = v
	}
	if !e.u.exact && e.u == p.utils() {
		// On a fixed-point scale two packages whose exact utilities are
		// equal, or one just below the other, can round to incomparable
		// sums: keep only the points no other point dominates exactly
		// (and one of equal ones).
		keep, err := exactlyUndominated(s, pkgs, verdicts)
		if err != nil {
			return false, err
		}
		var f2 []frontierEntry
		var p2 []model.Package
		var v2 []*model.Verdict
		for i := range front {
			if keep[i] {
				f2, p2, v2 = append(f2, front[i]), append(p2, pkgs[i]), append(v2, verdicts[i])
			}
		}
		front, pkgs, verdicts = f2, p2, v2
	}
	seen := &frontierCheck{u: e.u, own: e.u == p.utils()}
	for i, f := range front {
		pkg, v := pkgs[i], verdicts[i]
		fresh, err := seen.add(s, pkg, f.y, v.Utilities)
		if err != nil {
			return false, err
		}
		if fresh && !yield(FrontierPoint{Utilities: v.Utilities, Package: pkg, scaled: f.y, ex: &exactSlot{}}) {
			return false, nil
		}
	}
	return true, nil
}

// merge returns the undominated vectors of the scaled utilities of every
// package of e.vars, each with the first package (in the enumeration's
// order, e.vars[0] turning fastest) that attains it, when no constraint
// needs judging: by dynamic programming over the issues instead of
// package by package. Utilities are sums of one contribution per issue,
// so a partial package (values for the first k issues) that another
// weakly dominates can never complete to an undominated package that the
// other's completion with the same values does not weakly dominate: the
// undominated partial sums after issue k, each extended by every value of
// issue k+1, contain those after k+1. Equal sums keep the partial package
// that comes first in the enumeration's order, which is the least rank
// (the package's position in that order) because ranks add over issues.
// The work grows with the partial frontiers, not with the packages; nil
// when one step would weigh more than mergeLimit partial packages (the
// caller then enumerates, keeping only the frontier in memory).
func (e *enumPlan) merge(ctx context.Context) ([]frontierEntry, error) {
	n := len(e.base)
	type state struct {
		y    []int64
		rank int64
	}
	cur := []state{{y: slices.Clone(e.base)}}
	stride := int64(1)
	sizes := make([]int64, len(e.vars))
	for k, ii := range e.vars {
		sizes[k] = int64(len(e.doms[ii]))
		c := e.contrib[ii]
		if c == nil { // scores nothing: its first value is the first package's
			stride *= sizes[k]
			continue
		}
		if len(cur)*len(c) > mergeLimit {
			return nil, nil // many parties: nearly every partial sum is undominated
		}
		cand := make([]state, 0, len(cur)*len(c))
		for _, st := range cur {
			for j := range c {
				y := make([]int64, n)
				for pi := range y {
					y[pi] = st.y[pi] + c[j][pi]
				}
				cand = append(cand, state{y: y, rank: st.rank + int64(j)*stride})
			}
		}
		stride *= sizes[k]
		// Best first: a vector that weakly dominates another is greater
		// in this order (or equal with a smaller rank), so one sweep
		// against the vectors kept so far finds the undominated ones.
		slices.SortFunc(cand, func(a, b state) int {
			return cmp.Or(slices.CompareFunc(b.y, a.y, cmp.Compare[int64]), cmp.Compare(a.rank, b.rank))
		})
		cur = cur[:0:0]
		for i, st := range cand {
			if i&0xfff == 0 && ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if !weaklyDominatedBy(st.y, cur, func(s state) []int64 { return s.y }) {
				cur = append(cur, st)
			}
		}
	}
	front := make([]frontierEntry, len(cur))
	for i, st := range cur {
		idx := make([]int, len(e.vars))
		r := st.rank
		for k := range idx {
			idx[k] = int(r % sizes[k])
			r /= sizes[k]
		}
		front[i] = frontierEntry{y: st.y, idx: idx}
	}
	return front, nil
}

// weaklyDominatedBy reports whether some element of kept has a vector (by
// vec) at least y in every coordinate, comparing from the last coordinate
// (merge keeps its vectors sorted by the first).
func weaklyDominatedBy[T any](y []int64, kept []T, vec func(T) []int64) bool {
	for _, k := range kept {
		f := vec(k)
		dom := true
		for pi := len(y) - 1; pi >= 0; pi-- {
			if f[pi] < y[pi] {
				dom = false
				break
			}
		}
		if dom {
			return true
		}
	}
	return false
}

// exactlyUndominated reports, for each package, whether no other package
// of pkgs dominates it by the model's exact utilities and no earlier one
// equals it; verdicts hold the evaluator's float utilities, which rule out
// most comparisons (see floatSlack).
func exactlyUndominated(s *model.Space, pkgs []model.Package, verdicts []*model.Verdict) ([]bool, error) {
	n := len(s.Parties)
	fl := make([][]float64, len(pkgs))
	for i, v := range verdicts {
		fl[i] = make([]float64, n)
		for pi, party := range s.Parties {
			fl[i][pi] = v.Utilities[party.ID]
		}
	}
	exact := make([][]*big.Rat, len(pkgs))
	get := func(i int) ([]*big.Rat, error) {
		if exact[i] == nil {
			vec, err := exactUtilities(s, pkgs[i])
			if err != nil {
				return nil, &InternalError{Msg: fmt.Sprintf("frontier point %v: %v", pkgs[i], err)}
			}
			exact[i] = vec
		}
		return exact[i], nil
	}
	keep := make([]bool, len(pkgs))
	for i := range pkgs {
		keep[i] = true
		for j := range pkgs {
			if j == i || greaterSomewhere(fl[i], fl[j]) {
				continue // i is greater for some party: j does not dominate it
			}
			a, err := get(i)
			if err != nil {
				return nil, err
			}
			b, err := get(j)
			if err != nil {
				return nil, err
			}
			geq, leq := compareVec(n, func(pi int) int { return a[pi].Cmp(b[pi]) })
			if leq && (!geq || j < i) { // dominated, or equal to an earlier point
				keep[i] = false
				break
			}
		}
	}
	return keep, nil
}

// greaterSomewhere reports whether a exceeds b by more than floatSlack
// for some party.
func greaterSomewhere(a, b []float64) bool {
	for i := range a {
		if a[i] > b[i]+floatSlack {
			return true
		}
	}
	return false
}

// frontierAny is frontierOf, or the enumeration when it applies.
func (p *Problem) frontierAny(ctx context.Context, vw view, u *utilities, yield func(FrontierPoint) bool) (bool, error) {
	if e := p.enumPlanFor(vw, u); e != nil {
		return e.run(ctx, yield)
	}
	return p.frontierOf(ctx, vw, u, yield)
}

// enumeratedFrontier returns vw's whole frontier under the parties'
// utilities when enumeration applies (ok false otherwise, or when the
// context ended it). The frontier of the compiled space itself (vw judged
// by p's own space) is enumerated once and kept for every later query:
// the Pareto frontier, the rules' choices and the ideal point all read
// it. The points are shared: callers must not change their maps.
func (p *Problem) enumeratedFrontier(ctx context.Context, vw view) (pts []FrontierPoint, ok bool, err error) {
	if pts, ok, err := p.cubeFrontier(ctx, vw); ok || err != nil {
		return pts, ok, err // the cube plan's, when it applies (cubes.go)
	}
	own := vw.judge == nil
	if own && p.enumerated != nil {
		return p.enumerated, true, nil
	}
	e := p.enumPlanFor(vw, p.utils())
	if e == nil {
		return nil, false, nil
	}
	pts = []FrontierPoint{}
	complete, err := e.run(ctx, func(pt FrontierPoint) bool { pts = append(pts, pt); return true })
	if err != nil || !complete {
		return nil, false, err
	}
	if own {
		p.enumerated = pts
	}
	return pts, true, nil
}

// chooseEnumerated is rule r's choice over vw's whole frontier found by
// enumeration (nil when no package is agreeable), when enumeration
// applies: the utilitarian and egalitarian optima are Pareto-optimal, so
// the contract's ranking over the frontier finds them exactly. The
// enumeration judged every package by the evaluator (the cube plan, which
// enumeratedFrontier also takes, judges every point and certifies an
// empty frontier), so no claim rests on the compiled SAT model and
// nothing is left to certify.
func (p *Problem) chooseEnumerated(ctx context.Context, vw view, r BargainingRule) (c *Choice, ok bool, err error) {
	pts, ok, err := p.enumeratedFrontier(ctx, vw)
	if err != nil || !ok || len(pts) == 0 {
		return nil, ok, err
	}
	i, err := bestOf(vw.space(p), pts, r, nil)
	if err != nil {
		return nil, true, fmt.Errorf("solver: %v: %w", r, err)
	}
	c, err = p.choice(vw, r, maps.Clone(pts[i].Package), nil)
	return c, true, err
}

// idealEnumerated is the ideal point from vw's whole frontier found by
// enumeration (every party's greatest utility is attained on it), when
// enumeration applies; nil when no package is agreeable.
func (p *Problem) idealEnumerated(ctx context.Context, vw view) (ideal map[string]float64, ok bool, err error) {
	pts, ok, err := p.enumeratedFrontier(ctx, vw)
	if err != nil || !ok || len(pts) == 0 {
		return nil, ok, err
	}
	ideal = map[string]float64{}
	for pi, party := range p.space.Parties {
		best := 0
		for i, pt := range pts {
			if pt.scaled[pi] > pts[best].scaled[pi] {
				best = i
			}
		}
		ideal[party.ID] = pts[best].Utilities[party.ID]
	}
	return ideal, true, nil
}

// countEnumerationLimit is the most packages (over the issues constraints
// mention) that Count judges one by one, at about 5 µs each, when the
// space has reservations: the box search then pays SAT calls over the
// reservations' weighted sums (more than 20 s for the 4,395 agreeable
// packages of a dense 117,649-package domain with 16-digit weights),
// where the evaluator takes half a second.
const countEnumerationLimit = 200_000

// countEnumerated counts the agreeable packages by judging every package
// of the issues that constraints mention (each agreeable one standing for
// every combination of the other issues' values), when the space has a
// reservation and those packages number at most countEnumerationLimit
// and the count stays below limit; ok is false otherwise (the box search
// then counts, with its own rule at the limit).
func (p *Problem) countEnumerated(ctx context.Context, limit int64) (n int64, ok bool, err error) {
	if !slices.ContainsFunc(p.refs, func(r model.Ref) bool { return r.Kind == model.ReservationKind }) {
		return 0, false, nil
	}
	doms := make([][]model.Value, len(p.issues))
	var vars []int
	size, free := 1, int64(1)
	for ii := range p.issues {
		is := p.issues[ii].is
		if len(p.touches[ii]) == 0 && is.Kind != model.StepKind {
			free = satMul(free, int64(is.Size()))
			continue
		}
		vars = append(vars, ii)
		if size *= is.Size(); size > countEnumerationLimit {
			return 0, false, nil
		}
	}
	pkg := make(model.Package, len(p.issues))
	for ii := range p.issues {
		pkg[p.issues[ii].is.ID] = p.issues[ii].is.ValueAt(0)
	}
	for _, ii := range vars { // only now: a domain can hold 100,000 values
		doms[ii] = p.issues[ii].is.Domain()
	}
	idx := make([]int, len(vars))
	for steps := 0; ; steps++ {
		if steps&0xfff == 0 && ctx.Err() != nil {
			return 0, false, ctx.Err()
		}
		v, err := p.space.Judge(pkg)
		if err != nil {
			return 0, false, &InternalError{Msg: fmt.Sprintf("count: %v", err)}
		}
		if v.Agreeable {
			n = satAdd(n, free)
		}
		k := 0
		for ; k < len(vars); k++ {
			ii := vars[k]
			if idx[k]++; idx[k] == len(doms[ii]) {
				idx[k] = 0
			}
			pkg[p.issues[ii].is.ID] = doms[ii][idx[k]]
			if idx[k] != 0 {
				break
			}
		}
		if k == len(vars) {
			break
		}
	}
	if limit > 0 && n > limit { // more than limit: the box search says where it stops
		return 0, false, nil
	}
	return n, true, nil
}
