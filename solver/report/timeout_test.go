package report_test

import (
	"context"
	"errors"
	"testing"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver/report"
)

// An analysis cut short right after feasibility was decided (the context is
// cancelled when counting starts) returns the report so far: timed out, the
// count not exact, and the lists that are empty by definition complete —
// conflicts and concession sets of a feasible space, Pareto points of an
// infeasible one — while the lists not reached are incomplete.
func TestCutAfterFeasibility(t *testing.T) {
	for _, c := range []struct {
		name     string
		rule     string
		feasible bool
	}{
		{"feasible", "a || b", true},
		{"infeasible", "a && !a", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := model.NewBuilder("t").Bool("a", "").Bool("b", "").
				Party("p").RedLine("r", c.rule).Prefer("a", 1).Build()
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			r, err := report.Analyze(ctx, s, &report.Options{Progress: func(stage string, _ int) {
				if stage == "count" {
					cancel()
				}
			}})
			if !errors.Is(err, context.Canceled) || r == nil {
				t.Fatalf("Analyze = %v, %v; want the report so far and context.Canceled", r, err)
			}
			if !r.TimedOut || r.Feasible != c.feasible || r.Agreeable.Exact {
				t.Errorf("timed out %v, feasible %v, count exact %v; want true, %v, false", r.TimedOut, r.Feasible, r.Agreeable.Exact, c.feasible)
			}
			got := map[string]bool{"conflicts": r.Conflicts.Complete, "concessions": r.Concessions.Complete, "pareto": r.Pareto.Complete}
			want := map[string]bool{"conflicts": c.feasible, "concessions": c.feasible, "pareto": !c.feasible}
			for k := range want {
				if got[k] != want[k] {
					t.Errorf("%s complete = %v, want %v", k, got[k], want[k])
				}
			}
		})
	}
}
