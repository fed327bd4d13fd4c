package solver

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"slices"

	"github.com/zopa-go/zopa/internal/decimal"
	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver/internal/scale"
)

// cubeMaxDomain is the largest domain a cube plan handles: each issue's
// values are a bit set in one word.
const cubeMaxDomain = 64

// cubePlan is the frontier of a space whose utilities are sums of weighted
// cubes found by branch and bound over boxes of the issues' values.
type cubePlan struct {
	p      *Problem
	vw     view
	dims   []int           // issue index (into p.issues) of each dimension
	doms   [][]model.Value // per dimension: its domain
	root   []uint64        // per dimension: the values the constraints allow
	cubes  []cube
	base   []int64    // per party: the constant part of its scaled utility
	res    []int64    // per party: the least scaled utility meeting its reservation
	factor []*big.Rat // per party: scaled utility = utility × factor
	total  []int64    // per party: greatest conceivable scaled utility
	small  bool       // two parties whose products of totals fit in int64
}

// cube is one weighted term of a party's scaled utility: w when every
// dimension dims[k] takes a value in masks[k].
type cube struct {
	party int
	w     int64
	dims  []int
	masks []uint64
}

// cubePlanFor returns the cube plan of vw's frontier, or nil when it does
// not apply: a what-if view, a constraint that is not a conjunction of
// conditions on one issue each, a preference that is not such a
// conjunction (or a score of one issue), a domain wider than
// cubeMaxDomain, or utilities that no per-party integer scale represents
// exactly.
func (p *Problem) cubePlanFor(vw view) *cubePlan {
	if !cubeView(vw, p) {
		return nil
	}
	s := p.space
	e := &cubePlan{p: p, vw: vw}
	dimOf := make([]int, len(p.issues))
	for ii := range dimOf {
		dimOf[ii] = -1
	}
	dim := func(ii int) (int, bool) {
		if dimOf[ii] < 0 {
			if p.issues[ii].is.Size() > cubeMaxDomain { // before building the domain
				return 0, false
			}
			dom := p.issues[ii].is.Domain()
			dimOf[ii] = len(e.dims)
			e.dims = append(e.dims, ii)
			e.doms = append(e.doms, dom)
			e.root = append(e.root, fullMask(len(dom)))
		}
		return dimOf[ii], true
	}
	// conj reads x as a conjunction of conditions on one issue each: the
	// values each dimension allows (nil with ok for a condition that never
	// holds).
	conj := func(x model.Expr) (map[int]uint64, bool) {
		out := map[int]uint64{}
		var walk func(x model.Expr) bool
		walk = func(x model.Expr) bool {
			if a, isAnd := x.(*model.AndExpr); isAnd {
				for _, y := range a.X {
					if !walk(y) {
						return false
					}
				}
				return true
			}
			var ids []string
			model.Issues(x, func(id string) {
				if !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
			})
			switch len(ids) {
			case 0:
				switch s.EvalPartial(x, model.Package{}) {
				case model.True3:
					return true
				case model.False3:
					out = nil
					return true
				}
				return false
			case 1:
				ii, known := p.issueIdx[ids[0]]
				if !known {
					return false
				}
				d, ok := dim(ii)
				if !ok {
					return false
				}
				var m uint64
				for j, v := range e.doms[d] {
					switch s.EvalPartial(x, model.Package{ids[0]: v}) {
					case model.True3:
						m |= 1 << j
					case model.False3:
					default:
						return false
					}
				}
				if out != nil {
					if old, ok := out[d]; ok {
						m &= old
					}
					out[d] = m
				}
				return true
			}
			return false
		}
		if !walk(x) {
			return nil, false
		}
		return out, true
	}
	// Every constraint narrows the dimensions' values.
	for ci := range p.refs {
		if p.refs[ci].Kind == model.ReservationKind {
			continue
		}
		m, ok := conj(p.exprs[ci])
		if !ok {
			return nil
		}
		if m == nil { // never holds: nothing is agreeable
			for d := range e.root {
				e.root[d] = 0
			}
			continue
		}
		for d, mask := range m {
			e.root[d] &= mask
		}
	}
	n := len(s.Parties)
	e.base, e.res, e.factor, e.total = make([]int64, n), make([]int64, n), make([]*big.Rat, n), make([]int64, n)
	for pi := range s.Parties {
		party := &s.Parties[pi]
		e.res[pi] = math.MinInt64
		if len(party.Preferences) == 0 { // utility 1
			e.base[pi], e.factor[pi], e.total[pi] = 1, big.NewRat(1, 1), 1
		} else {
			wsum := new(big.Rat)
			for i := range party.Preferences {
				wsum.Add(wsum, decimal.Rat(party.Preferences[i].Weight))
			}
			if wsum.Sign() <= 0 {
				return nil
			}
			var rats [][]*big.Rat
			var cs []cube
			for i := range party.Preferences {
				pr := &party.Preferences[i]
				w := new(big.Rat).Quo(decimal.Rat(pr.Weight), wsum)
				if pr.Prefer != nil {
					m, ok := conj(pr.Prefer)
					if !ok {
						return nil
					}
					if m == nil || w.Sign() == 0 {
						continue // never scores
					}
					c := cube{party: pi}
					for d, mask := range m {
						c.dims = append(c.dims, d)
						c.masks = append(c.masks, mask)
					}
					cs = append(cs, c)
					rats = append(rats, []*big.Rat{new(big.Rat), w})
					continue
				}
				ii, known := p.issueIdx[pr.Issue]
				if !known {
					return nil
				}
				d, ok := dim(ii)
				if !ok {
					return nil
				}
				for j, v := range e.doms[d] { // one cube per value that scores
					sc, err := s.ExactScore(pr, model.Package{pr.Issue: v})
					if err != nil {
						return nil
					}
					if sc.Sign() == 0 || w.Sign() == 0 {
						continue
					}
					cs = append(cs, cube{party: pi, dims: []int{d}, masks: []uint64{1 << j}})
					rats = append(rats, []*big.Rat{new(big.Rat), sc.Mul(sc, w)})
				}
			}
			if len(cs) == 0 {
				e.factor[pi] = big.NewRat(1, 1)
			} else {
				sc := scale.ScaleGroups(rats, weightLimit)
				if !sc.Exact {
					return nil
				}
				for k := range cs {
					cs[k].w = sc.N[k][1]
					e.total[pi] += cs[k].w
					// Dimensions in a fixed order, for determinism.
					sortCubeDims(&cs[k])
				}
				e.factor[pi] = sc.Factor
				e.cubes = append(e.cubes, cs...)
			}
		}
		if party.Reservation != nil {
			t := new(big.Rat).Mul(model.ReservationThreshold(*party.Reservation), e.factor[pi])
			q := new(big.Int).Quo(t.Num(), t.Denom()) // rounds toward zero
			if t.Sign() > 0 && !t.IsInt() {
				q.Add(q, big.NewInt(1))
			}
			switch {
			case q.IsInt64():
				e.res[pi] = q.Int64()
			case q.Sign() > 0:
				e.res[pi] = math.MaxInt64
			}
		}
	}
	e.small = n == 2 && e.total[0] < 1<<30 && e.total[1] < 1<<30
	return e
}

