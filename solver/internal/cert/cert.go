package cert

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"strings"
	"time"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/internal/decimal"
	"github.com/zopa-go/zopa/model"
)

// Checker holds the second encoding of one space. Constraints, utilities
// and conditions are encoded the first time a claim needs them; every
// encoded condition is a literal equivalent to it (or, for utility and
// cost bounds, implied by it), and a claim is checked by assuming the
// literals of its conditions. Nothing is ever asserted outright beyond
// the issues' domains, so the instance never becomes unsatisfiable on its
// own and one instance serves every claim.
//
// A Checker is not safe for concurrent use.
type Checker struct {
	space   *model.Space
	c       *circuit
	issues  map[string]*issue
	order   []*issue // in space order
	pos     map[string]int
	allPos  []int
	refs    map[model.Ref]z.Lit
	parties []*party // per party, after the sum of every party's utility
	terms   map[int][]*utilTerm
	bounds  map[string]z.Lit
	costs   map[string]*costSum
	claims  int64
}

// New returns a Checker for the validated space s. It encodes the issues'
// domains at once (a few clauses per issue) and nothing else.
func New(s *model.Space) *Checker {
	c := &Checker{space: s, c: newCircuit(), issues: map[string]*issue{}, pos: map[string]int{}, refs: map[model.Ref]z.Lit{},
		parties: make([]*party, len(s.Parties)+1), terms: map[int][]*utilTerm{}, bounds: map[string]z.Lit{}, costs: map[string]*costSum{}}
	for i := range s.Issues {
		iv := c.encodeIssue(&s.Issues[i])
		c.issues[iv.is.ID] = iv
		c.order = append(c.order, iv)
		c.pos[iv.is.ID] = i
	}
	return c
}

// Stats counts the work of a Checker.
type Stats struct {
	// Claims is the number of claims checked; SATCalls the number that
	// reached the SAT solver; SolveTime the time spent in it.
	Claims, SATCalls int64
	SolveTime        time.Duration
	Vars, Clauses    int
}

// Stats returns the Checker's counters.
func (c *Checker) Stats() Stats {
	st := c.c.s.Stats()
	return Stats{Claims: c.claims, SATCalls: st.Calls, SolveTime: st.SolveTime, Vars: int(c.c.next), Clauses: int(st.Clauses)}
}

// Failure is a claim the second encoding does not confirm: it found a
// package for which every condition of the claim may hold. Confirmed says
// whether the model's evaluator agrees that the package satisfies every
// condition (the claim is then false); when it does not, the second
// encoding could not decide within its tolerance (or is itself wrong).
// Either way the claim is not certified.
type Failure struct {
	Claim     string
	Package   model.Package
	Confirmed bool
}

func (f *Failure) Error() string {
	if f.Confirmed {
		return fmt.Sprintf("certificate refuted: %v satisfies %s", f.Package, f.Claim)
	}
	return fmt.Sprintf("certificate not obtained: the second encoding admits %v for %s", f.Package, f.Claim)
}

// None checks the claim that no package satisfies every condition in
// conds. It returns nil when the second encoding proves the claim, the
// context's error when it is cancelled, and a *Failure (or an error naming
// what could not be encoded) otherwise.
func (c *Checker) None(ctx context.Context, conds ...Cond) error {
	c.claims++
	lits := make([]z.Lit, 0, len(conds))
	for _, cd := range conds {
		if err := ctx.Err(); err != nil {
			return err
		}
		m, err := cd.lit(c)
		if err != nil {
			return fmt.Errorf("cert: %s: %w", cd, err)
		}
		if v, ok := c.c.value(m); ok {
			if !v {
				return nil // a condition that never holds
			}
			continue
		}
		lits = append(lits, m)
	}
	// The encoding of utilities and costs is a one-sided relaxation: a
	// package it admits that the evaluator rejects (a utility exactly at
	// a reservation's threshold, say) is blocked and the search goes on,
	// up to maxSpurious packages.
	var act z.Lit
	defer func() {
		if act != 0 {
			c.c.s.AddClause(act.Not()) // retire this claim's blocking clauses
		}
	}()
	for spurious := 0; ; spurious++ {
		r, err := c.c.s.Solve(ctx, lits...)
		if err != nil {
			return err
		}
		if r == -1 {
			return nil
		}
		pkg := make(model.Package, len(c.order))
		for _, iv := range c.order {
			pkg[iv.is.ID] = c.value(iv)
		}
		ok := true
		for _, cd := range conds {
			ok = ok && cd.holds(c, pkg)
		}
		if ok || spurious == maxSpurious {
			return &Failure{Claim: describe(conds), Package: pkg, Confirmed: ok}
		}
		if act == 0 {
			act = c.c.fresh()
			lits = append(lits, act)
		}
		block := []z.Lit{act.Not()}
		for _, iv := range c.order {
			block = append(block, c.eq(iv, iv.index(pkg[iv.is.ID])).Not())
		}
		c.c.s.AddClause(block...)
	}
}

