package solver

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/zopa-go/zopa/internal/decimal"
	"github.com/zopa-go/zopa/model"
)

// PickOptions configure Problem.Picks. The zero value means the defaults.
type PickOptions struct {
	// Samples is the number of draws; 0 means 1,000, a negative number
	// none (Picks returns nil).
	Samples int
	// Seed seeds the draws; every seed, 0 included, is used as given (the
	// analyze command's default is 1).
	Seed int64
	// Perturb, in [0, 1), lets every weight without a judgment range vary
	// uniformly in [w·(1−Perturb), w·(1+Perturb)]; 0 leaves them fixed.
	Perturb float64
	// Workers is the number of goroutines that judge the draws; 0 means
	// GOMAXPROCS. The results do not depend on it.
	Workers int
	// MaxCandidates bounds the packages any draw can pick, enumerated
	// before the draws (see Picks); 0 means 10,000.
	MaxCandidates int
}

// Picks is a Monte Carlo study of how the bargaining rules' choices move
// with the preference weights.
type Picks struct {
	// Samples is the number of draws made: Requested, or fewer when the
	// context ended first (the draws made are always the first ones of the
	// seeded sequence).
	Samples, Requested int
	Seed               int64
	// Feasible counts the draws under which some package is agreeable
	// (fewer than Samples only when a party with a reservation has weights
	// that vary); shares are fractions of it.
	Feasible int
	// Candidates is the number of packages any draw could pick, and
	// Complete whether that list is whole (when it is not, each draw's
	// pick is the best of the candidates found).
	Candidates int
	Complete   bool
	// Rules holds each rule's picks, indexed by BargainingRule.
	Rules [4][]Pick
}

// Pick is one package that a rule chose in some draws.
type Pick struct {
	// Count is the number of draws that chose the package, Share that
	// number over Picks.Feasible.
	Count int
	Share float64
	// Utilities are the parties' utilities with the stated weights.
	Utilities map[string]float64
	Package   model.Package
}

// Picks draws every preference weight that has a judgment range
// (model.Preference.WeightRange; with o.Perturb > 0 also the others)
// independently and uniformly from its range, o.Samples times, and
// records each rule's best package under the drawn weights — ties broken
// as Best breaks them. It returns nil when no weight varies, when
// o.Samples is negative, or when the space is infeasible at the stated
// weights.
//
// Draw i (from 0) takes its weights from gonum's distuv.Uniform on a PCG
// source seeded with (o.Seed, i): one number per varying weight, in party
// order, then preference order. Draws are judged by o.Workers goroutines,
// and the result is the same for any number of them.
//
// Each draw's pick is exact, without compiling anything per draw. A
// package whose scores are at least another's on every preference with a
// varying weight, and on the sum of each party's fixed-weight terms, is at
// least as good for every party under every draw (and meets every
// reservation the other meets). Every rule's pick is Pareto-optimal under
// the draw's weights, so it is among the packages that no other dominates
// in that sense (one per distinct score vector). Those candidates are
// enumerated once, by guided improvement over one objective per varying
// weight and one per party's fixed part, with the reservations of parties
// whose weights vary left out and checked per draw instead. Each draw
// then scores the candidates in floating point, as the model's evaluator
// does, and compares two candidates again exactly, in rationals, whenever
// their keys are within 1e-9 of each other; exact ties go to the candidate
// whose canonical text comes first. When the context ends, the draws
// judged so far are counted (the longest complete prefix of the sequence)
// and the context's error is returned with them.
func (p *Problem) Picks(ctx context.Context, o *PickOptions) (_ *Picks, err error) {
	defer p.enter(&ctx, &err)()
	if o == nil {
		o = &PickOptions{}
	}
	if o.Perturb < 0 || o.Perturb >= 1 || math.IsNaN(o.Perturb) {
		return nil, fmt.Errorf("solver: perturbation %v out of [0, 1)", o.Perturb)
	}
	samples := o.Samples
	if samples == 0 {
		samples = 1000
	}
	maxCand := o.MaxCandidates
	if maxCand <= 0 {
		maxCand = 10_000
	}
	if samples < 0 {
		return nil, nil
	}
	mc := p.newCarlo(o.Perturb)
	if len(mc.varying) == 0 {
		return nil, nil
	}
	if _, ok, err := p.Feasible(ctx); err != nil || !ok {
		return nil, err
	}
	complete, err := mc.candidates(ctx, maxCand)
	if err != nil {
		return nil, err
	}
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// Draws are judged in blocks; a finished block is merged into the
	// counts as soon as every block before it is, so the draws counted are
	// always the first ones, whatever the number of workers.
	const block = 256
	blocks := (samples + block - 1) / block
	counts := [4][]int{}
	for r := range counts {
		counts[r] = make([]int, len(mc.cands))
	}
	out := &Picks{Requested: samples, Seed: o.Seed, Candidates: len(mc.cands), Complete: complete}
	var mu sync.Mutex
	pending := map[int][][4]int{}
	merged := 0
	merge := func(b int, res [][4]int) {
		mu.Lock()
		defer mu.Unlock()
		pending[b] = res
		for {
			res, ok := pending[merged]
			if !ok {
				return
			}
			delete(pending, merged)
			merged++
			out.Samples += len(res)
			for _, pk := range res {
				if pk[0] < 0 {
					continue
				}
				out.Feasible++
				for r, c := range pk {
					counts[r][c]++
				}
			}
		}
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, blocks) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e := mc.evaluator()
			draw := make([]float64, len(mc.varying))
			for {
				b := int(next.Add(1) - 1)
				if b >= blocks {
					return
				}
				res := make([][4]int, 0, block)
				for i := b * block; i < min(samples, (b+1)*block); i++ {
					if ctx.Err() != nil {
						return
					}
					mc.draw(o.Seed, i, draw)
					res = append(res, e.judge(draw))
				}
				merge(b, res)
			}
		}()
	}
	wg.Wait()
	for r := range counts {
		list := []Pick{}
		for c, n := range counts[r] {
			if n == 0 {
				continue
			}
			us := map[string]float64{}
			for i := range p.space.Parties {
				party := &p.space.Parties[i]
				if us[party.ID], err = p.space.Utility(party, mc.cands[c]); err != nil {
					return nil, &InternalError{Msg: fmt.Sprintf("picks: %v: %v", mc.cands[c], err)}
				}
			}
			list = append(list, Pick{Count: n, Share: float64(n) / float64(out.Feasible), Utilities: us, Package: mc.cands[c]})
		}
		// Most chosen first; equal counts by the package's canonical text.
		slices.SortStableFunc(list, func(a, b Pick) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Package.String(), b.Package.String()))
		})
		out.Rules[r] = list
	}
	if out.Samples < samples {
		return out, ctx.Err()
	}
	return out, nil
}

