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
	p, err := solver.Compile(s)
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
	var last error
	for _, err := range p.Packages(ctx) {
		last = err
	}
	if !errors.Is(last, context.Canceled) {
		t.Errorf("Packages: last err = %v", last)
	}
	if _, ok, err := p.Feasible(context.Background()); err != nil || !ok {
		t.Errorf("Feasible after cancellation = %v, %v; want a witness", ok, err)
	}
	// Stopping a range early must not disturb later queries.
	n := 0
	for range p.Packages(context.Background()) {
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
