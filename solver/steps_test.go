package solver_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver"
)

// TestOrderAtoms checks the encoding of every order atom and its negation,
// alone and under a step that is required or ruled out, against the
// evaluator on every package of three steps with K from 1 to 4, in the
// order encoding and in the binary one (which steps with many phases get).
func TestOrderAtoms(t *testing.T) {
	ctx := context.Background()
	atoms := []string{"before(a, b)", "before(b, a)", "before(a, a)", "together(a, b)", "together(a, a)",
		"phase(a) < phase(b)", "phase(a) + 1 == phase(b)", "2*phase(b) - phase(a) >= 3", "a", "!b",
		"before(a, b) && before(b, c)", "together(a, c) || before(c, b)", "iff(together(b, c), before(a, b))"}
	for k := 1; k <= 4; k++ {
		for _, atom := range atoms {
			for _, form := range []string{"%s", "!(%s)", "implies(c, %s)", "iff(c, %s)"} {
				src := fmt.Sprintf(form, atom)
				s, err := model.NewBuilder("t").Phases(k).Step("a", "").Step("b", "").Step("c", "").Rule("r", src).Build()
				if err != nil {
					t.Fatal(err)
				}
				var want []string
				for _, pkg := range allPackages(s) {
					if v, _ := s.Judge(pkg); v.Agreeable {
						want = append(want, pkg.String())
					}
				}
				slices.Sort(want)
				for _, enc := range encodings {
					p, err := solver.Compile(ctx, s, enc.settings)
					if err != nil {
						t.Fatal(err)
					}
					var got []string
					pkgs := p.Packages(ctx)
					for pkg := range pkgs.All() {
						got = append(got, pkg.String())
					}
					if err := pkgs.Err(); err != nil {
						t.Fatal(err)
					}
					slices.Sort(got)
					if diff := cmp.Diff(want, got); diff != "" {
						t.Fatalf("K=%d %s, %s encoding (-want +got):\n%s", k, src, enc.name, diff)
					}
				}
			}
		}
	}
}

// TestManySteps compiles a roadmap of 1,000 steps without declared phases
// (K = 1,000): the phases are encoded in binary, so the instance grows with
// the steps times the bits of K rather than with K squared, and pairs of
// before constraints are solved with the steps in order. (It also caught
// the warm start of the first solve recursing forever when every component
// began among the first variables.)
func TestManySteps(t *testing.T) {
	const n = 1000
	b := model.NewBuilder("many")
	for i := range n {
		b.Step(fmt.Sprintf("s%d", i), "")
	}
	for i := 1; i < n; i += 2 {
		b.Rule(fmt.Sprintf("r%d", i), fmt.Sprintf("before(s%d, s%d)", i-1, i))
	}
	b.Rule("last", fmt.Sprintf("phase(s%d) >= %d", n-1, n))
	s, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	p, err := solver.Compile(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st := p.Stats(); st.Vars > 200*n {
		t.Errorf("%d variables for %d steps", st.Vars, n)
	}
	pkg, ok, err := p.Feasible(ctx)
	if err != nil || !ok {
		t.Fatalf("feasible: %v %v", ok, err)
	}
	if a, b := pkg["s0"], pkg["s1"]; !a.Taken() || !b.Taken() || a.Phase() >= b.Phase() {
		t.Errorf("s0 %v, s1 %v: want s0 before s1", a, b)
	}
	if v := pkg[fmt.Sprintf("s%d", n-1)]; !v.Taken() || v.Phase() != n {
		t.Errorf("last step %v, want phase %d", v, n)
	}
}
