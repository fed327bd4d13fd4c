package solver_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver"
)

// TestCancelled checks that every query returns ctx.Err() on a cancelled
// context, and that the problem still answers afterwards.
func TestCancelled(t *testing.T) {
	s := scenarios.Generate(scenarios.GenOptions{Issues: 30, Parties: 3, RedLinesPerParty: 5, PreconditionsPerParty: 3, Rules: 3, PreferencesPerParty: 2, Proposals: 1, Feasible: true, Seed: 7})
	p, err := solver.Compile(context.Background(), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := p.Feasible(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Feasible: err = %v, want context.Canceled", err)
	}
	if _, _, err := p.Count(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("Count: err = %v", err)
	}
	if _, err := p.Audit(ctx, s.Proposals[0].Package); !errors.Is(err, context.Canceled) {
		t.Errorf("Audit: err = %v", err)
	}
	pkgs := p.Packages(ctx)
	for range pkgs.All() {
	}
	if !errors.Is(pkgs.Err(), context.Canceled) || pkgs.Complete() {
		t.Errorf("Packages: Err = %v, Complete = %v", pkgs.Err(), pkgs.Complete())
	}
	if _, ok, err := p.Feasible(context.Background()); err != nil || !ok {
		t.Errorf("Feasible after cancellation = %v, %v; want a witness", ok, err)
	}
	// Stopping a range early must not disturb later queries.
	n := 0
	for range p.Packages(context.Background()).All() {
		n++
		if n == 2 {
			break
		}
	}
	c1, _, err := p.Count(context.Background(), 1000)
	if err != nil || c1 < 2 {
		t.Errorf("Count after an early stop = %d, %v", c1, err)
	}
}

// TestFindingsStopAndCancel checks the explanation sequences: an early stop
// leaves them incomplete without error, a later full range completes, and
// a cancelled context ends them with ctx.Err(); every explanation query
// answers a cancelled context with its error.
func TestFindingsStopAndCancel(t *testing.T) {
	s := scenarios.GenerateInfeasible(scenarios.GenOptions{Issues: 40, Parties: 3, RedLinesPerParty: 4, PreconditionsPerParty: 2, Rules: 2, PreferencesPerParty: 1, Seed: 3}, 3)
	p, err := solver.Compile(context.Background(), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := p.Findings(context.Background(), solver.Scope{})
	for range f.Conflicts() {
		break
	}
	if f.Complete() || f.Err() != nil {
		t.Errorf("after an early stop: Complete %v, Err %v; want false, nil", f.Complete(), f.Err())
	}
	conflicts, concessions := 0, 0
	for x := range f.All() {
		if x.Conflict != nil {
			conflicts++
		} else {
			concessions++
		}
	}
	// Three planted disjoint conflicts of two or more members each.
	if !f.Complete() || f.Err() != nil || conflicts != 3 || concessions < 8 {
		t.Errorf("full range: Complete %v, Err %v, %d conflicts, %d concession sets; want 3 and at least 8", f.Complete(), f.Err(), conflicts, concessions)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	g := p.Findings(ctx, solver.Scope{})
	for range g.All() {
		t.Error("a cancelled enumeration yielded a finding")
	}
	if !errors.Is(g.Err(), context.Canceled) || g.Complete() {
		t.Errorf("cancelled: Err %v, Complete %v", g.Err(), g.Complete())
	}
	if _, err := p.CheapestConcession(ctx, solver.Scope{}); !errors.Is(err, context.Canceled) {
		t.Errorf("CheapestConcession: err = %v", err)
	}
	if _, err := p.PreferredConflict(ctx, solver.Scope{}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("PreferredConflict: err = %v", err)
	}
	if _, err := p.Conflict(ctx, solver.Scope{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Conflict: err = %v", err)
	}
	if c, err := p.Conflict(context.Background(), solver.Scope{}); err != nil || c == nil {
		t.Errorf("Conflict after cancellation = %v, %v", c, err)
	}
}

// TestCompileCancelled checks that Compile answers a cancelled context with
// its error, wrapped.
func TestCompileCancelled(t *testing.T) {
	s := scenarios.Generate(scenarios.GenOptions{Issues: 30, Parties: 3, RedLinesPerParty: 5, Rules: 3, Seed: 7})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := solver.Compile(ctx, s, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Compile: err = %v, want context.Canceled", err)
	}
	if _, err := solver.Compile(context.Background(), s, &solver.Settings{}); err != nil {
		t.Errorf("Compile with zero Settings: %v", err)
	}
}

// partsSpace returns n independent parts: in part i, party p wants a_i
// and party q wants !a_i, so each part has one conflict and two
// concession sets, and the space 2^n concession sets.
func partsSpace(t *testing.T, n int) *model.Space {
	t.Helper()
	var issues, ps, qs []string
	for i := range n {
		issues = append(issues, fmt.Sprintf(`{"id":"a%d","type":"bool"}`, i))
		ps = append(ps, fmt.Sprintf(`{"id":"r%d","require":"a%d","cost":%d}`, i, i, 1+i%3))
		qs = append(qs, fmt.Sprintf(`{"id":"s%d","require":"!a%d"}`, i, i))
	}
	s, err := model.Decode(strings.NewReader(`{"name":"parts","issues":[` + strings.Join(issues, ",") + `],"parties":[{"id":"p","red_lines":[` +
		strings.Join(ps, ",") + `]},{"id":"q","red_lines":[` + strings.Join(qs, ",") + `]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// An explanation whose context ends inside a part keeps what was found
// (issue 15: a part cut during MARCO was dropped): the parts' conflicts
// and concession sets found so far, each one of the complete run's, marked
// incomplete, with no combined sets and no count. The context is cancelled
// by the progress callback after the eighth finding, inside the third
// part, so the cut is where it is on every machine.
func TestExplainCutInsideAPart(t *testing.T) {
	s := partsSpace(t, 6)
	p, err := solver.Compile(context.Background(), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	full, err := p.Explain(context.Background(), solver.Scope{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ex, err := p.Explain(ctx, solver.Scope{}, &solver.ExplainOptions{Progress: func(n int) {
		if n == 8 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || ex == nil {
		t.Fatalf("Explain = %v, %v; want the explanation so far and context.Canceled", ex, err)
	}
	if ex.Complete || ex.ConflictsComplete || ex.ConcessionsComplete || ex.Count != nil || len(ex.Concessions) != 0 {
		t.Errorf("complete %v/%v/%v, count %v, %d combined sets; want all incomplete, no count, no combined set",
			ex.Complete, ex.ConflictsComplete, ex.ConcessionsComplete, ex.Count, len(ex.Concessions))
	}
	if len(ex.Conflicts) < 2 || len(ex.Conflicts) >= len(full.Conflicts) {
		t.Errorf("%d conflicts of %d kept; want those of the parts reached", len(ex.Conflicts), len(full.Conflicts))
	}
	for _, c := range ex.Conflicts {
		if !slices.ContainsFunc(full.Conflicts, func(d []model.Ref) bool { return slices.Equal(c, d) }) {
			t.Errorf("conflict %v is not one of the complete run's", c)
		}
	}
	if len(ex.Factors) < 3 {
		t.Fatalf("%d factors kept; want the three parts reached (the last one partial)", len(ex.Factors))
	}
	for _, f := range ex.Factors {
		for _, c := range f {
			if !slices.ContainsFunc(full.Factors, func(g []solver.Concession) bool {
				return slices.ContainsFunc(g, func(d solver.Concession) bool { return slices.Equal(c.Constraints, d.Constraints) && c.Cost == d.Cost })
			}) {
				t.Errorf("concession set %v is not one of the complete run's", c)
			}
		}
	}
	// The problem answers whole afterwards.
	again, err := p.Explain(context.Background(), solver.Scope{}, nil)
	if err != nil || again.Count.Cmp(full.Count) != 0 || !again.Complete {
		t.Errorf("Explain after the cut = %v, %v", again, err)
	}
}
