package scenarios

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/zopa-go/zopa/model"
)

// TestGenerateCovers checks that generated spaces are valid, deterministic,
// and together use every issue kind and every expression form.
func TestGenerateCovers(t *testing.T) {
	seen := map[string]int{}
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
		case *model.IsExpr:
			name += fmt.Sprint(e.Negated)
		}
		seen[name]++
	}
	for seed := int64(0); seed < 2000; seed++ {
		o := GenOptions{Issues: 1 + int(seed%5), Parties: 1 + int(seed%3), RedLinesPerParty: 2, PreconditionsPerParty: 1,
			Rules: 1, PreferencesPerParty: 2, Proposals: 1, Seed: seed}
		s := Generate(o)
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
	want := []string{"bool", "choice", "int", "int-range", "*model.ConstExpr", "*model.VarExpr", "*model.NotExpr", "*model.AndExpr",
		"*model.OrExpr", "*model.ImpliesExpr", "*model.IffExpr", "*model.IsExprfalse", "*model.IsExprtrue", "*model.InExpr",
		"*model.CardExpratMost", "*model.CardExpratLeast", "*model.CardExprexactly"}
	for _, op := range []string{"==", "!=", "<", "<=", ">", ">="} {
		want = append(want, "*model.CmpExpr"+op)
	}
	for _, w := range want {
		if seen[w] == 0 {
			t.Errorf("no %s in 2,000 generated spaces", w)
		}
	}
}

// TestGenerateFeasible checks that Feasible spaces are feasible: the hidden
// target package, re-derived by brute force on small spaces, exists.
func TestGenerateFeasible(t *testing.T) {
	for seed := int64(0); seed < 200; seed++ {
		s := Generate(GenOptions{Issues: 3, Parties: 2, RedLinesPerParty: 3, PreconditionsPerParty: 2, Rules: 2,
			PreferencesPerParty: 2, Reservations: true, Feasible: true, Seed: seed})
		if !anyAgreeable(s) {
			t.Fatalf("seed %d: Feasible space has no agreeable package", seed)
		}
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
