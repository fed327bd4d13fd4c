package solver

import (
	"context"
	"fmt"
	"iter"
	"slices"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/model"
)

// Counting and enumeration by disjoint boxes.
//
// The search keeps a stack of regions (boxes not yet covered). For a
// region R it asks the SAT solver for an agreeable package inside R, widens
// that package into a box C inside R all of whose packages are agreeable
// (issue by issue, as far as the model's three-valued evaluation over
// boxes allows: an int issue to the widest interval of levels, by binary
// search; a bool or choice issue value by value), hands C over, and
// splits what is left of R into disjoint regions: with f_1 … f_m the
// issues on which C is narrower than R, the k-th region keeps f_1 …
// f_(k-1) as in C and takes for f_k the values of R that C leaves out.
// Issues that no constraint mentions are never split. No blocking clauses
// are added, so the SAT instance does not grow.

// splitIssue is an issue on which a box is narrower than its region.
type splitIssue struct {
	i    int
	r, c dom
}

// frame is a region R, already searched, and the box C found in it; next
// returns the regions of R \ C one by one, as changes to the current box
// (which holds R when the frame starts, and R with f_1 … f_(k-1) as in C
// after).
type frame struct {
	mark    int // length of the undo log before the box held R
	split   []splitIssue
	k       int
	started bool // pending holds the pieces of split[k]
	pending []dom
}

// next returns the next region of R \ C as the issue to restrict, and to
// what; false when there is none.
func (f *frame) next(x *boxes) (int, dom, bool) {
	for {
		if len(f.pending) > 0 {
			d := f.pending[0]
			f.pending = f.pending[1:]
			return f.split[f.k].i, d, true
		}
		if f.started { // done with f_k: later regions keep it as in C
			x.set(f.split[f.k].i, f.split[f.k].c)
			f.k++
			f.started = false
		}
		if f.k >= len(f.split) {
			return 0, dom{}, false
		}
		f.pending, f.started = minus(f.split[f.k].r, f.split[f.k].c), true
	}
}

// minus returns r \ c (c within r) as at most two doms.
func minus(r, c dom) []dom {
	if r.set == nil && c.set == nil {
		var out []dom
		if c.lo > r.lo {
			out = append(out, dom{lo: r.lo, hi: c.lo - 1})
		}
		if c.hi < r.hi && !mutated("split") {
			out = append(out, dom{lo: c.hi + 1, hi: r.hi})
		}
		return out
	}
	set := newBitset(r.hi + 1)
	lo, hi, any := r.hi+1, -1, false
	for j := range r.values {
		if !c.has(j) {
			set.add(j)
			lo, hi, any = min(lo, j), max(hi, j), true
		}
	}
	if !any {
		return nil
	}
	return []dom{{lo: lo, hi: hi, set: set}}
}

// boxes is the state of one enumeration or ZOPA search.
type boxes struct {
	p       *Problem
	b       []dom // the current box, one dom per issue
	full    []dom
	stamp   []int
	gen     int
	cons    [][]int    // per issue: the constraints on that mention it
	extra   [][]*bexpr // per issue: temporary what-if constraints that mention it
	frozen  []bool     // issues held at one value (what-if)
	touched []int      // issues with constraints or frozen, in order
	global  []int      // constraints on that mention no issue
	free    int64      // number of combinations of the other issues (saturated)
	// mentioned[i], for a choice issue, marks the options that some
	// constraint on names (the others are alike to every constraint); nil
	// when they cannot be told apart that way (a reservation mentions it).
	mentioned []bitset
	log       []undo // changes to b, to take back
	saved     []dom  // widen: the region's doms of the touched issues
}

// undo is one change to a box: issue i was d.
type undo struct {
	i int
	d dom
}

// widenTries bounds the values tried when widening one bool or choice issue.
const widenTries = 4096

