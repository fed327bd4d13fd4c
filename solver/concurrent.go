package solver

import (
	"context"
	"fmt"
)

// Concurrency. A Problem owns one SAT instance and one circuit, and most
// queries add to them (literals built on first use, blocking clauses under
// activation literals, temporary what-if constraints). Queries are
// therefore serialised by one mutex per Problem: every exported method of
// Problem, WhatIf, Findings and Frontier takes it for its duration (an
// iterator releases it while the caller's loop body runs, so the body may
// query the same Problem). A query that calls another passes the lock on
// through its context, so nothing deadlocks. Nothing a cancelled or failed
// query leaves behind changes a later answer: what it added is either
// definitions of new literals or clauses guarded by literals it retires.

// lockKey marks a context whose query holds p's lock.
type lockKey struct{ p *Problem }

// enter starts a query on p. Unless *ctx shows that the caller already
// holds p's lock, it takes it and marks *ctx (ctx may be nil for a method
// without a context). Defer the function it returns: it releases the lock
// and turns a size-budget panic (see charge) into *err.
func (p *Problem) enter(ctx *context.Context, err *error) func() {
	locked := false
	if ctx == nil || *ctx == nil || (*ctx).Value(lockKey{p}) == nil {
		p.mu.Lock()
		locked = true
		if ctx != nil {
			if *ctx == nil {
				*ctx = context.Background()
			}
			*ctx = context.WithValue(*ctx, lockKey{p}, true)
		}
	}
	return func() {
		r := recover()
		if locked {
			p.mu.Unlock()
		}
		switch r := r.(type) {
		case nil:
		case *SizeError:
			if err != nil {
				*err = fmt.Errorf("solver: %w", r)
			}
		default:
			panic(r)
		}
	}
}

// lockedBy reports whether ctx carries p's lock (an iterator started from
// inside a query must not release it).
func (p *Problem) lockedBy(ctx context.Context) bool {
	return ctx != nil && ctx.Value(lockKey{p}) != nil
}

// unlocked returns yield wrapped so that p's lock is released while the
// caller's loop body runs, when the iterator took the lock itself.
func unlocked[T any](p *Problem, took bool, yield func(T) bool) func(T) bool {
	if !took {
		return yield
	}
	return func(x T) bool {
		p.mu.Unlock()
		defer p.mu.Lock()
		return yield(x)
	}
}

// iterate runs one range of an iterator over p (Findings.All,
// Frontier.Points) as a query: unless initErr (an error found when the
// iterator was made) ends it at once, it takes p's lock when ctx does not
// already hold it and calls body with the query's context and whether the
// lock was taken here (body then releases it around the caller's loop
// body, see unlocked). It returns whether the range ran to the end and
// the error that stopped it (also a size-budget error); never complete
// with an error.
func (p *Problem) iterate(ctx context.Context, initErr error, body func(ctx context.Context, took bool) (bool, error)) (complete bool, err error) {
	if initErr != nil {
		return false, initErr
	}
	took := !p.lockedBy(ctx)
	defer func() {
		if err != nil {
			complete = false
		}
	}()
	defer p.enter(&ctx, &err)()
	return body(ctx, took)
}
