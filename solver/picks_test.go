package solver_test

import (
	"context"
	"errors"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver"
)

// drawnSpace returns a copy of s with the weights of draw i under seed, as
// the PickOptions documentation says the draws are made, and whether each
// weight was drawn (by party, then preference).
func drawnSpace(s *model.Space, seed int64, i int, perturb float64) (*model.Space, [][]bool) {
	var drawn [][]bool
	src := rand.NewPCG(uint64(seed), uint64(i))
	out := *s
	out.Parties = slices.Clone(s.Parties)
	for pi := range out.Parties {
		party := &out.Parties[pi]
		party.Preferences = slices.Clone(party.Preferences)
		drawn = append(drawn, make([]bool, len(party.Preferences)))
		for k := range party.Preferences {
			pr := &party.Preferences[k]
			lo, hi := pr.WeightBounds()
			if pr.WeightRange == nil && perturb > 0 {
				lo, hi = pr.Weight*(1-perturb), pr.Weight*(1+perturb)
			}
			if lo < hi {
				pr.Weight = distuv.Uniform{Min: lo, Max: hi, Src: src}.Rand()
				drawn[pi][k] = true
			}
		}
	}
	return &out, drawn
}

// TestPicksDifferential checks each rule's pick under single draws against
// exhaustive search: the space with the drawn weights, every agreeable
// package, the contract's ranking in exact arithmetic.
func TestPicksDifferential(t *testing.T) {
	n := 600
	if short() {
		n = 150
	}
	ctx := context.Background()
	checked, draws, moved := 0, 0, 0
	for seed := int64(0); checked < n && seed < int64(20*n); seed++ {
		o := genOptions(seed)
		o.Feasible = true
		o.Proposals = 0
		o.Parties = 2 + int(seed%3)
		o.PreferencesPerParty = 1 + int(seed/3%3)
		o.Contested = 2
		o.Reservations = seed%3 == 0
		if seed%5 == 3 { // some with step issues (points over phases)
			o = stepOptions(o, seed)
			o.Contested = 2 + o.Steps
		}
		s := scenarios.Generate(o)
		perturb := 0.0
		if seed%4 == 1 {
			perturb = 0.5
		} else {
			scenarios.WithRanges(s, seed)
		}
		if seed%4 == 2 { // decimal fixed weights: float sums that tie only exactly
			for pi := range s.Parties {
				for k := range s.Parties[pi].Preferences {
					if pr := &s.Parties[pi].Preferences[k]; pr.WeightRange == nil {
						pr.Weight = []float64{0.1, 0.2, 0.3, 0.7}[(pi+k)%4]
					}
				}
			}
		}
		p, err := solver.Compile(ctx, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for k := range int64(3) {
			pk, err := p.Picks(ctx, &solver.PickOptions{Samples: 1, Seed: seed*10 + k, Perturb: perturb, Workers: 1})
			if err != nil {
				t.Fatalf("seed %d: Picks: %v", seed, err)
			}
			if pk == nil {
				break // no weight varies
			}
			if !pk.Complete || pk.Samples != 1 {
				t.Fatalf("seed %d: %+v", seed, pk)
			}
			d, drawn := drawnSpace(s, seed*10+k, 0, perturb)
			var vs [][]*big.Rat
			for _, pkg := range allPackages(d) {
				if v, _ := d.Judge(pkg); v.Agreeable {
					vs = append(vs, exactUtils(t, d, drawn, pkg))
				}
			}
			if (pk.Feasible == 1) != (len(vs) > 0) {
				t.Fatalf("seed %d draw %d: Feasible %d, but %d agreeable packages", seed, k, pk.Feasible, len(vs))
			}
			draws++
			if len(vs) == 0 {
				continue
			}
			ideal := make([]*big.Rat, len(d.Parties))
			for i := range ideal {
				for _, v := range vs {
					if ideal[i] == nil || v[i].Cmp(ideal[i]) > 0 {
						ideal[i] = v[i]
					}
				}
			}
			for _, r := range solver.BargainingRules {
				list := pk.Rules[r]
				if len(list) != 1 || list[0].Share != 1 || list[0].Count != 1 {
					t.Fatalf("seed %d draw %d: %v picks %+v", seed, k, r, list)
				}
				pkg := list[0].Package
				if v, _ := d.Judge(pkg); !v.Agreeable {
					t.Fatalf("seed %d draw %d: %v pick %v is not agreeable under the draw", seed, k, r, pkg)
				}
				var best []*big.Rat
				for _, v := range vs {
					if kv := bruteKey(r, d, v, ideal); best == nil || lexCompare(kv, best) > 0 {
						best = kv
					}
				}
				if got := bruteKey(r, d, exactUtils(t, d, drawn, pkg), ideal); lexCompare(got, best) != 0 {
					t.Fatalf("seed %d draw %d: %v pick %v ranks %v, the best ranks %v\n%s", seed, k, r, pkg, got, best, dump(s))
				}
				for _, party := range s.Parties {
					if u, _ := s.Utility(&party, pkg); u != list[0].Utilities[party.ID] {
						t.Fatalf("seed %d: %v utilities %v are not the stated ones", seed, r, list[0].Utilities)
					}
				}
				if st, err := p.Choose(ctx, []solver.FrontierPoint{{Package: pkg}}, r); err != nil || st == nil {
					t.Fatal(err)
				}
			}
			if e, _ := p.Egalitarian(ctx); e != nil && e.Package.String() != pk.Rules[solver.Egalitarian][0].Package.String() {
				moved++
			}
		}
	}
	if draws < n || moved == 0 {
		t.Fatalf("%d draws judged, %d egalitarian picks moved by the draw", draws, moved)
	}
	t.Logf("%d spaces, %d draws judged against exhaustive search; the egalitarian pick moved in %d", checked, draws, moved)
}

// TestPicksReproducible checks that the same seed gives the same shares
// for any number of workers, and that another seed gives other draws.
func TestPicksReproducible(t *testing.T) {
	ctx := context.Background()
	s := scenarios.WithRanges(scenarios.Generate(scenarios.GenOptions{Issues: 8, Parties: 3, PreferencesPerParty: 4,
		Contested: 4, RedLinesPerParty: 1, Feasible: true, Seed: 11}), 11)
	var first *solver.Picks
	for _, w := range []int{1, 2, 3, 8} {
		p, err := solver.Compile(ctx, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		pk, err := p.Picks(ctx, &solver.PickOptions{Samples: 1000, Seed: 7, Workers: w})
		if err != nil || pk == nil {
			t.Fatal(pk, err)
		}
		if pk.Samples != 1000 || pk.Feasible != 1000 || pk.Requested != 1000 || pk.Seed != 7 {
			t.Fatalf("workers %d: %d samples, %d feasible", w, pk.Samples, pk.Feasible)
		}
		for r, list := range pk.Rules {
			total := 0
			for i, x := range list {
				total += x.Count
				if i > 0 && (x.Count > list[i-1].Count || x.Count == list[i-1].Count && x.Package.String() < list[i-1].Package.String()) {
					t.Fatalf("%v: picks out of order: %+v", solver.BargainingRule(r), list)
				}
			}
			if total != 1000 {
				t.Fatalf("%v: counts sum to %d", solver.BargainingRule(r), total)
			}
		}
		if first == nil {
			first = pk
			continue
		}
		if diff := cmp.Diff(first, pk, cmp.Comparer(func(a, b model.Value) bool { return a == b })); diff != "" {
			t.Fatalf("workers %d (-1 worker +%d):\n%s", w, w, diff)
		}
	}
	spread := 0
	for _, list := range first.Rules {
		spread += len(list)
	}
	if spread == 4 {
		t.Fatalf("every rule picks one package in every draw: pick a space whose picks move")
	}
	p, _ := solver.Compile(ctx, s, nil)
	other, err := p.Picks(ctx, &solver.PickOptions{Samples: 1000, Seed: 8})
	if err != nil {
		t.Fatal(err)
	}
	if cmp.Equal(first.Rules, other.Rules, cmp.Comparer(func(a, b model.Value) bool { return a == b })) {
		t.Errorf("seeds 7 and 8 give the same shares")
	}
}

// TestPicksNil checks when there is no study to make.
func TestPicksNil(t *testing.T) {
	ctx := context.Background()
	s := scenarios.Generate(scenarios.GenOptions{Issues: 4, Parties: 2, PreferencesPerParty: 2, Feasible: true, Seed: 3})
	p, err := solver.Compile(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []*solver.PickOptions{nil, {Samples: 10}, {Samples: -1, Perturb: 0.2}} {
		if pk, err := p.Picks(ctx, o); pk != nil || err != nil {
			t.Errorf("%+v: Picks = %+v, %v; want nil", o, pk, err)
		}
	}
	for _, f := range []float64{-0.1, 1, 2} {
		if _, err := p.Picks(ctx, &solver.PickOptions{Perturb: f}); err == nil {
			t.Errorf("perturbation %v accepted", f)
		}
	}
	in := scenarios.WithRanges(scenarios.GenerateInfeasible(scenarios.GenOptions{Issues: 4, Parties: 2, PreferencesPerParty: 2, Seed: 3}, 1), 1)
	q, err := solver.Compile(ctx, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	if pk, err := q.Picks(ctx, &solver.PickOptions{Perturb: 0.2}); pk != nil || err != nil {
		t.Errorf("infeasible space: Picks = %+v, %v", pk, err)
	}
}

// TestPicksDeadline checks that the draws stop at the context's deadline
// and count the draws made.
func TestPicksDeadline(t *testing.T) {
	s := scenarios.WithRanges(scenarios.Generate(scenarios.GenOptions{Issues: 8, Parties: 3, PreferencesPerParty: 4,
		Contested: 4, Feasible: true, Seed: 11}), 11)
	p, err := solver.Compile(context.Background(), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	pk, err := p.Picks(ctx, &solver.PickOptions{Samples: 100_000_000, Seed: 1})
	if !errors.Is(err, context.DeadlineExceeded) || pk == nil {
		t.Fatalf("Picks = %v, %v; want partial picks and the deadline", pk, err)
	}
	t.Logf("stopped after %v", time.Since(start)) // time is measured by benchmarks, not asserted
	if pk.Samples >= pk.Requested || pk.Samples%256 != 0 {
		t.Errorf("%d of %d samples", pk.Samples, pk.Requested)
	}
	for r, list := range pk.Rules {
		total := 0
		for _, x := range list {
			total += x.Count
		}
		if total != pk.Feasible {
			t.Errorf("%v: counts sum to %d of %d", solver.BargainingRule(r), total, pk.Feasible)
		}
	}
	t.Logf("%d samples in 100 ms", pk.Samples)
}

// TestPicksExactTies builds a tie that floating point gets wrong: party a's
// utility is exactly 1/2 in both agreeable packages, but (0.1+0.2)/0.6 and
// 0.3/0.6 differ in floating point; the egalitarian rule must then go by
// party b's utility (leximin), which the second package raises in every
// draw.
func TestPicksExactTies(t *testing.T) {
	ctx := context.Background()
	s, err := model.NewBuilder("ties").Bool("x", "").Bool("y", "").Bool("z", "").
		Rule("one", "(x && y && !z) || (!x && !y && z)").
		Party("a").Prefer("x", 0.1).Prefer("y", 0.2).Prefer("z", 0.3).
		Party("b").Prefer("z", 1).WeightRange(1, 2).Prefer("x", 1).Prefer("true", 2).
		Build()
	if err != nil {
		t.Fatal(err)
	}
	p, err := solver.Compile(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "{x: false, y: false, z: true}"
	e, err := p.Egalitarian(ctx)
	if err != nil || e.Package.String() != want {
		t.Fatalf("Egalitarian = %v, %v; want %s", e, err, want)
	}
	pk, err := p.Picks(ctx, &solver.PickOptions{Samples: 100, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := pk.Rules[solver.Egalitarian]; len(got) != 1 || got[0].Package.String() != want {
		t.Fatalf("egalitarian picks %+v, want %s in every draw", got, want)
	}
}
