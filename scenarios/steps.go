package scenarios

import (
	"fmt"
	"math/rand/v2"

	"github.com/zopa-go/zopa/model"
)

// StepOptions describe a random roadmap for GenerateSteps. Zero counts mean
// the documented defaults.
type StepOptions struct {
	// Steps is the number of background step issues (default 10).
	Steps int
	// Phases is K (default 20, at most model.MaxPhases).
	Phases int
	// Parties is the number of parties (default 2 + Steps/50).
	Parties int
	// Cycles is the number of order cycles planted over fresh steps.
	Cycles int
	Seed   int64
}

// GenerateSteps returns a random roadmap: Steps steps s0, s1, … over Phases
// phases, each party holding precedence preconditions over a random DAG of
// the steps ("if s7 is taken, s2 comes before it"), deadlines in phase
// arithmetic ("s7 within 3 phases of s2", "s4 by phase 12"), together
// constraints and red lines that require steps to be taken, with points
// preferences for early phases and prefer-before preferences. The
// background holds on a hidden package (every step in its DAG level or
// never), so it is feasible; Cycles order cycles are then planted, each
// over two or three fresh steps x0, x1, … that nothing else mentions, held
// by different parties ("x0 before x1" against "if x1, x1 before x0"), so
// the minimal conflicts are exactly the planted cycles. Their constraints
// have the Note "cycle j". The same options give the same space.
func GenerateSteps(o StepOptions) *model.Space {
	if o.Steps <= 0 {
		o.Steps = 10
	}
	if o.Phases <= 0 {
		o.Phases = 20
	}
	o.Phases = min(o.Phases, model.MaxPhases)
	if o.Parties <= 0 {
		o.Parties = 2 + o.Steps/50
	}
	r := rand.New(rand.NewPCG(uint64(o.Seed), 0x57e95))
	k := o.Phases
	s := &model.Space{Name: fmt.Sprintf("steps%d", o.Seed), Phases: k}
	// Hidden target: step i in phase level[i], or never (0) for one in ten.
	level := make([]int, o.Steps)
	for i := range level {
		s.Issues = append(s.Issues, model.Issue{ID: fmt.Sprintf("s%d", i), Kind: model.StepKind})
		if r.IntN(10) > 0 {
			level[i] = 1 + r.IntN(k)
		}
	}
	id := func(i int) string { return fmt.Sprintf("s%d", i) }
	parties := make([]model.Party, o.Parties)
	for pi := range parties {
		parties[pi].ID = fmt.Sprintf("p%d", pi)
	}
	ncons := make([]int, o.Parties)
	add := func(pi int, c model.Constraint) {
		p := &parties[pi]
		c.ID = fmt.Sprintf("c%d", ncons[pi])
		ncons[pi]++
		c.Cost = float64(1 + r.IntN(3))
		if c.Require != nil {
			p.RedLines = append(p.RedLines, c)
		} else {
			p.Preconditions = append(p.Preconditions, c)
		}
	}
	// Precedences along the DAG of levels: about two per step.
	for range 2 * o.Steps {
		a, b := r.IntN(o.Steps), r.IntN(o.Steps)
		la, lb := level[a], level[b]
		if a == b || la == 0 || (lb != 0 && la >= lb) {
			continue // keep the target satisfying "if b then before(a, b)"
		}
		add(r.IntN(o.Parties), model.Constraint{If: model.Var(id(b)), Then: model.Before(id(a), id(b))})
	}
	for range o.Steps / 4 {
		a, b := r.IntN(o.Steps), r.IntN(o.Steps)
		la, lb := level[a], level[b]
		switch {
		case la != 0 && lb != 0 && la <= lb: // b within d phases of a
			d := int64(lb - la + r.IntN(3))
			add(r.IntN(o.Parties), model.Constraint{If: model.Var(id(b)),
				Then: model.Compare(model.Phase(id(b)), model.LeOp, model.Linear{Terms: []model.Term{{Coef: 1, Issue: id(a), Phase: true}}, Const: d})})
		case la != 0: // a by some phase
			add(r.IntN(o.Parties), model.Constraint{Require: model.Compare(model.Phase(id(a)), model.LeOp, model.Const(int64(min(k, la+r.IntN(3)))))})
		}
	}
	for a := range o.Steps { // together, where the target allows it
		if b := r.IntN(o.Steps); a != b && level[a] != 0 && level[a] == level[b] {
			add(r.IntN(o.Parties), model.Constraint{If: model.Var(id(a)), Then: model.Together(id(a), id(b))})
		}
	}
	for pi := range parties { // each party requires a few steps that the target takes
		for range 1 + o.Steps/20 {
			if a := r.IntN(o.Steps); level[a] != 0 {
				add(pi, model.Constraint{Require: model.Var(id(a))})
			}
		}
		for range 2 {
			a := r.IntN(o.Steps)
			parties[pi].Preferences = append(parties[pi].Preferences, model.Preference{Weight: float64(1 + r.IntN(3)), Issue: id(a),
				Points: []model.Point{{X: 1, Y: 1}, {X: int64(k + 1), Y: 0}}})
			b := r.IntN(o.Steps)
			parties[pi].Preferences = append(parties[pi].Preferences, model.Preference{Weight: 1, Prefer: model.Before(id(a), id(b))})
		}
	}
	// Planted cycles over fresh steps.
	for j := range o.Cycles {
		n := len(s.Issues)
		size := 2
		if k >= 3 && r.IntN(2) == 0 {
			size = 3
		}
		var cs []string
		for i := range size {
			cs = append(cs, fmt.Sprintf("x%d", n-o.Steps+i))
			s.Issues = append(s.Issues, model.Issue{ID: cs[i], Kind: model.StepKind})
		}
		perm := r.Perm(o.Parties)
		note := fmt.Sprintf("cycle %d", j)
		for i := range size - 1 {
			add(perm[i%len(perm)], model.Constraint{Require: model.Before(cs[i], cs[i+1]), Note: note})
		}
		last := cs[size-1]
		add(perm[(size-1)%len(perm)], model.Constraint{If: model.Var(last), Then: model.Before(last, cs[0]), Note: note})
	}
	s.Parties = parties
	if err := s.Validate(); err != nil {
		panic("scenarios: GenerateSteps produced an invalid space: " + err.Error()) // a bug here, not input
	}
	return s
}
