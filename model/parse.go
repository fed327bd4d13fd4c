package model

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zopa-go/zopa/internal/oneline"
)

// ExprError is a problem inside an expression string, at a 1-based column
// (0 when the expression was built in Go and has no source).
type ExprError struct {
	Col int
	Msg string
}

func (e *ExprError) Error() string {
	if e.Col > 0 {
		return oneline.String(fmt.Sprintf("col %d: %s", e.Col, e.Msg))
	}
	return oneline.String(e.Msg)
}

// MaxExprDepth bounds the nesting of an expression; deeper input is
// rejected instead of exhausting the stack.
const MaxExprDepth = 500

// MaxExprLen bounds the length in bytes of one expression string.
const MaxExprLen = 1 << 20

// positions maps nodes (Expr values and *Term) to source columns.
type positions map[any]int

// ParseExpr parses src in the scenario format's expression syntax. It checks
// syntax only; Space.ParseExpr also checks the expression against the
// space's issues. Errors are *ExprError.
func ParseExpr(src string) (Expr, error) {
	e, _, err := parseExpr(src)
	if err != nil {
		return nil, err
	}
	return e, nil
}

func parseExpr(src string) (Expr, positions, error) {
	if len(src) > MaxExprLen {
		return nil, nil, &ExprError{Col: 1, Msg: fmt.Sprintf("expression longer than %d bytes", MaxExprLen)}
	}
	node, err := parser.ParseExpr(src)
	if err != nil {
		col, msg := 1, err.Error()
		if perr, ok := asScannerError(err); ok {
			col, msg = perr.col, perr.msg
		}
		col, msg = plainSyntax(src, col, msg)
		return nil, nil, &ExprError{Col: col, Msg: msg}
	}
	p := &exprParser{pos: positions{}}
	e := p.boolean(node, 0)
	if p.err != nil {
		return nil, nil, p.err
	}
	return e, p.pos, nil
}

type exprParser struct {
	pos positions
	err *ExprError
}

func (p *exprParser) fail(n ast.Node, format string, args ...any) {
	if p.err == nil {
		p.err = &ExprError{Col: int(n.Pos()), Msg: fmt.Sprintf(format, args...)}
	}
}

// failPos is fail at a position that is not a node's start (an operator).
func (p *exprParser) failPos(at token.Pos, format string, args ...any) {
	if p.err == nil {
		p.err = &ExprError{Col: int(at), Msg: fmt.Sprintf(format, args...)}
	}
}

func (p *exprParser) at(e Expr, n ast.Node) Expr {
	p.pos[e] = int(n.Pos())
	return e
}

var boolOps = map[token.Token]CmpOp{
	token.EQL: EqOp, token.NEQ: NeOp, token.LSS: LtOp,
	token.LEQ: LeOp, token.GTR: GtOp, token.GEQ: GeOp,
}

// boolean converts n, which must denote a boolean expression.
func (p *exprParser) boolean(n ast.Node, depth int) Expr {
	if p.err != nil {
		return nil
	}
	if depth > MaxExprDepth {
		p.fail(n, "expression nested more than %d deep", MaxExprDepth)
		return nil
	}
	switch n := n.(type) {
	case *ast.ParenExpr:
		return p.boolean(n.X, depth+1)
	case *ast.Ident:
		switch n.Name {
		case "true":
			return p.at(&ConstExpr{Value: true}, n)
		case "false":
			return p.at(&ConstExpr{Value: false}, n)
		}
		return p.at(&VarExpr{Issue: n.Name}, n)
	case *ast.UnaryExpr:
		if n.Op == token.NOT {
			return p.at(&NotExpr{X: p.boolean(n.X, depth+1)}, n)
		}
		p.fail(n, "operator %s used on a boolean", n.Op)
	case *ast.BinaryExpr:
		switch n.Op {
		case token.LAND, token.LOR:
			// a || b || c is a flat list, not a nesting: walk the chain of
			// one operator without counting depth.
			var xs []Expr
			for _, x := range chain(n, n.Op) {
				xs = append(xs, p.boolean(x.node, depth+1))
			}
			if p.err != nil {
				return nil
			}
			var e Expr
			if n.Op == token.LAND {
				e = And(xs...)
			} else {
				e = Or(xs...)
			}
			return p.at(e, n) // column of the first operand
		}
		if op, ok := boolOps[n.Op]; ok {
			return p.comparison(n, op, depth)
		}
		switch n.Op {
		case token.AND, token.OR:
			p.failPos(n.OpPos, "%s is not an operator here: write %s%s", n.Op, n.Op, n.Op)
			return nil
		}
		p.fail(n, "arithmetic (%s) used as a condition: compare it, as in … > 0", n.Op)
	case *ast.CallExpr:
		return p.call(n, depth)
	case *ast.BasicLit:
		p.fail(n, "literal %s used as a boolean", n.Value)
	default:
		p.fail(n, "%s", unsupported(n))
	}
	return nil
}