// newBoxes prepares boxes for the constraints on (nil: all of them), the
// temporary constraints temps, and the frozen issues.
func (p *Problem) newBoxes(on []int, temps []model.Expr, frozen []int) *boxes {
	if p.bexprs == nil {
		p.bexprs = make([]*bexpr, len(p.refs))
		for ci, e := range p.exprs {
			if e != nil {
				p.bexprs[ci] = p.bexprOf(e)
			}
		}
	}
	n := len(p.issues)
	x := &boxes{p: p, b: make([]dom, n), full: make([]dom, n), stamp: make([]int, n),
		cons: make([][]int, n), extra: make([][]*bexpr, n), frozen: make([]bool, n), free: 1}
	isOn := make([]bool, len(p.refs))
	for ci := range isOn {
		isOn[ci] = on == nil
	}
	for _, ci := range on {
		isOn[ci] = true
	}
	mentions := make([]bool, len(p.refs))
	for i := range n {
		for _, ci := range p.touches[i] {
			mentions[ci] = true
			if isOn[ci] {
				x.cons[i] = append(x.cons[i], ci)
			}
		}
	}
	for ci := range p.refs {
		if isOn[ci] && !mentions[ci] {
			x.global = append(x.global, ci)
		}
	}
	for _, e := range temps {
		seen := map[string]bool{}
		issuesOf(e, seen)
		be := p.bexprOf(e)
		for id := range seen {
			i := p.issueIdx[id]
			x.extra[i] = append(x.extra[i], be)
		}
	}
	for _, i := range frozen {
		x.frozen[i] = true
	}
	x.mentioned = make([]bitset, n)
	for i := range n {
		if p.issues[i].is.Kind != model.ChoiceKind {
			continue
		}
		m := newBitset(p.issues[i].size())
		for _, ci := range x.cons[i] {
			if p.refs[ci].Kind == model.ReservationKind {
				m = nil
				break
			}
			markOptions(p.bexprs[ci], i, m)
		}
		for _, e := range x.extra[i] {
			if m != nil {
				markOptions(e, i, m)
			}
		}
		x.mentioned[i] = m
	}
	for i := range p.issues {
		x.full[i] = p.issues[i].full()
		x.b[i] = x.full[i]
		if len(x.cons[i]) > 0 || len(x.extra[i]) > 0 || x.frozen[i] {
			x.touched = append(x.touched, i)
		} else {
			x.free = satMul(x.free, int64(p.issues[i].size()))
		}
	}
	return x
}

// markOptions marks in m the options of issue i that e names.
func markOptions(e *bexpr, i int, m bitset) {
	switch e.kind {
	case bIs:
		if e.i == i {
			m.add(e.j)
		}
	case bIn:
		if e.i == i {
			for _, j := range e.opts {
				m.add(j)
			}
		}
	}
	for _, k := range e.kids {
		markOptions(k, i, m)
	}
}

// set restricts issue i of the box to d, remembering what it was.
func (x *boxes) set(i int, d dom) {
	x.log = append(x.log, undo{i: i, d: x.b[i]})
	x.b[i] = d
}

// undoTo takes back the changes made since the undo log had length n.
func (x *boxes) undoTo(n int) {
	for len(x.log) > n {
		u := x.log[len(x.log)-1]
		x.log = x.log[:len(x.log)-1]
		x.b[u.i] = u.d
	}
}

// holds reports whether every constraint on that mentions issue i holds
// throughout the box.
func (x *boxes) holds(i int) bool {
	for _, ci := range x.cons[i] {
		if x.p.boxHolds(ci, x.b) != model.True3 {
			return false
		}
	}
	for _, e := range x.extra[i] {
		if x.p.boxEval(e, x.b) != model.True3 {
			return false
		}
	}
	return true
}

// holdsAll reports whether every constraint on holds throughout the box.
func (x *boxes) holdsAll() bool {
	for _, ci := range x.global {
		if x.p.boxHolds(ci, x.b) != model.True3 {
			return false
		}
	}
	for _, i := range x.touched {
		if x.frozen[i] || !x.holds(i) {
			return false
		}
	}
	return true
}

// fails reports whether some constraint on that mentions issue i fails
// throughout the box.
func (x *boxes) fails(i int) bool {
	for _, ci := range x.cons[i] {
		if x.p.boxHolds(ci, x.b) == model.False3 {
			return true
		}
	}
	for _, e := range x.extra[i] {
		if x.p.boxEval(e, x.b) == model.False3 {
			return true
		}
	}
	return false
}

