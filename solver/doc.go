// Package solver compiles a model.Space into a SAT instance (gini) once and
// answers every question of the analysis on it: feasibility with a witness,
// every agreeable package, counts, proposal audits, conflicts and
// concession sets (one, all, the preferred one, the cheapest and the
// smallest), the hard conflict, utilitarian and egalitarian optima, the
// ideal point, the Pareto frontier with the Nash and Kalai–Smorodinsky
// choices, the ZOPA, what-if variants, DIMACS/WCNF exports, and how robust
// the conclusions are to the judgment ranges of costs and weights
// (Cheapness, CostIntervals, Picks).
//
// Encoding. Bool issues are one variable, choice issues one variable per
// option with exactly-one clauses, int issues an order encoding (one
// variable per "value >= level") so that bounds propagate. Formula
// structure goes through gini's logic.C, which hashes structure so equal
// subformulas are shared. Cardinality uses logic.C's sorting networks; linear
// comparisons, reservations and utility bounds are pseudo-Boolean
// constraints encoded as reduced decision diagrams whose nodes are shared by
// the interval of bounds they stand for (Abío et al. 2012). Every rule and
// negotiable constraint gets its own selector literal s with
// s -> constraint, so a query switches constraints on and off with
// assumptions, never by recompiling; WhatIf builds on the same mechanism.
//
// Algorithms. One conflict: deletion with Why() refinement; the preferred
// conflict: QuickXplain. All conflicts and concession sets: MARCO (see
// Findings). Cheapest and smallest concession sets, and the utilitarian
// optimum: core-guided MaxSAT (OLL with stratification); so are possibly
// and necessarily cheapest (one call at a corner of the cost box) and cost
// intervals (one call per constraint, on its independent part). The
// egalitarian leximin optimum and the ideal point: binary search on
// decision-diagram bounds, level by level. The Pareto frontier: guided
// improvement, streamed, or, for additive spaces of at most
// EnumerationLimit packages, a tight enumeration loop; the Nash and Kalai–Smorodinsky choices over it,
// ties broken exactly. Monte Carlo picks: guided improvement once over the
// preferences whose weights vary, then exact rankings per draw. Utilities are integers
// on one common scale: exact when a common denominator fits in 62 bits,
// otherwise fixed point with a proven error bound (see Precision).
//
// Scale by structure. A space often falls apart into independent parts
// (issues linked by no rule, red line, precondition or reservation).
// Conflicts and concession sets are then enumerated part by part on each
// infeasible part's own small instance, concession sets listed as
// combinations of the parts' sets, cheapest first, with their exact number
// (Explain); the cheapest and smallest concession sets are sums of the
// parts' optima; and the optima and the frontier are searched on the part
// the utilities depend on. The first solve of a large instance starts warm
// from its components, so that it costs linear time.
//
// Checks. Every answer is checked independently before it is returned:
// packages with model.Space.Judge, the model's own evaluator; conflicts by
// a fresh SAT call plus a judged witness per member; concession sets by a
// judged witness plus a conflict or SAT call per member; optima against
// the lower bound the search proved. A disagreement is reported as an
// *InternalError, never returned as an answer.
//
// All queries take a context.Context and stop promptly when it is
// cancelled, returning ctx.Err(). Enumerations are iterators (iter.Seq)
// with an Err method on their owner; they stop when the caller stops
// ranging.
package solver