// unsupported names Go syntax that the expression language lacks.
func unsupported(n ast.Node) string {
	switch n := n.(type) {
	case *ast.SelectorExpr:
		return fmt.Sprintf("%s.%s: ids have no dots (. is not part of the expression language)", exprName(n.X), n.Sel.Name)
	case *ast.IndexExpr, *ast.IndexListExpr, *ast.SliceExpr:
		return "indexing with [ ] is not part of the expression language"
	case *ast.CompositeLit, *ast.FuncLit:
		return "{ } is not part of the expression language"
	case *ast.StarExpr:
		return "* needs a number on each side"
	}
	return "this is not part of the expression language"
}

// exprName is the identifier n, or "…".
func exprName(n ast.Expr) string {
	if id, ok := n.(*ast.Ident); ok {
		return id.Name
	}
	return "…"
}

// plainSyntax rewrites a go/parser error at column col of src in plain
// words, naming the usual slips (and, or, not, =, =>, single quotes, ≥).
func plainSyntax(src string, col int, msg string) (int, string) {
	word := func(at int) string { // the identifier starting at column at
		i := at - 1
		if i < 0 || i >= len(src) {
			return ""
		}
		j := i
		for j < len(src) && (src[j] == '_' || 'a' <= src[j] && src[j] <= 'z' || 'A' <= src[j] && src[j] <= 'Z' || '0' <= src[j] && src[j] <= '9') {
			j++
		}
		return src[i:j]
	}
	prevWord := func(at int) (string, int) { // the identifier ending before column at
		j := at - 1
		for j > 0 && src[j-1] == ' ' {
			j--
		}
		i := j
		for i > 0 && (src[i-1] == '_' || 'a' <= src[i-1] && src[i-1] <= 'z' || 'A' <= src[i-1] && src[i-1] <= 'Z' || '0' <= src[i-1] && src[i-1] <= '9') {
			i--
		}
		return src[i:j], i + 1
	}
	ops := map[string]string{"and": "&&", "or": "||", "AND": "&&", "OR": "||", "xor": "!=", "not": "!", "NOT": "!"}
	switch {
	case strings.HasPrefix(msg, "expected 'EOF', found "):
		found := strings.TrimPrefix(msg, "expected 'EOF', found ")
		if w, at := prevWord(col); w == "not" || w == "NOT" {
			return at, fmt.Sprintf("%q is not an operator: write ! for not", w)
		}
		if op, ok := ops[word(col)]; ok {
			return col, fmt.Sprintf("%q is not an operator: write %s", word(col), op)
		}
		switch found {
		case "')'":
			return col, "unmatched )"
		case "';'":
			return col, "; is not part of the expression language (join conditions with && or ||)"
		case "newline":
			return col, "a line break inside an expression must be inside parentheses"
		}
		return col, fmt.Sprintf("%s follows a complete expression: an operator (&&, ||, ==, +, …) is missing before it", strings.Trim(found, "'"))
	case strings.HasPrefix(msg, "expected '==', found '='"):
		switch {
		case col < len(src) && src[col] == '>':
			return col, "=> is not an operator: write >="
		case col < len(src) && src[col] == '<':
			return col, "=< is not an operator: write <="
		}
		return col, "= is not a comparison: write =="
	case strings.HasPrefix(msg, "expected operand, found "):
		found := strings.Trim(strings.TrimPrefix(msg, "expected operand, found "), "'")
		switch {
		case found == "EOF" && strings.TrimSpace(src) == "":
			return 1, "empty expression"
		case found == "EOF":
			return col, "the expression ends too early: a value is missing at its end"
		case found == "=" && col >= 3 && src[col-3:col-1] == "==":
			return col - 2, "=== is not an operator: write =="
		case found == "=" && col >= 3 && src[col-3:col-1] == "!=":
			return col - 2, "!== is not an operator: write !="
		case found == ">" && col >= 2 && src[col-2] == '<':
			return col - 1, "<> is not an operator: write !="
		}
		return col, fmt.Sprintf("a value is missing before %s", found)
	case strings.HasPrefix(msg, "expected ')'"):
		return col, "missing ) to close a parenthesis"
	case strings.HasPrefix(msg, "missing ','"):
		return col, "missing , between two arguments"
	case msg == "string literal not terminated":
		return col, "a string is missing its closing \""
	case msg == "raw string literal not terminated":
		return col, "a raw string is missing its closing `"
	case msg == "illegal rune literal" || msg == "rune literal not terminated":
		quoted := "de_jure"
		if i := col - 1; i >= 0 && i < len(src) && src[i] == '\'' {
			if j := strings.IndexByte(src[i+1:], '\''); j >= 0 {
				quoted = src[i+1 : i+1+j]
			}
		}
		return col, fmt.Sprintf("options are written in double quotes (%q), not single quotes", quoted)
	case strings.HasPrefix(msg, "illegal character "):
		r, _ := utf8.DecodeRuneInString(src[min(max(col-1, 0), len(src)):])
		if w, ok := map[rune]string{'≥': ">=", '≤': "<=", '≠': "!=", '∧': "&&", '∨': "||", '¬': "!", '?': "implies(a, b)"}[r]; ok {
			return col, fmt.Sprintf("%c is not part of the expression language: write %s", r, w)
		}
		return col, fmt.Sprintf("character %q is not part of the expression language", r)
	}
	return col, msg
}

