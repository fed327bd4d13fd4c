package scenarios

import (
	"fmt"
	"math/rand/v2"

	"github.com/zopa-go/zopa/model"
)

// GenOptions describe a random space. Zero counts mean none; zero limits
// mean the documented defaults.
type GenOptions struct {
	Issues, Parties                         int
	RedLinesPerParty, PreconditionsPerParty int
	Rules, PreferencesPerParty, Proposals   int
	// MaxChoice is the most options of a choice issue (default 4).
	MaxChoice int
	// MaxIntLevels is the most levels of an int issue (default 4).
	MaxIntLevels int
	// Depth is the deepest expression nesting (default 2).
	Depth int
	// Reservations gives every party a reservation.
	Reservations bool
	// Contested, when positive, makes every preference concern one of the
	// first Contested issues, so that parties pull on the same issues and
	// Pareto frontiers are large (by default preferences spread over all
	// issues, and in large spaces parties rarely meet).
	Contested int
	// Steps adds that many step issues to the Issues others, at random
	// positions among them (ids stay i0, i1, … in order), with
	// expressions over them (taken, before, together, phase arithmetic)
	// and points preferences over their phases.
	Steps int
	// Phases, when positive, declares that many phases (at most
	// model.MaxPhases); otherwise K is the number of step issues. Planted
	// conflicts (GenerateInfeasible) include order deadlocks over fresh
	// steps only when Phases is at least 2.
	Phases int
	// Feasible makes every rule, red line and precondition hold on one
	// hidden random package (a generated expression it breaks is retried,
	// and after 20 tries negated) and lowers each reservation to at most
	// that package's utility, so the space is feasible. Counts are kept.
	Feasible bool
	Seed     int64
}

type gen struct {
	o      GenOptions
	r      *rand.Rand
	s      *model.Space
	target model.Package
	// planted counts the planted constraints of each party.
	planted map[int]int
}

// Generate returns a random valid space. The same options give the same
// space. Every issue kind and every expression form occurs; each constraint
// mentions a few issues close to each other (1–4), so large spaces stay
// sparse. Issues are i0, i1, …; parties p0, …; rules r0, …; a party's red
// lines and preconditions c0, …; proposals q0, …. Generation takes time
// linear in the size of the result.
func Generate(o GenOptions) *model.Space {
	g := newGen(o)
	g.background()
	g.proposals()
	g.validate()
	return g.s
}

// GenerateInfeasible returns a space made of a feasible background
// (Generate with Feasible set) and conflicts planted conflicts. Each planted
// conflict is a small set of red lines and preconditions (2 or 3, of random
// parties) that cannot hold together, over fresh issues of its own appended
// after the o.Issues background issues, which nothing else mentions. So the
// minimal conflicts of the space are exactly the planted ones, they are
// disjoint, and conceding any one member of each restores feasibility.
// Planted constraints have the Note "conflict j" (j = 0, 1, …). With
// conflicts > 0 and o.Parties == 0 the space gets one party.
func GenerateInfeasible(o GenOptions, conflicts int) *model.Space {
	o.Feasible = true
	if conflicts > 0 && o.Parties < 1 {
		o.Parties = 1
	}
	g := newGen(o)
	g.background()
	for j := 0; j < conflicts; j++ {
		g.plant(j)
	}
	g.proposals()
	g.validate()
	return g.s
}

func newGen(o GenOptions) *gen {
	if o.MaxChoice < 2 {
		o.MaxChoice = 4
	}
	if o.MaxIntLevels < 1 {
		o.MaxIntLevels = 4
	}
	if o.Depth < 1 {
		o.Depth = 2
	}
	o.Phases = min(o.Phases, model.MaxPhases)
	return &gen{planted: map[int]int{}, o: o, r: rand.New(rand.NewPCG(uint64(o.Seed), 0x5eed)),
		s: &model.Space{Name: fmt.Sprintf("gen%d", o.Seed), Phases: o.Phases}}
}

func (g *gen) validate() {
	if err := g.s.Validate(); err != nil {
		panic("scenarios: generator produced an invalid space: " + err.Error()) // a bug in the generator, not input
	}
}

