package report_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver/report"
)

// TestLimitCapsOnlyTheList checks that -limit caps the Pareto points listed
// and nothing else: with a limit of one point the four rules' choices are
// still the exact optima over every agreeable package (brute force), and
// pareto.complete is true exactly when the whole frontier is listed.
func TestLimitCapsOnlyTheList(t *testing.T) {
	cut := 0
	for seed := range int64(150) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			s := scenarios.Generate(scenarios.GenOptions{Issues: 4, Parties: 2 + int(seed%2), PreferencesPerParty: 3,
				RedLinesPerParty: 1, Contested: 3, Reservations: seed%3 == 0, Feasible: true, Seed: seed})
			want := &report.Report{}
			fillByBruteForce(t, s, want)
			for _, limit := range []int{1, 2, len(want.Pareto.Points)} {
				r, err := report.Analyze(context.Background(), s, &report.Options{Limit: limit, Lean: true})
				if err != nil {
					t.Fatal(err)
				}
				if got, wantComplete := r.Pareto.Complete, len(want.Pareto.Points) <= limit; got != wantComplete {
					t.Errorf("limit %d, frontier of %d points: complete = %v, want %v", limit, len(want.Pareto.Points), got, wantComplete)
				}
				if got := len(r.Pareto.Points); got != min(limit, len(want.Pareto.Points)) {
					t.Errorf("limit %d: %d points listed, want %d", limit, got, min(limit, len(want.Pareto.Points)))
				}
				if len(want.Pareto.Points) > limit {
					cut++
				}
				for _, c := range []struct {
					rule      string
					got, want *report.Choice
				}{
					{"utilitarian", r.Best.Utilitarian, want.Best.Utilitarian},
					{"egalitarian", r.Best.Egalitarian, want.Best.Egalitarian},
					{"nash", r.Best.Nash, want.Best.Nash},
					{"kalai_smorodinsky", r.Best.KalaiSmorodinsky, want.Best.KalaiSmorodinsky},
				} {
					if c.got == nil || math.Abs(c.got.Score-c.want.Score) > 1e-9 {
						t.Errorf("limit %d: %s = %v, want score %v", limit, c.rule, c.got, c.want.Score)
					}
					if c.got != nil {
						if v, err := s.Judge(c.got.Package); err != nil || !v.Agreeable {
							t.Errorf("limit %d: %s picks %v, not agreeable (%v)", limit, c.rule, c.got.Package, err)
						}
					}
				}
			}
		})
	}
	if cut < 20 {
		t.Errorf("only %d cases cut the frontier: the test does not exercise -limit", cut)
	}
}