func (p *exprParser) comparison(n *ast.BinaryExpr, op CmpOp, depth int) Expr {
	xs, xok := stringLit(n.X)
	ys, yok := stringLit(n.Y)
	if xok || yok {
		if op != EqOp && op != NeOp {
			p.fail(n, "operator %s on a choice issue (only == and != are allowed)", op)
			return nil
		}
		id, opt, idNode := n.X, ys, n.X
		if xok {
			id, opt, idNode = n.Y, xs, n.Y
			if yok {
				p.fail(n, "comparison of two strings")
				return nil
			}
		}
		ident, ok := unparen(id).(*ast.Ident)
		if !ok {
			p.fail(idNode, "a string can only be compared with a choice issue")
			return nil
		}
		o, err := strconv.Unquote(opt.Value)
		if err != nil {
			p.fail(opt, "bad string literal %s", opt.Value)
			return nil
		}
		return p.at(&IsExpr{Issue: ident.Name, Option: o, Negated: op == NeOp}, n.X)
	}
	l := p.linear(n.X, depth+1)
	r := p.linear(n.Y, depth+1)
	if p.err != nil {
		return nil
	}
	return p.at(&CmpExpr{Op: op, L: l, R: r}, n.X)
}

func unparen(n ast.Expr) ast.Expr {
	for {
		pe, ok := n.(*ast.ParenExpr)
		if !ok {
			return n
		}
		n = pe.X
	}
}

func stringLit(n ast.Expr) (*ast.BasicLit, bool) {
	b, ok := unparen(n).(*ast.BasicLit)
	if ok && b.Kind == token.STRING {
		return b, true
	}
	return nil, false
}

