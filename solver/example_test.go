package solver_test

import (
	"context"
	"fmt"
	"log"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver"
)

func Example() {
	s, err := model.NewBuilder("example").
		Bool("ceasefire", "").
		IntValues("army_cap", 600000, 800000, 1000000).
		Party("east").RedLine("cap", "army_cap <= 800000").
		Party("west").Precondition("truce", "ceasefire", "army_cap >= 800000").
		Build()
	if err != nil {
		log.Fatal(err)
	}
	p, err := solver.Compile(s)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for pkg, err := range p.Packages(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(pkg)
	}
	a, err := p.Audit(ctx, model.Package{"ceasefire": model.BoolValue(true), "army_cap": model.IntValue(600000)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Agreeable, a.Violations)
	// Output:
	// {army_cap: 800000, ceasefire: false}
	// {army_cap: 800000, ceasefire: true}
	// {army_cap: 600000, ceasefire: false}
	// false [west.truce]
}
