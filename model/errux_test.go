package model_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zopa-go/zopa/model"
)

// errDoc is a small valid scenario; edit replaces one part of it.
func errDoc(edit func(string) string) string {
	return edit(`{"name":"t","sources":[{"id":"press"}],
"issues":[{"id":"ceasefire","type":"bool"},{"id":"pension","type":"choice","options":["defined_benefit","defined_contribution"]},
  {"id":"subsidy_m","type":"int","values":[0,5,10]},{"id":"withdrawal","type":"step"}],
"parties":[{"id":"management","red_lines":[{"id":"r","require":"ceasefire"}]},
  {"id":"union","red_lines":[{"id":"r","require":"REQ","source":"press"}],"preferences":[{"issue":"pension","weight":1,"values":{"defined_benefit":1}}]}],
"proposals":[{"id":"deal","by":"union","package":{"ceasefire":true}}]}`)
}

// req puts expression e into the union's red line (parties[1]).
func req(e string) string {
	return errDoc(func(d string) string { return strings.Replace(d, "REQ", strings.ReplaceAll(e, `"`, `\"`), 1) })
}

// sub replaces old with new in the valid document (its red line is "ceasefire").
func sub(old, new string) string {
	return strings.Replace(req("ceasefire"), old, new, 1)
}

// Issue 11.4: errors a newcomer can act on. Each case is the whole list of
// errors, one per problem.
func TestErrorsForNewcomers(t *testing.T) {
	const at = `parties[1].red_lines[0].require: `
	const union = ` (parties[1] is union)`
	for _, c := range []struct {
		reason, doc string
		want        []string
	}{
		// Did you mean: issues, options, parties, functions, fields, sources.
		{"a misspelt issue in an expression gets the nearest issue", req("cease_fire"),
			[]string{at + `col 1: unknown issue "cease_fire"; did you mean "ceasefire"?` + union}},
		{"a misspelt option gets the nearest option", req(`pension == "defined_contributon"`),
			[]string{at + `col 1: "defined_contributon" is not an option of choice issue "pension"; did you mean "defined_contribution"?` + union}},
		{"a misspelt option inside in()", req(`in(pension, "defined_benefit", "definedbenefit")`),
			[]string{at + `col 1: "definedbenefit" is not an option of choice issue "pension"; did you mean "defined_benefit"?` + union}},
		{"a misspelt function, differing only in case", req("atmost(1, ceasefire)"),
			[]string{at + `col 1: unknown function "atmost"; did you mean "atMost"?` + union}},
		{"a misspelt function name", req("implys(ceasefire, ceasefire)"),
			[]string{at + `col 1: unknown function "implys"; did you mean "implies"?` + union}},
		{"a misspelt party in a proposal", sub(`"by":"union"`, `"by":"unoin"`),
			[]string{`proposals[0].by: unknown party "unoin"; did you mean "union"?`}},
		{"a misspelt top-level field, and not also a missing field", sub(`"issues":`, `"isues":`),
			[]string{`unknown field "isues"; did you mean "issues"?`}},
		{"a misspelt required field is one error, not two", sub(`"require":"ceasefire","source"`, `"requires":"ceasefire","source"`),
			[]string{`parties[1].red_lines[0]: unknown field "requires"; did you mean "require"?` + union}},
		{"a misspelt issue type", sub(`"type":"bool"`, `"type":"choise"`),
			[]string{`issues[0].type: unknown issue type "choise"; did you mean "choice"?`}},
		{"a misspelt source", sub(`"source":"press"`, `"source":"pres"`),
			[]string{`parties[1].red_lines[0].source: unknown source "pres"; did you mean "press"?` + union}},
		{"a misspelt issue in a package", sub(`"package":{"ceasefire":true}`, `"package":{"ceasfire":true}`),
			[]string{`proposals[0].package.ceasfire: unknown issue "ceasfire"; did you mean "ceasefire"?`}},
		{"a misspelt option in a package", sub(`"package":{"ceasefire":true}`, `"package":{"pension":"defined_benefits"}`),
			[]string{`proposals[0].package.pension: value "defined_benefits" is not an option of choice issue "pension"; did you mean "defined_benefit"?`}},
		{"a misspelt option as a values key", sub(`"values":{"defined_benefit":1}`, `"values":{"defined_benfit":1}`),
			[]string{`parties[1].preferences[0].values.defined_benfit: "defined_benfit" is not an option of "pension"; did you mean "defined_benefit"?` + union}},
		{"a misspelt preference issue", sub(`"issue":"pension"`, `"issue":"pensions"`),
			[]string{`parties[1].preferences[0].issue: unknown issue "pensions"; did you mean "pension"?` + union}},
		{"a far-off name gets no suggestion", req("armistice"),
			[]string{at + `col 1: unknown issue "armistice"` + union}},
		{"one-letter names are not guessed at", req("x"),
			[]string{at + `col 1: unknown issue "x"` + union}},
		// The unquoted option, named as such.
		{"an unquoted option", req("pension != defined_contribution"),
			[]string{at + `col 12: option defined_contribution of choice issue "pension" must be in double quotes: write pension != "defined_contribution"` + union}},
		{"an unquoted option on the left", req("defined_benefit == pension"),
			[]string{at + `col 1: option defined_benefit of choice issue "pension" must be in double quotes: write pension == "defined_benefit"` + union}},
		{"an unquoted word that is not an option either", req("pension == defined_benefits"),
			[]string{at + `col 12: defined_benefits is neither an issue nor an option of choice issue "pension" (options are written in double quotes, as in pension == "defined_benefit"); did you mean "defined_benefit"?` + union}},
		{"an unquoted option in in()", req("in(pension, defined_benefit)"),
			[]string{at + `col 13: option defined_benefit must be in double quotes: write "defined_benefit"` + union}},
		{"an option used as a condition", req("ceasefire && defined_benefit"),
			[]string{at + `col 14: unknown issue "defined_benefit": it is an option of choice issue "pension" (write pension == "defined_benefit")` + union}},
		{"a choice issue used as a condition", req("pension"),
			[]string{at + `col 1: choice issue "pension" used as a boolean: compare it with one of its options, as in pension == "defined_benefit"` + union}},
		{"an option in single quotes", req("pension == 'defined_benefit'"),
			[]string{at + `col 12: options are written in double quotes ("defined_benefit"), not single quotes` + union}},
		{"a choice issue compared with a number", req("pension == 1"),
			[]string{at + `col 1: choice issue "pension" can only be compared with one of its options in double quotes, as in pension == "defined_benefit"` + union}},
		// Plain words instead of parser jargon.
		{"and instead of &&", req("ceasefire and ceasefire"), []string{at + `col 11: "and" is not an operator: write &&` + union}},
		{"or instead of ||", req("ceasefire or ceasefire"), []string{at + `col 11: "or" is not an operator: write ||` + union}},
		{"not instead of !", req("not ceasefire"), []string{at + `col 1: "not" is not an operator: write ! for not` + union}},
		{"= instead of ==", req("subsidy_m = 5"), []string{at + `col 11: = is not a comparison: write ==` + union}},
		{"=> instead of >=", req("subsidy_m => 5"), []string{at + `col 11: => is not an operator: write >=` + union}},
		{"=< instead of <=", req("subsidy_m =< 5"), []string{at + `col 11: =< is not an operator: write <=` + union}},
		{"=== instead of ==", req("subsidy_m === 5"), []string{at + `col 11: === is not an operator: write ==` + union}},
		{"<> instead of !=", req("subsidy_m <> 5"), []string{at + `col 11: <> is not an operator: write !=` + union}},
		{"≥ instead of >=", req("subsidy_m ≥ 5"), []string{at + `col 11: ≥ is not part of the expression language: write >=` + union}},
		{"& instead of &&", req("ceasefire & ceasefire"), []string{at + `col 11: & is not an operator here: write &&` + union}},
		{"a chained comparison", req("0 < subsidy_m < 10"), []string{at + `col 3: comparisons cannot be chained: write a < b && b < c` + union}},
		{"an expression cut short", req("ceasefire &&"), []string{at + `col 13: the expression ends too early: a value is missing at its end` + union}},
		{"an empty expression", req(" "), []string{at + `col 1: empty expression` + union}},
		{"an unclosed parenthesis", req("(ceasefire"), []string{at + `col 11: missing ) to close a parenthesis` + union}},
		{"an extra parenthesis", req("ceasefire)"), []string{at + `col 10: unmatched )` + union}},
		{"two operands without an operator", req("ceasefire ceasefire"),
			[]string{at + `col 11: ceasefire follows a complete expression: an operator (&&, ||, ==, +, …) is missing before it` + union}},
		{"an unterminated string", req(`pension == "defined_benefit`), []string{at + `col 12: a string is missing its closing "` + union}},
		{"a dotted name", req("pension.defined_benefit"),
			[]string{at + `col 1: pension.defined_benefit: ids have no dots (. is not part of the expression language)` + union}},
		{"a missing comma", req(`in(pension "defined_benefit")`), []string{at + `col 12: missing , between two arguments` + union}},
		{"and() as a function", req("and(ceasefire, ceasefire)"), []string{at + `col 1: unknown function "and": write &&` + union}},
		// One problem, one error; several problems listed in document order.
		{"a bad issue id is one error, not one per reference", sub(`{"id":"ceasefire","type":"bool"}`, `{"id":"Ceasefire","type":"bool"}`),
			[]string{`issues[0].id: bad issue id "Ceasefire" (want lower-case letters, digits and _, starting with a letter)`}},
		{"a wrong cost is one error", sub(`"source":"press"`, `"source":"press","cost":"high"`),
			[]string{`parties[1].red_lines[0].cost: want a number, got a string` + union}},
		{"several problems, in the order of the document", strings.Replace(strings.Replace(req("cease_fire"), `"weight":1`, `"weight":-1`, 1), `"by":"union"`, `"by":"unoin"`, 1),
			[]string{at + `col 1: unknown issue "cease_fire"; did you mean "ceasefire"?` + union,
				`parties[1].preferences[0].weight: weight must be a positive finite number, got -1` + union,
				`proposals[0].by: unknown party "unoin"; did you mean "union"?`}},
		{"parties listed before issues keep the document's order", `{"name":"t","parties":[{"id":"p","red_lines":[{"id":"r","require":"cease_fire"}]}],"issues":[{"id":"ceasefire","type":"bool"},{"id":"n","type":"int","min":3,"max":1}]}`,
			[]string{`parties[0].red_lines[0].require: col 1: unknown issue "cease_fire"; did you mean "ceasefire"? (parties[0] is p)`,
				`issues[1].min: min 3 is greater than max 1`}},
		{"the party's own id is not annotated", sub(`"id":"union"`, `"id":"Union"`),
			[]string{`parties[1].id: bad party id "Union" (want lower-case letters, digits and _, starting with a letter)`,
				`proposals[0].by: unknown party "union"; did you mean "Union"?`}},
	} {
		t.Run(c.reason, func(t *testing.T) {
			_, err := model.Decode(strings.NewReader(c.doc))
			var list model.ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("Decode = %v, want an ErrorList", err)
			}
			var got []string
			for _, e := range list {
				got = append(got, e.Error())
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// The valid document of TestErrorsForNewcomers is valid, also after a
// byte-order mark, and the suggestions stay within their budget on a
// domain of 100,000 options.
func TestErrorsForNewcomersBase(t *testing.T) {
	for _, doc := range []string{req("ceasefire"), "\ufeff" + req("ceasefire")} {
		if _, err := model.Decode(strings.NewReader(doc)); err != nil {
			t.Fatalf("valid document: %v", err)
		}
	}
	// 100,000 options of one length and 300 misspellings of that length:
	// the first misspellings get suggestions, the rest none once the
	// budget is spent, and decoding stays fast.
	var b strings.Builder
	b.WriteString(`{"name":"t","issues":[{"id":"c","type":"choice","options":[`)
	for i := range 100_000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"o%06d"`, i)
	}
	b.WriteString(`]}],"rules":[`)
	for i := range 300 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"r%d","require":"c == \"q%06d\""}`, i, i)
	}
	b.WriteString(`]}`)
	_, err := model.Decode(strings.NewReader(b.String()))
	var list model.ErrorList
	if !errors.As(err, &list) || len(list) != 300 {
		t.Fatalf("want 300 errors, got %v", err)
	}
	if first, last := list[0].Error(), list[299].Error(); !strings.Contains(first, `did you mean "o000000"?`) || strings.Contains(last, "did you mean") {
		t.Errorf("first error %q should have a suggestion, the last %q none", first, last)
	}
}
