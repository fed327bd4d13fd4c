package solver_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver"
)

// market is a small feasible space with preferences: a seller and a buyer
// over a price and a delivery option.
func market() *solver.Problem {
	s, err := model.NewBuilder("market").
		IntRange("price", 10, 14, 1).
		Choice("delivery", "pickup", "courier", "express").
		Party("seller").RedLine("floor", "price >= 11").
		Points("price", 2, model.Point{X: 10, Y: 0}, model.Point{X: 14, Y: 1}).
		Values("delivery", 1, map[string]float64{"pickup": 1, "courier": 0.5}).
		Party("buyer").RedLine("no_pickup", `delivery != "pickup"`).
		Points("price", 3, model.Point{X: 10, Y: 1}, model.Point{X: 14, Y: 0}).
		Values("delivery", 1, map[string]float64{"express": 1, "courier": 0.5}).
		Reservation(0.3).
		Build()
	if err != nil {
		log.Fatal(err)
	}
	p, err := solver.Compile(context.Background(), s, nil)
	if err != nil {
		log.Fatal(err)
	}
	return p
}

func ExampleProblem_Feasible() {
	pkg, ok, err := market().Feasible(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ok, len(pkg))
	// Output:
	// true 2
}

func ExampleProblem_Count() {
	n, exact, err := market().Count(context.Background(), 1_000_000)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n, exact)
	// Output:
	// 6 true
}

func ExampleProblem_Audit() {
	p := market()
	a, err := p.Audit(context.Background(), model.Package{"delivery": model.OptionValue("pickup")})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Agreeable, a.Violations)
	a, err = p.Audit(context.Background(), model.Package{"price": model.IntValue(12), "delivery": model.OptionValue("courier")})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%v seller %.3f buyer %.3f\n", a.Agreeable, a.Utilities["seller"], a.Utilities["buyer"])
	// Output:
	// false [buyer.no_pickup]
	// true seller 0.500 buyer 0.500
}

func ExampleProblem_ZOPA() {
	z, err := market().ZOPA(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("price", z["price"].Min, "to", z["price"].Max)
	fmt.Println("delivery", z["delivery"].Values)
	// Output:
	// price 11 to 13
	// delivery ["courier" "express"]
}

func ExampleProblem_Utilitarian() {
	c, err := market().Utilitarian(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%v score %.3f\n", c.Package, c.Score)
	// Output:
	// {delivery: "courier", price: 11} score 1.021
}

func ExampleProblem_Egalitarian() {
	c, err := market().Egalitarian(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%v score %.3f\n", c.Package, c.Score)
	// Output:
	// {delivery: "courier", price: 12} score 0.500
}

func ExampleProblem_Ideal() {
	ideal, err := market().Ideal(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("seller %.3f buyer %.3f\n", ideal["seller"], ideal["buyer"])
	// Output:
	// seller 0.667 buyer 0.812
}

func ExampleProblem_Conflict() {
	p, err := solver.Compile(context.Background(), infeasible(), nil)
	if err != nil {
		log.Fatal(err)
	}
	c, err := p.Conflict(context.Background(), solver.Scope{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(c), "constraints that cannot all hold")
	// Output:
	// 2 constraints that cannot all hold
}

func ExampleProblem_HardConflict() {
	p, err := solver.Compile(context.Background(), infeasible(), nil)
	if err != nil {
		log.Fatal(err)
	}
	// With only the east's constraints on the table, the west's are hard;
	// they admit a package on their own.
	hc, err := p.HardConflict(context.Background(), solver.Scope{Parties: []string{"east"}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(hc == nil)
	// Output:
	// true
}

func ExampleProblem_Explain() {
	p, err := solver.Compile(context.Background(), infeasible(), nil)
	if err != nil {
		log.Fatal(err)
	}
	ex, err := p.Explain(context.Background(), solver.Scope{}, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range ex.Conflicts {
		fmt.Println("conflict", c)
	}
	for _, c := range ex.Concessions {
		fmt.Println("concede", c.Constraints, "cost", c.Cost)
	}
	// Output:
	// conflict [east.cede west.keep_land]
	// conflict [east.no_nato west.nato]
	// concede [west.keep_land west.nato] cost 3
	// concede [east.cede west.nato] cost 4
	// concede [east.no_nato west.keep_land] cost 4
	// concede [east.cede east.no_nato] cost 5
}

func ExampleProblem_SmallestConcession() {
	p, err := solver.Compile(context.Background(), infeasible(), nil)
	if err != nil {
		log.Fatal(err)
	}
	o, err := p.SmallestConcession(context.Background(), solver.Scope{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(o.Constraints, "cost", o.Cost, "proven", o.Exact)
	// Output:
	// [west.keep_land west.nato] cost 3 proven true
}

// Under -negotiable east, the east's red lines conflict with the west's,
// which are then hard: Against names them.
func ExampleProblem_Against() {
	p, err := solver.Compile(context.Background(), infeasible(), nil)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	east := solver.Scope{Parties: []string{"east"}}
	c, err := p.Conflict(ctx, east)
	if err != nil {
		log.Fatal(err)
	}
	hard, err := p.Against(ctx, east, c)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c, "against", hard)
	// Output:
	// [east.no_nato] against [west.nato]
}

func ExampleProblem_WriteDIMACS() {
	p, err := solver.Compile(context.Background(), infeasible(), nil)
	if err != nil {
		log.Fatal(err)
	}
	var b bytes.Buffer
	if err := p.WriteDIMACS(&b, solver.Scope{}); err != nil {
		log.Fatal(err)
	}
	// The comment lines name each constraint's selector variable, so that
	// another solver's answer can be read back.
	for _, l := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(l, "p cnf") || strings.HasPrefix(l, "c zopa selector") {
			fmt.Println(l)
		}
	}
	// Output:
	// c zopa selector 4 red_line east no_nato
	// c zopa selector 5 red_line east cede
	// c zopa selector 6 red_line west nato
	// c zopa selector 7 red_line west keep_land
	// p cnf 7 5
}
