package genius

import (
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/zopa-go/zopa/model"
)

// domain is an imported domain before it becomes a model.Space.
type domain struct {
	file   string
	name   string // the original name
	issues []*issue
}

// issue is one issue of a domain and the zopa issue it becomes.
type issue struct {
	pos   int    // position in the domain
	index int    // Genius's issue index (position+1 for GeniusWeb)
	name  string // the original name
	id    string // the zopa id
	kind  model.Kind
	// For a choice issue: the original value names and their option ids.
	values  []string
	options []string
	// For an int issue: its levels, ascending, and the native value each
	// level stands for (the integer itself, a real grid point, a number).
	levels []int64
	native []*big.Rat
	// For an int issue without explicit values: min, max, step.
	min, max, step int64
	explicit       bool // write levels as "values"
	real           bool // a discretised real issue
	label          string
}

// size is the number of values the issue takes.
func (is *issue) size() int {
	if is.kind == model.ChoiceKind {
		return len(is.options)
	}
	return len(is.levels)
}

// term is one weighted part of a party's utility: a score per value of one
// issue, or a prefer expression.
type term struct {
	weight *big.Rat
	issue  *issue
	scores []*big.Rat // per value of issue, in [0, 1]
	prefer model.Expr
	key    string // prefer's canonical text, to merge equal rectangles
}

// scoring reports whether the term can score above 0.
func (t *term) scoring() bool {
	if t.prefer != nil {
		c, ok := t.prefer.(*model.ConstExpr)
		return !ok || c.Value
	}
	for _, s := range t.scores {
		if s.Sign() > 0 {
			return true
		}
	}
	return false
}

// party is one imported profile before it becomes a model.Party.
type party struct {
	file  string
	name  string
	terms []*term
	// denom is what the platform divides the weighted sum by (1 for
	// additive profiles, maxutility for non-linear ones).
	denom *big.Rat
	// what says what the weights are called, for warnings.
	what        string
	reservation *big.Rat // nil when none
	// resBid, when not nil, is a bid whose utility is the reservation
	// (GeniusWeb): a value index per issue, -1 where the bid has none.
	resBid []int
}

// result turns the domain and parties into a validated space.
func build(d *domain, ps []*party, warn func(string)) (*model.Space, error) {
	s := &model.Space{Name: ident(scenarioName(d.name), "d", "scenario"), Title: d.name}
	if s.Title == s.Name {
		s.Title = ""
	}
	var desc []string
	desc = append(desc, fmt.Sprintf("Imported from %s.", d.file))
	for _, is := range d.issues {
		mi := model.Issue{ID: is.id, Label: is.label, Kind: is.kind}
		if mi.Label == "" {
			mi.Label = is.name
		}
		switch is.kind {
		case model.ChoiceKind:
			mi.Options = is.options
			var renamed []string
			for i, v := range is.values {
				if v != is.options[i] {
					renamed = append(renamed, fmt.Sprintf("%q is %s", v, is.options[i]))
				}
			}
			if len(renamed) > 0 {
				desc = append(desc, fmt.Sprintf("Options of %s: %s.", is.id, strings.Join(renamed, ", ")))
			}
		case model.IntKind:
			if is.explicit {
				mi.Values = is.levels
			} else {
				mi.Min, mi.Max, mi.Step = is.min, is.max, is.step
			}
		}
		s.Issues = append(s.Issues, mi)
	}
	for i, p := range ps {
		mp, err := p.model(fmt.Sprintf("p%d", i+1), warn)
		if err != nil {
			return nil, err
		}
		s.Parties = append(s.Parties, mp)
	}
	s.Description = strings.Join(desc, " ")
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("the imported scenario is not valid (please report this): %w", err)
	}
	return s, nil
}

// scenarioName drops a trailing "domain" word from a file's base name.
func scenarioName(name string) string {
	s := slug(name)
	for _, suf := range []string{"_domain", "domain"} {
		if t := strings.TrimSuffix(s, suf); t != s && t != "" {
			return t
		}
	}
	return name
}

// tolerance is the relative difference between a weight sum and the
// platform's divisor below which the difference is treated as rounding.
var tolerance = big.NewRat(1, 1_000_000_000_000)