// background adds the issues, the hidden target, the rules and the parties.
func (g *gen) background() {
	o := g.o
	g.issues()
	g.target = model.Package{}
	for _, is := range g.s.Issues {
		d := is.Domain()
		g.target[is.ID] = d[g.r.IntN(len(d))]
	}
	for i := 0; i < o.Rules; i++ {
		if e := g.constraint(); e != nil {
			g.s.Rules = append(g.s.Rules, model.Constraint{ID: fmt.Sprintf("r%d", i), Require: e})
		}
	}
	for pi := 0; pi < o.Parties; pi++ {
		p := model.Party{ID: fmt.Sprintf("p%d", pi)}
		for i := 0; i < o.RedLinesPerParty; i++ {
			if e := g.constraint(); e != nil {
				p.RedLines = append(p.RedLines, model.Constraint{ID: fmt.Sprintf("c%d", i), Require: e, Cost: g.cost()})
			}
		}
		for i := 0; i < o.PreconditionsPerParty; i++ {
			a, b := g.pair()
			if a != nil {
				p.Preconditions = append(p.Preconditions, model.Constraint{ID: fmt.Sprintf("c%d", o.RedLinesPerParty+i), If: a, Then: b, Cost: g.cost()})
			}
		}
		for i := 0; i < o.PreferencesPerParty; i++ {
			p.Preferences = append(p.Preferences, g.preference())
		}
		if o.Reservations {
			r := []float64{0, 0.25, 0.5, 0.75}[g.r.IntN(4)]
			if o.Feasible {
				u, _ := g.s.Utility(&p, g.target)
				for r > u {
					r -= 0.25
				}
				r = max(r, 0)
			}
			p.Reservation = &r
		}
		g.s.Parties = append(g.s.Parties, p)
	}
}

// proposals adds partial and complete packages by random parties.
func (g *gen) proposals() {
	o := g.o
	for i := 0; i < o.Proposals && len(g.s.Parties) > 0; i++ {
		pkg := model.Package{}
		for _, is := range g.s.Issues {
			if i%2 == 0 || g.r.IntN(2) == 0 {
				d := is.Domain()
				pkg[is.ID] = d[g.r.IntN(len(d))]
			}
		}
		g.s.Proposals = append(g.s.Proposals, model.Proposal{ID: fmt.Sprintf("q%d", i), By: fmt.Sprintf("p%d", g.r.IntN(len(g.s.Parties))), Package: pkg})
	}
}

// fresh appends a new issue of the given kind that nothing mentions yet.
func (g *gen) fresh(k model.Kind) *model.Issue {
	is := model.Issue{ID: fmt.Sprintf("i%d", len(g.s.Issues)), Kind: k}
	switch k {
	case model.ChoiceKind:
		n := 2 + g.r.IntN(g.o.MaxChoice-1)
		for j := 0; j < n; j++ {
			is.Options = append(is.Options, fmt.Sprintf("o%d", j))
		}
	case model.IntKind:
		n := 2 + g.r.IntN(max(g.o.MaxIntLevels-1, 1)) // a conflict needs two levels
		if g.r.IntN(2) == 0 {
			for v := int64(g.r.IntN(10) - 5); len(is.Values) < n; v += int64(1 + g.r.IntN(4)) {
				is.Values = append(is.Values, v)
			}
			g.r.Shuffle(len(is.Values), func(a, b int) { is.Values[a], is.Values[b] = is.Values[b], is.Values[a] })
		} else {
			is.Min = int64(g.r.IntN(10) - 5)
			is.Step = int64(1 + g.r.IntN(3))
			is.Max = is.Min + is.Step*int64(n-1)
		}
	}
	g.s.Issues = append(g.s.Issues, is)
	return &g.s.Issues[len(g.s.Issues)-1]
}

