package solver

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"maps"
	"math/big"
	"slices"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/model"
)

// FrontierPoint is one point of the Pareto frontier: a utility vector that no
// agreeable package dominates, and one agreeable package that attains it.
type FrontierPoint struct {
	// Utilities are computed by the model's evaluator.
	Utilities map[string]float64
	Package   model.Package
	scaled    []int64
	ex        *exactSlot // the exact utilities, once a ranking needs them
}

// Frontier enumerates the Pareto frontier with the guided improvement
// algorithm (Rayside et al., 2009): find any agreeable package not
// dominated by the points found so far, then repeatedly ask for one that
// is at least as good for every party and strictly better for one, until
// none exists; the last package is Pareto-optimal and is yielded at once,
// and the region it dominates is blocked. Every party's utility bound is a
// decision diagram over its utility terms, shared by all the bounds asked
// of it. Each point is re-scored by the model's evaluator. A space whose
// preferences each score one issue (values or points) and whose packages
// number at most EnumerationLimit is solved without SAT search instead:
// without constraints its frontier is merged issue by issue, otherwise
// every package is enumerated (judged from its scaled utilities when the
// only constraints are reservations, else by the evaluator), which beats
// guided improvement by orders of magnitude on dense domains (see
// BenchmarkDenseAnalyze). A space whose
// preferences include expressions that are all conjunctions of
// conditions on one issue each (weighted "hypercubes", the non-linear
// ANAC shape), whose constraints are such conjunctions too and whose
// domains have at most 64 values gets a branch and bound over the cubes
// instead (see BenchmarkNonlinear); its points are judged by the
// evaluator and checked exactly as well, and come once the frontier is
// whole.
//
// Points come in a deterministic order. Frontiers grow quickly with the
// number of parties: stop ranging (or cancel the context) whenever enough
// points have been seen; every point yielded is on the frontier.
type Frontier struct {
	p        *Problem
	ctx      context.Context
	v        view
	whole    bool // the Problem's own frontier: searched on the scored part when it is small
	err      error
	complete bool
	initErr  error // from building the what-if view, reported by every range
}

// Frontier returns the Pareto frontier of the agreeable packages. Nothing
// is computed until Points is ranged over. When the parties' utilities
// depend on a small part of the space (the independent parts their
// preferences mention hold less than half of the issues), the search runs
// on that part's own instance and every point's package is completed with
// the other issues' values of one agreeable package; so do Utilitarian,
// Egalitarian and Ideal.
func (p *Problem) Frontier(ctx context.Context) *Frontier {
	return &Frontier{p: p, ctx: ctx, v: p.scoped(Scope{}), whole: true}
}

// Err returns the error that ended the last range early, or nil.
func (f *Frontier) Err() error { return f.err }

// Complete reports whether the last range yielded the whole frontier.
func (f *Frontier) Complete() bool { return f.complete }

// Points yields the frontier's points. Blocking clauses are guarded by an
// activation literal retired when the range ends, so later queries on the
// Problem are unaffected.
func (f *Frontier) Points() iter.Seq[FrontierPoint] {
	return func(yield func(FrontierPoint) bool) {
		f.complete, f.err = f.p.iterate(f.ctx, f.initErr, func(ctx context.Context, took bool) (bool, error) {
			yield := unlocked(f.p, took, yield)
			if f.whole {
				o, err := f.p.scoredSub(ctx)
				if err != nil || o != nil {
					if err != nil {
						return false, err
					}
					return f.p.liftFrontier(ctx, o, yield)
				}
			}
			return f.p.frontier(ctx, f.v, yield)
		})
	}
}

// liftFrontier yields the scored part's frontier as the whole space's:
// each point's package completed with the other parts' values of one
// agreeable package (judged agreeable by the whole space's evaluator once,
// when it was found). The scored part's evaluator has judged the point on
// every constraint that mentions an issue the point changes and on every
// preference (all of them lie in the scored part), so the completed
// package is agreeable with the same utilities: the other constraints
// mention only issues whose values it keeps.
func (p *Problem) liftFrontier(ctx context.Context, o *scoredPart, yield func(FrontierPoint) bool) (bool, error) {
	return o.q.frontier(ctx, o.q.scoped(Scope{}), func(pt FrontierPoint) bool {
		pt.Package = o.complete(pt.Package)
		return yield(pt)
	})
}

