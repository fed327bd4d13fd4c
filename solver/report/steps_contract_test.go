package report_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver/report"
)

// member is a report member as the JSON has it.
type member struct{ Party, Constraint, Kind string }

func compareMember(a, b member) int {
	return cmp.Or(cmp.Compare(a.Party, b.Party), cmp.Compare(a.Constraint, b.Constraint))
}

func compareSet(a, b []member) int {
	if c := cmp.Compare(len(a), len(b)); c != 0 {
		return c
	}
	for i := range a {
		if c := compareMember(a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

func toMembers(rs []model.Ref) []member {
	out := make([]member, len(rs))
	for i, r := range rs {
		out[i] = member{r.Party, r.Constraint, r.Kind.String()}
	}
	slices.SortFunc(out, compareMember)
	return out
}

// stepJSON is the part of the JSON report the step differential checks.
type stepJSON struct {
	Feasible  bool
	Agreeable struct {
		Count int64
		Exact bool
	}
	Proposals []struct {
		ID         string
		Agreeable  bool
		Violations []member
		Utilities  map[string]float64
	}
	Conflicts struct {
		Complete bool
		Sets     [][]member
	}
	Concessions struct {
		Complete bool
		Sets     []struct {
			Cost        float64
			Constraints []member
		}
	}
	HardConflict []member `json:"hard_conflict"`
	Pareto       struct {
		Complete bool
		Points   []struct {
			Utilities map[string]float64
			Package   map[string]any
		}
	}
	Best map[string]*struct {
		Score     float64
		Utilities map[string]float64
		Package   map[string]any
	}
	ZOPA map[string]json.RawMessage `json:"zopa"`
}

// TestStepReportDifferential checks the JSON report of random small spaces
// with step issues field by field against the contract's definitions,
// computed here by exhaustive enumeration with the model's evaluator:
// feasibility, the count, proposal audits, conflicts and concession sets in
// the contract's order, the hard conflict, the Pareto frontier, every
// rule's score, the ZOPA (steps as {"phases", "never"}) and step values in
// packages (a phase or "never").
func TestStepReportDifferential(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 60
	}
	ctx := context.Background()
	checked, infeasible := 0, 0
	for seed := int64(0); checked < n; seed++ {
		o := scenarios.GenOptions{Issues: 1 + int(seed%3), Steps: 1 + int(seed%2), Phases: int(seed / 2 % 4),
			Parties: 1 + int(seed%3), RedLinesPerParty: 1 + int(seed%2), PreconditionsPerParty: int(seed / 3 % 2),
			Rules: int(seed / 5 % 2), PreferencesPerParty: 1 + int(seed%2), Proposals: 3, Reservations: seed%4 == 0,
			MaxChoice: 3, MaxIntLevels: 3, Seed: seed}
		s := scenarios.Generate(o)
		if len(s.Negotiable()) > 10 {
			continue
		}
		checked++
		name := fmt.Sprintf("seed %d", seed)
		r, err := report.Analyze(ctx, s, &report.Options{Lean: true})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var b bytes.Buffer
		if err := r.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		var got stepJSON
		if err := json.Unmarshal(b.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		want := bruteStepReport(t, s)
		if !want.feasible {
			infeasible++
		}
		checkStepReport(t, name, s, &got, want)
	}
	t.Logf("%d spaces with steps, %d infeasible", checked, infeasible)
	if infeasible == 0 || infeasible == checked {
		t.Errorf("%d of %d spaces infeasible; want a mix", infeasible, checked)
	}
}

// stepBrute is what the contract says the report holds, by enumeration.
type stepBrute struct {
	feasible    bool
	agreeable   []model.Package
	utilities   [][]float64 // of each agreeable package, parties in space order
	conflicts   [][]member
	concessions [][]member
	hardOK      bool
	zopa        map[string]string
}

func bruteStepReport(t *testing.T, s *model.Space) *stepBrute {
	t.Helper()
	neg := s.Negotiable()
	b := &stepBrute{zopa: map[string]string{}}
	var broken [][]bool // per package whose rules hold: which negotiable constraints it breaks
	for _, p := range packages(s) {
		v, err := s.Judge(p)
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(v.Broken, func(r model.Ref) bool { return r.Kind == model.RuleKind }) {
			continue
		}
		b.hardOK = true
		row := make([]bool, len(neg))
		for i, r := range neg {
			row[i] = slices.Contains(v.Broken, r)
		}
		broken = append(broken, row)
		if v.Agreeable {
			b.agreeable = append(b.agreeable, p)
			var us []float64
			for _, party := range s.Parties {
				us = append(us, v.Utilities[party.ID])
			}
			b.utilities = append(b.utilities, us)
		}
	}
	b.feasible = len(b.agreeable) > 0
	if !b.feasible && b.hardOK {
		sat := func(mask int) bool { // some package keeps every constraint of mask
			return slices.ContainsFunc(broken, func(row []bool) bool {
				for i := range neg {
					if mask&(1<<i) != 0 && row[i] {
						return false
					}
				}
				return true
			})
		}
		refs := func(mask int) []model.Ref {
			var out []model.Ref
			for i := range neg {
				if mask&(1<<i) != 0 {
					out = append(out, neg[i])
				}
			}
			return out
		}
		for mask := 1; mask < 1<<len(neg); mask++ {
			if sat(mask) {
				continue
			}
			minimal := true
			for i := range neg {
				if mask&(1<<i) != 0 && !sat(mask&^(1<<i)) {
					minimal = false
				}
			}
			if minimal {
				b.conflicts = append(b.conflicts, toMembers(refs(mask)))
			}
		}
		for mask := 1; mask < 1<<len(neg); mask++ {
			rest := (1<<len(neg) - 1) &^ mask
			if !sat(rest) {
				continue
			}
			minimal := true
			for i := range neg {
				if mask&(1<<i) != 0 && sat(rest|1<<i) {
					minimal = false
				}
			}
			if minimal {
				b.concessions = append(b.concessions, toMembers(refs(mask)))
			}
		}
	}
	for i := range s.Issues {
		is := &s.Issues[i]
		var vals []model.Value
		for _, d := range is.Domain() {
			if slices.ContainsFunc(b.agreeable, func(p model.Package) bool { return p[is.ID] == d }) {
				vals = append(vals, d)
			}
		}
		if len(vals) == 0 {
			continue
		}
		var js string
		switch is.Kind {
		case model.StepKind:
			phases, never := []int{}, false
			for _, v := range vals {
				if v.Taken() {
					phases = append(phases, v.Phase())
				} else {
					never = true
				}
			}
			ph, _ := json.Marshal(phases)
			js = fmt.Sprintf(`{"phases":%s,"never":%v}`, ph, never)
		case model.IntKind:
			js = fmt.Sprintf(`{"min":%d,"max":%d}`, vals[0].Int(), vals[len(vals)-1].Int())
		case model.ChoiceKind:
			var os []string
			for _, v := range vals {
				os = append(os, v.Option())
			}
			o, _ := json.Marshal(os)
			js = fmt.Sprintf(`{"options":%s}`, o)
		case model.BoolKind:
			var bs []bool
			for _, v := range vals {
				bs = append(bs, v.Bool())
			}
			o, _ := json.Marshal(bs)
			js = fmt.Sprintf(`{"values":%s}`, o)
		}
		b.zopa[is.ID] = js
	}
	return b
}

// packageOf reads a JSON package: a step's value is a phase or "never".
func packageOf(t *testing.T, s *model.Space, m map[string]any) model.Package {
	t.Helper()
	p := model.Package{}
	for id, x := range m {
		is := s.Issue(id)
		if is == nil {
			t.Fatalf("package names unknown issue %q", id)
		}
		switch v := x.(type) {
		case bool:
			p[id] = model.BoolValue(v)
		case float64:
			p[id] = is.Coerce(model.IntValue(int64(v)))
		case string:
			p[id] = is.Coerce(model.OptionValue(v))
		}
		if is.Kind == model.StepKind && p[id].Kind() != model.StepKind {
			t.Fatalf("step %s has value %v in a package", id, x)
		}
	}
	return p
}

func checkStepReport(t *testing.T, name string, s *model.Space, got *stepJSON, want *stepBrute) {
	t.Helper()
	if got.Feasible != want.feasible || got.Agreeable.Count != int64(len(want.agreeable)) || !got.Agreeable.Exact {
		t.Fatalf("%s: feasible %v count %d exact %v; want %v %d", name, got.Feasible, got.Agreeable.Count, got.Agreeable.Exact, want.feasible, len(want.agreeable))
	}
	for i, pr := range s.Proposals {
		a := got.Proposals[i]
		ok := slices.ContainsFunc(want.agreeable, func(p model.Package) bool { return extendsPkg(p, pr.Package) })
		if a.ID != pr.ID || a.Agreeable != ok {
			t.Fatalf("%s: proposal %s agreeable %v, want %v", name, pr.ID, a.Agreeable, ok)
		}
		if len(pr.Package) == len(s.Issues) {
			v, _ := s.Judge(pr.Package)
			if diff := gocmp.Diff(v.Utilities, a.Utilities); diff != "" {
				t.Fatalf("%s: proposal %s utilities (-want +got):\n%s", name, pr.ID, diff)
			}
		}
	}
	if want.feasible {
		if len(got.Conflicts.Sets) != 0 || len(got.Concessions.Sets) != 0 || got.HardConflict != nil {
			t.Fatalf("%s: a feasible space with conflicts or concessions", name)
		}
		var vs [][]float64
		for _, pt := range got.Pareto.Points {
			p := packageOf(t, s, pt.Package)
			v, err := s.Judge(p)
			if err != nil || !v.Agreeable {
				t.Fatalf("%s: Pareto package %v is not agreeable (%v)", name, p, err)
			}
			var us []float64
			for _, party := range s.Parties {
				us = append(us, pt.Utilities[party.ID])
				if math.Abs(pt.Utilities[party.ID]-v.Utilities[party.ID]) > 1e-9 {
					t.Fatalf("%s: Pareto utilities %v, evaluator %v", name, pt.Utilities, v.Utilities)
				}
			}
			vs = append(vs, us)
		}
		if diff := gocmp.Diff(frontierOf(want.utilities), sortVecs(vs)); diff != "" {
			t.Fatalf("%s: Pareto frontier (-want +got):\n%s", name, diff)
		}
		for rule, score := range ruleScores(s, want.utilities) {
			c := got.Best[rule]
			if c == nil || math.Abs(c.Score-score) > 1e-9 {
				t.Fatalf("%s: %s score %+v, want %v", name, rule, c, score)
			}
			packageOf(t, s, c.Package)
		}
		gotZ := map[string]string{}
		for id, raw := range got.ZOPA {
			var c bytes.Buffer
			json.Compact(&c, raw)
			gotZ[id] = c.String()
		}
		if diff := gocmp.Diff(want.zopa, gotZ); diff != "" {
			t.Fatalf("%s: zopa (-want +got):\n%s", name, diff)
		}
		return
	}
	if !want.hardOK {
		if got.HardConflict == nil {
			t.Fatalf("%s: the rules exclude every package but there is no hard conflict", name)
		}
		return
	}
	if got.HardConflict != nil || !got.Conflicts.Complete || !got.Concessions.Complete {
		t.Fatalf("%s: hard conflict %v, complete %v %v", name, got.HardConflict, got.Conflicts.Complete, got.Concessions.Complete)
	}
	wantC := slices.Clone(want.conflicts)
	slices.SortFunc(wantC, compareSet)
	if diff := gocmp.Diff(wantC, got.Conflicts.Sets); diff != "" {
		t.Fatalf("%s: conflicts in the contract's order (-want +got):\n%s", name, diff)
	}
	type cset struct {
		cost float64
		ms   []member
	}
	var wantM, gotM []cset
	for _, ms := range want.concessions {
		c := 0.0
		for _, m := range ms {
			c += s.ConcessionCost(model.Ref{Party: m.Party, Constraint: m.Constraint, Kind: kindByName[m.Kind]})
		}
		wantM = append(wantM, cset{c, ms})
	}
	slices.SortFunc(wantM, func(a, b cset) int {
		if math.Abs(a.cost-b.cost) > 1e-9 {
			return cmp.Compare(a.cost, b.cost)
		}
		return compareSet(a.ms, b.ms)
	})
	for _, c := range got.Concessions.Sets {
		gotM = append(gotM, cset{c.Cost, c.Constraints})
	}
	if diff := gocmp.Diff(wantM, gotM, gocmp.AllowUnexported(cset{}), gocmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) <= 1e-9 })); diff != "" {
		t.Fatalf("%s: concession sets in the contract's order (-want +got):\n%s", name, diff)
	}
}