// plant adds conflict j over fresh issues: a set of two or three red lines
// and preconditions of random parties that cannot all hold, while every
// proper subset can.
func (g *gen) plant(j int) {
	perm := g.r.Perm(len(g.s.Parties))
	note := fmt.Sprintf("conflict %d", j)
	add := func(k int, c model.Constraint) {
		pi := perm[k%len(perm)]
		p := &g.s.Parties[pi]
		// Background ids are c0 … c(RedLinesPerParty+PreconditionsPerParty-1).
		c.ID = fmt.Sprintf("c%d", g.o.RedLinesPerParty+g.o.PreconditionsPerParty+g.planted[pi])
		g.planted[pi]++
		c.Cost, c.Note = g.cost(), note
		if c.Require != nil {
			p.RedLines = append(p.RedLines, c)
		} else {
			p.Preconditions = append(p.Preconditions, c)
		}
	}
	kinds := 4
	if g.o.Phases >= 2 {
		kinds = 6
	}
	switch g.r.IntN(kinds) {
	case 4: // an order cycle: before(a, b), before(b, a) (and before(c, a) via b when K >= 3)
		a, b := g.freshStep(), g.freshStep()
		if g.o.Phases >= 3 && g.r.IntN(2) == 0 {
			c := g.freshStep()
			add(0, model.Constraint{Require: model.Before(a, b)})
			add(1, model.Constraint{Require: model.Before(b, c)})
			add(2, model.Constraint{If: model.Var(a), Then: model.Before(c, a)})
			break
		}
		add(0, model.Constraint{Require: model.Before(a, b)})
		add(1, model.Constraint{If: model.Var(b), Then: model.Before(b, a)})
	case 5: // together(a, b) versus phase(a) < phase(b) - d, or a step ruled out
		a, b := g.freshStep(), g.freshStep()
		add(0, model.Constraint{Require: model.Together(a, b)})
		if g.r.IntN(2) == 0 {
			add(1, model.Constraint{Require: model.Compare(model.Phase(a), model.LtOp, model.Phase(b))})
		} else {
			add(1, model.Constraint{If: model.Var(b), Then: model.Not(model.Var(a))})
		}
	case 0: // x versus !x
		x := g.fresh(model.BoolKind).ID
		add(0, model.Constraint{Require: model.Var(x)})
		add(1, model.Constraint{Require: model.Not(model.Var(x))})
	case 1: // x; x -> y == o; y != o (or y in the other options)
		x := g.fresh(model.BoolKind).ID
		y := g.fresh(model.ChoiceKind)
		o := y.Options[g.r.IntN(len(y.Options))]
		add(0, model.Constraint{Require: model.Var(x)})
		add(1, model.Constraint{If: model.Var(x), Then: model.Is(y.ID, o)})
		if g.r.IntN(2) == 0 {
			add(2, model.Constraint{Require: model.IsNot(y.ID, o)})
		} else {
			var rest []string
			for _, x := range y.Options {
				if x != o {
					rest = append(rest, x)
				}
			}
			add(2, model.Constraint{Require: model.In(y.ID, rest...)})
		}
	case 2: // z >= v versus c*z + d < c*v + d, for a level v above the least
		z := g.fresh(model.IntKind)
		l := z.Levels()
		v := l[1+g.r.IntN(len(l)-1)]
		c, d := int64(1+g.r.IntN(3)), int64(g.r.IntN(11)-5)
		add(0, model.Constraint{Require: model.Compare(model.Num(z.ID), model.GeOp, model.Const(v))})
		lhs := model.Linear{Terms: []model.Term{{Coef: c, Issue: z.ID}}, Const: d}
		if g.r.IntN(2) == 0 { // the same, turned around: c*v + d > c*z + d
			add(1, model.Constraint{Require: model.Compare(model.Const(c*v+d), model.GtOp, lhs)})
		} else {
			add(1, model.Constraint{Require: model.Compare(lhs, model.LtOp, model.Const(c*v+d))})
		}
	default: // exactly one of x, y versus iff(x, y)
		x, y := g.fresh(model.BoolKind).ID, g.fresh(model.BoolKind).ID
		add(0, model.Constraint{Require: model.Exactly(1, model.Var(x), model.Var(y))})
		add(1, model.Constraint{Require: model.Iff(model.Var(x), model.Var(y))})
	}
}

// otherStep returns a random step issue other than issue i, or i when it
// is the only one.
func (g *gen) otherStep(i int) int {
	var steps []int
	for j := range g.s.Issues {
		if j != i && g.s.Issues[j].Kind == model.StepKind {
			steps = append(steps, j)
		}
	}
	if len(steps) == 0 {
		return i
	}
	return steps[g.r.IntN(len(steps))]
}

// freshStep appends a new step issue that nothing mentions yet.
func (g *gen) freshStep() string {
	g.s.Issues = append(g.s.Issues, model.Issue{ID: fmt.Sprintf("i%d", len(g.s.Issues)), Kind: model.StepKind, Phases: g.phases()})
	return g.s.Issues[len(g.s.Issues)-1].ID
}

// phases is K of the generated space (planted steps only come with
// declared phases, so K never changes during generation).
func (g *gen) phases() int {
	if g.o.Phases > 0 {
		return g.o.Phases
	}
	return g.o.Steps
}

