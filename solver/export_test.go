package solver_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver"
	"github.com/zopa-go/zopa/solver/internal/sat"
)

// exported is the comment table of an export, read back.
type exported struct {
	scope string
	scale string // WCNF only
	refs  []model.Ref
	sel   []z.Lit // sel[i] is the selector of refs[i]
}

var exportKinds = map[string]model.ConstraintKind{
	"rule": model.RuleKind, "red_line": model.RedLineKind,
	"precondition": model.PreconditionKind, "reservation": model.ReservationKind,
}

func readExportTable(t *testing.T, comments []string) exported {
	t.Helper()
	var e exported
	for _, c := range comments {
		f := strings.Fields(c)
		if len(f) < 2 || f[0] != "zopa" {
			t.Fatalf("comment %q is not a zopa comment", c)
		}
		switch f[1] {
		case "DIMACS", "WCNF":
		case "scope":
			e.scope = f[2]
		case "scale":
			e.scale = f[2]
		case "selector":
			if len(f) != 6 {
				t.Fatalf("bad selector comment %q", c)
			}
			v, err := strconv.Atoi(f[2])
			k, ok := exportKinds[f[3]]
			if err != nil || v <= 0 || !ok {
				t.Fatalf("bad selector comment %q", c)
			}
			party := f[4]
			if party == "-" {
				party = ""
			}
			e.refs = append(e.refs, model.Ref{Party: party, Constraint: f[5], Kind: k})
			e.sel = append(e.sel, z.Var(v).Pos())
		default:
			t.Fatalf("unknown comment %q", c)
		}
	}
	return e
}

// exportCheck counts what checkExport compared.
type exportCheck struct {
	cases, feasible, infeasible, hardInfeasible, mus, brute, wcnf, conflicts int
}

// solveWith answers one query on the re-read instance.
func solveWith(t *testing.T, s *sat.Solver, as []z.Lit) bool {
	t.Helper()
	r, err := s.Solve(context.Background(), as...)
	if err != nil || r == 0 {
		t.Fatalf("Solve: %d, %v", r, err)
	}
	return r == 1
}

// deletionMUS shrinks the unsatisfiable assumption set as to a minimal one
// by plain deletion, one SAT call per member.
func deletionMUS(t *testing.T, s *sat.Solver, as []z.Lit) []z.Lit {
	work := slices.Clone(as)
	for i := 0; i < len(work); {
		cand := slices.Delete(slices.Clone(work), i, i+1)
		if solveWith(t, s, cand) {
			i++
		} else {
			work = cand
		}
	}
	return work
}

func sortRefLists(ls [][]model.Ref) [][]model.Ref {
	out := make([][]model.Ref, len(ls))
	for i, l := range ls {
		out[i] = slices.SortedFunc(slices.Values(l), model.CompareRefs)
	}
	slices.SortFunc(out, func(a, b []model.Ref) int {
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return slices.CompareFunc(a, b, model.CompareRefs)
	})
	return out
}