// varying is one preference weight that the draws vary.
type varying struct {
	party, pref int
	lo, hi      float64
}

// draw fills w with the weights of draw i: one uniform number per varying
// weight, from distuv.Uniform on a PCG source seeded with (seed, i).
func (mc *carlo) draw(seed int64, i int, w []float64) {
	src := rand.NewPCG(uint64(seed), uint64(i))
	for j, v := range mc.varying {
		w[j] = distuv.Uniform{Min: v.lo, Max: v.hi, Src: src}.Rand()
	}
}

// carlo is what the draws need: the candidates and their scores.
type carlo struct {
	p       *Problem
	varying []varying
	// slot[party][pref] is the index into a draw of that weight, or -1.
	slot  [][]int
	cands []model.Package
	// score[c][party][pref]: candidate c's score of that preference, as a
	// float and as the exact decimal the solver reads.
	score  [][][]float64
	scoreR [][][]*big.Rat
	res    []*big.Rat // reservations (0 when unset)
	resF   []float64
	hasRes []bool
	// checkRes[party]: the party's reservation is checked per draw.
	checkRes []bool
}

func (p *Problem) newCarlo(perturb float64) *carlo {
	mc := &carlo{p: p, res: reservations(p.space)}
	for pi := range p.space.Parties {
		party := &p.space.Parties[pi]
		mc.slot = append(mc.slot, make([]int, len(party.Preferences)))
		d := 0.0
		if party.Reservation != nil {
			d = *party.Reservation
		}
		mc.resF = append(mc.resF, d)
		mc.hasRes = append(mc.hasRes, party.Reservation != nil)
		mc.checkRes = append(mc.checkRes, false)
		for i := range party.Preferences {
			pr := &party.Preferences[i]
			lo, hi := pr.WeightBounds()
			if pr.WeightRange == nil && perturb > 0 {
				lo, hi = pr.Weight*(1-perturb), pr.Weight*(1+perturb)
			}
			mc.slot[pi][i] = -1
			if lo < hi {
				mc.slot[pi][i] = len(mc.varying)
				mc.varying = append(mc.varying, varying{party: pi, pref: i, lo: lo, hi: hi})
				mc.checkRes[pi] = party.Reservation != nil
			}
		}
	}
	return mc
}

