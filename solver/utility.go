package solver

import (
	"math/big"
	"slices"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/internal/decimal"
	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver/internal/scale"
)

// ugroup is one term of a party's utility on the common integer scale:
// exactly one of opts holds, and option j contributes vals[j].
type ugroup struct {
	opts  []z.Lit // one literal per option, exactly one true
	vals  []int64
	issue int // index of an int or step issue (options are its levels), else -1
	of    int // index of the issue whose domain opts follow (any kind), else -1
	// issueID is the issue of a preference group; a binary-encoded issue's
	// group has classes of equal values for options (see valueClasses).
	issueID string
}

// utilities is every party's utility as pseudo-Boolean sums on one common
// integer scale (see scale.ScaleGroups): exact when a common denominator
// fits, otherwise fixed point with a proven rounding bound. The scores are
// the model's exact rationals (ExactScore), so points interpolate exactly.
// The objectives (utilitarian, egalitarian, ideal, frontier) and the
// reservations all use this one encoding.
type utilities struct {
	groups [][]ugroup // per party, in space order
	lo, hi []int64    // per party: least and greatest possible sum
	unit   float64    // value of one integer step
	factor *big.Rat   // the scale: a utility times factor is its scaled sum
	exact  bool
	err    float64           // bound on any party's utility rounding error
	geq    []pbSum           // per party, lazily: builders for -sum <= -t
	cache  []map[int64]z.Lit // per party: literal of "utility >= t"
}

// utils returns the utility encoding, building it on first use.
func (p *Problem) utils() *utilities {
	if p.util != nil {
		return p.util
	}
	s := p.space
	objs := make([][]objTerm, len(s.Parties))
	for pi := range s.Parties {
		party := &s.Parties[pi]
		wsum := new(big.Rat)
		for i := range party.Preferences {
			wsum.Add(wsum, decimal.Rat(party.Preferences[i].Weight))
		}
		for i := range party.Preferences {
			pr := &party.Preferences[i]
			objs[pi] = append(objs[pi], objTerm{pref: pr, w: new(big.Rat).Quo(decimal.Rat(pr.Weight), wsum)})
		}
	}
	p.util = p.encode(objs)
	return p.util
}

// objTerm is one weighted preference of an objective.
type objTerm struct {
	pref *model.Preference
	w    *big.Rat
}

// encode turns objectives (each a weighted sum of preference scores; an
// empty one is the constant 1) into pseudo-Boolean sums on one common
// integer scale (see scale.ScaleGroups). An objective's terms on the same
// issue are merged.
func (p *Problem) encode(objs [][]objTerm) *utilities {
	s := p.space
	var rats [][]*big.Rat
	var shape [][]ugroup // per objective, vals filled in after scaling
	for _, obj := range objs {
		var gs []ugroup
		if len(obj) == 0 { // the constant 1
			gs = append(gs, ugroup{opts: []z.Lit{p.c.T}, issue: -1, of: -1})
			rats = append(rats, []*big.Rat{big.NewRat(1, 1)})
			shape = append(shape, gs)
			continue
		}
		byIssue := map[string]int{} // issue id -> index into gs, to merge
		for _, t := range obj {
			pr, w := t.pref, t.w
			if pr.Prefer != nil {
				m, _ := p.expr(pr.Prefer) // validated when the space compiled
				p.flush(m)
				gs = append(gs, ugroup{opts: []z.Lit{m.Not(), m}, issue: -1, of: -1})
				rats = append(rats, []*big.Rat{new(big.Rat), w})
				continue
			}
			ii := p.issueIdx[pr.Issue]
			iv := &p.issues[ii]
			p.part = p.prefPart(pr)
			if pr.Points != nil && iv.idx != nil && p.bySegments(iv) { // a wide domain: by segments, not levels
				sg, sr := p.segmentGroups(iv, pr, w)
				gs = append(gs, sg...)
				rats = append(rats, sr...)
				continue
			}
			if iv.idx == nil {
				p.charge(iv.valueUnits())
			}
			dom := iv.is.Domain()
			vals := make([]*big.Rat, len(dom))
			for j, v := range dom {
				sc, _ := s.ExactScore(pr, model.Package{pr.Issue: v}) // exact: points interpolate in rationals
				vals[j] = sc.Mul(sc, w)
			}
			if k, ok := byIssue[pr.Issue]; ok {
				for j := range vals {
					rats[len(rats)-len(gs)+k][j].Add(rats[len(rats)-len(gs)+k][j], vals[j])
				}
				continue
			}
			byIssue[pr.Issue] = len(gs)
			g := ugroup{issue: -1, of: ii, issueID: pr.Issue}
			if iv.idx == nil {
				for _, v := range dom {
					g.opts = append(g.opts, p.valueLit(ii, v))
				}
			} // binary encoding: by classes of equal values, below
			if iv.ordered() {
				g.issue = ii
			}
			gs = append(gs, g)
			rats = append(rats, vals)
		}
		for k := range gs { // in order, so that literals are numbered alike every time
			if gs[k].opts != nil {
				continue
			}
			iv := p.issueOf(gs[k].issueID)
			r := len(rats) - len(gs) + k
			gs[k].opts, rats[r] = p.valueClasses(iv, rats[r])
			gs[k].issue, gs[k].of = -1, -1 // classes, not the domain's values
		}
		shape = append(shape, gs)
	}
	sc := scale.ScaleGroups(rats, weightLimit)
	u := &utilities{unit: sc.Unit, exact: sc.Exact, groups: shape, factor: sc.Factor}
	k := 0
	for pi := range shape {
		var lo, hi int64
		for gi := range shape[pi] {
			g := &shape[pi][gi]
			g.vals = sc.N[k]
			if mutated("utility") && len(g.vals) > 1 {
				g.vals = slices.Clone(g.vals)
				g.vals[0] += max(1, slices.Max(g.vals)/2)
			}
			k++
			lo += slices.Min(g.vals)
			hi += slices.Max(g.vals)
		}
		u.lo = append(u.lo, lo)
		u.hi = append(u.hi, hi)
		if !sc.Exact {
			u.err = max(u.err, float64(len(shape[pi]))*sc.Unit/2)
		}
	}
	u.geq = make([]pbSum, len(shape))
	u.cache = make([]map[int64]z.Lit, len(shape))
	return u
}

