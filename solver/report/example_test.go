package report_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver/report"
)

func Example() {
	s, err := model.NewBuilder("example").
		Bool("ceasefire", "").
		Party("east").RedLine("truce", "ceasefire").CostRange(0.5, 2).
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
	r.WriteText(os.Stdout)
	// Output:
	// example: no deal is possible: 1 conflict between the parties' positions; the proposal is not
	// agreeable.
	// Certified: every claim that no package exists was proven again on an independent encoding.
	//
	// Proposals (audited with only the rules hard)
	//   proposal  by    agreeable  blocked by
	//   stop      east  no         west.fight
	//
	// Each party's utility for each proposal
	//   proposal  east  west
	//   stop      1.00  1.00
	//
	// Why no deal is possible (negotiable: all)
	// Each conflict is a set of positions that cannot all hold; dropping any one of them removes that
	// conflict. 1 conflict, among 1 group of parties.
	//
	// east vs west: 1 conflict
	//   1  east.truce + west.fight
	//
	//   - east.truce (east's red line, cost 1): requires ceasefire
	//   - west.fight (west's red line, cost 1): requires !ceasefire
	//
	// Concession sets, cheapest first: conceding every position of one set opens the space
	//   cost  concede
	//   1     east.truce
	//   1     west.fight
	//
	// What would open the space
	//   Cheapest: conceding one position (total cost 1) opens it, and no set of concessions costs less:
	//   the solver proved a lower bound of 1.
	//     - east.truce (east's red line, cost 1): see above
	//   Fewest: at least one concession is needed; the cheapest set above is also one of the smallest.
	//   Preconditions alone: holding every red line and reservation fixed, no precondition is to blame:
	//   the red lines alone already exclude every package. One minimal set of them that cannot all hold:
	//     - east.truce (east's red line, cost 1): see above
	//     - west.fight (west's red line, cost 1): see above
	//   No precondition takes part in any conflict: every conflict is between red lines and reservations,
	//   so preconditions only bite once red lines give way.
	//   After conceding the cheapest set, 1 package is agreeable to every party; their Pareto frontier
	//   (where no party can gain without another losing) has 1 utility vector. Every bargaining rule picks
	//   the same package, so here the rules trade nothing off:
	//     issue         every rule
	//     ceasefire     false
	//     ------------  ----------
	//     utility east  1.00
	//     utility west  1.00
	//     Scores: utilitarian 2.000, egalitarian 1.000, Nash 1.000, Kalai-Smorodinsky 1.000.
	//
	// How robust is this?
	//   Costs with a judgment range: east.truce 1 in [0.5, 2].
	//   With every cost anywhere in its range, the cheapest concession set (cost 1: east.truce) is
	//   cheapest for some choices of costs but not for all: 1 other listed set could be cheapest instead.
	//   With its members at their greatest costs and every other cost at its least, it costs 2, while
	//   conceding west.fight costs 1.
	//   It hinges on these cost judgments, each on its own (the other costs as stated):
	//     - east.truce: cost 1, judged 0.5 to 2; the set stays cheapest for 0 to 1, so this judgment can
	//       make another set cheaper
	//
	//   Each concession set: cheapest for every choice of costs within their ranges (necessarily), for
	//   some (possibly), or for none (not):
	//   cost  cheapest  concede
	//   1     possibly  east.truce
	//   1     possibly  west.fight
	//
	//   The cheapest set stays cheapest while each of these costs stays in its interval, the others as
	//   stated (the closest calls first):
	//   constraint  cost  stays cheapest for
	//   east.truce  1     0 to 1
	//   west.fight  1     1 or more
	//
	// Best packages under each bargaining rule
	//   None: no package is agreeable.
	//
	// Zone of possible agreement: the values each issue takes in some agreeable package
	//   Empty: no package is agreeable.
}

// The conflict graph of a three-party space in Graphviz DOT: parties and
// conflicts as nodes, each conflict joined to the parties whose positions
// it holds.
func ExampleReport_WriteDOT() {
	s, err := model.NewBuilder("talks").
		Bool("ceasefire", "").
		Choice("recognition", "none", "de_facto", "de_jure").
		Party("east").RedLine("recognise", `recognition == "de_jure"`).RedLine("truce", "ceasefire").
		Party("west").RedLine("no_cession", `recognition != "de_jure"`).
		Party("north").RedLine("fight_on", "!ceasefire").
		Build()
	if err != nil {
		log.Fatal(err)
	}
	r, err := report.Analyze(context.Background(), s, nil)
	if err != nil {
		log.Fatal(err)
	}
	r.WriteDOT(os.Stdout)
	// Output:
	// strict graph talks {
	//   graph [
	//     fontname=Helvetica
	//     label="Conflicts of talks"
	//     labelloc=t
	//     rankdir=LR
	//   ];
	//   node [
	//     fontname=Helvetica
	//   ];
	//
	//   // Node definitions.
	//   east [
	//     label=east
	//     shape=ellipse
	//   ];
	//   west [
	//     label=west
	//     shape=ellipse
	//   ];
	//   north [
	//     label=north
	//     shape=ellipse
	//   ];
	//   "conflict 1" [
	//     label="conflict 1\neast.recognise\nwest.no_cession"
	//     shape=box
	//   ];
	//   "conflict 2" [
	//     label="conflict 2\neast.truce\nnorth.fight_on"
	//     shape=box
	//   ];
	//
	//   // Edge definitions.
	//   east -- "conflict 1";
	//   east -- "conflict 2";
	//   west -- "conflict 1";
	//   north -- "conflict 2";
	// }
}

// A conflict about order, in words, and a package's roadmap.
func ExampleConflictWords() {
	s, err := model.NewBuilder("talks").Phases(3).
		Step("ceasefire", "").Step("withdrawal", "").Step("talks", "").
		Rule("deal", "ceasefire").
		Party("russia").Precondition("withdrawal_first", "ceasefire", "before(withdrawal, ceasefire)").
		Party("ukraine").RedLine("no_withdrawal", "!withdrawal").
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(report.ConflictWords(s, []model.Ref{
		{Party: "russia", Constraint: "withdrawal_first", Kind: model.PreconditionKind},
		{Party: "ukraine", Constraint: "no_withdrawal", Kind: model.RedLineKind},
		{Constraint: "deal", Kind: model.RuleKind},
	}))
	rm := report.NewRoadmap(s, model.Package{"ceasefire": model.StepValue(3), "withdrawal": model.Never(), "talks": model.StepValue(1)})
	for _, l := range rm.Lines() {
		fmt.Println(l)
	}
	// Output:
	// russia: withdrawal before ceasefire · ukraine: no withdrawal · rule: ceasefire happens
	// phase 1: talks
	// phase 3: ceasefire
	// never: withdrawal
}