// model turns the party into a zopa party whose utility is the platform's,
// with the given id and the profile's name.
func (p *party) model(id string, warn func(string)) (model.Party, error) {
	mp := model.Party{ID: id, Name: p.name}
	total, sum := new(big.Rat), new(big.Rat)
	var kept []*term
	for _, t := range p.terms {
		total.Add(total, t.weight)
		if t.weight.Sign() > 0 && t.scoring() {
			kept = append(kept, t)
			sum.Add(sum, t.weight)
		}
	}
	denom := new(big.Rat).Set(p.denom)
	if limit := new(big.Rat).Mul(denom, new(big.Rat).Add(ratOne, tolerance)); total.Cmp(limit) > 0 {
		warn(fmt.Sprintf("%s: the %s sum to %s, more than %s: the platform caps utilities at 1, which an additive "+
			"model cannot express, so zopa divides by the sum instead and utilities differ from the platform's",
			p.file, p.what, decimal(total), decimal(denom)))
		denom.Set(total)
	}
	if denom.Sign() <= 0 {
		return mp, &Error{File: p.file, Msg: fmt.Sprintf("the utility is divided by %s", decimal(denom))}
	}
	for _, t := range kept {
		mp.Preferences = append(mp.Preferences, t.preference())
	}
	pad := new(big.Rat).Sub(denom, sum)
	if pad.Sign() > 0 && new(big.Rat).Quo(pad, denom).Cmp(tolerance) > 0 {
		mp.Preferences = append(mp.Preferences, model.Preference{Weight: float(pad), Prefer: &model.ConstExpr{Value: false}})
	}
	r := p.reservation
	if p.resBid != nil {
		r = new(big.Rat)
		for _, t := range kept {
			if t.issue != nil && p.resBid[t.issue.pos] >= 0 {
				r.Add(r, new(big.Rat).Mul(t.weight, t.scores[p.resBid[t.issue.pos]]))
			}
		}
		r.Quo(r, maxRat(denom, sum))
	}
	if r != nil && r.Sign() > 0 {
		if r.Cmp(ratOne) > 0 {
			return mp, &Error{File: p.file, Msg: fmt.Sprintf("reservation value %s is above 1: no package can meet it", decimal(r))}
		}
		f := float(r)
		mp.Reservation = &f
	}
	return mp, nil
}

func maxRat(a, b *big.Rat) *big.Rat {
	if a.Cmp(b) >= 0 {
		return a
	}
	return b
}

// preference turns a scoring term into a zopa preference.
func (t *term) preference() model.Preference {
	pr := model.Preference{Weight: float(t.weight)}
	switch {
	case t.prefer != nil:
		pr.Prefer = t.prefer
	case t.issue.kind == model.ChoiceKind:
		pr.Issue = t.issue.id
		pr.Values = map[string]float64{}
		for i, sc := range t.scores {
			if sc.Sign() > 0 {
				pr.Values[t.issue.options[i]] = float(sc)
			}
		}
	default:
		pr.Issue = t.issue.id
		pr.Points = points(t.issue.levels, t.scores)
	}
	return pr
}

// points is the fewest points whose linear interpolation passes through
// (xs[i], ys[i]) for every i: the first and last level and every level
// where the slope changes.
func points(xs []int64, ys []*big.Rat) []model.Point {
	slope := func(i int) *big.Rat { // between levels i and i+1
		d := new(big.Rat).Sub(ys[i+1], ys[i])
		return d.Quo(d, new(big.Rat).SetInt64(xs[i+1]-xs[i]))
	}
	var out []model.Point
	for i := range xs {
		if i > 0 && i < len(xs)-1 && slope(i-1).Cmp(slope(i)) == 0 {
			continue
		}
		out = append(out, model.Point{X: xs[i], Y: float(ys[i])})
	}
	return out
}

// decimal prints r as a short decimal for messages.
func decimal(r *big.Rat) string {
	if r.IsInt() {
		return r.RatString()
	}
	f, _ := r.Float64()
	return fmt.Sprint(f)
}

// sortedNames returns the keys of m in ascending order.
func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