// tightest returns the position in c.dims of the dimension where c keeps
// the least share of box's values (there it conflicts most), among those
// where c cuts the box; -1 when it cuts none.
func (c *cube) tightest(box []uint64) int {
	best, bestFrac := -1, 2.0
	for k, d := range c.dims {
		m := box[d] & c.masks[k]
		if m == box[d] {
			continue
		}
		if f := float64(bits.OnesCount64(m)) / float64(bits.OnesCount64(box[d])); f < bestFrac {
			best, bestFrac = k, f
		}
	}
	return best
}

func sortCubeDims(c *cube) {
	idx := make([]int, len(c.dims))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return c.dims[a] - c.dims[b] })
	dims, masks := make([]int, len(idx)), make([]uint64, len(idx))
	for k, i := range idx {
		dims[k], masks[k] = c.dims[i], c.masks[i]
	}
	c.dims, c.masks = dims, masks
}

func fullMask(n int) uint64 {
	if n >= 64 {
		return math.MaxUint64
	}
	return 1<<n - 1
}

// cubePoint is a frontier vector found and the box of the cubes chosen
// for it, whose least values make a package that attains it.
type cubePoint struct {
	y   []int64
	box []uint64
}

// cubeSearch is one branch-and-bound run of a cube plan.
type cubeSearch struct {
	e     *cubePlan
	ctx   context.Context
	arch  []cubePoint // the points found so far, by party 0's utility ascending
	nodes int64
	err   error
	acc   [][]int64 // scratch: per dimension, per value × party, the bound's terms
	top   [][]int64 // scratch: per dimension, per party, the greatest of acc
	used  []bool    // scratch: the dimensions acc holds terms on
}

