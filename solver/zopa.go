package solver

import (
	"context"

	"github.com/zopa-go/zopa/model"
)

// Range is the set of values one issue takes across the agreeable
// packages: Min and Max for an int issue, the values in domain order for
// the others (Values holds every value for ints too, in ascending order).
type Range struct {
	Values   []model.Value
	Min, Max int64
}

// ZOPA returns, for each issue, the values it takes in some agreeable
// package; nil when no package is agreeable. Each value costs at most one
// SAT call, and every model found marks all the values it contains.
func (p *Problem) ZOPA(ctx context.Context) (map[string]Range, error) {
	base := p.allSelectors()
	ok, err := p.solve(ctx, base)
	if err != nil || !ok {
		return nil, err
	}
	seen := make([][]bool, len(p.issues))
	for i := range p.issues {
		seen[i] = make([]bool, p.issues[i].size())
	}
	mark := func() {
		pkg := p.model()
		for i := range p.issues {
			iv := &p.issues[i]
			v := pkg[iv.is.ID]
			for j, d := range iv.is.Domain() {
				if d == v {
					seen[i][j] = true
				}
			}
		}
	}
	mark()
	for i := range p.issues {
		iv := &p.issues[i]
		for j, d := range iv.is.Domain() {
			if seen[i][j] {
				continue
			}
			m := p.valueLit(i, d)
			ok, err := p.solve(ctx, append(base[:len(base):len(base)], m))
			if err != nil {
				return nil, err
			}
			if ok {
				mark()
			}
		}
	}
	out := make(map[string]Range, len(p.issues))
	for i := range p.issues {
		iv := &p.issues[i]
		var r Range
		for j, d := range iv.is.Domain() {
			if seen[i][j] {
				r.Values = append(r.Values, d)
			}
		}
		if iv.is.Kind == model.IntKind {
			r.Min, r.Max = r.Values[0].Int(), r.Values[len(r.Values)-1].Int()
		}
		out[iv.is.ID] = r
	}
	return out, nil
}
