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
	p, err := solver.Compile(context.Background(), s, nil)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	pkgs := p.Packages(ctx)
	for pkg := range pkgs.All() {
		fmt.Println(pkg)
	}
	if err := pkgs.Err(); err != nil {
		log.Fatal(err)
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

// infeasible builds a small deadlock: two conflicts that share the east's
// red line.
func infeasible() *model.Space {
	s, err := model.NewBuilder("deadlock").
		Bool("nato", "").Bool("cede", "").
		Party("east").RedLine("no_nato", "!nato").Cost(3).RedLine("cede", "cede").Cost(2).
		Party("west").RedLine("nato", "nato").Cost(2).RedLine("keep_land", "!cede").Cost(1).
		Build()
	if err != nil {
		log.Fatal(err)
	}
	return s
}

func ExampleProblem_Findings() {
	p, err := solver.Compile(context.Background(), infeasible(), nil)
	if err != nil {
		log.Fatal(err)
	}
	f := p.Findings(context.Background(), solver.Scope{})
	for c := range f.Conflicts() {
		fmt.Println("conflict:", c)
	}
	if f.Err() != nil {
		log.Fatal(f.Err())
	}
	fmt.Println("complete:", f.Complete())
	// Output:
	// conflict: [east.no_nato west.nato]
	// conflict: [east.cede west.keep_land]
	// complete: true
}

func ExampleProblem_CheapestConcession() {
	p, err := solver.Compile(context.Background(), infeasible(), nil)
	if err != nil {
		log.Fatal(err)
	}
	o, err := p.CheapestConcession(context.Background(), solver.Scope{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(o.Constraints, o.Cost, o.LowerBound, o.Exact)
	// Output:
	// [west.keep_land west.nato] 3 3 true
}

func ExampleProblem_PreferredConflict() {
	p, err := solver.Compile(context.Background(), infeasible(), nil)
	if err != nil {
		log.Fatal(err)
	}
	// The west's land is what the mediator least wants to give up, so the
	// conflict that explains why it cannot be kept comes first.
	order := []model.Ref{{Party: "west", Constraint: "keep_land", Kind: model.RedLineKind}}
	c, err := p.PreferredConflict(context.Background(), solver.Scope{}, order)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c)
	// Output:
	// [east.cede west.keep_land]
}

// talks is a small feasible space with two parties pulling on the same
// issues.
func talks() *model.Space {
	s, err := model.NewBuilder("talks").
		Choice("recognition", "none", "de_facto", "de_jure").
		IntValues("army_cap", 600000, 800000, 1000000).
		Party("east").RedLine("no_big_army", "army_cap <= 800000").
		Values("recognition", 2, map[string]float64{"de_facto": 0.5, "de_jure": 1}).
		Points("army_cap", 1, model.Point{X: 600000, Y: 1}, model.Point{X: 1000000, Y: 0}).
		Party("west").RedLine("no_cession", `recognition != "de_jure"`).
		Values("recognition", 1, map[string]float64{"none": 1, "de_facto": 0.5}).
		Points("army_cap", 1, model.Point{X: 600000, Y: 0}, model.Point{X: 1000000, Y: 1}).
		Build()
	if err != nil {
		log.Fatal(err)
	}
	return s
}

func ExampleProblem_Frontier() {
	p, err := solver.Compile(context.Background(), talks(), nil)
	if err != nil {
		log.Fatal(err)
	}
	f := p.Frontier(context.Background())
	for pt := range f.Points() {
		fmt.Printf("east %.3f west %.3f  %v\n", pt.Utilities["east"], pt.Utilities["west"], pt.Package)
	}
	fmt.Println("complete:", f.Complete(), f.Err())
	u, err := p.Utilitarian(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("utilitarian %.3f %v exact=%v\n", u.Score, u.Package, u.Exact)
	// Unordered output:
	// east 0.500 west 0.500  {army_cap: 800000, recognition: "de_facto"}
	// east 0.667 west 0.250  {army_cap: 600000, recognition: "de_facto"}
	// east 0.167 west 0.750  {army_cap: 800000, recognition: "none"}
	// complete: true <nil>
	// utilitarian 1.000 {army_cap: 800000, recognition: "de_facto"} exact=true
}

// Choose picks a rule's best package among the frontier's points, breaking
// ties as the report contract says.
func ExampleProblem_Choose() {
	ctx := context.Background()
	p, err := solver.Compile(ctx, talks(), nil)
	if err != nil {
		log.Fatal(err)
	}
	f := p.Frontier(ctx)
	var points []solver.FrontierPoint
	for pt := range f.Points() {
		points = append(points, pt)
	}
	for _, r := range []solver.BargainingRule{solver.Nash, solver.KalaiSmorodinsky} {
		c, err := p.Choose(ctx, points, r)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%v %.3f %v\n", r, c.Score, c.Package)
	}
	// Output:
	// nash 0.250 {army_cap: 800000, recognition: "de_facto"}
	// kalai_smorodinsky 0.667 {army_cap: 800000, recognition: "de_facto"}
}

func ExampleWhatIf() {
	p, err := solver.Compile(context.Background(), talks(), nil)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	w := p.WhatIf()
	if err := w.Require("cap", "army_cap == 1000000"); err != nil {
		log.Fatal(err)
	}
	_, ok, _ := w.Feasible(ctx)
	c, _ := w.Conflict(ctx, solver.Scope{})
	fmt.Println("with the army at 1,000,000:", ok, c)
	w.Unrequire("cap")
	if err := w.Fix("recognition", model.OptionValue("de_facto")); err != nil {
		log.Fatal(err)
	}
	z, _ := w.ZOPA(ctx)
	fmt.Println("with de facto recognition the army cap ranges over", z["army_cap"].Min, "to", z["army_cap"].Max)
	// Output:
	// with the army at 1,000,000: false [east.no_big_army]
	// with de facto recognition the army cap ranges over 600000 to 800000
}