// search returns the points of the frontier: the distinct undominated
// vectors of scaled utilities over the packages the constraints allow
// that meet every reservation.
//
// It is a branch and bound over the cubes (each a box: a set of values
// per dimension), in the manner of maximum-weight clique search. A node
// is the box where the cubes chosen so far all hold, and the cubes not
// decided yet that meet it. Branching on one of them either chooses it
// (the box shrinks to its intersection with the cube, and the cubes that
// no longer meet it are dropped) or leaves it out. A leaf has no cube left
// undecided: the package of its box's least values is scored exactly.
// Every package lies in the box of the cubes it satisfies, and the branch
// that chooses exactly those reaches a leaf whose package attains at least
// its vector, so no frontier vector is missed unless a bound prunes it.
//
// The bound of a node: the cubes that contain its box hold for every
// package in it; each other cube is put on one dimension where it cuts
// the box (the one where it keeps the least share of the box's values),
// and on one dimension a package takes one value, so a party gets at
// most, per dimension, the greatest sum of the weights of the cubes put
// there that allow one value (splitting each weight evenly over the
// dimensions a cube cuts took twice the nodes). A node is pruned when
// that bound misses a reservation or is weakly below a point found
// (nothing new below it), and, for two parties, when the weighted sum
// along each segment between consecutive points bounds the node below the
// zone beyond the segment.
// newSearch returns a search of e with its per-dimension buffers.
func (e *cubePlan) newSearch(ctx context.Context) *cubeSearch {
	n := len(e.base)
	s := &cubeSearch{e: e, ctx: ctx, acc: make([][]int64, len(e.dims)), top: make([][]int64, len(e.dims)),
		used: make([]bool, len(e.dims))}
	for d := range e.dims {
		s.acc[d] = make([]int64, len(e.doms[d])*n)
		s.top[d] = make([]int64, n)
	}
	return s
}

func (e *cubePlan) search(ctx context.Context) ([]cubePoint, error) {
	s := e.newSearch(ctx)
	for _, m := range e.root {
		if m == 0 {
			return nil, nil
		}
	}
	var cand []int
	for ci := range e.cubes {
		if e.meets(ci, e.root) {
			cand = append(cand, ci)
		}
	}
	s.visit(slices.Clone(e.root), cand, slices.Clone(e.base))
	return s.arch, s.err
}

// meets reports whether cube ci meets box.
func (e *cubePlan) meets(ci int, box []uint64) bool {
	c := &e.cubes[ci]
	for k, d := range c.dims {
		if box[d]&c.masks[k] == 0 {
			return false
		}
	}
	return true
}

// pruned reports whether no package whose utilities are at most ub can be
// a new frontier point: ub misses a reservation or is weakly below a
// point found.
func (s *cubeSearch) pruned(ub []int64) bool {
	for pi, r := range s.e.res {
		if ub[pi] < r {
			return true
		}
	}
	for _, f := range s.arch {
		if weaklyBelow(ub, f.y) {
			return true
		}
	}
	return false
}

