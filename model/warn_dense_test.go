package model_test

import (
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
)

// TestReservationWarningSeparable checks the reservation warnings of
// parties whose preferences each score an issue of their own (decided from
// each preference's bounds, without enumerating) against brute force: a
// reservation just above the greatest utility is reached by no package,
// one at the least utility by every package, one at the greatest by some
// but not all.
func TestReservationWarningSeparable(t *testing.T) {
	for seed := range int64(40) {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			o := scenarios.DenseOptions{Parties: 2, Issues: 2 + int(seed%3), Options: 2 + int(seed/3%3), Seed: seed}
			if seed%2 == 1 {
				o.Levels = 3
			}
			s := scenarios.GenerateDense(o)
			var lo, hi *big.Rat
			var rec func(i int, pkg model.Package)
			rec = func(i int, pkg model.Package) {
				if i == len(s.Issues) {
					u, err := s.ExactUtility(&s.Parties[0], pkg)
					if err != nil {
						t.Fatal(err)
					}
					if lo == nil || u.Cmp(lo) < 0 {
						lo = u
					}
					if hi == nil || u.Cmp(hi) > 0 {
						hi = u
					}
					return
				}
				for _, v := range s.Issues[i].Domain() {
					pkg[s.Issues[i].ID] = v
					rec(i+1, pkg)
				}
			}
			rec(0, model.Package{})
			fl, _ := lo.Float64()
			fh, _ := hi.Float64()
			for _, c := range []struct {
				d          float64
				none, each bool
			}{{fh + 1e-9, true, false}, {fl, false, fl > 0}, {fh, false, hi.Cmp(new(big.Rat).Add(lo, big.NewRat(1, 1e12))) <= 0}} {
				d := c.d
				s.Parties[0].Reservation = &d
				var none, each bool
				for _, w := range s.Warnings() {
					none = none || strings.Contains(w.String(), "no package reaches p0's reservation")
					each = each || strings.Contains(w.String(), "every package reaches p0's reservation")
				}
				if none != c.none || each != c.each {
					t.Fatalf("reservation %v (utilities %v to %v): warned none %v, every %v; want %v, %v", d, fl, fh, none, each, c.none, c.each)
				}
			}
		})
	}
}