func (g *gen) cost() float64 { return []float64{0, 1, 2, 3}[g.r.IntN(4)] }

func (g *gen) issues() {
	var step []bool // position -> step issue
	if g.o.Steps > 0 {
		step = make([]bool, g.o.Issues+g.o.Steps)
		for _, j := range g.r.Perm(len(step))[:g.o.Steps] {
			step[j] = true
		}
	}
	i := 0 // index among the non-step issues: their kinds cycle as without steps
	for pos := 0; pos < g.o.Issues+max(g.o.Steps, 0); pos++ {
		if step != nil && step[pos] {
			g.s.Issues = append(g.s.Issues, model.Issue{ID: fmt.Sprintf("i%d", pos), Kind: model.StepKind, Phases: g.phases()})
			continue
		}
		g.issue(pos, i)
		i++
	}
}

// issue appends issue pos, the i-th issue that is not a step.
func (g *gen) issue(pos, i int) {
	is := model.Issue{ID: fmt.Sprintf("i%d", pos)}
	switch i % 3 {
	case 0:
		is.Kind = model.BoolKind
	case 1:
		is.Kind = model.ChoiceKind
		n := 2 + g.r.IntN(g.o.MaxChoice-1)
		for j := 0; j < n; j++ {
			is.Options = append(is.Options, fmt.Sprintf("o%d", j))
		}
	case 2:
		is.Kind = model.IntKind
		n := 1 + g.r.IntN(g.o.MaxIntLevels)
		if g.r.IntN(2) == 0 && n <= 26 { // explicit values from -5..20
			seen := map[int64]bool{}
			for len(is.Values) < n {
				v := int64(g.r.IntN(26) - 5)
				if !seen[v] {
					seen[v] = true
					is.Values = append(is.Values, v)
				}
			}
		} else {
			is.Min = int64(g.r.IntN(10) - 5)
			is.Step = int64(1 + g.r.IntN(3))
			is.Max = is.Min + is.Step*int64(n-1) + int64(g.r.IntN(int(is.Step)))
		}
	}
	g.s.Issues = append(g.s.Issues, is)
}

// near picks an issue index close to base.
func (g *gen) near(base int) int {
	n := len(g.s.Issues)
	return (base + g.r.IntN(min(n, 4))) % n
}

// constraint returns a random expression (nil when there are no issues).
// With Feasible, the hidden target must satisfy it: a few tries, then the
// negation of the last one.
func (g *gen) constraint() model.Expr {
	if len(g.s.Issues) == 0 {
		return nil
	}
	for try := 0; ; try++ {
		e := g.expr(g.r.IntN(len(g.s.Issues)), g.o.Depth)
		if !g.o.Feasible {
			return e
		}
		if ok, _ := g.s.Eval(e, g.target); ok {
			return e
		}
		if try == 19 {
			return model.Not(e)
		}
	}
}

func (g *gen) pair() (model.Expr, model.Expr) {
	if len(g.s.Issues) == 0 {
		return nil, nil
	}
	for try := 0; ; try++ {
		base := g.r.IntN(len(g.s.Issues))
		a, b := g.expr(base, g.o.Depth-1), g.expr(base, g.o.Depth-1)
		if !g.o.Feasible {
			return a, b
		}
		if ok, _ := g.s.Eval(model.Implies(a, b), g.target); ok {
			return a, b
		}
		if try == 19 { // a holds and b does not on the target
			return a, model.Not(b)
		}
	}
}

// expr builds a random boolean expression over issues near base.
func (g *gen) expr(base, depth int) model.Expr {
	if depth <= 0 || g.r.IntN(3) == 0 {
		return g.atom(base)
	}
	sub := func() model.Expr { return g.expr(base, depth-1) }
	switch g.r.IntN(7) {
	case 0:
		return model.Not(sub())
	case 1:
		return model.And(sub(), sub())
	case 2:
		return model.Or(sub(), sub())
	case 3:
		return model.Implies(sub(), sub())
	case 4:
		return model.Iff(sub(), sub())
	default:
		n := 1 + g.r.IntN(3)
		xs := make([]model.Expr, n)
		for i := range xs {
			xs[i] = sub()
		}
		k := g.r.IntN(n + 2)
		switch g.r.IntN(3) {
		case 0:
			return model.AtMost(k, xs...)
		case 1:
			return model.AtLeast(k, xs...)
		}
		return model.Exactly(k, xs...)
	}
}

