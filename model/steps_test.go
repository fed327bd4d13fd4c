package model_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zopa-go/zopa/model"
)

// stepDoc is a small document with steps cf and wd, a bool b and an int n.
func stepDoc(phases, parties, extra string) string {
	if parties == "" {
		parties = `[{"id":"p","red_lines":[{"id":"r","require":"before(wd, cf)"}]}]`
	}
	return `{"name":"t",` + phases + `"issues":[{"id":"cf","type":"step"},{"id":"wd","type":"step"},{"id":"b","type":"bool"},{"id":"n","type":"int","min":0,"max":3}],"parties":` + parties + extra + `}`
}

// TestStepDecodeErrors covers every bad step input of the contract: each is
// one error located in the document.
func TestStepDecodeErrors(t *testing.T) {
	prop := func(v string) string { return `,"proposals":[{"id":"q","package":{"cf":` + v + `}}]` }
	cases := []struct {
		reason, doc, want string
	}{
		{"phases without steps", `{"name":"t","phases":3,"issues":[{"id":"b","type":"bool"}]}`, `phases: phases is set but no issue is a step`},
		{"phases 0", stepDoc(`"phases":0,`, "", ""), `phases: phases must be an integer from 1 to 64, got 0`},
		{"phases 65", stepDoc(`"phases":65,`, "", ""), `phases: phases must be an integer from 1 to 64, got 65`},
		{"phases not an integer", stepDoc(`"phases":2.5,`, "", ""), `phases: want a 64-bit integer, got 2.5`},
		{"phases a string", stepDoc(`"phases":"3",`, "", ""), `phases: want an integer, got a string`},
		{"step in arithmetic without phase", stepDoc("", redLine("n + cf <= 3"), ""), `parties[0].red_lines[0].require: col 5: step issue "cf" used in arithmetic (use phase(cf)) (parties[0] is p)`},
		{"step compared with a number", stepDoc("", redLine("cf == 2"), ""), `parties[0].red_lines[0].require: col 1: step issue "cf" used in arithmetic (use phase(cf)) (parties[0] is p)`},
		{"step compared with a string", stepDoc("", redLine(`cf == "never"`), ""), `parties[0].red_lines[0].require: col 1: step issue "cf" compared with a string (a step is taken or not: write cf or !cf, or compare phase(cf)) (parties[0] is p)`},
		{"before on a non-step", stepDoc("", redLine("before(cf, b)"), ""), `parties[0].red_lines[0].require: col 12: bool issue "b" is not a step (phase, before and together take step issues) (parties[0] is p)`},
		{"together on an int", stepDoc("", redLine("together(n, cf)"), ""), `parties[0].red_lines[0].require: col 10: int issue "n" is not a step (phase, before and together take step issues) (parties[0] is p)`},
		{"phase of a non-step", stepDoc("", redLine("phase(n) < 2"), ""), `parties[0].red_lines[0].require: col 1: int issue "n" is not a step (phase, before and together take step issues) (parties[0] is p)`},
		{"before with one argument", stepDoc("", redLine("before(cf)"), ""), `parties[0].red_lines[0].require: col 1: before takes 2 step issues, got 1 arguments (parties[0] is p)`},
		{"before of an expression", stepDoc("", redLine("before(cf, !wd)"), ""), `parties[0].red_lines[0].require: col 12: arguments of before must be step issues (parties[0] is p)`},
		{"phase used as a condition", stepDoc("", redLine("phase(cf)"), ""), `parties[0].red_lines[0].require: col 1: phase(...) is a number, not a condition: compare it, as in phase(x) <= 2 (parties[0] is p)`},
		{"unknown step", stepDoc("", redLine("before(cf, wx)"), ""), `parties[0].red_lines[0].require: col 12: unknown issue "wx" (parties[0] is p)`},
		{"values on a step preference", stepDoc("", `[{"id":"p","preferences":[{"issue":"cf","weight":1,"values":{"1":1}}]}]`, ""), `parties[0].preferences[0].values: values cannot score step issue "cf"; use points over its phases (never counts as 3) or prefer (parties[0] is p)`},
		{"empty values on a step preference", stepDoc("", `[{"id":"p","preferences":[{"issue":"cf","weight":1,"values":{}}]}]`, ""), `parties[0].preferences[0].values: values cannot score step issue "cf"; use points over its phases (never counts as 3) or prefer (parties[0] is p)`},
		{"options on a step", `{"name":"t","issues":[{"id":"cf","type":"step","options":["a"]}]}`, `issues[0].options: field "options" does not apply to a step issue`},
		{"proposal with phase 0", stepDoc("", "", prop("0")), `proposals[0].package.cf: value 0 of step issue "cf" is not a phase from 1 to 2 or "never"`},
		{"proposal with phase K+1", stepDoc("", "", prop("3")), `proposals[0].package.cf: value 3 of step issue "cf" is not a phase from 1 to 2 or "never"`},
		{"proposal with phase K+1 of declared phases", stepDoc(`"phases":4,`, "", prop("5")), `proposals[0].package.cf: value 5 of step issue "cf" is not a phase from 1 to 4 or "never"`},
		{"proposal with Never", stepDoc("", "", prop(`"Never"`)), `proposals[0].package.cf: value "Never" of step issue "cf" is not a phase from 1 to 2 or "never"; did you mean "never"?`},
		{"proposal with never and a space", stepDoc("", "", prop(`"never "`)), `proposals[0].package.cf: value "never " of step issue "cf" is not a phase from 1 to 2 or "never"; did you mean "never"?`},
		{"proposal with a boolean step", stepDoc("", "", prop(`true`)), `proposals[0].package.cf: value true of step issue "cf" is not a phase from 1 to 2 or "never"`},
		{"proposal with a negative phase", stepDoc("", "", prop(`-1`)), `proposals[0].package.cf: value -1 of step issue "cf" is not a phase from 1 to 2 or "never"`},
	}
	for _, c := range cases {
		_, err := model.Decode(strings.NewReader(c.doc))
		var list model.ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			t.Errorf("%s: Decode error = %v, want an ErrorList", c.reason, err)
			continue
		}
		if got := list[0].Error(); got != c.want || len(list) != 1 {
			t.Errorf("%s:\n got %s (%d errors)\nwant %s (1 error)", c.reason, got, len(list), c.want)
		}
	}
}

