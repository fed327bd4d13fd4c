package solver

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
	"slices"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver/internal/cert"
)

// certMargin is the margin left on utility bounds when an optimality claim
// is certified: the claim checked is that no agreeable package is better
// by this much (the report contract's tolerance is 1e-9).
const certMargin = 1e-10

// Certified reports whether p re-checks every claim that no package exists
// on a second encoding independent of the compiled one (see package
// cert and Settings.SkipCertification). When it does, every such claim a
// query returns has been proven twice, and a disagreement is an
// *InternalError.
func (p *Problem) Certified() bool { return !p.skipCert }

// checker returns the second encoding, built on first use.
func (p *Problem) checker() *cert.Checker {
	if p.ck == nil {
		p.ck = cert.New(p.space)
	}
	return p.ck
}

// viewConds returns the conditions that make up v's hard part: its hard
// constraints, fixed values and temporary constraints.
func (p *Problem) viewConds(v view, cis []int) []cert.Cond {
	conds := make([]cert.Cond, 0, len(v.hardCI)+len(cis)+len(v.fixed)+len(v.temps))
	for _, ci := range v.hardCI {
		conds = append(conds, cert.Holds(p.refs[ci]))
	}
	for _, ci := range cis {
		conds = append(conds, cert.Holds(p.refs[ci]))
	}
	for id, val := range v.fixed {
		conds = append(conds, cert.Is(id, val))
	}
	for _, e := range v.temps {
		conds = append(conds, cert.Expr(e))
	}
	return conds
}

// certifyNone is the hook every query calls before it claims that no
// package exists: it re-checks, on the second encoding, that no package
// satisfies v's hard part (hard constraints, fixed values, temporary
// constraints), the constraints cis, and the further conditions more. It
// returns nil when the claim is proven (or certification is off), the
// context's error when cancelled, and an *InternalError otherwise: what
// names the claim.
//
// A claim is also proven by a stronger one: that fewer of its conditions
// admit no package together. Two sources of such subsets cost nothing to
// try: the constraint sets proven so far (a claim about constraints only
// whose set contains one is proven at once), and the core of the compiled
// solver's last UNSAT answer (its failed assumptions, when they are among
// the claim's), which is tried first and, when the second encoding does
// not confirm it, left for the whole claim. Neither is trusted: a subset
// counts only once proven on the second encoding.
func (p *Problem) certifyNone(ctx context.Context, what string, v view, cis []int, more ...cert.Cond) error {
	if p.skipCert {
		return nil
	}
	set := claimSet(v, cis)
	pure := len(v.fixed) == 0 && len(v.temps) == 0 && len(more) == 0
	if pure && p.provenWithin(set) {
		return nil
	}
	// prove checks the claim with the constraints cis (sorted) in place of
	// set, and remembers them when proven.
	prove := func(cis []int) error {
		conds := append(p.viewConds(view{fixed: v.fixed, temps: v.temps}, cis), more...)
		err := p.checker().None(ctx, conds...)
		if err == nil && pure {
			p.proven = append(p.proven, cis)
		}
		return err
	}
	if core := p.coreWithin(v, set); core != nil {
		err := prove(core)
		if err == nil || (ctx.Err() != nil && errors.Is(err, ctx.Err())) {
			return err
		}
	}
	err := prove(set)
	if err == nil || (ctx.Err() != nil && errors.Is(err, ctx.Err())) {
		return err
	}
	return &InternalError{Msg: fmt.Sprintf("%s: %v", what, err)}
}

// claimSet returns the constraints of v's hard part and cis, sorted,
// without repeats.
func claimSet(v view, cis []int) []int {
	set := append(slices.Clone(v.hardCI), cis...)
	slices.Sort(set)
	return slices.Compact(set)
}

// provenWithin reports whether a constraint set proven to admit no
// package lies within set (sorted).
func (p *Problem) provenWithin(set []int) bool {
	for _, q := range p.proven {
		k := 0
		for _, ci := range set {
			if k < len(q) && q[k] == ci {
				k++
			}
		}
		if k == len(q) {
			return true
		}
	}
	return false
}

