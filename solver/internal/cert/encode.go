package cert

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"slices"

	"github.com/irifrance/gini/z"

	"github.com/zopa-go/zopa/internal/decimal"
	"github.com/zopa-go/zopa/model"
)

// issue is the encoding of one issue. A bool issue is one variable; a
// choice, int or step issue is the index of its value in binary (options
// in declared order, int levels ascending, a step's phases 1..K ascending
// then never, so that phase() is the index plus one), restricted to the
// domain's size.
type issue struct {
	is     *model.Issue
	b      z.Lit   // bool
	bits   []z.Lit // choice, int: index, least significant bit first
	n      int     // number of values
	levels []int64 // int with explicit values: ascending; nil for min/max/step (see level)
	eqs    map[int]z.Lit
}

// encodeIssue allocates the variables of is and restricts its index to
// the domain.
func (c *Checker) encodeIssue(is *model.Issue) *issue {
	iv := &issue{is: is, eqs: map[int]z.Lit{}}
	switch is.Kind {
	case model.BoolKind:
		iv.b = c.c.fresh()
		iv.n = 2
		return iv
	case model.ChoiceKind:
		iv.n = len(is.Options)
	case model.StepKind:
		iv.n = is.Phases + 1
	case model.IntKind:
		if is.Values != nil {
			iv.levels = is.Levels()
		}
		iv.n = is.Size() // a min/max/step domain is not built: see level
	}
	w := bits.Len(uint(max(iv.n-1, 0)))
	iv.bits = make([]z.Lit, w)
	for b := range iv.bits {
		iv.bits[b] = c.c.fresh()
	}
	if iv.n < 1<<w {
		// index <= n-1
		c.c.s.AddClause(c.c.atLeast(iv.bits, big.NewInt(int64(iv.n))).Not())
	}
	return iv
}

// eq returns the literal "the issue takes its j-th value".
func (c *Checker) eq(iv *issue, j int) z.Lit {
	if iv.is.Kind == model.BoolKind {
		if j == 1 {
			return iv.b
		}
		return iv.b.Not()
	}
	if m, ok := iv.eqs[j]; ok {
		return m
	}
	want := bitsOf(j, len(iv.bits))
	ms := make([]z.Lit, len(iv.bits))
	for b, m := range iv.bits {
		if want[b] {
			ms[b] = m
		} else {
			ms[b] = m.Not()
		}
	}
	m := c.c.and(ms...)
	iv.eqs[j] = m
	return m
}

// index returns the position of v in the issue's domain, or -1.
func (iv *issue) index(v model.Value) int {
	if v.Kind() != iv.is.Kind {
		return -1
	}
	switch iv.is.Kind {
	case model.BoolKind:
		if v.Bool() {
			return 1
		}
		return 0
	case model.ChoiceKind:
		return slices.Index(iv.is.Options, v.Option())
	case model.StepKind:
		if !v.Taken() {
			return iv.n - 1
		}
		if v.Phase() < 1 || v.Phase() >= iv.n {
			return -1
		}
		return v.Phase() - 1
	}
	j := iv.below(v.Int())
	if j == iv.n || iv.level(j) != v.Int() {
		return -1
	}
	return j
}

// level returns level j of an int issue (0 <= j < n).
func (iv *issue) level(j int) int64 {
	if iv.levels != nil {
		return iv.levels[j]
	}
	return iv.is.ValueAt(j).Int()
}

