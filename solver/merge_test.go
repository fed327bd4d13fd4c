package solver_test

import (
	"context"
	"fmt"
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
		})
	}
}
