// Package genius imports negotiation domains of the Genius platform and of
// GeniusWeb into zopa scenarios, so that the public ANAC competition domains
// can be analysed directly.
//
// Three profile formats are read:
//
//   - Genius XML additive profiles (a domain file, root negotiation_template,
//     and one utility_space file per party): discrete issues with item
//     evaluations, integer issues with a linear evaluator (slope, offset),
//     real issues with linear, constant or triangular evaluators (only when
//     Options.RealLevels asks for a discretisation), reservation values and
//     discount factors (ignored, with a warning);
//   - the ANAC 2014 non-linear profiles: integer issues and a utility made of
//     weighted hyperrectangles (INCLUDES / EXCLUDES bounds) summed and divided
//     by maxutility; each rectangle becomes a "prefer" preference;
//   - GeniusWeb JSON linear additive profiles (LinearAdditiveUtilitySpace with
//     discrete and number value utilities, issue weights and a reservation
//     bid), with their domain file.
//
// # Utilities
//
// Utilities equal the platform's to within 1e-12. Genius computes a bid's
// utility as the weighted sum of the issues' evaluations, without dividing by
// the weights' sum and capped at 1 (AdditiveUtilitySpace.getUtility); a
// discrete evaluation is the item's evaluation divided by the largest
// evaluation of the issue (0 when that is below 0.00001); an integer
// evaluation is offset + slope·(value − lowerbound) clamped to [0, 1]. zopa
// divides by the sum of the weights, so when the weights sum to less than 1
// the import adds a preference that never scores ("prefer": "false") weighing
// the difference; weights that sum to more than 1 cannot be capped in an
// additive model, so they are divided by their sum and a warning says so. The
// non-linear utility is the sum of the satisfied rectangles' utility·weight
// over maxutility, handled the same way. GeniusWeb number utilities are
// interpolated and rounded to 8 decimals as GeniusWeb does.
//
// A reservation value maps to the party's reservation (a GeniusWeb
// reservation bid to that bid's utility); 0 or less means none. Weights
// are written as the decimals of the file, so 16-digit weights survive.
//
// # Identifiers
//
// Issue, option and scenario names are turned into the contract's
// identifiers deterministically: lower case, every run of other characters
// one "_", a prefix when the name starts with a digit, and "_2", "_3", … on
// a collision, in document order. Parties are p1, p2, … in the order of the
// profiles, named after the profile (its file name, or GeniusWeb's profile
// name). The original names are kept as issue labels and party names, and
// the scenario's description lists every option whose name changed.
package genius