// maxSpurious bounds the packages one claim may block because the
// relaxed encoding admits them and the evaluator does not.
const maxSpurious = 256

// describe prints a claim, shortened when long.
func describe(conds []Cond) string {
	var b strings.Builder
	b.WriteString("[")
	for i, cd := range conds {
		if i > 0 {
			b.WriteString(" && ")
		}
		b.WriteString(cd.String())
		if b.Len() > 400 {
			fmt.Fprintf(&b, " … (%d conditions)", len(conds))
			break
		}
	}
	b.WriteString("]")
	return b.String()
}

// Cond is one condition of a claim.
type Cond interface {
	// lit returns a literal that holds whenever the condition does.
	lit(c *Checker) (z.Lit, error)
	// holds evaluates the condition on a complete package with the
	// model's evaluator.
	holds(c *Checker, pkg model.Package) bool
	String() string
}

// Holds is the condition that constraint r of the space holds.
func Holds(r model.Ref) Cond { return holdsCond{r} }

type holdsCond struct{ r model.Ref }

func (h holdsCond) String() string { return h.r.String() }

func (h holdsCond) lit(c *Checker) (z.Lit, error) {
	if m, ok := c.refs[h.r]; ok {
		return m, nil
	}
	var m z.Lit
	var err error
	if h.r.Kind == model.ReservationKind {
		m, err = c.reservation(h.r.Party)
	} else {
		con, ok := c.space.Lookup(h.r)
		if !ok {
			return 0, fmt.Errorf("unknown constraint")
		}
		m, err = c.expr(con.Cond())
	}
	if err != nil {
		return 0, err
	}
	c.refs[h.r] = m
	return m, nil
}

func (h holdsCond) holds(c *Checker, pkg model.Package) bool {
	if h.r.Kind == model.ReservationKind {
		p := c.space.Party(h.r.Party)
		if p == nil || p.Reservation == nil {
			return false
		}
		ok, err := c.space.ReachesReservation(p, pkg)
		return err == nil && ok
	}
	con, ok := c.space.Lookup(h.r)
	if !ok {
		return false
	}
	b, err := c.space.Eval(con.Cond(), pkg)
	return err == nil && b
}

// reservation returns a literal implied by "the party's utility reaches its
// reservation" as model.ReachesReservation judges it: the exact utility is
// at least model.ReservationThreshold(d).
func (c *Checker) reservation(id string) (z.Lit, error) {
	pi := -1
	for i := range c.space.Parties {
		if c.space.Parties[i].ID == id {
			pi = i
		}
	}
	if pi < 0 || c.space.Parties[pi].Reservation == nil {
		return 0, fmt.Errorf("no reservation")
	}
	p := &c.space.Parties[pi]
	d := *p.Reservation
	th := model.ReservationThreshold(d)
	if len(p.Preferences) == 0 || th.Sign() <= 0 || th.Cmp(big.NewRat(1, 1)) > 0 {
		// Utility 1, or a threshold outside [0, 1]: decided exactly.
		return c.c.konst(th.Cmp(big.NewRat(1, 1)) <= 0 && (len(p.Preferences) == 0 || th.Sign() <= 0)), nil
	}
	return c.utilityAtLeast(pi, th)
}

// Expr is the condition that expression e (over the space's issues)
// holds.
func Expr(e model.Expr) Cond { return exprCond{e} }

