package genius_test

import (
	"encoding/json"
	"encoding/xml"
	"math"
	"math/big"
	"strconv"
	"strings"
	"testing"

	"github.com/zopa-go/zopa/model"
)

// This file is the tests' independent reference: it reads Genius XML with
// encoding/xml structs and GeniusWeb JSON with encoding/json, and computes
// utilities with the platforms' formulas (genius.core's getUtility in
// float64, GeniusWeb's in exact decimals), sharing no code with the
// importer.

type xDomain struct {
	Space struct {
		Objective xObjective `xml:"objective"`
	} `xml:"utility_space"`
}

type xObjective struct {
	Name       string       `xml:"name,attr"`
	Issues     []xIssue     `xml:"issue"`
	Objectives []xObjective `xml:"objective"`
	Weights    []xWeight    `xml:"weight"`
	Utility    *xUtility    `xml:"utility"`
}

type xIssue struct {
	Index     int     `xml:"index,attr"`
	Name      string  `xml:"name,attr"`
	Type      string  `xml:"type,attr"`
	Lower     string  `xml:"lowerbound,attr"`
	Upper     string  `xml:"upperbound,attr"`
	Items     []xItem `xml:"item"`
	Evaluator *struct {
		Slope  float64 `xml:"slope,attr"`
		Offset float64 `xml:"offset,attr"`
	} `xml:"evaluator"`
}

type xItem struct {
	Value      string  `xml:"value,attr"`
	Evaluation *string `xml:"evaluation,attr"`
}

type xWeight struct {
	Index int     `xml:"index,attr"`
	Value float64 `xml:"value,attr"`
}

type xUtility struct {
	Max  float64 `xml:"maxutility,attr"`
	Ufun xUfun   `xml:"ufun"`
}

type xUfun struct {
	Weight *float64 `xml:"weight,attr"`
	Rects  []struct {
		Utility  float64  `xml:"utility,attr"`
		Weight   *float64 `xml:"weight,attr"`
		Includes []xBound `xml:"INCLUDES"`
		Excludes []xBound `xml:"EXCLUDES"`
	} `xml:"hyperRectangle"`
	Inner []xUfun `xml:"ufun"`
}

type xBound struct {
	Index int   `xml:"index,attr"`
	Min   int64 `xml:"min,attr"`
	Max   int64 `xml:"max,attr"`
}

type xProfile struct {
	Objective   xObjective `xml:"objective"`
	Reservation *struct {
		Value float64 `xml:"value,attr"`
	} `xml:"reservation"`
}

// refIssue is one issue as the reference sees it.
type refIssue struct {
	index  int
	name   string
	items  []string // discrete
	lo, hi int64    // integer
}

func allIssues(o xObjective) []xIssue {
	out := append([]xIssue{}, o.Issues...)
	for _, c := range o.Objectives {
		out = append(out, allIssues(c)...)
	}
	return out
}

func refDomain(t *testing.T, data []byte) []refIssue {
	t.Helper()
	var d xDomain
	if err := xml.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	var out []refIssue
	for _, is := range allIssues(d.Space.Objective) {
		ri := refIssue{index: is.Index, name: is.Name}
		if is.Type == "integer" {
			ri.lo, _ = strconv.ParseInt(is.Lower, 10, 64)
			ri.hi, _ = strconv.ParseInt(is.Upper, 10, 64)
		} else {
			for _, it := range is.Items {
				ri.items = append(ri.items, it.Value)
			}
		}
		out = append(out, ri)
	}
	return out
}

// bid maps issue index to a value: an item name or an integer.
type bid map[int]any

// refProfile computes a Genius profile's utility as genius.core does.
type refProfile struct {
	prof    xProfile
	weights map[int]float64
	issues  []xIssue
	evals   map[int]map[string]float64 // discrete issues: value -> evaluation
	maxEval map[int]float64
}

func parseRefProfile(t *testing.T, data []byte) refProfile {
	t.Helper()
	var p xProfile
	if err := xml.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	r := refProfile{prof: p, weights: map[int]float64{}, evals: map[int]map[string]float64{}, maxEval: map[int]float64{}}
	var collect func(o xObjective)
	collect = func(o xObjective) {
		for _, w := range o.Weights {
			r.weights[w.Index] = w.Value
		}
		for _, c := range o.Objectives {
			collect(c)
		}
	}
	collect(p.Objective)
	r.issues = allIssues(p.Objective)
	for _, is := range r.issues {
		if is.Type == "integer" {
			continue
		}
		ev := map[string]float64{}
		m := 0.0
		for _, it := range is.Items {
			if it.Evaluation != nil {
				ev[it.Value], _ = strconv.ParseFloat(*it.Evaluation, 64)
				m = math.Max(m, ev[it.Value])
			}
		}
		r.evals[is.Index], r.maxEval[is.Index] = ev, m
	}
	return r
}

func (r refProfile) reservation() float64 {
	if r.prof.Reservation == nil {
		return 0
	}
	return r.prof.Reservation.Value
}

// utility is AdditiveUtilitySpace.getUtility or NonlinearUtilitySpace's.
func (r refProfile) utility(b bid) float64 { return math.Min(r.sum(b), 1) }

