package solver

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/big"
	"sync"
	"time"

	"github.com/irifrance/gini/logic"
	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver/internal/cert"
	"github.com/zopa-go/zopa/solver/internal/sat"
)

// ErrOverflow is returned (wrapped) when a constraint's integer arithmetic
// does not fit in 64 bits after normalisation.
var ErrOverflow = errors.New("integer overflow")

// Problem is a space compiled once into a SAT instance. Every query
// switches constraints on and off with assumptions on per-constraint
// selector literals; nothing is recompiled.
//
// A Problem, and its WhatIf variants, are safe for concurrent use: queries
// on one Problem take turns on its one SAT instance (a mutex, not copies of
// the instance, so memory does not grow with the number of goroutines;
// compile one Problem per goroutine for parallel speed). An iterator
// (Packages, Findings, Frontier) holds the turn while it computes and
// releases it while the caller's loop body runs, so the body may query the
// same Problem. A query that is cancelled or fails leaves nothing behind
// that changes later answers.
type Problem struct {
	mu     sync.Mutex // serialises queries (see concurrent.go)
	space  *model.Space
	c      *logic.C
	s      *sat.Solver
	mark   []int8
	issues []issueVars

	// Every constraint, rules first, then negotiable ones in document order.
	refs  []model.Ref
	sel   []z.Lit // selector literal of refs[i]
	cond  []z.Lit // literal that holds when refs[i] is satisfied
	exprs []model.Expr
	byRef map[model.Ref]int

	issueIdx map[string]int

	// touches[i] lists the constraint indexes whose truth depends on issue i.
	touches [][]int

	compileTime time.Duration

	util   *utilities           // utility encoding, built on first use
	temps  map[string]*tempRule // what-if constraints by canonical text
	before map[[2]int]z.Lit     // before(a, b) by the issue indexes of a and b

	// The independent parts of the space, and of the last what-if space
	// asked about, computed on first use (see parts.go).
	parts, whatifParts *partition
	// The part the utilities depend on (see scoredSub), once computed.
	scored *scoredCache
	// The frontier by the cube plan (see cubes.go), once computed.
	cubeFront *cubeResult

	// enumerated is the whole space's frontier found by enumeration, kept
	// for every query that reads it (see enumeratedFrontier).
	enumerated []FrontierPoint
	// scan is the agreeable count and ZOPA found with it when the only
	// constraints are reservations (see scanner).
	scan *scanResult

	bexprs []*bexpr // exprs compiled for boxEval, built on first use
	// resIssues[ci] lists the issues a reservation ci depends on.
	resIssues map[int][]int

	settings    *Settings // as given to Compile (parts are compiled with them too)
	maxSize     int64     // size budget, <= 0 for none
	part        sizePart  // what is being compiled, for SizeError
	orderLimit  int       // widest min/max/step domain with the order encoding
	forceBinary bool      // compile every linear comparison of two or more terms in binary (tests)

	skipCert bool          // Settings.SkipCertification
	ck       *cert.Checker // the second encoding, built on first use
	proven   [][]int       // constraint sets proven to admit no package together (see certifyNone)
}

// Settings configure Compile. A nil *Settings and the zero value mean the
// documented defaults of every field, in the style of gonum's
// optimize.Settings.
type Settings struct {
	// MaxSize is the size budget: the most size units (variables plus
	// clauses of the SAT instance, see DefaultMaxSize) the compiled space
	// may take, including what queries build later (bounds on utilities,
	// what-if constraints). Each issue and constraint, and each encoding
	// inside them, is estimated before it is built; one that would exceed
	// the budget makes Compile (or the query) return a *SizeError naming
	// it. 0 means DefaultMaxSize; a negative value means no limit.
	MaxSize int64
	// SkipCertification switches off the independent re-check of every
	// claim that no package exists (infeasibility, conflicts, concession
	// sets' minimality, lower bounds, values left out of the ZOPA,
	// proposal violations, optimality): by default each such claim is
	// proven a second time on an encoding written independently of the
	// compiled one (package solver/internal/cert), and a disagreement is an
	// *InternalError. Packages are re-evaluated by the model's evaluator
	// either way.
	SkipCertification bool
	// orderLimit, when positive, replaces defaultOrderLimit (tests).
	orderLimit int
	// forceBinary compiles every linear comparison of two or more terms
	// with binary arithmetic (tests).
	forceBinary bool
}

// Compile validates s and compiles it into a Problem. It checks ctx between
// issues and constraints and inside every loop that can be long, and
// returns ctx.Err() (wrapped) when it is cancelled. o may be nil for the
// defaults. The space must not be modified afterwards.
func Compile(ctx context.Context, s *model.Space, o *Settings) (*Problem, error) {
	start := time.Now()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("solver: compile: %w", err)
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("solver: %w", err)
	}
	p, err := compileValid(ctx, s, o)
	if err != nil {
		return nil, err
	}
	p.compileTime = time.Since(start) // validation included
	return p, nil
}