func (p *Problem) frontier(ctx context.Context, vw view, yield func(FrontierPoint) bool) (bool, error) {
	var found []FrontierPoint // the points yielded, for the certifier
	stopped := false
	if pts, ok, err := p.enumeratedFrontier(ctx, vw); ok || err != nil {
		// Every package is seen, agreeable ones judged by the evaluator
		// (or the cube plan's branch and bound judged and checked every
		// point, see cubeFrontier): no claim rests on the compiled SAT
		// model, so there is nothing for the certifier to re-check (the
		// enumeration is itself the exhaustive check that the certifier
		// would make on a small space).
		for _, pt := range pts {
			pt.Utilities, pt.Package = maps.Clone(pt.Utilities), maps.Clone(pt.Package)
			if !yield(pt) {
				return false, nil
			}
		}
		return ok, err
	}
	complete, err := p.frontierOf(ctx, vw, p.utils(), func(pt FrontierPoint) bool {
		found = append(found, FrontierPoint{Utilities: maps.Clone(pt.Utilities), Package: maps.Clone(pt.Package)})
		stopped = !yield(pt)
		return !stopped
	})
	if err != nil || !(complete || stopped) {
		return complete, err
	}
	return complete, p.certifyFrontier(ctx, vw, found, complete)
}

// frontierOf runs guided improvement over the objectives of u: the points
// yielded are the distinct undominated vectors of u's scaled sums over the
// packages of vw, each with one package (Utilities are the parties').
func (p *Problem) frontierOf(ctx context.Context, vw view, u *utilities, yield func(FrontierPoint) bool) (bool, error) {
	hard := vw.all(p)
	n := len(u.groups)
	act := p.fresh()
	defer p.s.AddClause(act.Not())
	base := append(slices.Clone(hard), act)
	vector := func() []int64 {
		y := make([]int64, n)
		for pi := range y {
			y[pi] = u.scaled(p, pi)
		}
		return y
	}
	// beats returns the literals "party pi gets more than y[pi]".
	beats := func(y []int64) []z.Lit {
		var out []z.Lit
		for pi := range y {
			if m := u.atLeast(p, pi, y[pi]+1); m != p.c.F {
				out = append(out, m)
			}
		}
		return out
	}
	var found [][]int64 // the points so far, each blocked with what it dominates
	seen := &frontierCheck{u: u, own: u == p.utils()}
	for {
		ok, err := p.solve(ctx, base)
		if err != nil {
			return false, err
		}
		if !ok {
			return true, nil
		}
		y, pkg := vector(), p.model()
		for _, f := range found {
			if weaklyBelow(y, f) {
				return false, &InternalError{Msg: "frontier: a model is dominated by a point found before"}
			}
		}
		for steps := 0; ; steps++ {
			if steps == 2*n+2 {
				// A long climb (utilities on a fine scale improve by small
				// steps): finish it with a lexicographic maximum inside
				// the cone of y instead, which is Pareto-optimal.
				var err error
				if y, pkg, err = p.lexMax(ctx, base, u, y); err != nil {
					return false, err
				}
				break
			}
			better := beats(y)
			if len(better) == 0 {
				break // every party at its greatest possible utility
			}
			step := p.fresh()
			atLeast := slices.Clone(base)
			for pi := range y {
				atLeast = append(atLeast, u.atLeast(p, pi, y[pi]))
			}
			p.s.AddClause(append([]z.Lit{step.Not()}, better...)...)
			ok, err := p.solve(ctx, append(atLeast, step))
			var next []int64
			if ok {
				next, pkg = vector(), p.model()
			}
			p.s.AddClause(step.Not())
			if err != nil {
				return false, err
			}
			if !ok {
				break
			}
			for pi := range y {
				if next[pi] < y[pi] {
					return false, &InternalError{Msg: "frontier: an improvement is worse for a party"}
				}
			}
			if slices.Equal(next, y) {
				return false, &InternalError{Msg: "frontier: an improvement is no better"}
			}
			y = next
		}
		v, err := vw.space(p).Judge(pkg)
		if err != nil || !v.Agreeable {
			return false, &InternalError{Msg: fmt.Sprintf("frontier point %v is not agreeable (%v)", pkg, err)}
		}
		fresh, err := seen.add(vw.space(p), pkg, y, v.Utilities)
		if err != nil {
			return false, err
		}
		if fresh && !yield(FrontierPoint{Utilities: v.Utilities, Package: pkg, scaled: y, ex: &exactSlot{}}) {
			return false, nil
		}
		found = append(found, y)
		better := beats(y)
		if len(better) == 0 {
			return true, nil // y dominates every other vector
		}
		p.s.AddClause(append([]z.Lit{act.Not()}, better...)...)
	}
}

