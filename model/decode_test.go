package model_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
)

// doc builds a small valid document with one part replaced.
func doc(issues, parties, extra string) string {
	if issues == "" {
		issues = `[{"id":"a","type":"bool"},{"id":"c","type":"choice","options":["x","y"]},{"id":"n","type":"int","min":0,"max":10,"step":5}]`
	}
	if parties == "" {
		parties = `[{"id":"p","red_lines":[{"id":"r","require":"a"}]}]`
	}
	return `{"name":"t","issues":` + issues + `,"parties":` + parties + extra + `}`
}

func redLine(expr string) string {
	return `[{"id":"p","red_lines":[{"id":"r","require":` + quote(expr) + `}]}]`
}

func quote(s string) string {
	var b bytes.Buffer
	b.WriteByte('"')
	b.WriteString(strings.NewReplacer(`"`, `\"`).Replace(s))
	b.WriteByte('"')
	return b.String()
}

func TestDecodeErrors(t *testing.T) {
	cases := []struct {
		reason, doc, want string
	}{
		{"JSON syntax is located by line and column", "{\n \"name\": \"t\",\n \"issues\": [,]}", "line 3:13: invalid character ',' looking for beginning of value"},
		{"trailing data after the document", `{"name":"t","issues":[]} {}`, "line 1:26: data after the document"},
		{"unknown top-level field", `{"name":"t","issues":[],"isues":[]}`, `unknown field "isues"; did you mean "issues"?`},
		{"unknown nested field", doc("", `[{"id":"p","red_lines":[{"id":"r","requires":"a"}]}]`, ""), `parties[0].red_lines[0]: unknown field "requires"; did you mean "require"? (parties[0] is p)`},
		{"name is required", `{"issues":[]}`, `missing field "name"`},
		{"wrong format", `{"format":"zopa/v2","name":"t","issues":[]}`, `format: want "zopa/v1", got zopa/v2`},
		{"bad issue id", doc(`[{"id":"Bad","type":"bool"}]`, "[]", ""), `issues[0].id: bad issue id "Bad" (want lower-case letters, digits and _, starting with a letter)`},
		{"true is not an issue id", doc(`[{"id":"true","type":"bool"}]`, "[]", ""), `issues[0].id: "true" cannot be an issue id`},
		{"duplicate issue id", doc(`[{"id":"a","type":"bool"},{"id":"a","type":"bool"}]`, "[]", ""), `issues[1].id: duplicate issue id "a"`},
		{"duplicate party id", doc("", `[{"id":"p"},{"id":"p"}]`, ""), `parties[1].id: duplicate party id "p"`},
		{"reservation is a reserved constraint id", doc("", `[{"id":"p","red_lines":[{"id":"reservation","require":"a"}]}]`, ""), `parties[0].red_lines[0].id: "reservation" is reserved (parties[0] is p)`},
		{"red line and precondition share a namespace", doc("", `[{"id":"p","red_lines":[{"id":"r","require":"a"}],"preconditions":[{"id":"r","if":"a","then":"a"}]}]`, ""), `parties[0].preconditions[0].id: duplicate constraint id "r" in party "p" (parties[0] is p)`},
		{"unknown issue type", doc(`[{"id":"a","type":"float"}]`, "[]", ""), `issues[0].type: unknown issue type "float" (want bool, choice, int or step)`},
		{"choice without options", doc(`[{"id":"a","type":"choice","options":[]}]`, "[]", ""), `issues[0].options: a choice issue needs at least one option`},
		{"bad option", doc(`[{"id":"a","type":"choice","options":["X"]}]`, "[]", ""), `issues[0].options[0]: bad option "X" (want lower-case letters, digits and _)`},
		{"duplicate option", doc(`[{"id":"a","type":"choice","options":["x","x"]}]`, "[]", ""), `issues[0].options[1]: duplicate option "x"`},
		{"min above max", doc(`[{"id":"a","type":"int","min":5,"max":1}]`, "[]", ""), `issues[0].min: min 5 is greater than max 1`},
		{"zero step", doc(`[{"id":"a","type":"int","min":0,"max":1,"step":0}]`, "[]", ""), `issues[0].step: step must be positive, got 0`},
		{"too many levels", doc(`[{"id":"a","type":"int","min":0,"max":1000000}]`, "[]", ""), `issues[0]: domain has more than 100000 levels`},
		{"duplicate int value", doc(`[{"id":"a","type":"int","values":[1,1]}]`, "[]", ""), `issues[0].values[1]: duplicate value 1`},
		{"non-integer int value", doc(`[{"id":"a","type":"int","values":[1.5]}]`, "[]", ""), `issues[0].values[0]: want a 64-bit integer, got 1.5`},
		{"values and range together", doc(`[{"id":"a","type":"int","values":[1],"min":0,"max":1}]`, "[]", ""), `issues[0]: an int issue has either values or min/max/step, not both`},
		{"unknown issue in expression", doc("", redLine("a && cease_fire"), ""), `parties[0].red_lines[0].require: col 6: unknown issue "cease_fire" (parties[0] is p)`},
		{"unknown function", doc("", redLine("foo(a)"), ""), `parties[0].red_lines[0].require: col 1: unknown function "foo" (parties[0] is p)`},
		{"syntax error in expression", doc("", redLine("a &&"), ""), `parties[0].red_lines[0].require: col 5: the expression ends too early: a value is missing at its end (parties[0] is p)`},
		{"bool issue in arithmetic", doc("", redLine("a + n > 1"), ""), `parties[0].red_lines[0].require: col 1: bool issue "a" used in arithmetic (parties[0] is p)`},
		{"int issue used as a boolean", doc("", redLine("n"), ""), `parties[0].red_lines[0].require: col 1: int issue "n" used as a boolean: compare it with a number, as in n > 0 (parties[0] is p)`},
		{"option that does not exist", doc("", redLine(`c == "z"`), ""), `parties[0].red_lines[0].require: col 1: "z" is not an option of choice issue "c" (parties[0] is p)`},
		{"ordering a choice", doc("", redLine(`c < "x"`), ""), `parties[0].red_lines[0].require: col 1: operator < on a choice issue (only == and != are allowed) (parties[0] is p)`},
		{"non-constant multiplication", doc("", redLine("n * n > 1"), ""), `parties[0].red_lines[0].require: col 1: multiplication of two issues (only multiplication by a constant is allowed) (parties[0] is p)`},
		{"overflowing literal", doc("", redLine("n > 99999999999999999999"), ""), `parties[0].red_lines[0].require: col 5: integer literal 99999999999999999999 overflows (parties[0] is p)`},
		{"overflowing bounds", doc("", redLine("4000000000000000000 * n > 1"), ""), `parties[0].red_lines[0].require: col 1: integer overflow: the comparison's sides can exceed 64-bit integers (parties[0] is p)`},
		{"float literal", doc("", redLine("n > 1.5"), ""), `parties[0].red_lines[0].require: col 5: literal 1.5 in arithmetic (only integers are allowed) (parties[0] is p)`},
		{"negative cardinality", doc("", redLine("atMost(-1, a)"), ""), `parties[0].red_lines[0].require: col 8: count -1 of atMost out of range (0 to 2147483647) (parties[0] is p)`},
		{"absurd nesting", doc("", redLine(strings.Repeat("!(", 600)+"a"+strings.Repeat(")", 600)), ""), `parties[0].red_lines[0].require: col 502: expression nested more than 500 deep (parties[0] is p)`},
		{"zero weight", doc("", `[{"id":"p","preferences":[{"prefer":"a","weight":0}]}]`, ""), `parties[0].preferences[0].weight: weight must be a positive finite number, got 0 (parties[0] is p)`},
		{"points on a choice issue", doc("", `[{"id":"p","preferences":[{"issue":"c","weight":1,"points":[[0,1]]}]}]`, ""), `parties[0].preferences[0].points: points need an int or step issue; "c" is choice (parties[0] is p)`},
		{"points not increasing", doc("", `[{"id":"p","preferences":[{"issue":"n","weight":1,"points":[[5,1],[5,0]]}]}]`, ""), `parties[0].preferences[0].points[1]: x values must be strictly increasing (parties[0] is p)`},
		{"point above 1", doc("", `[{"id":"p","preferences":[{"issue":"n","weight":1,"points":[[5,2]]}]}]`, ""), `parties[0].preferences[0].points[0]: value must be in [0, 1], got 2 (parties[0] is p)`},
		{"values key not an option", doc("", `[{"id":"p","preferences":[{"issue":"c","weight":1,"values":{"q":1}}]}]`, ""), `parties[0].preferences[0].values.q: "q" is not an option of "c" (parties[0] is p)`},
		{"bool values keys", doc("", `[{"id":"p","preferences":[{"issue":"a","weight":1,"values":{"yes":1}}]}]`, ""), `parties[0].preferences[0].values.yes: keys of a bool issue's values are "true" and "false" (parties[0] is p)`},
		{"two preference forms", doc("", `[{"id":"p","preferences":[{"prefer":"a","issue":"c","weight":1,"values":{"x":1}}]}]`, ""), `parties[0].preferences[0]: a preference needs exactly one of prefer, points and values (parties[0] is p)`},
		{"reservation above 1", doc("", `[{"id":"p","reservation":1.5}]`, ""), `parties[0].reservation: reservation must be in [0, 1], got 1.5 (parties[0] is p)`},
		{"zero cost", doc("", `[{"id":"p","red_lines":[{"id":"r","require":"a","cost":0}]}]`, ""), `parties[0].red_lines[0].cost: cost must be a positive finite number, got 0 (parties[0] is p)`},
		{"huge cost", doc("", `[{"id":"p","red_lines":[{"id":"r","require":"a","cost":1e999}]}]`, ""), `parties[0].red_lines[0].cost: number 1e999 out of range (parties[0] is p)`},
		{"unknown source", doc("", `[{"id":"p","red_lines":[{"id":"r","require":"a","source":"s9"}]}]`, ""), `parties[0].red_lines[0].source: unknown source "s9" (parties[0] is p)`},
		{"proposal by unknown party", doc("", "", `,"proposals":[{"id":"q","by":"zz","package":{}}]`), `proposals[0].by: unknown party "zz"`},
		{"proposal with unknown issue", doc("", "", `,"proposals":[{"id":"q","package":{"zz":true}}]`), `proposals[0].package.zz: unknown issue "zz"`},
		{"proposal value out of domain", doc("", "", `,"proposals":[{"id":"q","package":{"n":3}}]`), `proposals[0].package.n: value 3 is not in the domain of int issue "n"`},
		{"proposal value of the wrong type", doc("", "", `,"proposals":[{"id":"q","package":{"a":"x"}}]`), `proposals[0].package.a: value "x" is not in the domain of bool issue "a"`},
		{"cost range below the cost", doc("", `[{"id":"p","red_lines":[{"id":"r","require":"a","cost":3,"cost_range":[4,5]}]}]`, ""), `parties[0].red_lines[0].cost_range: the least cost 4 is above the stated cost 3 (parties[0] is p)`},
		{"cost range above the cost", doc("", `[{"id":"p","preconditions":[{"id":"r","if":"a","then":"a","cost":3,"cost_range":[1,2]}]}]`, ""), `parties[0].preconditions[0].cost_range: the greatest cost 2 is below the stated cost 3 (parties[0] is p)`},
		{"cost range around the default cost", doc("", `[{"id":"p","red_lines":[{"id":"r","require":"a","cost_range":[2,3]}]}]`, ""), `parties[0].red_lines[0].cost_range: the least cost 2 is above the stated cost 1 (parties[0] is p)`},
		{"zero least cost", doc("", `[{"id":"p","red_lines":[{"id":"r","require":"a","cost_range":[0,2]}]}]`, ""), `parties[0].red_lines[0].cost_range: the least cost must be positive, got 0 (parties[0] is p)`},
		{"negative least weight", doc("", `[{"id":"p","preferences":[{"prefer":"a","weight":1,"weight_range":[-1,2]}]}]`, ""), `parties[0].preferences[0].weight_range: the least weight must be positive, got -1 (parties[0] is p)`},
		{"weight range below the weight", doc("", `[{"id":"p","preferences":[{"prefer":"a","weight":1,"weight_range":[0.5,0.75]}]}]`, ""), `parties[0].preferences[0].weight_range: the greatest weight 0.75 is below the stated weight 1 (parties[0] is p)`},
		{"string in a range", doc("", `[{"id":"p","red_lines":[{"id":"r","require":"a","cost_range":["1",2]}]}]`, ""), `parties[0].red_lines[0].cost_range[0]: want a number, got a string (parties[0] is p)`},
		{"three numbers in a range", doc("", `[{"id":"p","preferences":[{"prefer":"a","weight":1,"weight_range":[1,2,3]}]}]`, ""), `parties[0].preferences[0].weight_range: want a pair [lo, hi], got 3 numbers (parties[0] is p)`},
		{"a number for a range", doc("", `[{"id":"p","red_lines":[{"id":"r","require":"a","cost_range":2}]}]`, ""), `parties[0].red_lines[0].cost_range: want a pair [lo, hi], got a number (parties[0] is p)`},
		{"NaN in a range", doc("", `[{"id":"p","red_lines":[{"id":"r","require":"a","cost_range":[NaN,2]}]}]`, ""), `line 1:218: invalid character 'N' looking for beginning of value`},
		{"huge bound in a range", doc("", `[{"id":"p","red_lines":[{"id":"r","require":"a","cost_range":[1,1e999]}]}]`, ""), `parties[0].red_lines[0].cost_range[1]: number 1e999 out of range (parties[0] is p)`},
		{"a rule has no cost range", doc("", "", `,"rules":[{"id":"q","require":"a","cost_range":[1,2]}]`), `rules[0]: unknown field "cost_range"`},
		{"deep JSON nesting", strings.Repeat("[", 20000), "line 1:10001: invalid character '[' exceeded max depth"},
	}
	for _, c := range cases {
		_, err := model.Decode(strings.NewReader(c.doc))
		var list model.ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Errorf("%s: Decode error = %v, want an ErrorList", c.reason, err)
			continue
		}
		if got := list[0].Error(); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.reason, got, c.want)
		}
		var one *model.Error
		if !errors.As(err, &one) {
			t.Errorf("%s: errors.As(*model.Error) failed", c.reason)
		}
	}
}

