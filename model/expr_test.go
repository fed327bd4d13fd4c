package model_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
)

func ignoreUnexported() cmp.Option {
	return cmpopts.IgnoreUnexported(model.Space{})
}

// exprs collects every expression of a space.
func exprs(s *model.Space) []model.Expr {
	var out []model.Expr
	for _, r := range s.Rules {
		out = append(out, r.Require)
	}
	for _, p := range s.Parties {
		for _, c := range p.RedLines {
			out = append(out, c.Require)
		}
		for _, c := range p.Preconditions {
			out = append(out, c.If, c.Then)
		}
		for _, pr := range p.Preferences {
			if pr.Prefer != nil {
				out = append(out, pr.Prefer)
			}
		}
	}
	return out
}

// TestExprRoundTrip checks that every expression prints to a string that
// parses back to an equal tree, over the generator's expressions (every
// form) and hand-picked edge cases.
func TestExprRoundTrip(t *testing.T) {
	var all []model.Expr
	for seed := int64(0); seed < 500; seed++ {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			s := scenarios.Generate(scenarios.GenOptions{Issues: 6, Parties: 2, RedLinesPerParty: 3, PreconditionsPerParty: 2, Rules: 2, PreferencesPerParty: 2, Depth: 3, Seed: seed})
			all = append(all, exprs(s)...)
		})
	}
	for _, src := range []string{
		"a && (b || c) && !d", "!(a && b)", "(a || b) && c", "implies(a, iff(b, c))",
		`x == "o1" || x != "o2" && in(x, "o1", "o2")`, "atMost(2, a, b, c) && exactly(0) && atLeast(1, a)",
		"a - 2*b + 3 >= -c", "-9223372036854775808 <= n", "n*2 - -3*m != 0", "0*n < 800_000", "-n - 1 > 2 - m",
		"true && false", "((a))",
	} {
		e, err := model.ParseExpr(src)
		if err != nil {
			t.Fatalf("ParseExpr(%q): %v", src, err)
		}
		all = append(all, e)
	}
	for _, e := range all {
		back, err := model.ParseExpr(e.String())
		if err != nil {
			t.Fatalf("ParseExpr(%q): %v", e.String(), err)
		}
		if diff := cmp.Diff(e, back); diff != "" {
			t.Fatalf("round trip of %q (-want +got):\n%s", e.String(), diff)
		}
	}
}

func TestParseExprShapes(t *testing.T) {
	cases := []struct {
		reason, src string
		want        model.Expr
	}{
		{"&& flattens", "a && b && c", model.And(model.Var("a"), model.Var("b"), model.Var("c"))},
		{"|| binds looser than &&", "a || b && c", model.Or(model.Var("a"), model.And(model.Var("b"), model.Var("c")))},
		{"string on the left", `"x" == c`, model.Is("c", "x")},
		{"constants fold and move right", "3 + n - 1 <= 2*m", model.Compare(model.Linear{Terms: []model.Term{{Coef: 1, Issue: "n"}}, Const: 2}, model.LeOp, model.Linear{Terms: []model.Term{{Coef: 2, Issue: "m"}}})},
		{"constant times a sum distributes", "2*(n - m) > 0", model.Compare(model.Linear{Terms: []model.Term{{Coef: 2, Issue: "n"}, {Coef: -2, Issue: "m"}}}, model.GtOp, model.Const(0))},
	}
	for _, c := range cases {
		got, err := model.ParseExpr(c.src)
		if err != nil {
			t.Fatalf("%s: %v", c.reason, err)
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s: ParseExpr(%q) (-want +got):\n%s", c.reason, c.src, diff)
		}
	}
}

func FuzzParseExpr(f *testing.F) {
	for _, s := range []string{"a && b", `in(x, "a")`, "atMost(1, a, b)", "a + 2*b >= 3", "!(a)", "implies(a, b)", "n*-1 < 0x10",
		"before(a, b)", "together(a, (b)) || !c", "phase(a) - 2*phase(b) <= n + 1", "-phase(x) != phase(y)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		e, err := model.ParseExpr(src)
		if err != nil {
			return
		}
		back, err := model.ParseExpr(e.String())
		if err != nil {
			t.Fatalf("ParseExpr(%q) printed %q, which does not parse: %v", src, e.String(), err)
		}
		if diff := cmp.Diff(e, back); diff != "" {
			t.Fatalf("round trip of %q via %q (-want +got):\n%s", src, e.String(), diff)
		}
	})
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(doc("", "", "")))
	f.Add([]byte(doc("", `[{"id":"p","preferences":[{"issue":"n","weight":1,"points":[[0,0],[10,1]]}],"reservation":0.5}]`, `,"proposals":[{"id":"q","package":{"a":true,"n":5}}]`)))
	f.Add([]byte(`{"name":"x","issues":[{"id":"c","type":"choice","options":["a"]}],"rules":[{"id":"r","require":"c == \"a\""}]}`))
	f.Add([]byte(stepDoc(`"phases":3,`, `[{"id":"p","preconditions":[{"id":"w","if":"cf","then":"before(wd, cf)"}],"preferences":[{"issue":"cf","weight":1,"points":[[1,1],[4,0]]}]}]`, `,"proposals":[{"id":"q","package":{"cf":"never","wd":2}}]`)))
	f.Add([]byte(stepDoc("", redLine("together(cf, wd) || phase(cf) + n < 3"), "")))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := model.Decode(bytesReader(data))
		if err != nil {
			return
		}
		var b = new(bytesBuf)
		if err := s.Encode(b); err != nil {
			t.Fatalf("Encode: %v", err)
		}
		if _, err := model.Decode(bytesReader(b.Bytes())); err != nil {
			t.Fatalf("decoding the encoding of a valid space: %v\n%s", err, b.Bytes())
		}
	})
}

