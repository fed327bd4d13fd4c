package report_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver/report"
)

// stepSpace is a small feasible space with steps whose agreeable packages
// are worked out by hand in the tests below.
func stepSpace(t *testing.T) *model.Space {
	t.Helper()
	s, err := model.Decode(strings.NewReader(`{"name":"steps","phases":3,
	  "issues":[{"id":"ceasefire","type":"step"},{"id":"withdrawal","type":"step"},{"id":"talks","type":"step"},
	            {"id":"review","type":"step"},{"id":"sanctions","type":"step"}],
	  "rules":[{"id":"order","require":"before(withdrawal, ceasefire) && together(ceasefire, talks)"},
	           {"id":"no_sanctions","require":"!sanctions"},
	           {"id":"late_review","require":"phase(review) >= 3"}],
	  "parties":[{"id":"east","preferences":[{"issue":"ceasefire","weight":1,"points":[[1,1],[4,0]]}]},
	             {"id":"west","preferences":[{"prefer":"phase(withdrawal) == 1","weight":1}]}],
	  "proposals":[{"id":"plan","by":"east","package":{"ceasefire":2,"withdrawal":1,"talks":2,"review":"never","sanctions":"never"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestStepReportJSON checks the ZOPA and package shapes of step issues in
// the JSON report. By hand: withdrawal precedes ceasefire, which comes with
// talks, so ceasefire and talks take phase 2 or 3 and withdrawal phase 1
// or 2; review takes phase 3 or never; sanctions never. Every party gets 1
// from ceasefire 2, withdrawal 1 (east: 1 - 1/3 = 2/3).
func TestStepReportJSON(t *testing.T) {
	s := stepSpace(t)
	r := analyze(t, s)
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Agreeable struct{ Count int }
		ZOPA      map[string]json.RawMessage `json:"zopa"`
		Best      map[string]struct {
			Package map[string]any
		}
		Proposals []struct {
			Agreeable bool
			Utilities map[string]float64
		}
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	// ceasefire/talks in 2 with withdrawal in 1; in 3 with withdrawal in 1
	// or 2: 3 orders, times review in {3, never}.
	if got.Agreeable.Count != 6 {
		t.Errorf("agreeable count %d, want 6", got.Agreeable.Count)
	}
	wantZ := map[string]string{
		"ceasefire":  `{"phases":[2,3],"never":false}`,
		"talks":      `{"phases":[2,3],"never":false}`,
		"withdrawal": `{"phases":[1,2],"never":false}`,
		"review":     `{"phases":[3],"never":true}`,
		"sanctions":  `{"phases":[],"never":true}`,
	}
	gotZ := map[string]string{}
	for k, v := range got.ZOPA {
		var c bytes.Buffer
		if err := json.Compact(&c, v); err != nil {
			t.Fatal(err)
		}
		gotZ[k] = c.String()
	}
	if diff := cmp.Diff(wantZ, gotZ); diff != "" {
		t.Errorf("zopa (-want +got):\n%s", diff)
	}
	u := got.Best["utilitarian"].Package
	if u["ceasefire"] != 2.0 || u["withdrawal"] != 1.0 || u["sanctions"] != "never" {
		t.Errorf("utilitarian package %v, want ceasefire 2, withdrawal 1, sanctions \"never\"", u)
	}
	if len(got.Proposals) != 1 || !got.Proposals[0].Agreeable || got.Proposals[0].Utilities["west"] != 1 {
		t.Errorf("proposal audit %+v, want agreeable with west at 1", got.Proposals)
	}
}

// orderSpace is an infeasible roadmap: the rule requires a ceasefire, East
// wants the withdrawal first and West no withdrawal; East and West also
// order talks and review both ways (a cycle through a third step).
func orderSpace(t *testing.T) *model.Space {
	t.Helper()
	s, err := model.Decode(strings.NewReader(`{"name":"orders","phases":3,
	  "issues":[{"id":"ceasefire","type":"step"},{"id":"withdrawal","type":"step"},{"id":"talks","type":"step"},
	            {"id":"review","type":"step"},{"id":"final_status","type":"step"}],
	  "rules":[{"id":"cf","require":"ceasefire","note":"a deal includes a ceasefire"}],
	  "parties":[{"id":"east","name":"East",
	     "preconditions":[{"id":"wd_first","if":"ceasefire","then":"before(withdrawal, ceasefire)","source":"s1"}],
	     "red_lines":[{"id":"talks_first","require":"before(talks, review)"},{"id":"status_late","require":"phase(final_status) >= 3"}]},
	    {"id":"west","name":"West",
	     "red_lines":[{"id":"no_wd","require":"!withdrawal"},{"id":"review_status","require":"together(review, final_status)"},
	                  {"id":"status_talks","require":"before(final_status, talks)"}]}],
	  "sources":[{"id":"s1","title":"Report"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func ref(party, id string, k model.ConstraintKind) model.Ref {
	return model.Ref{Party: party, Constraint: id, Kind: k}
}

// TestWords checks constraints read in words.
func TestWords(t *testing.T) {
	s := orderSpace(t)
	cases := []struct {
		ref  model.Ref
		want string
	}{
		{ref("", "cf", model.RuleKind), "ceasefire happens"},
		{ref("east", "wd_first", model.PreconditionKind), "withdrawal before ceasefire"},
		{ref("east", "talks_first", model.RedLineKind), "talks before review"},
		{ref("east", "status_late", model.RedLineKind), "final status not before phase 3"},
		{ref("west", "no_wd", model.RedLineKind), "no withdrawal"},
		{ref("west", "review_status", model.RedLineKind), "review together with final status"},
	}
	for _, c := range cases {
		if got := report.Words(s, c.ref); got != c.want {
			t.Errorf("Words(%v) = %q, want %q", c.ref, got, c.want)
		}
		if got, want := report.Orders(s, c.ref), c.ref.Constraint != "cf" && c.ref.Constraint != "no_wd"; got != want {
			t.Errorf("Orders(%v) = %v, want %v", c.ref, got, want)
		}
	}
	for src, want := range map[string]string{
		"phase(talks) <= 2":                           "talks by phase 2",
		"phase(talks) < 2":                            "talks by phase 1",
		"2 >= phase(talks)":                           "talks by phase 2",
		"phase(talks) == 1":                           "talks in phase 1",
		"phase(talks) != 1":                           "talks not in phase 1",
		"phase(talks) > 1":                            "talks not before phase 2",
		"phase(review) <= phase(talks) + 2":           "review at most 2 phases after talks",
		"phase(review) <= phase(talks)":               "review no later than talks",
		"phase(review) < phase(talks)":                "review earlier than talks",
		"phase(review) == phase(talks)":               "review in the same phase as talks",
		"2*phase(review) <= phase(talks)":             "2*phase(review) <= phase(talks)",
		"!before(talks, review) || !ceasefire":        "talks not before review or no ceasefire",
		"!together(talks, review)":                    "talks not together with review",
		"implies(talks, together(review, ceasefire))": "if talks happens: review together with ceasefire",
		"iff(talks, review) && ceasefire":             "(talks happens exactly when review happens) and ceasefire happens",
	} {
		s2 := orderSpace(t)
		e, err := s2.ParseExpr(src)
		if err != nil {
			t.Fatal(err)
		}
		s2.Rules = []model.Constraint{{ID: "x", Require: e}}
		if got := report.Words(s2, ref("", "x", model.RuleKind)); got != want {
			t.Errorf("%s reads %q, want %q", src, got, want)
		}
	}
}

// TestOrderCycle checks that cycles of order constraints are found, and
// only where there is one.
func TestOrderCycle(t *testing.T) {
	s := orderSpace(t)
	cyc := []model.Ref{ref("east", "talks_first", model.RedLineKind), ref("west", "review_status", model.RedLineKind), ref("west", "status_talks", model.RedLineKind)}
	got := report.OrderCycle(s, cyc)
	if diff := cmp.Diff([]string{"final_status", "talks", "review", "final_status"}, got); diff != "" {
		t.Errorf("cycle (-want +got):\n%s", diff)
	}
	if got := report.OrderCycle(s, cyc[:2]); got != nil {
		t.Errorf("two of the three make no cycle, got %v", got)
	}
	together := []model.Ref{ref("west", "review_status", model.RedLineKind)}
	if got := report.OrderCycle(s, together); got != nil {
		t.Errorf("together alone is no cycle, got %v", got)
	}
	want := "East: talks before review · West: review together with final status · West: final status before talks; " +
		"these orders form a cycle: final status before talks before review together with final status"
	if got := report.ConflictWords(s, cyc); got != want {
		t.Errorf("ConflictWords:\n got %s\nwant %s", got, want)
	}
}

// TestStepText checks the text report of the order conflicts and the
// roadmaps against golden files, and that each ordering conflict is also
// said in words.
func TestStepText(t *testing.T) {
	for _, c := range []struct {
		name string
		s    *model.Space
	}{{"steps_infeasible.txt", orderSpace(t)}, {"steps_feasible.txt", stepSpace(t)}} {
		r := analyze(t, c.s)
		var b bytes.Buffer
		if err := r.WriteText(&b); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		checkWidth(t, out)
		golden(t, c.name, b.Bytes())
		for i, set := range r.Conflicts.Sets {
			ordering := false
			for _, m := range set {
				rf := m.Ref
				ordering = ordering || report.Orders(c.s, rf)
			}
			line := fmt.Sprintf("%d in words: ", i+1)
			if strings.Contains(out, line) != ordering {
				t.Errorf("%s: conflict %d %v orders steps: %v, but said in words: %v", c.name, i+1, set, ordering, !ordering)
			}
		}
		if !r.Feasible {
			continue
		}
		for _, ru := range []*report.Choice{r.Best.Utilitarian, r.Best.Egalitarian} {
			for _, l := range report.NewRoadmap(c.s, ru.Package).Lines() {
				if !strings.Contains(out, "    "+l+"\n") {
					t.Errorf("%s: roadmap line %q missing", c.name, l)
				}
			}
		}
	}
}

// TestRoadmap checks roadmaps of complete and partial packages.
func TestRoadmap(t *testing.T) {
	s := stepSpace(t)
	rm := report.NewRoadmap(s, model.Package{"ceasefire": model.StepValue(3), "withdrawal": model.StepValue(1),
		"talks": model.StepValue(3), "review": model.Never()})
	want := []string{"phase 1: withdrawal", "phase 3: ceasefire, talks", "never: review", "open: sanctions"}
	if diff := cmp.Diff(want, rm.Lines()); diff != "" {
		t.Errorf("roadmap (-want +got):\n%s", diff)
	}
	plain, err := model.NewBuilder("t").Bool("a", "").Build()
	if err != nil {
		t.Fatal(err)
	}
	if report.NewRoadmap(plain, model.Package{"a": model.BoolValue(true)}) != nil {
		t.Error("a space without steps has a roadmap")
	}
}

// TestStepHTML checks the roadmap pictures: one per proposal and per
// distinct best roadmap, each step's mark in the column of its phase, and
// the order conflicts in words.
func TestStepHTML(t *testing.T) {
	s := stepSpace(t)
	r := analyze(t, s)
	root, _ := writeHTML(t, r, s, nil)
	check := func(svg *node, pkg model.Package) {
		t.Helper()
		marks := svg.all(func(n *node) bool { return hasClass(n, "step") })
		steps := 0
		for _, is := range s.Issues {
			if is.Kind != model.StepKind {
				continue
			}
			steps++
			want := "open"
			if v, ok := pkg[is.ID]; ok && v.Taken() {
				want = strconv.Itoa(v.Phase())
			} else if ok {
				want = "never"
			}
			if !slices.ContainsFunc(marks, func(n *node) bool { return n.attr("data-step") == is.ID && n.attr("data-phase") == want }) {
				t.Errorf("%s: no mark for %s in column %s", svg.attr("id"), is.ID, want)
			}
		}
		if len(marks) != steps {
			t.Errorf("%s: %d marks, want %d", svg.attr("id"), len(marks), steps)
		}
	}
	props := root.all(func(n *node) bool {
		return n.XMLName.Local == "svg" && strings.HasPrefix(n.attr("id"), "proposal-roadmap-")
	})
	if len(props) != 1 {
		t.Fatalf("%d proposal roadmaps, want 1", len(props))
	}
	check(props[0], s.Proposals[0].Package)
	best := root.all(func(n *node) bool {
		return n.XMLName.Local == "svg" && strings.HasPrefix(n.attr("id"), "best-roadmap-")
	})
	if len(best) == 0 {
		t.Fatal("no roadmap of the best packages")
	}
	check(best[0], r.Best.Utilitarian.Package)

	o := orderSpace(t)
	ro := analyze(t, o)
	root, _ = writeHTML(t, ro, o, nil)
	words := root.all(func(n *node) bool { return n.XMLName.Local == "p" && hasClass(n, "words") })
	if len(words) == 0 || !strings.Contains(words[0].text(), " in words: ") {
		t.Errorf("no conflict in words in the HTML page")
	}
}
