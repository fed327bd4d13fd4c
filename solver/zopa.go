package solver

import (
	"context"
	"fmt"
	"slices"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver/internal/cert"
)

// Range is the set of values one issue takes across the agreeable
// packages: for an int issue its least and greatest value (Min, Max), for
// the others the values that occur, in domain order (Values; for a step
// issue its phases ascending, then Never).
type Range struct {
	Values   []model.Value
	Min, Max int64
}

// ZOPA returns, for each issue, the values it takes in some agreeable
// package; nil when no package is agreeable. It optimises rather than
// enumerates: every model found is widened into a box of agreeable
// packages (see enumerate) whose values are all marked at once; an int
// issue's least and greatest values then come from binary searches on its
// order literals, and each value of a choice, bool or step issue not
// marked yet costs at most one SAT call. A space whose only constraints
// are reservations and whose frontier is enumerated takes its ZOPA from
// that pass over every package instead (see Count).
func (p *Problem) ZOPA(ctx context.Context) (_ map[string]Range, err error) {
	defer p.enter(&ctx, &err)()
	if r, ok, err := p.scanned(ctx); ok || err != nil {
		if err != nil {
			return nil, err
		}
		return cloneZOPA(r.zopa), nil
	}
	return p.zopa(ctx, p.scoped(Scope{}))
}

func (p *Problem) zopa(ctx context.Context, v view) (map[string]Range, error) {
	base := v.all(p)
	ok, err := p.solve(ctx, base)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, p.certifyNone(ctx, "no package is agreeable", v, v.table)
	}
	bc := p.newBoxCerts(v)
	on := append(slices.Clone(v.hardCI), v.table...)
	x := p.newBoxes(on, v.temps, v.frozen)
	n := len(p.issues)
	seen := make([]bitset, n) // choice and bool issues
	lo := make([]int, n)      // int issues: least and greatest level seen
	hi := make([]int, n)
	for i := range p.issues {
		seen[i] = newBitset(p.issues[i].size())
		lo[i] = p.issues[i].size()
		hi[i] = -1
	}
	levels := make([]int, n)
	mark := func() error {
		pkg := p.model()
		if !p.witnessOK(v, pkg, v.table) {
			return &InternalError{Msg: fmt.Sprintf("ZOPA: model %v is not agreeable", pkg)}
		}
		for i := range p.issues {
			levels[i] = p.issues[i].index(pkg[p.issues[i].is.ID])
		}
		x.widen(levels)
		if err := bc.box(ctx, x); err != nil {
			return err
		}
		for i := range p.issues {
			d := x.b[i]
			if p.issues[i].is.Kind == model.IntKind {
				lo[i], hi[i] = min(lo[i], d.lo), max(hi[i], d.hi)
			} else {
				for j := range d.values {
					seen[i].add(j)
				}
			}
			x.b[i] = x.full[i]
		}
		return nil
	}
	if err := mark(); err != nil {
		return nil, err
	}
	try := func(m z.Lit) (bool, error) {
		if err := ctx.Err(); err != nil {
			return false, err
		}
		ok, err := p.solve(ctx, append(base[:len(base):len(base)], m))
		if err != nil {
			return false, err
		}
		if ok {
			if err := mark(); err != nil {
				return false, err
			}
		}
		return ok, nil
	}
	out := make(map[string]Range, n)
	for i := range p.issues {
		iv := &p.issues[i]
		var r Range
		if iv.is.Kind == model.IntKind {
			// Greatest level: hi is reachable; is mid?
			top := iv.n - 1
			for hi[i] < top {
				mid := hi[i] + (top-hi[i]+1)/2
				ok, err := try(p.geLit(iv, mid))
				if err != nil {
					return nil, err
				}
				if !ok {
					top = mid - 1
				}
			}
			bottom := 0
			for lo[i] > bottom {
				mid := bottom + (lo[i]-bottom)/2
				ok, err := try(p.geLit(iv, mid+1).Not())
				if err != nil {
					return nil, err
				}
				if !ok {
					bottom = mid + 1
				}
			}
			r.Min, r.Max = iv.level(lo[i]), iv.level(hi[i])
			out[iv.is.ID] = r
			continue
		}
		dom := iv.is.Domain()
		for j, d := range dom {
			if !seen[i].has(j) {
				if _, err := try(p.indexLit(iv, j)); err != nil {
					return nil, err
				}
			}
			if seen[i].has(j) {
				r.Values = append(r.Values, d)
			}
		}
		out[iv.is.ID] = r
	}
	if err := bc.flushBoxes(ctx); err != nil {
		return nil, err
	}
	// Certify that no agreeable package takes a value left out.
	var outside []cert.Cond
	for i := range p.issues {
		iv := &p.issues[i]
		if iv.is.Kind == model.IntKind {
			outside = append(outside, cert.Index(iv.is.ID, 0, lo[i]-1, nil), cert.Index(iv.is.ID, hi[i]+1, iv.n-1, nil))
			continue
		}
		unseen := seen[i]
		outside = append(outside, cert.Index(iv.is.ID, 0, iv.n-1, func(j int) bool { return !unseen.has(j) }))
	}
	if err := p.certifyNone(ctx, "no agreeable package takes a value outside the ZOPA", v, v.table, cert.Or(outside...)); err != nil {
		return nil, err
	}
	return out, nil
}