type exprCond struct{ e model.Expr }

func (x exprCond) String() string                { return x.e.String() }
func (x exprCond) lit(c *Checker) (z.Lit, error) { return c.expr(x.e) }
func (x exprCond) holds(c *Checker, pkg model.Package) bool {
	b, err := c.space.Eval(x.e, pkg)
	return err == nil && b
}

// Is is the condition that the issue takes value v.
func Is(issue string, v model.Value) Cond { return isCond{issue, v} }

type isCond struct {
	id string
	v  model.Value
}

func (x isCond) String() string { return x.id + " = " + x.v.String() }
func (x isCond) lit(c *Checker) (z.Lit, error) {
	iv, err := c.issueOf(x.id)
	if err != nil {
		return 0, err
	}
	j := iv.index(x.v)
	if j < 0 {
		return 0, fmt.Errorf("%v is not a value of %q", x.v, x.id)
	}
	return c.eq(iv, j), nil
}
func (x isCond) holds(c *Checker, pkg model.Package) bool { return pkg[x.id] == x.v }

// IntBelow is the condition that the int issue's value is less than v;
// IntAbove that it is greater.
func IntBelow(issue string, v int64) Cond { return intCond{issue, v, false} }

// IntAbove is the condition that the int issue's value is greater than v.
func IntAbove(issue string, v int64) Cond { return intCond{issue, v, true} }

type intCond struct {
	id    string
	v     int64
	above bool
}

func (x intCond) String() string {
	if x.above {
		return fmt.Sprintf("%s > %d", x.id, x.v)
	}
	return fmt.Sprintf("%s < %d", x.id, x.v)
}

func (x intCond) lit(c *Checker) (z.Lit, error) {
	iv, err := c.issueOf(x.id)
	if err != nil {
		return 0, err
	}
	if iv.is.Kind != model.IntKind {
		return 0, fmt.Errorf("%q is not an int issue", x.id)
	}
	// The index of the first level above (or at least) v, by the order of
	// the levels: "above" is index >= j, "below" is index < j.
	j := iv.below(x.v)
	if x.above && j < iv.n && iv.level(j) == x.v {
		j++
	}
	ge := c.c.atLeast(iv.bits, big.NewInt(int64(j)))
	if x.above {
		return ge, nil
	}
	return ge.Not(), nil
}

func (x intCond) holds(c *Checker, pkg model.Package) bool {
	v, ok := pkg[x.id]
	if !ok || v.Kind() != model.IntKind {
		return false
	}
	if x.above {
		return v.Int() > x.v
	}
	return v.Int() < x.v
}

// Outside is the condition that the package differs from the partial
// package cube on some issue cube fixes.
func Outside(cube model.Package) Cond { return outsideCond{cube} }

type outsideCond struct{ cube model.Package }

func (x outsideCond) String() string { return "not " + x.cube.String() }
func (x outsideCond) lit(c *Checker) (z.Lit, error) {
	var ms []z.Lit
	for id, v := range x.cube {
		m, err := isCond{id, v}.lit(c)
		if err != nil {
			return 0, err
		}
		ms = append(ms, m)
	}
	return c.c.and(ms...).Not(), nil
}
func (x outsideCond) holds(c *Checker, pkg model.Package) bool {
	for id, v := range x.cube {
		if pkg[id] != v {
			return true
		}
	}
	return false
}

// And holds when every one of cs holds; Or when one does.
func And(cs ...Cond) Cond { return boolCond{cs, true} }

// Or holds when one of cs holds (false when cs is empty).
func Or(cs ...Cond) Cond { return boolCond{cs, false} }

type boolCond struct {
	cs  []Cond
	and bool
}

func (x boolCond) String() string {
	op, name := " || ", "or"
	if x.and {
		op, name = " && ", "and"
	}
	if len(x.cs) > 8 {
		return fmt.Sprintf("%s(%s%s … %d more)", name, x.cs[0], op, len(x.cs)-1)
	}
	parts := make([]string, len(x.cs))
	for i, cd := range x.cs {
		parts[i] = cd.String()
	}
	return "(" + strings.Join(parts, op) + ")"
}

