package model

import (
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/zopa-go/zopa/internal/decimal"
	"github.com/zopa-go/zopa/internal/linear"
	"github.com/zopa-go/zopa/internal/oneline"
)

// Warning is a sign of a modelling slip in a valid space: something the
// format accepts but that is very likely not what the author meant, such
// as a comparison with a value an issue never takes. Warnings never change
// what the space means.
type Warning struct {
	// Path is the JSON path of the element (parties[0].red_lines[1].require),
	// Col the column inside its expression (0 when the warning is about the
	// whole element).
	Path string
	Col  int
	Msg  string
}

// String returns the warning on one line: "path: col N: message".
func (w Warning) String() string {
	e := Error{Path: w.Path, Col: w.Col, Msg: w.Msg}
	return e.Error()
}

// Enumeration bounds of Warnings: a constraint, preference or reservation
// is decided by enumerating the values of the issues it mentions only when
// they have at most maxWarnCheck combinations, and the whole space spends
// at most warnBudget evaluations (so Warnings stays fast on large spaces;
// what is left undecided is not warned about).
const (
	maxWarnCheck = 1 << 12
	warnBudget   = 1 << 18
)

// Warnings returns the modelling slips of a valid space, at most one per
// element, in document order (rules, then each party's red lines,
// preconditions, preferences and reservation):
//
//   - a rule, red line or precondition that no package satisfies on its
//     own, or that every package satisfies (a precondition whose if no
//     package satisfies never applies), saying which comparison inside it
//     is always or never true when one is (army_cap == 7 when army_cap
//     takes 0, 5 and 10);
//   - a preference entry that can never score: a prefer expression no
//     package satisfies, values or points that give 0 to every value of
//     their issue;
//   - a reservation that no package reaches, or a positive one that every
//     package reaches (a reservation of 0 is the same as none and is not
//     warned about);
//   - short of those, a comparison that is always or never true over the
//     values its issues take, inside any expression, located at its column.
//
// Whether an element holds for no package or for every package is decided
// by folding its constant comparisons, or else by enumerating the values of
// the issues it mentions when they have at most 4,096 combinations (and
// while the space's budget of 262,144 evaluations lasts); what is left
// undecided is not warned about. The messages are one line each. The space
// must be valid (Validate).
func (s *Space) Warnings() []Warning {
	w := warner{s: s, dom: map[string]domBounds{}, budget: warnBudget}
	for i := range s.Rules {
		r := &s.Rules[i]
		w.constraint(fmt.Sprintf("rules[%d]", i), "rule "+r.ID, r, false)
	}
	for pi := range s.Parties {
		p := &s.Parties[pi]
		pp := fmt.Sprintf("parties[%d]", pi)
		for i := range p.RedLines {
			w.constraint(fmt.Sprintf("%s.red_lines[%d]", pp, i), "red line "+p.ID+"."+p.RedLines[i].ID, &p.RedLines[i], false)
		}
		for i := range p.Preconditions {
			w.constraint(fmt.Sprintf("%s.preconditions[%d]", pp, i), "precondition "+p.ID+"."+p.Preconditions[i].ID, &p.Preconditions[i], true)
		}
		for i := range p.Preferences {
			w.preference(fmt.Sprintf("%s.preferences[%d]", pp, i), p.ID, &p.Preferences[i])
		}
		if p.Reservation != nil {
			w.reservation(pp+".reservation", p)
		}
	}
	return w.out
}

type warner struct {
	s      *Space
	dom    map[string]domBounds
	budget int // evaluations left for enumeration
	out    []Warning
}

func (w *warner) add(path string, col int, format string, args ...any) {
	w.out = append(w.out, Warning{Path: path, Col: col, Msg: oneline.String(fmt.Sprintf(format, args...))})
}

// constComparison is the first comparison in e (in document order) that is
// always true (truth +1) or never true (-1) over its issues' values.
type constComparison struct {
	c     *CmpExpr
	truth int
}