// lexMax returns the lexicographic maximum of the parties' scaled
// utilities (party 0 first) over the models of base that give every party
// at least y, and a package attaining it: each party in turn maximised by
// a galloping binary search with the others held at least at their levels
// so far. No vector dominates it (one that did would be in the cone and
// lexicographically greater).
func (p *Problem) lexMax(ctx context.Context, base []z.Lit, u *utilities, y []int64) ([]int64, model.Package, error) {
	y = slices.Clone(y)
	var pkg model.Package
	for pi := range y {
		hard := slices.Clone(base)
		for q := range y {
			hard = append(hard, u.atLeast(p, q, y[q]))
		}
		best, t, err := p.maximize(ctx, hard, func() int64 { return u.scaled(p, pi) }, u.hi[pi],
			func(t int64) []z.Lit { return []z.Lit{u.atLeast(p, pi, t)} })
		if err != nil {
			return nil, nil, err
		}
		if best == nil {
			return nil, nil, &InternalError{Msg: "frontier: the cone of a model has no model"}
		}
		// The last model found attains t for pi; read every party's level
		// from a model that holds them all.
		hard = append(hard, u.atLeast(p, pi, t))
		ok, err := p.solve(ctx, hard)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			return nil, nil, &InternalError{Msg: "frontier: a maximum found has no model"}
		}
		for q := range y {
			if v := u.scaled(p, q); v < y[q] {
				return nil, nil, &InternalError{Msg: "frontier: a lexicographic step is worse for a party"}
			} else {
				y[q] = v
			}
		}
		pkg = p.model()
	}
	return y, pkg, nil
}

// BestPoint returns the frontier point that rule r prefers, or nil for an empty
// frontier. ideal is needed by KalaiSmorodinsky only. Ties between equal
// scores are broken as the report contract says, so that the choice is
// never dominated by another point: the egalitarian and
// Kalai–Smorodinsky rules by leximin (the smallest utility, or normalised
// gain, first, then the next smallest, …), the Nash rule by the greatest
// sum after the greatest product; points that still tie keep their order
// in points. The comparison is exact: it recomputes each package's
// utilities as rationals from the weights and scores (read as the shortest
// decimals of their floats), and takes each party's ideal exactly from
// the points whose utility is within 1e-9 of it, the greatest (else from
// its shortest decimal). The Nash and Kalai–Smorodinsky choices over the
// whole agreeable set always lie on the Pareto frontier (a package that
// dominates another scores at least as well under both), so BestPoint over a
// complete frontier is exact for them; for the utilitarian and
// egalitarian rules prefer Problem.Utilitarian and Problem.Egalitarian,
// which do not need the frontier.
func BestPoint(s *model.Space, points []FrontierPoint, r BargainingRule, ideal map[string]float64) *FrontierPoint {
	top := topK(s, points, r, ideal, 1)
	if len(top) == 0 {
		return nil
	}
	return &top[0]
}

// topK returns the k frontier points that rule r ranks first, best first,
// ranked as Best ranks them (equal ranks in their order in points). It
// returns nil when a package is not a complete package of s.
func topK(s *model.Space, points []FrontierPoint, r BargainingRule, ideal map[string]float64, k int) []FrontierPoint {
	idx, err := rank(s, points, r, ideal)
	if err != nil {
		return nil
	}
	out := make([]FrontierPoint, 0, min(k, len(points)))
	for _, i := range idx[:min(k, len(idx))] {
		out = append(out, points[i])
	}
	return out
}

// weaklyBelow reports whether y is at most f in every coordinate.
func weaklyBelow(y, f []int64) bool {
	for i := range y {
		if y[i] > f[i] {
			return false
		}
	}
	return true
}

