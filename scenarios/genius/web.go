package genius

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"

	"github.com/zopa-go/zopa/model"
)

// This file reads GeniusWeb JSON: a domain ({"name", "issuesValues"}) and
// LinearAdditiveUtilitySpace profiles, following geniusweb's
// LinearAdditiveUtilitySpace, DiscreteValueSetUtilities and
// NumberValueSetUtilities.

// jnode is a JSON value that keeps the order of object keys (GeniusWeb's
// issues are an object, and the order is the issues' order).
type jnode struct {
	obj  []jfield // for an object
	arr  []*jnode // for an array
	str  *string
	num  json.Number
	null bool
	kind byte // 'o', 'a', 's', 'n', 'b', 'z' (null)
}

type jfield struct {
	key string
	val *jnode
}

// get returns the value of key in an object, or nil.
func (n *jnode) get(key string) *jnode {
	if n == nil {
		return nil
	}
	for _, f := range n.obj {
		if f.key == key {
			return f.val
		}
	}
	return nil
}

func parseJSON(file string, data []byte) (*jnode, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := jvalue(dec, 0)
	if err == nil {
		if _, e := dec.Token(); !errors.Is(e, io.EOF) {
			err = errors.New("data after the JSON value")
		}
	}
	if err != nil {
		return nil, &Error{File: file, Msg: "JSON: " + err.Error()}
	}
	return n, nil
}

func jvalue(dec *json.Decoder, depth int) (*jnode, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("nested deeper than %d", maxDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &jnode{kind: 'o'}
			seen := map[string]bool{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				if seen[k] {
					return nil, fmt.Errorf("key %q appears twice in one object", k)
				}
				seen[k] = true
				v, err := jvalue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.obj = append(n.obj, jfield{k, v})
			}
			_, err := dec.Token()
			return n, err
		case '[':
			n := &jnode{kind: 'a'}
			for dec.More() {
				v, err := jvalue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.arr = append(n.arr, v)
			}
			_, err := dec.Token()
			return n, err
		}
	case string:
		return &jnode{kind: 's', str: &t}, nil
	case json.Number:
		return &jnode{kind: 'n', num: t}, nil
	case bool:
		return &jnode{kind: 'b'}, nil
	case nil:
		return &jnode{kind: 'z', null: true}, nil
	}
	return nil, fmt.Errorf("unexpected %v", tok)
}

// webValue is one value of a GeniusWeb issue as a bid holds it: a string
// for a discrete value, a number for a number value.
func webValue(n *jnode) (string, bool) {
	switch n.kind {
	case 's':
		return "s:" + *n.str, true
	case 'n':
		r, ok := number(string(n.num))
		if !ok {
			return "", false
		}
		return "n:" + r.RatString(), true
	}
	return "", false
}

// webDomain reads a GeniusWeb domain object.
func webDomain(file string, n *jnode) (*domain, error) {
	fail := func(format string, args ...any) error {
		return &Error{File: file, Msg: fmt.Sprintf(format, args...)}
	}
	if n.kind != 'o' {
		return nil, fail("the domain is not a JSON object")
	}
	d := &domain{file: file, name: domainName(file)}
	if nm := n.get("name"); nm != nil && nm.kind == 's' && *nm.str != "" {
		d.name = *nm.str
	}
	iv := n.get("issuesValues")
	if iv == nil || iv.kind != 'o' || len(iv.obj) == 0 {
		return nil, fail("the domain has no issuesValues")
	}
	ids := newNamer("true", "false")
	for i, f := range iv.obj {
		is := &issue{pos: i, index: i + 1, name: f.key, id: ids.take(ident(f.key, "i", "issue"))}
		path := "issuesValues." + f.key
		switch {
		case f.val.get("values") != nil:
			vs := f.val.get("values")
			if vs.kind != 'a' || len(vs.arr) == 0 || len(vs.arr) > model.MaxLevels {
				return nil, fail("%s.values: want a list of 1 to %d values", path, model.MaxLevels)
			}
			opts := newNamer()
			seen := map[string]bool{}
			for _, v := range vs.arr {
				if v.kind != 's' {
					return nil, fail("%s.values: a discrete value must be a string", path)
				}
				if seen[*v.str] {
					return nil, fail("%s.values: %q listed twice", path, *v.str)
				}
				seen[*v.str] = true
				is.values = append(is.values, *v.str)
				is.options = append(is.options, opts.take(option(*v.str)))
			}
			is.kind = model.ChoiceKind
		case f.val.get("range") != nil:
			if err := numberIssue(is, f.val.get("range")); err != nil {
				return nil, fail("%s.range: %v", path, err)
			}
		default:
			return nil, fail("%s: want {\"values\": [...]} or {\"range\": {...}}", path)
		}
		d.issues = append(d.issues, is)
	}
	return d, nil
}