// checkExport exports p under sc as DIMACS and WCNF, reads both back into a
// fresh gini, and compares feasibility, conflicts and the cheapest
// concession with p's own answers.
func checkExport(t *testing.T, name string, p *solver.Problem, sc solver.Scope, n *exportCheck) {
	t.Helper()
	ctx := context.Background()
	n.cases++
	// Both exports first: later queries may add (harmless) clauses.
	var buf, wbuf bytes.Buffer
	if err := p.WriteDIMACS(&buf, sc); err != nil {
		t.Fatalf("%s: WriteDIMACS: %v", name, err)
	}
	if err := p.WriteWCNF(&wbuf, sc); err != nil {
		t.Fatalf("%s: WriteWCNF: %v", name, err)
	}
	cnf, err := sat.ReadDIMACS(&buf)
	if err != nil {
		t.Fatalf("%s: reading the DIMACS export: %v", name, err)
	}
	tab := readExportTable(t, cnf.Comments)
	if cnf.Weighted || tab.scope != sc.String() || tab.scale != "" {
		t.Fatalf("%s: weighted %v, scope %q, scale %q", name, cnf.Weighted, tab.scope, tab.scale)
	}
	if diff := cmp.Diff(p.Refs(), tab.refs); diff != "" {
		t.Fatalf("%s: selector table (-Refs +table):\n%s", name, diff)
	}
	var table, hard []z.Lit
	var tableRefs []model.Ref
	refOf := map[z.Lit]model.Ref{}
	for i, r := range tab.refs {
		refOf[tab.sel[i]] = r
		if sc.OnTable(r) {
			table = append(table, tab.sel[i])
			tableRefs = append(tableRefs, r)
		} else {
			hard = append(hard, tab.sel[i])
		}
	}
	var units []z.Lit
	for _, c := range cnf.Hard {
		if _, ok := refOf[c[0]]; len(c) == 1 && ok {
			units = append(units, c[0])
		}
	}
	if diff := cmp.Diff(hard, units); diff != "" {
		t.Fatalf("%s: unit selectors (-hard constraints +units):\n%s", name, diff)
	}

	r := sat.New()
	cnf.AddTo(r)
	hardOK := solveWith(t, r, nil)
	hc, err := p.HardConflict(ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	if hardOK != (hc == nil) {
		t.Fatalf("%s: re-read hard part satisfiable %v, HardConflict %v", name, hardOK, hc)
	}
	feasible := solveWith(t, r, table)
	_, want, err := p.Feasible(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if feasible != want {
		t.Fatalf("%s: re-read feasible %v, Feasible %v", name, feasible, want)
	}
	ex, err := p.Explain(ctx, sc, nil)
	if err != nil || !ex.Complete {
		t.Fatalf("%s: Explain: %+v, %v", name, ex, err)
	}
	if feasible {
		n.feasible++
		if len(ex.Conflicts)+len(ex.Concessions) != 0 {
			t.Fatalf("%s: feasible but Explain found %+v", name, ex)
		}
	}
	if !hardOK {
		n.hardInfeasible++
		if len(ex.Conflicts)+len(ex.Concessions) != 0 {
			t.Fatalf("%s: hard part infeasible but Explain found %+v", name, ex)
		}
	}
	if !feasible && hardOK {
		n.infeasible++
		var mus []model.Ref
		for _, m := range deletionMUS(t, r, table) {
			mus = append(mus, refOf[m])
		}
		mus = sortRefLists([][]model.Ref{mus})[0]
		if !slices.ContainsFunc(ex.Conflicts, func(c []model.Ref) bool { return slices.Equal(c, mus) }) {
			t.Fatalf("%s: re-read MUS %v is not among Explain's conflicts %v", name, mus, ex.Conflicts)
		}
		n.mus++
	}

	// WCNF: the same hard clauses, one soft unit per on-table selector.
	wcnf, err := sat.ReadDIMACS(&wbuf)
	if err != nil {
		t.Fatalf("%s: reading the WCNF export: %v", name, err)
	}
	wtab := readExportTable(t, wcnf.Comments)
	if !wcnf.Weighted || wtab.scope != tab.scope || !slices.Equal(wtab.refs, tab.refs) || !slices.Equal(wtab.sel, tab.sel) {
		t.Fatalf("%s: WCNF table differs from the DIMACS one", name)
	}
	if diff := cmp.Diff(cnf.Hard, wcnf.Hard, cmp.Comparer(func(a, b []z.Lit) bool { return slices.Equal(a, b) })); diff != "" {
		t.Fatalf("%s: WCNF hard clauses differ from the DIMACS clauses:\n%s", name, diff)
	}
	scale, err := strconv.ParseFloat(wtab.scale, 64)
	if err != nil {
		t.Fatalf("%s: scale %q: %v", name, wtab.scale, err)
	}
	weight := map[model.Ref]int64{}
	if len(wcnf.Soft) != len(table) {
		t.Fatalf("%s: %d soft clauses for %d constraints on the table", name, len(wcnf.Soft), len(table))
	}
	for i, sf := range wcnf.Soft {
		if len(sf.Lits) != 1 || sf.Lits[0] != table[i] {
			t.Fatalf("%s: soft clause %d is %v, want the selector %v of %s", name, i, sf.Lits, table[i], tableRefs[i])
		}
		cost := p.Space().ConcessionCost(tableRefs[i])
		if got := float64(sf.Weight) / scale; math.Abs(got-cost) > 1e-12*cost {
			t.Fatalf("%s: weight %d / scale %s = %v, want cost %v of %s", name, sf.Weight, wtab.scale, got, cost, tableRefs[i])
		}
		weight[tableRefs[i]] = sf.Weight
	}
	n.wcnf++

	if len(table) > 10 || !hardOK {
		return
	}
	// Brute force over subsets of the table, supersets first: a subset of
	// a satisfiable set is satisfiable.
	k := len(table)
	ok := make([]bool, 1<<k)
	for mask := 1<<k - 1; mask >= 0; mask-- {
		for i := 0; i < k && !ok[mask]; i++ {
			ok[mask] = mask&(1<<i) == 0 && ok[mask|1<<i]
		}
		if !ok[mask] {
			var as []z.Lit
			for i := range k {
				if mask&(1<<i) != 0 {
					as = append(as, table[i])
				}
			}
			ok[mask] = solveWith(t, r, as)
		}
	}
	var conflicts [][]model.Ref
	var total int64
	for _, w := range weight {
		total += w
	}
	opt := int64(math.MaxInt64)
	for mask := range 1 << k {
		var set []model.Ref
		var kept int64
		minimal := !ok[mask]
		for i := range k {
			if mask&(1<<i) != 0 {
				set = append(set, tableRefs[i])
				kept += weight[tableRefs[i]]
				minimal = minimal && ok[mask&^(1<<i)]
			}
		}
		if minimal {
			conflicts = append(conflicts, set)
		}
		if ok[mask] {
			opt = min(opt, total-kept)
		}
	}
	if diff := cmp.Diff(sortRefLists(conflicts), sortRefLists(ex.Conflicts)); diff != "" {
		t.Fatalf("%s: conflicts (-re-read brute force +Explain):\n%s", name, diff)
	}
	best, bestCost := int64(0), 0.0
	for i, c := range ex.Concessions {
		var w int64
		for _, r := range c.Constraints {
			w += weight[r]
		}
		if i == 0 || w < best {
			best, bestCost = w, c.Cost
		}
	}
	if opt != best {
		t.Fatalf("%s: WCNF optimum %d (scale %s), cheapest concession set of Explain %d", name, opt, wtab.scale, best)
	}
	if got := float64(opt) / scale; math.Abs(got-bestCost) > 1e-9*max(1, bestCost) {
		t.Fatalf("%s: WCNF optimum %v in cost units, cheapest concession costs %v", name, got, bestCost)
	}
	n.brute++
	n.conflicts += len(conflicts)
}

// exportSpaces returns small random spaces, feasible or not, some with
// fractional costs, and the bundled scenario.
func exportSpaces(t *testing.T, n int) map[string]*model.Space {
	out := map[string]*model.Space{}
	fractional := []float64{0.5, 1.25, 0.1, 2, 0.3, 3}
	for seed := int64(0); seed < int64(n); seed++ {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			o := scenarios.GenOptions{
				Issues: 1 + int(seed%4), Parties: 1 + int(seed/4%3),
				RedLinesPerParty: 1 + int(seed%3), PreconditionsPerParty: int(seed / 3 % 2),
				Rules: int(seed / 5 % 3), PreferencesPerParty: 1 + int(seed%2),
				MaxChoice: 3, MaxIntLevels: 4, Depth: 2, Reservations: seed%4 == 0, Seed: seed,
			}
			var s *model.Space
			name := fmt.Sprintf("generate %d", seed)
			if seed%2 == 1 {
				o.Issues, o.RedLinesPerParty = 1+int(seed%3), int(seed/2%2)
				s = scenarios.GenerateInfeasible(o, 1+int(seed/2%3))
				name = fmt.Sprintf("infeasible %d", seed)
			} else {
				s = scenarios.Generate(o)
			}
			if seed%5 == 2 { // with step issues (order deadlocks among the planted conflicts)
				o.Steps, o.Phases = 1+int(seed%2), int(seed/5%4)
				if seed%2 == 1 {
					o.Phases = max(o.Phases, 2)
					s = scenarios.GenerateInfeasible(o, 1+int(seed/2%3))
				} else {
					s = scenarios.Generate(o)
				}
				name += " steps"
			}
			if seed%3 == 1 {
				for pi := range s.Parties {
					pa := &s.Parties[pi]
					for i := range pa.RedLines {
						pa.RedLines[i].Cost = fractional[(int(seed)+i)%len(fractional)]
					}
					for i := range pa.Preconditions {
						pa.Preconditions[i].Cost = fractional[(int(seed)+i+3)%len(fractional)]
					}
				}
			}
			out[name] = s
		})
	}
	u, err := scenarios.Load("ukraine2025")
	if err != nil {
		t.Fatal(err)
	}
	out["ukraine2025"] = u
	return out
}