// TestStepMeaning checks the evaluator against the contract's definitions,
// written out independently here, on every package of a small step space.
func TestStepMeaning(t *testing.T) {
	s, err := model.Decode(strings.NewReader(stepDoc(`"phases":3,`, `[{"id":"p","preferences":[{"issue":"cf","weight":1,"points":[[1,1],[4,0]]}]}]`, "")))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.NumPhases(); got != 3 {
		t.Fatalf("NumPhases = %d, want 3", got)
	}
	cf := s.Issue("cf")
	if cf.Size() != 4 || len(cf.Domain()) != 4 || cf.Domain()[3] != model.Never() || cf.Domain()[0] != model.StepValue(1) {
		t.Fatalf("domain of cf = %v (size %d), want 1 2 3 never", cf.Domain(), cf.Size())
	}
	exprs := map[string]func(cf, wd int64, n int64) bool{
		"cf":                           func(cf, wd, n int64) bool { return cf <= 3 },
		"!wd":                          func(cf, wd, n int64) bool { return wd == 4 },
		"before(wd, cf)":               func(cf, wd, n int64) bool { return cf <= 3 && wd <= 3 && wd < cf },
		"together(cf, wd)":             func(cf, wd, n int64) bool { return cf <= 3 && wd <= 3 && wd == cf },
		"before(cf, cf)":               func(cf, wd, n int64) bool { return false },
		"together(cf, cf)":             func(cf, wd, n int64) bool { return cf <= 3 },
		"phase(cf) + 1 <= phase(wd)":   func(cf, wd, n int64) bool { return cf+1 <= wd },
		"2*phase(cf) - n == phase(wd)": func(cf, wd, n int64) bool { return 2*cf-n == wd },
		"-phase(wd) > -3":              func(cf, wd, n int64) bool { return -wd > -3 },
		"atLeast(2, cf, wd, b)":        func(cf, wd, n int64) bool { return (cf <= 3 && wd <= 3) },
		"implies(cf, before(wd, cf))":  func(cf, wd, n int64) bool { return cf == 4 || (wd <= 3 && wd < cf) },
	}
	val := func(ph int64) model.Value {
		if ph == 4 {
			return model.Never()
		}
		return model.StepValue(int(ph))
	}
	for src, want := range exprs {
		e, err := s.ParseExpr(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		for cf := int64(1); cf <= 4; cf++ {
			for wd := int64(1); wd <= 4; wd++ {
				for n := int64(0); n <= 3; n++ {
					p := model.Package{"cf": val(cf), "wd": val(wd), "b": model.BoolValue(false), "n": model.IntValue(n)}
					got, err := s.Eval(e, p)
					if err != nil || got != want(cf, wd, n) {
						t.Fatalf("%s on cf=%d wd=%d n=%d: %v (%v), want %v", src, cf, wd, n, got, err, want(cf, wd, n))
					}
					// Every sub-package's partial answer is sound.
					for _, drop := range []string{"cf", "wd", "n"} {
						q := model.Package{}
						for k, v := range p {
							if k != drop {
								q[k] = v
							}
						}
						if tr := s.EvalPartial(e, q); (tr == model.True3 && !got) || (tr == model.False3 && got) {
							t.Fatalf("%s on %v without %s: partial %v but full %v", src, p, drop, tr, got)
						}
					}
				}
			}
		}
	}
	party := &s.Parties[0]
	for ph, want := range map[int64]float64{1: 1, 2: 2.0 / 3, 3: 1.0 / 3, 4: 0} {
		u, err := s.Utility(party, model.Package{"cf": val(ph), "wd": val(1), "b": model.BoolValue(true), "n": model.IntValue(0)})
		if err != nil || (u-want) > 1e-12 || (want-u) > 1e-12 {
			t.Errorf("utility with cf in phase %d = %v (%v), want %v", ph, u, err, want)
		}
	}
}

// TestStepRoundTrip decodes a document with steps, encodes it and decodes
// it again: equal spaces, phases kept only when declared, never kept.
func TestStepRoundTrip(t *testing.T) {
	for _, phases := range []string{"", `"phases":5,`} {
		src := stepDoc(phases, `[{"id":"p","preconditions":[{"id":"w","if":"cf","then":"before(wd, cf) && phase(wd) <= 2"}],"preferences":[{"issue":"wd","weight":2,"points":[[1,0],[3,1]]},{"prefer":"together(cf, wd)","weight":1}]}]`,
			`,"proposals":[{"id":"q","package":{"cf":"never","wd":2,"b":true}}]`)
		s, err := model.Decode(strings.NewReader(src))
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Proposals[0].Package["cf"]; got != model.Never() {
			t.Fatalf("never decoded as %v", got)
		}
		if got := s.Proposals[0].Package["wd"]; got != model.StepValue(2) || got.Phase() != 2 || !got.Taken() {
			t.Fatalf("phase 2 decoded as %v", got)
		}
		var b bytes.Buffer
		if err := s.Encode(&b); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), `"phases"`) != (phases != "") {
			t.Errorf("phases written = %v, declared = %v:\n%s", !(phases != ""), phases != "", b.String())
		}
		if !strings.Contains(b.String(), `"cf": "never"`) {
			t.Errorf("never not written as \"never\":\n%s", b.String())
		}
		back, err := model.Decode(&b)
		if err != nil {
			t.Fatalf("%v\n%s", err, b.String())
		}
		if diff := cmp.Diff(s, back, valueCmp, cmp.Comparer(exprEqual), ignoreUnexported()); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
	}
}

