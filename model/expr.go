package model

import (
	"math"
	"strconv"
	"strings"
)

// Expr is a typed boolean expression over the issues of a space. The
// concrete types are the *…Expr types of this package; build them with the
// constructors (Var, Not, And, …) or parse them with ParseExpr. Every Expr
// prints, with String, to a string that ParseExpr turns back into an equal
// expression.
type Expr interface {
	// String prints the expression in the scenario format's syntax.
	String() string
	expr()
}

// ConstExpr is the constant true or false.
type ConstExpr struct{ Value bool }

// VarExpr is a bool issue that holds (is true).
type VarExpr struct{ Issue string }

// NotExpr negates X.
type NotExpr struct{ X Expr }

// AndExpr holds when every operand holds (true when empty).
type AndExpr struct{ X []Expr }

// OrExpr holds when some operand holds (false when empty).
type OrExpr struct{ X []Expr }

// ImpliesExpr is implies(If, Then).
type ImpliesExpr struct{ If, Then Expr }

// IffExpr is iff(X, Y).
type IffExpr struct{ X, Y Expr }

// IsExpr compares a choice issue with one option: Issue == "Option", or
// Issue != "Option" when Negated.
type IsExpr struct {
	Issue   string
	Option  string
	Negated bool
}

// InExpr holds when the choice issue takes one of Options.
type InExpr struct {
	Issue   string
	Options []string
}

// CardOp is the operator of a cardinality expression.
type CardOp uint8

// Cardinality operators.
const (
	AtMostOp CardOp = iota + 1
	AtLeastOp
	ExactlyOp
)

// String returns the function name of op as written in expressions.
func (op CardOp) String() string {
	switch op {
	case AtMostOp:
		return "atMost"
	case AtLeastOp:
		return "atLeast"
	case ExactlyOp:
		return "exactly"
	}
	return "CardOp(" + strconv.Itoa(int(op)) + ")"
}

// CardExpr counts how many of X hold and compares that count with K.
type CardExpr struct {
	Op CardOp
	K  int
	X  []Expr
}

// CmpOp is a comparison operator between linear integer expressions.
type CmpOp uint8

// Comparison operators.
const (
	EqOp CmpOp = iota + 1
	NeOp
	LtOp
	LeOp
	GtOp
	GeOp
)

var cmpNames = [...]string{"", "==", "!=", "<", "<=", ">", ">="}

// String returns the operator as written in expressions.
func (op CmpOp) String() string {
	if int(op) < len(cmpNames) && op > 0 {
		return cmpNames[op]
	}
	return "CmpOp(" + strconv.Itoa(int(op)) + ")"
}

// Holds reports whether l op r.
func (op CmpOp) Holds(l, r int64) bool {
	switch op {
	case EqOp:
		return l == r
	case NeOp:
		return l != r
	case LtOp:
		return l < r
	case LeOp:
		return l <= r
	case GtOp:
		return l > r
	case GeOp:
		return l >= r
	}
	return false
}

// CmpExpr compares two linear integer expressions.
type CmpExpr struct {
	Op   CmpOp
	L, R Linear
}

// Term is Coef times the value of an int issue, or, with Phase, Coef times
// phase(Issue) of a step issue (its phase, K + 1 when never taken).
type Term struct {
	Coef  int64
	Issue string
	Phase bool
}

// Linear is a linear integer expression: the sum of Terms plus Const.
type Linear struct {
	Terms []Term
	Const int64
}

// OrderOp is the relation of an OrderExpr.
type OrderOp uint8

// Order relations between two steps.
const (
	// BeforeOp: both steps are taken and the first in an earlier phase.
	BeforeOp OrderOp = iota + 1
	// TogetherOp: both steps are taken, in the same phase.
	TogetherOp
)

// String returns the function name of op as written in expressions.
func (op OrderOp) String() string {
	switch op {
	case BeforeOp:
		return "before"
	case TogetherOp:
		return "together"
	}
	return "OrderOp(" + strconv.Itoa(int(op)) + ")"
}

// OrderExpr is before(A, B) or together(A, B) over two step issues.
type OrderExpr struct {
	Op   OrderOp
	A, B string
}

func (*ConstExpr) expr()   {}
func (*VarExpr) expr()     {}
func (*NotExpr) expr()     {}
func (*AndExpr) expr()     {}
func (*OrExpr) expr()      {}
func (*ImpliesExpr) expr() {}
func (*IffExpr) expr()     {}
func (*IsExpr) expr()      {}
func (*InExpr) expr()      {}
func (*CardExpr) expr()    {}
func (*CmpExpr) expr()     {}
func (*OrderExpr) expr()   {}

