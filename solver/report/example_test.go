package report_test

import (
	"context"
	"log"
	"os"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver/report"
)

func Example() {
	s, err := model.NewBuilder("example").
		Bool("ceasefire", "").
		Party("east").RedLine("truce", "ceasefire").
		Party("west").RedLine("fight", "!ceasefire").
		Proposal("stop", "east", model.Package{"ceasefire": model.BoolValue(true)}).
		Build()
	if err != nil {
		log.Fatal(err)
	}
	r, err := report.Analyze(context.Background(), s, nil)
	if err != nil {
		log.Fatal(err)
	}
	r.WriteText(os.Stdout, s)
	// Output:
	// example: no package satisfies every party: the space is infeasible (negotiable: all).
	//
	// Proposals
	//   proposal  by    agreeable  vetoed by
	//   stop      east  no         west
	//
	// stop is blocked by:
	//   - west's red line fight
	//
	// Why no deal is possible: each conflict below is a set of positions that cannot all hold;
	// dropping any one of them removes that conflict.
	//
	// Conflict 1 (east vs west):
	//   - east's red line truce
	//   - west's red line fight
	//
	// Concessions that would open the space (cheapest first; each is minimal)
	//   cost  concede
	//   1     east.truce
	//   1     west.fight
}