// candidates enumerates the packages that some draw may pick (see Picks),
// at most max of them, sorted by their canonical text, and says whether
// the list is whole.
func (mc *carlo) candidates(ctx context.Context, max int) (bool, error) {
	p := mc.p
	var objs [][]objTerm
	var off []model.Ref
	for pi := range p.space.Parties {
		party := &p.space.Parties[pi]
		var fixed []objTerm
		for i := range party.Preferences {
			pr := &party.Preferences[i]
			if mc.slot[pi][i] >= 0 {
				objs = append(objs, []objTerm{{pref: pr, w: big.NewRat(1, 1)}})
			} else {
				fixed = append(fixed, objTerm{pref: pr, w: decimal.Rat(pr.Weight)})
			}
		}
		if len(fixed) > 0 {
			objs = append(objs, fixed)
		}
		if mc.checkRes[pi] {
			off = append(off, model.Ref{Party: party.ID, Constraint: "reservation", Kind: model.ReservationKind})
		}
	}
	dropped := map[int]bool{}
	for _, r := range off {
		dropped[p.byRef[r]] = true
	}
	vw := p.scopedWithout(Scope{}, dropped)
	if len(off) > 0 {
		var err error
		if vw.judge, err = p.space.Concede(off...); err != nil {
			return false, &InternalError{Msg: err.Error()}
		}
	}
	u := p.encode(objs)
	complete, err := p.frontierAny(ctx, vw, u, func(pt FrontierPoint) bool {
		mc.cands = append(mc.cands, pt.Package)
		return len(mc.cands) < max
	})
	if err != nil {
		return false, err
	}
	slices.SortFunc(mc.cands, func(a, b model.Package) int { return cmp.Compare(a.String(), b.String()) })
	for _, c := range mc.cands {
		var sf [][]float64
		var sr [][]*big.Rat
		for pi := range p.space.Parties {
			party := &p.space.Parties[pi]
			fs := make([]float64, len(party.Preferences))
			rs := make([]*big.Rat, len(party.Preferences))
			for i := range party.Preferences {
				sc, err := p.space.ExactScore(&party.Preferences[i], c)
				if err != nil {
					return false, &InternalError{Msg: fmt.Sprintf("picks: %v: %v", c, err)}
				}
				fs[i], _ = sc.Float64()
				rs[i] = sc
			}
			sf, sr = append(sf, fs), append(sr, rs)
		}
		mc.score, mc.scoreR = append(mc.score, sf), append(mc.scoreR, sr)
	}
	return complete, nil
}

// keyEps is the margin below which two floating-point keys are compared
// again exactly.
const keyEps = 1e-9

// drawEval judges draws; each worker has its own.
type drawEval struct {
	mc     *carlo
	draw   []float64   // the draw's weights, by slot
	u      [][]float64 // per candidate: the parties' utilities
	ok     []bool
	exact  [][]*big.Rat // per candidate, lazily
	keys   [][]float64
	ideal  []float64
	idealR []*big.Rat
	ks     []bool // parties in the Kalai–Smorodinsky minimum
	ksSure bool
}

func (mc *carlo) evaluator() *drawEval {
	n := len(mc.cands)
	e := &drawEval{mc: mc, u: make([][]float64, n), ok: make([]bool, n), exact: make([][]*big.Rat, n), keys: make([][]float64, n)}
	for c := range e.u {
		e.u[c] = make([]float64, len(mc.p.space.Parties))
	}
	return e
}

// weight returns the weight of party pi's preference i in the current
// draw.
func (e *drawEval) weight(pi, i int) float64 {
	if k := e.mc.slot[pi][i]; k >= 0 {
		return e.draw[k]
	}
	return e.mc.p.space.Parties[pi].Preferences[i].Weight
}

// judge returns each rule's pick (an index into the candidates) under the
// weights of draw, or -1s when no candidate is agreeable.
func (e *drawEval) judge(draw []float64) [4]int {
	mc, s := e.mc, e.mc.p.space
	e.draw = draw
	var agree []int
	for c := range mc.cands {
		e.exact[c] = nil
		ok := true
		for pi := range s.Parties {
			prefs := s.Parties[pi].Preferences
			if len(prefs) == 0 {
				e.u[c][pi] = 1
				continue
			}
			// The evaluator's order of operations, so that reservations
			// are judged exactly as model.Space.Utility would.
			var sum, wsum float64
			for i := range prefs {
				w := e.weight(pi, i)
				sum += w * mc.score[c][pi][i]
				wsum += w
			}
			e.u[c][pi] = sum / wsum
			if mc.checkRes[pi] && !model.MeetsReservation(e.u[c][pi], mc.resF[pi]) {
				ok = false
			}
		}
		e.ok[c] = ok
		if ok {
			agree = append(agree, c)
		}
	}
	if len(agree) == 0 {
		return [4]int{-1, -1, -1, -1}
	}
	var out [4]int
	for _, r := range BargainingRules {
		if r == KalaiSmorodinsky {
			e.prepareKS(agree)
		}
		best := agree[0]
		e.keys[best] = e.floatKey(r, best)
		for _, c := range agree[1:] {
			e.keys[c] = e.floatKey(r, c)
			if e.better(r, c, best) {
				best = c
			}
		}
		out[r] = best
	}
	return out
}