var kindByName = map[string]model.ConstraintKind{"red_line": model.RedLineKind, "precondition": model.PreconditionKind, "reservation": model.ReservationKind}

func extendsPkg(p, partial model.Package) bool {
	for k, v := range partial {
		if p[k] != v {
			return false
		}
	}
	return true
}

func sortVecs(vs [][]float64) [][]float64 {
	out := slices.Clone(vs)
	slices.SortFunc(out, func(a, b []float64) int {
		for i := range a {
			if math.Abs(a[i]-b[i]) > 1e-9 {
				return cmp.Compare(a[i], b[i])
			}
		}
		return 0
	})
	return out
}

// frontierOf is the distinct non-dominated vectors of vs, sorted.
func frontierOf(vs [][]float64) [][]float64 {
	var out [][]float64
	for _, v := range vs {
		dominated := slices.ContainsFunc(vs, func(w []float64) bool {
			strict := false
			for i := range v {
				if w[i] < v[i]-1e-12 {
					return false
				}
				strict = strict || w[i] > v[i]+1e-12
			}
			return strict
		})
		same := slices.ContainsFunc(out, func(w []float64) bool {
			for i := range v {
				if math.Abs(w[i]-v[i]) > 1e-12 {
					return false
				}
			}
			return true
		})
		if !dominated && !same {
			out = append(out, v)
		}
	}
	return sortVecs(out)
}