func ExampleParseExpr() {
	e, err := model.ParseExpr(`army_cap <= 800_000 && recognition != "de_jure"`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e)
	_, err = model.ParseExpr("army_cap <= 800000 &&")
	fmt.Println(err)
	// Output:
	// army_cap <= 800000 && recognition != "de_jure"
	// col 22: the expression ends too early: a value is missing at its end
}

func ExampleBuilder() {
	s, err := model.NewBuilder("talks").
		Bool("ceasefire", "Ceasefire along the current line").
		Choice("recognition", "none", "de_facto", "de_jure").
		IntValues("army_cap", 600000, 800000).
		Party("east").RedLine("cap", "army_cap <= 800000").Prefer(`recognition == "de_jure"`, 2).
		Party("west").RedLine("no_cession", `recognition != "de_jure"`).Cost(3).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	v, _ := s.Judge(model.Package{"ceasefire": model.BoolValue(true),
		"recognition": model.OptionValue("de_jure"), "army_cap": model.IntValue(600000)})
	fmt.Println(v.Agreeable, v.Broken, v.Utilities)
	// Output:
	// false [west.no_cession] map[east:1 west:1]
}

// TestIssuesAndInspect checks the walker against the parser: every issue
// an expression string names (and nothing else) comes out of Issues, and
// Inspect visits the operands of every operator.
func TestIssuesAndInspect(t *testing.T) {
	s, err := model.NewBuilder("t").Bool("a", "").Bool("b", "").Choice("c", "x", "y").IntRange("n", 0, 9, 1).
		Step("s1", "").Step("s2", "").Phases(3).Build()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		reason, expr string
		issues       []string
		nodes        int
	}{
		{"a constant names no issue", "true", nil, 1},
		{"negation and conjunction", "!a && b", []string{"a", "b"}, 4},
		{"is, in and implies", `implies(c == "x", in(c, "x", "y"))`, []string{"c", "c"}, 3},
		{"both sides of a comparison, phase included", "n + 2 * phase(s1) <= 7", []string{"n", "s1"}, 1},
		{"both steps of an order, under iff and a cardinality", "iff(before(s1, s2), atMost(1, a, b, s2))", []string{"s1", "s2", "a", "b", "s2"}, 6},
	}
	for _, c := range cases {
		t.Run(c.reason, func(t *testing.T) {
			e, err := s.ParseExpr(c.expr)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			model.Issues(e, func(id string) { got = append(got, id) })
			if diff := cmp.Diff(c.issues, got); diff != "" {
				t.Errorf("Issues(%s) (-want +got):\n%s", c.expr, diff)
			}
			nodes := 0
			model.Inspect(e, func(model.Expr) bool { nodes++; return true })
			if nodes != c.nodes {
				t.Errorf("Inspect(%s) visited %d nodes, want %d", c.expr, nodes, c.nodes)
			}
			root := 0
			model.Inspect(e, func(model.Expr) bool { root++; return false })
			if root != 1 {
				t.Errorf("Inspect stopped by f visited %d nodes, want 1", root)
			}
		})
	}
	if model.True() == model.True() {
		t.Error("True returns one shared value: a caller could change everyone's constant")
	}
}

func ExampleInspect() {
	e := model.And(model.Var("a"), model.Not(model.Or(model.Var("b"), model.Is("c", "x"))))
	model.Inspect(e, func(x model.Expr) bool {
		fmt.Printf("%T %s\n", x, x)
		return true
	})
	// Output:
	// *model.AndExpr a && !(b || c == "x")
	// *model.VarExpr a
	// *model.NotExpr !(b || c == "x")
	// *model.OrExpr b || c == "x"
	// *model.VarExpr b
	// *model.IsExpr c == "x"
}
