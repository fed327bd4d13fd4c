package scenarios

import (
	"bytes"
	"fmt"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/zopa-go/zopa/model"
)

// TestShapes checks the two benchmark shapes: the promised sizes and
// forms, the same space for the same options, a different one for another
// seed, and a lossless round trip through the document format.
func TestShapes(t *testing.T) {
	encode := func(s *model.Space) string {
		var b bytes.Buffer
		if err := s.Encode(&b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for seed := int64(0); seed < 20; seed++ {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			no := NonlinearOptions{Issues: 10 + int(seed%3)*10, Seed: seed}
			nl := GenerateNonlinear(no)
			if len(nl.Issues) != no.Issues || len(nl.Parties) != 2 {
				t.Fatalf("nonlinear: %d issues, %d parties", len(nl.Issues), len(nl.Parties))
			}
			for _, p := range nl.Parties {
				if len(p.Preferences) != 60 {
					t.Fatalf("nonlinear: %s has %d cubes, want 60", p.ID, len(p.Preferences))
				}
				for _, pr := range p.Preferences {
					ids := map[string]bool{}
					model.Issues(pr.Prefer, func(id string) { ids[id] = true })
					n := len(ids)
					if pr.Weight < 1 || pr.Weight > 100 || pr.Weight != float64(int(pr.Weight)) || n < 2 || n > 5 {
						t.Fatalf("nonlinear: cube %v weight %v over %d issues", pr.Prefer, pr.Weight, n)
					}
				}
			}
			do := DenseOptions{Parties: 3 + int(seed%3), Issues: 6, Options: 5, Seed: seed}
			de := GenerateDense(do)
			if len(de.Parties) != do.Parties || len(de.Issues) != 6 || len(de.Issues[0].Options) != 5 {
				t.Fatalf("dense: %d parties, %d issues", len(de.Parties), len(de.Issues))
			}
			lo := DenseOptions{Parties: 3, Issues: 4, Options: 6, Levels: 10, Seed: seed}
			for _, p := range GenerateDense(lo).Parties {
				for _, pr := range p.Preferences {
					best := 0.0
					for _, v := range pr.Values {
						best = max(best, v)
						if k := v * 10; v <= 0 || v > 1 || k < 0.999 { // at least 1/10 of the best
							t.Fatalf("dense with levels: %s scores %v on %s", p.ID, v, pr.Issue)
						}
					}
					if best != 1 || len(pr.Values) != 6 {
						t.Fatalf("dense with levels: %s's values on %s are %v, want 6 with a best of 1", p.ID, pr.Issue, pr.Values)
					}
				}
			}
			for _, s := range []*model.Space{nl, de} {
				d, err := model.Decode(bytes.NewReader([]byte(encode(s))))
				if err != nil {
					t.Fatalf("%s: Decode: %v", s.Name, err)
				}
				if diff := gocmp.Diff(encode(s), encode(d)); diff != "" {
					t.Fatalf("%s: round trip (-generated +decoded):\n%s", s.Name, diff)
				}
			}
			if encode(GenerateNonlinear(no)) != encode(nl) || encode(GenerateDense(do)) != encode(de) {
				t.Fatal("the same options gave another space")
			}
			no.Seed, do.Seed = seed+100, seed+100
			if encode(GenerateNonlinear(no)) == encode(nl) || encode(GenerateDense(do)) == encode(de) {
				t.Fatal("another seed gave the same space")
			}
		})
	}
}
