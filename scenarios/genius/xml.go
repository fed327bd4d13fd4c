package genius

import (
	"fmt"
	"math"
	"math/big"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/zopa-go/zopa/model"
)

// This file reads Genius XML: the domain template and the additive and
// non-linear (ANAC 2014) profiles, following genius.core's DomainImpl,
// AdditiveUtilitySpace, Evaluator* and NonlinearUtilitySpace.

// xmlDomain reads a domain template (root negotiation_template holding a
// utility_space, or a utility_space alone).
func xmlDomain(file string, root *elem, o *Options) (*domain, error) {
	us := root
	if root.name == "negotiation_template" {
		if us = root.first("utility_space"); us == nil {
			return nil, &Error{File: file, Line: root.line, Msg: "negotiation_template holds no utility_space"}
		}
	} else if root.name != "utility_space" {
		return nil, &Error{File: file, Line: root.line, Msg: fmt.Sprintf("root element <%s>: want a Genius domain (<negotiation_template>)", root.name)}
	}
	obj := us.first("objective")
	if obj == nil {
		return nil, &Error{File: file, Line: us.line, Msg: "the domain has no <objective>"}
	}
	d := &domain{file: file, name: domainName(file)}
	if n, ok := obj.attr("name"); ok && n != "" && n != "root" {
		d.name = n
	}
	ids := newNamer("true", "false")
	byIndex := map[int]bool{}
	var err error
	walk(obj, func(e *elem) bool {
		if err != nil {
			return false
		}
		var is *issue
		if is, err = xmlIssue(file, e, o); err != nil {
			return false
		}
		if byIndex[is.index] {
			err = &Error{File: file, Line: e.line, Msg: fmt.Sprintf("two issues have index %d", is.index)}
			return false
		}
		byIndex[is.index] = true
		is.pos = len(d.issues)
		is.id = ids.take(ident(is.name, "i", "issue"))
		d.issues = append(d.issues, is)
		return true
	})
	if err != nil {
		return nil, err
	}
	if len(d.issues) == 0 {
		return nil, &Error{File: file, Line: obj.line, Msg: "the domain has no issues"}
	}
	return d, nil
}

// walk calls f on every <issue> under obj in document order, descending
// into nested objectives, until f returns false.
func walk(obj *elem, f func(*elem) bool) bool {
	for _, k := range obj.kids {
		switch k.name {
		case "issue":
			if !f(k) {
				return false
			}
		case "objective":
			if !walk(k, f) {
				return false
			}
		}
	}
	return true
}

// issueType is the value type of a domain issue, as DomainImpl reads it:
// vtype when it is given and differs from type, else type, else discrete.
func issueType(e *elem) string {
	t, okT := e.attr("type")
	v, okV := e.attr("vtype")
	switch {
	case !okT && !okV:
		return "discrete"
	case okV && (!okT || v != t):
		return strings.ToLower(v)
	}
	return strings.ToLower(t)
}

// bounds reads lowerbound and upperbound from the element's attributes or
// from its <range> child.
func bounds(e *elem) (lo, hi string, ok bool) {
	lo, okL := e.attr("lowerbound")
	hi, okH := e.attr("upperbound")
	if okL && okH {
		return lo, hi, true
	}
	if r := e.first("range"); r != nil {
		lo, okL = r.attr("lowerbound")
		hi, okH = r.attr("upperbound")
		return lo, hi, okL && okH
	}
	return "", "", false
}

