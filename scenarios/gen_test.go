package scenarios

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/zopa-go/zopa/model"
)

// TestGenerateCovers checks that generated spaces are valid, deterministic,
// and together use every issue kind and every expression form.
func TestGenerateCovers(t *testing.T) {
	seen := map[string]int{}
	var cur *model.Space // the space being walked
	var walk func(e model.Expr)
	walk = func(e model.Expr) {
		name := fmt.Sprintf("%T", e)
		switch e := e.(type) {
		case *model.NotExpr:
			walk(e.X)
		case *model.AndExpr:
			for _, x := range e.X {
				walk(x)
			}
		case *model.OrExpr:
			for _, x := range e.X {
				walk(x)
			}
		case *model.ImpliesExpr:
			walk(e.If)
			walk(e.Then)
		case *model.IffExpr:
			walk(e.X)
			walk(e.Y)
		case *model.CardExpr:
			name += e.Op.String()
			for _, x := range e.X {
				walk(x)
			}
		case *model.CmpExpr:
			name += e.Op.String()
			for _, t := range append(slices.Clone(e.L.Terms), e.R.Terms...) {
				if t.Phase {
					seen["phase"]++
				}
			}
		case *model.OrderExpr:
			name += e.Op.String()
		case *model.VarExpr:
			if is := cur.Issue(e.Issue); is != nil && is.Kind == model.StepKind {
				name += "step"
			}
		case *model.IsExpr:
			name += fmt.Sprint(e.Negated)
		}
		seen[name]++
	}
	for seed := int64(0); seed < 3000; seed++ {
		o := GenOptions{Issues: 1 + int(seed%5), Parties: 1 + int(seed%3), RedLinesPerParty: 2, PreconditionsPerParty: 1,
			Rules: 1, PreferencesPerParty: 2, Proposals: 1, Seed: seed}
		if seed >= 2000 {
			o.Steps, o.Phases = 1+int(seed%3), int(seed/3%4)
		}
		s := Generate(o)
		cur = s
		if seed >= 2000 && s.Phases != o.Phases {
			t.Fatalf("seed %d: phases %d, want %d", seed, s.Phases, o.Phases)
		}
		for _, p := range s.Parties {
			for _, pr := range p.Preferences {
				if is := s.Issue(pr.Issue); pr.Points != nil && is.Kind == model.StepKind {
					seen["step points"]++
				}
			}
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		var a, b bytes.Buffer
		s.Encode(&a)
		Generate(o).Encode(&b)
		if a.String() != b.String() {
			t.Fatalf("seed %d: Generate is not deterministic", seed)
		}
		for _, is := range s.Issues {
			k := is.Kind.String()
			if is.Kind == model.IntKind && is.Values == nil {
				k += "-range"
			}
			seen[k]++
		}
		for _, p := range s.Parties {
			for _, c := range p.RedLines {
				walk(c.Require)
			}
			for _, c := range p.Preconditions {
				walk(c.If)
				walk(c.Then)
			}
		}
		for _, r := range s.Rules {
			walk(r.Require)
		}
	}
	want := []string{"bool", "choice", "int", "int-range", "step", "phase", "step points", "*model.VarExprstep", "*model.OrderExprbefore", "*model.OrderExprtogether",
		"*model.ConstExpr", "*model.VarExpr", "*model.NotExpr", "*model.AndExpr",
		"*model.OrExpr", "*model.ImpliesExpr", "*model.IffExpr", "*model.IsExprfalse", "*model.IsExprtrue", "*model.InExpr",
		"*model.CardExpratMost", "*model.CardExpratLeast", "*model.CardExprexactly"}
	for _, op := range []string{"==", "!=", "<", "<=", ">", ">="} {
		want = append(want, "*model.CmpExpr"+op)
	}
	for _, w := range want {
		if seen[w] == 0 {
			t.Errorf("no %s in 3,000 generated spaces", w)
		}
	}
}

// TestGenerateFeasible checks that Feasible spaces are feasible: the hidden
// target package, re-derived by brute force on small spaces, exists.
func TestGenerateFeasible(t *testing.T) {
	for seed := int64(0); seed < 200; seed++ {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			s := Generate(GenOptions{Issues: 3, Parties: 2, RedLinesPerParty: 3, PreconditionsPerParty: 2, Rules: 2,
				PreferencesPerParty: 2, Reservations: true, Feasible: true, Seed: seed})
			if !anyAgreeable(s) {
				t.Fatalf("seed %d: Feasible space has no agreeable package", seed)
			}
		})
	}
}

