package model

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// apiCmp compares spaces: Values by ==, unexported bookkeeping ignored.
var apiCmp = cmp.Options{
	cmp.Comparer(func(a, b Value) bool { return a == b }),
	cmpopts.IgnoreUnexported(Space{}),
}

// exprByString compares expressions by their printed form.
var exprByString = cmp.Comparer(func(a, b Expr) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.String() == b.String()
})

func TestErrorText(t *testing.T) {
	cases := []struct {
		reason string
		err    *Error
		want   string
	}{
		{"path and column", &Error{Path: "parties[0].red_lines[2].require", Col: 5, Msg: `unknown issue "x"`}, `parties[0].red_lines[2].require: col 5: unknown issue "x"`},
		{"path only", &Error{Path: "issues[1].id", Msg: "bad"}, "issues[1].id: bad"},
		{"document level", &Error{Msg: `missing field "name"`}, `missing field "name"`},
		{"JSON syntax", &Error{Line: 3, Col: 7, Msg: "unexpected EOF"}, "line 3:7: unexpected EOF"},
	}
	for _, c := range cases {
		if got := c.err.Error(); got != c.want {
			t.Errorf("%s: got %q, want %q", c.reason, got, c.want)
		}
	}
}

func TestErrorList(t *testing.T) {
	var l ErrorList
	if l.Err() != nil || l.Len() != 0 {
		t.Fatalf("empty list: Err() = %v, Len() = %d", l.Err(), l.Len())
	}
	l.Add("issues[2].id", 0, "bad %s", "id")
	if got := l.Err().Error(); got != "issues[2].id: bad id" {
		t.Errorf("one error: %q", got)
	}
	l.Add("issues[10].id", 0, "worse")
	l.Add("", 0, "worst")
	if l.Len() != 3 {
		t.Errorf("Len() = %d, want 3", l.Len())
	}
	if got, want := l.Error(), "issues[2].id: bad id (and 2 more errors)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	wrapped := fmt.Errorf("file.json: %w", l.Err())
	var list ErrorList
	if !errors.As(wrapped, &list) || len(list) != 3 {
		t.Errorf("errors.As(ErrorList) through a wrap failed: %v", list)
	}
	var one *Error
	if !errors.As(wrapped, &one) || one.Path != "issues[2].id" {
		t.Errorf("errors.As(*Error) found %v, want the first error", one)
	}
}

// TestErrorListDocumentOrder checks that issues[10] stays after issues[2]:
// the list is in document order, not sorted by path.
func TestErrorListDocumentOrder(t *testing.T) {
	var issues []string
	for i := range 12 {
		id := fmt.Sprintf("i%d", i)
		if i == 2 || i == 10 {
			id = fmt.Sprintf("I%d", i)
		}
		issues = append(issues, fmt.Sprintf(`{"id":%q,"type":"bool"}`, id))
	}
	_, err := ParseSpace([]byte(`{"name":"t","issues":[` + strings.Join(issues, ",") + `]}`))
	var list ErrorList
	if !errors.As(err, &list) || list.Len() != 2 {
		t.Fatalf("ParseSpace error = %v, want two errors", err)
	}
	if list[0].Path != "issues[2].id" || list[1].Path != "issues[10].id" {
		t.Errorf("paths %q, %q: want issues[2].id then issues[10].id", list[0].Path, list[1].Path)
	}
}

func TestDecodeSyntaxLocation(t *testing.T) {
	cases := []struct {
		reason, doc, want string
	}{
		{"empty input", "", "line 1:1: empty document"},
		{"blank input", " \n\t", "line 1:1: empty document"},
		{"document cut short is located at its end", "{\"name\": \"t\",\n  \"issues\": [", "line 2:14: unexpected EOF"},
		{"bad character", "{\"name\": \"t\",\n  \"issues\": [}]}", "line 2:14: invalid character '}' looking for beginning of value"},
		{"trailing word after blank lines", "{\"name\":\"t\",\"issues\":[]}\n\n  x", "line 3:3: data after the document"},
		{"trailing string", "{\"name\":\"t\",\"issues\":[]} \"x\"", "line 1:26: data after the document"},
		{"second document", "{\"name\":\"t\",\"issues\":[]}\n{}", "line 2:1: data after the document"},
		{"not JSON at all", "name: t", "line 1:2: invalid character 'a' in literal null (expecting 'u')"},
	}
	for _, c := range cases {
		_, err := ParseSpace([]byte(c.doc))
		var list ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Errorf("%s: error = %v, want an ErrorList", c.reason, err)
			continue
		}
		if got := list[0].Error(); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.reason, got, c.want)
		}
	}
}