// frontierCheck checks each new frontier point against the points
// yielded so far: it must differ from every one and neither dominate nor
// be dominated by any. On an exact scale the scaled sums are the exact
// values, so a failure is a bug (an InternalError); for the parties'
// utilities the scaled sums are also checked against the model's exact
// evaluator. On a fixed-point scale two packages whose exact utilities tie
// can round to different scaled sums, so for the parties' utilities the
// points are compared in exact rationals (ExactUtility) and a point equal
// to or dominated by an earlier one is left out; a point that dominates an
// earlier one can then only do so where the earlier one was within the
// scale's error (see Precision) of not being dominated.
type frontierCheck struct {
	u      *utilities
	own    bool // u is the parties' utilities (not other objectives)
	scaled [][]int64
	vecs   [][]*big.Rat
	floats [][]float64 // the evaluator's float utilities, to rule out most comparisons cheaply
	pkgs   []model.Package
}

// floatSlack bounds the difference between the evaluator's float utility
// and the exact one (a utility is a weighted mean of scores in [0, 1]:
// its float rounding error is a few ulps of 1).
const floatSlack = 1e-9

// add checks the point of package pkg, whose scaled sums are y, in space s
// and records it; fresh is false when it must be left out.
func (c *frontierCheck) add(s *model.Space, pkg model.Package, y []int64, utils map[string]float64) (fresh bool, err error) {
	if c.u.exact {
		if c.own {
			if err := c.sameAsEvaluator(s, pkg, y); err != nil {
				return false, err
			}
		}
		for _, old := range c.scaled {
			if geq, leq := compareVec(len(y), func(i int) int { return cmp.Compare(y[i], old[i]) }); geq || leq {
				return false, &InternalError{Msg: fmt.Sprintf("frontier point %v equals or is comparable with an earlier point", pkg)}
			}
		}
		c.scaled = append(c.scaled, slices.Clone(y))
		return true, nil
	}
	if !c.own {
		return true, nil
	}
	var vec []*big.Rat // exact utilities, computed when a comparison needs them
	fl := make([]float64, len(s.Parties))
	for i, party := range s.Parties {
		fl[i] = utils[party.ID]
	}
	for k, old := range c.vecs {
		// The evaluator's float utilities are within far less than
		// floatSlack of the exact ones: a coordinate greater by more is
		// greater exactly, and the point is not dominated by this one.
		greater := false
		for i := range fl {
			greater = greater || fl[i] > c.floats[k][i]+floatSlack
		}
		if greater {
			continue
		}
		if old == nil {
			var err error
			if old, err = exactUtilities(s, c.pkgs[k]); err != nil {
				return false, &InternalError{Msg: fmt.Sprintf("frontier point %v: %v", c.pkgs[k], err)}
			}
			c.vecs[k] = old
		}
		if vec == nil {
			var err error
			if vec, err = exactUtilities(s, pkg); err != nil {
				return false, &InternalError{Msg: fmt.Sprintf("frontier point %v: %v", pkg, err)}
			}
		}
		if _, leq := compareVec(len(vec), func(i int) int { return vec[i].Cmp(old[i]) }); leq {
			return false, nil // equal to or dominated by an earlier point
		}
	}
	c.vecs = append(c.vecs, vec) // nil until a comparison needs it
	c.floats = append(c.floats, fl)
	c.pkgs = append(c.pkgs, pkg)
	return true, nil
}

// sameAsEvaluator checks, on an exact scale, that the scaled sums y of pkg
// are the model's exact utilities times the scale.
func (c *frontierCheck) sameAsEvaluator(s *model.Space, pkg model.Package, y []int64) error {
	vec, err := exactUtilities(s, pkg)
	if err != nil {
		return &InternalError{Msg: fmt.Sprintf("frontier point %v: %v", pkg, err)}
	}
	for i := range vec {
		if vec[i].Mul(vec[i], c.u.factor).Cmp(new(big.Rat).SetInt64(y[i])) != 0 {
			return &InternalError{Msg: fmt.Sprintf("frontier point %v: %s's scaled utility %d is not the evaluator's %s", pkg, s.Parties[i].ID, y[i], vec[i].RatString())}
		}
	}
	return nil
}

// compareVec compares two vectors of length n coordinate by coordinate
// (d(i) is the sign of a[i] - b[i]): geq when a >= b everywhere, leq when
// a <= b everywhere (both when equal).
func compareVec(n int, d func(i int) int) (geq, leq bool) {
	geq, leq = true, true
	for i := range n {
		c := d(i)
		geq = geq && c >= 0
		leq = leq && c <= 0
	}
	return geq, leq
}
