package sat

import (
	"context"
	"runtime"
	"slices"
	"time"

	"github.com/irifrance/gini"
	"github.com/irifrance/gini/z"
)

// While a cancellable solve runs in gini's goroutine, Solve polls for its
// answer: first by spinning (yielding the processor between polls) for up to
// spinFor, because most queries are answered in microseconds and Go timers
// can be as coarse as a millisecond; then every pollEvery. Cancellation does
// not wait for a poll: it is noticed at once.
const (
	spinFor   = time.Millisecond
	pollEvery = time.Millisecond
)

// Solver wraps one gini instance. The zero value is not usable; call [New].
//
// A Solver is not safe for concurrent use.
type Solver struct {
	g       *gini.Gini
	dead    bool    // clauses alone are known unsatisfiable; gini must not be solved again
	warmed  bool    // the warm start was tried (see warm.go)
	model   bool    // the last answer was SAT and nothing was added since
	why     []z.Lit // failed assumptions of the last UNSAT answer
	pending int     // literals of the clause being added
	maxVar  z.Var
	stats   Stats
	added   []z.Lit // every literal given to Add, 0 ending each clause (see dimacs.go)

	// A cancelled solve winds down in gini's goroutine after Solve has
	// returned. stopping is closed once it has; until then gini must not be
	// touched. stopRes is its answer and stopAssumed whether it had
	// assumptions, both valid once stopping is closed.
	stopping    chan struct{}
	stopRes     int
	stopAssumed bool
}

// Stats counts the work done by a [Solver].
type Stats struct {
	// Calls is the number of solves that reached gini.
	Calls int64
	// Skipped is the number of solves answered UNSAT from the dead mark
	// without calling gini.
	Skipped int64
	// Clauses is the number of clauses added (including the empty clause).
	Clauses int64
	// Vars is the highest variable referenced so far (see [Solver.MaxVar]).
	Vars int
	// SolveTime is the total wall time Solve spent waiting for gini.
	SolveTime time.Duration
}

// New returns a Solver over a fresh gini instance with no clauses.
func New() *Solver {
	return &Solver{g: gini.New()}
}

// Add adds the literal m to the clause being built; m == 0 (z.LitNull) ends
// the clause. Add implements gini's inter.Adder, so logic.C.CnfSince can write
// into a Solver. Any Add invalidates the current model.
//
// Ending a clause that has no literals (the empty clause) marks the instance
// unsatisfiable at once. Clauses added to a dead instance are counted but not
// passed to gini, which is never used again.
func (s *Solver) Add(m z.Lit) {
	s.model = false
	if s.stopping != nil {
		<-s.stopping
		s.settle()
	}
	if v := m.Var(); v > s.maxVar {
		s.maxVar = v
	}
	s.added = append(s.added, m)
	if m != z.LitNull {
		s.pending++
		if !s.dead {
			s.g.Add(m)
		}
		return
	}
	s.stats.Clauses++
	if s.pending == 0 {
		s.dead = true
	}
	s.pending = 0
	if !s.dead {
		s.g.Add(0)
	}
}

// AddClause adds the clause made of ms (the disjunction of the literals).
// AddClause with no literals adds the empty clause, which makes the instance
// unsatisfiable. The literals must not contain z.LitNull.
func (s *Solver) AddClause(ms ...z.Lit) {
	for _, m := range ms {
		s.Add(m)
	}
	s.Add(0)
}

