// Package sat is the single gateway between the project and the gini SAT
// solver: every SAT query goes through a [Solver].
//
// The wrapper exists to make gini v1.0.1 safe to use incrementally:
//
//   - Once a solve proves the clauses unsatisfiable on their own (UNSAT with
//     an empty core, or UNSAT without assumptions), or an empty clause is
//     added, the instance is marked dead. Every later Solve answers UNSAT
//     from that mark and never calls gini again: a gini solve after such an
//     answer can report a bogus model and then kill the whole process with
//     log.Fatalf, which no recover can catch.
//   - A model is only readable until the next Add; [Solver.Value] enforces
//     this.
//   - The first solve of a large instance (at least [WarmVars] variables)
//     starts warm: its independent components are solved on small
//     instances first, so that gini's first solve costs linear rather than
//     quadratic time (see warm.go).
//   - Cancellation through a [context.Context] is bridged from the calling
//     goroutine by polling gini's asynchronous solve handle, which is not
//     safe for concurrent use.
//
// A Solver is not safe for concurrent use by several goroutines.
package sat