// Constructors. They build the same trees ParseExpr does: And and Or
// flatten nested operands of their own kind.

// True returns the constant true (a new value each time, so that no
// caller can change another's constant).
func True() Expr { return &ConstExpr{Value: true} }

// False returns the constant false (a new value each time).
func False() Expr { return &ConstExpr{Value: false} }

// Operands returns the boolean operands of e: the operand of not, the
// operands of and, or, implies, iff and the cardinality operators; nil for
// an atom (a constant, a bool or step variable, is, in, a comparison or an
// order). The slice is e's own for and, or and the cardinalities: do not
// modify it.
func Operands(e Expr) []Expr {
	switch e := e.(type) {
	case *NotExpr:
		return []Expr{e.X}
	case *AndExpr:
		return e.X
	case *OrExpr:
		return e.X
	case *ImpliesExpr:
		return []Expr{e.If, e.Then}
	case *IffExpr:
		return []Expr{e.X, e.Y}
	case *CardExpr:
		return e.X
	}
	return nil
}

// Inspect traverses e depth first, as go/ast.Inspect does: it calls f(x)
// for x = e and, when f returns true, for each of x's operands in turn.
func Inspect(e Expr, f func(Expr) bool) {
	if e == nil || !f(e) {
		return
	}
	for _, x := range Operands(e) {
		Inspect(x, f)
	}
}

// Issues calls f with the id of every issue e mentions, in the order of
// the expression tree (an issue can come more than once): variables, is
// and in, the terms of comparisons (phase(x) included) and both steps of
// an order.
func Issues(e Expr, f func(id string)) {
	Inspect(e, func(x Expr) bool {
		switch x := x.(type) {
		case *VarExpr:
			f(x.Issue)
		case *IsExpr:
			f(x.Issue)
		case *InExpr:
			f(x.Issue)
		case *OrderExpr:
			f(x.A)
			f(x.B)
		case *CmpExpr:
			for _, t := range x.L.Terms {
				f(t.Issue)
			}
			for _, t := range x.R.Terms {
				f(t.Issue)
			}
		}
		return true
	})
}

// Var is the bool issue id, or for a step issue: the step is taken.
func Var(id string) Expr { return &VarExpr{Issue: id} }

// Not negates x.
func Not(x Expr) Expr { return &NotExpr{X: x} }

// And holds when all of xs hold.
func And(xs ...Expr) Expr { return &AndExpr{X: flatten[*AndExpr](xs)} }

// Or holds when some of xs holds.
func Or(xs ...Expr) Expr { return &OrExpr{X: flatten[*OrExpr](xs)} }

func flatten[T interface {
	*AndExpr | *OrExpr
	Expr
}](xs []Expr) []Expr {
	out := make([]Expr, 0, len(xs))
	for _, x := range xs {
		switch y := x.(type) {
		case T:
			switch z := any(y).(type) {
			case *AndExpr:
				out = append(out, z.X...)
			case *OrExpr:
				out = append(out, z.X...)
			}
		default:
			out = append(out, x)
		}
	}
	return out
}

// Implies is implies(a, b).
func Implies(a, b Expr) Expr { return &ImpliesExpr{If: a, Then: b} }

// Iff is iff(a, b).
func Iff(a, b Expr) Expr { return &IffExpr{X: a, Y: b} }

// Is holds when the choice issue takes option.
func Is(issue, option string) Expr { return &IsExpr{Issue: issue, Option: option} }

// IsNot holds when the choice issue does not take option.
func IsNot(issue, option string) Expr { return &IsExpr{Issue: issue, Option: option, Negated: true} }

// In holds when the choice issue takes one of options.
func In(issue string, options ...string) Expr { return &InExpr{Issue: issue, Options: options} }

// AtMost holds when at most k of xs hold.
func AtMost(k int, xs ...Expr) Expr { return &CardExpr{Op: AtMostOp, K: k, X: xs} }

// AtLeast holds when at least k of xs hold.
func AtLeast(k int, xs ...Expr) Expr { return &CardExpr{Op: AtLeastOp, K: k, X: xs} }

// Exactly holds when exactly k of xs hold.
func Exactly(k int, xs ...Expr) Expr { return &CardExpr{Op: ExactlyOp, K: k, X: xs} }

// Num is the value of the int issue id as a linear expression.
func Num(id string) Linear { return Linear{Terms: []Term{{Coef: 1, Issue: id}}} }

// Phase is phase(id) of the step issue id as a linear expression.
func Phase(id string) Linear { return Linear{Terms: []Term{{Coef: 1, Issue: id, Phase: true}}} }