// assumptions returns literals that restrict the solver to the box (which
// differs from the whole space only on the issues in the undo log), and a
// cleanup to call after solving.
func (x *boxes) assumptions() ([]z.Lit, func()) {
	p := x.p
	var out []z.Lit
	var acts []z.Lit
	x.gen++
	for _, u := range x.log {
		if x.stamp[u.i] == x.gen {
			continue
		}
		x.stamp[u.i] = x.gen
		iv, d := &p.issues[u.i], x.b[u.i]
		if iv.ordered() || (iv.idx != nil && d.set == nil) {
			if m := p.geLit(iv, d.lo); m != p.c.T {
				out = append(out, m)
			}
			if m := p.geLit(iv, d.hi+1); m != p.c.F {
				out = append(out, m.Not())
			}
			continue
		}
		if j, one := d.single(); one {
			out = append(out, p.indexLit(iv, j))
			continue
		}
		in, outside := d.size(), int64(iv.size())-d.size()
		if outside <= in || in > 1024 {
			for j := range iv.size() {
				if !d.has(j) {
					out = append(out, p.indexLit(iv, j).Not())
				}
			}
			continue
		}
		// A few allowed options among many: one clause under a fresh
		// activation literal, retired by the cleanup.
		act := p.fresh()
		cl := []z.Lit{act.Not()}
		for j := range d.values {
			cl = append(cl, p.indexLit(iv, j))
		}
		p.s.AddClause(cl...)
		out = append(out, act)
		acts = append(acts, act)
	}
	return out, func() {
		for _, a := range acts {
			p.s.AddClause(a.Not())
		}
	}
}

// widen turns the box (a region) into a box around the current model
// whose packages are all agreeable, and returns the issues on which it is
// narrower than the region; unwiden takes the box back to the region.
func (x *boxes) widen(levels []int) []splitIssue {
	p := x.p
	x.saved = x.saved[:0]
	for _, i := range x.touched {
		x.saved = append(x.saved, x.b[i])
		x.b[i] = dom{lo: levels[i], hi: levels[i]}
	}
	reg := x.saved
	var split []splitIssue
	for k, i := range x.touched {
		r, v := reg[k], levels[i]
		switch {
		case x.frozen[i]:
		case p.issues[i].ordered():
			a, b := v, r.hi // greatest hi with the box still agreeable
			for a < b {
				mid := a + (b-a+1)/2
				x.b[i] = dom{lo: v, hi: mid}
				if x.holds(i) {
					a = mid
				} else {
					b = mid - 1
				}
			}
			hi := a
			a, b = r.lo, v // least lo
			for a < b {
				mid := a + (b-a)/2
				x.b[i] = dom{lo: mid, hi: hi}
				if x.holds(i) {
					b = mid
				} else {
					a = mid + 1
				}
			}
			x.b[i] = dom{lo: a, hi: hi}
		default:
			set := newBitset(r.hi + 1)
			set.add(v)
			lo, hi, n, tries := v, v, int64(1), 0
			add := func(j int) {
				if !set.has(j) {
					set.add(j)
					lo, hi, n = min(lo, j), max(hi, j), n+1
				}
			}
			ment := x.mentioned[i]
			if ment != nil {
				// The options no constraint names are alike: all in or all out.
				rep := -1
				if !ment.has(v) {
					rep = v
				} else {
					for j := range r.values {
						if !ment.has(j) {
							x.b[i] = dom{lo: j, hi: j}
							if x.holds(i) {
								rep = j
							}
							break
						}
					}
				}
				if rep >= 0 {
					for j := range r.values {
						if !ment.has(j) {
							add(j)
						}
					}
				}
			}
			for j := range r.values {
				if j == v || (ment != nil && !ment.has(j)) {
					continue
				}
				if tries++; tries > widenTries {
					break
				}
				x.b[i] = dom{lo: j, hi: j}
				if x.holds(i) {
					add(j)
				}
			}
			switch {
			case n == r.size():
				x.b[i] = r
			case n == int64(hi-lo+1):
				x.b[i] = dom{lo: lo, hi: hi}
			default:
				x.b[i] = dom{lo: lo, hi: hi, set: set}
			}
		}
		if x.b[i].size() != r.size() {
			split = append(split, splitIssue{i: i, r: r, c: x.b[i]})
		}
	}
	return split
}