func TestDecodeCollectsEveryError(t *testing.T) {
	_, err := model.Decode(strings.NewReader(doc(`[{"id":"A","type":"bool"},{"id":"b","type":"choice","options":[]}]`, `[{"id":"p","preferences":[{"prefer":"b","weight":-1}]}]`, "")))
	var list model.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Decode error = %v", err)
	}
	var got []string
	for _, e := range list {
		got = append(got, e.Error())
	}
	want := []string{
		`issues[0].id: bad issue id "A" (want lower-case letters, digits and _, starting with a letter)`,
		`issues[1].options: a choice issue needs at least one option`,
		`parties[0].preferences[0].prefer: col 1: choice issue "b" used as a boolean (parties[0] is p)`, // "prefer" comes first in the document
		`parties[0].preferences[0].weight: weight must be a positive finite number, got -1 (parties[0] is p)`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

var valueCmp = cmp.Comparer(func(a, b model.Value) bool { return a == b })

// TestRoundTrip encodes and decodes generated spaces and the bundled ones.
func TestRoundTrip(t *testing.T) {
	var spaces []*model.Space
	for seed := int64(0); seed < 300; seed++ {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			s := scenarios.Generate(scenarios.GenOptions{Issues: 1 + int(seed%6), Parties: 2,
				RedLinesPerParty: 2, PreconditionsPerParty: 1, Rules: 1, PreferencesPerParty: 3, Proposals: 2, Reservations: true, Seed: seed})
			if seed%2 == 0 {
				scenarios.WithRanges(s, seed)
			}
			spaces = append(spaces, s)
		})
	}
	for _, name := range scenarios.Names() {
		s, err := scenarios.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		spaces = append(spaces, s)
	}
	for _, s := range spaces {
		var b bytes.Buffer
		if err := s.Encode(&b); err != nil {
			t.Fatal(err)
		}
		back, err := model.Decode(&b)
		if err != nil {
			t.Fatalf("%s: decode of encoded space: %v\n%s", s.Name, err, b.String())
		}
		if diff := cmp.Diff(s, back, valueCmp, cmp.Comparer(exprEqual), cmp.AllowUnexported(), ignoreUnexported()); diff != "" {
			t.Fatalf("%s: round trip (-want +got):\n%s", s.Name, diff)
		}
	}
}

func exprEqual(a, b model.Expr) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.String() == b.String()
}