// compileValid is Compile for a space known to be valid (a part of a
// validated space, see restrict).
func compileValid(ctx context.Context, s *model.Space, o *Settings) (p *Problem, err error) {
	start := time.Now()
	p = &Problem{space: s, c: logic.NewCCap(circuitCap(s)), s: sat.New(), byRef: map[model.Ref]int{},
		orderLimit: defaultOrderLimit, maxSize: DefaultMaxSize, settings: o}
	if o != nil {
		p.orderLimit, p.forceBinary = cmp.Or(o.orderLimit, defaultOrderLimit), o.forceBinary
		p.skipCert = o.SkipCertification
		p.maxSize = cmp.Or(o.MaxSize, DefaultMaxSize)
	}
	defer recoverSize(&err)
	p.issues = make([]issueVars, len(s.Issues))
	p.issueIdx = make(map[string]int, len(s.Issues))
	for i := range s.Issues {
		p.issueIdx[s.Issues[i].ID] = i
	}
	for i := range s.Issues {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("solver: compile: %w", err)
			}
		}
		p.part = sizePart{fmt.Sprintf("issues[%d]", i), "issue " + s.Issues[i].ID}
		p.compileIssue(i)
	}
	add := func(path string, r model.Ref, e model.Expr) error {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("solver: compile: %w", err)
		}
		p.part = sizePart{path, refName(r)}
		return p.addConstraint(r, e)
	}
	for i := range s.Rules {
		r := &s.Rules[i]
		if err := add(fmt.Sprintf("rules[%d]", i), model.Ref{Constraint: r.ID, Kind: model.RuleKind}, r.Require); err != nil {
			return nil, err
		}
	}
	for pi := range s.Parties {
		party := &s.Parties[pi]
		for i := range party.RedLines {
			c := &party.RedLines[i]
			if err := add(fmt.Sprintf("parties[%d].red_lines[%d]", pi, i), model.Ref{Party: party.ID, Constraint: c.ID, Kind: model.RedLineKind}, c.Cond()); err != nil {
				return nil, err
			}
		}
		for i := range party.Preconditions {
			c := &party.Preconditions[i]
			if err := add(fmt.Sprintf("parties[%d].preconditions[%d]", pi, i), model.Ref{Party: party.ID, Constraint: c.ID, Kind: model.PreconditionKind}, c.Cond()); err != nil {
				return nil, err
			}
		}
		if party.Reservation != nil {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("solver: compile: %w", err)
			}
			p.part = sizePart{fmt.Sprintf("parties[%d].reservation", pi), "the reservation of " + party.ID}
			p.addReservation(pi)
		}
	}
	p.part = sizePart{}
	p.indexTouches()
	p.compileTime = time.Since(start)
	return p, nil
}

// refName names a constraint in words: "rule r1", "red line russia.no_nato".
func refName(r model.Ref) string {
	switch r.Kind {
	case model.RuleKind:
		return "rule " + r.Constraint
	case model.RedLineKind:
		return "red line " + r.String()
	case model.PreconditionKind:
		return "precondition " + r.String()
	}
	return r.String()
}

// circuitCap returns the initial capacity of the circuit: an odd number
// comfortably above the gates the space needs. logic.C hashes a gate (a, b)
// to (a<<13)*b modulo its capacity, a number whose low 13 bits are zero:
// with a power-of-two capacity (the default, doubling from 1024) every gate
// falls into one of capacity/8192 buckets and structural hashing turns
// quadratic (it dominated compile time at 10,000 issues). An odd capacity
// is coprime with 2^13 and spreads the gates over every bucket; each
// doubling afterwards halves the buckets used, so start large.
func circuitCap(s *model.Space) int {
	n := len(s.Issues) + len(s.Rules)
	for i := range s.Parties {
		n += len(s.Parties[i].RedLines) + len(s.Parties[i].Preconditions) + len(s.Parties[i].Preferences)
	}
	return 16*n + 1025
}

// fresh returns a new variable.
func (p *Problem) fresh() z.Lit { return p.c.Lit() }

// flush writes the circuit cone of roots to the SAT solver.
func (p *Problem) flush(roots ...z.Lit) {
	p.mark, _ = p.c.CnfSince(p.s, p.mark, roots...)
}

func (p *Problem) compileIssue(i int) {
	is := &p.space.Issues[i]
	p.charge(p.issueUnits(is))
	iv := &p.issues[i]
	iv.is = is
	switch is.Kind {
	case model.BoolKind:
		iv.lit = p.fresh()
	case model.ChoiceKind:
		p.compileChoice(iv)
	case model.IntKind, model.StepKind:
		p.compileInt(iv)
	}
}

