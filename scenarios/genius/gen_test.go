package genius_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios/genius"
	"github.com/zopa-go/zopa/solver/report"
)

// Names that sanitise to the same identifier, start with digits, are
// reserved words or carry accents and punctuation.
var (
	issueNames = []string{"Price", "price", "PRICE!", "1st choice", "true", "Größe", "a b", "a_b", "x", "x_2", "Café", "Delivery (days)", "-", "Zone"}
	itemNames  = []string{"Yes", "yes", "YES", "12:00", "12.00", "a/b", "a b", "ä", "1", "-1", "x", "Fast & cheap", "<none>"}
)

func pick(rng *rand.Rand, pool []string, n int) []string {
	p := rng.Perm(len(pool))
	out := make([]string, n)
	for i := range out {
		out[i] = pool[p[i]]
	}
	return out
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// digits16 is a random number in [0, scale) with 16 significant digits.
func digits16(rng *rand.Rand, scale float64) string {
	return fmt.Sprintf("%.16g", rng.Float64()*scale)
}

type genIssue struct {
	name   string
	items  []string
	lo, hi int64
}

// genDomain writes a random Genius domain template.
func genDomain(rng *rand.Rand, nonlinear bool) ([]genIssue, string) {
	n := 1 + rng.IntN(4)
	names := pick(rng, issueNames, n)
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?>` + "\n<negotiation_template><utility_space number_of_issues=\"" + fmt.Sprint(n) + "\">\n")
	b.WriteString(`<objective index="0" name="Generated" type="objective" etype="objective">` + "\n")
	var issues []genIssue
	for i, name := range names {
		is := genIssue{name: name}
		if nonlinear || rng.IntN(2) == 0 {
			is.lo = int64(rng.IntN(6)) - 2
			is.hi = is.lo + int64(rng.IntN(5))
			fmt.Fprintf(&b, `<issue index="%d" name="%s" type="integer" etype="integer" vtype="integer" lowerbound="%d" upperbound="%d"/>`+"\n",
				i+1, xmlEscape(name), is.lo, is.hi)
		} else {
			is.items = pick(rng, itemNames, 2+rng.IntN(3))
			fmt.Fprintf(&b, `<issue index="%d" name="%s" type="discrete" etype="discrete" vtype="discrete">`, i+1, xmlEscape(name))
			for j, it := range is.items {
				fmt.Fprintf(&b, `<item index="%d" value="%s"/>`, j+1, xmlEscape(it))
			}
			b.WriteString("</issue>\n")
		}
		issues = append(issues, is)
	}
	b.WriteString("</objective></utility_space></negotiation_template>\n")
	return issues, b.String()
}

// genAdditive writes a random additive profile; sumOver reports whether its
// weights sum to more than 1 (beyond rounding).
func genAdditive(rng *rand.Rand, issues []genIssue) (string, float64) {
	var b strings.Builder
	b.WriteString("<utility_space>\n<objective index=\"0\" name=\"Generated\" type=\"objective\" etype=\"objective\">\n")
	raw := make([]float64, len(issues))
	total := 0.0
	for i := range raw {
		raw[i] = rng.Float64()
		if rng.IntN(8) == 0 {
			raw[i] = 0
		}
		total += raw[i]
	}
	factor := 1.0
	switch rng.IntN(6) {
	case 0:
		factor = 0.7 // weights sum below 1
	case 1:
		factor = 1.3 // above 1
	}
	sum := 0.0
	for i, is := range issues {
		w := 0.0
		if total > 0 {
			w = raw[i] / total * factor
		}
		ws := fmt.Sprintf("%.16g", w)
		var x float64
		fmt.Sscan(ws, &x)
		sum += x
		if is.items != nil {
			fmt.Fprintf(&b, `<issue index="%d" name="%s" type="discrete" etype="discrete">`, i+1, xmlEscape(is.name))
			for j, it := range is.items {
				ev := ""
				switch rng.IntN(7) {
				case 0: // no evaluation
				case 1:
					ev = fmt.Sprintf(` evaluation="%s"`, digits16(rng, 1))
				default:
					ev = fmt.Sprintf(` evaluation="%d"`, rng.IntN(10))
				}
				fmt.Fprintf(&b, `<item index="%d" value="%s"%s/>`, j+1, xmlEscape(it), ev)
			}
			b.WriteString("</issue>\n")
		} else {
			lb := is.lo
			if rng.IntN(4) == 0 {
				lb -= int64(rng.IntN(3))
			}
			fmt.Fprintf(&b, `<issue index="%d" name="%s" type="integer" etype="integer" lowerbound="%d" upperbound="%d">`, i+1, xmlEscape(is.name), lb, is.hi)
			if rng.IntN(6) != 0 {
				fmt.Fprintf(&b, `<evaluator ftype="linear" slope="%.16g" offset="%.16g"/>`, rng.Float64()-0.5, rng.Float64()*2-0.5)
			}
			b.WriteString("</issue>\n")
		}
		fmt.Fprintf(&b, `<weight index="%d" value="%s"/>`+"\n", i+1, ws)
	}
	b.WriteString("</objective>\n")
	if rng.IntN(3) > 0 {
		fmt.Fprintf(&b, `<reservation value="%.2f"/>`+"\n", rng.Float64()*0.8)
	}
	if rng.IntN(2) == 0 {
		fmt.Fprintf(&b, `<discount_factor value="%.1f"/>`+"\n", rng.Float64())
	}
	b.WriteString("</utility_space>\n")
	return b.String(), sum
}

// genNonlinear writes a random ANAC 2014 style profile.
func genNonlinear(rng *rand.Rand, issues []genIssue) (string, float64) {
	var b strings.Builder
	b.WriteString("<utility_space type=\"nonlinear\">\n<objective index=\"0\" name=\"root\" type=\"objective\" etype=\"objective\">\n")
	var rects strings.Builder
	total := 0.0
	rect := func() {
		u := float64(1 + rng.IntN(50))
		total += u
		kind := "INCLUDES"
		if rng.IntN(3) == 0 {
			kind = "EXCLUDES"
		}
		fmt.Fprintf(&rects, `<hyperRectangle utility="%g">`, u)
		for _, k := range rng.Perm(len(issues))[:rng.IntN(len(issues)+1)] {
			is := issues[k]
			lo := is.lo - 1 + int64(rng.IntN(int(is.hi-is.lo)+3))
			hi := lo + int64(rng.IntN(4)) - 1
			fmt.Fprintf(&rects, `<%s index="%d" min="%d" max="%d"/>`, kind, k+1, lo, hi)
		}
		rects.WriteString("</hyperRectangle>\n")
	}
	for range 1 + rng.IntN(5) {
		rect()
	}
	inner := ""
	if rng.IntN(3) == 0 {
		var saved strings.Builder
		saved.WriteString(rects.String())
		rects.Reset()
		before := total
		rect()
		rect()
		w := 0.25 + float64(rng.IntN(4))/4
		total = before + (total-before)*w
		inner = fmt.Sprintf(`<ufun type="PlainUfun" weight="%g" aggregation="sum">%s</ufun>`, w, rects.String())
		rects.Reset()
		rects.WriteString(saved.String())
	}
	maxU := total
	if rng.IntN(3) == 0 {
		maxU += float64(rng.IntN(30))
	}
	fmt.Fprintf(&b, `<utility maxutility="%g"><ufun type="PlainUfun" weight="1" aggregation="sum">%s%s</ufun></utility>`, maxU, rects.String(), inner)
	b.WriteString("</objective>\n")
	if rng.IntN(2) == 0 {
		fmt.Fprintf(&b, `<reservation value="%.2f"/>`, rng.Float64()*0.6)
	}
	b.WriteString("</utility_space>\n")
	return b.String(), 1
}

var idRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// TestGenerated imports 400 random Genius domains (additive and non-linear)
// and checks every package's utility against the reference, identifiers,
// and a round trip through the scenario format.
func TestGenerated(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 23))
	checked := 0
	for n := range 400 {
		nonlinear := n%3 == 2
		issues, dom := genDomain(rng, nonlinear)
		var profs [][]byte
		var files []genius.File
		var scale []float64
		over := false
		for k := range 2 + rng.IntN(2) {
			var p string
			var sum float64
			if nonlinear {
				p, sum = genNonlinear(rng, issues)
			} else {
				p, sum = genAdditive(rng, issues)
			}
			profs = append(profs, []byte(p))
			files = append(files, genius.File{Name: fmt.Sprintf("party %d.xml", k+1), Data: []byte(p)})
			if sum > 1+1e-12 {
				over = true
			}
			scale = append(scale, math.Max(sum, 1))
		}
		r, err := genius.Import(genius.File{Name: "gen-domain.xml", Data: []byte(dom)}, files, nil)
		if err != nil {
			t.Fatalf("space %d: %v\n%s\n%s", n, err, dom, profs[0])
		}
		s := r.Space
		if !over {
			scale = nil
		} else if !strings.Contains(strings.Join(r.Warnings, "\n"), "more than 1") {
			t.Errorf("space %d: weights above 1 without a warning: %v", n, r.Warnings)
		}
		if nonlinear {
			// A generated maxutility is never below the rectangles' total,
			// so nothing is capped or rescaled.
			scale = nil
		}
		checkXML(t, s, []byte(dom), profs, scale)
		seen := map[string]bool{}
		for i, is := range s.Issues {
			if !idRE.MatchString(is.ID) || seen[is.ID] || is.ID == "true" || is.ID == "false" {
				t.Errorf("space %d: bad or repeated issue id %q", n, is.ID)
			}
			seen[is.ID] = true
			if orig := issues[i].name; is.Label != orig && !(is.Label == "" && is.ID == orig) {
				t.Errorf("space %d: issue %s keeps label %q, want the original %q", n, is.ID, is.Label, orig)
			}
		}
		var buf bytes.Buffer
		s.Encode(&buf)
		back, err := model.Decode(&buf)
		if err != nil {
			t.Fatalf("space %d: the converted scenario does not decode: %v", n, err)
		}
		var a, b bytes.Buffer
		s.Encode(&a)
		back.Encode(&b)
		if a.String() != b.String() {
			t.Fatalf("space %d: round trip changed the document", n)
		}
		checked++
	}
	if checked != 400 {
		t.Fatalf("checked %d spaces", checked)
	}
}

// TestGeneratedAnalysis runs the analysis on imported random domains and
// compares the agreeable count and the utilitarian optimum with brute force
// over the reference utilities and reservations.
func TestGeneratedAnalysis(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	compared := 0
	for n := range 60 {
		issues, dom := genDomain(rng, n%2 == 1)
		var profs [][]byte
		var files []genius.File
		for k := range 2 {
			var p string
			if n%2 == 1 {
				p, _ = genNonlinear(rng, issues)
			} else {
				p, _ = genAdditive(rng, issues)
			}
			profs = append(profs, []byte(p))
			files = append(files, genius.File{Name: fmt.Sprintf("p%d.xml", k), Data: []byte(p)})
		}
		r, err := genius.Import(genius.File{Name: "d.xml", Data: []byte(dom)}, files, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Warnings) > 0 && strings.Contains(strings.Join(r.Warnings, " "), "more than 1") {
			continue // utilities are rescaled; TestGenerated covers it
		}
		s := r.Space
		refs := make([]refProfile, len(profs))
		for i := range profs {
			refs[i] = parseRefProfile(t, profs[i])
		}
		ris := refDomain(t, []byte(dom))
		count, best, near := 0, math.Inf(-1), false
		for _, p := range packages(s) {
			b := bidOf(t, s, ris, p)
			ok, sum := true, 0.0
			for _, ref := range refs {
				u, res := ref.utility(b), ref.reservation()
				if res > 0 && math.Abs(u-res) < 1e-9 {
					near = true
				}
				if res > 0 && u < res {
					ok = false
				}
				sum += u
			}
			if ok {
				count++
				best = math.Max(best, sum)
			}
		}
		if near {
			continue // a utility on its reservation: too close to call
		}
		rep, err := report.Analyze(context.Background(), s, nil)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Agreeable.Count != int64(count) {
			t.Fatalf("space %d: %d agreeable packages, brute force %d", n, rep.Agreeable.Count, count)
		}
		if count > 0 && math.Abs(rep.Best.Utilitarian.Score-best) > 1e-9 {
			t.Fatalf("space %d: utilitarian %v, brute force %v", n, rep.Best.Utilitarian.Score, best)
		}
		compared++
	}
	if compared < 40 {
		t.Fatalf("only %d spaces compared", compared)
	}
}

// TestGeneratedWeb imports random GeniusWeb domains (discrete issues and
// number ranges with integer, decimal and negative values) and compares
// every package's utility and the reservation bids' with the reference.
func TestGeneratedWeb(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := range 200 {
		type wIssue struct {
			name   string
			values []string // discrete values, or the numbers as decimals
			number bool
		}
		var issues []wIssue
		var dom strings.Builder
		dom.WriteString(`{"name": "gen", "issuesValues": {`)
		for i, name := range pick(rng, issueNames, 1+rng.IntN(3)) {
			if i > 0 {
				dom.WriteString(",")
			}
			is := wIssue{name: name}
			if rng.IntN(2) == 0 {
				is.values = pick(rng, itemNames, 2+rng.IntN(3))
				fmt.Fprintf(&dom, `%q: {"values": [`, name)
				for j, v := range is.values {
					if j > 0 {
						dom.WriteString(",")
					}
					fmt.Fprintf(&dom, "%q", v)
				}
				dom.WriteString("]}")
			} else {
				is.number = true
				step := []string{"1", "2", "0.5", "0.25", "0.1"}[rng.IntN(5)]
				var st float64
				fmt.Sscan(step, &st)
				low := float64(rng.IntN(7)-3) * st
				k := 1 + rng.IntN(4)
				for j := 0; j <= k; j++ {
					is.values = append(is.values, strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", low+float64(j)*st), "0"), "."))
				}
				fmt.Fprintf(&dom, `%q: {"range": {"low": %s, "high": %s, "step": %s}}`, name, is.values[0], is.values[k], step)
			}
			issues = append(issues, is)
		}
		dom.WriteString("}}")
		var files []genius.File
		var refs []*webRef
		var resBids []map[string]string
		for k := range 2 {
			var p strings.Builder
			fmt.Fprintf(&p, `{"LinearAdditiveUtilitySpace": {"name": "party%d", "issueUtilities": {`, k)
			ws := make([]float64, len(issues))
			tot := 0.0
			for i := range ws {
				ws[i] = float64(1 + rng.IntN(9))
				tot += ws[i]
			}
			res := map[string]string{}
			for i, is := range issues {
				if i > 0 {
					p.WriteString(",")
				}
				if is.number {
					lo, hi := is.values[0], is.values[len(is.values)-1]
					fmt.Fprintf(&p, `%q: {"NumberValueSetUtilities": {"lowValue": %s, "lowUtility": %s, "highValue": %s, "highUtility": %s}}`,
						is.name, lo, digits16(rng, 1), hi, digits16(rng, 1))
				} else {
					fmt.Fprintf(&p, `%q: {"DiscreteValueSetUtilities": {"valueUtilities": {`, is.name)
					for j, v := range is.values {
						if j > 0 {
							p.WriteString(",")
						}
						fmt.Fprintf(&p, `%q: %s`, v, digits16(rng, 1))
					}
					p.WriteString("}}}")
				}
				res[is.name] = is.values[rng.IntN(len(is.values))]
			}
			p.WriteString(`}, "issueWeights": {`)
			for i, is := range issues {
				if i > 0 {
					p.WriteString(",")
				}
				fmt.Fprintf(&p, `%q: %s`, is.name, fmt.Sprintf("%.16g", ws[i]/tot))
			}
			p.WriteString("}")
			if rng.IntN(2) == 0 {
				p.WriteString(`, "reservationBid": {"issuevalues": {`)
				i := 0
				for _, is := range issues {
					if i > 0 {
						p.WriteString(",")
					}
					if is.number {
						fmt.Fprintf(&p, `%q: %s`, is.name, res[is.name])
					} else {
						fmt.Fprintf(&p, `%q: %q`, is.name, res[is.name])
					}
					i++
				}
				p.WriteString("}}")
			} else {
				res = nil
			}
			p.WriteString("}}")
			files = append(files, genius.File{Name: fmt.Sprintf("p%d.json", k), Data: []byte(p.String())})
			refs = append(refs, parseWebRef(t, []byte(p.String())))
			resBids = append(resBids, res)
		}
		r, err := genius.Import(genius.File{Name: "gen.json", Data: []byte(dom.String())}, files, nil)
		if err != nil {
			t.Fatalf("space %d: %v\n%s", n, err, dom.String())
		}
		s := r.Space
		for _, p := range packages(s) {
			b := map[string]string{}
			for i, is := range issues {
				zi := &s.Issues[i]
				v := p[zi.ID]
				if zi.Kind == model.IntKind {
					b[is.name] = fmt.Sprint(v.Int())
					continue
				}
				for j, o := range zi.Options {
					if o == v.Option() {
						b[is.name] = is.values[j]
					}
				}
			}
			for k, ref := range refs {
				want, _ := ref.utility(t, b).Float64()
				got, _ := s.Utility(&s.Parties[k], p)
				if math.Abs(got-want) > 1e-12 {
					t.Fatalf("space %d party %d %v: %v, want %v\n%s\n%s", n, k, p, got, want, dom.String(), files[k].Data)
				}
			}
		}
		for k, res := range resBids {
			pr := s.Parties[k].Reservation
			if res == nil {
				if pr != nil {
					t.Errorf("space %d: reservation without a bid", n)
				}
				continue
			}
			want, _ := refs[k].utility(t, res).Float64()
			if want > 0 && (pr == nil || math.Abs(*pr-want) > 1e-12) {
				t.Errorf("space %d party %d: reservation %v, want %v", n, k, pr, want)
			}
		}
	}
}
