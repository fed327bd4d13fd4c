package solver_test

import (
	"context"
	"slices"
	"testing"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver"
)

// TestAgainstDifferential checks Against on every conflict of random
// infeasible spaces under three scopes, by brute force: the conflict with
// the returned hard constraints admits no package, the returned set holds
// hard constraints only, and dropping any of them admits one.
func TestAgainstDifferential(t *testing.T) {
	ctx := context.Background()
	n := 600
	if short() {
		n = 100
	}
	checked, nonEmpty := 0, 0
	for seed := int64(0); checked < n && seed < int64(20*n); seed++ {
		o := genOptions(seed)
		o.RedLinesPerParty = 2 + int(seed%2)
		o.Proposals = 0
		if seed%3 == 2 { // a third with step issues
			o = stepOptions(o, seed)
		}
		s := scenarios.Generate(o)
		if len(s.Negotiable()) > 10 {
			continue
		}
		p, err := solver.Compile(ctx, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := p.Feasible(ctx); ok {
			continue
		}
		checked++
		or := newOracle(t, s)
		for _, sc := range []solver.Scope{{}, {PreconditionsOnly: true}, {Parties: []string{s.Parties[0].ID}}} {
			table, hard := split(p, sc)
			conflicts, _, hardOK := bruteExplain(or, table, hard)
			if !hardOK {
				continue
			}
			for _, c := range conflicts {
				got, err := p.Against(ctx, sc, c)
				if err != nil {
					t.Fatalf("seed %d scope %v: Against(%v): %v", seed, sc, c, err)
				}
				if len(got) > 0 {
					nonEmpty++
				}
				for _, h := range got {
					if !slices.Contains(hard, h) {
						t.Fatalf("seed %d scope %v: Against(%v) names %v, which is not hard", seed, sc, c, h)
					}
				}
				if or.satisfiableWith(append(slices.Clone(c), got...)) {
					t.Fatalf("seed %d scope %v: %v with %v admits a package", seed, sc, c, got)
				}
				for i := range got {
					rest := append(slices.Clone(c), slices.Delete(slices.Clone(got), i, i+1)...)
					if !or.satisfiableWith(rest) {
						t.Fatalf("seed %d scope %v: Against(%v) = %v is not minimal: %v is not needed", seed, sc, c, got, got[i])
					}
				}
			}
		}
	}
	if checked < n || nonEmpty == 0 {
		t.Fatalf("%d infeasible spaces, %d non-empty answers", checked, nonEmpty)
	}
	t.Logf("%d infeasible spaces, %d conflicts against some hard constraint", checked, nonEmpty)
}

func TestAgainstErrors(t *testing.T) {
	ctx := context.Background()
	s, err := model.NewBuilder("t").Bool("a", "").
		Party("x").RedLine("yes", "a").Precondition("no", "true", "!a").Build()
	if err != nil {
		t.Fatal(err)
	}
	p, err := solver.Compile(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	pre := solver.Scope{PreconditionsOnly: true}
	no := model.Ref{Party: "x", Constraint: "no", Kind: model.PreconditionKind}
	yes := model.Ref{Party: "x", Constraint: "yes", Kind: model.RedLineKind}
	got, err := p.Against(ctx, pre, []model.Ref{no})
	if err != nil || !slices.Equal(got, []model.Ref{yes}) {
		t.Errorf("Against(no) = %v, %v; want the red line yes", got, err)
	}
	if _, err := p.Against(ctx, pre, []model.Ref{yes}); err == nil {
		t.Error("a hard constraint as a conflict member: no error")
	}
	got, err = p.Against(ctx, solver.Scope{}, []model.Ref{no, yes})
	if err != nil || len(got) != 0 {
		t.Errorf("a conflict among on-table constraints alone: %v, %v; want none", got, err)
	}
}