func (x boolCond) lit(c *Checker) (z.Lit, error) {
	ms := make([]z.Lit, len(x.cs))
	for i, cd := range x.cs {
		m, err := cd.lit(c)
		if err != nil {
			return 0, err
		}
		ms[i] = m
	}
	if x.and {
		return c.c.and(ms...), nil
	}
	return c.c.or(ms...), nil
}

func (x boolCond) holds(c *Checker, pkg model.Package) bool {
	for _, cd := range x.cs {
		if cd.holds(c, pkg) != x.and {
			return !x.and
		}
	}
	return x.and
}

// Utility is the condition that the party's utility (as the format
// defines it, computed exactly) is at least at; party "" stands for the
// sum of every party's utility. The encoding rounds each utility term up
// by less than 2^-60, so a claim about a bound must leave a margin far
// above that (the solver leaves 1e-10).
func Utility(party string, at float64) Cond { return utilCond{party, at} }

type utilCond struct {
	party string
	at    float64
}

func (x utilCond) String() string {
	if x.party == "" {
		return fmt.Sprintf("sum of utilities >= %v", x.at)
	}
	return fmt.Sprintf("utility of %s >= %v", x.party, x.at)
}

func (x utilCond) lit(c *Checker) (z.Lit, error) {
	if math.IsNaN(x.at) {
		return 0, fmt.Errorf("bound is NaN")
	}
	if math.IsInf(x.at, 0) {
		return c.c.konst(x.at < 0), nil
	}
	pi := -1
	if x.party != "" {
		for i := range c.space.Parties {
			if c.space.Parties[i].ID == x.party {
				pi = i
			}
		}
		if pi < 0 {
			return 0, fmt.Errorf("unknown party %q", x.party)
		}
	}
	return c.utilityAtLeast(pi, rat(x.at))
}

func (x utilCond) holds(c *Checker, pkg model.Package) bool {
	sum := 0.0
	for i := range c.space.Parties {
		p := &c.space.Parties[i]
		if x.party != "" && p.ID != x.party {
			continue
		}
		u, err := c.space.Utility(p, pkg)
		if err != nil {
			return false
		}
		sum += u
	}
	return sum >= x.at
}

// ConcededBelow is the condition that the constraints of table the
// package breaks cost less than below in total (costs[i] is table[i]'s
// cost), up to a margin of 1e-12 of the sum of costs: a claim that no
// package meets the condition says that no concession set costs less than
// below by more than that margin. Costs are read as the shortest decimals
// of the numbers given and compared exactly when their common denominator
// keeps the sum within 62 bits; otherwise on a binary scale with 62 bits
// for the sum, each cost rounded down.
func ConcededBelow(table []model.Ref, costs []float64, below float64) Cond {
	if math.IsNaN(below) || math.IsInf(below, 0) {
		return costCond{table, costs, nil, below}
	}
	return costCond{table, costs, decimal.Rat(below), below}
}

// ConcededBelowExact is ConcededBelow with an exact bound, which may be
// beyond the float64 range (two costs of 1e308 sum to 2e308).
func ConcededBelowExact(table []model.Ref, costs []float64, below *big.Rat) Cond {
	f, _ := below.Float64()
	return costCond{table, costs, below, f}
}

type costCond struct {
	table  []model.Ref
	costs  []float64
	below  *big.Rat // nil when the float bound is not finite
	belowF float64
}

func (x costCond) String() string {
	if x.below != nil {
		return fmt.Sprintf("constraints broken among %d cost less than %s", len(x.table), x.below.FloatString(3))
	}
	return fmt.Sprintf("constraints broken among %d cost less than %v", len(x.table), x.belowF)
}

// costSum is the encoded sum of the costs of the broken constraints of a
// table, in units of 1/scale.
type costSum struct {
	num   []z.Lit
	konst *big.Int
	scale *big.Rat
	total *big.Rat // the sum of all costs
}

