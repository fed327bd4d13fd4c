package cert

import (
	"context"
	"fmt"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/model"
)

// RegionSet checks claims that no package of a region (a box, as for
// BoxSet) satisfies every one of the same conditions (for the solver: that
// a region its enumeration leaves out holds no agreeable package). Most
// regions are decided without a search, each by one condition that fails
// throughout it, as the model's evaluator judges it:
//
//   - by three-valued evaluation (model.Space.EvalPartial) on the partial
//     package of the issues the region holds at one value;
//   - by exhaustive enumeration of the region's projection onto the
//     condition's issues, when it holds at most 4,096 assignments.
//
// The other regions are proven on the second encoding, in batches: no
// package satisfies the conditions and lies in one of the regions.
type RegionSet struct {
	c      *Checker
	conds  []*regionCond
	all    []*regionCond   // conditions whose issues are not known
	on     [][]*regionCond // per issue position: the conditions that read it
	part   model.Package   // the partial package of the last region
	partAt []int           // per issue position: the index part holds, or -1
	inPart []int           // the positions in part
	next   []int           // per issue position: the index of a one-value issue, or -1
	pkg    model.Package   // a complete package whose values enumeration overwrites
	stamp  []int
	gen    int
	queued []Cond
	added  bool
	cands  []*regionCond // Add's buffers
	ones   []int

	// Decided counts the regions decided by the evaluator, Searched those
	// proven on the second encoding.
	Decided, Searched int64
}

// regionCond is one condition of a RegionSet.
type regionCond struct {
	cd      Cond
	partial func(model.Package) model.Tri // cd by three-valued evaluation
	eval    func(model.Package) bool      // cd by the evaluator
	issues  []int
	stamp   int
}

// regionEval says whether a RegionSet decides what it can with the
// evaluator (a variable for the tests).
var regionEval = true

// regionBatch is how many regions a RegionSet proves on the second
// encoding in one claim.
const regionBatch = 64

// NewRegionSet returns a RegionSet for the conditions conds (any
// conditions None accepts).
func (c *Checker) NewRegionSet(conds ...Cond) (*RegionSet, error) {
	r := &RegionSet{c: c, part: model.Package{}, pkg: make(model.Package, len(c.order)),
		on: make([][]*regionCond, len(c.order)), stamp: make([]int, len(c.order)),
		partAt: make([]int, len(c.order)), next: make([]int, len(c.order))}
	for i, iv := range c.order {
		r.pkg[iv.is.ID] = c.valueAt(iv, 0)
		r.partAt[i], r.next[i] = -1, -1
	}
	for _, cd := range conds {
		rc := &regionCond{cd: cd, partial: c.partial(cd), eval: c.evaluator(cd)}
		r.conds = append(r.conds, rc)
		ids, ok := c.condIssues(cd)
		if !ok {
			r.all = append(r.all, rc)
			continue
		}
		seen := map[int]bool{}
		for _, id := range ids {
			j, found := c.pos[id]
			if !found {
				return nil, fmt.Errorf("cert: %s: unknown issue %q", cd, id)
			}
			if !seen[j] {
				seen[j] = true
				rc.issues = append(rc.issues, j)
				r.on[j] = append(r.on[j], rc)
			}
		}
	}
	return r, nil
}

// Add checks that no package of box satisfies every condition of r; box
// may differ from the whole space only on the issues (positions) in
// changed, which may repeat. What the evaluator cannot decide is queued
// for Flush (or proven now when a batch is full); the errors are those of
// None.
func (r *RegionSet) Add(ctx context.Context, box Box, changed []int) error {
	r.added = true
	c := r.c
	r.gen++
	cands, ones := r.cands[:0], r.ones[:0]
	defer func() { r.cands, r.ones = cands[:0], ones[:0] }()
	for _, i := range changed {
		if r.stamp[i] == r.gen {
			continue
		}
		r.stamp[i] = r.gen
		iv, d := c.order[i], box(i)
		switch n := d.size(iv.n, 1); n {
		case 0:
			r.Decided++
			return nil // an empty region
		case 1:
			r.next[i] = d.first(iv.n)
			ones = append(ones, i)
		}
		for _, rc := range r.on[i] {
			if rc.stamp != r.gen {
				rc.stamp = r.gen
				cands = append(cands, rc)
			}
		}
	}
	if regionEval {
		r.setPart(ones)
		cands = append(cands, r.all...)
		for _, rc := range cands {
			if rc.partial != nil && rc.partial(r.part) == model.False3 {
				r.Decided++
				return nil
			}
		}
		for _, rc := range cands {
			if rc.issues != nil && r.failsThroughout(rc, box) {
				r.Decided++
				return nil
			}
		}
	}
	r.Searched++
	var cs []Cond
	r.gen++
	for _, i := range changed {
		if r.stamp[i] == r.gen {
			continue
		}
		r.stamp[i] = r.gen
		iv, d := c.order[i], box(i)
		if d.size(iv.n, int64(iv.n)) == int64(iv.n) {
			continue
		}
		var in func(int) bool
		if d.Set != nil {
			d.Set = append([]uint64(nil), d.Set...) // box is read only during Add
			in = d.has
		}
		cs = append(cs, Index(iv.is.ID, d.Lo, d.Hi, in))
	}
	r.queued = append(r.queued, cubeCond(cs))
	if len(r.queued) >= regionBatch {
		return r.prove(ctx)
	}
	return nil
}