func anyAgreeable(s *model.Space) bool {
	var rec func(i int, p model.Package) bool
	rec = func(i int, p model.Package) bool {
		if i == len(s.Issues) {
			v, err := s.Judge(p)
			return err == nil && v.Agreeable
		}
		for _, v := range s.Issues[i].Domain() {
			p[s.Issues[i].ID] = v
			if rec(i+1, p) {
				return true
			}
		}
		delete(p, s.Issues[i].ID)
		return false
	}
	return rec(0, model.Package{})
}

func TestLoadBundled(t *testing.T) {
	for _, n := range Names() {
		if _, err := Load(n); err != nil {
			t.Errorf("Load(%q): %v", n, err)
		}
	}
	if _, err := Load("nope"); err == nil || err.Error() != `no bundled scenario "nope" (have ukraine2025)` {
		t.Errorf("Load(nope) = %v", err)
	}
}

func ExampleNames() {
	fmt.Println(Names())
	// Output: [ukraine2025]
}

// TestGenerateForms checks the finer promises of Generate across many
// spaces: linear sums with several terms, zero and negative coefficients and
// constants, cardinalities above the operand count, negative int levels, all
// three preference forms, reservations, and partial and complete proposals.
func TestGenerateForms(t *testing.T) {
	seen := map[string]bool{}
	var walk func(e model.Expr)
	walk = func(e model.Expr) {
		switch e := e.(type) {
		case *model.NotExpr:
			walk(e.X)
		case *model.AndExpr:
			for _, x := range e.X {
				walk(x)
			}
		case *model.OrExpr:
			for _, x := range e.X {
				walk(x)
			}
		case *model.ImpliesExpr:
			walk(e.If)
			walk(e.Then)
		case *model.IffExpr:
			walk(e.X)
			walk(e.Y)
		case *model.CardExpr:
			if e.K == 0 {
				seen["card k=0"] = true
			}
			if e.K == len(e.X)+1 {
				seen["card k=len+1"] = true
			}
			for _, x := range e.X {
				walk(x)
			}
		case *model.CmpExpr:
			for _, l := range []model.Linear{e.L, e.R} {
				if len(l.Terms) >= 2 {
					seen["several terms"] = true
				}
				if l.Const < 0 {
					seen["negative constant"] = true
				}
				for _, tm := range l.Terms {
					switch {
					case tm.Coef == 0:
						seen["zero coefficient"] = true
					case tm.Coef < 0:
						seen["negative coefficient"] = true
					}
					if tm.Coef < -3 || tm.Coef > 3 {
						t.Errorf("coefficient %d out of -3..3", tm.Coef)
					}
				}
			}
		}
	}
	for seed := int64(0); seed < 2000; seed++ {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			s := Generate(GenOptions{Issues: 1 + int(seed%5), Parties: 1 + int(seed%3), RedLinesPerParty: 2, PreconditionsPerParty: 1,
				Rules: 1, PreferencesPerParty: 3, Proposals: 2, Reservations: seed%2 == 0, Seed: seed})
			for _, is := range s.Issues {
				for _, v := range is.Levels() {
					if v < 0 {
						seen["negative level"] = true
					}
				}
			}
			for _, r := range s.Rules {
				walk(r.Require)
			}
			for _, p := range s.Parties {
				for _, c := range p.RedLines {
					walk(c.Require)
					seen[fmt.Sprint("cost ", c.Cost)] = true
				}
				for _, c := range p.Preconditions {
					walk(c.If)
					walk(c.Then)
				}
				for _, pr := range p.Preferences {
					switch {
					case pr.Prefer != nil:
						walk(pr.Prefer)
						seen["prefer"] = true
					case pr.Points != nil:
						seen["points"] = true
					default:
						seen["values "+s.Issue(pr.Issue).Kind.String()] = true
					}
				}
				if p.Reservation != nil {
					seen[fmt.Sprint("reservation ", *p.Reservation)] = true
				}
			}
			for _, pr := range s.Proposals {
				if len(pr.Package) == len(s.Issues) {
					seen["complete proposal"] = true
				} else {
					seen["partial proposal"] = true
				}
			}
		})
	}
	for _, w := range []string{"card k=0", "card k=len+1", "several terms", "negative constant", "zero coefficient",
		"negative coefficient", "negative level", "prefer", "points", "values choice", "values bool", "cost 0", "cost 1",
		"cost 2", "cost 3", "reservation 0", "reservation 0.25", "reservation 0.5", "reservation 0.75",
		"complete proposal", "partial proposal"} {
		if !seen[w] {
			t.Errorf("no %s in 3,000 generated spaces", w)
		}
	}
}