// visit searches the node whose box is the intersection of the cubes
// chosen (their weights in chosen) with cand undecided, each meeting box.
func (s *cubeSearch) visit(box []uint64, cand []int, chosen []int64) {
	if s.nodes++; s.nodes&1023 == 0 && s.err == nil {
		s.err = s.ctx.Err()
	}
	if s.err != nil {
		return
	}
	e := s.e
	lb := slices.Clone(chosen) // the cubes that contain box hold throughout
	open := make([]int, 0, len(cand))
	for _, ci := range cand {
		c := &e.cubes[ci]
		in := true
		for k, d := range c.dims {
			if box[d]&c.masks[k] != box[d] {
				in = false
				break
			}
		}
		if in {
			lb[c.party] += c.w
		} else {
			open = append(open, ci)
		}
	}
	if len(open) == 0 {
		s.leaf(box)
		return
	}
	ub := s.bound(box, lb, open)
	if s.pruned(ub) || s.zonesPruned(lb, ub, box) {
		return
	}
	// Branch on the open cube of the greatest weight relative to its
	// party's total; choosing it first finds good points early.
	bi := open[0]
	for _, ci := range open[1:] {
		a, b := &e.cubes[ci], &e.cubes[bi]
		if float64(a.w)*float64(e.total[b.party]) > float64(b.w)*float64(e.total[a.party]) {
			bi = ci
		}
	}
	c := &e.cubes[bi]
	in := slices.Clone(box)
	for k, d := range c.dims {
		in[d] &= c.masks[k]
	}
	candIn := make([]int, 0, len(open))
	for _, ci := range open {
		if ci != bi && e.meets(ci, in) {
			candIn = append(candIn, ci)
		}
	}
	inW := slices.Clone(lb)
	inW[c.party] += c.w
	s.visit(in, candIn, inW)
	s.visit(box, slices.DeleteFunc(open, func(ci int) bool { return ci == bi }), lb)
}

// bound returns the node's bound per party (see search), leaving the
// terms of the dimensions in s.acc and s.top, marked in s.used.
func (s *cubeSearch) bound(box []uint64, lb []int64, open []int) []int64 {
	e := s.e
	n := len(lb)
	for d, u := range s.used {
		if u {
			clear(s.acc[d])
			s.used[d] = false
		}
	}
	for _, ci := range open {
		c := &e.cubes[ci]
		best := c.tightest(box)
		d := c.dims[best]
		s.used[d] = true
		acc := s.acc[d]
		for m := box[d] & c.masks[best]; m != 0; m &= m - 1 {
			acc[bits.TrailingZeros64(m)*n+c.party] += c.w
		}
	}
	ub := slices.Clone(lb)
	for d, u := range s.used {
		if !u {
			continue
		}
		top := s.top[d]
		clear(top)
		for m := box[d]; m != 0; m &= m - 1 {
			row := s.acc[d][bits.TrailingZeros64(m)*n:]
			for pi := range top {
				top[pi] = max(top[pi], row[pi])
			}
		}
		for pi := range ub {
			ub[pi] += top[pi]
		}
	}
	return ub
}

// zonesPruned reports, for two parties, whether the node can reach none of
// the zones a new point must lie in: zone j asks for more than point j-1
// gives party 0 and more than point j gives party 1 (points by party 0's
// utility ascending), and the weighted sum along the segment between the
// two points, bounded with one value per dimension for both parties,
// must reach the zone's corner. The end zones ask for more than the last
// point gives party 0, or more than the first gives party 1.
func (s *cubeSearch) zonesPruned(lb, ub []int64, box []uint64) bool {
	if !s.e.small || len(s.arch) < 2 {
		return false
	}
	a := s.arch
	res := s.e.res
	if ub[0] >= max(a[len(a)-1].y[0]+1, res[0]) || ub[1] >= max(a[0].y[1]+1, res[1]) {
		return false
	}
	for j := 1; j < len(a); j++ {
		r0 := max(a[j-1].y[0]+1, res[0])
		r1 := max(a[j].y[1]+1, res[1])
		if ub[0] < r0 || ub[1] < r1 {
			continue
		}
		l0, l1 := a[j-1].y[1]-a[j].y[1], a[j].y[0]-a[j-1].y[0]
		b := l0*lb[0] + l1*lb[1]
		for d, u := range s.used {
			if !u {
				continue
			}
			var top int64
			for m := box[d]; m != 0; m &= m - 1 {
				row := s.acc[d][bits.TrailingZeros64(m)*2:]
				top = max(top, l0*row[0]+l1*row[1])
			}
			b += top
		}
		if b >= l0*r0+l1*r1 {
			return false
		}
	}
	return true
}

// leaf records the vector of the package of box's least values, unless a
// point found is at least as good.
func (s *cubeSearch) leaf(box []uint64) {
	y := s.e.at(box)
	if s.pruned(y) {
		return
	}
	s.arch = slices.DeleteFunc(s.arch, func(f cubePoint) bool { return weaklyBelow(f.y, y) })
	s.arch = append(s.arch, cubePoint{y: y, box: slices.Clone(box)})
	slices.SortFunc(s.arch, func(a, b cubePoint) int { return cmp.Compare(a.y[0], b.y[0]) })
}

