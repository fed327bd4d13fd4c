package cert

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/zopa-go/zopa/model"
)

// Dom is a set of value indexes of one issue, in domain order (as for
// Index): Lo to Hi, and when Set is not nil only the indexes j whose bit
// (Set[j/64] >> (j%64) & 1) is set.
type Dom struct {
	Lo, Hi int
	Set    []uint64
}

// has reports whether index j is in d.
func (d Dom) has(j int) bool {
	return d.Lo <= j && j <= d.Hi && (d.Set == nil || d.Set[j/64]>>(j%64)&1 == 1)
}

// size returns the number of indexes of d below n (the domain's size),
// saturated at limit+1.
func (d Dom) size(n int, limit int64) int64 {
	lo, hi := max(d.Lo, 0), min(d.Hi, n-1)
	if lo > hi {
		return 0
	}
	if d.Set == nil {
		return int64(hi - lo + 1)
	}
	k := int64(0)
	for j := lo; j <= hi && k <= limit; j++ {
		if d.has(j) {
			k++
		}
	}
	return k
}

// Box is a product of value sets, one per issue: box(i) is the set of the
// i-th issue of the space (in the space's order). A Box is read only
// during the call it is passed to.
type Box func(i int) Dom

// BoxSet checks claims that every package of a box satisfies the same
// conditions (for the solver: that a box its enumeration hands over holds
// only agreeable packages). It never looks at a box whole: each condition
// depends on a few issues only, so it is checked on the box's projection
// onto them — by exhaustive enumeration with the model's evaluator when
// the projection holds at most 4,096 assignments, otherwise on the
// second encoding (no assignment of the projection breaks the condition),
// in batches. A projection already proven for a condition is not checked
// again.
type BoxSet struct {
	c     *Checker
	conds []*boxCond
	pkg   model.Package // a complete package whose values enumeration overwrites
	added bool          // a box was added since the last Flush
}

// enumLimit is the largest projection of a box onto a condition's issues
// that a BoxSet checks by enumeration with the model's evaluator (a
// variable for the tests).
var enumLimit int64 = 4096

// boxBatch is how many projections of one condition a BoxSet proves on the
// second encoding in one claim.
const boxBatch = 512

// boxCond is one condition of a BoxSet.
type boxCond struct {
	cd     Cond
	neg    Cond                     // a condition that holds whenever cd does not
	eval   func(model.Package) bool // cd by the evaluator
	issues []int                    // the issues cd depends on; nil with whole
	whole  bool                     // cd's issues are not known: project on every issue
	seen   map[string]bool
	queued []Cond // projections left to prove on the second encoding
}

// NewBoxSet returns a BoxSet for the conditions conds: each Holds (of a
// rule, red line, precondition or reservation), Is, Expr, or another exact
// condition.
func (c *Checker) NewBoxSet(conds ...Cond) (*BoxSet, error) {
	b := &BoxSet{c: c, pkg: make(model.Package, len(c.order))}
	for _, iv := range c.order {
		b.pkg[iv.is.ID] = c.valueAt(iv, 0)
	}
	for _, cd := range conds {
		bc := &boxCond{cd: cd, seen: map[string]bool{}}
		var err error
		if bc.neg, err = negation(cd); err != nil {
			return nil, fmt.Errorf("cert: %s: %w", cd, err)
		}
		ids, ok := c.condIssues(cd)
		bc.whole = !ok
		if ok {
			seen := map[string]bool{}
			for _, id := range ids {
				if seen[id] {
					continue
				}
				seen[id] = true
				j, found := c.pos[id]
				if !found {
					return nil, fmt.Errorf("cert: %s: unknown issue %q", cd, id)
				}
				bc.issues = append(bc.issues, j)
			}
		}
		bc.eval = c.evaluator(cd)
		b.conds = append(b.conds, bc)
	}
	return b, nil
}

