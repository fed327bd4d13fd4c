package solver_test

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver"
)

// TestFrontierMergeDifferential checks that the frontier of a space
// without constraints merged issue by issue is the one that enumerating
// every package finds: the same points with the same packages (the first
// in the enumeration's order among equal utilities) in the same order, on
// dense spaces with random 16-digit values and with Genius-like values
// that tie often.
func TestFrontierMergeDifferential(t *testing.T) {
	n := 120
	if short() {
		n = 30
	}
	ctx := context.Background()
	for seed := range int64(n) {
		o := scenarios.DenseOptions{Parties: 2 + int(seed%4), Issues: 2 + int(seed/4%3), Options: 2 + int(seed/12%4), Seed: seed}
		if seed%2 == 1 {
			o.Levels = 2 + int(seed%5)
		}
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			s := scenarios.GenerateDense(o)
			frontier := func(merge bool) []solver.FrontierPoint {
				defer solver.SetFrontierMerge(merge)()
				p, err := solver.Compile(ctx, s, nil)
				if err != nil {
					t.Fatal(err)
				}
				f := p.Frontier(ctx)
				var out []solver.FrontierPoint
				for pt := range f.Points() {
					out = append(out, pt)
				}
				if f.Err() != nil || !f.Complete() {
					t.Fatalf("merge %v: %v", merge, f.Err())
				}
				return out
			}
			want, got := frontier(false), frontier(true)
			restore := solver.SetMergeLimit(4) // gives up at once: enumerated after all
			gaveUp := frontier(true)
			restore()
			eq := cmp.Comparer(func(a, b model.Value) bool { return a == b })
			opt := cmp.Transformer("point", func(pt solver.FrontierPoint) struct {
				U map[string]float64
				P model.Package
			} {
				return struct {
					U map[string]float64
					P model.Package
				}{pt.Utilities, pt.Package}
			})
			if diff := cmp.Diff(want, got, eq, opt); diff != "" {
				t.Fatalf("merged frontier (-enumerated +merged):\n%s", diff)
			}
			if diff := cmp.Diff(want, gaveUp, eq, opt); diff != "" {
				t.Fatalf("merge given up (-enumerated +after giving up):\n%s", diff)
			}
		})
	}
}

// TestScanDifferential compares the scan of dense spaces whose only
// constraints are reservations (feasibility, the frontier, the agreeable
// count and the ZOPA from one pass over every package) with the other
// paths (SAT, the frontier judged by the evaluator, counting by boxes or
// the evaluator, the ZOPA by SAT), with reservations at random and at the utility of a
// random package, and with the band in which the evaluator decides a
// reservation widened so that it decides most packages.
func TestScanDifferential(t *testing.T) {
	n := 90
	if short() {
		n = 24
	}
	ctx := context.Background()
	for seed := range int64(n) {
		o := scenarios.DenseOptions{Parties: 2 + int(seed%3), Issues: 2 + int(seed/3%3), Options: 2 + int(seed/9%3), Seed: seed,
			Reservation: 0.3 + 0.1*float64(seed%5)}
		if seed%2 == 1 {
			o.Levels = 2 + int(seed%5)
		}
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			s := scenarios.GenerateDense(o)
			pkg := model.Package{}
			for i, is := range s.Issues {
				pkg[is.ID] = model.OptionValue(is.Options[(int(seed)+i)%len(is.Options)])
			}
			switch seed % 3 {
			case 1: // a reservation at some package's utility
				u, err := s.Utility(&s.Parties[0], pkg)
				if err != nil {
					t.Fatal(err)
				}
				s.Parties[0].Reservation = &u
			case 2: // values 0, 1/2 or 1 and weights 1, and a reservation whose threshold is some package's utility exactly
				for pi := range s.Parties {
					for i := range s.Parties[pi].Preferences {
						pr := &s.Parties[pi].Preferences[i]
						pr.Weight = 1
						for k, v := range pr.Values {
							pr.Values[k] = math.Round(v*2) / 2
						}
					}
				}
				u, err := s.ExactUtility(&s.Parties[0], pkg)
				if err != nil {
					t.Fatal(err)
				}
				if f, _ := new(big.Rat).SetString(u.FloatString(11)); u.Cmp(big.NewRat(1, 1)) >= 0 || f.Cmp(u) != 0 {
					break // 1, or not a decimal of 11 digits (3 issues: thirds)
				}
				d, err := strconv.ParseFloat(u.FloatString(20)[:13]+"1", 64) // u + 1e-12
				if err != nil || model.ReservationThreshold(d).Cmp(u) != 0 {
					t.Fatalf("reservation %v: threshold %v, want %v (%v)", d, model.ReservationThreshold(d), u, err)
				}
				s.Parties[0].Reservation = &d
				for pi := 1; pi < len(s.Parties); pi++ {
					s.Parties[pi].Reservation = nil // so that the package's fate is the threshold's
				}
			}
			type result struct {
				Feasible bool
				Count    int64
				Exact    bool
				ZOPA     map[string]solver.Range
				Points   []string
			}
			analyse := func(on bool, slack int64) result {
				defer solver.SetScan(on, slack)()
				p, err := solver.Compile(ctx, s, nil)
				if err != nil {
					t.Fatal(err)
				}
				var r result
				var w model.Package
				if w, r.Feasible, err = p.Feasible(ctx); err != nil {
					t.Fatal(err)
				}
				if v, err := s.Judge(w); r.Feasible && (err != nil || !v.Agreeable) {
					t.Fatalf("scan %v: witness %v is not agreeable (%v)", on, w, err)
				}
				if r.Count, r.Exact, err = p.Count(ctx, 0); err != nil {
					t.Fatal(err)
				}
				if r.ZOPA, err = p.ZOPA(ctx); err != nil {
					t.Fatal(err)
				}
				f := p.Frontier(ctx)
				for pt := range f.Points() {
					r.Points = append(r.Points, fmt.Sprint(pt.Utilities, pt.Package))
				}
				if f.Err() != nil || !f.Complete() {
					t.Fatalf("scan %v: %v", on, f.Err())
				}
				return r
			}
			want := analyse(false, 0)
			eq := cmp.Comparer(func(a, b model.Value) bool { return a == b })
			for _, slack := range []int64{0, 1 << 50} {
				if diff := cmp.Diff(want, analyse(true, slack), eq); diff != "" {
					t.Fatalf("slack %d (-other paths +scan):\n%s", slack, diff)
				}
			}
		})
	}
}