func TestDecodeTrailingWhitespaceIsFine(t *testing.T) {
	if _, err := ParseSpace([]byte("\n {\"name\":\"t\",\"issues\":[]} \r\n\t\n")); err != nil {
		t.Fatal(err)
	}
}

func TestDecodeTooLarge(t *testing.T) {
	r := paddedReader(`{"name":"t","description":"`, MaxDocumentSize)
	_, err := Decode(r)
	if err == nil || !strings.Contains(err.Error(), "document larger than") {
		t.Fatalf("error = %v, want a size error", err)
	}
}

// paddedReader returns a reader of prefix followed by n spaces, without
// allocating them up front.
func paddedReader(prefix string, n int) *bytes.Reader {
	b := make([]byte, len(prefix)+n)
	copy(b, prefix)
	for i := len(prefix); i < len(b); i++ {
		b[i] = ' '
	}
	return bytes.NewReader(b)
}

func TestLoadNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(path, []byte(`{"name":"t","issues":[{"id":"a","type":"bool","colour":1}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	if want := path + `: issues[0]: unknown field "colour"`; err == nil || err.Error() != want {
		t.Fatalf("Load error = %v, want %s", err, want)
	}
	var one *Error
	if !errors.As(err, &one) || one.Path != "issues[0]" {
		t.Errorf("errors.As(*Error) = %v", one)
	}
	if _, err := Load(filepath.Join(dir, "missing.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load of a missing file: %v, want os.ErrNotExist", err)
	}
	good := filepath.Join(dir, "good.json")
	if err := os.WriteFile(good, []byte(`{"name":"t","issues":[{"id":"a","type":"bool"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if s, err := Load(good); err != nil || s.Name != "t" || len(s.Issues) != 1 {
		t.Errorf("Load(good) = %v, %v", s, err)
	}
}

// TestValidateGoBuilt runs Validate on spaces filled in directly in Go,
// which can hold states a document cannot express.
func TestValidateGoBuilt(t *testing.T) {
	base := func() *Space {
		return &Space{Name: "t", Issues: []Issue{
			{ID: "a", Kind: BoolKind},
			{ID: "c", Kind: ChoiceKind, Options: []string{"x", "y"}},
			{ID: "n", Kind: IntKind, Min: 0, Max: 10, Step: 5},
		}}
	}
	one := func(p Party) func(*Space) { return func(s *Space) { s.Parties = []Party{p} } }
	nan, inf := math.NaN(), math.Inf(1)
	neg := -0.5
	cases := []struct {
		reason string
		edit   func(*Space)
		want   string
	}{
		{"name is required", func(s *Space) { s.Name = "" }, "name: missing scenario name"},
		{"unknown issue kind", func(s *Space) { s.Issues[0].Kind = 9 }, "issues[0].type: unknown issue type"},
		{"explicit int values must not be empty", func(s *Space) { s.Issues[2].Values = []int64{} }, "issues[2].values: an int issue needs at least one value"},
		{"a rule has no cost", func(s *Space) { s.Rules = []Constraint{{ID: "r", Require: True(), Cost: 2}} }, "rules[0].cost: a rule has no cost (rules are never negotiable)"},
		{"a rule has no if/then", func(s *Space) { s.Rules = []Constraint{{ID: "r", Require: True(), If: True()}} }, "rules[0]: a rule has require, not if/then"},
		{"a rule needs require", func(s *Space) { s.Rules = []Constraint{{ID: "r"}} }, "rules[0].require: missing expression"},
		{"a red line has no if/then", one(Party{ID: "p", RedLines: []Constraint{{ID: "r", Require: True(), Then: True()}}}), "parties[0].red_lines[0]: a red line has require, not if/then (parties[0] is p)"},
		{"a precondition has no require", one(Party{ID: "p", Preconditions: []Constraint{{ID: "r", Require: True(), If: True(), Then: True()}}}), "parties[0].preconditions[0].require: a precondition has if and then, not require (parties[0] is p)"},
		{"NaN cost", one(Party{ID: "p", RedLines: []Constraint{{ID: "r", Require: True(), Cost: nan}}}), "parties[0].red_lines[0].cost: cost must be a positive finite number, got NaN (parties[0] is p)"},
		{"infinite cost", one(Party{ID: "p", RedLines: []Constraint{{ID: "r", Require: True(), Cost: inf}}}), "parties[0].red_lines[0].cost: cost must be a positive finite number, got +Inf (parties[0] is p)"},
		{"negative cost", one(Party{ID: "p", RedLines: []Constraint{{ID: "r", Require: True(), Cost: -1}}}), "parties[0].red_lines[0].cost: cost must be a positive finite number, got -1 (parties[0] is p)"},
		{"infinite weight", one(Party{ID: "p", Preferences: []Preference{{Weight: inf, Prefer: True()}}}), "parties[0].preferences[0].weight: weight must be a positive finite number, got +Inf (parties[0] is p)"},
		{"unset weight", one(Party{ID: "p", Preferences: []Preference{{Prefer: True()}}}), "parties[0].preferences[0].weight: weight must be a positive finite number, got 0 (parties[0] is p)"},
		{"no preference form", one(Party{ID: "p", Preferences: []Preference{{Weight: 1, Issue: "c"}}}), "parties[0].preferences[0]: a preference needs exactly one of prefer, points and values (parties[0] is p)"},
		{"prefer takes no issue", one(Party{ID: "p", Preferences: []Preference{{Weight: 1, Prefer: True(), Issue: "c"}}}), "parties[0].preferences[0].issue: prefer takes no issue (parties[0] is p)"},
		{"empty points", one(Party{ID: "p", Preferences: []Preference{{Weight: 1, Issue: "n", Points: []Point{}}}}), "parties[0].preferences[0].points: points need at least one point (parties[0] is p)"},
		{"NaN point", one(Party{ID: "p", Preferences: []Preference{{Weight: 1, Issue: "n", Points: []Point{{0, nan}}}}}), "parties[0].preferences[0].points[0]: value must be in [0, 1], got NaN (parties[0] is p)"},
		{"values on an int issue", one(Party{ID: "p", Preferences: []Preference{{Weight: 1, Issue: "n", Values: map[string]float64{"5": 1}}}}), `parties[0].preferences[0].values: values need a choice or bool issue; "n" is int (use points) (parties[0] is p)`},
		{"unknown preference issue", one(Party{ID: "p", Preferences: []Preference{{Weight: 1, Issue: "zz", Values: map[string]float64{}}}}), `parties[0].preferences[0].issue: unknown issue "zz" (parties[0] is p)`},
		{"negative reservation", one(Party{ID: "p", Reservation: &neg}), "parties[0].reservation: reservation must be in [0, 1], got -0.5 (parties[0] is p)"},
		{"NaN reservation", one(Party{ID: "p", Reservation: &nan}), "parties[0].reservation: reservation must be in [0, 1], got NaN (parties[0] is p)"},
		{"constructed expression on an unknown issue has no column", one(Party{ID: "p", RedLines: []Constraint{{ID: "r", Require: And(Var("a"), Var("zz"))}}}), `parties[0].red_lines[0].require: unknown issue "zz" (parties[0] is p)`},
		{"constructed negative count", func(s *Space) { s.Rules = []Constraint{{ID: "r", Require: AtMost(-1, Var("a"))}} }, "rules[0].require: count -1 of atMost is negative"},
		{"constructed overflowing coefficient", func(s *Space) {
			s.Rules = []Constraint{{ID: "r", Require: Compare(Linear{Terms: []Term{{Coef: math.MaxInt64 / 2, Issue: "n"}}}, GtOp, Const(0))}}
		}, "rules[0].require: integer overflow: the comparison's sides can exceed 64-bit integers"},
		{"constructed in with a bad option", func(s *Space) { s.Rules = []Constraint{{ID: "r", Require: In("c", "x", "q")}} }, `rules[0].require: "q" is not an option of choice issue "c"`},
		{"proposal with an invalid value", func(s *Space) { s.Proposals = []Proposal{{ID: "q", Package: Package{"a": {}}}} }, `proposals[0].package.a: value <invalid> is not in the domain of bool issue "a"`},
		{"proposal with an out-of-range int", func(s *Space) { s.Proposals = []Proposal{{ID: "q", Package: Package{"n": IntValue(15)}}} }, `proposals[0].package.n: value 15 is not in the domain of int issue "n"`},
		{"duplicate rule id", func(s *Space) { s.Rules = []Constraint{{ID: "r", Require: True()}, {ID: "r", Require: True()}} }, `rules[1].id: duplicate rule id "r"`},
		{"duplicate proposal id", func(s *Space) { s.Proposals = []Proposal{{ID: "q"}, {ID: "q"}} }, `proposals[1].id: duplicate proposal id "q"`},
		{"duplicate source id", func(s *Space) { s.Sources = []Source{{ID: "s"}, {ID: "s"}} }, `sources[1].id: duplicate source id "s"`},
		{"bad source id", func(s *Space) { s.Sources = []Source{{ID: "1s"}} }, `sources[0].id: bad source id "1s" (want lower-case letters, digits and _, starting with a letter)`},
		{"NaN least cost", one(Party{ID: "p", RedLines: []Constraint{{ID: "r", Require: True(), CostRange: &Range{nan, 2}}}}), "parties[0].red_lines[0].cost_range: cost_range must hold two finite numbers, got [NaN, 2] (parties[0] is p)"},
		{"infinite greatest weight", one(Party{ID: "p", Preferences: []Preference{{Weight: 1, Prefer: True(), WeightRange: &Range{1, inf}}}}), "parties[0].preferences[0].weight_range: weight_range must hold two finite numbers, got [1, +Inf] (parties[0] is p)"},
		{"empty cost range", one(Party{ID: "p", RedLines: []Constraint{{ID: "r", Require: True(), CostRange: &Range{}}}}), "parties[0].red_lines[0].cost_range: the least cost must be positive, got 0 (parties[0] is p)"},
		{"a rule has no cost range", func(s *Space) { s.Rules = []Constraint{{ID: "r", Require: True(), CostRange: &Range{1, 1}}} }, "rules[0].cost_range: a rule has no cost_range (rules are never negotiable)"},
		{"rule source must be declared", func(s *Space) { s.Rules = []Constraint{{ID: "r", Require: True(), Source: "s"}} }, `rules[0].source: unknown source "s"`},
	}
	for _, c := range cases {
		s := base()
		if err := s.Validate(); err != nil {
			t.Fatalf("base space: %v", err)
		}
		c.edit(s)
		err := s.Validate()
		var list ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Errorf("%s: Validate = %v, want an ErrorList", c.reason, err)
			continue
		}
		if got := list[0].Error(); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.reason, got, c.want)
		}
	}
}

// TestValidateKeepsColumns checks that a decoded space remembers where its
// expressions came from: editing the issues afterwards makes Validate
// report the column.
func TestValidateKeepsColumns(t *testing.T) {
	s, err := ParseSpace([]byte(`{"name":"t","issues":[{"id":"a","type":"bool"},{"id":"c","type":"choice","options":["x","y"]}],
		"rules":[{"id":"r","require":"a && c == \"y\""}]}`))
	if err != nil {
		t.Fatal(err)
	}
	s.Issues[1].Options = []string{"x"}
	err = s.Validate()
	if want := `rules[0].require: col 6: "y" is not an option of choice issue "c"`; err == nil || err.Error() != want {
		t.Errorf("Validate = %v, want %s", err, want)
	}
}

func TestBuilder(t *testing.T) {
	s, err := NewBuilder("trade").
		Source("s1", "Communiqué").
		Bool("ceasefire", "Ceasefire along the line").
		Choice("recognition", "none", "de_facto", "de_jure").
		IntValues("army_cap", 600000, 800000).
		IntRange("buffer_km", 0, 30, 5).
		Rule("cap", "army_cap <= 800000").Note("hard cap", "s1").
		Party("russia").RedLine("no_nato", "!ceasefire || recognition != \"none\"").Cost(3).Note("", "s1").
		Prefer(`recognition == "de_jure"`, 2).
		Values("recognition", 1, map[string]float64{"de_facto": 0.5, "de_jure": 1}).
		Reservation(0.25).WeightRange(0.5, 3).
		Party("ukraine").RedLine("no_cession", `recognition != "de_jure"`).
		Precondition("buffer_first", "ceasefire", "buffer_km >= 10").Cost(0.5).CostRange(0.25, 1).
		Points("army_cap", 3, Point{600000, 1}, Point{800000, 0}).
		Proposal("plan", "russia", Package{"ceasefire": BoolValue(true), "recognition": OptionValue("de_jure")}).
		Proposal("blank", "", nil).
		Build()
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Parties[0].RedLines[0]; got.Cost != 3 || got.Source != "s1" {
		t.Errorf("red line = %+v", got)
	}
	if got := s.Parties[1].Preconditions[0].Cost; got != 0.5 {
		t.Errorf("precondition cost = %v", got)
	}
	if got := s.Parties[1].Preconditions[0].CostRange; got == nil || *got != (Range{0.25, 1}) {
		t.Errorf("precondition cost range = %v", got)
	}
	if got := s.Parties[0].Preferences[1].WeightRange; got == nil || *got != (Range{0.5, 3}) {
		t.Errorf("weight range = %v", got)
	}
	if lo, hi := s.CostBounds(Ref{Party: "russia", Constraint: "no_nato", Kind: RedLineKind}); lo != 3 || hi != 3 {
		t.Errorf("cost bounds without a range = %v, %v", lo, hi)
	}
	if got := s.Rules[0]; got.Note != "hard cap" || got.Source != "s1" {
		t.Errorf("rule = %+v", got)
	}
	// Encode, MarshalJSON and decoding agree, and give back the space (a
	// nil package comes back empty).
	var b bytes.Buffer
	if err := s.Encode(&b); err != nil {
		t.Fatal(err)
	}
	back, err := Decode(&b)
	if err != nil {
		t.Fatalf("decode of encoded builder space: %v\n%s", err, b.String())
	}
	s.Proposals[1].Package = Package{}
	if diff := cmp.Diff(s, back, apiCmp, exprByString); diff != "" {
		t.Errorf("round trip (-built +decoded):\n%s", diff)
	}
	compact, err := s.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	again, err := ParseSpace(compact)
	if err != nil {
		t.Fatalf("ParseSpace(MarshalJSON): %v\n%s", err, compact)
	}
	if diff := cmp.Diff(back, again, apiCmp, exprByString); diff != "" {
		t.Errorf("MarshalJSON and Encode differ (-encode +marshal):\n%s", diff)
	}
}

func TestBuilderErrors(t *testing.T) {
	cases := []struct {
		reason string
		b      *Builder
		want   []string
	}{
		{"syntax error names the path and column", NewBuilder("t").Bool("a", "").Party("p").RedLine("r", "a &&"),
			[]string{"parties[0].red_lines[0].require: col 5: the expression ends too early: a value is missing at its end (parties[0] is p)"}},
		{"red line before any party", NewBuilder("t").Bool("a", "").RedLine("r", "a"),
			[]string{"a red line, precondition, preference or reservation needs a Party first"}},
		{"type errors come from Validate with columns", NewBuilder("t").Bool("a", "").IntRange("n", 0, 3, 1).Party("p").Party("q").Prefer("a && n", 1),
			[]string{`parties[1].preferences[0].prefer: col 6: int issue "n" used as a boolean: compare it with a number, as in n > 0 (parties[1] is q)`}},
		{"precondition paths", NewBuilder("t").Bool("a", "").Party("p").Precondition("x", "a", "b"),
			[]string{`parties[0].preconditions[0].then: col 1: unknown issue "b" (parties[0] is p)`}},
		{"every Validate problem at once", NewBuilder("").Choice("c").IntRange("n", 5, 1, 1).Party("p").Reservation(2).Proposal("q", "zz", nil),
			[]string{"name: missing scenario name", "issues[0].options: a choice issue needs at least one option",
				"issues[1].min: min 5 is greater than max 1", "parties[0].reservation: reservation must be in [0, 1], got 2 (parties[0] is p)",
				`proposals[0].by: unknown party "zz"`}},
		{"cost on a rule", NewBuilder("t").Bool("a", "").Rule("r", "a").Cost(2),
			[]string{"rules[0].cost: a rule has no cost (rules are never negotiable)"}},
		{"ranges with nothing to range", NewBuilder("t").Bool("a", "").CostRange(1, 2).Party("p").WeightRange(1, 2),
			[]string{"CostRange needs a red line or precondition first", "WeightRange needs a preference first"}},
		{"a bad range from the builder", NewBuilder("t").Bool("a", "").Party("p").RedLine("r", "a").Cost(2).CostRange(3, 4),
			[]string{"parties[0].red_lines[0].cost_range: the least cost 3 is above the stated cost 2 (parties[0] is p)"}},
		{"cost and note with no constraint", NewBuilder("t").Bool("a", "").Cost(2).Party("p").Note("n", ""),
			[]string{"Cost needs a red line or precondition first", "Note needs a rule, red line or precondition first"}},
		{"builder errors and Validate errors together", NewBuilder("t").Bool("a", "").Party("p").RedLine("r", "a ||").Prefer("a", -1),
			[]string{"parties[0].red_lines[0].require: col 5: the expression ends too early: a value is missing at its end (parties[0] is p)",
				"parties[0].preferences[0].weight: weight must be a positive finite number, got -1 (parties[0] is p)"}},
	}
	for _, c := range cases {
		s, err := c.b.Build()
		var list ErrorList
		if s != nil || !errors.As(err, &list) {
			t.Errorf("%s: Build = %v, %v; want an ErrorList", c.reason, s, err)
			continue
		}
		var got []string
		for _, e := range list {
			got = append(got, e.Error())
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.reason, diff)
		}
	}
}