func (p *exprParser) call(n *ast.CallExpr, depth int) Expr {
	fn, ok := n.Fun.(*ast.Ident)
	if !ok {
		p.fail(n.Fun, "unsupported call")
		return nil
	}
	if n.Ellipsis.IsValid() {
		p.fail(n, "... is not allowed")
		return nil
	}
	switch fn.Name {
	case "in":
		if len(n.Args) < 1 {
			p.fail(n, "in needs a choice issue and options")
			return nil
		}
		id, ok := unparen(n.Args[0]).(*ast.Ident)
		if !ok {
			p.fail(n.Args[0], "first argument of in must be a choice issue")
			return nil
		}
		e := &InExpr{Issue: id.Name}
		for _, a := range n.Args[1:] {
			s, ok := stringLit(a)
			if id, bare := unparen(a).(*ast.Ident); !ok && bare {
				p.fail(a, "option %s must be in double quotes: write %q", id.Name, id.Name)
				return nil
			}
			if !ok {
				p.fail(a, "options of in must be strings in double quotes")
				return nil
			}
			o, err := strconv.Unquote(s.Value)
			if err != nil {
				p.fail(s, "bad string literal %s", s.Value)
				return nil
			}
			e.Options = append(e.Options, o)
		}
		return p.at(e, n)
	case "implies", "iff":
		if len(n.Args) != 2 {
			p.fail(n, "%s takes 2 arguments, got %d", fn.Name, len(n.Args))
			return nil
		}
		a := p.boolean(n.Args[0], depth+1)
		b := p.boolean(n.Args[1], depth+1)
		if p.err != nil {
			return nil
		}
		if fn.Name == "implies" {
			return p.at(&ImpliesExpr{If: a, Then: b}, n)
		}
		return p.at(&IffExpr{X: a, Y: b}, n)
	case "atMost", "atLeast", "exactly":
		if len(n.Args) < 1 {
			p.fail(n, "%s needs a count", fn.Name)
			return nil
		}
		k, ok := p.intLit(n.Args[0])
		if !ok {
			return nil
		}
		if k < 0 || k > math.MaxInt32 {
			p.fail(n.Args[0], "count %d of %s out of range (0 to %d)", k, fn.Name, math.MaxInt32)
			return nil
		}
		op := map[string]CardOp{"atMost": AtMostOp, "atLeast": AtLeastOp, "exactly": ExactlyOp}[fn.Name]
		e := &CardExpr{Op: op, K: int(k)}
		for _, a := range n.Args[1:] {
			x := p.boolean(a, depth+1)
			if p.err != nil {
				return nil
			}
			e.X = append(e.X, x)
		}
		return p.at(e, n)
	case "before", "together":
		if len(n.Args) != 2 {
			p.fail(n, "%s takes 2 step issues, got %d arguments", fn.Name, len(n.Args))
			return nil
		}
		e := &OrderExpr{Op: BeforeOp}
		if fn.Name == "together" {
			e.Op = TogetherOp
		}
		for i, a := range n.Args {
			id, ok := unparen(a).(*ast.Ident)
			if !ok || id.Name == "true" || id.Name == "false" {
				p.fail(a, "arguments of %s must be step issues", fn.Name)
				return nil
			}
			arg := &e.A
			if i == 1 {
				arg = &e.B
			}
			*arg = id.Name
			p.pos[arg] = int(id.Pos())
		}
		return p.at(e, n)
	case "phase":
		p.fail(n, "phase(...) is a number, not a condition: compare it, as in phase(x) <= 2")
		return nil
	}
	funcs := []string{"in", "implies", "iff", "atMost", "atLeast", "exactly", "before", "together", "phase"}
	if op, ok := map[string]string{"and": "&&", "or": "||", "not": "!"}[fn.Name]; ok {
		p.fail(fn, "unknown function %q: write %s", fn.Name, op)
		return nil
	}
	p.fail(fn, "unknown function %q%s", fn.Name, (&suggester{left: len(funcs)}).mean(fn.Name, funcs))
	return nil
}

