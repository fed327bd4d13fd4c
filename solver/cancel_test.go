package solver_test

import (
	"context"
	"errors"
	"testing"

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
