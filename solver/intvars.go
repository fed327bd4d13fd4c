package solver

import (
	"math/big"
	"math/bits"
	"slices"

	"github.com/irifrance/gini/logic"
	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/model"
)

// defaultOrderLimit is the widest min/max/step domain that gets the order
// encoding (one variable per level); wider ones get the binary encoding.
const defaultOrderLimit = 256

// issueVars are the variables of one issue.
//
// An int issue takes one of n levels, ascending, indexed 0..n-1 (a step
// issue the phases 1..K and K+1 for never, like a min/max/step domain
// 1..K+1). Its encoding is one of two:
//   - order (domains of at most orderLimit levels, and every domain given
//     as explicit values, whose size the document itself pays for): one
//     variable ge[j] per level, "level >= j", chained so that bounds
//     propagate;
//   - binary (wider min/max/step domains): the bits of the level index,
//     least significant first, plus "index <= n-1". The literal "level >=
//     j" is a comparator over the bits, built when first asked for, so the
//     size grows with the bits of the domain, not with its levels.
type issueVars struct {
	is     *model.Issue
	lit    z.Lit          // bool
	opts   []z.Lit        // choice
	optIdx map[string]int // choice: option -> index

	n    int     // int: number of levels
	vals []int64 // int with explicit values: the levels, ascending; nil otherwise
	ge   []z.Lit // order encoding: ge[j] holds when level >= j; ge[0] is true
	idx  []z.Lit // binary encoding: bits of the level index

	geMemo map[int]z.Lit // binary encoding: "level >= j" built so far
	eqs    map[int]z.Lit // int: "level == j" built so far
	num    *bin          // int: the level as a binary number (see offset), built on first use
}

func (iv *issueVars) size() int {
	if iv.is.Kind == model.BoolKind {
		return 2
	}
	return iv.n
}

// ordered reports whether the issue has levels (int and step issues).
func (iv *issueVars) ordered() bool {
	return iv.is.Kind == model.IntKind || iv.is.Kind == model.StepKind
}

// taken returns the literal "the step is taken": phase <= K, that is, the
// level index is below the last one (never).
func (p *Problem) taken(iv *issueVars) z.Lit { return p.geLit(iv, iv.n-1).Not() }

// optIndex returns the index of option o of a choice issue (o valid).
func (iv *issueVars) optIndex(o string) int { return iv.optIdx[o] }

// compileChoice creates the variables of a choice issue: one per option
// with exactly-one clauses for at most defaultOrderLimit options, otherwise
// the bits of the option's index (see issueVars).
func (p *Problem) compileChoice(iv *issueVars) {
	is := iv.is
	iv.n = len(is.Options)
	iv.optIdx = make(map[string]int, iv.n)
	for j, o := range is.Options {
		iv.optIdx[o] = j
	}
	if iv.n <= p.orderLimit || iv.n < 2 {
		iv.opts = make([]z.Lit, iv.n)
		for j := range iv.opts {
			iv.opts[j] = p.fresh()
		}
		p.exactlyOne(iv.opts)
		return
	}
	p.compileBits(iv)
}

// choiceUnits estimates the size of a choice issue's variables.
func choiceUnits(n, limit int) int64 {
	if n <= limit || n < 2 {
		return 4*int64(n) + int64(n)*int64(min(n, 6))/2
	}
	w := bits.Len(uint(n - 1))
	return int64(w) + cmpUnits(w)
}

// intUnits estimates the size of an int or step issue's variables.
func intUnits(n int, vals []int64, limit int) int64 {
	if orderEncoded(n, vals, limit) {
		return 2 * int64(n)
	}
	w := bits.Len(uint(n - 1))
	return int64(w) + cmpUnits(w)
}

// issueUnits estimates the size of issue iv's variables.
func (p *Problem) issueUnits(is *model.Issue) int64 {
	switch is.Kind {
	case model.ChoiceKind:
		return choiceUnits(len(is.Options), p.orderLimit)
	case model.IntKind, model.StepKind:
		n, vals := intLevels(is)
		return intUnits(n, vals, p.orderLimit)
	}
	return 1
}

