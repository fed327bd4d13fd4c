package solver

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/model"
)

// Scope says which negotiable constraints are on the table; the others are
// treated as hard, like rules. The zero Scope puts all of them on the table.
type Scope struct {
	// PreconditionsOnly keeps red lines and reservations hard.
	PreconditionsOnly bool
	// Parties, when not empty, puts only these parties' constraints on the
	// table.
	Parties []string
}

// ParseScope reads the -negotiable syntax: "all", "preconditions", or a
// comma-separated list of party ids of s.
func ParseScope(s *model.Space, text string) (Scope, error) {
	switch text {
	case "", "all":
		return Scope{}, nil
	case "preconditions":
		return Scope{PreconditionsOnly: true}, nil
	}
	var sc Scope
	for _, id := range strings.Split(text, ",") {
		id = strings.TrimSpace(id)
		if s.Party(id) == nil {
			if m := model.DidYouMean(id, append([]string{"all", "preconditions"}, s.PartyIDs()...)); m != "" {
				return Scope{}, fmt.Errorf("negotiable: unknown party %q; %s", id, m)
			}
			return Scope{}, fmt.Errorf("negotiable: unknown party %q (want all, preconditions or party ids)", id)
		}
		if !slices.Contains(sc.Parties, id) {
			sc.Parties = append(sc.Parties, id)
		}
	}
	return sc, nil
}

// String returns the scope in the -negotiable syntax.
func (sc Scope) String() string {
	switch {
	case sc.PreconditionsOnly:
		return "preconditions"
	case len(sc.Parties) > 0:
		return strings.Join(sc.Parties, ",")
	}
	return "all"
}

// OnTable reports whether constraint r is negotiable under sc.
func (sc Scope) OnTable(r model.Ref) bool {
	switch {
	case r.Kind == model.RuleKind:
		return false
	case sc.PreconditionsOnly && r.Kind != model.PreconditionKind:
		return false
	case len(sc.Parties) > 0:
		return slices.Contains(sc.Parties, r.Party)
	}
	return true
}

// Stats describes the compiled instance and the work done on it.
type Stats struct {
	Vars, Clauses int
	// SATCalls counts calls into the SAT solver.
	SATCalls    int64
	SolveTime   time.Duration
	CompileTime time.Duration
	// Constraints is the number of rules and negotiable constraints.
	Constraints int
	// Certificates counts the claims re-checked on the second encoding
	// (see Settings.SkipCertification); CertSATCalls the SAT calls they
	// took, CertTime the time spent in them, and CertVars, CertClauses the
	// size of the second encoding.
	Certificates, CertSATCalls int64
	CertTime                   time.Duration
	CertVars, CertClauses      int
}

// Stats returns statistics of p. SAT calls, solve time and certificates
// include those made on the independent parts' own instances (see
// Explain) and on the scored part's (the part the utilities depend
// on); the other figures are the compiled instance's.
func (p *Problem) Stats() Stats {
	defer p.enter(nil, nil)()
	return p.stats()
}

// stats is Stats for a caller that holds p's lock.
func (p *Problem) stats() Stats {
	st := p.s.Stats()
	out := Stats{Vars: int(p.s.MaxVar()), Clauses: int(st.Clauses), SATCalls: st.Calls,
		SolveTime: st.SolveTime, CompileTime: p.compileTime, Constraints: len(p.refs)}
	if p.ck != nil {
		cs := p.ck.Stats()
		out.Certificates, out.CertSATCalls, out.CertTime = cs.Claims, cs.SATCalls, cs.SolveTime
		out.CertVars, out.CertClauses = cs.Vars, cs.Clauses
	}
	var subs []*Problem
	for _, pt := range []*partition{p.parts, p.whatifParts} {
		if pt == nil {
			continue
		}
		for _, q := range pt.parts {
			if q.sub != nil {
				subs = append(subs, q.sub)
			}
		}
	}
	if p.scored != nil && p.scored.sub != nil {
		subs = append(subs, p.scored.sub.q)
	}
	for _, q := range subs {
		sub := q.Stats()
		out.SATCalls += sub.SATCalls
		out.SolveTime += sub.SolveTime
		out.Certificates += sub.Certificates
		out.CertSATCalls += sub.CertSATCalls
		out.CertTime += sub.CertTime
	}
	return out
}

// Space returns the compiled space.
func (p *Problem) Space() *model.Space { return p.space }

// Refs returns every constraint of the space, rules first, then the
// negotiable constraints in document order.
func (p *Problem) Refs() []model.Ref { return slices.Clone(p.refs) }