// Add checks that every package of box satisfies every condition of b:
// what enumeration can decide at once, the rest queued for Flush (or
// proven now when a batch is full). When a condition is broken it returns
// a *Failure naming a package that breaks it: found by enumeration, a
// package of the box; found on the second encoding, a package that agrees
// with one of the boxes on the issues the condition depends on (the
// condition does not read the others).
func (b *BoxSet) Add(ctx context.Context, box Box) error {
	b.added = true
	c := b.c
	for i, iv := range c.order {
		if box(i).size(iv.n, 0) == 0 {
			return nil // an empty box
		}
	}
	var key []byte
	for _, bc := range b.conds {
		if err := ctx.Err(); err != nil {
			return err
		}
		issues := bc.issues
		if bc.whole {
			issues = c.all()
		}
		key = key[:0]
		n := int64(1)
		for _, i := range issues {
			d := box(i)
			key = binary.AppendVarint(key, int64(d.Lo))
			key = binary.AppendVarint(key, int64(d.Hi))
			if d.Set != nil {
				for w := max(d.Lo, 0) / 64; w <= d.Hi/64 && w < len(d.Set); w++ {
					key = binary.LittleEndian.AppendUint64(key, d.Set[w])
				}
			}
			key = append(key, ';')
			if n <= enumLimit {
				n *= d.size(c.order[i].n, enumLimit)
			}
		}
		if bc.seen[string(key)] {
			continue
		}
		bc.seen[string(key)] = true
		if n <= enumLimit && !bc.whole {
			if err := b.enumerate(bc, box); err != nil {
				return err
			}
			continue
		}
		bc.queued = append(bc.queued, c.projection(issues, box))
		if len(bc.queued) >= boxBatch {
			if err := b.prove(ctx, bc); err != nil {
				return err
			}
		}
	}
	return nil
}

// Flush proves what Add has queued; its errors are those of Add.
func (b *BoxSet) Flush(ctx context.Context) error {
	if b.added {
		b.c.claims++
		b.added = false
	}
	for _, bc := range b.conds {
		if err := b.prove(ctx, bc); err != nil {
			return err
		}
	}
	return nil
}

// prove checks on the second encoding that no package in one of bc's
// queued projections breaks bc's condition.
func (b *BoxSet) prove(ctx context.Context, bc *boxCond) error {
	if len(bc.queued) == 0 {
		return nil
	}
	err := b.c.None(ctx, bc.neg, Or(bc.queued...))
	b.c.claims-- // part of the BoxSet's claim, counted by Flush
	bc.queued = bc.queued[:0]
	return err
}

// enumerate checks bc's condition on every assignment of the box's
// projection onto its issues.
func (b *BoxSet) enumerate(bc *boxCond, box Box) error {
	c := b.c
	if c.forAll(bc.issues, box, b.pkg, func() bool { return bc.eval(b.pkg) }) {
		return nil
	}
	// b.pkg is a package of the box on bc's issues; the other issues take
	// any value (the condition does not read them).
	pkg := make(model.Package, len(b.pkg))
	for i, iv := range c.order {
		v := b.pkg[iv.is.ID]
		if d := box(i); !d.has(iv.index(v)) {
			for j := max(d.Lo, 0); j <= min(d.Hi, iv.n-1); j++ {
				if d.has(j) {
					v = c.valueAt(iv, j)
					break
				}
			}
		}
		pkg[iv.is.ID] = v
	}
	return &Failure{Claim: "[" + bc.neg.String() + " within a box]", Package: pkg, Confirmed: !bc.cd.holds(c, pkg)}
}

// forAll reports whether f holds for every assignment of box's projection
// onto issues, each written into pkg before f is called; it stops at the
// first for which f does not hold, leaving it in pkg.
func (c *Checker) forAll(issues []int, box Box, pkg model.Package, f func() bool) bool {
	var rec func(k int) bool
	rec = func(k int) bool {
		if k == len(issues) {
			return f()
		}
		iv := c.order[issues[k]]
		d := box(issues[k])
		for j := max(d.Lo, 0); j <= min(d.Hi, iv.n-1); j++ {
			if !d.has(j) {
				continue
			}
			pkg[iv.is.ID] = c.valueAt(iv, j)
			if !rec(k + 1) {
				return false
			}
		}
		return true
	}
	return rec(0)
}

// projection returns the condition "the package lies in box on issues".
func (c *Checker) projection(issues []int, box Box) Cond {
	var cs []Cond
	for _, i := range issues {
		iv := c.order[i]
		d := box(i)
		if d.size(iv.n, int64(iv.n)) == int64(iv.n) {
			continue // the whole domain
		}
		var in func(int) bool
		if d.Set != nil {
			d.Set = append([]uint64(nil), d.Set...) // box is read only during Add
			in = d.has
		}
		cs = append(cs, Index(iv.is.ID, d.Lo, d.Hi, in))
	}
	return And(cs...)
}