// valueUnits estimates the size of the literals "iv takes value j" for
// every j of its domain (one gate per value with the order encoding, an
// and over the bits with the binary encoding).
func (iv *issueVars) valueUnits() int64 {
	switch {
	case iv.idx != nil:
		return int64(iv.n) * int64(len(iv.idx)) * gateUnits
	case iv.ge != nil:
		return int64(iv.n) * gateUnits
	}
	return 0
}

// indexLit returns the literal "the issue takes the value with index j"
// (see dom for the indexes).
func (p *Problem) indexLit(iv *issueVars, j int) z.Lit {
	switch {
	case iv.is.Kind == model.BoolKind && j == 1:
		return iv.lit
	case iv.is.Kind == model.BoolKind:
		return iv.lit.Not()
	case iv.opts != nil:
		return iv.opts[j]
	}
	m := iv.eq(p.c, j)
	p.flush(m)
	return m
}

// modelIndex returns the index of the value of iv in the current model.
func (p *Problem) modelIndex(iv *issueVars) int {
	switch {
	case iv.is.Kind == model.BoolKind:
		if p.s.Value(iv.lit) {
			return 1
		}
		return 0
	case iv.opts != nil:
		for j, m := range iv.opts {
			if p.s.Value(m) {
				return j
			}
		}
		return 0
	}
	return p.modelLevel(iv)
}

// level returns the value of level j of an int issue.
func (iv *issueVars) level(j int) int64 {
	if iv.vals != nil {
		return iv.vals[j]
	}
	if iv.is.Kind == model.StepKind { // phase() of level j
		return int64(j) + 1
	}
	return iv.is.Min + int64(j)*iv.is.Step
}

// levelIndex returns the index of value v, and whether v is a level.
func (iv *issueVars) levelIndex(v int64) (int, bool) {
	if iv.vals != nil {
		return slices.BinarySearch(iv.vals, v)
	}
	if iv.is.Kind == model.StepKind {
		return int(v - 1), v >= 1 && v <= int64(iv.n)
	}
	if v < iv.is.Min || v > iv.is.Max {
		return 0, false
	}
	d := uint64(v - iv.is.Min) // v >= Min: no wrap
	if d%uint64(iv.is.Step) != 0 {
		return 0, false
	}
	return int(d / uint64(iv.is.Step)), true
}

// intLevels returns the number of levels of an int issue and, for explicit
// values, the sorted levels, without materialising a min/max/step domain.
func intLevels(is *model.Issue) (int, []int64) {
	if is.Kind == model.StepKind { // phases 1..K, then K+1 for never
		return is.Phases + 1, nil
	}
	if is.Values != nil {
		l := slices.Clone(is.Values)
		slices.Sort(l)
		l = slices.Compact(l)
		return len(l), l
	}
	if is.Step <= 0 || is.Min > is.Max {
		return 0, nil
	}
	n := uint64(is.Max-is.Min)/uint64(is.Step) + 1 // Max >= Min: no wrap
	return int(min(n, model.MaxLevels+1)), nil
}

// orderEncoded reports whether an int issue of n levels with the given
// explicit values gets the order encoding under limit.
func orderEncoded(n int, vals []int64, limit int) bool {
	return vals != nil || n <= limit
}

// compileInt creates the variables of int issue iv.
func (p *Problem) compileInt(iv *issueVars) {
	iv.n, iv.vals = intLevels(iv.is)
	if orderEncoded(iv.n, iv.vals, p.orderLimit) {
		iv.ge = make([]z.Lit, iv.n)
		iv.ge[0] = p.c.T
		for j := 1; j < iv.n; j++ {
			iv.ge[j] = p.fresh()
			if j > 1 && !mutated("order-chain") {
				p.s.AddClause(iv.ge[j].Not(), iv.ge[j-1])
			}
		}
		return
	}
	p.compileBits(iv)
}

// compileBits gives iv the binary encoding of its value index.
func (p *Problem) compileBits(iv *issueVars) {
	iv.idx = make([]z.Lit, bits.Len(uint(iv.n-1)))
	for b := range iv.idx {
		iv.idx[b] = p.fresh()
	}
	// The index stays below n.
	if iv.n < 1<<len(iv.idx) && !mutated("index-bound") {
		p.s.AddClause(p.geBinary(iv, iv.n).Not())
	}
}