// exactlyOne adds at-least-one plus a pairwise (small) or sequential
// counter (large) at-most-one.
func (p *Problem) exactlyOne(ms []z.Lit) {
	if !mutated("exactly-one-alo") {
		p.s.AddClause(ms...)
	}
	if mutated("exactly-one-amo") {
		return
	}
	if len(ms) <= 6 {
		for a := range ms {
			for b := a + 1; b < len(ms); b++ {
				p.s.AddClause(ms[a].Not(), ms[b].Not())
			}
		}
		return
	}
	// Sinz's sequential counter: s[i] holds when some of ms[0..i] holds.
	prev := ms[0]
	for i := 1; i < len(ms); i++ {
		p.s.AddClause(prev.Not(), ms[i].Not())
		if i == len(ms)-1 {
			break
		}
		s := p.fresh()
		p.s.AddClause(prev.Not(), s)
		p.s.AddClause(ms[i].Not(), s)
		prev = s
	}
}

func (p *Problem) addConstraint(r model.Ref, e model.Expr) error {
	m, err := p.expr(e)
	if err != nil {
		return fmt.Errorf("solver: %s: %w", r, err)
	}
	p.addSelected(r, m, e)
	return nil
}

// addSelected gives constraint r the selector s with s -> m.
func (p *Problem) addSelected(r model.Ref, m z.Lit, e model.Expr) {
	s := p.fresh()
	p.flush(m)
	if !mutated("selector") {
		p.s.AddClause(s.Not(), m)
	}
	p.byRef[r] = len(p.refs)
	p.refs = append(p.refs, r)
	p.sel = append(p.sel, s)
	p.cond = append(p.cond, m)
	p.exprs = append(p.exprs, e)
}

// expr compiles a validated expression to a circuit literal.
func (p *Problem) expr(e model.Expr) (z.Lit, error) {
	c := p.c
	switch e := e.(type) {
	case *model.ConstExpr:
		if e.Value {
			return c.T, nil
		}
		return c.F, nil
	case *model.VarExpr:
		iv := p.issueOf(e.Issue)
		if iv.is.Kind == model.StepKind {
			return p.taken(iv), nil
		}
		return iv.lit, nil
	case *model.OrderExpr:
		return p.order(e)
	case *model.NotExpr:
		m, err := p.expr(e.X)
		return m.Not(), err
	case *model.AndExpr, *model.OrExpr:
		var xs []model.Expr
		and := false
		if a, ok := e.(*model.AndExpr); ok {
			xs, and = a.X, true
		} else {
			xs = e.(*model.OrExpr).X
		}
		ms := make([]z.Lit, len(xs))
		for i, x := range xs {
			m, err := p.expr(x)
			if err != nil {
				return 0, err
			}
			ms[i] = m
		}
		if and {
			return c.Ands(ms...), nil
		}
		return c.Ors(ms...), nil
	case *model.ImpliesExpr:
		a, err := p.expr(e.If)
		if err != nil {
			return 0, err
		}
		b, err := p.expr(e.Then)
		if mutated("implies") {
			a, b = b, a
		}
		return c.Implies(a, b), err
	case *model.IffExpr:
		a, err := p.expr(e.X)
		if err != nil {
			return 0, err
		}
		b, err := p.expr(e.Y)
		if mutated("iff") {
			return c.Xor(a, b), err
		}
		return c.Xor(a, b).Not(), err
	case *model.IsExpr:
		iv := p.issueOf(e.Issue)
		m := p.indexLit(iv, iv.optIndex(e.Option))
		if e.Negated && !mutated("negated") {
			m = m.Not()
		}
		return m, nil
	case *model.InExpr:
		iv := p.issueOf(e.Issue)
		var ms []z.Lit
		for _, o := range e.Options {
			ms = append(ms, p.indexLit(iv, iv.optIndex(o)))
		}
		if mutated("in") && len(ms) > 1 {
			ms = ms[:len(ms)-1]
		}
		return arith{c}.ors(ms), nil
	case *model.CardExpr:
		ms := make([]z.Lit, len(e.X))
		for i, x := range e.X {
			m, err := p.expr(x)
			if err != nil {
				return 0, err
			}
			ms[i] = m
		}
		return p.card(e.Op, e.K, ms), nil
	case *model.CmpExpr:
		return p.compare(e)
	}
	return 0, fmt.Errorf("unknown expression type %T", e)
}

// order compiles before(a, b) and together(a, b) on the order literals of
// the two steps: together(a, b) holds when both are taken and neither
// comes before the other.
func (p *Problem) order(e *model.OrderExpr) (z.Lit, error) {
	a, b := p.issueIdx[e.A], p.issueIdx[e.B]
	ab, err := p.beforeLit(a, b)
	if err != nil || e.Op == model.BeforeOp {
		return ab, err
	}
	ba, err := p.beforeLit(b, a)
	return p.c.Ands(p.taken(&p.issues[a]), p.taken(&p.issues[b]), ab.Not(), ba.Not()), err
}