// prepareKS finds the ideal point of the draw over the agreeable
// candidates and the parties in the Kalai–Smorodinsky minimum.
func (e *drawEval) prepareKS(agree []int) {
	n := len(e.mc.p.space.Parties)
	e.ideal = e.ideal[:0]
	e.idealR = nil
	e.ks = e.ks[:0]
	e.ksSure = true
	for pi := range n {
		m := math.Inf(-1)
		for _, c := range agree {
			m = max(m, e.u[c][pi])
		}
		e.ideal = append(e.ideal, m)
		span := m - e.mc.resF[pi]
		e.ks = append(e.ks, span > 0)
		if span < 1e-6 {
			e.ksSure = false // compare exactly: the span may be 0
		}
	}
	if !e.ksSure {
		e.idealR = make([]*big.Rat, n)
		for pi := range n {
			for _, c := range agree {
				if u := e.exactOf(c)[pi]; e.idealR[pi] == nil || u.Cmp(e.idealR[pi]) > 0 {
					e.idealR[pi] = u
				}
			}
		}
	}
}

// floatKey is keyOf in floating point.
func (e *drawEval) floatKey(r BargainingRule, c int) []float64 {
	us := e.u[c]
	k := e.keys[c][:0]
	switch r {
	case Utilitarian:
		var sum float64
		for _, u := range us {
			sum += u
		}
		k = append(k, sum)
	case Egalitarian:
		k = append(k, us...)
		slices.Sort(k)
	case Nash:
		prod, sum := 1.0, 0.0
		for pi, u := range us {
			prod *= u - e.mc.resF[pi]
			sum += u
		}
		k = append(k, prod, sum)
	case KalaiSmorodinsky:
		for pi, u := range us {
			if e.ks[pi] {
				k = append(k, (u-e.mc.resF[pi])/(e.ideal[pi]-e.mc.resF[pi]))
			}
		}
		if len(k) == 0 {
			k = append(k, 1)
		}
		slices.Sort(k)
	}
	return k
}

// better reports whether candidate c ranks strictly above candidate b
// under rule r in the current draw.
func (e *drawEval) better(r BargainingRule, c, b int) bool {
	if r != KalaiSmorodinsky || e.ksSure {
		// Only the first element decides in floating point: when it is
		// within keyEps the exact first elements may still differ, and
		// the later ones must not decide then.
		kc, kb := e.keys[c], e.keys[b]
		if len(kc) > 0 && len(kb) > 0 {
			if d := kc[0] - kb[0]; math.Abs(d) > keyEps {
				return d > 0
			}
		}
	}
	// Too close to call in floating point: compare exactly.
	var ideal []*big.Rat
	if r == KalaiSmorodinsky {
		ideal = e.idealR
		if ideal == nil {
			ideal = make([]*big.Rat, len(e.ideal))
			e.idealR = ideal
			for pi := range ideal {
				for c2 := range e.mc.cands {
					if e.ok[c2] {
						if u := e.exactOf(c2)[pi]; ideal[pi] == nil || u.Cmp(ideal[pi]) > 0 {
							ideal[pi] = u
						}
					}
				}
			}
		}
	}
	return compareKeys(keyOf(r, e.exactOf(c), e.mc.res, ideal), keyOf(r, e.exactOf(b), e.mc.res, ideal)) > 0
}

// exactOf returns candidate c's utilities in the current draw as exact
// rationals: drawn weights are the binary fractions drawn, fixed ones the
// decimals the file states.
func (e *drawEval) exactOf(c int) []*big.Rat {
	if e.exact[c] != nil {
		return e.exact[c]
	}
	s := e.mc.p.space
	out := make([]*big.Rat, len(s.Parties))
	for pi := range s.Parties {
		prefs := s.Parties[pi].Preferences
		if len(prefs) == 0 {
			out[pi] = big.NewRat(1, 1)
			continue
		}
		sum, wsum := new(big.Rat), new(big.Rat)
		for i := range prefs {
			var w *big.Rat
			if k := e.mc.slot[pi][i]; k >= 0 {
				w = new(big.Rat).SetFloat64(e.draw[k])
			} else {
				w = decimal.Rat(prefs[i].Weight)
			}
			wsum.Add(wsum, w)
			sum.Add(sum, w.Mul(w, e.mc.scoreR[c][pi][i]))
		}
		out[pi] = sum.Quo(sum, wsum)
	}
	e.exact[c] = out
	return out
}
