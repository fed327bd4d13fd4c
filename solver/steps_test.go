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
// evaluator on every package of two or three steps with K from 1 to 4.
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
				p, err := solver.Compile(ctx, s, nil)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for pkg, err := range p.Packages(ctx) {
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, pkg.String())
				}
				slices.Sort(want)
				slices.Sort(got)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("K=%d %s (-want +got):\n%s", k, src, diff)
				}
			}
		}
	}
}