func (x *boxes) unwiden() {
	for k, i := range x.touched {
		x.b[i] = x.saved[k]
	}
}

// enumerate finds disjoint boxes covering every agreeable package and calls
// f with each (the box is valid during the call only) until f returns
// false. Each model must lie in the region it was asked for; that every
// box handed over holds only agreeable packages, and (when the search
// runs to the end) that no region left out holds one, is certified. v is
// the whole space's view, or a what-if's (its constraints switched off,
// issues fixed and temporary constraints).
func (p *Problem) enumerate(ctx context.Context, v view, f func(b []dom) bool) error {
	var on []int // all constraints
	base := p.allSelectors()
	if v.judge != nil || len(v.hard) != len(v.hardCI) { // a what-if
		on = append(slices.Clone(v.hardCI), v.table...)
		base = v.all(p)
	}
	x := p.newBoxes(on, v.temps, v.frozen)
	bc := p.newBoxCerts(v)
	if x.holdsAll() { // every package is agreeable
		f(x.b)
		if err := bc.box(ctx, x); err != nil {
			return err
		}
		if err := bc.flushBoxes(ctx); err != nil {
			return err
		}
		return bc.cover(x)
	}
	levels := make([]int, len(p.issues))
	var stack []*frame
	// search looks for a box in the current region; it reports false when
	// the enumeration is over (f said stop, or an error).
	search := func(mark int) (bool, error) {
		assume, cleanup := x.assumptions()
		sat, err := p.solve(ctx, append(slices.Clone(base), assume...))
		if err != nil || !sat {
			cleanup()
			if err != nil {
				return false, err
			}
			return true, bc.region(ctx, x)
		}
		pkg := p.model()
		cleanup()
		if err := verifyIn(v.space(p), pkg); err != nil {
			return false, err
		}
		if !p.inRegion(x, pkg) {
			return false, &InternalError{Msg: fmt.Sprintf("enumeration: %v lies outside the region asked for", pkg)}
		}
		for _, i := range x.touched {
			levels[i] = p.issues[i].index(pkg[p.issues[i].is.ID])
		}
		split := x.widen(levels)
		if err := bc.box(ctx, x); err != nil {
			return false, err
		}
		if !f(x.b) {
			return false, bc.flushBoxes(ctx)
		}
		x.unwiden()
		stack = append(stack, &frame{mark: mark, split: split})
		return true, nil
	}
	if more, err := search(0); !more || err != nil {
		return err
	}
	if len(stack) == 0 { // no agreeable package
		if err := bc.flushRegions(ctx); err != nil {
			return err
		}
		return bc.cover(x)
	}
	for len(stack) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		fr := stack[len(stack)-1]
		i, d, ok := fr.next(x)
		if !ok {
			x.undoTo(fr.mark)
			stack = stack[:len(stack)-1]
			continue
		}
		mark := len(x.log)
		x.set(i, d)
		if x.fails(i) {
			if err := bc.region(ctx, x); err != nil {
				return err
			}
			x.undoTo(mark)
			continue
		}
		depth := len(stack)
		more, err := search(mark)
		if !more || err != nil {
			return err
		}
		if len(stack) == depth { // no box here
			x.undoTo(mark)
		}
	}
	if err := bc.flushBoxes(ctx); err != nil {
		return err
	}
	if err := bc.flushRegions(ctx); err != nil {
		return err
	}
	return bc.cover(x)
}

// Enumeration is the enumeration of every agreeable package, from
// Problem.Packages: range over All, then check Err, as with Findings and
// Frontier. Nothing is computed until All is ranged over; each range
// starts afresh. An Enumeration is not safe for concurrent use (its
// Problem is: the loop body may query it).
type Enumeration struct {
	p        *Problem
	ctx      context.Context
	v        view
	err      error
	complete bool
}

