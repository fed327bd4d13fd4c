package zopa_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver"
	"github.com/zopa-go/zopa/solver/report"
)

// enumerateFrontier is the baseline of BenchmarkDenseFrontier: what
// Genius and NegMAS do, a plain loop over every package of a space without
// constraints whose preferences each score one choice issue, with the
// utilities updated per issue in float64 and the undominated vectors kept
// in a list. It returns the number of frontier points.
func enumerateFrontier(s *model.Space) int {
	np, ni := len(s.Parties), len(s.Issues)
	contrib := make([][][]float64, ni) // issue, option, party
	for i, is := range s.Issues {
		contrib[i] = make([][]float64, len(is.Options))
		for k, o := range is.Options {
			contrib[i][k] = make([]float64, np)
			for pi, p := range s.Parties {
				wsum := 0.0
				for _, pr := range p.Preferences {
					wsum += pr.Weight
				}
				for _, pr := range p.Preferences {
					if pr.Issue == is.ID {
						contrib[i][k][pi] += pr.Weight / wsum * pr.Values[o]
					}
				}
			}
		}
	}
	idx := make([]int, ni)
	u := make([]float64, np)
	var front [][]float64
	for {
		clear(u)
		for i, k := range idx {
			for pi := range u {
				u[pi] += contrib[i][k][pi]
			}
		}
		dominated := false
		for _, f := range front {
			ge := true
			for pi := range u {
				if f[pi] < u[pi] {
					ge = false
					break
				}
			}
			if ge {
				dominated = true
				break
			}
		}
		if !dominated {
			keep := front[:0]
			for _, f := range front {
				for pi := range u {
					if f[pi] > u[pi] {
						keep = append(keep, f)
						break
					}
				}
			}
			front = append(keep, append([]float64(nil), u...))
		}
		i := 0
		for ; i < ni; i++ {
			if idx[i]++; idx[i] < len(s.Issues[i].Options) {
				break
			}
			idx[i] = 0
		}
		if i == ni {
			return len(front)
		}
	}
}

// BenchmarkDenseFrontier measures the whole Pareto frontier of dense
// additive spaces (scenarios.GenerateDense: choice issues, 16-digit
// weights and values, 15,625 to 117,649 packages, hundreds to thousands of
// points), compile included, against a plain enumerator in the same run;
// it reports both times, their ratio and the points. The analysis case
// runs the whole report (-format json) instead of the frontier alone.
func BenchmarkDenseFrontier(b *testing.B) {
	ctx := context.Background()
	for _, c := range []struct {
		parties, issues, options int
		analysis                 bool
	}{{3, 6, 5, false}, {3, 6, 7, false}, {4, 6, 7, false}, {5, 6, 7, false}, {3, 6, 5, true}} {
		name := fmt.Sprintf("parties=%d/issues=%d/options=%d", c.parties, c.issues, c.options)
		if c.analysis {
			name += "/analysis"
		}
		b.Run(name, func(b *testing.B) {
			s := scenarios.GenerateDense(scenarios.DenseOptions{Parties: c.parties, Issues: c.issues, Options: c.options, Seed: 1})
			var enum, zopa time.Duration
			var want, points, loops int
			for b.Loop() {
				loops++
				t0 := time.Now()
				want = enumerateFrontier(s)
				enum += time.Since(t0)
				t0 = time.Now()
				if c.analysis {
					r, err := report.Analyze(ctx, s, &report.Options{Lean: true})
					if err != nil {
						b.Fatal(err)
					}
					points = len(r.Pareto.Points)
				} else {
					p, err := solver.Compile(ctx, s, nil)
					if err != nil {
						b.Fatal(err)
					}
					f := p.Frontier(ctx)
					points = 0
					for range f.Points() {
						points++
					}
					if f.Err() != nil || !f.Complete() {
						b.Fatal(f.Err())
					}
				}
				zopa += time.Since(t0)
			}
			if !c.analysis && points != want {
				b.Fatalf("zopa found %d frontier points, the enumerator %d", points, want)
			}
			b.ReportMetric(float64(enum.Microseconds())/1000/float64(loops), "enum-ms/op")
			b.ReportMetric(float64(zopa.Microseconds())/1000/float64(loops), "zopa-ms/op")
			b.ReportMetric(float64(zopa)/float64(enum), "zopa/enum")
			b.ReportMetric(float64(points), "points")
		})
	}
}

// BenchmarkNonlinear measures the Pareto frontier of spaces of the ANAC
// 2014 non-linear shape (scenarios.GenerateNonlinear: 2 parties, int
// issues of 0..9, weighted conjunctions of bounds over 2 to 5 issues),
// compile included, each run cut after 3 s: it reports the points found
// and whether the frontier was complete within that time. Enumeration is
// out of the question (10^10 to 10^30 packages).
func BenchmarkNonlinear(b *testing.B) {
	for _, c := range []struct{ issues, cubes int }{{10, 10}, {10, 20}, {10, 60}, {30, 60}} {
		b.Run(fmt.Sprintf("issues=%d/cubes=%d", c.issues, c.cubes), func(b *testing.B) {
			s := scenarios.GenerateNonlinear(scenarios.NonlinearOptions{Issues: c.issues, Cubes: c.cubes, Seed: int64(c.issues)})
			var points int
			complete := false
			for b.Loop() {
				ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
				p, err := solver.Compile(ctx, s, nil)
				if err != nil {
					cancel()
					if errors.Is(err, context.DeadlineExceeded) {
						break
					}
					b.Fatal(err)
				}
				f := p.Frontier(ctx)
				points = 0
				for range f.Points() {
					points++
				}
				cancel()
				if f.Err() != nil && !errors.Is(f.Err(), context.DeadlineExceeded) {
					b.Fatal(f.Err())
				}
				complete = f.Complete()
			}
			b.ReportMetric(float64(points), "points")
			b.ReportMetric(map[bool]float64{false: 0, true: 1}[complete], "complete")
		})
	}
}