// xmlIssue reads one domain issue.
func xmlIssue(file string, e *elem, o *Options) (*issue, error) {
	fail := func(format string, args ...any) error {
		return &Error{File: file, Line: e.line, Msg: fmt.Sprintf(format, args...)}
	}
	name, _ := e.attr("name")
	is := &issue{name: name}
	idx, ok := e.attr("index")
	n, err := strconv.Atoi(strings.TrimSpace(idx))
	if !ok || err != nil {
		return nil, fail("issue %q: index %q is not an integer", name, idx)
	}
	is.index = n
	switch typ := issueType(e); typ {
	case "discrete":
		is.kind = model.ChoiceKind
		opts := newNamer()
		seen := map[string]bool{}
		for _, it := range e.all("item") {
			v, _ := it.attr("value")
			if seen[v] {
				return nil, &Error{File: file, Line: it.line, Msg: fmt.Sprintf("issue %q: value %q listed twice", name, v)}
			}
			seen[v] = true
			is.values = append(is.values, v)
			is.options = append(is.options, opts.take(option(v)))
		}
		if len(is.values) == 0 {
			return nil, fail("issue %q has no values (<item> elements)", name)
		}
		if len(is.values) > model.MaxLevels {
			return nil, fail("issue %q has %d values, more than %d", name, len(is.values), model.MaxLevels)
		}
	case "integer":
		los, his, ok := bounds(e)
		lo, err1 := strconv.ParseInt(strings.TrimSpace(los), 10, 64)
		hi, err2 := strconv.ParseInt(strings.TrimSpace(his), 10, 64)
		if !ok || err1 != nil || err2 != nil {
			return nil, fail("integer issue %q needs integer lowerbound and upperbound", name)
		}
		if lo > hi {
			return nil, fail("integer issue %q: lowerbound %d is above upperbound %d", name, lo, hi)
		}
		if uint64(hi-lo) >= model.MaxLevels {
			return nil, fail("integer issue %q has %d values, more than %d", name, uint64(hi-lo)+1, model.MaxLevels)
		}
		is.kind, is.min, is.max, is.step = model.IntKind, lo, hi, 1
		for k := range uint64(hi-lo) + 1 { // counted: hi may be the largest int64
			v := lo + int64(k)
			is.levels = append(is.levels, v)
			is.native = append(is.native, new(big.Rat).SetInt64(v))
		}
	case "real":
		los, his, ok := bounds(e)
		lo, ok1 := number(los)
		hi, ok2 := number(his)
		if !ok || !ok1 || !ok2 {
			return nil, fail("real issue %q needs numeric lowerbound and upperbound", name)
		}
		if lo.Cmp(hi) > 0 {
			return nil, fail("real issue %q: lowerbound %s is above upperbound %s", name, los, his)
		}
		if o.RealLevels < 2 {
			return nil, fail("issue %q is real-valued; zopa's issues are discrete: ask for a discretisation "+
				"(Options.RealLevels, analyze -real-levels N with N >= 2 evenly spaced values)", name)
		}
		discretise(is, lo, hi, o.RealLevels)
	default:
		return nil, fail("issue %q has type %q: want discrete, integer or real", name, typ)
	}
	return is, nil
}

// discretise makes a real issue on [lo, hi] an int issue of n evenly
// spaced values: the values themselves when they are integers, otherwise
// their positions 0 … n-1.
func discretise(is *issue, lo, hi *big.Rat, n int) {
	width := new(big.Rat).Sub(hi, lo)
	step := new(big.Rat).Quo(width, big.NewRat(int64(n-1), 1))
	is.kind, is.real = model.IntKind, true
	ints := lo.IsInt() && step.IsInt() && step.Sign() > 0 && lo.Num().IsInt64() && hi.Num().IsInt64()
	for k := range n {
		x := new(big.Rat).Mul(step, big.NewRat(int64(k), 1))
		x.Add(x, lo)
		is.native = append(is.native, x)
		if ints {
			is.levels = append(is.levels, x.Num().Int64())
		} else {
			is.levels = append(is.levels, int64(k))
		}
	}
	if ints {
		is.min, is.max, is.step = lo.Num().Int64(), hi.Num().Int64(), step.Num().Int64()
		is.label = fmt.Sprintf("%s (real, %d values from %s to %s)", is.name, n, lo.RatString(), hi.RatString())
	} else {
		is.min, is.max, is.step = 0, int64(n-1), 1
		is.label = fmt.Sprintf("%s (real; value k stands for %s + k·%s, k = 0 … %d)", is.name, decimal(lo), decimal(step), n-1)
	}
	if step.Sign() == 0 { // lo == hi: one value
		is.levels, is.native = is.levels[:1], is.native[:1]
		is.min, is.max, is.step = is.levels[0], is.levels[0], 1
	}
}