// Packages returns the enumeration of every agreeable package, each
// exactly once, in a deterministic order.
func (p *Problem) Packages(ctx context.Context) *Enumeration {
	return &Enumeration{p: p, ctx: ctx, v: p.scoped(Scope{})}
}

// Err returns the error that ended the last range early (a cancelled
// context or an internal error), or nil.
func (e *Enumeration) Err() error { return e.err }

// Complete reports whether the last range ran to the end: every agreeable
// package was yielded.
func (e *Enumeration) Complete() bool { return e.complete }

// All yields every agreeable package. Ranging may stop at any time.
func (e *Enumeration) All() iter.Seq[model.Package] {
	return func(yield func(model.Package) bool) {
		e.err, e.complete = nil, false
		ctx := e.ctx
		took := !e.p.lockedBy(ctx)
		stopped := false
		var err error
		func() {
			defer e.p.enter(&ctx, &err)()
			each := unlocked(e.p, took, yield)
			err = e.p.enumerate(ctx, e.v, func(b []dom) bool {
				for pkg := range e.p.completions(b) {
					if !each(pkg) {
						stopped = true
						return false
					}
				}
				return true
			})
		}()
		switch {
		case err != nil && !stopped:
			e.err = err
		case err == nil && !stopped:
			e.complete = true
		}
	}
}

// completions yields every package of box b, in issue order.
func (p *Problem) completions(b []dom) iter.Seq[model.Package] {
	return func(yield func(model.Package) bool) {
		vals := make([][]int, len(p.issues))
		for i := range p.issues {
			for j := range b[i].values {
				vals[i] = append(vals[i], j)
			}
		}
		idx := make([]int, len(p.issues))
		for {
			pkg := make(model.Package, len(p.issues))
			for i := range p.issues {
				pkg[p.issues[i].is.ID] = p.issues[i].value(vals[i][idx[i]])
			}
			if !yield(pkg) {
				return
			}
			k := len(idx) - 1
			for ; k >= 0; k-- {
				idx[k]++
				if idx[k] < len(vals[k]) {
					break
				}
				idx[k] = 0
			}
			if k < 0 {
				return
			}
		}
	}
}

// Count counts agreeable packages up to limit (limit <= 0 means no limit).
// exact is false only when more than limit packages are agreeable (the
// count is then limit); exactly limit of them count exactly. It
// costs at most one SAT call per box of packages (see enumerate), not per
// package; a space with reservations and at most 200,000 packages over
// the issues its constraints mention is enumerated by the evaluator
// instead (see countEnumerationLimit), and a space whose only constraints
// are reservations and whose frontier is enumerated (see Frontier) is
// counted in that same pass over every package, each judged from its
// scaled utilities (checked against the model's exact scores) and by the
// evaluator within the scale's error of a threshold.
func (p *Problem) Count(ctx context.Context, limit int64) (n int64, exact bool, err error) {
	defer p.enter(&ctx, &err)()
	if r, ok, err := p.scanned(ctx); ok || err != nil {
		if err != nil {
			return 0, false, err
		}
		if limit > 0 && r.count > limit {
			return limit, false, nil
		}
		return r.count, true, nil
	}
	if n, ok, err := p.countEnumerated(ctx, limit); ok || err != nil {
		return n, true, err
	}
	if more, err := p.countCubes(ctx, limit); more || err != nil {
		return limit, false, err // more than limit (cubes.go)
	}
	return p.count(ctx, p.scoped(Scope{}), limit)
}

// count is Count on view v.
func (p *Problem) count(ctx context.Context, v view, limit int64) (n int64, exact bool, err error) {
	exact = true
	x := int64(0)
	err = p.enumerate(ctx, v, func(b []dom) bool {
		c := int64(1)
		for i := range b {
			c = satMul(c, b[i].size())
		}
		x = satAdd(x, c)
		if limit > 0 && x > limit { // more than limit: one package past it is found
			x, exact = limit, false
			return false
		}
		return true
	})
	return x, exact, err
}