// TestExportDIMACSAndWCNF exports random small spaces under three scopes,
// reads the exports back into a fresh gini and checks that they agree with
// the solver: feasibility, the hard part, a deletion MUS over the re-read
// selectors is one of Explain's conflicts, and on tiny tables the full list
// of conflicts (brute force over the re-read selectors) and the WCNF
// optimum (brute force over the soft clauses) equal Explain's.
func TestExportDIMACSAndWCNF(t *testing.T) {
	n := 400
	if short() {
		n = 120
	}
	ctx := context.Background()
	var c exportCheck
	spaces := exportSpaces(t, n)
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range spaces {
			if !yield(k) {
				return
			}
		}
	}) {
		s := spaces[name]
		p, err := solver.Compile(context.Background(), s, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.HasSuffix(name, "1") || strings.HasSuffix(name, "4") {
			// Earlier queries add clauses (definitions, retired blocking
			// clauses); the export must stay equivalent.
			if _, _, err := p.Count(ctx, 10); err != nil {
				t.Fatal(err)
			}
			if _, err := p.ZOPA(ctx); err != nil {
				t.Fatal(err)
			}
			is := s.Issues[len(s.Issues)-1]
			d := is.Domain()
			if _, err := p.Audit(ctx, model.Package{is.ID: d[len(d)-1]}); err != nil {
				t.Fatal(err)
			}
		}
		for _, sc := range []solver.Scope{{}, {PreconditionsOnly: true}, {Parties: []string{s.Parties[len(s.Parties)-1].ID}}} {
			checkExport(t, fmt.Sprintf("%s scope %v", name, sc), p, sc, &c)
		}
	}
	t.Logf("%d spaces, %d scoped exports checked: %d feasible, %d infeasible (deletion MUS among Explain's conflicts), %d with infeasible hard part; %d WCNF; %d compared with brute force (all %d conflicts, WCNF optimum)",
		len(spaces), c.cases, c.feasible, c.infeasible, c.hardInfeasible, c.wcnf, c.brute, c.conflicts)
	if c.infeasible < n/2 || c.brute < n || c.hardInfeasible == 0 || c.feasible < n/4 {
		t.Errorf("too few interesting cases: %+v", c)
	}
}