// xmlProfile reads a party's profile: additive or non-linear.
func xmlProfile(file string, root *elem, d *domain, warn func(string)) (*party, error) {
	if root.name == "negotiation_template" {
		return nil, &Error{File: file, Line: root.line, Msg: "this is a domain template, not a profile"}
	}
	if root.name != "utility_space" {
		return nil, &Error{File: file, Line: root.line, Msg: fmt.Sprintf("root element <%s>: want a Genius profile (<utility_space>)", root.name)}
	}
	obj := root.first("objective")
	if obj == nil {
		return nil, &Error{File: file, Line: root.line, Msg: "the profile has no <objective>"}
	}
	p := &party{file: file, name: baseName(file)}
	if v, ok := valueOf(root, "reservation"); ok {
		r, good := number(v)
		if !good {
			return nil, &Error{File: file, Line: root.first("reservation").line, Msg: fmt.Sprintf("reservation value %q is not a number", v)}
		}
		p.reservation = r
	}
	if v, ok := valueOf(root, "discount_factor"); ok {
		if df, good := number(v); good && df.Sign() > 0 && df.Cmp(ratOne) < 0 {
			warn(fmt.Sprintf("%s: discount factor %s ignored: zopa analyses the agreement itself, not when it is reached", file, strings.TrimSpace(v)))
		}
	}
	if u := utilityElem(root, obj); u != nil {
		return nonlinear(p, u, d, warn)
	}
	return additive(p, obj, d, warn)
}

// valueOf returns the value attribute of root's first child named name.
func valueOf(root *elem, name string) (string, bool) {
	if e := root.first(name); e != nil {
		return e.attr("value")
	}
	return "", false
}

// utilityElem finds the <utility> (or <utility_function>) element of a
// non-linear profile, or nil for an additive one.
func utilityElem(root, obj *elem) *elem {
	for _, at := range []*elem{obj, root} {
		for _, n := range []string{"utility", "utility_function"} {
			if u := at.first(n); u != nil {
				return u
			}
		}
	}
	return nil
}

// additive reads an additive profile: a weight and an evaluator per issue.
func additive(p *party, obj *elem, d *domain, warn func(string)) (*party, error) {
	file := p.file
	p.denom, p.what = new(big.Rat).Set(ratOne), "issue weights"
	weights := map[int]*big.Rat{}
	evals := map[int]*elem{}
	var err error
	var visit func(o *elem)
	visit = func(o *elem) {
		for _, k := range o.kids {
			if err != nil {
				return
			}
			switch k.name {
			case "weight":
				idx, _ := k.attr("index")
				v, _ := k.attr("value")
				i, e1 := strconv.Atoi(strings.TrimSpace(idx))
				w, ok := number(v)
				if e1 != nil || !ok {
					err = &Error{File: file, Line: k.line, Msg: fmt.Sprintf("weight index %q value %q: want an integer index and a number", idx, v)}
					return
				}
				weights[i] = w
			case "issue":
				idx, _ := k.attr("index")
				i, e1 := strconv.Atoi(strings.TrimSpace(idx))
				if e1 != nil {
					err = &Error{File: file, Line: k.line, Msg: fmt.Sprintf("issue index %q is not an integer", idx)}
					return
				}
				evals[i] = k
			case "objective":
				visit(k)
			}
		}
	}
	visit(obj)
	if err != nil {
		return nil, err
	}
	for i := range evals {
		if issueByIndex(d, i) == nil {
			return nil, &Error{File: file, Line: evals[i].line, Msg: fmt.Sprintf("issue index %d is not in the domain", i)}
		}
	}
	for _, is := range d.issues {
		e := evals[is.index]
		if e == nil {
			return nil, &Error{File: file, Msg: fmt.Sprintf("no evaluation for issue %q (index %d)", is.name, is.index)}
		}
		w := weights[is.index]
		if w == nil {
			return nil, &Error{File: file, Line: e.line, Msg: fmt.Sprintf("no weight for issue %q (index %d)", is.name, is.index)}
		}
		if w.Sign() < 0 {
			return nil, &Error{File: file, Line: e.line, Msg: fmt.Sprintf("issue %q has a negative weight", is.name)}
		}
		if n, ok := e.attr("name"); ok && n != is.name {
			warn(fmt.Sprintf("%s: issue index %d is %q in the profile but %q in the domain; matched by index, as Genius does", file, is.index, n, is.name))
		}
		t := &term{weight: w, issue: is}
		var err error
		switch evalType(e) {
		case "discrete":
			t.scores, err = discreteScores(file, e, is, warn)
		case "integer":
			t.scores, err = integerScores(file, e, is)
		case "real":
			t.scores, err = realScores(file, e, is)
		case "objective":
			continue // Genius leaves objectives out of the utility
		default:
			err = &Error{File: file, Line: e.line, Msg: fmt.Sprintf("issue %q: unknown evaluator type %q", is.name, evalType(e))}
		}
		if err != nil {
			return nil, err
		}
		p.terms = append(p.terms, t)
	}
	return p, nil
}

