package model

import (
	"fmt"
	"slices"
)

// check type-checks e against the issues of s. pos gives source columns
// (nil for expressions built in Go).
func (s *Space) check(e Expr, pos positions) *ExprError {
	return s.checkDom(e, pos, nil)
}

// checkDom is check with a cache of int issue bounds that Validate shares
// across every expression of a space (nil: a cache of its own).
func (s *Space) checkDom(e Expr, pos positions, dom map[string]domBounds) *ExprError {
	c := checker{s: s, pos: pos, dom: dom}
	c.expr(e, 0)
	return c.err
}

type checker struct {
	s   *Space
	pos positions
	err *ExprError
	dom map[string]domBounds // int issue bounds, computed once per issue
}

type domBounds struct {
	lo, hi int64
	ok     bool
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
		c.fail(at, "unknown issue %q", id)
	case is.Kind == StepKind && want == IntKind:
		c.fail(at, "step issue %q used in arithmetic (use phase(%s))", id, id)
		return nil
	case is.Kind == StepKind && want == ChoiceKind:
		c.fail(at, "step issue %q compared with a string (a step is taken or not: write %s or !%s, or compare phase(%s))", id, id, id, id)
		return nil
	case is.Kind != want && !(want == BoolKind && is.Kind == StepKind):
		switch want {
		case BoolKind:
			c.fail(at, "%s issue %q used as a boolean", is.Kind, id)
		case ChoiceKind:
			c.fail(at, "%s issue %q compared with an option (only choice issues have options)", is.Kind, id)
		case IntKind:
			c.fail(at, "%s issue %q used in arithmetic", is.Kind, id)
		case StepKind:
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
		if is := c.issue(e, e.Issue, ChoiceKind); is != nil && !slices.Contains(is.Options, e.Option) {
			c.fail(e, "%q is not an option of choice issue %q", e.Option, e.Issue)
		}
	case *InExpr:
		is := c.issue(e, e.Issue, ChoiceKind)
		for _, o := range e.Options {
			if is != nil && !slices.Contains(is.Options, o) {
				c.fail(e, "%q is not an option of choice issue %q", o, e.Issue)
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
		ll, lh, lok := c.bounds(e.L)
		rl, rh, rok := c.bounds(e.R)
		if c.err != nil {
			return
		}
		// The solver works with L - R; both ends must fit.
		_, ok1 := addOK(lh, negOK(rl))
		_, ok2 := addOK(ll, negOK(rh))
		if !lok || !rok || !ok1 || !ok2 || rl == minInt64 || rh == minInt64 {
			c.fail(e, "integer overflow: the comparison's sides can exceed 64-bit integers")
		}
	default:
		c.fail(e, "unknown expression type %T", e)
	}
}

const minInt64 = -1 << 63

func negOK(a int64) int64 {
	if a == minInt64 {
		return minInt64 // flagged by the caller
	}
	return -a
}

// bounds returns the least and greatest value of l over the issues'
// domains; ok is false on overflow.
func (c *checker) bounds(l Linear) (lo, hi int64, ok bool) {
	lo, hi, ok = l.Const, l.Const, true
	for i := range l.Terms {
		t := &l.Terms[i]
		want := IntKind
		if t.Phase {
			want = StepKind
		}
		is := c.issue(t, t.Issue, want)
		if is == nil {
			return 0, 0, false
		}
		// levelBounds, not Levels: an expression may have many terms over
		// a domain of MaxLevels values.
		d, seen := c.dom[t.Issue]
		if !seen {
			d.lo, d.hi, d.ok = is.levelBounds()
			if c.dom == nil {
				c.dom = map[string]domBounds{}
			}
			c.dom[t.Issue] = d
		}
		dlo, dhi := d.lo, d.hi
		if !d.ok {
			return 0, 0, false // bad domain, reported elsewhere
		}
		a, ok1 := mulOK(t.Coef, dlo)
		b, ok2 := mulOK(t.Coef, dhi)
		if a > b {
			a, b = b, a
		}
		var ok3, ok4 bool
		lo, ok3 = addOK(lo, a)
		hi, ok4 = addOK(hi, b)
		if !(ok1 && ok2 && ok3 && ok4) {
			return 0, 0, false
		}
	}
	return lo, hi, true
}
