// Package cert re-checks the solver's claims that no package exists on a
// second encoding of the space, written independently of the compiler in
// package solver (compile.go and its pseudo-Boolean helpers): it works
// straight from the model's expression trees and evaluator, shares no
// encoding code with the compiler, and runs on its own SAT instance.
//
// The encodings differ on purpose, so that a bug in one is unlikely to be
// repeated in the other:
//
//   - issues: a choice or int issue is the index of its value in binary
//     (log encoding, restricted to the domain's size), where the compiler
//     uses one literal per option and an order encoding per level;
//   - linear comparisons, cardinalities, utilities and concession costs:
//     sums in binary built from full and half adders by column compression,
//     compared with constants bit by bit, all constants in arbitrary
//     precision; the compiler uses decision diagrams over order literals
//     and sorting networks;
//   - formulas: a Tseitin encoding of its own (no structural hashing), with
//     every gate defined in both directions;
//   - utilities: each term's exact rational value on the scale of the
//     common denominator of every party's terms when that is at most 2^60
//     (weights and values of few digits: utilities exact, in few bits),
//     otherwise rounded up on a 2^60 scale (so the encoded utility never
//     falls below the exact one); and
//     reservations judged as model.MeetsReservation does, less the
//     evaluator's possible rounding.
//
// A claim is a list of conditions (Holds, Expr, Is, IntBelow, IntAbove,
// Outside, Utility, ConcededBelow, combined with And and Or) that no
// package satisfies together. Exact conditions are encoded exactly; the
// utility and cost bounds are relaxed only in the safe direction (their
// literal holds whenever the condition does), so an UNSAT answer always
// proves the claim. A SAT answer yields a package, judged by the model's
// evaluator, and is reported as a *Failure.
//
// The converse claim, that every package of a box (a product of value
// sets, one per issue) satisfies some conditions, is checked by a BoxSet
// one condition at a time on the box's projection onto the issues the
// condition reads: by exhaustive enumeration with the model's evaluator
// when the projection is small, otherwise on the second encoding. A claim
// about a box over thousands of issues thus costs a few evaluations per
// constraint, not a search over the whole space.
//
// The claim that no package of a region (a box) satisfies some conditions
// is checked by a RegionSet: by the model's three-valued evaluator on the
// issues the region holds at one value, or by exhaustive enumeration of a
// small projection, when one condition fails throughout the region (an
// enumeration's empty regions are mostly of this kind: tens of thousands
// of them cost no search); the others in batches on the second encoding,
// encoded one way under literals retired after the claim.
package cert
