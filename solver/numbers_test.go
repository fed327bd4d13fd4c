package solver_test

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver"
)

// Reservations set exactly at, just above and just below utilities that
// packages reach: the solver (reservations on the objectives' integer
// scale) and the evaluator (exact near the threshold) agree on every
// package, with decimal weights, points preferences and extreme weights.
func TestReservationsAtTheThreshold(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(11, 12))
	weights := []string{"1", "2", "0.1", "0.3", "3.5", "1e308", "1e-308", "0.7", "1e-5"}
	deltas := []string{"0", "1e-12", "-1e-12", "1.0000000000001e-12", "9.999999999999e-13", "1e-15", "-1e-15"}
	for seed := range 300 {
		issues := `{"id":"a","type":"bool"},{"id":"b","type":"bool"},{"id":"n","type":"int","min":0,"max":4}`
		var prefs []string
		for _, e := range []string{"a", "b", "!a || b"}[:1+r.IntN(3)] {
			prefs = append(prefs, fmt.Sprintf(`{"prefer":%q,"weight":%s}`, e, weights[r.IntN(len(weights))]))
		}
		if r.IntN(2) == 0 {
			prefs = append(prefs, fmt.Sprintf(`{"issue":"n","weight":%s,"points":[[0,0],[3,1]]}`, weights[r.IntN(len(weights))]))
		}
		base := fmt.Sprintf(`{"name":"t","issues":[%s],"parties":[{"id":"p","preferences":[%s]RES}]}`, issues, strings.Join(prefs, ","))
		s0, err := model.Decode(strings.NewReader(strings.Replace(base, "RES", "", 1)))
		if err != nil {
			t.Fatal(err)
		}
		// A reservation at some package's exact utility, moved by a delta
		// around the 1e-12 slack.
		pkgs := allPackages(s0)
		u, _ := s0.ExactUtility(&s0.Parties[0], pkgs[r.IntN(len(pkgs))])
		d, _ := new(big.Rat).SetString(deltas[r.IntN(len(deltas))])
		res, _ := new(big.Rat).Add(u, d).Float64()
		res = min(max(res, 0), 1)
		doc := strings.Replace(base, "RES", fmt.Sprintf(`,"reservation":%v`, res), 1)
		s, p := compileDoc(t, doc)
		o := newOracle(t, s)
		var got []string
		agreeable := p.Packages(ctx)
		for pkg := range agreeable.All() {
			for _, q := range o.pkgs {
				if extends(q, pkg) {
					got = append(got, q.String())
				}
			}
		}
		if err := agreeable.Err(); err != nil {
			var ie *solver.InternalError
			if !errors.As(err, &ie) || p.Precision().Exact || !inBand(t, s, o, res, p.Precision().Error) {
				t.Fatalf("seed %d: %v\n%s", seed, err, doc)
			}
			// A utility within the fixed-point error of the threshold:
			// the certifier refuses the solver's answer.
			got = nil
		}
		if got == nil && !p.Precision().Exact {
			continue
		}
		slices.Sort(got)
		want := o.agreeable()
		if pr := p.Precision(); !pr.Exact {
			// On a fixed-point scale the solver accepts only packages that
			// surely reach the reservation; it may leave out those within
			// the scale's error of the threshold.
			th := model.ReservationThreshold(res)
			tol := new(big.Rat).SetFloat64(2 * pr.Error)
			for _, k := range want {
				if slices.Contains(got, k) {
					continue
				}
				for _, q := range o.pkgs {
					if q.String() != k {
						continue
					}
					u, _ := s.ExactUtility(&s.Parties[0], q)
					if gap := new(big.Rat).Sub(u, th); gap.Cmp(tol) > 0 {
						t.Fatalf("seed %d: %s left out, %s above the threshold\n%s", seed, k, gap.FloatString(25), doc)
					}
				}
			}
			want = slices.DeleteFunc(want, func(k string) bool { return !slices.Contains(got, k) })
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("seed %d: agreeable packages (-evaluator +solver):\n%s\n%s", seed, diff, doc)
		}
	}
}

// Costs of 1e308 scale to integers (on a fixed-point scale below one) for
// the cheapest concession set, whose exact cost is 2e308.
func TestCheapestWithHugeCosts(t *testing.T) {
	s, p := compileDoc(t, `{"name":"t","issues":[{"id":"a","type":"bool"},{"id":"b","type":"bool"}],
	  "rules":[{"id":"h","require":"!a && !b"}],
	  "parties":[{"id":"p","red_lines":[{"id":"r1","require":"a","cost":1e308},{"id":"r2","require":"b","cost":1e308}]}]}`)
	o, err := p.CheapestConcession(context.Background(), solver.Scope{})
	if err != nil || o == nil || len(o.Constraints) != 2 {
		t.Fatalf("cheapest: %+v, %v", o, err)
	}
	if got := solver.ExactCost(s, o.Constraints); got.Cmp(mustRat("2e308")) != 0 {
		t.Errorf("exact cost %v, want 2e308", got.FloatString(0)[:5])
	}
}

func mustRat(s string) *big.Rat {
	r, _ := new(big.Rat).SetString(s)
	return r
}

// inBand reports whether some package's exact utility lies within twice
// the scale's error of the reservation's threshold.
func inBand(t *testing.T, s *model.Space, o *oracle, res, e float64) bool {
	th := model.ReservationThreshold(res)
	tol := new(big.Rat).SetFloat64(2 * e)
	for _, q := range o.pkgs {
		u, _ := s.ExactUtility(&s.Parties[0], q)
		if gap := new(big.Rat).Sub(u, th); new(big.Rat).Abs(gap).Cmp(tol) <= 0 {
			return true
		}
	}
	return false
}