// below returns the number of levels of an int issue below x.
func (iv *issue) below(x int64) int {
	if iv.levels != nil {
		j, _ := slices.BinarySearch(iv.levels, x)
		return j
	}
	// The levels ascend: binary search over their indexes.
	lo, hi := 0, iv.n
	for lo < hi {
		mid := lo + (hi-lo)/2
		if iv.level(mid) < x {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// value reads the issue's value from the current model.
func (c *Checker) value(iv *issue) model.Value {
	if iv.is.Kind == model.BoolKind {
		return model.BoolValue(c.c.s.Value(iv.b))
	}
	j := 0
	for b, m := range iv.bits {
		if c.c.s.Value(m) {
			j |= 1 << b
		}
	}
	return c.valueAt(iv, min(j, iv.n-1)) // min: cannot happen, the index is restricted
}

// valueAt returns the issue's value with index j.
func (c *Checker) valueAt(iv *issue, j int) model.Value {
	switch iv.is.Kind {
	case model.BoolKind:
		return model.BoolValue(j == 1)
	case model.ChoiceKind:
		return model.OptionValue(iv.is.Options[j])
	case model.StepKind:
		if j == iv.n-1 {
			return model.Never()
		}
		return model.StepValue(j + 1)
	}
	return model.IntValue(iv.level(j))
}

// issueOf returns the encoding of issue id.
func (c *Checker) issueOf(id string) (*issue, error) {
	iv, ok := c.issues[id]
	if !ok {
		return nil, fmt.Errorf("unknown issue %q", id)
	}
	return iv, nil
}

// expr returns a literal equivalent to e.
func (c *Checker) expr(e model.Expr) (z.Lit, error) {
	switch e := e.(type) {
	case *model.ConstExpr:
		return c.c.konst(e.Value), nil
	case *model.VarExpr:
		iv, err := c.issueOf(e.Issue)
		if err != nil {
			return 0, err
		}
		if iv.is.Kind == model.StepKind {
			return c.eq(iv, iv.n-1).Not(), nil // taken: not never
		}
		return iv.b, nil
	case *model.OrderExpr:
		return c.orderExpr(e)
	case *model.NotExpr:
		m, err := c.expr(e.X)
		return m.Not(), err
	case *model.AndExpr:
		ms, err := c.exprs(e.X)
		if err != nil {
			return 0, err
		}
		return c.c.and(ms...), nil
	case *model.OrExpr:
		ms, err := c.exprs(e.X)
		if err != nil {
			return 0, err
		}
		return c.c.or(ms...), nil
	case *model.ImpliesExpr:
		ms, err := c.exprs([]model.Expr{e.If, e.Then})
		if err != nil {
			return 0, err
		}
		return c.c.or(ms[0].Not(), ms[1]), nil
	case *model.IffExpr:
		ms, err := c.exprs([]model.Expr{e.X, e.Y})
		if err != nil {
			return 0, err
		}
		return c.c.xor(ms[0], ms[1]).Not(), nil
	case *model.IsExpr:
		iv, err := c.issueOf(e.Issue)
		if err != nil {
			return 0, err
		}
		j := iv.index(model.OptionValue(e.Option))
		if j < 0 {
			return 0, fmt.Errorf("%q is not an option of %q", e.Option, e.Issue)
		}
		m := c.eq(iv, j)
		if e.Negated {
			m = m.Not()
		}
		return m, nil
	case *model.InExpr:
		iv, err := c.issueOf(e.Issue)
		if err != nil {
			return 0, err
		}
		var ms []z.Lit
		for _, o := range e.Options {
			j := iv.index(model.OptionValue(o))
			if j < 0 {
				return 0, fmt.Errorf("%q is not an option of %q", o, e.Issue)
			}
			ms = append(ms, c.eq(iv, j))
		}
		return c.c.or(ms...), nil
	case *model.CardExpr:
		ms, err := c.exprs(e.X)
		if err != nil {
			return 0, err
		}
		s := newSum()
		for _, m := range ms {
			c.c.addLit(s, 0, m)
		}
		n := c.c.bits(s)
		k := new(big.Int).Sub(big.NewInt(int64(e.K)), s.konst)
		geK := c.c.atLeast(n, k)
		leK := c.c.atLeast(n, new(big.Int).Add(k, big.NewInt(1))).Not()
		switch e.Op {
		case model.AtMostOp:
			return leK, nil
		case model.AtLeastOp:
			return geK, nil
		case model.ExactlyOp:
			return c.c.and(geK, leK), nil
		}
		return 0, fmt.Errorf("unknown cardinality operator %v", e.Op)
	case *model.CmpExpr:
		return c.compare(e)
	}
	return 0, fmt.Errorf("unknown expression type %T", e)
}

func (c *Checker) exprs(xs []model.Expr) ([]z.Lit, error) {
	ms := make([]z.Lit, len(xs))
	for i, x := range xs {
		m, err := c.expr(x)
		if err != nil {
			return nil, err
		}
		ms[i] = m
	}
	return ms, nil
}

// compare encodes L op R as "sum of coef*value - k" compared with 0, the
// sum in binary (see sum), all constants in arbitrary precision.
func (c *Checker) compare(e *model.CmpExpr) (z.Lit, error) {
	coef := map[string]*big.Int{}
	var order []string
	add := func(ts []model.Term, sign int64) {
		for _, t := range ts {
			a, ok := coef[t.Issue]
			if !ok {
				a = new(big.Int)
				coef[t.Issue] = a
				order = append(order, t.Issue)
			}
			// The kind of the issue tells an int value from phase() of a
			// step: the checker allows each only where it belongs.
			a.Add(a, new(big.Int).Mul(big.NewInt(t.Coef), big.NewInt(sign)))
		}
	}
	add(e.L.Terms, 1)
	add(e.R.Terms, -1)
	// sum of terms <= or >= k, with k = R.Const - L.Const.
	k := new(big.Int).Sub(big.NewInt(e.R.Const), big.NewInt(e.L.Const))
	s := newSum()
	for _, id := range order {
		if coef[id].Sign() == 0 {
			continue
		}
		iv, err := c.issueOf(id)
		if err != nil {
			return 0, err
		}
		switch iv.is.Kind {
		case model.IntKind:
			c.addLinear(s, iv, coef[id])
		case model.StepKind:
			// phase() is the index plus one.
			a := coef[id]
			s.konst.Add(s.konst, a)
			for b, m := range iv.bits {
				c.c.addWeighted(s, new(big.Int).Lsh(a, uint(b)), m)
			}
		default:
			return 0, fmt.Errorf("%s issue %q in arithmetic", iv.is.Kind, id)
		}
	}
	n := c.c.bits(s)
	k.Sub(k, s.konst) // the bits hold sum - konst
	one := big.NewInt(1)
	ge := func(k *big.Int) z.Lit { return c.c.atLeast(n, k) }
	le := func(k *big.Int) z.Lit { return c.c.atLeast(n, new(big.Int).Add(k, one)).Not() }
	switch e.Op {
	case model.LeOp:
		return le(k), nil
	case model.LtOp:
		return le(new(big.Int).Sub(k, one)), nil
	case model.GeOp:
		return ge(k), nil
	case model.GtOp:
		return ge(new(big.Int).Add(k, one)), nil
	case model.EqOp:
		return c.c.and(le(k), ge(k)), nil
	case model.NeOp:
		return c.c.and(le(k), ge(k)).Not(), nil
	}
	return 0, fmt.Errorf("unknown comparison %v", e.Op)
}

// orderExpr encodes before(a, b) (both taken and a's index below b's) and
// together(a, b) (both taken, equal indexes).
func (c *Checker) orderExpr(e *model.OrderExpr) (z.Lit, error) {
	a, err := c.issueOf(e.A)
	if err != nil {
		return 0, err
	}
	b, err := c.issueOf(e.B)
	if err != nil {
		return 0, err
	}
	if a.is.Kind != model.StepKind || b.is.Kind != model.StepKind || len(a.bits) != len(b.bits) {
		return 0, fmt.Errorf("%s of %q and %q: not two steps of one space", e.Op, e.A, e.B)
	}
	takenA, takenB := c.eq(a, a.n-1).Not(), c.eq(b, b.n-1).Not()
	if e.Op == model.TogetherOp {
		same := make([]z.Lit, len(a.bits))
		for i := range a.bits {
			same[i] = c.c.xor(a.bits[i], b.bits[i]).Not()
		}
		return c.c.and(append(same, takenA)...), nil
	}
	if e.Op != model.BeforeOp {
		return 0, fmt.Errorf("unknown order %v", e.Op)
	}
	// index(b) - index(a) >= 1
	s := newSum()
	for i := range a.bits {
		w := new(big.Int).Lsh(big.NewInt(1), uint(i))
		c.c.addWeighted(s, w, b.bits[i])
		c.c.addWeighted(s, new(big.Int).Neg(w), a.bits[i])
	}
	n := c.c.bits(s)
	less := c.c.atLeast(n, new(big.Int).Sub(big.NewInt(1), s.konst))
	return c.c.and(less, takenB), nil
}

// addLinear adds a times the value of int issue iv to s: for a domain of
// evenly spaced levels, a*first + sum over the index bits of a*gap*2^b;
// otherwise a table of a*level over the index (see addTable).
func (c *Checker) addLinear(s *sum, iv *issue, a *big.Int) {
	l := iv.levels
	even := true
	gap := new(big.Int)
	switch {
	case l == nil: // min/max/step
		gap.SetInt64(iv.is.Step)
	case len(l) > 1:
		gap.Sub(big.NewInt(l[1]), big.NewInt(l[0]))
		for j := 2; j < len(l) && even; j++ {
			d := new(big.Int).Sub(big.NewInt(l[j]), big.NewInt(l[j-1]))
			even = d.Cmp(gap) == 0
		}
	}
	if even {
		s.konst.Add(s.konst, new(big.Int).Mul(a, big.NewInt(iv.level(0))))
		w := new(big.Int).Mul(a, gap)
		for b, m := range iv.bits {
			c.c.addWeighted(s, new(big.Int).Lsh(w, uint(b)), m)
		}
		return
	}
	vals := make([]*big.Int, len(l))
	for j, v := range l {
		vals[j] = new(big.Int).Mul(a, big.NewInt(v))
	}
	c.addTable(s, iv, vals)
}

// addTable adds vals[j] to s when issue iv takes its j-th value: the least
// value as a constant, and each bit of the excess as the disjunction of
// the values' literals that have it (exactly one value holds).
func (c *Checker) addTable(s *sum, iv *issue, vals []*big.Int) {
	base := vals[0]
	for _, v := range vals {
		if v.Cmp(base) < 0 {
			base = v
		}
	}
	s.konst.Add(s.konst, base)
	ex := make([]*big.Int, len(vals))
	width := 0
	for j, v := range vals {
		ex[j] = new(big.Int).Sub(v, base)
		width = max(width, ex[j].BitLen())
	}
	for b := range width {
		var ms []z.Lit
		for j, x := range ex {
			if x.Bit(b) == 1 {
				ms = append(ms, c.eq(iv, j))
			}
		}
		c.c.addLit(s, b, c.c.or(ms...))
	}
}

// segmentMin is the most levels of an int or step issue whose points
// preferences are encoded level by level (a table); wider evenly spaced
// domains are encoded by segments (see addPointsBySegment).
var segmentMin = 64

// addPointsBySegment adds k times the score of points preference pr on
// the evenly spaced issue iv (a min/max/step int issue or a step issue) to
// s, rounded up, without a term per level: the levels split into
// segments on which the score is affine in the level index j (up to the
// first point, between two points, after the last), and on a segment
// [lo, hi] the score is a + b*j for exact rationals a and b, which adds
// ceil(a*k) when the index is in the segment and ceil(b*k*2^i) when,
// moreover, bit i of the index is set. It returns the number of rounded
// terms that can hold at once (the rounding error is below it).
func (c *Checker) addPointsBySegment(s *sum, iv *issue, pr *model.Preference, k *big.Rat) int {
	score := func(j int) *big.Rat {
		sc, _ := c.space.ExactScore(pr, model.Package{pr.Issue: c.valueAt(iv, j)}) // a value of the domain
		return sc
	}
	// upTo is the number of levels at most x.
	upTo := func(x int64) int {
		if iv.is.Kind == model.StepKind { // phases 1..K, then K+1 (never)
			return int(max(0, min(x, int64(iv.n))))
		}
		j := iv.below(x)
		if j < iv.n && iv.level(j) == x {
			j++
		}
		return j
	}
	starts := []int{0}
	for _, pt := range pr.Points {
		if j := upTo(pt.X); j > starts[len(starts)-1] && j < iv.n {
			starts = append(starts, j)
		}
	}
	for i, lo := range starts {
		hi := iv.n - 1
		if i+1 < len(starts) {
			hi = starts[i+1] - 1
		}
		in := c.c.atLeast(iv.bits, big.NewInt(int64(lo)))
		if hi+1 < iv.n {
			in = c.c.and(in, c.c.atLeast(iv.bits, big.NewInt(int64(hi+1))).Not())
		}
		a, b := score(lo), new(big.Rat)
		if hi > lo {
			b.Sub(score(hi), a)
			b.Quo(b, new(big.Rat).SetInt64(int64(hi-lo)))
		}
		a.Sub(a, new(big.Rat).Mul(b, new(big.Rat).SetInt64(int64(lo)))) // the score at index 0 of the line
		c.c.addWeighted(s, ceil(a.Mul(a, k)), in)
		if b.Sign() == 0 {
			continue
		}
		for i, m := range iv.bits {
			x := new(big.Rat).Mul(b, k)
			x.Mul(x, new(big.Rat).SetInt(new(big.Int).Lsh(big.NewInt(1), uint(i))))
			c.c.addWeighted(s, ceil(x), c.c.and(in, m))
		}
	}
	return 1 + len(iv.bits)
}

// utilBits bounds the utility scales. A utility (one party's, or the sum
// of every party's) is represented by an integer U on a scale (unit) of
// its own: exactly U = u * unit when the exact rational terms of the
// utility have a common denominator of at most 2^utilBits (weights and
// values with few digits: the unit is that denominator, and U has few
// bits), otherwise unit = 2^utilBits and U >= u * unit with U < u * unit
// + (number of terms), each term rounded up.
const utilBits = 60

// utilRound, when set, makes every utility scale 2^utilBits with terms
// rounded up, exact or not (a variable for the tests).
var utilRound = false

// party is the encoding of a utility: U = num + konst on the scale unit.
type party struct {
	num   []z.Lit
	konst *big.Int
	unit  *big.Int
	exact bool
	terms int // the terms rounded up (0 on an exact scale)
}

// utilTerm is one term of a party's utility: the exact rational weight of
// a preference expression (prefer not nil; its literal m once encoded), or
// of each value of an issue (the preferences on one issue merged).
type utilTerm struct {
	party  string
	pref   int               // the preference's index, for errors
	seg    *model.Preference // a points preference encoded by segments (see addPointsBySegment)
	prefer model.Expr
	m      z.Lit
	w      *big.Rat
	iv     *issue
	vals   []*big.Rat
}

// utilTerms returns the terms of party pi's utility, computed on first
// use: every preference term's exact rational contribution
// w*score/sum(w). A party without preferences has none (its utility is 1).
func (c *Checker) utilTerms(pi int) ([]*utilTerm, error) {
	if ts, ok := c.terms[pi]; ok {
		return ts, nil
	}
	pt := &c.space.Parties[pi]
	wsum := new(big.Rat)
	for i := range pt.Preferences { // weights and scores as the model reads them: decimals
		wsum.Add(wsum, decimal.Rat(pt.Preferences[i].Weight))
	}
	var terms []*utilTerm
	byIssue := map[string]*utilTerm{}
	for i := range pt.Preferences {
		pr := &pt.Preferences[i]
		w := new(big.Rat).Quo(decimal.Rat(pr.Weight), wsum)
		if pr.Prefer != nil {
			terms = append(terms, &utilTerm{party: pt.ID, pref: i, prefer: pr.Prefer, w: w})
			continue
		}
		iv, err := c.issueOf(pr.Issue)
		if err != nil {
			return nil, err
		}
		if pr.Points != nil && iv.levels == nil && iv.n > segmentMin {
			terms = append(terms, &utilTerm{party: pt.ID, pref: i, seg: pr, iv: iv, w: w})
			continue
		}
		t := byIssue[pr.Issue]
		if t == nil {
			t = &utilTerm{party: pt.ID, pref: i, iv: iv, vals: make([]*big.Rat, iv.n)}
			for j := range t.vals {
				t.vals[j] = new(big.Rat)
			}
			byIssue[pr.Issue] = t
			terms = append(terms, t)
		}
		for j, v := range iv.is.Domain() {
			sc, err := c.space.ExactScore(pr, model.Package{pr.Issue: v})
			if err != nil {
				return nil, fmt.Errorf("%s.preferences[%d]: score of %v: %v", pt.ID, i, v, err)
			}
			t.vals[j].Add(t.vals[j], sc.Mul(sc, w))
		}
	}
	c.terms[pi] = terms
	return terms, nil
}

// utility returns the encoding of party pi's utility (pi < 0: the sum of
// every party's), built on first use.
func (c *Checker) utility(pi int) (*party, error) {
	if u := c.parties[pi+1]; u != nil {
		return u, nil
	}
	ps := []int{pi}
	if pi < 0 {
		ps = ps[:0]
		for i := range c.space.Parties {
			ps = append(ps, i)
		}
	}
	var terms []*utilTerm
	ones := int64(0) // parties without preferences: utility 1
	for _, i := range ps {
		ts, err := c.utilTerms(i)
		if err != nil {
			return nil, err
		}
		if len(c.space.Parties[i].Preferences) == 0 {
			ones++
		}
		terms = append(terms, ts...)
	}
	if len(ps) > 1 {
		terms = mergeTables(terms)
	}
	u := &party{unit: utilUnit(terms), exact: true}
	if u.unit == nil {
		u.unit, u.exact = new(big.Int).Lsh(big.NewInt(1), utilBits), false
	}
	unit := new(big.Rat).SetInt(u.unit)
	s := newSum()
	s.konst.Mul(u.unit, big.NewInt(ones))
	for _, t := range terms {
		if t.seg != nil {
			u.terms += c.addPointsBySegment(s, t.iv, t.seg, new(big.Rat).Mul(t.w, unit))
			continue
		}
		if !u.exact {
			u.terms++
		}
		if t.prefer != nil {
			if t.m == 0 {
				m, err := c.expr(t.prefer)
				if err != nil {
					return nil, fmt.Errorf("%s.preferences[%d]: %w", t.party, t.pref, err)
				}
				t.m = m
			}
			c.c.addWeighted(s, ceil(new(big.Rat).Mul(t.w, unit)), t.m)
			continue
		}
		vals := make([]*big.Int, len(t.vals))
		for j, v := range t.vals {
			vals[j] = ceil(new(big.Rat).Mul(v, unit))
		}
		c.addTable(s, t.iv, vals)
	}
	u.konst = new(big.Int).Set(s.konst)
	u.num = c.c.bits(s)
	c.parties[pi+1] = u
	return u, nil
}

// mergeTables merges the terms on the same issue (of several parties)
// into one.
func mergeTables(terms []*utilTerm) []*utilTerm {
	var out []*utilTerm
	byIssue := map[*issue]*utilTerm{}
	for _, t := range terms {
		if t.vals == nil {
			out = append(out, t)
			continue
		}
		m := byIssue[t.iv]
		if m == nil {
			m = &utilTerm{party: t.party, pref: t.pref, iv: t.iv, vals: make([]*big.Rat, len(t.vals))}
			for j := range m.vals {
				m.vals[j] = new(big.Rat)
			}
			byIssue[t.iv] = m
			out = append(out, m)
		}
		for j, v := range t.vals {
			m.vals[j].Add(m.vals[j], v)
		}
	}
	return out
}

// utilUnit returns the common denominator of the terms' values, or nil
// when it is above 2^utilBits or a term is encoded by segments (rounded).
func utilUnit(terms []*utilTerm) *big.Int {
	if utilRound {
		return nil
	}
	for _, t := range terms {
		if t.seg != nil {
			return nil
		}
	}
	limit := new(big.Int).Lsh(big.NewInt(1), utilBits)
	den := big.NewInt(1)
	lcm := func(r *big.Rat) bool {
		d := r.Denom()
		g := new(big.Int).GCD(nil, nil, den, d)
		den.Mul(den, new(big.Int).Quo(d, g))
		return den.Cmp(limit) <= 0
	}
	for _, t := range terms {
		if t.prefer != nil && !lcm(t.w) {
			return nil
		}
		for _, v := range t.vals {
			if !lcm(v) {
				return nil
			}
		}
	}
	return den
}

// rat returns the exact value of x.
func rat(x float64) *big.Rat {
	r := new(big.Rat)
	if !math.IsNaN(x) && !math.IsInf(x, 0) {
		r.SetFloat64(x)
	}
	return r
}

// ceil returns the least integer >= x.
func ceil(x *big.Rat) *big.Int {
	q, m := new(big.Int).QuoRem(x.Num(), x.Denom(), new(big.Int))
	if m.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return q
}

// floor returns the greatest integer <= x.
func floor(x *big.Rat) *big.Int {
	q, m := new(big.Int).QuoRem(x.Num(), x.Denom(), new(big.Int))
	if m.Sign() < 0 {
		q.Sub(q, big.NewInt(1))
	}
	return q
}

// utilityAtLeast returns a literal implied by "party pi's exact utility is
// at least at" (pi < 0: the sum of every party's utility).
func (c *Checker) utilityAtLeast(pi int, at *big.Rat) (z.Lit, error) {
	key := fmt.Sprintf("%d:%s", pi, at.RatString())
	if m, ok := c.bounds[key]; ok {
		return m, nil
	}
	u, err := c.utility(pi)
	if err != nil {
		return 0, err
	}
	// U >= u * unit >= at * unit, so U >= floor(at * unit); on an exact
	// scale U = u * unit, so U >= ceil(at * unit).
	x := new(big.Rat).Mul(at, new(big.Rat).SetInt(u.unit))
	t := floor(x)
	if u.exact {
		t = ceil(x)
	}
	m := c.c.atLeast(u.num, t.Sub(t, u.konst))
	c.bounds[key] = m
	return m, nil
}

// utilityBelow returns a literal implied by "party pi's exact utility is
// below at": the encoded U is less than u * unit + terms (terms is 0 on an
// exact scale), so less than at * unit + terms.
func (c *Checker) utilityBelow(pi int, at *big.Rat) (z.Lit, error) {
	u, err := c.utility(pi)
	if err != nil {
		return 0, err
	}
	t := ceil(new(big.Rat).Mul(at, new(big.Rat).SetInt(u.unit)))
	t.Add(t, big.NewInt(int64(u.terms)))
	// U < t, that is not U >= t.
	return c.c.atLeast(u.num, t.Sub(t, u.konst)).Not(), nil
}
