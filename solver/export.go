package solver

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/solver/internal/sat"
	"github.com/zopa-go/zopa/solver/internal/scale"
)

// WriteDIMACS writes the compiled space as DIMACS CNF, for cross-checking
// with other SAT solvers. Under scope sc, the constraints on the table are
// left to the reader to assume; the others (rules always) are hard.
//
// The output is, line by line:
//
//	c zopa DIMACS export of space "<name>"
//	c zopa scope <sc in the -negotiable syntax>
//	c zopa selector <var> <kind> <party> <constraint>
//	…
//	p cnf <vars> <clauses>
//	<clauses, one a line, literals ending in 0>
//	<a unit clause "<var> 0" for each constraint that is not on the table>
//
// There is one selector line for every constraint, rules first, then the
// negotiable constraints in document order (as [Problem.Refs]). <var> is the
// constraint's selector variable; <kind> is rule, red_line, precondition or
// reservation; <party> is "-" for a rule. A true selector enforces its
// constraint (the clauses hold selector -> constraint); a false one leaves
// the constraint free. So the formula, with the selectors of a set S of
// on-table constraints assumed true, is satisfiable exactly when some
// package satisfies S and every hard constraint: assuming every selector
// decides [Problem.Feasible], and the minimal sets of on-table selectors
// that are unsatisfiable when assumed are the conflicts of [Problem.Explain]
// under sc. The other variables encode the issues and the circuits of the
// constraints; their meaning is internal and may change between versions.
//
// The clauses are every clause given to the SAT solver so far, in order:
// those of the compiled space, plus the ones earlier queries may have added
// (definitions of new circuit variables, and blocking clauses guarded by an
// activation variable that a unit clause has since retired), none of which
// changes which selector assumptions are satisfiable. Clauses gini learnt
// are never written.
func (p *Problem) WriteDIMACS(w io.Writer, sc Scope) (err error) {
	defer p.enter(nil, &err)()
	comments := []string{fmt.Sprintf("zopa DIMACS export of space %q", p.space.Name)}
	comments = append(comments, p.exportTable(sc)...)
	if err := p.s.WriteCNF(w, comments, p.hardUnits(sc)); err != nil {
		return fmt.Errorf("solver: writing DIMACS: %w", err)
	}
	return nil
}

// WriteWCNF writes the compiled space as weighted partial MaxSAT in the
// WCNF format of the MaxSAT Evaluations since 2022: no header, hard clauses
// prefixed by "h", soft clauses prefixed by their positive integer weight.
// The hard clauses are those [Problem.WriteDIMACS] writes, hard units
// included; each constraint on the table under sc gets one soft clause, the
// unit clause of its selector, weighted by its concession cost. An optimal
// solution falsifies a cheapest set of on-the-table constraints whose
// concession makes the space feasible: its cost, divided by the scale, is
// the least cost of the concession sets of [Problem.Explain] under sc.
//
// The output is, line by line:
//
//	c zopa WCNF export of space "<name>"
//	c zopa scope <sc in the -negotiable syntax>
//	c zopa scale <s>
//	c zopa selector <var> <kind> <party> <constraint>
//	…
//	h <clause> 0
//	…
//	<weight> <var> 0
//	…
//
// The selector lines are as in [Problem.WriteDIMACS]. Costs are scaled to
// integers exactly: each cost is taken as its shortest decimal
// representation (strconv.FormatFloat(cost, 'f', -1, 64)), and every weight
// is cost * s for the least power of ten s that makes them all integers
// (s = 1 when every cost is an integer). WriteWCNF returns an error wrapping
// [ErrOverflow] and naming the constraint when a weight, or the sum of the
// weights, does not fit in 63 bits; it never rounds.
func (p *Problem) WriteWCNF(w io.Writer, sc Scope) (err error) {
	defer p.enter(nil, &err)()
	var table []int
	for ci, r := range p.refs {
		if sc.OnTable(r) {
			table = append(table, ci)
		}
	}
	weights, scale, err := p.weights(table)
	if err != nil {
		return err
	}
	soft := make([]sat.Soft, len(table))
	for i, ci := range table {
		soft[i] = sat.Soft{Weight: weights[i], Lits: []z.Lit{p.sel[ci]}}
	}
	comments := []string{fmt.Sprintf("zopa WCNF export of space %q", p.space.Name)}
	tab := p.exportTable(sc)
	comments = append(comments, tab[0], "zopa scale "+scale)
	comments = append(comments, tab[1:]...)
	if err := p.s.WriteWCNF(w, comments, p.hardUnits(sc), soft); err != nil {
		return fmt.Errorf("solver: writing WCNF: %w", err)
	}
	return nil
}