// evalType is the evaluator type AdditiveUtilitySpace picks for a profile
// issue: type, or discrete when it is missing.
func evalType(e *elem) string {
	if t, ok := e.attr("type"); ok {
		return strings.ToLower(t)
	}
	return "discrete"
}

func issueByIndex(d *domain, idx int) *issue {
	for _, is := range d.issues {
		if is.index == idx {
			return is
		}
	}
	return nil
}

// discreteScores follows EvaluatorDiscrete: each value's evaluation divided
// by the largest evaluation listed (0 when that is below 0.00001).
func discreteScores(file string, e *elem, is *issue, warn func(string)) ([]*big.Rat, error) {
	if is.kind != model.ChoiceKind {
		return nil, &Error{File: file, Line: e.line, Msg: fmt.Sprintf("issue %q: a discrete evaluation for a non-discrete issue", is.name)}
	}
	evals := map[string]float64{}
	for _, it := range e.all("item") {
		v, _ := it.attr("value")
		s, ok := it.attr("evaluation")
		if !ok || s == "null" {
			continue
		}
		r, good := number(s)
		f := 0.0
		if good {
			f = float(r)
		}
		if !good || math.IsInf(f, 0) {
			return nil, &Error{File: file, Line: it.line, Msg: fmt.Sprintf("issue %q, value %q: evaluation %q is not a finite number", is.name, v, s)}
		}
		if f < 0 {
			return nil, &Error{File: file, Line: it.line, Msg: fmt.Sprintf("issue %q, value %q: negative evaluation %s", is.name, v, s)}
		}
		evals[v] = f
	}
	if len(evals) == 0 {
		warn(fmt.Sprintf("%s: issue %q has no evaluations (Genius cannot evaluate any bid); scored 0", file, is.name))
		return zeros(len(is.values)), nil
	}
	maxEval := 0.0
	for _, v := range sortedNames(evals) {
		if !containsString(is.values, v) {
			warn(fmt.Sprintf("%s: issue %q: value %q is not in the domain (its evaluation still counts in the issue's largest, as in Genius)", file, is.name, v))
		}
		maxEval = max(maxEval, evals[v])
	}
	scores := make([]*big.Rat, len(is.values))
	for i, v := range is.values {
		f, ok := evals[v]
		if !ok {
			warn(fmt.Sprintf("%s: issue %q: value %q has no evaluation (Genius cannot evaluate such bids); scored 0", file, is.name, v))
		}
		sc := 0.0
		if maxEval >= 0.00001 {
			sc = f / maxEval
		}
		scores[i] = new(big.Rat).SetFloat64(sc)
	}
	return scores, nil
}

