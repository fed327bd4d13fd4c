package scenarios_test

import (
	"fmt"
	"strings"

	"github.com/zopa-go/zopa/scenarios"
)

func ExampleLoad() {
	s, err := scenarios.Load("ukraine2025")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Name)
	_, err = scenarios.Load("nope")
	fmt.Println(err)
	// Output:
	// ukraine2025
	// no bundled scenario "nope" (have ukraine2025)
}

func ExampleGenerate() {
	o := scenarios.GenOptions{Issues: 6, Parties: 2, RedLinesPerParty: 2, PreferencesPerParty: 1, Feasible: true, Seed: 1}
	s := scenarios.Generate(o)
	var kinds []string
	for _, is := range s.Issues {
		kinds = append(kinds, is.ID+":"+is.Kind.String())
	}
	fmt.Println(strings.Join(kinds, " "))
	fmt.Println(len(s.Parties), len(s.Parties[0].RedLines))
	// Output:
	// i0:bool i1:choice i2:int i3:bool i4:choice i5:int
	// 2 2
}

func ExampleGenerateInfeasible() {
	o := scenarios.GenOptions{Issues: 4, Parties: 3, RedLinesPerParty: 1, Seed: 1}
	s := scenarios.GenerateInfeasible(o, 2)
	for _, p := range s.Parties {
		for _, c := range p.RedLines {
			if c.Note != "" {
				fmt.Printf("%s.%s: %s (%s)\n", p.ID, c.ID, c.Require, c.Note)
			}
		}
		for _, c := range p.Preconditions {
			fmt.Printf("%s.%s: if %s then %s (%s)\n", p.ID, c.ID, c.If, c.Then, c.Note)
		}
	}
	// Output:
	// p0.c1: in(i5, "o0", "o2") (conflict 0)
	// p1.c1: i4 (conflict 0)
	// p1.c2: i6 (conflict 1)
	// p2.c2: !i6 (conflict 1)
	// p2.c1: if i4 then i5 == "o1" (conflict 0)
}

func ExampleGenerateNonlinear() {
	s := scenarios.GenerateNonlinear(scenarios.NonlinearOptions{Issues: 10, Seed: 1})
	fmt.Println(len(s.Issues), len(s.Parties), len(s.Parties[0].Preferences))
	// Output:
	// 10 2 60
}

func ExampleGenerateDense() {
	s := scenarios.GenerateDense(scenarios.DenseOptions{Parties: 3, Issues: 6, Options: 7, Seed: 1})
	n := 1
	for _, is := range s.Issues {
		n *= len(is.Options)
	}
	fmt.Println(len(s.Parties), n)
	// Output:
	// 3 117649
}
