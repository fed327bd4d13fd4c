package cert_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver/internal/cert"
)

// TestRegionSetAgainstBruteForce checks random regions against random
// sets of conditions on random small spaces, with the evaluator and
// enumeration, with the evaluator alone (enumeration limit 1), and on the
// second encoding alone: a RegionSet accepts exactly the regions none of
// whose packages satisfies every condition, and otherwise names a package
// of a region that satisfies them all.
func TestRegionSetAgainstBruteForce(t *testing.T) {
	n := 150
	if testing.Short() || raceOn {
		n = 40
	}
	ctx := context.Background()
	for _, mode := range []struct {
		name  string
		limit int64
		eval  bool
	}{{"evaluator", 4096, true}, {"partial", 1, true}, {"encoding", 4096, false}} {
		restore, restoreEval := cert.SetEnumLimit(mode.limit), cert.SetRegionEval(mode.eval)
		accepted, refuted := 0, 0
		eachClaim(t, n, 12, 0.67, func(s *model.Space, w *world, ck *cert.Checker, r *rand.Rand, conds []cert.Cond, good func(int) bool, seed int64, k int) {
			set, err := ck.NewRegionSet(conds...)
			if err != nil {
				t.Fatal(err)
			}
			var ins []func(model.Package) bool
			want := true
			err = nil
			for range 1 + r.IntN(4) {
				box, in := randomBox(r, s)
				ins = append(ins, in)
				for i, pkg := range w.pkgs {
					want = want && !(in(pkg) && good(i))
				}
				var changed []int
				for i := range s.Issues {
					for range r.IntN(3) {
						changed = append(changed, i)
					}
					if box(i).Lo != 0 || box(i).Hi != s.Issues[i].Size()-1 || box(i).Set != nil {
						changed = append(changed, i)
					}
				}
				r.Shuffle(len(changed), func(a, b int) { changed[a], changed[b] = changed[b], changed[a] })
				if err = set.Add(ctx, box, changed); err != nil {
					break
				}
			}
			if err == nil {
				err = set.Flush(ctx)
			}
			if err == nil {
				if !want {
					t.Fatalf("seed %d claim %d %s: a package of the regions satisfies %v, RegionSet accepted them", seed, k, mode.name, conds)
				}
				accepted++
				return
			}
			var f *cert.Failure
			if want || !errors.As(err, &f) || !f.Confirmed {
				t.Fatalf("seed %d claim %d %s: RegionSet(%v) = %v; want accepted=%v", seed, k, mode.name, conds, err, want)
			}
			i := w.index(f.Package)
			inSome := false
			for _, in := range ins {
				inSome = inSome || in(f.Package)
			}
			if i < 0 || !inSome || !good(i) {
				t.Fatalf("seed %d claim %d %s: failure package %v is not a good package of the regions", seed, k, mode.name, f.Package)
			}
			refuted++
		})
		restore()
		restoreEval()
		t.Logf("%s: accepted %d, refuted %d", mode.name, accepted, refuted)
		if accepted == 0 || refuted == 0 {
			t.Errorf("%s: accepted %d, refuted %d: want both", mode.name, accepted, refuted)
		}
	}
}