// numberIssue fills a GeniusWeb number issue (low, low+step, … <= high):
// an int issue when every value is an integer, else a choice issue whose
// options name the decimals ("12.5" is 12_5, "-0.5" is m0_5).
func numberIssue(is *issue, r *jnode) error {
	var low, high, step *big.Rat
	var ok1, ok2, ok3 bool
	switch r.kind {
	case 'o':
		low, ok1 = jnumber(r.get("low"))
		high, ok2 = jnumber(r.get("high"))
		step, ok3 = jnumber(r.get("step"))
	case 'a':
		if len(r.arr) == 3 {
			low, ok1 = jnumber(r.arr[0])
			high, ok2 = jnumber(r.arr[1])
			step, ok3 = jnumber(r.arr[2])
		}
	}
	if !ok1 || !ok2 || !ok3 {
		return errors.New("want numbers low, high and step")
	}
	if step.Sign() <= 0 || low.Cmp(high) > 0 {
		return errors.New("want step > 0 and low <= high")
	}
	n := new(big.Rat).Sub(high, low)
	n.Quo(n, step)
	count := new(big.Int).Quo(n.Num(), n.Denom())
	if count.Cmp(big.NewInt(model.MaxLevels-1)) > 0 {
		return fmt.Errorf("more than %d values", model.MaxLevels)
	}
	ints := true
	for k := int64(0); k <= count.Int64(); k++ {
		x := new(big.Rat).Mul(step, big.NewRat(k, 1))
		x.Add(x, low)
		is.native = append(is.native, x)
		ints = ints && x.IsInt() && x.Num().IsInt64()
	}
	if ints {
		is.kind = model.IntKind
		for _, x := range is.native {
			is.levels = append(is.levels, x.Num().Int64())
		}
		is.min, is.max, is.step = is.levels[0], is.levels[len(is.levels)-1], 1
		if len(is.levels) > 1 {
			is.step = is.levels[1] - is.levels[0]
		}
		return nil
	}
	is.kind = model.ChoiceKind
	opts := newNamer()
	for _, x := range is.native {
		s := exactDecimal(x)
		o := option(s)
		if strings.HasPrefix(s, "-") {
			o = "m" + o
		}
		is.values = append(is.values, s)
		is.options = append(is.options, opts.take(o))
	}
	return nil
}

func jnumber(n *jnode) (*big.Rat, bool) {
	if n == nil {
		return nil, false
	}
	switch n.kind {
	case 'n':
		return number(string(n.num))
	case 's': // GeniusWeb writes big decimals as strings in some versions
		return number(*n.str)
	}
	return nil, false
}

// exactDecimal prints a finite decimal exactly: 12.5, -0.25, 3.
func exactDecimal(r *big.Rat) string {
	for digits := 0; digits <= 400; digits++ {
		s := r.FloatString(digits)
		if back, _ := new(big.Rat).SetString(s); back.Cmp(r) == 0 {
			return s
		}
	}
	return r.RatString()
}

