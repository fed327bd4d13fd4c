package solver_test

import (
	"bytes"
	"context"
	"fmt"
	"iter"
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zopa-go/zopa/internal/brute"
	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver"
)

// allPackages enumerates every complete package of s.
func allPackages(s *model.Space) []model.Package {
	return brute.Packages(s)
}

// oracle is what exhaustive enumeration with the evaluator says.
type oracle struct {
	verdicts map[string]*model.Verdict
	pkgs     []model.Package
}

func newOracle(t *testing.T, s *model.Space) *oracle {
	o := &oracle{verdicts: map[string]*model.Verdict{}}
	for _, p := range allPackages(s) {
		v, err := s.Judge(p)
		if err != nil {
			t.Fatalf("Judge(%v): %v", p, err)
		}
		o.verdicts[p.String()] = v
		o.pkgs = append(o.pkgs, p)
	}
	return o
}

func (o *oracle) agreeable() []string {
	var out []string
	for k, v := range o.verdicts {
		if v.Agreeable {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

func extends(p, partial model.Package) bool {
	for k, v := range partial {
		if p[k] != v {
			return false
		}
	}
	return true
}

// audit computes a proposal audit by brute force.
func (o *oracle) audit(s *model.Space, proposal model.Package) (bool, []model.Ref) {
	agreeable := false
	satisfiable := map[model.Ref]bool{}
	for _, p := range o.pkgs {
		if !extends(p, proposal) {
			continue
		}
		v := o.verdicts[p.String()]
		agreeable = agreeable || v.Agreeable
		broken := map[model.Ref]bool{}
		rulesOK := true
		for _, r := range v.Broken {
			broken[r] = true
			rulesOK = rulesOK && r.Kind != model.RuleKind
		}
		if !rulesOK {
			continue
		}
		for _, r := range s.Negotiable() {
			if !broken[r] {
				satisfiable[r] = true
			}
		}
	}
	var viol []model.Ref
	if !agreeable {
		for _, r := range s.Negotiable() {
			if !satisfiable[r] {
				viol = append(viol, r)
			}
		}
		slices.SortFunc(viol, model.CompareRefs)
	}
	return agreeable, viol
}

// satisfiableWith reports whether some package satisfies every constraint
// in set (by brute force).
func (o *oracle) satisfiableWith(set []model.Ref) bool {
	for _, v := range o.verdicts {
		broken := map[model.Ref]bool{}
		for _, r := range v.Broken {
			broken[r] = true
		}
		ok := true
		for _, r := range set {
			ok = ok && !broken[r]
		}
		if ok {
			return true
		}
	}
	return false
}

func genOptions(seed int64) scenarios.GenOptions {
	n := int(seed % 5)
	return scenarios.GenOptions{
		Issues: 1 + n, Parties: 1 + int(seed/5%3),
		RedLinesPerParty: 1 + int(seed%2), PreconditionsPerParty: int(seed / 3 % 2),
		Rules: int(seed / 7 % 2), PreferencesPerParty: 1 + int(seed%3), Proposals: 3,
		MaxChoice: 4, MaxIntLevels: 4, Depth: 2,
		Reservations: seed%4 == 0, Seed: seed,
	}
}

// stepOptions turns the options of seed into ones with step issues: one to
// three steps, phases declared (1 to 3) or absent (K = the number of
// steps), and fewer other issues so that exhaustive enumeration stays
// small. Expressions then use taken, before, together and phase
// arithmetic, and preferences points over phases.
func stepOptions(o scenarios.GenOptions, seed int64) scenarios.GenOptions {
	o.Steps = 1 + int(seed%3)
	o.Phases = int(seed / 3 % 4)
	o.Issues = max(o.Issues-o.Steps, 0)
	return o
}

// diffSeeds is the seeds of a differential test: n plain spaces, then
// nSteps spaces with step issues (see stepOptions). Each yields a name and
// the generator options.
func diffSeeds(n, nSteps int, opts func(seed int64) scenarios.GenOptions) iter.Seq2[string, scenarios.GenOptions] {
	return func(yield func(string, scenarios.GenOptions) bool) {
		for seed := int64(0); seed < int64(n); seed++ {
			if !yield(fmt.Sprintf("seed%d", seed), opts(seed)) {
				return
			}
		}
		for seed := int64(0); seed < int64(nSteps); seed++ {
			if !yield(fmt.Sprintf("steps seed%d", seed), stepOptions(opts(seed), seed)) {
				return
			}
		}
	}
}

// TestDifferential compares the solver with exhaustive enumeration on
// thousands of random small spaces, with and without step issues:
// agreeable packages, count, feasibility, proposal audits and the hard
// conflict.
func TestDifferential(t *testing.T) {
	for _, enc := range encodings {
		t.Run(enc.name, func(t *testing.T) {
			n, nSteps := 2500, 2000
			if short() {
				n, nSteps = 300, 300
			}
			differential(t, int(float64(n)*enc.share), int(float64(nSteps)*enc.share), enc.settings)
		})
	}
}

func differential(t *testing.T, n, nSteps int, settings *solver.Settings) {
	ctx := context.Background()
	feasible := 0
	for name, o := range diffSeeds(n, nSteps, genOptions) {
		t.Run(name, func(t *testing.T) {
			s := scenarios.Generate(o)
			p, err := solver.Compile(context.Background(), s, settings)
			if err != nil {
				t.Fatalf("%s: Compile: %v", name, err)
			}
			o := newOracle(t, s)
			want := o.agreeable()

			var got []string
			pkgs := p.Packages(ctx)
			for pkg := range pkgs.All() {
				got = append(got, pkg.String())
			}
			if err := pkgs.Err(); err != nil {
				t.Fatalf("%s: Packages: %v", name, err)
			}
			slices.Sort(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("%s: agreeable packages (-want +got):\n%s\nspace:\n%s", name, diff, dump(s))
			}
			cnt, exact, err := p.Count(ctx, 0)
			if err != nil || !exact || cnt != int64(len(want)) {
				t.Fatalf("%s: Count = %d, %v, %v; want %d exact", name, cnt, exact, err, len(want))
			}
			if len(want) > 1 {
				cnt, exact, _ := p.Count(ctx, int64(len(want)-1))
				if exact || cnt != int64(len(want)-1) {
					t.Fatalf("%s: Count with limit %d = %d, %v", name, len(want)-1, cnt, exact)
				}
			}
			w, ok, err := p.Feasible(ctx)
			if err != nil || ok != (len(want) > 0) {
				t.Fatalf("%s: Feasible = %v, %v; want %v", name, ok, err, len(want) > 0)
			}
			if ok {
				feasible++
				if v, _ := s.Judge(w); !v.Agreeable {
					t.Fatalf("%s: witness %v not agreeable", name, w)
				}
			}
			for _, pr := range s.Proposals {
				a, err := p.Audit(ctx, pr.Package)
				if err != nil {
					t.Fatalf("%s: Audit(%s): %v", name, pr.ID, err)
				}
				wantOK, wantViol := o.audit(s, pr.Package)
				if a.Agreeable != wantOK || !cmp.Equal(a.Violations, wantViol) {
					t.Fatalf("%s: Audit(%s %v) = %v %v; want %v %v\n%s", name, pr.ID, pr.Package, a.Agreeable, a.Violations, wantOK, wantViol, dump(s))
				}
			}
			for _, sc := range []solver.Scope{{}, {PreconditionsOnly: true}, {Parties: []string{s.Parties[0].ID}}} {
				hc, err := p.HardConflict(ctx, sc)
				if err != nil {
					t.Fatalf("%s: HardConflict: %v", name, err)
				}
				var hard []model.Ref
				for _, r := range p.Refs() {
					if !sc.OnTable(r) {
						hard = append(hard, r)
					}
				}
				if hc == nil {
					if !o.satisfiableWith(hard) {
						t.Fatalf("%s: scope %v: no hard conflict reported, but hard constraints are unsatisfiable", name, sc)
					}
					continue
				}
				if o.satisfiableWith(hc) {
					t.Fatalf("%s: hard conflict %v is satisfiable", name, hc)
				}
				for i := range hc {
					if !o.satisfiableWith(slices.Delete(slices.Clone(hc), i, i+1)) {
						t.Fatalf("%s: hard conflict %v is not minimal (drop %v)", name, hc, hc[i])
					}
				}
			}
		})
	}
	if feasible == 0 || feasible == n+nSteps {
		t.Errorf("generator gave %d feasible spaces of %d; want a mix", feasible, n+nSteps)
	}
}

func dump(s *model.Space) string {
	var b bytes.Buffer
	if err := s.Encode(&b); err != nil {
		return err.Error()
	}
	return b.String()
}

// short reports whether the differential tests run their small sizes:
// with -short, and under the race detector (see race_test.go).
func short() bool { return testing.Short() || raceOn }

// bruteZOPA is the ZOPA of s read off its agreeable packages: for an int
// issue the least and greatest value taken, for the others the values
// taken in domain order.
func bruteZOPA(s *model.Space, agreeable []model.Package) map[string]solver.Range {
	out := map[string]solver.Range{}
	for _, is := range s.Issues {
		var r solver.Range
		r.Min, r.Max = math.MaxInt64, math.MinInt64
		for _, d := range is.Domain() {
			if !slices.ContainsFunc(agreeable, func(pkg model.Package) bool { return pkg[is.ID] == d }) {
				continue
			}
			if is.Kind == model.IntKind {
				r.Min, r.Max = min(r.Min, d.Int()), max(r.Max, d.Int())
			} else {
				r.Values = append(r.Values, d)
			}
		}
		if is.Kind != model.IntKind {
			r.Min, r.Max = 0, 0
		}
		out[is.ID] = r
	}
	return out
}