// Solve decides the clauses added so far under the given assumptions (which
// may be none). It returns 1 for SAT (the model is then readable with
// [Solver.Value]), -1 for UNSAT (the failed assumptions are then available
// from [Solver.Why]), and 0 with ctx.Err() when ctx is done before an answer
// is known.
//
// If ctx is already done, Solve returns 0, ctx.Err() without solving. If
// ctx can never be cancelled (ctx.Done() == nil) the solve blocks in the
// calling goroutine. Otherwise gini solves in its own goroutine while Solve
// waits for the answer or for ctx. On cancellation Solve returns at once;
// gini only notices the stop request at its next internal check (every
// 20,000 propagations, which can take tens of milliseconds), so the next Add
// or Solve first waits for it (a Solve waits no longer than its own ctx
// allows). The instance stays usable.
//
// A dead instance (see [Solver.Unsat]) answers -1 without calling gini.
// Literals added since the last clause ended stay pending: they belong to the
// next clause, not to this solve.
func (s *Solver) Solve(ctx context.Context, assumptions ...z.Lit) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.model = false
	s.why = nil
	for _, a := range assumptions {
		if v := a.Var(); v > s.maxVar {
			s.maxVar = v
		}
	}
	if s.stopping != nil {
		select {
		case <-s.stopping:
			s.settle()
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	if s.dead {
		s.stats.Skipped++
		return -1, nil
	}
	if !s.warmed && int(s.maxVar) >= WarmVars {
		s.warmed = true
		lits, ok, err := s.warm(ctx, assumptions)
		if err != nil {
			return 0, err
		}
		switch {
		case ok:
			res, err := s.solve(ctx, append(slices.Clone(assumptions), lits...))
			if err != nil || res == 1 {
				return res, err
			}
		case len(lits) > 0:
			if _, err := s.solve(ctx, lits); err != nil {
				return 0, err
			}
		}
		if s.dead {
			s.stats.Skipped++
			return -1, nil
		}
	}
	return s.solve(ctx, assumptions)
}

// solve is one gini solve under the assumptions (see Solve).
func (s *Solver) solve(ctx context.Context, assumptions []z.Lit) (int, error) {
	s.g.Assume(assumptions...)
	start := time.Now()
	var res int
	if ctx.Done() == nil {
		res = s.g.Solve()
	} else {
		res = s.solveAsync(ctx, len(assumptions) > 0)
	}
	s.stats.SolveTime += time.Since(start)
	s.stats.Calls++
	if s.stopping != nil {
		return 0, ctx.Err()
	}
	s.record(res, len(assumptions) > 0)
	return res, nil
}

// record takes note of gini's answer res to a solve.
func (s *Solver) record(res int, assumed bool) {
	switch res {
	case 1:
		s.model = true
	case -1:
		s.why = append([]z.Lit(nil), s.g.Why(nil)...)
		if len(s.why) == 0 || !assumed {
			// The clauses alone are unsatisfiable: gini must never solve
			// this instance again.
			s.dead = true
			s.why = nil
		}
	}
}

// settle records the answer of a cancelled solve that has wound down. Only
// an UNSAT answer matters: it may show that the instance is dead.
func (s *Solver) settle() {
	s.stopping = nil
	if s.stopRes == -1 {
		s.record(-1, s.stopAssumed)
	}
	s.model = false
	s.why = nil
}

// solveAsync runs gini's Solve in gini's goroutine and polls it from this
// goroutine, the only user of the handle. It polls with Test, never Try (Try
// stops the solve when its duration runs out), and never uses Wait (which
// holds the handle's lock, so a Stop would deadlock). On cancellation it
// hands the handle over to a goroutine that calls Stop, sets s.stopping, and
// returns 0.
func (s *Solver) solveAsync(ctx context.Context, assumed bool) int {
	gs := s.g.GoSolve()
	start := time.Now()
	var tick <-chan time.Time
	for {
		if res, done := gs.Test(); done {
			return res
		}
		if tick == nil && time.Since(start) >= spinFor {
			t := time.NewTicker(pollEvery)
			defer t.Stop()
			tick = t.C
		}
		if tick == nil {
			select {
			case <-ctx.Done():
			default:
				runtime.Gosched()
				continue
			}
		} else {
			select {
			case <-ctx.Done():
			case <-tick:
				continue
			}
		}
		// Cancelled: gini stops at its next internal check.
		done := make(chan struct{})
		s.stopping, s.stopAssumed = done, assumed
		go func() {
			s.stopRes = gs.Stop()
			close(done)
		}()
		return 0
	}
}

// Value reports whether m is true in the model of the last SAT answer.
// Variables never referenced by a clause or assumption are false (and
// their negations true).
//
// Value panics if there is no current model, that is if the last Solve did
// not answer SAT or a literal was added since; this is a programming error
// inside the solver packages, never a consequence of user input.
func (s *Solver) Value(m z.Lit) bool {
	if !s.model {
		panic("sat: Value called without a current model")
	}
	if v := m.Var(); v == 0 {
		return false
	} else if v > s.g.MaxVar() {
		// A variable no clause mentions (an issue that nothing
		// constrains) is false in the model, and its negation true.
		return !m.IsPos()
	}
	return s.g.Value(m)
}

// HasModel reports whether a model is readable with [Solver.Value]: the last
// Solve answered SAT and nothing was added since.
func (s *Solver) HasModel() bool {
	return s.model
}

// Why returns the failed assumptions of the last UNSAT answer: a subset of
// its assumptions that is unsatisfiable together with the clauses (a core,
// not necessarily a minimal one). It is empty when the clauses alone are
// unsatisfiable, and after any answer other than UNSAT. The caller owns the
// returned slice.
func (s *Solver) Why() []z.Lit {
	return append([]z.Lit(nil), s.why...)
}

// Unsat reports whether the clauses alone are known to be unsatisfiable. Such
// an instance is dead: every later Solve answers -1 without calling gini.
func (s *Solver) Unsat() bool {
	return s.dead
}

// Stats returns the counters accumulated so far.
func (s *Solver) Stats() Stats {
	st := s.stats
	st.Vars = int(s.maxVar)
	return st
}

// MaxVar returns the highest variable referenced so far by a clause or an
// assumption.
func (s *Solver) MaxVar() z.Var {
	return s.maxVar
}
