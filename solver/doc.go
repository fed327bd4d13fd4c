// Package solver compiles a model.Space into a SAT instance (gini) once and
// answers queries on it: feasibility with a witness, every agreeable
// package, counts, proposal audits, the ZOPA and the hard conflict.
//
// Encoding. Bool issues are one variable, choice issues one variable per
// option with exactly-one clauses, int issues an order encoding (one
// variable per "value >= level") so that bounds propagate. Formula
// structure goes through gini's logic.C, which hashes structure so equal
// subformulas are shared. Cardinality uses logic.C's sorting networks; linear
// comparisons and reservations are pseudo-Boolean constraints encoded as
// reduced decision diagrams whose nodes are shared by the interval of
// bounds they stand for (Abío et al. 2012). Every rule and negotiable
// constraint gets its own selector literal s with s -> constraint, so a
// query switches constraints on and off with assumptions, never by
// recompiling.
//
// Checks. Every witness is re-checked with model.Space.Judge, the model's
// own evaluator; a disagreement is reported as an *InternalError, never
// returned as an answer.
//
// All queries take a context.Context and stop promptly when it is
// cancelled, returning ctx.Err().
package solver