// at returns the scaled utilities of the package of box's least values.
func (e *cubePlan) at(box []uint64) []int64 {
	y := slices.Clone(e.base)
	for ci := range e.cubes {
		c := &e.cubes[ci]
		in := true
		for k, d := range c.dims {
			if c.masks[k]&(box[d]&-box[d]) == 0 {
				in = false
				break
			}
		}
		if in {
			y[c.party] += c.w
		}
	}
	return y
}

// cubeFrontier returns vw's whole frontier by the cube plan when it
// applies to vw and some party has a preference that is an expression (ok
// false otherwise): the points by descending utilities, party 0 first,
// each package judged agreeable by the model's evaluator and its exact
// utilities checked against the plan's scaled ones. The frontier is
// computed once per Problem and kept. An empty frontier (no agreeable
// package) is certified.
func (p *Problem) cubeFrontier(ctx context.Context, vw view) (pts []FrontierPoint, ok bool, err error) {
	if !cubePlans {
		return nil, false, nil
	}
	if p.cubeFront != nil {
		if p.cubeFront.plan == nil {
			return nil, false, nil
		}
		if cubeView(vw, p) {
			return p.cubeFront.pts, true, nil
		}
	}
	if !cubePlans || !p.cubeShaped() {
		return nil, false, nil
	}
	e := p.cubePlanFor(vw)
	if e == nil {
		if cubeView(vw, p) {
			p.cubeFront = &cubeResult{} // the space does not have the shape
		}
		return nil, false, nil
	}
	found, err := e.search(ctx)
	if err != nil {
		return nil, false, err
	}
	slices.SortFunc(found, func(a, b cubePoint) int { return slices.CompareFunc(b.y, a.y, cmp.Compare[int64]) })
	s := p.space
	for _, f := range found {
		pkg := make(model.Package, len(p.issues))
		for ii := range p.issues {
			pkg[p.issues[ii].is.ID] = p.issues[ii].is.ValueAt(0)
		}
		for d, ii := range e.dims {
			pkg[p.issues[ii].is.ID] = e.doms[d][bits.TrailingZeros64(f.box[d])]
		}
		v, err := s.Judge(pkg)
		if err != nil || !v.Agreeable {
			return nil, false, &InternalError{Msg: fmt.Sprintf("frontier point %v is not agreeable (%v)", pkg, err)}
		}
		exact, err := exactUtilities(s, pkg)
		if err != nil {
			return nil, false, &InternalError{Msg: fmt.Sprintf("frontier point %v: %v", pkg, err)}
		}
		for pi := range exact {
			if exact[pi].Mul(exact[pi], e.factor[pi]).Cmp(new(big.Rat).SetInt64(f.y[pi])) != 0 {
				return nil, false, &InternalError{Msg: fmt.Sprintf("frontier point %v: %s's scaled utility %d is not the evaluator's", pkg, s.Parties[pi].ID, f.y[pi])}
			}
		}
		for _, q := range pts {
			if weaklyBelow(f.y, q.scaled) || weaklyBelow(q.scaled, f.y) {
				return nil, false, &InternalError{Msg: fmt.Sprintf("frontier point %v equals or is comparable with an earlier point", pkg)}
			}
		}
		pts = append(pts, FrontierPoint{Utilities: v.Utilities, Package: pkg, scaled: f.y})
	}
	if len(pts) == 0 {
		if err := p.certifyNone(ctx, "no package is agreeable", vw, vw.table); err != nil {
			return nil, false, err
		}
	}
	p.cubeFront = &cubeResult{plan: e, pts: pts}
	return pts, true, nil
}

// cubeShaped reports whether some party has a preference that is an
// expression: spaces whose preferences each score one issue are left to
// enumeration or guided improvement.
func (p *Problem) cubeShaped() bool {
	return slices.ContainsFunc(p.space.Parties, func(pt model.Party) bool {
		return slices.ContainsFunc(pt.Preferences, func(pr model.Preference) bool { return pr.Prefer != nil })
	})
}

