package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver"
	"github.com/zopa-go/zopa/solver/report"
)

// transit is a small labour dispute: the union's precondition collides with
// management's red line, and the union's two red lines with each other.
func transit(t *testing.T) *model.Space {
	t.Helper()
	s, err := model.NewBuilder("transit").
		Bool("layoffs", "Layoffs allowed").Bool("strike", "Strike called").IntValues("raise", 0, 2, 4).
		Rule("budget", "raise <= 2 || !layoffs").Note("The budget cannot pay a 4% raise without layoffs.", "").
		Party("management").RedLine("layoff_flex", "layoffs").Note("Management keeps the right to lay off.", "").
		Party("union").RedLine("big_raise", "raise >= 4").Note("The union wants 4%.", "").
		Precondition("no_layoffs_first", "!strike", "!layoffs").Note("Without a strike, no layoffs.", "").
		RedLine("no_strike", "!strike").Note("The union promised not to strike.", "").
		Build()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func analyzeScope(t *testing.T, s *model.Space, scope string) *report.Report {
	t.Helper()
	sc, err := solver.ParseScope(s, scope)
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.Analyze(context.Background(), s, &report.Options{Scope: sc})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func text(t *testing.T, r *report.Report, s *model.Space) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	checkWidth(t, b.String())
	return b.String()
}

// TestAgainstHardConstraints: under -negotiable preconditions or a party
// list, a conflict whose other side became hard names the hard constraints
// it collides with, in text and HTML, instead of showing a party "alone".
func TestAgainstHardConstraints(t *testing.T) {
	s := transit(t)
	r := analyzeScope(t, s, "union")
	if r.Feasible || len(r.Conflicts.Sets) == 0 {
		t.Fatalf("want an infeasible space with conflicts, got %+v", r.Conflicts)
	}
	mgmt := report.Member{Ref: model.Ref{Party: "management", Constraint: "layoff_flex", Kind: model.RedLineKind}}
	budget := report.Member{Ref: model.Ref{Constraint: "budget", Kind: model.RuleKind}}
	if len(r.Against) != len(r.Conflicts.Sets) {
		t.Fatalf("%d against lists for %d conflicts", len(r.Against), len(r.Conflicts.Sets))
	}
	want := map[string][]report.Member{
		"union.big_raise":                        {budget, mgmt},
		"union.no_layoffs_first+union.no_strike": {mgmt},
	}
	for i, set := range r.Conflicts.Sets {
		var key []string
		for _, m := range set {
			key = append(key, m.Party+"."+m.Constraint)
		}
		k := strings.Join(key, "+")
		if w, ok := want[k]; ok {
			if diff := cmp.Diff(w, r.Against[i]); diff != "" {
				t.Errorf("%s against (-want +got):\n%s", k, diff)
			}
			delete(want, k)
		}
	}
	if len(want) != 0 {
		t.Errorf("conflicts not found: %v in %v", want, r.Conflicts.Sets)
	}
	out := text(t, r, s)
	for _, w := range []string{
		"union.big_raise, against the hard constraints rule budget, management.layoff_flex",
		"union.no_layoffs_first + union.no_strike, against the hard constraint management.layoff_flex",
		"Management keeps the right to lay off.", // the hard constraint is described
	} {
		if !strings.Contains(out, w) {
			t.Errorf("text lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "union alone") {
		t.Errorf("a conflict against hard constraints is shown as the party alone:\n%s", out)
	}
	_, page := writeHTML(t, r, s, nil)
	for _, w := range []string{", against the hard constraints ", ", against the hard constraint ", "union against the hard constraints: 2 conflicts</h3>",
		"Management keeps the right to lay off."} {
		if !strings.Contains(page, w) {
			t.Errorf("HTML lacks %q", w)
		}
	}
	// With every constraint on the table, only rules are hard.
	all := analyzeScope(t, s, "all")
	for i, set := range all.Conflicts.Sets {
		for _, m := range all.Against[i] {
			if m.Kind != model.RuleKind {
				t.Errorf("conflict %v: %v is not hard under all", set, m)
			}
		}
	}
	// Lean leaves the text-only parts out and changes no JSON.
	sc, _ := solver.ParseScope(s, "union")
	lean, err := report.Analyze(context.Background(), s, &report.Options{Scope: sc, Lean: true})
	if err != nil {
		t.Fatal(err)
	}
	if lean.Against != nil || lean.Opening != nil {
		t.Errorf("Lean report has Against %v, Opening %v", lean.Against, lean.Opening)
	}
	a, _ := json.Marshal(r)
	b, _ := json.Marshal(lean)
	if !bytes.Equal(a, b) {
		t.Errorf("Lean changes the JSON report")
	}
}

// TestOpeningSection: every infeasible report has "What would open the
// space" with the cheapest set and its proven bound, the fewest
// concessions, the preconditions-only view and the best packages after
// conceding, all agreeing with the rest of the report.
func TestOpeningSection(t *testing.T) {
	for seed := int64(0); seed < 40; seed++ {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			o := scenarios.GenOptions{Seed: seed, Issues: 4, Parties: 3, RedLinesPerParty: 2, PreconditionsPerParty: 1, PreferencesPerParty: 2, Proposals: 1}
			s := scenarios.GenerateInfeasible(o, 1+int(seed%3))
			r := analyze(t, s)
			if r.Feasible {
				return
			}
			op := r.Opening
			if op == nil {
				t.Fatalf("seed %d: no opening", seed)
			}
			name := fmt.Sprintf("seed %d", seed)
			if r.HardConflict == nil {
				if op.Cheapest == nil || op.LowerBound != op.Cheapest.Cost {
					t.Fatalf("%s: cheapest %+v, bound %v", name, op.Cheapest, op.LowerBound)
				}
				if r.Concessions.Complete && op.Cheapest.Cost != r.Concessions.Sets[0].Cost {
					t.Errorf("%s: cheapest costs %v, the first listed set %v", name, op.Cheapest.Cost, r.Concessions.Sets[0].Cost)
				}
				for _, c := range r.Concessions.Sets {
					if len(c.Constraints) < len(op.Smallest.Constraints) {
						t.Errorf("%s: a listed set %v is smaller than the fewest %v", name, c.Constraints, op.Smallest.Constraints)
					}
				}
			}
			out := text(t, r, s)
			if !strings.Contains(out, "\nWhat would open the space\n") {
				t.Fatalf("%s: no section:\n%s", name, out)
			}
			if op.Cheapest == nil {
				return
			}
			for _, w := range []string{"Cheapest: conceding ", "the solver proved a lower bound of " + strings.TrimSuffix(fmt.Sprint(op.LowerBound), ".0"),
				"Fewest: ", "Preconditions alone: ", "After conceding the cheapest set, "} {
				if !strings.Contains(out, w) {
					t.Errorf("%s: text lacks %q:\n%s", name, w, out)
				}
			}
			a := op.After
			if a == nil || !a.Feasible || a.Best.Utilitarian == nil {
				t.Fatalf("%s: after conceding: %+v", name, a)
			}
			conceded := refsOf(op.Cheapest.Constraints)
			cs, err := s.Concede(conceded...)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			best := math.Inf(-1)
			for _, p := range packages(cs) {
				v, err := cs.Judge(p)
				if err != nil {
					t.Fatal(err)
				}
				if v.Agreeable {
					n++
					sum := 0.0
					for i := range cs.Parties {
						u, _ := cs.Utility(&cs.Parties[i], p)
						sum += u
					}
					best = math.Max(best, sum)
				}
			}
			if a.Agreeable.Count != int64(n) || math.Abs(a.Best.Utilitarian.Score-best) > 1e-9 {
				t.Errorf("%s: after conceding %d agreeable, utilitarian %v; brute force %d, %v", name, a.Agreeable.Count, a.Best.Utilitarian.Score, n, best)
			}
		})
	}
}

func refsOf(ms []report.Member) []model.Ref {
	var out []model.Ref
	for _, m := range ms {
		out = append(out, m.Ref)
	}
	return out
}

// TestOpeningWhenHardConflicts: when the constraints held fixed already
// exclude every package, the section says so and shows what would open it
// with everything on the table; when the rules alone do, that nothing can.
func TestOpeningWhenHardConflicts(t *testing.T) {
	s, r := ukraine(t)
	_ = r
	pre := analyzeScope(t, s, "preconditions")
	out := text(t, pre, s)
	if pre.HardConflict == nil || pre.Opening == nil || pre.Opening.Negotiable != "all" || pre.Opening.Cheapest == nil {
		t.Fatalf("opening under preconditions: %+v", pre.Opening)
	}
	if !strings.Contains(out, "Nothing on the table (negotiable: preconditions) can") || strings.Contains(out, "Preconditions alone:") {
		t.Errorf("text:\n%s", out)
	}
	h := hardSpace(t)
	hr := analyze(t, h)
	if hr.Opening == nil || hr.Opening.Cheapest != nil || !strings.Contains(text(t, hr, h), "Nothing negotiable can: the rules alone exclude every package.") {
		t.Errorf("rules alone: %+v", hr.Opening)
	}
}

// TestNotesOnce: the text report writes each constraint's note once; later
// mentions point back to it.
func TestNotesOnce(t *testing.T) {
	s, r := ukraine(t)
	out := text(t, r, s)
	head := regexp.MustCompile(`^ *- ([a-z_]+\.[a-z_]+) \(`)
	full := map[string]int{}
	for _, l := range strings.Split(out, "\n") {
		m := head.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		if !strings.HasSuffix(l, ": see above") {
			full[m[1]]++
		}
	}
	if len(full) < 10 {
		t.Fatalf("only %d constraints described", len(full))
	}
	for ref, n := range full {
		if n != 1 {
			t.Errorf("%s is described %d times", ref, n)
		}
	}
	if !strings.Contains(out, "russia.recognize_luhansk_donetsk (Russia's red line, cost 3): see above") {
		t.Errorf("a constraint in two conflict groups is not pointed back to")
	}
}

// TestHonestWording: headings say what the lists are, and the rules have
// one name each in every human-facing output.
func TestHonestWording(t *testing.T) {
	s, r := ukraine(t)
	out := text(t, r, s)
	for _, bad := range []string{"Cheapest concession sets", "kalai_smorodinsky", "Kalai-Smor.", "nash"} {
		if strings.Contains(out, bad) {
			t.Errorf("ukraine text contains %q", bad)
		}
	}
	if !strings.Contains(out, "Concession sets, cheapest first") {
		t.Errorf("ukraine text lacks the concession heading")
	}
	f := scenarios.Generate(genFeasible)
	fr := analyze(t, f)
	ft := text(t, fr, f)
	if !strings.Contains(ft, "utilitarian  egalitarian  Nash") || !strings.Contains(ft, "Kalai-Smorodinsky") || strings.Contains(ft, "kalai_smorodinsky") {
		t.Errorf("feasible text rule names:\n%s", ft)
	}
	_, page := writeHTML(t, fr, f, nil)
	if strings.Contains(page, "kalai_smorodinsky:") || !strings.Contains(page, "Kalai-Smorodinsky") {
		t.Errorf("HTML rule names")
	}
}