// beforeLit returns a literal equivalent to before(a, b) for the step
// issues of indexes a and b, built once per pair with one variable m and
// 2K clauses over the order literals (ge[j]: phase >= j+1, ge[K]: never):
//
//	m -> b taken                      m or b never or (b >= j+1 -> a >= j+1)
//	m -> (a >= t -> b >= t+1)         for every j in 1..K-1
//	for every t in 1..K
//
// The left column says b is taken and a < b; the right one that otherwise
// (b taken and not a < b, so a >= b) m is false.
func (p *Problem) beforeLit(a, b int) (z.Lit, error) {
	if m, ok := p.before[[2]int{a, b}]; ok {
		return m, nil
	}
	if a == b {
		return p.c.F, nil
	}
	ga, gb := p.issues[a].ge, p.issues[b].ge
	if ga == nil || gb == nil { // many phases: the binary encoding
		return p.beforeBinary(a, b)
	}
	k := len(ga) - 1
	m := p.fresh()
	if !mutated("before") {
		p.s.AddClause(m.Not(), gb[k].Not())
	}
	for t := 1; t <= k; t++ {
		if t == 1 { // ga[0] is true
			p.s.AddClause(m.Not(), gb[1])
			continue
		}
		p.s.AddClause(m.Not(), ga[t-1].Not(), gb[t])
	}
	for j := 1; j < k; j++ {
		p.s.AddClause(m, gb[k], gb[j].Not(), ga[j])
	}
	if p.before == nil {
		p.before = map[[2]int]z.Lit{}
	}
	p.before[[2]int{a, b}] = m
	return m, nil
}

// beforeBinary is beforeLit for steps with the binary encoding (more
// phases than the order encoding takes): b is taken and phase(a) < phase(b),
// compiled as a linear comparison; built once per ordered pair.
func (p *Problem) beforeBinary(a, b int) (z.Lit, error) {
	ia, ib := p.issues[a].is.ID, p.issues[b].is.ID
	lt, err := p.compare(&model.CmpExpr{Op: model.LtOp, L: model.Phase(ia), R: model.Phase(ib)})
	if err != nil {
		return 0, fmt.Errorf("before(%s, %s): %w", ia, ib, err)
	}
	m := p.c.And(p.taken(&p.issues[b]), lt)
	if p.before == nil {
		p.before = map[[2]int]z.Lit{}
	}
	p.before[[2]int{a, b}] = m
	return m, nil
}

func (p *Problem) issueOf(id string) *issueVars {
	i, ok := p.issueIdx[id]
	if !ok {
		panic("solver: unvalidated expression names unknown issue " + id) // Compile validates first
	}
	return &p.issues[i]
}

func (p *Problem) card(op model.CardOp, k int, ms []z.Lit) z.Lit {
	c := p.c
	n := len(ms)
	switch { // before the shortcuts, so that every encoding breaks alike
	case op == model.AtMostOp && mutated("card-atmost") && k > 0:
		k--
	case op == model.AtLeastOp && mutated("card-atleast"):
		k++
	}
	if op == model.AtMostOp && k >= n || op == model.AtLeastOp && k <= 0 {
		return c.T
	}
	if k > n && op != model.AtMostOp {
		return c.F
	}
	sorted, binary := cardUnits(n)
	if binary < sorted/bddFactor && sorted > bddMinUnits || p.forceBinary {
		// A sorting network would be large: count in binary.
		p.charge(binary)
		a := arith{c}
		xs := make([]bin, n)
		for i, m := range ms {
			xs[i] = bin{bits: []z.Lit{m}, max: big.NewInt(1)}
		}
		sum := a.sum(xs)
		kk := big.NewInt(int64(k))
		switch op {
		case model.AtMostOp:
			return a.leConst(sum, kk)
		case model.AtLeastOp:
			return a.geConst(sum, kk)
		}
		return c.And(a.leConst(sum, kk), a.geConst(sum, kk))
	}
	p.charge(sorted)
	atMost := func(k int) z.Lit {
		if k >= n {
			return c.T
		}
		return c.CardSort(ms).Leq(k)
	}
	atLeast := func(k int) z.Lit {
		if k <= 0 {
			return c.T
		}
		if k > n {
			return c.F
		}
		return c.CardSort(ms).Geq(k)
	}
	switch op {
	case model.AtMostOp:
		return atMost(k)
	case model.AtLeastOp:
		return atLeast(k)
	}
	return c.And(atMost(k), atLeast(k))
}
