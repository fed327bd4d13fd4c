package solver

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/model"
)

// A space falls apart into independent parts when its constraints do not
// link all of its issues: two issues are in the same part when some rule,
// red line, precondition or reservation (through its party's preferences)
// mentions both, directly or through a chain of such constraints. A
// constraint that mentions no issue is a part of its own. The parts share
// no issue, so a package is agreeable exactly when its restriction to each
// part satisfies that part's constraints: the space is feasible when every
// part is; every conflict lies inside one part; and the concession sets are
// exactly the combinations of one concession set of each infeasible part
// (Liffiton and Sakallah's MCS/MUS duality applied part by part). Queries
// that decompose work on small per-part Problems, compiled from per-part
// spaces (see part.problem), so that each SAT call sees a small instance.

// partition is the split of one space into independent parts.
type partition struct {
	space    *model.Space
	parts    []*part
	ofRef    map[model.Ref]int // constraint -> index into parts
	scored   []bool            // with preferences: the parts some preference mentions
	skipCert bool              // the parts' Problems skip certification
	settings *Settings         // the whole space's, for the parts' Problems
}

// part is one independent part of a space.
type part struct {
	issues []int       // indexes into the space's issues, ascending
	refs   []model.Ref // its constraints, in document order (rules first)
	sub    *Problem    // compiled on first use
}

// spaceConstraints calls f with every constraint of s (rules first, then
// each party's red lines, preconditions and reservation) and its
// expression (nil for a reservation).
func spaceConstraints(s *model.Space, f func(model.Ref, model.Expr)) {
	for i := range s.Rules {
		f(model.Ref{Constraint: s.Rules[i].ID, Kind: model.RuleKind}, s.Rules[i].Require)
	}
	for pi := range s.Parties {
		party := &s.Parties[pi]
		for i := range party.RedLines {
			f(model.Ref{Party: party.ID, Constraint: party.RedLines[i].ID, Kind: model.RedLineKind}, party.RedLines[i].Cond())
		}
		for i := range party.Preconditions {
			f(model.Ref{Party: party.ID, Constraint: party.Preconditions[i].ID, Kind: model.PreconditionKind}, party.Preconditions[i].Cond())
		}
		if party.Reservation != nil {
			f(model.Ref{Party: party.ID, Constraint: "reservation", Kind: model.ReservationKind}, nil)
		}
	}
}

// decompose splits s into its independent parts: parts with issues in the
// order of their first issue, then one part per constraint that mentions
// no issue, in document order. With prefs, each preference links the
// issues it mentions too, and partition.scored marks the parts that some
// preference mentions.
func decompose(s *model.Space, prefs bool) *partition {
	n := len(s.Issues)
	index := make(map[string]int, n)
	for i := range s.Issues {
		index[s.Issues[i].ID] = i
	}
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	type cons struct {
		ref   model.Ref
		first int // an issue of the constraint, -1 when none
	}
	var all []cons
	seen := map[string]bool{}
	issuesOfRef := func(r model.Ref, e model.Expr) []int {
		clear(seen)
		if r.Kind == model.ReservationKind {
			for _, pr := range s.Party(r.Party).Preferences {
				if pr.Prefer != nil {
					issuesOf(pr.Prefer, seen)
				} else {
					seen[pr.Issue] = true
				}
			}
		} else {
			issuesOf(e, seen)
		}
		out := make([]int, 0, len(seen))
		for id := range seen {
			if i, ok := index[id]; ok {
				out = append(out, i)
			}
		}
		return out
	}
	spaceConstraints(s, func(r model.Ref, e model.Expr) {
		is := issuesOfRef(r, e)
		c := cons{ref: r, first: -1}
		if len(is) > 0 {
			c.first = is[0]
			ra := find(is[0])
			for _, i := range is[1:] {
				if rb := find(i); rb != ra {
					parent[rb] = ra
				}
			}
		}
		all = append(all, c)
	})
	var scoredIssues []int
	if prefs {
		for pi := range s.Parties {
			for _, pr := range s.Parties[pi].Preferences {
				var is []int
				if pr.Prefer != nil {
					clear(seen)
					issuesOf(pr.Prefer, seen)
					for id := range seen {
						is = append(is, index[id])
					}
				} else if i, ok := index[pr.Issue]; ok {
					is = append(is, i)
				}
				for _, i := range is {
					scoredIssues = append(scoredIssues, i)
					if ra, rb := find(is[0]), find(i); ra != rb {
						parent[rb] = ra
					}
				}
			}
		}
	}
	pt := &partition{space: s, ofRef: make(map[model.Ref]int, len(all))}
	byRoot := make([]int, n) // root issue -> part index + 1
	for i := range n {
		r := find(i)
		if byRoot[r] == 0 {
			pt.parts = append(pt.parts, &part{})
			byRoot[r] = len(pt.parts)
		}
		k := byRoot[r] - 1
		pt.parts[k].issues = append(pt.parts[k].issues, i)
	}
	pt.scored = make([]bool, len(pt.parts))
	for _, i := range scoredIssues {
		pt.scored[byRoot[find(i)]-1] = true
	}
	for _, c := range all {
		var k int
		if c.first < 0 {
			pt.parts = append(pt.parts, &part{})
			k = len(pt.parts) - 1
		} else {
			k = byRoot[find(c.first)] - 1
		}
		pt.parts[k].refs = append(pt.parts[k].refs, c.ref)
		pt.ofRef[c.ref] = k
	}
	pt.scored = append(pt.scored, make([]bool, len(pt.parts)-len(pt.scored))...)
	return pt
}

