package report

import (
	"fmt"
	"strings"
)

// textOpening writes "What would open the space": the cheapest concession
// set with the lower bound the solver proved, the fewest concessions, what
// preconditions alone can do, and the best packages once the cheapest set
// is conceded.
func (r *Report) textOpening(t *textWriter) {
	op := r.Opening
	if op == nil {
		return
	}
	t.heading("What would open the space")
	if op.Cheapest == nil {
		t.para("Nothing negotiable can: the rules alone exclude every package.", 2)
		return
	}
	if op.Negotiable != r.Negotiable {
		t.para(fmt.Sprintf("Nothing on the table (negotiable: %s) can, since the constraints held fixed already "+
			"exclude every package. With every negotiable constraint on the table:", r.Negotiable), 2)
	}
	c := op.Cheapest
	n := len(c.Constraints)
	bound := fmt.Sprintf("the solver proved a lower bound of %s", c.costText()) // exact: the bound is the cost
	if !op.Exact {
		bound = fmt.Sprintf("the solver proved a lower bound of %s (costs compared on a fixed-point scale)", num(op.LowerBound))
	}
	t.para(fmt.Sprintf("Cheapest: conceding %s %s (total cost %s) opens it, and no set of concessions costs less: %s.",
		count(n), plural(n, "position", "positions"), c.costText(), bound), 2)
	for _, m := range c.Constraints {
		t.memberAt(m, 4)
	}
	if s := op.Smallest; s != nil {
		k := len(s.Constraints)
		if k == len(c.Constraints) {
			t.para(fmt.Sprintf("Fewest: at least %s %s needed; the cheapest set above is also one of the smallest.",
				count(k), plural(k, "concession is", "concessions are")), 2)
		} else {
			t.para(fmt.Sprintf("Fewest: %s %s open it at the least (the cheapest such set costs %s): %s.",
				count(k), plural(k, "concession", "concessions"), s.costText(), memberRefs(s.Constraints)), 2)
		}
	}
	if pv := op.Preconditions; pv != nil {
		switch {
		case pv.HardConflict != nil:
			t.para("Preconditions alone: holding every red line and reservation fixed, no precondition is to blame: "+
				"the red lines alone already exclude every package. One minimal set of them that cannot all hold:", 2)
			for _, m := range pv.HardConflict {
				t.memberAt(m, 4)
			}
		case pv.Cheapest != nil:
			k := len(pv.Cheapest.Constraints)
			t.para(fmt.Sprintf("Preconditions alone: holding every red line and reservation fixed, conceding %s %s "+
				"(total cost %s, the least possible: proven lower bound %s) opens it: %s.", count(k), plural(k, "precondition", "preconditions"),
				pv.Cheapest.costText(), num(pv.LowerBound), memberRefs(pv.Cheapest.Constraints)), 2)
		}
	}
	if op.Blamed != nil {
		listed := "any conflict"
		if !op.BlamedComplete {
			listed = "any listed conflict"
		}
		if len(op.Blamed) == 0 {
			t.para(fmt.Sprintf("No precondition takes part in %s: every conflict is between red lines and reservations, "+
				"so preconditions only bite once red lines give way.", listed), 2)
		} else {
			t.para(fmt.Sprintf("Preconditions that take part in some %sconflict: %s.",
				map[bool]string{true: "", false: "listed "}[op.BlamedComplete], memberRefs(op.Blamed)), 2)
			r.textBlamedOrders(t, op.Blamed, 4)
		}
	}
	a := op.After
	if a == nil {
		return
	}
	agreeable := fmt.Sprintf("%s %s agreeable to every party", thousands(a.Agreeable.Count),
		plural(int(min(a.Agreeable.Count, 2)), "package is", "packages are"))
	if !a.Agreeable.Exact {
		agreeable = "at least " + agreeable
	}
	pts := len(a.Pareto.Points)
	more := ""
	if !a.Pareto.Complete {
		more = "at least "
	}
	frontier := fmt.Sprintf("their Pareto frontier (where no party can gain without another losing) has %s%d utility %s",
		more, pts, plural(pts, "vector", "vectors"))
	if a.sameChoice() {
		t.para(fmt.Sprintf("After conceding the cheapest set, %s; %s. Every bargaining rule picks the same package, "+
			"so here the rules trade nothing off:", agreeable, frontier), 2)
		a.sharedChoice(t, 4)
	} else {
		t.para(fmt.Sprintf("After conceding the cheapest set, %s; %s. The best of them under each bargaining rule:", agreeable, frontier), 2)
		a.bestTable(t, 4)
	}
	a.textKeeps(t, 4)
	if !a.Pareto.Complete {
		t.para("The frontier after conceding has more points than the limit lets the report list; the choices above are exact all the same.", 4)
	}
	if gs := a.roadmapGroups(t.s); gs != nil {
		t.para("Their roadmaps, phase by phase:", 4)
		a.roadmapsAt(t, gs, 6)
	}
}

// sharedChoice writes the one package every rule picks, each party's
// utility for it and each rule's score.
func (r *Report) sharedChoice(t *textWriter, indent int) {
	s := t.s
	c := r.Best.Utilitarian
	tb := &table{header: []string{"issue", "every rule"}}
	for _, is := range s.Issues {
		tb.add(is.ID, value(c.Package, is.ID))
	}
	tb.add()
	for _, p := range s.Parties {
		tb.add("utility "+p.ID, util(c.Utilities[p.ID]))
	}
	t.table(tb, indent)
	var scores []string
	for _, ru := range r.rules() {
		scores = append(scores, ru.name+" "+score(ru.choice.Score))
	}
	t.para("Scores: "+strings.Join(scores, ", ")+".", indent)
}

// sameChoice reports whether every rule picks the same package.
func (r *Report) sameChoice() bool {
	var first string
	for i, ru := range r.rules() {
		if ru.choice == nil {
			return false
		}
		if i == 0 {
			first = ru.choice.Package.String()
		} else if ru.choice.Package.String() != first {
			return false
		}
	}
	return true
}

// memberRefs is "a.x, b.y".
func memberRefs(ms []Member) string {
	var out []string
	for _, m := range ms {
		out = append(out, memberRef(m))
	}
	return strings.Join(out, ", ")
}

// count spells small numbers: "one", "two", …, "12".
func count(n int) string {
	words := []string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
	if n >= 0 && n < len(words) {
		return words[n]
	}
	return fmt.Sprint(n)
}
