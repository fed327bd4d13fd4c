package solver

import (
	"context"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/model"
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
// enumerates: an int issue's least and greatest values come from binary
// searches on its order literals (each model found narrows the search),
// and each value of a choice or bool issue costs at most one SAT call,
// every model found marking all the values it contains.
func (p *Problem) ZOPA(ctx context.Context) (map[string]Range, error) {
	return p.zopa(ctx, p.scoped(Scope{}).all(p))
}

func (p *Problem) zopa(ctx context.Context, base []z.Lit) (map[string]Range, error) {
	n := len(p.issues)
	lits := make([][]z.Lit, n) // choice, bool and step issues, built before solving
	for i := range p.issues {
		if p.issues[i].is.Kind != model.IntKind {
			lits[i] = p.valueLits(i)
		}
	}
	ok, err := p.solve(ctx, base)
	if err != nil || !ok {
		return nil, err
	}
	seen := make([][]bool, n) // choice, bool and step issues
	lo := make([]int, n)      // int issues: least and greatest level seen
	hi := make([]int, n)
	for i := range p.issues {
		seen[i] = make([]bool, p.issues[i].size())
		lo[i] = p.issues[i].size()
		hi[i] = -1
	}
	mark := func() {
		for i := range p.issues {
			iv := &p.issues[i]
			if iv.is.Kind == model.IntKind {
				j := p.level(i)
				lo[i], hi[i] = min(lo[i], j), max(hi[i], j)
				continue
			}
			for j, m := range lits[i] {
				if p.s.Value(m) {
					seen[i][j] = true
				}
			}
		}
	}
	mark()
	try := func(m z.Lit) (bool, error) {
		ok, err := p.solve(ctx, append(base[:len(base):len(base)], m))
		if ok {
			mark()
		}
		return ok, err
	}
	out := make(map[string]Range, n)
	for i := range p.issues {
		iv := &p.issues[i]
		var r Range
		if iv.is.Kind == model.IntKind {
			// Greatest level: ge[hi] is reachable; is ge[mid]?
			top := len(iv.levels) - 1
			for hi[i] < top {
				mid := hi[i] + (top-hi[i]+1)/2
				ok, err := try(iv.ge[mid])
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
				ok, err := try(iv.ge[mid+1].Not())
				if err != nil {
					return nil, err
				}
				if !ok {
					bottom = mid + 1
				}
			}
			r.Min, r.Max = iv.levels[lo[i]], iv.levels[hi[i]]
			out[iv.is.ID] = r
			continue
		}
		for j, d := range iv.is.Domain() {
			if !seen[i][j] {
				if _, err := try(lits[i][j]); err != nil {
					return nil, err
				}
			}
			if seen[i][j] {
				r.Values = append(r.Values, d)
			}
		}
		out[iv.is.ID] = r
	}
	return out, nil
}

// level returns the level of int issue i in the current model.
func (p *Problem) level(i int) int {
	iv := &p.issues[i]
	j := 0
	for j+1 < len(iv.ge) && p.s.Value(iv.ge[j+1]) {
		j++
	}
	return j
}

// valueLits returns the literal of each value of a bool, choice or step
// issue, in domain order.
func (p *Problem) valueLits(i int) []z.Lit {
	iv := &p.issues[i]
	switch iv.is.Kind {
	case model.BoolKind:
		return []z.Lit{iv.lit.Not(), iv.lit}
	case model.StepKind:
		for j := range iv.levels {
			p.flush(iv.eq(p.c, j))
		}
		return iv.eqs
	}
	return iv.opts
}