// geLit returns the literal "level >= j" of an int issue: true for j <= 0,
// false for j >= n. A binary-encoded issue's comparator is built on first
// use and written to the solver.
func (p *Problem) geLit(iv *issueVars, j int) z.Lit {
	switch {
	case j <= 0:
		return p.c.T
	case j >= iv.n:
		return p.c.F
	case iv.ge != nil:
		return iv.ge[j]
	}
	return p.geBinary(iv, j)
}

// geBinary is geLit for a binary-encoded issue, also for j == n (the
// domain bound).
func (p *Problem) geBinary(iv *issueVars, j int) z.Lit {
	if m, ok := iv.geMemo[j]; ok {
		return m
	}
	m := arith{p.c}.geBits(iv.idx, big.NewInt(int64(j)))
	p.flush(m)
	if iv.geMemo == nil {
		iv.geMemo = map[int]z.Lit{}
	}
	iv.geMemo[j] = m
	return m
}

// eq returns the literal "level == j" of an int issue.
func (iv *issueVars) eq(c *logic.C, j int) z.Lit {
	if m, ok := iv.eqs[j]; ok {
		return m
	}
	var m z.Lit
	switch {
	case iv.n == 1:
		m = c.T
	case iv.ge != nil:
		m = iv.ge[j]
		if j+1 < len(iv.ge) && !mutated("eq") {
			m = c.And(m, iv.ge[j+1].Not())
		}
	case iv.opts != nil:
		m = iv.opts[j]
	default:
		ms := make([]z.Lit, len(iv.idx))
		for b, x := range iv.idx {
			if j>>b&1 == 1 {
				ms[b] = x
			} else {
				ms[b] = x.Not()
			}
		}
		m = arith{c}.ands(ms)
	}
	if iv.eqs == nil {
		iv.eqs = map[int]z.Lit{}
	}
	iv.eqs[j] = m
	return m
}

// modelLevel returns the level index of int issue iv in the current model.
func (p *Problem) modelLevel(iv *issueVars) int {
	if iv.ge == nil {
		j := 0
		for b, x := range iv.idx {
			if p.s.Value(x) {
				j |= 1 << b
			}
		}
		return j
	}
	lo, hi := 0, iv.n-1 // ge is monotone: binary search for the last true
	for lo < hi {
		mid := lo + (hi-lo+1)/2
		if p.s.Value(iv.ge[mid]) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// steps returns an int or step issue's value x as the binary number
// (x - Lo)/Step of package linear's domain (see domain): the level index
// for min/max/step domains, a table over the levels for explicit values.
// It is built once.
func (p *Problem) steps(iv *issueVars) bin {
	if iv.num != nil {
		return *iv.num
	}
	var b bin
	switch {
	case iv.n == 1:
		b = bin{max: new(big.Int)}
	case iv.idx != nil:
		b = bin{bits: iv.idx, max: big.NewInt(int64(iv.n - 1))}
	default:
		d := iv.domain()
		opts := make([]z.Lit, iv.n)
		vals := make([]*big.Int, iv.n)
		for j := range iv.n {
			opts[j] = iv.eq(p.c, j)
			vals[j] = new(big.Int).SetUint64((uint64(iv.level(j)) - uint64(d.Lo)) / d.Step) // exact: level >= Lo
		}
		b = arith{p.c}.table(opts, vals)
	}
	iv.num = &b
	return b
}

// offsetUnits estimates the size steps adds for iv (0 once built), and the
// width of its number.
func offsetUnits(iv *issueVars) (int64, int) {
	switch {
	case iv.n == 1:
		return 0, 0
	case iv.idx != nil:
		return 0, len(iv.idx)
	}
	d := iv.domain()
	w := bits.Len64((uint64(d.Hi) - uint64(d.Lo)) / d.Step)
	if iv.num != nil {
		return 0, w
	}
	return int64(iv.n)*gateUnits + tableUnits(iv.n, w), w
}
