// Package model is the data model of a negotiation space: issues, parties
// with their red lines, preconditions, preferences and reservations, hard
// rules and proposals, together with their meaning and their validation.
//
// A Space is read from a scenario document (format zopa/v1, see
// docs/SCENARIO_FORMAT.md) with Decode, Load or ParseSpace, written back with
// Encode, or built in Go with a Builder. Expressions (red lines, rules,
// preconditions, preferences) are parsed with ParseExpr or Space.ParseExpr
// into typed Expr trees that print back, with String, to equal trees.
//
// Every problem in a document is reported at once as an ErrorList of
// *Error, each located by its JSON path (parties[0].red_lines[2].require),
// by the column inside an expression, or by line and column for a JSON
// syntax error. The list keeps document order rather than sorting by path,
// since issues[10] would sort before issues[2]; duplicate fields, found in a
// separate pass over the raw JSON, come first, and fields within one object
// are reported in key order. A document with structural errors (unknown or
// duplicate fields, wrong JSON types, expression syntax) is not validated
// further, so its list holds those errors only.
//
// Issues are bool, choice, int or step issues. A step issue (StepKind) is
// an action taken in one of the agreement's phases 1..K, or never
// (StepValue, Never); K is the document's "phases" or, when absent, the
// number of step issues (Space.NumPhases). Expressions order steps with
// before(a, b), together(a, b) and phase(a) arithmetic (Before, Together,
// Phase); a bare step holds when it is taken.
//
// The package also evaluates packages without a solver (Space.Eval,
// Space.Utility, Space.Judge, Space.EvalPartial): that is the reference the
// solver is tested against. model is pure data, meaning and validation: it
// never imports gini or any other solver.
package model