// all returns the positions of every issue.
func (c *Checker) all() []int {
	if len(c.allPos) != len(c.order) {
		c.allPos = make([]int, len(c.order))
		for i := range c.allPos {
			c.allPos[i] = i
		}
	}
	return c.allPos
}

// negation returns a condition that holds whenever cd does not: Broken
// for a constraint (one-sided for a reservation), Not for another exact
// condition.
func negation(cd Cond) (Cond, error) {
	if h, ok := cd.(holdsCond); ok {
		return Broken(h.r), nil
	}
	if !exact(cd) {
		return nil, fmt.Errorf("a one-sided condition in a box")
	}
	return Not(cd), nil
}

// evaluator returns cd as the model's evaluator judges it, with the
// constraint looked up once.
func (c *Checker) evaluator(cd Cond) func(model.Package) bool {
	h, ok := cd.(holdsCond)
	if !ok {
		return func(pkg model.Package) bool { return cd.holds(c, pkg) }
	}
	if h.r.Kind == model.ReservationKind {
		p := c.space.Party(h.r.Party)
		return func(pkg model.Package) bool {
			if p == nil || p.Reservation == nil {
				return false
			}
			ok, err := c.space.ReachesReservation(p, pkg)
			return err == nil && ok
		}
	}
	con, found := c.space.Lookup(h.r)
	if !found {
		return func(model.Package) bool { return false }
	}
	e := con.Cond()
	return func(pkg model.Package) bool {
		ok, err := c.space.Eval(e, pkg)
		return err == nil && ok
	}
}

// condIssues returns the issues condition cd depends on, and false when it
// cannot tell.
func (c *Checker) condIssues(cd Cond) ([]string, bool) {
	var out []string
	switch cd := cd.(type) {
	case holdsCond:
		if cd.r.Kind == model.ReservationKind {
			p := c.space.Party(cd.r.Party)
			if p == nil {
				return nil, false
			}
			for i := range p.Preferences {
				pr := &p.Preferences[i]
				if pr.Prefer != nil {
					if !exprIssues(pr.Prefer, &out) {
						return nil, false
					}
				} else {
					out = append(out, pr.Issue)
				}
			}
			return out, true
		}
		con, ok := c.space.Lookup(cd.r)
		if !ok {
			return nil, false
		}
		return out, exprIssues(con.Cond(), &out)
	case isCond:
		return []string{cd.id}, true
	case exprCond:
		return out, exprIssues(cd.e, &out)
	case notCond:
		return c.condIssues(cd.c)
	}
	return nil, false
}

// exprIssues appends the issues e mentions to out, and reports false for
// an expression it does not know.
func exprIssues(e model.Expr, out *[]string) bool {
	switch e := e.(type) {
	case *model.ConstExpr:
		return true
	case *model.VarExpr:
		*out = append(*out, e.Issue)
	case *model.OrderExpr:
		*out = append(*out, e.A, e.B)
	case *model.NotExpr:
		return exprIssues(e.X, out)
	case *model.AndExpr:
		return allIssues(e.X, out)
	case *model.OrExpr:
		return allIssues(e.X, out)
	case *model.ImpliesExpr:
		return exprIssues(e.If, out) && exprIssues(e.Then, out)
	case *model.IffExpr:
		return exprIssues(e.X, out) && exprIssues(e.Y, out)
	case *model.IsExpr:
		*out = append(*out, e.Issue)
	case *model.InExpr:
		*out = append(*out, e.Issue)
	case *model.CardExpr:
		return allIssues(e.X, out)
	case *model.CmpExpr:
		for _, t := range e.L.Terms {
			*out = append(*out, t.Issue)
		}
		for _, t := range e.R.Terms {
			*out = append(*out, t.Issue)
		}
	default:
		return false
	}
	return true
}

func allIssues(xs []model.Expr, out *[]string) bool {
	for _, x := range xs {
		if !exprIssues(x, out) {
			return false
		}
	}
	return true
}
