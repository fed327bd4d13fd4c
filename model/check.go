package model

import (
	"fmt"
	"slices"

	"github.com/zopa-go/zopa/internal/linear"
)

// check type-checks e against the issues of s. pos gives source columns
// (nil for expressions built in Go).
func (s *Space) check(e Expr, pos positions) *ExprError {
	return s.checkDom(e, pos, nil)
}

// checkDom is check with a cache of int issue bounds that Validate shares
// across every expression of a space (nil: a cache of its own).
func (s *Space) checkDom(e Expr, pos positions, dom map[string]domBounds) *ExprError {
	return s.checkWith(e, pos, dom, newSuggester())
}

// checkWith is checkDom with the validation's suggester.
func (s *Space) checkWith(e Expr, pos positions, dom map[string]domBounds, sugg *suggester) *ExprError {
	c := checker{s: s, pos: pos, dom: dom, sugg: sugg}
	c.expr(e, 0)
	return c.err
}

type checker struct {
	s   *Space
	pos positions
	err *ExprError
	dom map[string]domBounds // int issue bounds, computed once per issue
	// sugg finds "did you mean" suggestions (nil: none).
	sugg *suggester
}

type domBounds struct {
	d  linear.Domain
	ok bool
}

func (c *checker) fail(at any, format string, args ...any) {
	if c.err == nil {
		c.err = &ExprError{Col: c.pos[at], Msg: fmt.Sprintf(format, args...)}
	}
}

func (c *checker) issue(at any, id string, want Kind) *Issue {
	is := c.s.Issue(id)
	switch {
	case is == nil:
		c.fail(at, "%s", c.unknownIssue(id, want))
	case is.Kind == StepKind && want == IntKind:
		c.fail(at, "step issue %q used in arithmetic (use phase(%s))", id, id)
		return nil
	case is.Kind == StepKind && want == ChoiceKind:
		c.fail(at, "step issue %q compared with a string (a step is taken or not: write %s or !%s, or compare phase(%s))", id, id, id, id)
		return nil
	case is.Kind != want && !(want == BoolKind && is.Kind == StepKind):
		switch {
		case want == BoolKind && is.Kind == ChoiceKind && len(is.Options) > 0:
			c.fail(at, "choice issue %q used as a boolean: compare it with one of its options, as in %s == %q", id, id, is.Options[0])
		case want == BoolKind && is.Kind == IntKind:
			c.fail(at, "int issue %q used as a boolean: compare it with a number, as in %s > 0", id, id)
		case want == BoolKind:
			c.fail(at, "%s issue %q used as a boolean", is.Kind, id)
		case want == ChoiceKind:
			c.fail(at, "%s issue %q compared with an option (only choice issues have options)", is.Kind, id)
		case want == IntKind && is.Kind == ChoiceKind && len(is.Options) > 0:
			c.fail(at, "choice issue %q can only be compared with one of its options in double quotes, as in %s == %q", id, id, is.Options[0])
		case want == IntKind:
			c.fail(at, "%s issue %q used in arithmetic", is.Kind, id)
		case want == StepKind:
			c.fail(at, "%s issue %q is not a step (phase, before and together take step issues)", is.Kind, id)
		}
		return nil
	}
	return is
}

func (c *checker) expr(e Expr, depth int) {
	if c.err != nil {
		return
	}
	if depth > MaxExprDepth {
		c.fail(e, "expression nested more than %d deep", MaxExprDepth)
		return
	}
	switch e := e.(type) {
	case nil:
		c.fail(nil, "missing expression")
	case *ConstExpr:
	case *VarExpr:
		c.issue(e, e.Issue, BoolKind)
	case *NotExpr:
		c.expr(e.X, depth+1)
	case *AndExpr:
		for _, x := range e.X {
			c.expr(x, depth+1)
		}
	case *OrExpr:
		for _, x := range e.X {
			c.expr(x, depth+1)
		}
	case *ImpliesExpr:
		c.expr(e.If, depth+1)
		c.expr(e.Then, depth+1)
	case *IffExpr:
		c.expr(e.X, depth+1)
		c.expr(e.Y, depth+1)
	case *IsExpr:
		if is := c.issue(e, e.Issue, ChoiceKind); is != nil && !c.s.hasOption(is, e.Option) {
			c.fail(e, "%q is not an option of choice issue %q%s", e.Option, e.Issue, c.sugg.mean(e.Option, is.Options))
		}
	case *InExpr:
		is := c.issue(e, e.Issue, ChoiceKind)
		for _, o := range e.Options {
			if is != nil && !c.s.hasOption(is, o) {
				c.fail(e, "%q is not an option of choice issue %q%s", o, e.Issue, c.sugg.mean(o, is.Options))
			}
		}
	case *CardExpr:
		if e.Op < AtMostOp || e.Op > ExactlyOp {
			c.fail(e, "unknown cardinality operator %d", e.Op)
		}
		if e.K < 0 {
			c.fail(e, "count %d of %s is negative", e.K, e.Op)
		}
		for _, x := range e.X {
			c.expr(x, depth+1)
		}
	case *OrderExpr:
		if e.Op < BeforeOp || e.Op > TogetherOp {
			c.fail(e, "unknown order relation %d", e.Op)
		}
		c.issue(&e.A, e.A, StepKind)
		c.issue(&e.B, e.B, StepKind)
	case *CmpExpr:
		if e.Op < EqOp || e.Op > GeOp {
			c.fail(e, "unknown comparison operator %d", e.Op)
		}
		if c.unquotedOption(e) || !c.ints(e.L) || !c.ints(e.R) {
			return
		}
		if err := c.s.overflow(e, c.domain); err != nil {
			c.fail(e, "integer overflow: %v", err)
		}
	default:
		c.fail(e, "unknown expression type %T", e)
	}
}