func (p *Problem) allSelectors() []z.Lit { return slices.Clone(p.sel) }

// solve runs one SAT query under the given assumptions.
func (p *Problem) solve(ctx context.Context, assume []z.Lit) (bool, error) {
	r, err := p.s.Solve(ctx, assume...)
	if err != nil {
		return false, err
	}
	return r == 1, nil
}

// Feasible reports whether some package satisfies every rule and every
// negotiable constraint, and returns one (checked with the model's
// evaluator) when it does. A space whose only constraints are
// reservations and whose frontier is enumerated is decided by that pass
// over every package (see Count), which the count, the ZOPA and the
// frontier then read, instead of by a SAT call on the reservations'
// weighted sums; the package returned is then the first frontier point's.
func (p *Problem) Feasible(ctx context.Context) (_ model.Package, _ bool, err error) {
	defer p.enter(&ctx, &err)()
	if r, ok, err := p.scanned(ctx); err != nil || (ok && (r.count == 0 || len(p.enumerated) > 0)) {
		if err != nil || r.count == 0 {
			return nil, false, err
		}
		pkg := maps.Clone(p.enumerated[0].Package)
		if err := verifyIn(p.space, pkg); err != nil {
			return nil, false, err
		}
		return pkg, true, nil
	}
	return p.feasible(ctx, p.scoped(Scope{}))
}

func (p *Problem) feasible(ctx context.Context, v view) (model.Package, bool, error) {
	ok, err := p.solve(ctx, v.all(p))
	if err != nil {
		return nil, false, err
	}
	if !ok {
		return nil, false, p.certifyNone(ctx, "no package is agreeable", v, v.table)
	}
	pkg := p.model()
	if err := verifyIn(v.space(p), pkg); err != nil {
		return nil, false, err
	}
	return pkg, true, nil
}

// InternalError reports a solver answer that failed its independent check.
// It means a bug in zopa; please report it with the scenario.
type InternalError struct{ Msg string }

func (e *InternalError) Error() string { return "solver: internal error: " + e.Msg }

// verifyIn checks with s's evaluator that pkg is agreeable in s.
func verifyIn(s *model.Space, pkg model.Package) error {
	v, err := s.Judge(pkg)
	if err != nil {
		return &InternalError{Msg: "witness is not a package: " + err.Error()}
	}
	if !v.Agreeable {
		return &InternalError{Msg: fmt.Sprintf("witness %v breaks %v", pkg, v.Broken)}
	}
	return nil
}

// model reads the package of the current SAT model. An index outside the
// issue's domain (which a correct encoding never allows) leaves the issue
// out, so that every check of the package fails.
func (p *Problem) model() model.Package {
	pkg := make(model.Package, len(p.issues))
	for i := range p.issues {
		iv := &p.issues[i]
		if j := p.modelIndex(iv); j >= 0 && j < iv.size() {
			pkg[iv.is.ID] = iv.value(j)
		}
	}
	return pkg
}

// valueLit returns the literal "issue i takes value v" (v in its domain).
func (p *Problem) valueLit(i int, v model.Value) z.Lit {
	iv := &p.issues[i]
	return p.indexLit(iv, iv.index(v))
}

// indexTouches records, for each issue, the constraints that mention it.
func (p *Problem) indexTouches() {
	p.touches = make([][]int, len(p.issues))
	p.resIssues = map[int][]int{}
	for ci, r := range p.refs {
		seen := map[string]bool{}
		if r.Kind == model.ReservationKind {
			for _, pr := range p.space.Party(r.Party).Preferences {
				if pr.Prefer != nil {
					issuesOf(pr.Prefer, seen)
				} else {
					seen[pr.Issue] = true
				}
			}
		} else {
			issuesOf(p.exprs[ci], seen)
		}
		for id := range seen {
			i := p.issueIdx[id]
			p.touches[i] = append(p.touches[i], ci)
			if r.Kind == model.ReservationKind {
				p.resIssues[ci] = append(p.resIssues[ci], i)
			}
		}
	}
}

// issuesOf adds the ids of the issues e mentions to seen.
func issuesOf(e model.Expr, seen map[string]bool) {
	model.Issues(e, func(id string) { seen[id] = true })
}

func satMul(a, b int64) int64 {
	if a != 0 && b > posInf/a {
		return posInf
	}
	return a * b
}

// Audit is the judgement of one proposal.
type Audit struct {
	// Agreeable is true when some completion of the proposal is agreeable.
	Agreeable bool
	// Violations lists the negotiable constraints that no completion
	// satisfying the rules satisfies, sorted by party then constraint.
	Violations []model.Ref
	// Utilities holds each party's utility when the proposal fixes every
	// issue, and is nil otherwise.
	Utilities map[string]float64
}