// ruleScores is each rule's best score over the agreeable utility vectors,
// as the contract defines the rules.
func ruleScores(s *model.Space, vs [][]float64) map[string]float64 {
	res := make([]float64, len(s.Parties))
	ideal := make([]float64, len(s.Parties))
	for i, p := range s.Parties {
		if p.Reservation != nil {
			res[i] = *p.Reservation
		}
		ideal[i] = math.Inf(-1)
		for _, v := range vs {
			ideal[i] = max(ideal[i], v[i])
		}
	}
	out := map[string]float64{"utilitarian": math.Inf(-1), "egalitarian": math.Inf(-1), "nash": math.Inf(-1), "kalai_smorodinsky": math.Inf(-1)}
	for _, v := range vs {
		sum, least, prod, ks := 0.0, math.Inf(1), 1.0, math.Inf(1)
		for i := range v {
			sum += v[i]
			least = min(least, v[i])
			prod *= v[i] - res[i]
			if d := ideal[i] - res[i]; d > 1e-12 {
				ks = min(ks, (v[i]-res[i])/d)
			}
		}
		if math.IsInf(ks, 1) {
			ks = 1
		}
		for k, x := range map[string]float64{"utilitarian": sum, "egalitarian": least, "nash": prod, "kalai_smorodinsky": ks} {
			out[k] = max(out[k], x)
		}
	}
	return out
}