// TestStepBuilder builds the contract's example in Go.
func TestStepBuilder(t *testing.T) {
	s, err := model.NewBuilder("t").Phases(4).Step("ceasefire", "Ceasefire takes effect").Step("withdrawal", "").
		Party("russia").Precondition("withdraw_first", "ceasefire", "before(withdrawal, ceasefire)").
		Points("withdrawal", 1, model.Point{X: 1, Y: 1}, model.Point{X: 5, Y: 0}).
		Proposal("q", "russia", model.Package{"ceasefire": model.StepValue(2), "withdrawal": model.Never()}).Build()
	if err != nil {
		t.Fatal(err)
	}
	if s.Issues[0].Phases != 4 || s.Issues[1].Phases != 4 || s.NumPhases() != 4 {
		t.Fatalf("phases of the steps: %d %d, want 4", s.Issues[0].Phases, s.Issues[1].Phases)
	}
	v, err := s.Judge(model.Package{"ceasefire": model.StepValue(2), "withdrawal": model.StepValue(1)})
	if err != nil || !v.Agreeable {
		t.Fatalf("withdrawal in 1, ceasefire in 2: %+v, %v", v, err)
	}
	v, err = s.Judge(model.Package{"ceasefire": model.StepValue(2), "withdrawal": model.StepValue(2)})
	if err != nil || v.Agreeable {
		t.Fatalf("together: %+v, %v", v, err)
	}
	_, err = model.NewBuilder("t").Step("a", "").Proposal("q", "", model.Package{"a": model.IntValue(1)}).Build()
	if err == nil || !strings.Contains(err.Error(), `proposals[0].package.a: value 1 of step issue "a" is a int value (use StepValue or Never)`) {
		t.Errorf("int value for a step: %v", err)
	}
	_, err = model.NewBuilder("t").Step("a", "").Phases(0).Build()
	if err == nil || !strings.Contains(err.Error(), "phases: phases must be an integer from 1 to 64, got 0") {
		t.Errorf("Phases(0): %v", err)
	}
}