// TestGenerateRoundTrip checks that generated spaces survive encoding and
// decoding unchanged.
func TestGenerateRoundTrip(t *testing.T) {
	for seed := int64(0); seed < 300; seed++ {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			o := GenOptions{Issues: 1 + int(seed%7), Parties: 1 + int(seed%3), RedLinesPerParty: 2, PreconditionsPerParty: 2,
				Rules: 2, PreferencesPerParty: 3, Proposals: 2, Reservations: true, Depth: 3, Seed: seed}
			for _, s := range []*model.Space{Generate(o), GenerateInfeasible(o, 1+int(seed%3))} {
				var a, b bytes.Buffer
				if err := s.Encode(&a); err != nil {
					t.Fatalf("seed %d: Encode: %v", seed, err)
				}
				d, err := model.Decode(bytes.NewReader(a.Bytes()))
				if err != nil {
					t.Fatalf("seed %d: Decode: %v\n%s", seed, err, a.String())
				}
				d.Encode(&b)
				if a.String() != b.String() {
					t.Fatalf("seed %d: round trip changed the space:\n%s\n%s", seed, a.String(), b.String())
				}
			}
		})
	}
}

// planted returns the planted conflicts of s: for each, the refs of its
// members.
func planted(s *model.Space) [][]model.Ref { return plantedAs(s, "conflict %d") }

// plantedAs returns the constraints whose note is format with their index.
func plantedAs(s *model.Space, format string) [][]model.Ref {
	var out [][]model.Ref
	for _, p := range s.Parties {
		for _, l := range []struct {
			cs   []model.Constraint
			kind model.ConstraintKind
		}{{p.RedLines, model.RedLineKind}, {p.Preconditions, model.PreconditionKind}} {
			for _, c := range l.cs {
				var j int
				if _, err := fmt.Sscanf(c.Note, format, &j); err != nil {
					continue
				}
				for len(out) <= j {
					out = append(out, nil)
				}
				out[j] = append(out[j], model.Ref{Party: p.ID, Constraint: c.ID, Kind: l.kind})
			}
		}
	}
	return out
}

// without returns a copy of s without the given red lines and preconditions.
func without(s *model.Space, drop ...model.Ref) *model.Space {
	gone := map[model.Ref]bool{}
	for _, r := range drop {
		gone[r] = true
	}
	c := &model.Space{Name: s.Name, Phases: s.Phases, Issues: s.Issues, Rules: s.Rules}
	for _, p := range s.Parties {
		q := p
		q.RedLines, q.Preconditions = nil, nil
		for _, x := range p.RedLines {
			if !gone[model.Ref{Party: p.ID, Constraint: x.ID, Kind: model.RedLineKind}] {
				q.RedLines = append(q.RedLines, x)
			}
		}
		for _, x := range p.Preconditions {
			if !gone[model.Ref{Party: p.ID, Constraint: x.ID, Kind: model.PreconditionKind}] {
				q.Preconditions = append(q.Preconditions, x)
			}
		}
		c.Parties = append(c.Parties, q)
	}
	return c
}

// TestGenerateInfeasible checks by brute force that the planted conflicts
// are exactly the minimal conflicts: the space is infeasible, each conflict
// alone (the others conceded) is infeasible, and conceding any one member
// of every conflict makes the space feasible.
func TestGenerateInfeasible(t *testing.T) {
	orders := 0
	for seed := int64(0); seed < 400; seed++ {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			k := 1 + int(seed%2)
			o := GenOptions{Issues: 1 + int(seed%2), Parties: int(seed % 4), RedLinesPerParty: 2, PreconditionsPerParty: 1,
				Rules: 1, PreferencesPerParty: 2, Reservations: seed%3 == 0, MaxChoice: 3, MaxIntLevels: 3, Seed: seed}
			if seed >= 300 { // order deadlocks over fresh steps among the planted conflicts
				o.Issues, o.Steps, o.Phases, k = int(seed%2), 1, 2+int(seed%2), 1
			}
			s := GenerateInfeasible(o, k)
			if err := s.Validate(); err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			var a, b bytes.Buffer
			s.Encode(&a)
			GenerateInfeasible(o, k).Encode(&b)
			if a.String() != b.String() {
				t.Fatalf("seed %d: GenerateInfeasible is not deterministic", seed)
			}
			cs := planted(s)
			if len(cs) != k {
				t.Fatalf("seed %d: %d planted conflicts, want %d", seed, len(cs), k)
			}
			if anyAgreeable(s) {
				t.Fatalf("seed %d: space with planted conflicts is feasible", seed)
			}
			for _, c := range cs {
				for _, m := range c {
					if cn, _ := s.Lookup(m); cn != nil && strings.Contains(cn.Cond().String(), "before(") {
						orders++
					}
				}
			}
			for j, c := range cs {
				if len(c) < 2 || len(c) > 3 {
					t.Fatalf("seed %d: conflict %d has %d members", seed, j, len(c))
				}
				var others []model.Ref
				for i, d := range cs {
					if i != j {
						others = append(others, d[0])
					}
				}
				if anyAgreeable(without(s, others...)) {
					t.Fatalf("seed %d: conflict %d %v alone is satisfiable", seed, j, c)
				}
				for _, m := range c {
					if !anyAgreeable(without(s, append(others, m)...)) {
						t.Fatalf("seed %d: conceding %v and %v leaves the space infeasible", seed, m, others)
					}
				}
			}
		})
	}
	if orders == 0 {
		t.Error("no planted order deadlock among the spaces with steps")
	}
}