// unknownIssue says that id names no issue: with a suggestion, or, when id
// is an option of a choice issue, how to compare with it.
func (c *checker) unknownIssue(id string, want Kind) string {
	if want != IntKind {
		for i := range c.s.Issues {
			if is := &c.s.Issues[i]; is.Kind == ChoiceKind && slices.Contains(is.Options, id) {
				return fmt.Sprintf("unknown issue %q: it is an option of choice issue %q (write %s == %q)", id, is.ID, is.ID, id)
			}
		}
	}
	kinds := []Kind{want}
	switch want {
	case BoolKind:
		kinds = append(kinds, StepKind)
	case StepKind:
		kinds = nil
	}
	if m := c.sugg.mean(id, c.s.issueIDs(kinds...)); m != "" {
		return fmt.Sprintf("unknown issue %q%s", id, m)
	}
	return fmt.Sprintf("unknown issue %q%s", id, c.sugg.mean(id, c.s.issueIDs()))
}

// unquotedOption reports (and fails on) a choice issue compared with a
// bare word, pension != defined_contribution: the option is unquoted.
func (c *checker) unquotedOption(e *CmpExpr) bool {
	if e.Op != EqOp && e.Op != NeOp {
		return false
	}
	bare := func(l Linear) (string, bool) {
		if len(l.Terms) == 1 && l.Const == 0 && l.Terms[0].Coef == 1 && !l.Terms[0].Phase {
			return l.Terms[0].Issue, true
		}
		return "", false
	}
	x, xok := bare(e.L)
	y, yok := bare(e.R)
	if !xok || !yok {
		return false
	}
	for _, pair := range [][2]string{{x, y}, {y, x}} {
		is, word := c.s.Issue(pair[0]), pair[1]
		if is == nil || is.Kind != ChoiceKind || c.s.Issue(word) != nil {
			continue
		}
		at := &e.R.Terms[0]
		if word == x {
			at = &e.L.Terms[0]
		}
		if slices.Contains(is.Options, word) {
			c.fail(at, "option %s of choice issue %q must be in double quotes: write %s %s %q", word, is.ID, is.ID, e.Op, word)
		} else {
			c.fail(at, "%s is neither an issue nor an option of choice issue %q (options are written in double quotes, as in %s %s %q)%s",
				word, is.ID, is.ID, e.Op, is.Options[0], c.sugg.mean(word, is.Options))
		}
		return true
	}
	return false
}

// ints checks that every term of l names an int issue.
func (c *checker) ints(l Linear) bool {
	for i := range l.Terms {
		t := &l.Terms[i]
		want := IntKind
		if t.Phase {
			want = StepKind
		}
		if c.issue(t, t.Issue, want) == nil {
			return false
		}
	}
	return true
}

// domain returns the domain of int issue id, computed once per issue (an
// expression may have many terms over a domain of MaxLevels values).
func (c *checker) domain(id string) (linear.Domain, bool) {
	d, seen := c.dom[id]
	if !seen {
		d.d, d.ok = c.s.Issue(id).linDomain()
		if c.dom == nil {
			c.dom = map[string]domBounds{}
		}
		c.dom[id] = d
	}
	return d.d, d.ok
}

// overflow says why comparison e overflows, or nil: a side, summed term
// by term as written, can leave the int64 range (the evaluator computes
// each side in an int64), or the normal form the solver encodes spans
// more than an int64 (see package linear). Every issue of e must be an
// int issue of s.
func (s *Space) overflow(e *CmpExpr, dom func(string) (linear.Domain, bool)) error {
	lt, rt := linTerms(e.L), linTerms(e.R)
	if err := linear.Sides(lt, rt, e.L.Const, e.R.Const, dom); err != nil {
		return err
	}
	for _, t := range append(lt, rt...) {
		if _, ok := dom(t.Issue); !ok {
			return nil // a bad domain, reported elsewhere
		}
	}
	_, err := linear.Normalize(lt, rt, e.L.Const, e.R.Const, linear.Op(e.Op), func(id string) linear.Domain {
		d, _ := dom(id)
		return d
	})
	return err
}

func linTerms(l Linear) []linear.Term {
	out := make([]linear.Term, len(l.Terms))
	for i, t := range l.Terms {
		out[i] = linear.Term{Coef: t.Coef, Issue: t.Issue}
	}
	return out
}