func (w *warner) firstConst(e Expr) (constComparison, bool) {
	var found constComparison
	inspect(e, func(x Expr) {
		if c, ok := x.(*CmpExpr); ok && found.c == nil {
			if t := w.truth(c); t != 0 {
				found = constComparison{c, t}
			}
		}
	})
	return found, found.c != nil
}

// describe says what the comparison does: "n == 7 is never true (n takes 0,
// 5 and 10)".
func (w *warner) describe(k constComparison) string {
	how := "never true"
	if k.truth > 0 {
		how = "always true"
	}
	return fmt.Sprintf("%s is %s (%s)", k.c, how, w.domains(k.c))
}

// truth returns +1 when comparison c holds for every value of its issues,
// -1 when for none, 0 otherwise.
func (w *warner) truth(c *CmpExpr) int {
	c0 := checker{s: w.s, dom: w.dom}
	f, err := linear.Normalize(linTerms(c.L), linTerms(c.R), c.L.Const, c.R.Const, linear.Op(c.Op), func(id string) linear.Domain {
		d, _ := c0.domain(id)
		return d
	})
	if err != nil {
		return 0
	}
	return f.Truth
}

// domains describes the values the issues of c take.
func (w *warner) domains(c *CmpExpr) string {
	var parts []string
	seen := map[string]bool{}
	for _, t := range append(append([]Term{}, c.L.Terms...), c.R.Terms...) {
		name := t.Issue
		if t.Phase {
			name = "phase(" + t.Issue + ")"
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		parts = append(parts, name+" takes "+describeLevels(w.s.Issue(t.Issue), t.Phase))
	}
	if len(parts) == 0 {
		return "it has no issue"
	}
	return strings.Join(parts, "; ")
}

// describeLevels lists an int issue's levels (or a step's phases), or its
// range when there are many.
func describeLevels(is *Issue, phase bool) string {
	if phase || is.Kind == StepKind {
		return fmt.Sprintf("1 to %d (%d when never taken)", is.Phases, is.Phases+1)
	}
	lo, hi, _ := is.levelBounds()
	if n := validSize(is); n > 6 {
		if is.Values == nil {
			if is.Step == 1 {
				return fmt.Sprintf("%d to %d", lo, hi)
			}
			return fmt.Sprintf("%d to %d in steps of %d", lo, hi, is.Step)
		}
		return fmt.Sprintf("%d values from %d to %d", n, lo, hi)
	}
	return andList(is.Levels())
}

// validSize is Size for an issue of a valid space, without building the
// list of an int issue's levels (its values are distinct).
func validSize(is *Issue) int {
	switch {
	case is.Kind != IntKind:
		return is.Size()
	case is.Values != nil:
		return len(is.Values)
	case is.Step <= 0 || is.Min > is.Max:
		return 0
	}
	return rangeLen(is.Min, is.Max, is.Step)
}

// andList writes "a, b and c" ("only a" for one value).
func andList[T any](xs []T) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprint(x)
	}
	if len(parts) == 1 {
		return "only " + parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// constraint warns about a rule, red line or precondition (pre) at path,
// called name in messages.
func (w *warner) constraint(path, name string, c *Constraint, pre bool) {
	// where: the field and column of the first constant comparison (the
	// explanation), or the element itself.
	fields := []struct {
		name string
		e    Expr
	}{{"require", c.Require}}
	if pre {
		fields = []struct {
			name string
			e    Expr
		}{{"if", c.If}, {"then", c.Then}}
	}
	at, col, why := path, 0, ""
	for _, f := range fields {
		if k, ok := w.firstConst(f.e); ok {
			at, col, why = path+"."+f.name, w.s.exprPos[f.e][k.c], ": "+w.describe(k)
			break
		}
	}
	var cond Tri
	if pre {
		cond = w.decidePrecondition(c)
	} else {
		cond = w.decide(c.Require)
	}
	switch {
	case pre && w.decide(c.If) == False3:
		w.add(at, col, "%s never applies: no package satisfies its if%s", name, why)
	case cond == False3:
		w.add(at, col, "no package satisfies %s, whatever the other constraints say%s", name, why)
	case cond == True3:
		w.add(at, col, "every package satisfies %s, so it constrains nothing%s", name, why)
	case why != "":
		w.add(at, col, "in %s, %s", name, why[2:])
	}
}

// decidePrecondition decides "if implies then": no package satisfies it
// exactly when every package satisfies its if and none its then, and every
// package does when none satisfies its if or every one its then (else it
// enumerates both together).
func (w *warner) decidePrecondition(c *Constraint) Tri {
	i, t := w.decide(c.If), w.decide(c.Then)
	switch {
	case i == True3 && t == False3:
		return False3
	case i == False3 || t == True3:
		return True3
	}
	return w.decide(c.Cond())
}

// decide returns False3 when no package satisfies e, True3 when every
// package does, and Unknown when some do or when it cannot tell within
// its bounds: first by folding e's constant comparisons, then by
// enumerating the values of the issues e mentions.
func (w *warner) decide(e Expr) Tri {
	if t := w.fold(e); t != Unknown {
		return t
	}
	yes, no, ok := w.enumerate(exprIssues(e), func(p Package) bool {
		b, err := w.s.Eval(e, p)
		return err == nil && b
	})
	switch {
	case !ok:
		return Unknown
	case !yes:
		return False3
	case !no:
		return True3
	}
	return Unknown
}

// fold evaluates e in Kleene's logic with every comparison that is always
// or never true replaced by its value (EvalPartial decides the rest with
// no issue fixed).
func (w *warner) fold(e Expr) Tri {
	switch e := e.(type) {
	case *CmpExpr:
		return Tri(w.truth(e))
	case *NotExpr:
		return -w.fold(e.X)
	case *AndExpr:
		r := True3
		for _, x := range e.X {
			r = min(r, w.fold(x))
		}
		return r
	case *OrExpr:
		r := False3
		for _, x := range e.X {
			r = max(r, w.fold(x))
		}
		return r
	case *ImpliesExpr:
		return max(-w.fold(e.If), w.fold(e.Then))
	case *IffExpr:
		return w.fold(e.X) * w.fold(e.Y)
	case *CardExpr:
		yes, unk := 0, 0
		for _, x := range e.X {
			switch w.fold(x) {
			case True3:
				yes++
			case Unknown:
				unk++
			}
		}
		return cardTri(e, yes, unk)
	}
	return w.s.EvalPartial(e, Package{})
}

// enumerate calls f on every combination of the values of ids (a partial
// package) until it has seen both answers; ok is false when the
// combinations exceed maxWarnCheck or the remaining budget.
func (w *warner) enumerate(ids []string, f func(Package) bool) (yes, no, ok bool) {
	n := 1
	doms := make([][]Value, len(ids))
	for i, id := range ids {
		is := w.s.Issue(id)
		if is == nil {
			return false, false, false
		}
		n *= validSize(is)
		if n > maxWarnCheck || n > w.budget || n == 0 {
			return false, false, false
		}
		doms[i] = is.Domain()
	}
	w.budget -= n
	pkg := Package{}
	var rec func(i int)
	rec = func(i int) {
		if yes && no {
			return
		}
		if i == len(ids) {
			if f(pkg) {
				yes = true
			} else {
				no = true
			}
			return
		}
		for _, v := range doms[i] {
			pkg[ids[i]] = v
			rec(i + 1)
		}
	}
	rec(0)
	return yes, no, true
}

// preference warns about a preference entry of party that can never score.
func (w *warner) preference(path, party string, pr *Preference) {
	if pr.Prefer != nil {
		at, col, why, whole := path, 0, "", false
		if k, ok := w.firstConst(pr.Prefer); ok {
			at, col, why, whole = path+".prefer", w.s.exprPos[pr.Prefer][k.c], w.describe(k), Expr(k.c) == pr.Prefer
		}
		never := w.decide(pr.Prefer) == False3
		switch {
		case never && whole:
			w.add(at, col, "%s's preference never scores: %s", party, why)
		case never && why != "":
			w.add(at, col, "%s's preference never scores: no package satisfies %s: %s", party, pr.Prefer, why)
		case never:
			w.add(at, col, "%s's preference never scores: no package satisfies %s", party, pr.Prefer)
		case why != "":
			w.add(at, col, "in %s's preference, %s", party, why)
		}
		return
	}
	is := w.s.Issue(pr.Issue)
	if is == nil || !w.neverScores(pr, is) {
		return
	}
	what := "values"
	if pr.Points != nil {
		what = "points"
	}
	w.add(path, 0, "%s's preference never scores: its %s give 0 to every value of %s (%s)", party, what, pr.Issue, describeDomain(is))
}

// neverScores reports whether a values or points preference gives 0 to
// every value of its issue.
func (w *warner) neverScores(pr *Preference, is *Issue) bool {
	for _, v := range scoreCandidates(pr, is) {
		sc, err := w.s.ExactScore(pr, Package{pr.Issue: v})
		if err != nil || sc.Sign() != 0 {
			return false
		}
	}
	return true
}

// scoreCandidates returns values of is among which a values or points
// preference takes its least and its greatest score. Values score a listed
// key or 0 (an unlisted option); points are linear between breakpoints and
// constant outside them, so over int levels their extremes are at the
// first or last level or at a level next to a breakpoint.
func scoreCandidates(pr *Preference, is *Issue) []Value {
	switch {
	case pr.Points == nil && is.Kind == ChoiceKind:
		var out []Value
		unlisted := true
		for _, o := range is.Options {
			if _, ok := pr.Values[o]; ok {
				out = append(out, OptionValue(o))
			} else if unlisted {
				out, unlisted = append(out, OptionValue(o)), false
			}
		}
		return out
	case pr.Points == nil || is.Kind != IntKind:
		return is.Domain() // bool, or a step issue's phases
	}
	n := is.Size()
	if n == 0 {
		return nil
	}
	level := func(j int) Value { return is.ValueAt(j) }
	if is.Values != nil { // sort the listed values once
		l := is.Levels()
		level = func(j int) Value { return IntValue(l[j]) }
	}
	out := []Value{level(0), level(n - 1)}
	for _, pt := range pr.Points {
		i := is.levelsBelow(pt.X)
		if i < n {
			out = append(out, level(i))
		}
		if i > 0 {
			out = append(out, level(i-1))
		}
	}
	return out
}

// utilityBounds bounds the party's utility exactly, from each
// preference's least and greatest score taken on its own.
func (w *warner) utilityBounds(p *Party) (lo, hi *big.Rat) {
	if len(p.Preferences) == 0 {
		return big.NewRat(1, 1), big.NewRat(1, 1)
	}
	lo, hi, wsum := new(big.Rat), new(big.Rat), new(big.Rat)
	for i := range p.Preferences {
		pr := &p.Preferences[i]
		a, b := big.NewRat(0, 1), big.NewRat(1, 1)
		if pr.Prefer != nil {
			switch w.fold(pr.Prefer) {
			case True3:
				a = big.NewRat(1, 1)
			case False3:
				b = big.NewRat(0, 1)
			}
		} else if is := w.s.Issue(pr.Issue); is != nil {
			a, b = nil, nil
			for _, v := range scoreCandidates(pr, is) {
				sc, err := w.s.ExactScore(pr, Package{pr.Issue: v})
				if err != nil {
					return nil, nil
				}
				if a == nil || sc.Cmp(a) < 0 {
					a = sc
				}
				if b == nil || sc.Cmp(b) > 0 {
					b = sc
				}
			}
			if a == nil {
				return nil, nil
			}
		}
		wt := decimal.Rat(pr.Weight)
		wsum.Add(wsum, wt)
		lo.Add(lo, new(big.Rat).Mul(a, wt)) // a and b may be one value
		hi.Add(hi, new(big.Rat).Mul(b, wt))
	}
	return lo.Quo(lo, wsum), hi.Quo(hi, wsum)
}

// describeDomain lists an issue's values for a message.
func describeDomain(is *Issue) string {
	switch is.Kind {
	case IntKind, StepKind:
		return "it takes " + describeLevels(is, false)
	case ChoiceKind:
		if len(is.Options) > 6 {
			return fmt.Sprintf("%d options", len(is.Options))
		}
		return "options " + andList(is.Options)
	}
	return "false and true"
}

// reservation warns about a reservation that no package reaches, or a
// positive one that every package reaches: exactly, from the bounds of
// each preference (utilityBounds) when every preference scores an issue
// of its own, else by enumerating the issues the party's preferences
// mention, or from those bounds when they are too many.
func (w *warner) reservation(path string, p *Party) {
	d := *p.Reservation
	th := ReservationThreshold(d)
	var lo, hi *big.Rat
	var ids []string
	separate := true // every preference scores an issue of its own
	for i := range p.Preferences {
		pr := &p.Preferences[i]
		if pr.Prefer != nil {
			ids = appendNew(ids, exprIssues(pr.Prefer)...)
			separate = false
		} else {
			separate = separate && !slices.Contains(ids, pr.Issue)
			ids = appendNew(ids, pr.Issue)
		}
	}
	ok := false
	if separate {
		// The utility is a sum of one term per issue: its least and
		// greatest values are the sums of the terms' (utilityBounds),
		// exactly, without enumerating the packages.
		lo, hi = w.utilityBounds(p)
		ok = lo != nil
	}
	if !ok {
		_, _, ok = w.enumerate(ids, func(pkg Package) bool {
			u, err := w.s.ExactUtility(p, pkg)
			if err != nil {
				return false
			}
			if lo == nil || u.Cmp(lo) < 0 {
				lo = u
			}
			if hi == nil || u.Cmp(hi) > 0 {
				hi = u
			}
			return false // see every package
		})
	}
	if !ok || lo == nil {
		lo, hi = w.utilityBounds(p)
	}
	switch {
	case hi != nil && hi.Cmp(th) < 0:
		f, _ := hi.Float64()
		w.add(path, 0, "no package reaches %s's reservation %v: its preferences give at most %.4g", p.ID, d, f)
	case d > 0 && lo != nil && lo.Cmp(th) >= 0:
		f, _ := lo.Float64()
		w.add(path, 0, "every package reaches %s's reservation %v, so it constrains nothing: its preferences give at least %.4g", p.ID, d, f)
	}
}

// appendNew appends the ids not yet in list.
func appendNew(list []string, ids ...string) []string {
	for _, id := range ids {
		if !slices.Contains(list, id) {
			list = append(list, id)
		}
	}
	return list
}

// inspect calls f on e and on every expression inside it, parents first.
func inspect(e Expr, f func(Expr)) {
	if e == nil {
		return
	}
	f(e)
	switch e := e.(type) {
	case *NotExpr:
		inspect(e.X, f)
	case *AndExpr:
		for _, x := range e.X {
			inspect(x, f)
		}
	case *OrExpr:
		for _, x := range e.X {
			inspect(x, f)
		}
	case *ImpliesExpr:
		inspect(e.If, f)
		inspect(e.Then, f)
	case *IffExpr:
		inspect(e.X, f)
		inspect(e.Y, f)
	case *CardExpr:
		for _, x := range e.X {
			inspect(x, f)
		}
	}
}

// exprIssues returns the issues e mentions, in order of first mention.
func exprIssues(e Expr) []string {
	var out []string
	inspect(e, func(x Expr) {
		switch x := x.(type) {
		case *VarExpr:
			out = appendNew(out, x.Issue)
		case *IsExpr:
			out = appendNew(out, x.Issue)
		case *InExpr:
			out = appendNew(out, x.Issue)
		case *OrderExpr:
			out = appendNew(out, x.A, x.B)
		case *CmpExpr:
			for _, t := range x.L.Terms {
				out = appendNew(out, t.Issue)
			}
			for _, t := range x.R.Terms {
				out = appendNew(out, t.Issue)
			}
		}
	})
	return out
}
