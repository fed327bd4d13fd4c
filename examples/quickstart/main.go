// Command quickstart is the smallest complete use of zopa's Go API: build a
// two-party space, check whether a deal is possible, and audit a proposal.
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver"
)

func main() {
	s, err := model.NewBuilder("quickstart").
		Bool("ceasefire", "Ceasefire along the current line").
		Choice("recognition", "none", "de_facto", "de_jure").
		IntValues("army_cap", 600000, 800000, 1000000).
		Party("east").RedLine("cap", "army_cap <= 800000").
		Party("west").RedLine("no_cession", `recognition != "de_jure"`).
		Precondition("truce", "ceasefire", "army_cap >= 800000").
		Build()
	if err != nil {
		log.Fatal(err)
	}
	p, err := solver.Compile(context.Background(), s, nil)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	pkg, ok, err := p.Feasible(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("deal possible:", ok, pkg)
	n, _, err := p.Count(ctx, 0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("agreeable packages:", n)
	a, err := p.Audit(ctx, model.Package{"ceasefire": model.BoolValue(true), "army_cap": model.IntValue(600000)})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("proposal agreeable:", a.Agreeable, "violations:", a.Violations)
}