// phaseTerm converts phase(x) inside arithmetic.
func (p *exprParser) phaseTerm(n *ast.CallExpr) Linear {
	fn, ok := n.Fun.(*ast.Ident)
	if !ok || fn.Name != "phase" {
		p.fail(n, "function call used in arithmetic (only phase(step) is allowed)")
		return Linear{}
	}
	if len(n.Args) != 1 || n.Ellipsis.IsValid() {
		p.fail(n, "phase takes 1 step issue, got %d arguments", len(n.Args))
		return Linear{}
	}
	id, ok := unparen(n.Args[0]).(*ast.Ident)
	if !ok || id.Name == "true" || id.Name == "false" {
		p.fail(n.Args[0], "the argument of phase must be a step issue")
		return Linear{}
	}
	l := Linear{Terms: []Term{{Coef: 1, Issue: id.Name, Phase: true}}}
	p.pos[&l.Terms[0]] = int(n.Pos())
	return l
}

// intLit reads an integer literal, possibly negated.
func (p *exprParser) intLit(n ast.Expr) (int64, bool) {
	n = unparen(n)
	neg := false
	if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.SUB {
		neg = true
		n = unparen(u.X)
	}
	b, ok := n.(*ast.BasicLit)
	if !ok || b.Kind != token.INT {
		p.fail(n, "count must be an integer literal")
		return 0, false
	}
	s := b.Value
	if neg {
		s = "-" + s
	}
	k, err := strconv.ParseInt(s, 0, 64)
	if err != nil {
		p.fail(b, "integer literal %s overflows", b.Value)
		return 0, false
	}
	return k, true
}

// linear converts n, which must denote a linear integer expression.
func (p *exprParser) linear(n ast.Expr, depth int) Linear {
	if p.err != nil {
		return Linear{}
	}
	if depth > MaxExprDepth {
		p.fail(n, "expression nested more than %d deep", MaxExprDepth)
		return Linear{}
	}
	switch n := n.(type) {
	case *ast.ParenExpr:
		return p.linear(n.X, depth+1)
	case *ast.Ident:
		if n.Name == "true" || n.Name == "false" {
			p.fail(n, "boolean %s used in arithmetic", n.Name)
			return Linear{}
		}
		l := Linear{Terms: []Term{{Coef: 1, Issue: n.Name}}}
		p.pos[&l.Terms[0]] = int(n.Pos())
		return l
	case *ast.BasicLit:
		if n.Kind == token.CHAR {
			p.fail(n, "options are written in double quotes (%q), not single quotes", strings.Trim(n.Value, "'"))
			return Linear{}
		}
		if n.Kind != token.INT {
			p.fail(n, "literal %s in arithmetic (only integers are allowed)", n.Value)
			return Linear{}
		}
		k, err := strconv.ParseInt(n.Value, 0, 64)
		if err != nil {
			p.fail(n, "integer literal %s overflows", n.Value)
			return Linear{}
		}
		return Linear{Const: k}
	case *ast.UnaryExpr:
		switch n.Op {
		case token.ADD:
			return p.linear(n.X, depth+1)
		case token.SUB:
			if b, ok := unparen(n.X).(*ast.BasicLit); ok && b.Kind == token.INT {
				k, err := strconv.ParseInt("-"+b.Value, 0, 64)
				if err != nil {
					p.fail(n, "integer literal -%s overflows", b.Value)
					return Linear{}
				}
				return Linear{Const: k}
			}
			return p.scale(n, p.linear(n.X, depth+1), -1)
		}
		p.fail(n, "operator %s in arithmetic", n.Op)
	case *ast.BinaryExpr:
		switch n.Op {
		case token.ADD, token.SUB:
			// A sum is a flat list of operands, not a nesting.
			ops := chain(n, token.ADD, token.SUB)
			parts := make([]Linear, len(ops))
			count := 0
			for i, x := range ops {
				parts[i] = p.linear(x.node, depth+1)
				if x.op == token.SUB {
					parts[i] = p.scale(x.at, parts[i], -1)
				}
				count += len(parts[i].Terms)
			}
			if p.err != nil {
				return Linear{}
			}
			var l Linear
			if count > 0 {
				l.Terms = make([]Term, 0, count)
			}
			for i, part := range parts {
				k, ok := addOK(l.Const, part.Const)
				if !ok {
					p.fail(ops[i].at, "integer overflow")
					return Linear{}
				}
				l.Const = k
				p.moveTermPos(l.Terms[len(l.Terms):len(l.Terms)+len(part.Terms)], part.Terms, nil)
				l.Terms = append(l.Terms, part.Terms...)
			}
			return l
		case token.MUL:
			x := p.linear(n.X, depth+1)
			y := p.linear(n.Y, depth+1)
			if p.err != nil {
				return Linear{}
			}
			switch {
			case len(x.Terms) == 0:
				return p.scale(n, y, x.Const)
			case len(y.Terms) == 0:
				return p.scale(n, x, y.Const)
			}
			p.fail(n, "multiplication of two issues (only multiplication by a constant is allowed)")
			return Linear{}
		}
		if _, ok := boolOps[n.Op]; ok {
			p.failPos(n.OpPos, "comparisons cannot be chained: write a < b && b < c")
			return Linear{}
		}
		if n.Op == token.LAND || n.Op == token.LOR {
			p.fail(n, "boolean (%s) used in arithmetic", n.Op)
			return Linear{}
		}
		p.fail(n, "operator %s is not allowed", n.Op)
	case *ast.CallExpr:
		return p.phaseTerm(n)
	default:
		p.fail(n, "%s", unsupported(n))
	}
	return Linear{}
}