// webProfile reads a LinearAdditiveUtilitySpace profile.
func webProfile(file string, n *jnode, d *domain, warn func(string)) (*party, error) {
	fail := func(format string, args ...any) error {
		return &Error{File: file, Msg: fmt.Sprintf(format, args...)}
	}
	if n.kind != 'o' || len(n.obj) != 1 {
		return nil, fail("want a profile object with one key, such as LinearAdditiveUtilitySpace")
	}
	kind := n.obj[0].key
	if kind != "LinearAdditiveUtilitySpace" {
		return nil, fail("profile type %q is not supported: only LinearAdditiveUtilitySpace", kind)
	}
	sp := n.obj[0].val
	p := &party{file: file, name: baseName(file), denom: new(big.Rat).Set(ratOne), what: "issue weights"}
	if nm := sp.get("name"); nm != nil && nm.kind == 's' && *nm.str != "" {
		p.name = *nm.str
	}
	if own := sp.get("domain"); own != nil && d != nil {
		od, err := webDomain(file, own)
		if err != nil {
			return nil, err
		}
		if !sameDomain(od, d) {
			return nil, fail("the profile's domain %q differs from the domain %q", od.name, d.name)
		}
	}
	utils, weights := sp.get("issueUtilities"), sp.get("issueWeights")
	if utils == nil || utils.kind != 'o' || weights == nil || weights.kind != 'o' {
		return nil, fail("the profile needs issueUtilities and issueWeights objects")
	}
	for _, f := range append(append([]jfield{}, utils.obj...), weights.obj...) {
		if webIssue(d, f.key) == nil {
			return nil, fail("issue %q is not in the domain", f.key)
		}
	}
	for _, is := range d.issues {
		w, ok := jnumber(weights.get(is.name))
		if !ok || w.Sign() < 0 {
			return nil, fail("issueWeights.%s: want a number >= 0", is.name)
		}
		u := utils.get(is.name)
		if u == nil || u.kind != 'o' || len(u.obj) != 1 {
			return nil, fail("issueUtilities.%s: want one value set utilities object", is.name)
		}
		t := &term{weight: w, issue: is}
		var err error
		switch u.obj[0].key {
		case "DiscreteValueSetUtilities", "discreteutils":
			t.scores, err = webDiscrete(is, u.obj[0].val, warn, file)
		case "NumberValueSetUtilities", "numberutils":
			t.scores, err = webNumber(is, u.obj[0].val)
		default:
			err = fmt.Errorf("unknown utilities type %q", u.obj[0].key)
		}
		if err != nil {
			return nil, fail("issueUtilities.%s: %v", is.name, err)
		}
		p.terms = append(p.terms, t)
	}
	total := new(big.Rat)
	for _, t := range p.terms {
		total.Add(total, t.weight)
	}
	if total.Cmp(ratOne) < 0 && new(big.Rat).Sub(ratOne, total).Cmp(tolerance) > 0 {
		warn(fmt.Sprintf("%s: the issue weights sum to %s, not 1 as GeniusWeb requires; utilities are the weighted sums", file, decimal(total)))
	}
	if rb := sp.get("reservationBid"); rb != nil && !rb.null {
		vals := rb.get("issuevalues")
		if vals == nil || vals.kind != 'o' {
			return nil, fail("reservationBid: want {\"issuevalues\": {...}}")
		}
		p.resBid = make([]int, len(d.issues))
		for i := range p.resBid {
			p.resBid[i] = -1
		}
		for _, f := range vals.obj {
			is := webIssue(d, f.key)
			if is == nil {
				return nil, fail("reservationBid: issue %q is not in the domain", f.key)
			}
			v, ok := webValue(f.val)
			k := -1
			for i := range is.size() {
				if ok && webKey(is, i) == v {
					k = i
				}
			}
			if k < 0 {
				return nil, fail("reservationBid: %s is not a value of issue %q", jtext(f.val), f.key)
			}
			p.resBid[is.pos] = k
		}
	}
	return p, nil
}