// Flush proves what Add has queued.
func (r *RegionSet) Flush(ctx context.Context) error {
	if r.added {
		r.c.claims++
		r.added = false
	}
	return r.prove(ctx)
}

// prove checks on the second encoding that no package in one of the
// queued regions satisfies every condition. The regions are encoded one
// way only (a literal that implies the package lies in one of them), under
// literals retired after the claim, so that they leave nothing behind
// for later claims to propagate.
func (r *RegionSet) prove(ctx context.Context) error {
	if len(r.queued) == 0 {
		return nil
	}
	in := &regionsCond{cubes: r.queued}
	conds := make([]Cond, 0, len(r.conds)+1)
	for _, rc := range r.conds {
		conds = append(conds, rc.cd)
	}
	err := r.c.None(ctx, append(conds, in)...)
	r.c.claims-- // part of the RegionSet's claim, counted by Flush
	for _, m := range in.retire {
		r.c.c.s.AddClause(m.Not())
	}
	r.queued = r.queued[:0]
	return err
}

// setPart makes part the partial package of the issues ones, whose
// indexes are in next (which it resets), changing only what differs from
// the last region's (consecutive regions of a search share most of them).
func (r *RegionSet) setPart(ones []int) {
	c := r.c
	keep := r.inPart[:0]
	for _, i := range r.inPart {
		if r.next[i] < 0 {
			delete(r.part, c.order[i].is.ID)
			r.partAt[i] = -1
		} else {
			keep = append(keep, i)
		}
	}
	r.inPart = keep
	for _, i := range ones {
		j := r.next[i]
		r.next[i] = -1
		if r.partAt[i] == j {
			continue
		}
		if r.partAt[i] < 0 {
			r.inPart = append(r.inPart, i)
		}
		r.partAt[i] = j
		r.part[c.order[i].is.ID] = c.valueAt(c.order[i], j)
	}
}

// failsThroughout reports whether rc's condition fails on every assignment
// of box's projection onto its issues, when that projection is small
// enough to enumerate.
func (r *RegionSet) failsThroughout(rc *regionCond, box Box) bool {
	c := r.c
	n := int64(1)
	for _, i := range rc.issues {
		n *= box(i).size(c.order[i].n, enumLimit)
		if n > enumLimit {
			return false
		}
	}
	return c.forAll(rc.issues, box, r.pkg, func() bool { return !rc.eval(r.pkg) })
}

// first returns the least index of d below n (d must not be empty).
func (d Dom) first(n int) int {
	for j := max(d.Lo, 0); j <= min(d.Hi, n-1); j++ {
		if d.has(j) {
			return j
		}
	}
	return -1
}

// partial returns cd by three-valued evaluation on a partial package (nil
// when the evaluator has none for it).
func (c *Checker) partial(cd Cond) func(model.Package) model.Tri {
	switch cd := cd.(type) {
	case holdsCond:
		if cd.r.Kind == model.ReservationKind {
			return nil
		}
		con, ok := c.space.Lookup(cd.r)
		if !ok {
			return nil
		}
		e := con.Cond()
		return func(pkg model.Package) model.Tri { return c.space.EvalPartial(e, pkg) }
	case exprCond:
		return func(pkg model.Package) model.Tri { return c.space.EvalPartial(cd.e, pkg) }
	case isCond:
		return func(pkg model.Package) model.Tri {
			v, ok := pkg[cd.id]
			switch {
			case !ok:
				return model.Unknown
			case v == cd.v:
				return model.True3
			}
			return model.False3
		}
	}
	return nil
}

// cubeCond is the condition "the package lies in the region": every one
// of its Index conditions holds.
func cubeCond(cs []Cond) Cond { return And(cs...) }

// regionsCond is the condition "the package lies in one of the cubes",
// encoded one way: its literal implies that some cube's literals all hold
// (so a package in a cube satisfies the encoding, which is all None
// needs). The literals made are listed in retire.
type regionsCond struct {
	cubes  []Cond
	retire []z.Lit
}

func (x *regionsCond) String() string { return Or(x.cubes...).String() }

func (x *regionsCond) lit(c *Checker) (z.Lit, error) {
	y := c.c.fresh()
	x.retire = append(x.retire, y)
	long := []z.Lit{y.Not()}
	for _, cube := range x.cubes {
		var ms []z.Lit
		if b, ok := cube.(boolCond); ok && b.and {
			for _, cd := range b.cs {
				m, err := cd.lit(c)
				if err != nil {
					return 0, err
				}
				ms = append(ms, m)
			}
		} else {
			m, err := cube.lit(c)
			if err != nil {
				return 0, err
			}
			ms = append(ms, m)
		}
		yk := c.c.fresh()
		x.retire = append(x.retire, yk)
		for _, m := range ms {
			c.c.s.AddClause(yk.Not(), m)
		}
		long = append(long, yk)
	}
	c.c.s.AddClause(long...)
	return y, nil
}

func (x *regionsCond) holds(c *Checker, pkg model.Package) bool {
	return Or(x.cubes...).holds(c, pkg)
}