// Audit judges a (partial) package: is some completion agreeable, and
// which negotiable constraints can no completion satisfying the rules
// satisfy. It returns an error for unknown issues or out-of-domain values.
func (p *Problem) Audit(ctx context.Context, proposal model.Package) (_ *Audit, err error) {
	defer p.enter(&ctx, &err)()
	return p.audit(ctx, p.scoped(Scope{}), proposal)
}

// audit audits proposal on view v (the rules hard, the negotiable
// constraints of v's table on the table, and a what-if's own assumptions).
func (p *Problem) audit(ctx context.Context, v view, proposal model.Package) (*Audit, error) {
	if err := p.space.CheckPackage(proposal, false); err != nil {
		return nil, err
	}
	var fix []z.Lit
	for i := range p.issues {
		if v, ok := proposal[p.issues[i].is.ID]; ok {
			fix = append(fix, p.valueLit(i, v))
		}
	}
	a := &Audit{}
	// v: the rules hard with the proposal's values fixed, the negotiable
	// constraints on the table.
	v.hard = append(slices.Clone(v.hard), fix...)
	fixed := maps.Clone(v.fixed)
	if fixed == nil {
		fixed = model.Package{}
	}
	for id, val := range proposal {
		if old, ok := fixed[id]; ok && old != val {
			return nil, fmt.Errorf("solver: the proposal sets %s to %v, which the what-if fixes to %v", id, val, old)
		}
		fixed[id] = val
	}
	v.fixed = fixed
	prev := v.extra
	v.extra = func(pkg model.Package) bool {
		for id, val := range proposal {
			if pkg[id] != val {
				return false
			}
		}
		return prev == nil || prev(pkg)
	}
	ok, err := p.solve(ctx, v.all(p))
	if err != nil {
		return nil, err
	}
	if ok {
		a.Agreeable = true
		if pkg := p.model(); !p.witnessOK(v, pkg, v.table) {
			return nil, &InternalError{Msg: fmt.Sprintf("audit: witness %v is not an agreeable completion of %v", pkg, proposal)}
		}
	} else {
		if err := p.certifyNone(ctx, "no completion of the proposal is agreeable", v, v.table); err != nil {
			return nil, err
		}
		// Rules are always assumed; each negotiable constraint is tested
		// alone, and every model found clears every constraint it satisfies
		// (as the model's evaluator judges the model's package).
		pending := map[int]bool{}
		for _, ci := range v.table {
			pending[ci] = true
		}
		clear := func(want int) error {
			pkg := p.model()
			if !p.witnessOK(v, pkg, nil) {
				return &InternalError{Msg: fmt.Sprintf("audit: %v is not a completion of %v that satisfies the rules", pkg, proposal)}
			}
			for ci := range pending {
				if p.holds(ci, pkg) {
					delete(pending, ci)
				}
			}
			if want >= 0 && pending[want] {
				return &InternalError{Msg: fmt.Sprintf("audit: %v breaks %v", pkg, p.refs[want])}
			}
			return nil
		}
		ok, err := p.solve(ctx, v.hard)
		if err != nil {
			return nil, err
		}
		if ok {
			if err := clear(-1); err != nil {
				return nil, err
			}
			for _, ci := range v.table {
				if !pending[ci] {
					continue
				}
				ok, err := p.solve(ctx, append(slices.Clone(v.hard), p.sel[ci]))
				if err != nil {
					return nil, err
				}
				if ok {
					if err := clear(ci); err != nil {
						return nil, err
					}
				}
			}
		}
		var viol []int
		for _, ci := range v.table {
			if pending[ci] {
				viol = append(viol, ci)
				a.Violations = append(a.Violations, p.refs[ci])
			}
		}
		if len(viol) > 0 {
			// With the rules unsatisfiable this is the claim that no
			// completion satisfies them.
			if err := p.certifyNone(ctx, "no completion satisfying the rules satisfies a violated constraint", v, nil, p.anyHolds(viol)); err != nil {
				return nil, err
			}
		}
		slices.SortFunc(a.Violations, model.CompareRefs)
	}
	if len(proposal) == len(p.issues) {
		v, err := v.space(p).Judge(proposal)
		if err != nil {
			return nil, err
		}
		a.Utilities = v.Utilities
		if v.Agreeable != a.Agreeable {
			return nil, &InternalError{Msg: fmt.Sprintf("audit of %v disagrees with the evaluator", proposal)}
		}
	}
	return a, nil
}