// webKey is the key webValue gives value i of the issue.
func webKey(is *issue, i int) string {
	if is.native != nil {
		return "n:" + is.native[i].RatString()
	}
	return "s:" + is.values[i]
}

func jtext(n *jnode) string {
	switch n.kind {
	case 's':
		return fmt.Sprintf("%q", *n.str)
	case 'n':
		return string(n.num)
	}
	return "that value"
}

func webIssue(d *domain, name string) *issue {
	for _, is := range d.issues {
		if is.name == name {
			return is
		}
	}
	return nil
}

// sameDomain reports whether two domains have the same issues and values.
func sameDomain(a, b *domain) bool {
	if len(a.issues) != len(b.issues) {
		return false
	}
	for i, x := range a.issues {
		y := b.issues[i]
		if x.name != y.name || x.size() != y.size() {
			return false
		}
		for k := range x.size() {
			if webKey(x, k) != webKey(y, k) {
				return false
			}
		}
	}
	return true
}

// webDiscrete follows DiscreteValueSetUtilities: the listed utility, 0 for
// an unlisted value.
func webDiscrete(is *issue, n *jnode, warn func(string), file string) ([]*big.Rat, error) {
	vu := n.get("valueUtilities")
	if vu == nil || vu.kind != 'o' {
		return nil, errors.New("want valueUtilities")
	}
	if is.native != nil {
		return nil, errors.New("discrete utilities for a number issue")
	}
	scores := make([]*big.Rat, is.size())
	for i := range scores {
		scores[i] = new(big.Rat)
	}
	for _, f := range vu.obj {
		u, ok := jnumber(f.val)
		if !ok || u.Sign() < 0 || u.Cmp(ratOne) > 0 {
			return nil, fmt.Errorf("valueUtilities.%s: want a number in [0, 1]", f.key)
		}
		k := -1
		for i := range is.values {
			if is.values[i] == f.key {
				k = i
			}
		}
		if k < 0 {
			warn(fmt.Sprintf("%s: issue %q: value %q is not in the domain; ignored", file, is.name, f.key))
			continue
		}
		scores[k] = u
	}
	return scores, nil
}

// webNumber follows NumberValueSetUtilities: linear between (lowValue,
// lowUtility) and (highValue, highUtility), rounded half up to 8 decimals,
// 0 outside [lowValue, highValue].
func webNumber(is *issue, n *jnode) ([]*big.Rat, error) {
	if is.native == nil {
		return nil, errors.New("number utilities for a discrete issue")
	}
	lv, ok1 := jnumber(n.get("lowValue"))
	lu, ok2 := jnumber(n.get("lowUtility"))
	hv, ok3 := jnumber(n.get("highValue"))
	hu, ok4 := jnumber(n.get("highUtility"))
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return nil, errors.New("want numbers lowValue, lowUtility, highValue and highUtility")
	}
	if lu.Sign() < 0 || lu.Cmp(ratOne) > 0 || hu.Sign() < 0 || hu.Cmp(ratOne) > 0 || hv.Cmp(lv) <= 0 {
		return nil, errors.New("want utilities in [0, 1] and highValue > lowValue")
	}
	scale := big.NewInt(100_000_000)
	scores := make([]*big.Rat, len(is.native))
	for i, x := range is.native {
		if x.Cmp(lv) < 0 || x.Cmp(hv) > 0 {
			scores[i] = new(big.Rat)
			continue
		}
		u := new(big.Rat).Sub(x, lv)
		u.Mul(u, new(big.Rat).Sub(hu, lu))
		u.Quo(u, new(big.Rat).Sub(hv, lv))
		u.Add(u, lu)
		// Half up to 8 decimals: floor(u·1e8 + 1/2) / 1e8 (u >= 0).
		t := new(big.Rat).Mul(u, new(big.Rat).SetInt(scale))
		t.Add(t, big.NewRat(1, 2))
		q := new(big.Int).Quo(t.Num(), t.Denom())
		scores[i] = new(big.Rat).SetFrac(q, scale)
	}
	return scores, nil
}