// exportTable returns the scope comment and the selector table.
func (p *Problem) exportTable(sc Scope) []string {
	out := []string{"zopa scope " + sc.String()}
	for ci, r := range p.refs {
		party := r.Party
		if party == "" {
			party = "-"
		}
		out = append(out, fmt.Sprintf("zopa selector %d %s %s %s", p.sel[ci].Var(), r.Kind, party, r.Constraint))
	}
	return out
}

// hardUnits returns the unit clauses of the selectors of the constraints
// not on the table under sc.
func (p *Problem) hardUnits(sc Scope) [][]z.Lit {
	var out [][]z.Lit
	for ci, r := range p.refs {
		if !sc.OnTable(r) {
			out = append(out, []z.Lit{p.sel[ci]})
		}
	}
	return out
}

// weights scales the costs of the constraints table to integers exactly
// (scale.Decimals), returning them with the scale as a decimal string, or
// an error naming the constraint that does not fit in 63 bits.
func (p *Problem) weights(table []int) ([]int64, string, error) {
	costs := make([]float64, len(table))
	for i, ci := range table {
		r := p.refs[ci]
		c := p.space.ConcessionCost(r)
		if !(c > 0) || math.IsInf(c, 1) {
			return nil, "", fmt.Errorf("solver: WCNF weight of %s: cost %v is not a positive finite number", r, c)
		}
		costs[i] = c
	}
	out, k, bad := scale.Decimals(costs, math.MaxInt64)
	if bad != nil {
		r := p.refs[table[bad.Index]]
		if bad.Sum {
			return nil, "", fmt.Errorf("solver: WCNF weights: the sum of the weights reaches 2^63 at %s (scale 10^%d): %w", r, k, ErrOverflow)
		}
		msg := fmt.Sprintf("solver: WCNF weight of %s: cost %s", r, strconv.FormatFloat(costs[bad.Index], 'f', -1, 64))
		if k > 0 {
			msg += fmt.Sprintf(" times 10^%d (the scale %s's cost needs)", k, p.refs[table[bad.ExpBy]])
		}
		return nil, "", fmt.Errorf("%s does not fit in 63 bits: %w", msg, ErrOverflow)
	}
	return out, "1" + strings.Repeat("0", k), nil
}

// WriteUtilitarianWCNF writes the utilitarian optimum (see
// [Problem.Utilitarian]) as weighted partial MaxSAT in the same WCNF
// format as [Problem.WriteWCNF]: the hard clauses are those of
// [Problem.WriteDIMACS] with every constraint hard (rules and negotiable
// constraints alike), and the soft clauses are the utility shortfalls:
// for each utility term (every party's terms on the same issue merged) and
// each of its options worth less than its best, the unit clause "not this
// option", weighted by the shortfall on the solver's integer utility scale
// (see [Problem.Precision]). An optimal solution of cost c is an agreeable
// package whose utilities sum to (best - c) * unit, where best and unit are
// given in the comments:
//
//	c zopa utilitarian WCNF export of space "<name>"
//	c zopa best <best> unit <unit> exact <true|false>
//	h <clause> 0
//	…
//	<weight> <literal> 0
//	…
func (p *Problem) WriteUtilitarianWCNF(w io.Writer) (err error) {
	defer p.enter(nil, &err)()
	lits, weights, best := p.utilitarianSoft()
	u := p.utils()
	soft := make([]sat.Soft, len(lits))
	for i, m := range lits {
		soft[i] = sat.Soft{Weight: weights[i], Lits: []z.Lit{m}}
	}
	units := make([][]z.Lit, len(p.sel))
	for i, m := range p.sel {
		units[i] = []z.Lit{m}
	}
	comments := []string{fmt.Sprintf("zopa utilitarian WCNF export of space %q", p.space.Name),
		fmt.Sprintf("zopa best %d unit %s exact %v", best, strconv.FormatFloat(u.unit, 'g', -1, 64), u.exact)}
	if err := p.s.WriteWCNF(w, comments, units, soft); err != nil {
		return fmt.Errorf("solver: writing WCNF: %w", err)
	}
	return nil
}