func zeros(n int) []*big.Rat {
	out := make([]*big.Rat, n)
	for i := range out {
		out[i] = new(big.Rat)
	}
	return out
}

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// clamp01 clamps r to [0, 1] in place and returns it.
func clamp01(r *big.Rat) *big.Rat {
	switch {
	case r.Sign() < 0:
		r.SetInt64(0)
	case r.Cmp(ratOne) > 0:
		r.SetInt64(1)
	}
	return r
}

// integerScores follows EvaluatorInteger: offset + slope·(v − lowerbound),
// clamped to [0, 1], with lowerbound the profile's (the domain's when the
// profile gives none); no evaluator means slope and offset 0.
func integerScores(file string, e *elem, is *issue) ([]*big.Rat, error) {
	if is.kind != model.IntKind || is.real {
		return nil, &Error{File: file, Line: e.line, Msg: fmt.Sprintf("issue %q: an integer evaluation for a non-integer issue", is.name)}
	}
	lb := new(big.Rat).SetInt64(is.levels[0])
	if s, ok := e.attr("lowerbound"); ok {
		r, good := number(s)
		if !good || !r.IsInt() {
			return nil, &Error{File: file, Line: e.line, Msg: fmt.Sprintf("issue %q: lowerbound %q is not an integer", is.name, s)}
		}
		lb = r
	}
	slope, offset := new(big.Rat), new(big.Rat)
	if ev := e.first("evaluator"); ev != nil {
		ss, ok1 := ev.attr("slope")
		os, ok2 := ev.attr("offset")
		var good1, good2 bool
		slope, good1 = number(ss)
		offset, good2 = number(os)
		if !ok1 || !ok2 || !good1 || !good2 {
			return nil, &Error{File: file, Line: ev.line, Msg: fmt.Sprintf("issue %q: the linear evaluator needs numeric slope and offset", is.name)}
		}
	}
	scores := make([]*big.Rat, len(is.native))
	for i, v := range is.native {
		x := new(big.Rat).Sub(v, lb)
		x.Mul(x, slope)
		scores[i] = clamp01(x.Add(x, offset))
	}
	return scores, nil
}

// realScores follows EvaluatorReal at each grid point of a discretised real
// issue, in float64 as Genius computes it.
func realScores(file string, e *elem, is *issue) ([]*big.Rat, error) {
	fail := func(format string, args ...any) error {
		return &Error{File: file, Line: e.line, Msg: fmt.Sprintf("issue %q: ", is.name) + fmt.Sprintf(format, args...)}
	}
	if !is.real {
		return nil, fail("a real evaluation for a non-real issue")
	}
	ev := e.first("evaluator")
	if ev == nil {
		return nil, fail("a real issue needs an <evaluator>")
	}
	param := func(i int) (float64, error) {
		s, ok := ev.attr("parameter" + strconv.Itoa(i))
		r, good := number(s)
		if !ok || !good {
			return 0, fail("evaluator parameter%d %q is not a number", i, s)
		}
		return float(r), nil
	}
	ftype, _ := ev.attr("ftype")
	var f func(x float64) float64
	switch strings.ToLower(ftype) {
	case "linear":
		p0, err := param(0)
		if err != nil {
			return nil, err
		}
		p1, err := param(1)
		if err != nil {
			return nil, err
		}
		f = func(x float64) float64 { return min(max(p1*x+p0, 0), 1) }
	case "constant":
		p0, err := param(0)
		if err != nil {
			return nil, err
		}
		if p0 < 0 || p0 > 1 {
			return nil, fail("constant evaluation %v is outside [0, 1]", p0)
		}
		f = func(float64) float64 { return p0 }
	case "triangular":
		var ps [3]float64
		for i := range ps {
			var err error
			if ps[i], err = param(i); err != nil {
				return nil, err
			}
		}
		lo, hi, top := ps[0], ps[1], ps[2]
		f = func(x float64) float64 {
			switch {
			case x < lo:
				return 0
			case x < top:
				return (x - lo) / (top - lo)
			case x < hi:
				return 1 - (x-top)/(hi-top)
			}
			return 0
		}
	default:
		return nil, fail("evaluator ftype %q: want linear, constant or triangular", ftype)
	}
	scores := make([]*big.Rat, len(is.native))
	for i, x := range is.native {
		y := f(float(x))
		if math.IsNaN(y) || y < 0 || y > 1 {
			return nil, fail("evaluation %v at %v is outside [0, 1]", y, float(x))
		}
		scores[i] = new(big.Rat).SetFloat64(y)
	}
	return scores, nil
}