// restrict returns the part of s made of the given issues and constraints:
// a space of its own, whose packages are the restrictions of s's packages
// to those issues. Parties keep only their constraints in the part (and
// their preferences only when their reservation is in it, or with
// keepPrefs, which also keeps every party); parties with none are left
// out, and so are proposals.
func restrict(s *model.Space, issues []int, refs []model.Ref, keepPrefs bool) *model.Space {
	in := make(map[model.Ref]bool, len(refs))
	for _, r := range refs {
		in[r] = true
	}
	sub := *s // keep every other field of the space as it is
	sub.Issues = make([]model.Issue, len(issues))
	sub.Phases = 0
	for j, i := range issues {
		sub.Issues[j] = s.Issues[i] // a step issue keeps its space's K
		if sub.Issues[j].Kind == model.StepKind {
			sub.Phases = s.NumPhases()
		}
	}
	sub.Rules = nil
	for _, r := range s.Rules {
		if in[model.Ref{Constraint: r.ID, Kind: model.RuleKind}] {
			sub.Rules = append(sub.Rules, r)
		}
	}
	sub.Parties = nil
	for pi := range s.Parties {
		party := s.Parties[pi]
		keep := func(kind model.ConstraintKind, cs []model.Constraint) []model.Constraint {
			var out []model.Constraint
			for _, c := range cs {
				if in[model.Ref{Party: party.ID, Constraint: c.ID, Kind: kind}] {
					out = append(out, c)
				}
			}
			return out
		}
		party.RedLines = keep(model.RedLineKind, party.RedLines)
		party.Preconditions = keep(model.PreconditionKind, party.Preconditions)
		if !in[model.Ref{Party: party.ID, Constraint: "reservation", Kind: model.ReservationKind}] {
			party.Reservation = nil
			if !keepPrefs {
				party.Preferences = nil
			}
		}
		if keepPrefs || len(party.RedLines)+len(party.Preconditions) > 0 || party.Reservation != nil {
			sub.Parties = append(sub.Parties, party)
		}
	}
	sub.Proposals = nil
	return &sub
}

// problem returns the part's own Problem, compiling it on first use.
func (pt *partition) problem(ctx context.Context, k int) (*Problem, error) {
	q := pt.parts[k]
	if q.sub == nil {
		sub, err := compileValid(ctx, restrict(pt.space, q.issues, q.refs, false), pt.settings)
		if err != nil {
			return nil, err
		}
		q.sub = sub
	}
	return q.sub, nil
}

// partitionOf returns the partition of the space that judges v, computing
// it on first use (the compiled space's and the last what-if space's are
// kept).
func (p *Problem) partitionOf(v view) *partition {
	s := v.space(p)
	if s == p.space {
		if p.parts == nil {
			p.parts = decompose(s, false)
			p.parts.skipCert = p.skipCert
			p.parts.settings = p.settings
		}
		return p.parts
	}
	if p.whatifParts == nil || p.whatifParts.space != s {
		p.whatifParts = decompose(s, false)
		p.whatifParts.skipCert = p.skipCert
		p.whatifParts.settings = p.settings
	}
	return p.whatifParts
}