// Before holds when steps a and b are both taken and a in an earlier phase.
func Before(a, b string) Expr { return &OrderExpr{Op: BeforeOp, A: a, B: b} }

// Together holds when steps a and b are both taken in the same phase.
func Together(a, b string) Expr { return &OrderExpr{Op: TogetherOp, A: a, B: b} }

// Const is the constant k as a linear expression.
func Const(k int64) Linear { return Linear{Const: k} }

// Compare builds l op r.
func Compare(l Linear, op CmpOp, r Linear) Expr { return &CmpExpr{Op: op, L: l, R: r} }

// String implementations.

func (e *ConstExpr) String() string { return strconv.FormatBool(e.Value) }
func (e *VarExpr) String() string   { return e.Issue }
func (e *NotExpr) String() string   { return "!" + wrap(e.X, precUnary) }
func (e *AndExpr) String() string {
	if len(e.X) == 0 {
		return "true"
	}
	return join(e.X, " && ", precAnd)
}
func (e *OrExpr) String() string {
	if len(e.X) == 0 {
		return "false"
	}
	return join(e.X, " || ", precOr)
}
func (e *ImpliesExpr) String() string {
	return "implies(" + e.If.String() + ", " + e.Then.String() + ")"
}
func (e *IffExpr) String() string { return "iff(" + e.X.String() + ", " + e.Y.String() + ")" }
func (e *IsExpr) String() string {
	op := " == "
	if e.Negated {
		op = " != "
	}
	return e.Issue + op + strconv.Quote(e.Option)
}
func (e *InExpr) String() string {
	var b strings.Builder
	b.WriteString("in(")
	b.WriteString(e.Issue)
	for _, o := range e.Options {
		b.WriteString(", ")
		b.WriteString(strconv.Quote(o))
	}
	b.WriteString(")")
	return b.String()
}
func (e *CardExpr) String() string {
	var b strings.Builder
	b.WriteString(e.Op.String())
	b.WriteString("(")
	b.WriteString(strconv.Itoa(e.K))
	for _, x := range e.X {
		b.WriteString(", ")
		b.WriteString(x.String())
	}
	b.WriteString(")")
	return b.String()
}
func (e *OrderExpr) String() string {
	return e.Op.String() + "(" + e.A + ", " + e.B + ")"
}
func (e *CmpExpr) String() string {
	return e.L.String() + " " + e.Op.String() + " " + e.R.String()
}

// String prints l as a sum such as "a + 2*b - c + 10".
func (l Linear) String() string {
	var b strings.Builder
	for i, t := range l.Terms {
		c := t.Coef
		switch {
		case i == 0:
			// first term carries its own sign
		case c < 0 && c != math.MinInt64:
			b.WriteString(" - ")
			c = -c
		default:
			b.WriteString(" + ")
		}
		switch c {
		case 1:
		case -1:
			b.WriteString("-")
		default:
			b.WriteString(strconv.FormatInt(c, 10))
			b.WriteString("*")
		}
		if t.Phase {
			b.WriteString("phase(" + t.Issue + ")")
		} else {
			b.WriteString(t.Issue)
		}
	}
	k := l.Const
	switch {
	case len(l.Terms) == 0:
		b.WriteString(strconv.FormatInt(k, 10))
	case k == 0:
	case k < 0 && k != math.MinInt64:
		b.WriteString(" - ")
		b.WriteString(strconv.FormatInt(-k, 10))
	default:
		b.WriteString(" + ")
		b.WriteString(strconv.FormatInt(k, 10))
	}
	return b.String()
}

const (
	precOr = iota + 1
	precAnd
	precCmp
	precUnary
)

func prec(e Expr) int {
	switch e := e.(type) {
	case *OrExpr:
		if len(e.X) == 0 {
			return precUnary
		}
		return precOr
	case *AndExpr:
		if len(e.X) == 0 {
			return precUnary
		}
		return precAnd
	case *IsExpr, *CmpExpr:
		return precCmp
	}
	return precUnary
}

// wrap prints x, in parentheses when its precedence is below min.
func wrap(x Expr, min int) string {
	if prec(x) < min {
		return "(" + x.String() + ")"
	}
	return x.String()
}

func join(xs []Expr, sep string, p int) string {
	var b strings.Builder
	for i, x := range xs {
		if i > 0 {
			b.WriteString(sep)
		}
		// Operands of the same precedence are parenthesised: a flattened
		// tree never holds them, and a constructed one must keep its shape.
		b.WriteString(wrap(x, p+1))
	}
	return b.String()
}