// cubePlans switches the cube plan on (tests switch it off).
var cubePlans = true

// cubeResult is the frontier the cube plan found, kept on the Problem;
// plan is nil when the plan does not apply.
type cubeResult struct {
	plan *cubePlan
	pts  []FrontierPoint
}

// cubeView reports whether vw holds every constraint of p and nothing
// else, as the plan requires (the kept frontier is then the same).
func cubeView(vw view, p *Problem) bool {
	return vw.extra == nil && len(vw.frozen) == 0 && len(vw.temps) == 0 && vw.fixed == nil &&
		len(vw.table)+len(vw.hardCI) == len(p.refs) && vw.judge == nil
}

// cubeCountNodes bounds the boxes countCubes visits before it leaves the
// count to the box search.
const cubeCountNodes = 200_000

// countCubes counts the agreeable packages of a space of cubes (see
// cubePlanFor) with reservations, when more than limit exist: it splits
// the issues' values into boxes, counts a box whole when the cubes that
// contain it alone meet every reservation (each such package is
// agreeable: the plan's constraints narrow single issues, already applied
// to the box), and drops a box whose bound misses a reservation. ok is
// true only when it found more than limit agreeable packages, which needs
// no claim that a region holds none; otherwise (or after cubeCountNodes
// boxes) the box search counts, exactly and certified.
func (p *Problem) countCubes(ctx context.Context, limit int64) (ok bool, err error) {
	if !cubePlans || limit <= 0 || !p.cubeShaped() ||
		!slices.ContainsFunc(p.refs, func(r model.Ref) bool { return r.Kind == model.ReservationKind }) {
		return false, nil
	}
	e := p.cubePlanFor(p.scoped(Scope{}))
	if e == nil {
		return false, nil
	}
	free := int64(1)
	inPlan := make([]bool, len(p.issues))
	for _, ii := range e.dims {
		inPlan[ii] = true
	}
	for ii := range p.issues {
		if !inPlan[ii] {
			free = satMul(free, int64(p.issues[ii].is.Size()))
		}
	}
	s := e.newSearch(ctx)
	var count int64
	var visit func(box []uint64) bool // false: stop
	visit = func(box []uint64) bool {
		if s.nodes++; s.nodes > cubeCountNodes {
			return false
		}
		if s.nodes&1023 == 0 {
			if s.err = ctx.Err(); s.err != nil {
				return false
			}
		}
		lb := slices.Clone(e.base)
		var open []int
		for ci := range e.cubes {
			c := &e.cubes[ci]
			in, out := true, false
			for k, d := range c.dims {
				m := box[d] & c.masks[k]
				if m == 0 {
					out = true
					break
				}
				in = in && m == box[d]
			}
			switch {
			case out:
			case in:
				lb[c.party] += c.w
			default:
				open = append(open, ci)
			}
		}
		all := true
		for pi, r := range e.res {
			all = all && lb[pi] >= r
		}
		if all {
			size := free
			for _, m := range box {
				size = satMul(size, int64(bits.OnesCount64(m)))
			}
			count = satAdd(count, size)
			return count <= limit
		}
		ub := s.bound(box, lb, open)
		for pi, r := range e.res {
			if ub[pi] < r {
				return true // no package of the box meets party pi's reservation
			}
		}
		// Split by the heaviest open cube of a party short of its
		// reservation, on the dimension where it keeps the least.
		bi := -1
		for _, ci := range open {
			c := &e.cubes[ci]
			if lb[c.party] >= e.res[c.party] {
				continue
			}
			if bi < 0 || float64(c.w)*float64(e.total[e.cubes[bi].party]) > float64(e.cubes[bi].w)*float64(e.total[c.party]) {
				bi = ci
			}
		}
		c := &e.cubes[bi]
		best := c.tightest(box)
		d := c.dims[best]
		in, out := slices.Clone(box), slices.Clone(box)
		in[d] &= c.masks[best]
		out[d] &^= c.masks[best]
		return visit(in) && visit(out)
	}
	root := slices.Clone(e.root)
	if slices.Contains(root, 0) {
		return false, nil
	}
	visit(root)
	if s.err != nil {
		return false, s.err
	}
	return count > limit, nil
}