// TestGenerateLarge checks that generation is valid at 10,000 issues and
// 32 parties (BenchmarkGenerate measures its speed).
func TestGenerateLarge(t *testing.T) {
	o := GenOptions{Issues: 10_000, Parties: 32, RedLinesPerParty: 150, PreconditionsPerParty: 80, Rules: 1000,
		PreferencesPerParty: 8, Proposals: 4, Reservations: true, Feasible: true, Depth: 3, Seed: 1}
	s := GenerateInfeasible(o, 50)
	if len(planted(s)) != 50 {
		t.Errorf("%d planted conflicts, want 50", len(planted(s)))
	}
	n := 0
	for _, p := range s.Parties {
		n += len(p.RedLines) + len(p.Preconditions)
	}
	if n < 32*(150+80)+100 {
		t.Errorf("%d red lines and preconditions, want at least %d", n, 32*(150+80)+100)
	}
}

func BenchmarkGenerate(b *testing.B) {
	o := GenOptions{Issues: 10_000, Parties: 32, RedLinesPerParty: 150, PreconditionsPerParty: 80, Rules: 1000,
		PreferencesPerParty: 8, Proposals: 4, Reservations: true, Feasible: true, Seed: 1}
	for b.Loop() {
		Generate(o)
	}
}

// TestGenerateSteps checks GenerateSteps by brute force on small roadmaps:
// the background is feasible, and with planted cycles the space is
// infeasible, each cycle alone (the others conceded) is infeasible, and
// conceding any one member of each makes the space feasible.
func TestGenerateSteps(t *testing.T) {
	for seed := int64(0); seed < 60; seed++ {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			o := StepOptions{Steps: 2 + int(seed%2), Phases: 2 + int(seed%2), Parties: 1 + int(seed%3), Seed: seed}
			bg := GenerateSteps(o)
			if !anyAgreeable(bg) {
				t.Fatalf("seed %d: background infeasible", seed)
			}
			o.Steps, o.Phases, o.Cycles = 2, 2+int(seed/2%2), 1+int(seed%2)
			s := GenerateSteps(o)
			var a, b bytes.Buffer
			s.Encode(&a)
			GenerateSteps(o).Encode(&b)
			if a.String() != b.String() {
				t.Fatalf("seed %d: GenerateSteps is not deterministic", seed)
			}
			cs := plantedAs(s, "cycle %d")
			if len(cs) != o.Cycles || anyAgreeable(s) {
				t.Fatalf("seed %d: %d planted cycles (want %d), feasible %v", seed, len(cs), o.Cycles, anyAgreeable(s))
			}
			for j, c := range cs {
				var others []model.Ref
				for i, d := range cs {
					if i != j {
						others = append(others, d[0])
					}
				}
				if anyAgreeable(without(s, others...)) {
					t.Fatalf("seed %d: cycle %d %v alone is satisfiable", seed, j, c)
				}
				for _, m := range c {
					if !anyAgreeable(without(s, append(others, m)...)) {
						t.Fatalf("seed %d: conceding %v and %v leaves the space infeasible", seed, m, others)
					}
				}
			}
		})
	}
	big := GenerateSteps(StepOptions{Steps: 200, Cycles: 8, Seed: 1})
	if got := big.NumPhases(); got != 20 || len(big.Issues) < 216 {
		t.Errorf("200 steps with 8 cycles: %d phases, %d issues", got, len(big.Issues))
	}
}