// TestExprStringReparses covers trees built in Go, which the parser never
// produces (unflattened, extreme coefficients): their String must parse
// back to an expression that means the same and prints stably.
func TestExprStringReparses(t *testing.T) {
	s := &Space{Name: "t", Issues: []Issue{
		{ID: "a", Kind: BoolKind}, {ID: "b", Kind: BoolKind},
		{ID: "c", Kind: ChoiceKind, Options: []string{"x", "y"}},
		{ID: "n", Kind: IntKind, Values: []int64{-1, 0, 1}}, {ID: "m", Kind: IntKind, Values: []int64{0, 1}},
	}}
	cases := []Expr{
		&AndExpr{X: []Expr{&AndExpr{X: []Expr{Var("a"), Var("b")}}, Var("a")}},
		&OrExpr{X: []Expr{&AndExpr{}, &OrExpr{}}},
		Not(&OrExpr{X: []Expr{Var("a"), Not(Var("b"))}}),
		&AndExpr{X: []Expr{Var("a")}},
		Compare(Linear{Terms: []Term{{Coef: math.MinInt64 + 1, Issue: "m"}, {Coef: -1, Issue: "n"}, {Coef: 0, Issue: "n"}}, Const: math.MinInt64 + 2}, LeOp, Const(math.MaxInt64-2)),
		Compare(Linear{Terms: []Term{{Coef: -1, Issue: "n"}}, Const: -7}, NeOp, Linear{Terms: []Term{{Coef: 3, Issue: "m"}}, Const: math.MinInt64 + 5}),
		Compare(Const(math.MinInt64), EqOp, Num("n")),
		Iff(IsNot("c", "x"), In("c")),
		Exactly(0), AtLeast(2, Var("a"), Is("c", "y"), Compare(Num("n"), LtOp, Num("m"))),
		Implies(False(), Or(True(), And())),
	}
	all := []Package{}
	for _, a := range []bool{false, true} {
		for _, c := range []string{"x", "y"} {
			for _, n := range []int64{-1, 0, 1} {
				all = append(all, Package{"a": BoolValue(a), "b": BoolValue(!a), "c": OptionValue(c), "n": IntValue(n), "m": IntValue(n & 1)})
			}
		}
	}
	for _, e := range cases {
		src := e.String()
		back, err := ParseExpr(src)
		if err != nil {
			t.Errorf("ParseExpr(%q): %v", src, err)
			continue
		}
		// A Go-built tree may be unflattened; its reparse prints stably.
		if again, err := ParseExpr(back.String()); err != nil || again.String() != back.String() {
			t.Errorf("%q reparsed prints %q, which reparses as %v, %v", src, back.String(), again, err)
		}
		if s.check(e, nil) != nil {
			continue // overflowing on purpose: only the syntax round trip matters
		}
		for _, p := range all {
			x, err1 := s.Eval(e, p)
			y, err2 := s.Eval(back, p)
			if x != y || err1 != nil || err2 != nil {
				t.Errorf("%q on %v: %v (%v) before, %v (%v) after", src, p, x, err1, y, err2)
			}
		}
	}
}