// nonlinear reads an ANAC 2014 profile: the utility is the sum of the
// satisfied hyperrectangles' utility × weight, divided by maxutility.
func nonlinear(p *party, u *elem, d *domain, warn func(string)) (*party, error) {
	file := p.file
	p.what = "rectangle utilities"
	top := u.first("ufun")
	if top == nil {
		return nil, &Error{File: file, Line: u.line, Msg: "<" + u.name + "> holds no <ufun>"}
	}
	byKey := map[string]*term{}
	total := new(big.Rat)
	var visit func(f *elem, w *big.Rat, depth int) error
	visit = func(f *elem, w *big.Rat, depth int) error {
		if agg, ok := f.attr("aggregation"); ok && !strings.EqualFold(agg, "sum") {
			return &Error{File: file, Line: f.line, Msg: fmt.Sprintf("ufun aggregation %q: only sum is supported", agg)}
		}
		for _, k := range f.kids {
			switch k.name {
			case "hyperRectangle":
				t, err := rectangle(file, k, w, d)
				if err != nil {
					return err
				}
				if t == nil {
					continue
				}
				total.Add(total, t.weight)
				if old := byKey[t.key]; old != nil {
					old.weight.Add(old.weight, t.weight)
					continue
				}
				byKey[t.key] = t
				p.terms = append(p.terms, t)
			case "ufun":
				iw := new(big.Rat).Set(ratOne)
				if s, ok := k.attr("weight"); ok {
					r, good := number(s)
					if !good || r.Sign() < 0 {
						return &Error{File: file, Line: k.line, Msg: fmt.Sprintf("ufun weight %q is not a number >= 0", s)}
					}
					iw = r
				}
				if err := visit(k, iw.Mul(iw, w), depth+1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	// The top ufun's own weight is not applied (UtilityFunction.getUtility
	// multiplies only inner functions by theirs).
	if err := visit(top, new(big.Rat).Set(ratOne), 0); err != nil {
		return nil, err
	}
	if s, ok := u.attr("maxutility"); ok {
		m, good := number(s)
		if !good || m.Sign() <= 0 {
			return nil, &Error{File: file, Line: u.line, Msg: fmt.Sprintf("maxutility %q is not a positive number", s)}
		}
		p.denom = m
	} else {
		warn(fmt.Sprintf("%s: no maxutility: utilities are divided by the rectangles' total utility %s", file, decimal(total)))
		p.denom = new(big.Rat).Set(total)
		if total.Sign() == 0 {
			p.denom.SetInt64(1)
		}
	}
	return p, nil
}

// rectangle reads one hyperRectangle, scaled by the weight w of the ufuns
// around it; nil when it never contributes.
func rectangle(file string, e *elem, w *big.Rat, d *domain) (*term, error) {
	fail := func(line int, format string, args ...any) error {
		return &Error{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	s, _ := e.attr("utility")
	u, ok := number(s)
	if !ok {
		return nil, fail(e.line, "hyperRectangle utility %q is not a number", s)
	}
	weight := new(big.Rat).Mul(u, w)
	if ws, ok := e.attr("weight"); ok {
		r, good := number(ws)
		if !good {
			return nil, fail(e.line, "hyperRectangle weight %q is not a number", ws)
		}
		weight.Mul(weight, r)
	}
	if weight.Sign() < 0 {
		return nil, fail(e.line, "hyperRectangle with negative utility %s: zopa's utilities are weighted sums of scores in [0, 1]", decimal(weight))
	}
	if weight.Sign() == 0 {
		return nil, nil
	}
	// ExclusiveHyperRectangle wins when both kinds of bounds are given, as
	// in NonlinearUtilitySpace.loadHyperRectangles.
	exclusive := len(e.all("EXCLUDES")) > 0
	bs := e.all("INCLUDES")
	if exclusive {
		bs = e.all("EXCLUDES")
	}
	var parts []model.Expr
	empty := false // some bound admits no value of its issue
	for _, b := range bs {
		idx, _ := b.attr("index")
		los, _ := b.attr("min")
		his, _ := b.attr("max")
		i, e1 := strconv.Atoi(strings.TrimSpace(idx))
		lo, e2 := strconv.ParseInt(strings.TrimSpace(los), 10, 64)
		hi, e3 := strconv.ParseInt(strings.TrimSpace(his), 10, 64)
		if e1 != nil || e2 != nil || e3 != nil {
			return nil, fail(b.line, "bound index %q min %q max %q: want integers", idx, los, his)
		}
		is := issueByIndex(d, i)
		if is == nil {
			return nil, fail(b.line, "bound on issue index %d, which is not in the domain", i)
		}
		if is.kind != model.IntKind || is.real {
			return nil, fail(b.line, "bound on issue %q, which is not an integer issue", is.name)
		}
		dlo, dhi := is.levels[0], is.levels[len(is.levels)-1]
		if lo > hi || lo > dhi || hi < dlo {
			empty = true
			continue
		}
		x := model.Num(is.id)
		var in []model.Expr // the bound holds
		var out []model.Expr
		if lo == hi {
			in = append(in, model.Compare(x, model.EqOp, model.Const(lo)))
			out = append(out, model.Compare(x, model.NeOp, model.Const(lo)))
		} else if lo > dlo {
			in = append(in, model.Compare(x, model.GeOp, model.Const(lo)))
			out = append(out, model.Compare(x, model.LtOp, model.Const(lo)))
		}
		if hi < dhi && lo != hi {
			in = append(in, model.Compare(x, model.LeOp, model.Const(hi)))
			out = append(out, model.Compare(x, model.GtOp, model.Const(hi)))
		}
		if exclusive {
			parts = append(parts, out...)
		} else {
			parts = append(parts, in...)
		}
	}
	var x model.Expr
	switch {
	case exclusive && empty:
		x = &model.ConstExpr{Value: true} // every bid is outside the box
	case !exclusive && empty:
		return nil, nil // no bid is inside the box
	case len(parts) == 0:
		x = &model.ConstExpr{Value: !exclusive}
	case len(parts) == 1:
		x = parts[0]
	case exclusive:
		x = model.Or(parts...)
	default:
		x = model.And(parts...)
	}
	t := &term{weight: weight, prefer: x, key: x.String()}
	if !t.scoring() {
		return nil, nil
	}
	return t, nil
}

// domainName names a domain after its file, or after its folder when the
// file is called just "domain".
func domainName(file string) string {
	b := baseName(file)
	if slug(b) == "domain" {
		dir := strings.TrimRight(file[:len(file)-len(filepath.Base(file))], `/\`)
		if p := baseName(dir); p != "" && p != "." {
			return p
		}
	}
	return b
}

// baseName is a file's name without directory and extension.
func baseName(file string) string {
	b := file
	if i := strings.LastIndexAny(b, `/\`); i >= 0 {
		b = b[i+1:]
	}
	if i := strings.LastIndex(b, "."); i > 0 {
		b = b[:i]
	}
	return b
}