// atLeast returns a literal (written to the solver) that holds exactly when
// party pi's scaled utility is at least t.
func (p *Problem) atLeast(pi int, t int64) z.Lit { return p.utils().atLeast(p, pi, t) }

// atLeast returns a literal (written to p's solver) that holds exactly when
// objective pi's scaled sum is at least t.
func (u *utilities) atLeast(p *Problem, pi int, t int64) z.Lit {
	if t <= u.lo[pi] {
		return p.c.T
	}
	if t > u.hi[pi] {
		return p.c.F
	}
	if m, ok := u.cache[pi][t]; ok {
		return m
	}
	if u.geq[pi] == nil {
		gs := make([]group, len(u.groups[pi]))
		for i, g := range u.groups[pi] {
			neg := make([]int64, len(g.vals))
			for j, v := range g.vals {
				neg[j] = -v
			}
			gs[i] = p.pbGroup(g, neg)
		}
		u.geq[pi] = p.newLeq(gs)
		u.cache[pi] = map[int64]z.Lit{}
	}
	m := u.geq[pi].lit(-t)
	p.flush(m)
	u.cache[pi][t] = m
	return m
}

// pbGroup returns the pseudo-Boolean group of g with values vals: on the
// order literals when g is an int issue whose values are monotone in the
// level, on the option literals otherwise.
func (p *Problem) pbGroup(g ugroup, vals []int64) group {
	if g.issue >= 0 {
		up, down := true, true
		for j := 1; j < len(vals); j++ {
			up = up && vals[j] >= vals[j-1]
			down = down && vals[j] <= vals[j-1]
		}
		ge := p.issues[g.issue].ge
		switch {
		case ge == nil: // binary encoding: no order literals
		case up:
			return group{lits: ge, vals: vals, ordered: 1}
		case down:
			return group{lits: ge, vals: vals, ordered: -1}
		}
	}
	return group{lits: g.opts, vals: vals}
}

// scaled returns party pi's scaled utility in the current model.
func (p *Problem) scaled(pi int) int64 { return p.utils().scaled(p, pi) }

// scaled returns objective pi's scaled sum in p's current model.
func (u *utilities) scaled(p *Problem, pi int) int64 {
	var sum int64
	for _, g := range u.groups[pi] {
		if len(g.opts) == 1 {
			sum += g.vals[0]
			continue
		}
		for j, m := range g.opts {
			if p.s.Value(m) {
				sum += g.vals[j]
				break
			}
		}
	}
	return sum
}

// valueClasses groups the values of a binary-encoded issue by their
// contribution vals (one per value index): it returns one literal per
// class, "the issue takes a value of this class", and the class's
// contribution. The largest class's literal is the negation of the others,
// so the size grows with the values outside it (for a preference, those it
// names or interpolates), not with the domain.
func (p *Problem) valueClasses(iv *issueVars, vals []*big.Rat) ([]z.Lit, []*big.Rat) {
	classOf := map[string]int{}
	var members [][]int
	var cvals []*big.Rat
	for j, v := range vals {
		key := v.RatString()
		c, ok := classOf[key]
		if !ok {
			c = len(members)
			classOf[key] = c
			members = append(members, nil)
			cvals = append(cvals, v)
		}
		members[c] = append(members[c], j)
	}
	largest := 0
	for c := range members {
		if len(members[c]) > len(members[largest]) {
			largest = c
		}
	}
	p.charge(int64(iv.n-len(members[largest])) * int64(len(iv.idx)+1) * gateUnits)
	a := arith{p.c}
	lits := make([]z.Lit, len(members))
	var others []z.Lit
	for c, js := range members {
		if c == largest {
			continue
		}
		ms := make([]z.Lit, len(js))
		for k, j := range js {
			ms[k] = iv.eq(p.c, j)
		}
		lits[c] = a.ors(ms)
		others = append(others, lits[c])
	}
	lits[largest] = a.ors(others).Not()
	p.flush(lits...)
	return lits, cvals
}