// wcnfSoft exports s as WCNF and returns the scale and the weight of each
// soft clause, in table order.
func wcnfSoft(t *testing.T, s *model.Space, sc solver.Scope) (string, []int64, error) {
	t.Helper()
	p, err := solver.Compile(context.Background(), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := p.WriteWCNF(&buf, sc); err != nil {
		if buf.Len() != 0 {
			t.Errorf("WriteWCNF wrote %d bytes before failing", buf.Len())
		}
		return "", nil, err
	}
	f, err := sat.ReadDIMACS(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var ws []int64
	for _, sf := range f.Soft {
		ws = append(ws, sf.Weight)
	}
	return readExportTable(t, f.Comments).scale, ws, nil
}

func costSpace(t *testing.T, costs ...float64) *model.Space {
	t.Helper()
	b := model.NewBuilder("costs").Bool("x", "").Party("a")
	for i, c := range costs {
		b.RedLine(fmt.Sprintf("c%d", i), "x").Cost(c)
	}
	s, err := b.Party("b").RedLine("other", "!x").Build()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestExportWCNFWeights(t *testing.T) {
	onlyA := solver.Scope{Parties: []string{"a"}}
	for _, tc := range []struct {
		costs []float64
		scale string
		want  []int64
	}{
		{[]float64{1, 2, 3}, "1", []int64{1, 2, 3}},
		{[]float64{0.1, 2.5, 3}, "10", []int64{1, 25, 30}},
		{[]float64{0.25, 1e15}, "100", []int64{25, 1e17}},
		{[]float64{0.3, func() float64 { x := 0.1; return x + 0.2 }()}, "100000000000000000", []int64{3e16, 30000000000000004}},
		{[]float64{1e-300}, "1" + strings.Repeat("0", 300), []int64{1}},
		{[]float64{9.2e18}, "1", []int64{9.2e18}},
	} {
		scale, got, err := wcnfSoft(t, costSpace(t, tc.costs...), onlyA)
		if err != nil {
			t.Errorf("costs %v: %v", tc.costs, err)
			continue
		}
		if scale != tc.scale || !slices.Equal(got, tc.want) {
			t.Errorf("costs %v: scale %s weights %v, want %s %v", tc.costs, scale, got, tc.scale, tc.want)
		}
	}
	// The default cost of b.other is 1.
	if scale, got, err := wcnfSoft(t, costSpace(t, 0.5), solver.Scope{}); err != nil || scale != "10" || !slices.Equal(got, []int64{5, 10}) {
		t.Errorf("all on the table: %s %v %v", scale, got, err)
	}
	for _, tc := range []struct {
		costs []float64
		msg   string
	}{
		{[]float64{1e19}, "a.c0: cost 10000000000000000000 does not fit"},
		{[]float64{1e-300, 1}, "a.c1: cost 1 times 10^300 (the scale a.c0's cost needs) does not fit"},
		{[]float64{0.5, 1e18}, "a.c1: cost 1000000000000000000 times 10^1"},
		{[]float64{5e18, 5e18}, "sum of the weights reaches 2^63 at a.c1"},
	} {
		_, _, err := wcnfSoft(t, costSpace(t, tc.costs...), onlyA)
		if !errors.Is(err, solver.ErrOverflow) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("costs %v: error %v, want ErrOverflow containing %q", tc.costs, err, tc.msg)
		}
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestExportWriteErrors(t *testing.T) {
	p, err := solver.Compile(context.Background(), costSpace(t, 1), nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, write := range map[string]func() error{
		"DIMACS": func() error { return p.WriteDIMACS(failingWriter{}, solver.Scope{}) },
		"WCNF":   func() error { return p.WriteWCNF(failingWriter{}, solver.Scope{}) },
	} {
		if err := write(); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%s to a failing writer: %v", name, err)
		}
	}
}

func ExampleProblem_WriteWCNF() {
	s, err := model.NewBuilder("tiny").
		Bool("ceasefire", "").
		IntValues("army_cap", 600000, 800000, 1000000).
		Party("east").RedLine("cap", "army_cap <= 600000").Cost(2.5).
		Party("west").RedLine("big", "army_cap >= 800000").Cost(0.1).
		Precondition("truce", "ceasefire", "army_cap >= 800000").
		Build()
	if err != nil {
		log.Fatal(err)
	}
	p, err := solver.Compile(context.Background(), s, nil)
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	if err := p.WriteWCNF(&buf, solver.Scope{}); err != nil {
		log.Fatal(err)
	}
	// Print the comment table and the soft clauses, not the hard clauses.
	for line := range strings.Lines(buf.String()) {
		if !strings.HasPrefix(line, "h ") {
			os.Stdout.WriteString(line)
		}
	}
	// Output:
	// c zopa WCNF export of space "tiny"
	// c zopa scope all
	// c zopa scale 10
	// c zopa selector 5 red_line east cap
	// c zopa selector 6 red_line west big
	// c zopa selector 8 precondition west truce
	// 25 5 0
	// 1 6 0
	// 10 8 0
}