func (x costCond) sum(c *Checker) (*costSum, error) {
	var key strings.Builder
	for i, r := range x.table {
		fmt.Fprintf(&key, "%s/%d=%v;", r, r.Kind, x.costs[i])
	}
	if cs, ok := c.costs[key.String()]; ok {
		return cs, nil
	}
	total := new(big.Rat)
	ws := make([]*big.Rat, len(x.costs))
	den := big.NewInt(1)
	for i, w := range x.costs {
		if !(w >= 0) || math.IsInf(w, 0) {
			return nil, fmt.Errorf("cost %v", w)
		}
		ws[i] = decimal.Rat(w)
		total.Add(total, ws[i])
		// den = lcm(den, denominator)
		d := ws[i].Denom()
		g := new(big.Int).GCD(nil, nil, den, d)
		den.Mul(den, new(big.Int).Quo(d, g))
	}
	scale := new(big.Rat).SetInt(den)
	if new(big.Rat).Mul(total, scale).Cmp(new(big.Rat).SetInt(new(big.Int).Lsh(big.NewInt(1), 62))) > 0 {
		// No exact scale: 2^k with total * 2^k about 2^62.
		k := 62 - ceil(total).BitLen()
		scale = new(big.Rat).SetInt(new(big.Int).Lsh(big.NewInt(1), uint(max(k, 0))))
		if k < 0 {
			scale.SetFrac(big.NewInt(1), new(big.Int).Lsh(big.NewInt(1), uint(-k)))
		}
	}
	s := newSum()
	for i, r := range x.table {
		m, err := holdsCond{r}.lit(c)
		if err != nil {
			return nil, err
		}
		c.c.addWeighted(s, floor(new(big.Rat).Mul(ws[i], scale)), m.Not())
	}
	cs := &costSum{num: c.c.bits(s), konst: s.konst, scale: scale, total: total}
	c.costs[key.String()] = cs
	return cs, nil
}

func (x costCond) lit(c *Checker) (z.Lit, error) {
	if x.below == nil {
		return 0, fmt.Errorf("bound %v", x.belowF)
	}
	cs, err := x.sum(c)
	if err != nil {
		return 0, err
	}
	// A set cheaper than below - tol costs, in units rounded down, at
	// most ceil((below - tol) * scale) - 1.
	lim := new(big.Rat).Set(x.below)
	lim.Sub(lim, new(big.Rat).Mul(cs.total, big.NewRat(1, 1_000_000_000_000)))
	t := ceil(lim.Mul(lim, cs.scale))
	t.Sub(t, big.NewInt(1))
	t.Sub(t, cs.konst)
	// bits <= t
	return c.c.atLeast(cs.num, t.Add(t, big.NewInt(1))).Not(), nil
}

func (x costCond) holds(c *Checker, pkg model.Package) bool {
	cost := new(big.Rat) // exact: float sums of costs near 1e308 overflow
	for i, r := range x.table {
		if !(holdsCond{r}).holds(c, pkg) {
			cost.Add(cost, decimal.Rat(x.costs[i]))
		}
	}
	if x.below == nil {
		return math.IsInf(x.belowF, 1)
	}
	return cost.Cmp(x.below) < 0
}

// Index is the condition that the issue takes one of its values with an
// index from lo to hi in domain order (false before true, options in
// declared order, int levels ascending, a step's phases then never); with
// a non-nil in, only the indexes for which in is true count.
func Index(issue string, lo, hi int, in func(j int) bool) Cond { return indexCond{issue, lo, hi, in} }

type indexCond struct {
	id     string
	lo, hi int
	in     func(int) bool
}

func (x indexCond) String() string {
	if x.in != nil {
		return fmt.Sprintf("%s among values %d..%d (some)", x.id, x.lo, x.hi)
	}
	return fmt.Sprintf("%s among values %d..%d", x.id, x.lo, x.hi)
}