// TestStepExprStrings checks that step expressions print as written.
func TestStepExprStrings(t *testing.T) {
	for src, want := range map[string]string{
		"before(a,b)":                    "before(a, b)",
		"together( a , (b) )":            "together(a, b)",
		"-phase(a) + 2*phase(b) >= 1":    "-phase(a) + 2*phase(b) >= 1",
		"phase(a) - (phase(b)) < -1":     "phase(a) - phase(b) < -1",
		"!before(a, b) || a && !b":       "!before(a, b) || a && !b",
		"3 * (phase(a) + 1) == phase(b)": "3*phase(a) + 3 == phase(b)",
	} {
		e, err := model.ParseExpr(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if e.String() != want {
			t.Errorf("%s prints %q, want %q", src, e.String(), want)
		}
	}
	if got := model.Compare(model.Phase("a"), model.LtOp, model.Phase("b")).String(); got != "phase(a) < phase(b)" {
		t.Errorf("Phase prints %q", got)
	}
	if got := model.And(model.Before("a", "b"), model.Together("b", "c")).String(); got != "before(a, b) && together(b, c)" {
		t.Errorf("Before/Together print %q", got)
	}
}

// A roadmap of two steps over three phases: Russia's order precondition
// holds when the withdrawal comes first, and fails when both come together.
func ExampleBuilder_Step() {
	s, err := model.NewBuilder("talks").Phases(3).
		Step("ceasefire", "The ceasefire takes effect").Step("withdrawal", "").
		Party("russia").Precondition("withdrawal_first", "ceasefire", "before(withdrawal, ceasefire)").
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range []model.Package{
		{"ceasefire": model.StepValue(2), "withdrawal": model.StepValue(1)},
		{"ceasefire": model.StepValue(2), "withdrawal": model.StepValue(2)},
		{"ceasefire": model.Never(), "withdrawal": model.Never()},
	} {
		v, _ := s.Judge(p)
		fmt.Println(p, v.Agreeable)
	}
	// Output:
	// {ceasefire: 2, withdrawal: 1} true
	// {ceasefire: 2, withdrawal: 2} false
	// {ceasefire: "never", withdrawal: "never"} true
}