// operand is one operand of a chain of binary operators: its node, the
// operator before it (0 for the first) and the node of that operation,
// where errors about it are located.
type operand struct {
	node ast.Expr
	op   token.Token
	at   ast.Node
}

// chain returns the operands of the left-leaning chain of operators ops at
// n, such as a || b || c or a + b - c, in source order. Parentheses end the
// chain.
func chain(n *ast.BinaryExpr, ops ...token.Token) []operand {
	var rev []operand
	var x ast.Expr = n
	for {
		b, ok := x.(*ast.BinaryExpr)
		if !ok || !slices.Contains(ops, b.Op) {
			break
		}
		rev = append(rev, operand{node: b.Y, op: b.Op, at: b})
		x = b.X
	}
	rev = append(rev, operand{node: x, at: x})
	slices.Reverse(rev)
	return rev
}

// moveTermPos carries the positions of the operands' terms to the new slice.
func (p *exprParser) moveTermPos(dst, x, y []Term) {
	for i := range x {
		if c, ok := p.pos[&x[i]]; ok {
			p.pos[&dst[i]] = c
		}
	}
	for i := range y {
		if c, ok := p.pos[&y[i]]; ok {
			p.pos[&dst[len(x)+i]] = c
		}
	}
}

func (p *exprParser) scale(n ast.Node, l Linear, k int64) Linear {
	if p.err != nil {
		return Linear{}
	}
	out := Linear{}
	if len(l.Terms) > 0 {
		out.Terms = make([]Term, len(l.Terms))
	}
	var ok bool
	if out.Const, ok = mulOK(l.Const, k); !ok {
		p.fail(n, "integer overflow")
		return Linear{}
	}
	for i, t := range l.Terms {
		c, ok := mulOK(t.Coef, k)
		if !ok {
			p.fail(n, "integer overflow")
			return Linear{}
		}
		out.Terms[i] = Term{Coef: c, Issue: t.Issue, Phase: t.Phase}
	}
	p.moveTermPos(out.Terms, l.Terms, nil)
	return out
}

func addOK(a, b int64) (int64, bool) {
	s := a + b
	if (a > 0 && b > 0 && s < 0) || (a < 0 && b < 0 && s >= 0) {
		return 0, false
	}
	return s, true
}

func mulOK(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	c := a * b
	if c/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, false
	}
	return c, true
}