func (g *gen) atom(base int) model.Expr {
	i := g.near(base)
	is := &g.s.Issues[i]
	if g.r.IntN(25) == 0 {
		return &model.ConstExpr{Value: g.r.IntN(2) == 0}
	}
	switch is.Kind {
	case model.BoolKind:
		return model.Var(is.ID)
	case model.ChoiceKind:
		o := is.Options[g.r.IntN(len(is.Options))]
		switch g.r.IntN(3) {
		case 0:
			return model.Is(is.ID, o)
		case 1:
			return model.IsNot(is.ID, o)
		}
		var opts []string
		for _, x := range is.Options {
			if g.r.IntN(2) == 0 {
				opts = append(opts, x)
			}
		}
		return model.In(is.ID, opts...)
	case model.StepKind:
		switch g.r.IntN(4) {
		case 0:
			return model.Var(is.ID)
		case 1:
			j := g.near(base)
			if g.s.Issues[j].Kind != model.StepKind || (j == i && g.r.IntN(4) > 0) {
				j = g.otherStep(i)
			}
			a, b := is.ID, g.s.Issues[j].ID
			if g.r.IntN(2) == 0 {
				a, b = b, a
			}
			if g.r.IntN(3) == 0 {
				return model.Together(a, b)
			}
			return model.Before(a, b)
		}
	}
	// A comparison of linear sums over int issues and phases of steps
	// near base.
	lin := func() model.Linear {
		var l model.Linear
		for t := g.r.IntN(3); t >= 0; t-- {
			j := g.near(base)
			if k := g.s.Issues[j].Kind; k != model.IntKind && k != model.StepKind {
				j = i
			}
			l.Terms = append(l.Terms, model.Term{Coef: int64(g.r.IntN(7) - 3), Issue: g.s.Issues[j].ID, Phase: g.s.Issues[j].Kind == model.StepKind})
		}
		l.Const = int64(g.r.IntN(21) - 10)
		return l
	}
	r := model.Linear{Const: int64(g.r.IntN(21) - 10)}
	if g.r.IntN(3) == 0 {
		r = lin()
	}
	return model.Compare(lin(), model.CmpOp(1+g.r.IntN(6)), r)
}

func (g *gen) preference() model.Preference {
	w := []float64{0.5, 1, 2, 3}[g.r.IntN(4)]
	score := func() float64 { return []float64{0, 0.25, 0.5, 0.75, 1}[g.r.IntN(5)] }
	n := len(g.s.Issues)
	if g.o.Contested > 0 {
		n = min(n, g.o.Contested)
	}
	if n == 0 || g.r.IntN(3) == 0 {
		base := 0
		if n > 0 {
			base = g.r.IntN(n)
			return model.Preference{Weight: w, Prefer: g.expr(base, 1)}
		}
		return model.Preference{Weight: w, Prefer: model.True()}
	}
	is := &g.s.Issues[g.r.IntN(n)]
	switch is.Kind {
	case model.StepKind: // points over phases 1..K+1 (never)
		var pts []model.Point
		x := int64(g.r.IntN(3))
		for n := 1 + g.r.IntN(3); n > 0; n-- {
			pts = append(pts, model.Point{X: x, Y: score()})
			x += int64(1) << g.r.IntN(2)
		}
		return model.Preference{Weight: w, Issue: is.ID, Points: pts}
	case model.IntKind:
		var pts []model.Point
		x := int64(g.r.IntN(10) - 6)
		for n := 1 + g.r.IntN(3); n > 0; n-- {
			pts = append(pts, model.Point{X: x, Y: score()})
			x += int64(1) << g.r.IntN(4) // power-of-two gaps keep interpolated scores dyadic
		}
		return model.Preference{Weight: w, Issue: is.ID, Points: pts}
	case model.ChoiceKind:
		vals := map[string]float64{}
		for _, o := range is.Options {
			if g.r.IntN(3) > 0 {
				vals[o] = score()
			}
		}
		return model.Preference{Weight: w, Issue: is.ID, Values: vals}
	}
	vals := map[string]float64{}
	for _, k := range []string{"true", "false"} {
		if g.r.IntN(3) > 0 {
			vals[k] = score()
		}
	}
	return model.Preference{Weight: w, Issue: is.ID, Values: vals}
}