// FuzzSpaceExpr parses expressions against a fixed space: whatever
// type-checks must print to a string that parses and checks to an equal
// tree with the same truth value on every package.
func FuzzSpaceExpr(f *testing.F) {
	for _, s := range []string{"a && !b", `c == "x" || in(c, "y")`, "n + 2*m >= -1", "atMost(1, a, b, n < m)", "iff(a, implies(b, false))", "-(n - m)*3 != 0x1",
		"before(s, t) || together(t, s)", "phase(s) - n*2 >= phase(t)", "atLeast(1, s, !t, a)"} {
		f.Add(s)
	}
	s := &Space{Name: "t", Phases: 2, Issues: []Issue{
		{ID: "a", Kind: BoolKind}, {ID: "b", Kind: BoolKind},
		{ID: "c", Kind: ChoiceKind, Options: []string{"x", "y"}},
		{ID: "n", Kind: IntKind, Values: []int64{-1, 0, 1}}, {ID: "m", Kind: IntKind, Min: 0, Max: 2, Step: 2},
		{ID: "s", Kind: StepKind}, {ID: "t", Kind: StepKind},
	}}
	if err := s.Validate(); err != nil {
		f.Fatal(err)
	}
	var all []Package
	steps := []Value{StepValue(1), StepValue(2), Never()}
	for _, a := range []bool{false, true} {
		for _, c := range []string{"x", "y"} {
			for _, n := range []int64{-1, 0, 1} {
				for i, st := range steps {
					all = append(all, Package{"a": BoolValue(a), "b": BoolValue(n == 0), "c": OptionValue(c), "n": IntValue(n), "m": IntValue(2 * (n & 1)),
						"s": st, "t": steps[(i+int(n)+3)%3]})
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		e, err := s.ParseExpr(src)
		if err != nil {
			var ee *ExprError
			if !errors.As(err, &ee) || ee.Col < 0 || ee.Col > len(src)+1 {
				t.Fatalf("ParseExpr(%q): error %v has a bad column", src, err)
			}
			return
		}
		back, err := s.ParseExpr(e.String())
		if err != nil {
			t.Fatalf("ParseExpr(%q) printed %q, which fails: %v", src, e.String(), err)
		}
		if diff := cmp.Diff(e, back); diff != "" {
			t.Fatalf("round trip of %q via %q (-want +got):\n%s", src, e.String(), diff)
		}
		for _, p := range all {
			x, err1 := s.Eval(e, p)
			y, err2 := s.Eval(back, p)
			if x != y || err1 != nil || err2 != nil {
				t.Fatalf("%q on %v: %v (%v) vs %v (%v)", src, p, x, err1, y, err2)
			}
		}
	})
}

// FuzzSpaceRoundTrip checks that every document that decodes encodes to
// one that decodes to an equal space, and that a second encoding is
// byte-for-byte the first.
func FuzzSpaceRoundTrip(f *testing.F) {
	f.Add([]byte(`{"name":"t","issues":[{"id":"a","type":"bool"},{"id":"c","type":"choice","options":["x","y"]},{"id":"n","type":"int","min":0,"max":10,"step":5}],
		"sources":[{"id":"s","title":"T","date":"2025","url":"u"}],"rules":[{"id":"r","require":"atMost(1, a, !a)","source":"s"}],
		"parties":[{"id":"p","name":"P","red_lines":[{"id":"x","require":"n*2 - 3 >= 1","cost":2.5,"note":"why"}],
		"preconditions":[{"id":"y","if":"a","then":"c != \"y\""}],
		"preferences":[{"issue":"n","weight":1,"points":[[0,0],[10,1]]},{"issue":"c","weight":0.5,"values":{"x":0.25}},{"prefer":"implies(a, c == \"x\")","weight":1}],"reservation":0.5}],
		"proposals":[{"id":"q","by":"p","package":{"a":true,"n":5,"c":"y"}}]}`))
	f.Add([]byte(`{"name":"st","phases":3,"issues":[{"id":"a","type":"step","label":"A"},{"id":"b","type":"step"}],"rules":[{"id":"r","require":"implies(b, before(a, b))"}],
		"parties":[{"id":"p","preferences":[{"issue":"a","weight":1,"points":[[1,1],[4,0]]},{"prefer":"phase(a) + phase(b) <= 4","weight":1}]}],
		"proposals":[{"id":"q","package":{"a":1,"b":"never"}}]}`))
	f.Add([]byte(`{"format":"zopa/v1","name":"u","issues":[{"id":"k","type":"int","values":[3,-1,9223372036854775807]}],"parties":[{"id":"p","preferences":[{"issue":"k","weight":1e-300,"points":[[-9223372036854775808,1e-7]]}],"reservation":-0}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSpace(data)
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %v is not a non-empty ErrorList", err)
			}
			return
		}
		var b bytes.Buffer
		if err := s.Encode(&b); err != nil {
			t.Fatalf("Encode: %v", err)
		}
		back, err := ParseSpace(b.Bytes())
		if err != nil {
			t.Fatalf("decoding the encoding of a valid space: %v\n%s", err, b.Bytes())
		}
		if diff := cmp.Diff(s, back, apiCmp); diff != "" {
			t.Fatalf("round trip (-first +second):\n%s\n%s", diff, b.Bytes())
		}
		var b2 bytes.Buffer
		if err := back.Encode(&b2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.Bytes(), b2.Bytes()) {
			t.Fatalf("encodings differ:\n%s\n%s", b.Bytes(), b2.Bytes())
		}
	})
}

func ExampleDecode() {
	_, err := Decode(strings.NewReader(`{
  "name": "talks",
  "issues": [{"id": "ceasefire", "type": "bool"}, {"id": "cap", "type": "int", "min": 0, "max": 9}],
  "parties": [{"id": "east", "red_lines": [{"id": "no_war", "require": "ceasefire && cease_fire"}]},
              {"id": "west", "preferences": [{"prefer": "cap", "weight": 2}], "reservation": 1.5}]
}`))
	var list ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Println(e)
		}
	}
	// Output:
	// parties[0].red_lines[0].require: col 14: unknown issue "cease_fire"; did you mean "ceasefire"? (parties[0] is east)
	// parties[1].preferences[0].prefer: col 1: int issue "cap" used as a boolean: compare it with a number, as in cap > 0 (parties[1] is west)
	// parties[1].reservation: reservation must be in [0, 1], got 1.5 (parties[1] is west)
}