// sum is the utility before Genius caps it at 1.
func (r refProfile) sum(b bid) float64 {
	o := r.prof.Objective
	if o.Utility != nil {
		return ufunUtility(o.Utility.Ufun, b) / o.Utility.Max
	}
	u := 0.0
	for _, is := range r.issues {
		var e float64
		switch is.Type {
		case "integer":
			lb, _ := strconv.ParseFloat(is.Lower, 64)
			v := float64(b[is.Index].(int64))
			if is.Evaluator != nil {
				e = is.Evaluator.Slope*(v-lb) + is.Evaluator.Offset
			}
			e = math.Max(0, math.Min(1, e))
		default:
			if m := r.maxEval[is.Index]; m >= 0.00001 {
				e = r.evals[is.Index][b[is.Index].(string)] / m
			}
		}
		u += r.weights[is.Index] * e
	}
	return u
}

func ufunUtility(f xUfun, b bid) float64 {
	u := 0.0
	for _, r := range f.Rects {
		w := 1.0
		if r.Weight != nil {
			w = *r.Weight
		}
		in := true
		bounds := r.Includes
		if len(r.Excludes) > 0 {
			bounds = r.Excludes
		}
		for _, bd := range bounds {
			v := b[bd.Index].(int64)
			if v < bd.Min || v > bd.Max {
				in = false
			}
		}
		if len(r.Excludes) > 0 {
			in = !in
		}
		if in {
			u += r.Utility * w
		}
	}
	for _, g := range f.Inner {
		w := 1.0
		if g.Weight != nil {
			w = *g.Weight
		}
		u += ufunUtility(g, b) * w
	}
	return u
}

// bidOf maps a zopa package of the imported space s to a Genius bid: each
// zopa issue is found by its original name (label, or id when unchanged),
// options by position.
func bidOf(t *testing.T, s *model.Space, issues []refIssue, p model.Package) bid {
	t.Helper()
	b := bid{}
	for i := range s.Issues {
		zi := &s.Issues[i]
		name := zi.Label
		if name == "" {
			name = zi.ID
		}
		var ri *refIssue
		for k := range issues {
			if issues[k].name == name {
				ri = &issues[k]
			}
		}
		if ri == nil {
			t.Fatalf("issue %s (%q) not found in the reference domain", zi.ID, name)
		}
		v := p[zi.ID]
		if zi.Kind == model.ChoiceKind {
			for j, o := range zi.Options {
				if o == v.Option() {
					b[ri.index] = ri.items[j]
				}
			}
		} else {
			b[ri.index] = v.Int()
		}
	}
	return b
}

// packages enumerates every package of s.
func packages(s *model.Space) []model.Package {
	out := []model.Package{{}}
	for i := range s.Issues {
		var next []model.Package
		for _, p := range out {
			for _, v := range s.Issues[i].Domain() {
				q := model.Package{}
				for k, x := range p {
					q[k] = x
				}
				q[s.Issues[i].ID] = v
				next = append(next, q)
			}
		}
		out = next
	}
	return out
}

// webRef computes GeniusWeb utilities from the JSON, in exact decimals.
type webRef struct {
	space struct {
		IssueUtilities map[string]map[string]json.RawMessage `json:"issueUtilities"`
		IssueWeights   map[string]json.Number                `json:"issueWeights"`
		ReservationBid *struct {
			Values map[string]any `json:"issuevalues"`
		} `json:"reservationBid"`
	}
}

func parseWebRef(t *testing.T, data []byte) *webRef {
	t.Helper()
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	w := &webRef{}
	dec := json.NewDecoder(strings.NewReader(string(doc["LinearAdditiveUtilitySpace"])))
	dec.UseNumber()
	if err := dec.Decode(&w.space); err != nil {
		t.Fatal(err)
	}
	return w
}

func rat(t *testing.T, s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("bad number %q", s)
	}
	return r
}

// utility of a GeniusWeb bid: issue name -> string (discrete) or decimal
// string (number).
func (w *webRef) utility(t *testing.T, b map[string]string) *big.Rat {
	sum := new(big.Rat)
	for iss, wt := range w.space.IssueWeights {
		v, ok := b[iss]
		if !ok {
			continue
		}
		var u *big.Rat
		for kind, raw := range w.space.IssueUtilities[iss] {
			dec := json.NewDecoder(strings.NewReader(string(raw)))
			dec.UseNumber()
			switch kind {
			case "DiscreteValueSetUtilities":
				var d struct {
					V map[string]json.Number `json:"valueUtilities"`
				}
				dec.Decode(&d)
				u = new(big.Rat)
				if x, ok := d.V[v]; ok {
					u = rat(t, string(x))
				}
			case "NumberValueSetUtilities":
				var n struct{ LowValue, LowUtility, HighValue, HighUtility json.Number }
				dec.Decode(&n)
				x := rat(t, v)
				lv, lu, hv, hu := rat(t, string(n.LowValue)), rat(t, string(n.LowUtility)), rat(t, string(n.HighValue)), rat(t, string(n.HighUtility))
				u = new(big.Rat)
				if x.Cmp(lv) >= 0 && x.Cmp(hv) <= 0 {
					u.Sub(hu, lu)
					u.Mul(u, new(big.Rat).Sub(x, lv))
					u.Quo(u, new(big.Rat).Sub(hv, lv))
					u.Add(u, lu)
					// ROUND_HALF_UP to 8 decimals.
					scaled := new(big.Rat).Mul(u, big.NewRat(100_000_000, 1))
					fl := new(big.Int).Div(scaled.Num(), scaled.Denom())
					rem := new(big.Rat).Sub(scaled, new(big.Rat).SetInt(fl))
					if rem.Cmp(big.NewRat(1, 2)) >= 0 {
						fl.Add(fl, big.NewInt(1))
					}
					u = new(big.Rat).SetFrac(fl, big.NewInt(100_000_000))
				}
			}
		}
		sum.Add(sum, new(big.Rat).Mul(rat(t, string(wt)), u))
	}
	return sum
}