// infeasibleParts returns the parts of v's space whose constraints on v's
// table cannot all hold together with their hard constraints, each with its
// own Problem, in partition order. v's hard part must be satisfiable. It
// costs a few SAT calls on the whole instance: each unsatisfiable answer's
// core names on-table constraints of at least one infeasible part not yet
// known, and the candidate parts are decided on their own small Problems;
// the last call, with every other part's table assumed, is satisfiable.
func (p *Problem) infeasibleParts(ctx context.Context, v view, pt *partition) ([]int, error) {
	byPart := map[int][]int{} // part -> table constraints (indexes into p.refs)
	partOfSel := make(map[z.Lit]int, len(v.table))
	for _, ci := range v.table {
		k, ok := pt.ofRef[p.refs[ci]]
		if !ok {
			return nil, &InternalError{Msg: fmt.Sprintf("parts: %s is in no part", p.refs[ci])}
		}
		byPart[k] = append(byPart[k], ci)
		partOfSel[p.sel[ci]] = k
	}
	bad := map[int]bool{}
	decided := map[int]bool{}
	for {
		assume := slices.Clone(v.hard)
		for _, ci := range v.table {
			if !bad[pt.ofRef[p.refs[ci]]] {
				assume = append(assume, p.sel[ci])
			}
		}
		ok, err := p.solve(ctx, assume)
		if err != nil {
			return nil, err
		}
		if ok {
			// The parts not found infeasible are feasible together: the
			// model's package is the witness.
			var keep []int
			for _, ci := range v.table {
				if !bad[pt.ofRef[p.refs[ci]]] {
					keep = append(keep, ci)
				}
			}
			if pkg := p.model(); !p.witnessOK(v, pkg, keep) {
				return nil, &InternalError{Msg: fmt.Sprintf("parts: witness %v breaks a constraint of a feasible part", pkg)}
			}
			break
		}
		var cands []int
		for _, m := range p.s.Why() {
			if k, ok := partOfSel[m]; ok && !decided[k] && !slices.Contains(cands, k) {
				cands = append(cands, k)
			}
		}
		if len(cands) == 0 {
			return nil, &InternalError{Msg: "parts: a core spans only parts known to be feasible"}
		}
		for _, k := range cands {
			if 2*len(pt.parts[k].issues) >= len(p.issues) {
				// A part that is most of the space is decided on the
				// whole instance (hard part and the part's table) rather
				// than compiled again on its own.
				ok, err := p.solve(ctx, v.with(p, byPart[k]))
				if err != nil {
					return nil, err
				}
				decided[k] = true
				bad[k] = !ok
				continue
			}
			sub, err := pt.problem(ctx, k)
			if err != nil {
				return nil, err
			}
			sv := sub.scoped(v.sc)
			if ok, err := sub.hardOK(ctx, sv); err != nil {
				return nil, err
			} else if !ok {
				return nil, &InternalError{Msg: "parts: the hard constraints of a part admit no package"}
			}
			ok, err := sub.solve(ctx, sv.all(sub))
			if err != nil {
				return nil, err
			}
			decided[k] = true
			bad[k] = !ok
		}
	}
	var out []int
	for k := range pt.parts {
		if bad[k] {
			out = append(out, k)
		}
	}
	return out, nil
}

// scoredPart is the part of a space that the parties' utilities depend on:
// the union of the independent parts (preferences linking issues too) that
// some preference mentions, compiled as a space of its own that keeps every
// party and every preference, so that its utilities are the whole space's.
// Every agreeable package of the whole space is an agreeable package of it
// together with the other parts' values of one agreeable package (base),
// and the other way round; so the utilitarian, egalitarian and ideal
// optima and the Pareto frontier are found on its small instance.
type scoredPart struct {
	q    *Problem
	base model.Package // one agreeable package of the whole space
}

// complete returns the package of the whole space that agrees with pkg on
// the scored part and with base elsewhere.
func (o *scoredPart) complete(pkg model.Package) model.Package {
	out := maps.Clone(o.base)
	maps.Copy(out, pkg)
	return out
}

// scoredSub returns the scored part of p's space, or nil when the whole
// space should be searched instead: when the scored part holds half of the
// issues or more, or when no package is agreeable. It is computed once.
func (p *Problem) scoredSub(ctx context.Context) (*scoredPart, error) {
	if p.scored != nil {
		return p.scored.sub, nil
	}
	pt := decompose(p.space, true)
	var issues []int
	var refs []model.Ref
	for k, q := range pt.parts {
		if pt.scored[k] {
			issues = append(issues, q.issues...)
			refs = append(refs, q.refs...)
		}
	}
	if 2*len(issues) >= len(p.issues) {
		p.scored = &scoredCache{}
		return nil, nil
	}
	slices.Sort(issues)
	pkg, ok, err := p.feasible(ctx, p.scoped(Scope{}))
	if err != nil {
		return nil, err
	}
	if !ok {
		p.scored = &scoredCache{}
		return nil, nil
	}
	q, err := compileValid(ctx, restrict(p.space, issues, refs, true), &Settings{SkipCertification: p.skipCert})
	if err != nil {
		return nil, err
	}
	o := &scoredPart{q: q, base: pkg}
	p.scored = &scoredCache{sub: o}
	return o, nil
}

// scoredCache holds the result of scoredSub (sub nil: use the whole).
type scoredCache struct{ sub *scoredPart }

// lift turns a choice made on the scored part into the whole space's:
// the package completed, judged and scored by the whole space.
func (p *Problem) lift(o *scoredPart, c *Choice, err error) (*Choice, error) {
	if err != nil || c == nil {
		return nil, err
	}
	pkg := o.complete(c.Package)
	v, err := p.space.Judge(pkg)
	if err != nil || !v.Agreeable {
		return nil, &InternalError{Msg: fmt.Sprintf("%v optimum %v is not agreeable in the whole space (%v)", c.Rule, pkg, err)}
	}
	out := *c
	out.Package, out.Utilities = pkg, v.Utilities
	out.Score = RuleScore(p.space, c.Rule, v.Utilities, nil)
	return &out, nil
}
