package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver/report"
)

// fuzzSmall reports whether exhaustive enumeration can check the whole
// report of s: few packages, few negotiable constraints (conflicts and
// concession sets are found among all their subsets), few rules. Spaces
// without parties are left out: the contract does not say what the
// egalitarian score (a least utility over no party) is then.
func fuzzSmall(s *model.Space) bool {
	if len(s.Parties) == 0 {
		return false
	}
	n := 1
	for i := range s.Issues {
		n *= s.Issues[i].Size()
		if n > 256 || n == 0 {
			return false
		}
	}
	return len(s.Negotiable()) <= 10 && len(s.Rules) <= 8 && len(s.Parties) <= 4 && len(s.Proposals) <= 4
}

// fuzzSeeds are the seed corpus of FuzzAnalyze: generated spaces of every
// kind (feasible, infeasible, with planted conflicts, with steps and
// reservations), as scenario files.
func fuzzSeeds() [][]byte {
	var out [][]byte
	add := func(s *model.Space) {
		var b bytes.Buffer
		if err := s.Encode(&b); err == nil {
			out = append(out, b.Bytes())
		}
	}
	for seed := range int64(16) {
		o := scenarios.GenOptions{Issues: 1 + int(seed%3), Parties: 1 + int(seed%3), RedLinesPerParty: 1 + int(seed%2),
			PreconditionsPerParty: int(seed / 2 % 2), Rules: int(seed / 4 % 2), PreferencesPerParty: 1 + int(seed%2),
			Proposals: 2, MaxChoice: 3, MaxIntLevels: 4, Reservations: seed%3 == 0, Feasible: seed%2 == 0, Seed: seed}
		if seed%4 == 3 {
			o.Steps, o.Phases = 1+int(seed%2), 2
		}
		if seed%5 == 4 {
			add(scenarios.GenerateInfeasible(o, 2))
			continue
		}
		add(scenarios.Generate(o))
	}
	return out
}

// FuzzAnalyze decodes arbitrary bytes as a scenario file and, when the
// space is valid and small enough, runs the whole analysis (certified) and
// compares every field it can with exhaustive enumeration by the model's
// evaluator: feasibility, the count, proposal audits and violations,
// conflicts and concession sets in the contract's order, the hard
// conflict, the ZOPA, the Pareto frontier and every rule's score (within
// 1e-9). Invalid input must be rejected with an error, never a panic.
func FuzzAnalyze(f *testing.F) {
	for _, b := range fuzzSeeds() {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := model.Decode(bytes.NewReader(data))
		if err != nil || !fuzzSmall(s) {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		r, err := report.Analyze(ctx, s, &report.Options{Lean: true})
		if err != nil {
			t.Fatalf("Analyze: %v\n%s", err, data)
		}
		if !r.Certified {
			t.Fatalf("a default analysis is not certified")
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
		checkStepReport(t, "fuzz", s, &got, want)
		checkAuditsAndHardConflict(t, s, &got, want)
	})
}

// checkAuditsAndHardConflict checks what checkStepReport leaves out: each
// proposal's violations (the negotiable constraints that no completion
// satisfying the rules satisfies) and, when the rules exclude every
// package, that the hard conflict is a minimal set of rules that does.
func checkAuditsAndHardConflict(t *testing.T, s *model.Space, got *stepJSON, want *stepBrute) {
	t.Helper()
	type row struct {
		p      model.Package
		broken map[model.Ref]bool
	}
	var rows []row
	for _, p := range packages(s) {
		v, err := s.Judge(p)
		if err != nil {
			t.Fatal(err)
		}
		br := map[model.Ref]bool{}
		for _, r := range v.Broken {
			br[r] = true
		}
		rows = append(rows, row{p, br})
	}
	var rules []model.Ref
	for _, r := range s.Rules {
		rules = append(rules, model.Ref{Constraint: r.ID, Kind: model.RuleKind})
	}
	holdsAll := func(br map[model.Ref]bool, refs []model.Ref) bool {
		return !slices.ContainsFunc(refs, func(r model.Ref) bool { return br[r] })
	}
	for i, pr := range s.Proposals {
		a := got.Proposals[i]
		var wantV []member
		if !a.Agreeable {
			for _, r := range s.Negotiable() {
				ok := slices.ContainsFunc(rows, func(x row) bool {
					return extendsPkg(x.p, pr.Package) && holdsAll(x.broken, rules) && !x.broken[r]
				})
				if !ok {
					wantV = append(wantV, member{r.Party, r.Constraint, r.Kind.String()})
				}
			}
		}
		slices.SortFunc(wantV, compareMember)
		if !slices.Equal(wantV, a.Violations) && (len(wantV) > 0 || len(a.Violations) > 0) {
			t.Fatalf("proposal %s: violations %v, want %v", pr.ID, a.Violations, wantV)
		}
	}
	if want.hardOK {
		return
	}
	// The rules alone exclude every package (the default scope keeps only
	// rules hard): the hard conflict is a set of rules, unsatisfiable and
	// minimal.
	var hc []model.Ref
	for _, m := range got.HardConflict {
		if m.Kind != "rule" || m.Party != "" {
			t.Fatalf("hard conflict member %+v is not a rule", m)
		}
		hc = append(hc, model.Ref{Constraint: m.Constraint, Kind: model.RuleKind})
	}
	sat := func(refs []model.Ref) bool {
		return slices.ContainsFunc(rows, func(x row) bool { return holdsAll(x.broken, refs) })
	}
	if len(hc) == 0 || sat(hc) {
		t.Fatalf("hard conflict %v admits a package", hc)
	}
	for i := range hc {
		if !sat(slices.Delete(slices.Clone(hc), i, i+1)) {
			t.Fatalf("hard conflict %v is not minimal", hc)
		}
	}
}