// coreWithin returns the constraints of the compiled solver's last UNSAT
// core (Why) when every failed assumption is a selector of a constraint of
// set (sorted) or one of v's hard assumptions, and they are fewer than
// set; otherwise nil.
func (p *Problem) coreWithin(v view, set []int) []int {
	why := p.s.Why()
	if len(why) == 0 {
		return nil
	}
	selOf := make(map[z.Lit]int, len(set))
	for _, ci := range set {
		selOf[p.sel[ci]] = ci
	}
	var core []int
	for _, m := range why {
		if ci, ok := selOf[m]; ok {
			core = append(core, ci)
		} else if !slices.Contains(v.hard, m) {
			return nil
		}
	}
	slices.Sort(core)
	core = slices.Compact(core)
	if len(core) == 0 || len(core) == len(set) {
		return nil
	}
	return core
}

// refsCond returns the condition "one of the constraints cis holds".
func (p *Problem) anyHolds(cis []int) cert.Cond {
	cs := make([]cert.Cond, len(cis))
	for i, ci := range cis {
		cs[i] = cert.Holds(p.refs[ci])
	}
	return cert.Or(cs...)
}

// certifyFrontier certifies a Pareto frontier: with complete, that every
// agreeable package is within certMargin of being weakly dominated by a
// point (no point is missing) and that no point dominates another (a
// dominance the float utilities suggest within the margin is decided on
// the packages' exact utilities: two distinct exact utilities may lie
// closer together than the margin, one ulp apart, say); otherwise that no
// agreeable package dominates any point, being at least as good for every
// party and better by more than the margin for one.
func (p *Problem) certifyFrontier(ctx context.Context, v view, points []FrontierPoint, complete bool) error {
	if p.skipCert {
		return nil
	}
	parties := p.space.Parties
	if complete {
		for i, a := range points {
			for j, b := range points {
				if i == j {
					continue
				}
				all, some := true, false
				for k := range parties {
					id := parties[k].ID
					all = all && b.Utilities[id] >= a.Utilities[id]-certMargin
					some = some || b.Utilities[id] > a.Utilities[id]+certMargin
				}
				if all && some {
					// Floats suggest it; exact utilities decide.
					if dom, err := p.dominatesExactly(b.Package, a.Package); err != nil || dom {
						return &InternalError{Msg: fmt.Sprintf("frontier point %v dominates point %v (%v)", b.Utilities, a.Utilities, err)}
					}
				}
			}
		}
		var cs []cert.Cond
		for _, y := range points {
			cs = append(cs, p.better(y.Utilities, certMargin))
		}
		return p.certifyNone(ctx, "no frontier point is missing", v, v.table, cs...)
	}
	var cs []cert.Cond
	for _, y := range points {
		cs = append(cs, p.dominating(y.Utilities, certMargin))
	}
	if len(cs) == 0 {
		return nil
	}
	return p.certifyNone(ctx, "no frontier point is dominated", v, v.table, cert.Or(cs...))
}

// dominatesExactly reports whether package b dominates package a in the
// parties' exact utilities: at least as good for every party, better for
// one.
func (p *Problem) dominatesExactly(b, a model.Package) (bool, error) {
	ub, err := exactUtilities(p.space, b)
	if err != nil {
		return false, err
	}
	ua, err := exactUtilities(p.space, a)
	if err != nil {
		return false, err
	}
	some := false
	for k := range ub {
		switch ub[k].Cmp(ua[k]) {
		case -1:
			return false, nil
		case 1:
			some = true
		}
	}
	return some, nil
}

// dominating is the condition "every party gets at least y, and some party
// more than y plus margin". The first part takes no margin, so that a
// package worse by less than the margin for one party (a near tie: exact
// utilities may differ by one ulp) is not taken for a dominating one.
func (p *Problem) dominating(y map[string]float64, margin float64) cert.Cond {
	var at []cert.Cond
	for k := range p.space.Parties {
		id := p.space.Parties[k].ID
		at = append(at, cert.Utility(id, y[id]))
	}
	return cert.And(append(at, p.better(y, margin))...)
}

// better is the condition "some party gets more than y plus margin".
func (p *Problem) better(y map[string]float64, margin float64) cert.Cond {
	var cs []cert.Cond
	for k := range p.space.Parties {
		id := p.space.Parties[k].ID
		cs = append(cs, cert.Utility(id, y[id]+margin))
	}
	return cert.Or(cs...)
}

// tableRefs returns the refs of v's table.
func (p *Problem) tableRefs(v view) []model.Ref {
	out := make([]model.Ref, len(v.table))
	for i, ci := range v.table {
		out[i] = p.refs[ci]
	}
	return out
}

// inRegion reports whether pkg lies in the current box of x.
func (p *Problem) inRegion(x *boxes, pkg model.Package) bool {
	for _, u := range x.log {
		iv := &p.issues[u.i]
		if !x.b[u.i].has(iv.index(pkg[iv.is.ID])) {
			return false
		}
	}
	return true
}

