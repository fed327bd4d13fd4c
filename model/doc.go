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
// syntax error. Decode sorts the list in document order, as
// go/scanner.ErrorList.Sort sorts by position (a problem of an object, such
// as a duplicate or unknown field, where the object starts), rather than by
// path, since issues[10] would sort before issues[2]. A document with
// structural errors (unknown or duplicate fields, wrong JSON types,
// expression syntax) is not validated further, so its list holds those
// errors only, and one problem gives one error: a misspelt required field
// is not also reported missing, a broken issue id does not make every
// reference to the issue unknown.
//
// The messages are written for a newcomer: "did you mean" suggestions (by
// edit distance) for misspelt issues, options, parties, functions, fields,
// issue types and sources; an unquoted option named as such (option
// defined_contribution of choice issue "pension" must be in double quotes);
// plain words for the usual slips (and, or, not, =, =>, <>, single quotes)
// instead of the Go parser's; and, for a path through a party, its id after
// the message (parties[1] is union, kept out of the path itself so that the
// path stays the JSON path).
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