func (x indexCond) lit(c *Checker) (z.Lit, error) {
	iv, err := c.issueOf(x.id)
	if err != nil {
		return 0, err
	}
	lo, hi := max(x.lo, 0), min(x.hi, iv.n-1)
	if lo > hi {
		return c.c.konst(false), nil
	}
	if iv.is.Kind == model.BoolKind {
		var ms []z.Lit
		for j := lo; j <= hi; j++ {
			if x.in == nil || x.in(j) {
				ms = append(ms, c.eq(iv, j))
			}
		}
		return c.c.or(ms...), nil
	}
	if x.in != nil {
		// Runs of consecutive indexes in the set, each a range of the
		// binary index (two comparators) or one value: the size grows with
		// the runs, not with the values (all but one of 100,000 options is
		// two ranges).
		var ms []z.Lit
		for j := lo; j <= hi; j++ {
			if !x.in(j) {
				continue
			}
			k := j
			for k+1 <= hi && x.in(k+1) {
				k++
			}
			if k == j {
				ms = append(ms, c.eq(iv, j))
			} else {
				ms = append(ms, c.c.and(c.c.atLeast(iv.bits, big.NewInt(int64(j))),
					c.c.atLeast(iv.bits, big.NewInt(int64(k)+1)).Not()))
			}
			j = k
		}
		return c.c.or(ms...), nil
	}
	return c.c.and(c.c.atLeast(iv.bits, big.NewInt(int64(lo))),
		c.c.atLeast(iv.bits, big.NewInt(int64(hi)+1)).Not()), nil
}

func (x indexCond) holds(c *Checker, pkg model.Package) bool {
	iv, err := c.issueOf(x.id)
	if err != nil {
		return false
	}
	v, ok := pkg[x.id]
	if !ok {
		return false
	}
	j := iv.index(v)
	return j >= x.lo && j <= x.hi && (x.in == nil || x.in(j))
}

// Not is the negation of an exact condition: Holds of a rule, red line or
// precondition, Expr, Is, IntBelow, IntAbove, Index, Outside, Broken of
// those, and And, Or and Not of exact conditions. The negation of a
// utility or cost bound, or of a reservation, is an error when encoded
// (their encodings are one-sided); use Broken for a reservation.
func Not(c Cond) Cond { return notCond{c} }

type notCond struct{ c Cond }

func (x notCond) String() string { return "not (" + x.c.String() + ")" }

func (x notCond) lit(c *Checker) (z.Lit, error) {
	if !exact(x.c) {
		return 0, fmt.Errorf("negation of a one-sided condition")
	}
	m, err := x.c.lit(c)
	return m.Not(), err
}

func (x notCond) holds(c *Checker, pkg model.Package) bool { return !x.c.holds(c, pkg) }

// exact reports whether c's literal is equivalent to it (not merely
// implied by it).
func exact(c Cond) bool {
	switch c := c.(type) {
	case holdsCond:
		return c.r.Kind != model.ReservationKind
	case boolCond:
		for _, x := range c.cs {
			if !exact(x) {
				return false
			}
		}
		return true
	case notCond:
		return exact(c.c)
	case brokenCond:
		return c.r.Kind != model.ReservationKind
	case utilCond, costCond, *regionsCond:
		return false
	}
	return true
}

// Broken is the condition that constraint r does not hold (for a
// reservation: the party's utility falls short of it as
// model.ReachesReservation judges, encoded one-sidedly like Holds).
func Broken(r model.Ref) Cond { return brokenCond{r} }

type brokenCond struct{ r model.Ref }

func (x brokenCond) String() string { return "broken " + x.r.String() }

func (x brokenCond) lit(c *Checker) (z.Lit, error) {
	if x.r.Kind != model.ReservationKind {
		m, err := holdsCond(x).lit(c)
		return m.Not(), err
	}
	pi := -1
	for i := range c.space.Parties {
		if c.space.Parties[i].ID == x.r.Party {
			pi = i
		}
	}
	if pi < 0 || c.space.Parties[pi].Reservation == nil {
		return 0, fmt.Errorf("no reservation")
	}
	p := &c.space.Parties[pi]
	d := *p.Reservation
	th := model.ReservationThreshold(d)
	if len(p.Preferences) == 0 || th.Sign() <= 0 || th.Cmp(big.NewRat(1, 1)) > 0 {
		// Utility 1, or a threshold outside [0, 1]: decided exactly.
		return c.c.konst(!(th.Cmp(big.NewRat(1, 1)) <= 0 && (len(p.Preferences) == 0 || th.Sign() <= 0))), nil
	}
	return c.utilityBelow(pi, th)
}

func (x brokenCond) holds(c *Checker, pkg model.Package) bool { return !holdsCond(x).holds(c, pkg) }