// boxCerts certifies the boxes an enumeration claims to be all agreeable
// (each box on the projections the constraints depend on, see
// cert.BoxSet), and the regions it claims to hold no agreeable package
// (most by the model's evaluator, the others in batches, see
// cert.RegionSet).
//
// For an enumeration it also counts the packages of the boxes and regions
// (see cover): they partition the space, so their sizes add up to the
// space's; a search that left part of the space out, or counted some of
// it twice, would claim a wrong count.
type boxCerts struct {
	p       *Problem
	v       view
	set     *cert.BoxSet
	regions *cert.RegionSet
	changed []int
	covered uint64 // packages of the boxes and regions over the touched issues
	exact   bool   // covered has not overflowed
}

func (p *Problem) newBoxCerts(v view) *boxCerts {
	return &boxCerts{p: p, v: v, exact: true}
}

// count adds the packages of the current box of x, on the issues x
// touches, to covered.
func (b *boxCerts) count(x *boxes) {
	if !b.exact {
		return
	}
	n, ok := touchedSize(x, x.b)
	var carry uint64
	b.covered, carry = bits.Add64(b.covered, n, 0)
	b.exact = ok && carry == 0
}

// touchedSize returns the number of packages of box d on the issues x
// touches, and false when it overflows.
func touchedSize(x *boxes, d []dom) (uint64, bool) {
	n := uint64(1)
	for _, i := range x.touched {
		hi, lo := bits.Mul64(n, uint64(d[i].size()))
		if hi != 0 {
			return 0, false
		}
		n = lo
	}
	return n, true
}

// cover checks, at the end of an enumeration, that its boxes and regions
// cover the space exactly once by their sizes (when no size overflowed).
func (b *boxCerts) cover(x *boxes) error {
	if b.p.skipCert || !b.exact {
		return nil
	}
	if n, ok := touchedSize(x, x.full); ok && n != b.covered {
		return &InternalError{Msg: fmt.Sprintf("enumeration: its boxes and regions hold %d packages over the issues constrained, the space %d", b.covered, n)}
	}
	return nil
}

// box certifies that every package of the current box of x is agreeable.
func (b *boxCerts) box(ctx context.Context, x *boxes) error {
	if b.p.skipCert {
		return nil
	}
	b.count(x)
	if b.set == nil {
		set, err := b.p.checker().NewBoxSet(b.p.viewConds(b.v, b.v.table)...)
		if err != nil {
			return b.certErr(ctx, "every package of the boxes is agreeable", err)
		}
		b.set = set
	}
	err := b.set.Add(ctx, x.certBox)
	return b.certErr(ctx, "every package of the boxes is agreeable", err)
}

// certErr maps an error of the box or region certificates as certifyNone
// does.
func (b *boxCerts) certErr(ctx context.Context, what string, err error) error {
	if err == nil || (ctx.Err() != nil && errors.Is(err, ctx.Err())) {
		return err
	}
	return &InternalError{Msg: fmt.Sprintf("%s: %v", what, err)}
}

// regWhat names the claim of the regions.
const regWhat = "no agreeable package lies in the regions left out"

// region certifies that the current box of x, a region, holds no agreeable
// package.
func (b *boxCerts) region(ctx context.Context, x *boxes) error {
	if b.p.skipCert {
		return nil
	}
	b.count(x)
	if b.regions == nil {
		set, err := b.p.checker().NewRegionSet(b.p.viewConds(b.v, b.v.table)...)
		if err != nil {
			return b.certErr(ctx, regWhat, err)
		}
		b.regions = set
	}
	b.changed = b.changed[:0]
	for _, u := range x.log {
		b.changed = append(b.changed, u.i)
	}
	return b.certErr(ctx, regWhat, b.regions.Add(ctx, x.certBox, b.changed))
}

func (b *boxCerts) flushBoxes(ctx context.Context) error {
	if b.set == nil {
		return nil
	}
	return b.certErr(ctx, "every package of the boxes is agreeable", b.set.Flush(ctx))
}

func (b *boxCerts) flushRegions(ctx context.Context) error {
	if b.regions == nil {
		return nil
	}
	return b.certErr(ctx, regWhat, b.regions.Flush(ctx))
}

// certBox is the current box of x as a cert.Box.
func (x *boxes) certBox(i int) cert.Dom {
	d := x.b[i]
	return cert.Dom{Lo: d.lo, Hi: d.hi, Set: d.set}
}
