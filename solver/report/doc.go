// Package report runs a whole analysis of a space (Analyze) and renders
// it: as the JSON analysis report of the scenario format contract
// (zopa-report/v1, WriteJSON), as text for readers (WriteText), as the
// conflict graph in Graphviz DOT (WriteDOT), or as one self-contained HTML
// page with inline SVG pictures (WriteHTML).
//
// # Warnings
//
// Report.Warnings (JSON "warnings", always present) lists signs of a
// modelling slip, one line each and at most one per element, in document
// order, as model.Space.Warnings finds them; the text and HTML reports show
// them first. They never change the analysis. What is warned:
//
//   - a rule, red line or precondition that no package satisfies on its
//     own, or that every package satisfies (a precondition whose if no
//     package satisfies never applies), naming the comparison inside it
//     that is always or never true when there is one (subsidy_m == 7 when
//     subsidy_m takes 0, 5 and 10);
//   - a preference entry that can never score (a prefer no package
//     satisfies, values or points that give 0 to every value);
//   - a reservation no package can reach, or a positive one every package
//     reaches;
//   - short of those, a comparison that is always or never true over the
//     values its issues take, located at its column.
//
// Elements are decided by folding their constant comparisons or by
// enumerating the values of the issues they mention (at most 4,096
// combinations each); what is left undecided is not warned about.
// examples/analyze puts the Genius importer's warnings first.
//
// # Numbers
//
// Every number in a report is finite (Analyze fails with an internal error
// rather than print NaN or an infinity). Concession costs are exact decimal
// sums of the members' costs: JSON, text and HTML write the exact sum, so
// two costs of 1e308 give 2e+308, a valid JSON number beyond float64 (decode
// it as text).
package report
