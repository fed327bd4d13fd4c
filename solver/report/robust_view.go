package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver"
)

// The "How robust is this?" section of the text and HTML reports.

// hasRobustness reports whether the section has anything to say.
func (r *Report) hasRobustness() bool {
	return len(r.Robustness.Concessions) > 0 || r.Feasible
}

// cheapness is a concession set's verdict in words.
func cheapness(c ConcessionRobustness) string {
	switch {
	case c.NecessarilyCheapest:
		return "necessarily"
	case c.PossiblyCheapest:
		return "possibly"
	}
	return "not"
}

// ranged lists the judgment ranges of s: each constraint or preference
// with one, as "who: stated in [lo, hi]".
func ranged(s *model.Space) (costs, weights []string) {
	for _, p := range s.Parties {
		for _, cs := range [][]model.Constraint{p.RedLines, p.Preconditions} {
			for _, c := range cs {
				if c.CostRange != nil {
					costs = append(costs, fmt.Sprintf("%s.%s %s in [%s, %s]", p.ID, c.ID, num(c.ConcessionCost()), num(c.CostRange.Lo), num(c.CostRange.Hi)))
				}
			}
		}
		for i, pr := range p.Preferences {
			if pr.WeightRange != nil {
				weights = append(weights, fmt.Sprintf("%s's preference %d %s in [%s, %s]", p.ID, i+1, num(pr.Weight), num(pr.WeightRange.Lo), num(pr.WeightRange.Hi)))
			}
		}
	}
	return costs, weights
}

// interval says in words over which costs a constraint keeps the
// cheapest set cheapest.
func interval(c CostRange) string {
	if c.Max == nil {
		return num(c.Min) + " or more"
	}
	return num(c.Min) + " to " + num(*c.Max)
}

// binding returns the cost ranges that bound the cheapest set (those not
// from 0 to no limit), the most sensitive first: by the smaller of the
// distances from the stated cost to the interval's ends, relative to the
// cost, then as listed.
func (r *Report) binding() []CostRange {
	var out []CostRange
	for _, c := range r.Robustness.CostRanges {
		if c.Min > 0 || c.Max != nil {
			out = append(out, c)
		}
	}
	margin := func(c CostRange) float64 {
		m := c.Cost - c.Min
		if c.Max != nil {
			m = min(m, *c.Max-c.Cost)
		}
		return m / c.Cost
	}
	slices.SortStableFunc(out, func(a, b CostRange) int { return cmp.Compare(margin(a), margin(b)) })
	return out
}

// picked is one package some rule picks in some draws, with a short label.
type picked struct {
	label     string
	pkg       model.Package
	utilities map[string]float64
}

// pickedPackages labels the distinct packages of the picks A, B, …, in
// rule order, then by share.
func (r *Report) pickedPackages() []picked {
	pk := r.Robustness.Picks
	var out []picked
	for _, list := range [][]Pick{pk.Utilitarian, pk.Egalitarian, pk.Nash, pk.KalaiSmorodinsky} {
		for _, x := range list {
			if slices.ContainsFunc(out, func(p picked) bool { return p.pkg.String() == x.Package.String() }) {
				continue
			}
			label := string(rune('A' + len(out)))
			if len(out) >= 26 {
				label = "P" + strconv.Itoa(len(out)+1)
			}
			out = append(out, picked{label: label, pkg: x.Package, utilities: x.Utilities})
		}
	}
	return out
}

func labelOf(ps []picked, pkg model.Package) string {
	for _, p := range ps {
		if p.pkg.String() == pkg.String() {
			return p.label
		}
	}
	return "?"
}

// differing returns the issues on which the packages do not all agree.
func differing(s *model.Space, ps []picked) []string {
	var out []string
	for _, is := range s.Issues {
		for _, p := range ps[1:] {
			if value(p.pkg, is.ID) != value(ps[0].pkg, is.ID) {
				out = append(out, is.ID)
				break
			}
		}
	}
	return out
}

func percent(x float64) string { return strconv.FormatFloat(100*x, 'f', 1, 64) + "%" }

// picksIntro says what the draws were.
func (r *Report) picksIntro() string {
	pk := r.Robustness.Picks
	text := fmt.Sprintf("Each rule's pick over %s draws of the weights, each weight uniformly within its range (seed %d)", thousands(int64(pk.Samples)), pk.Seed)
	if pk.Samples < pk.Requested {
		text += fmt.Sprintf("; the time ran out after %s of the %s draws asked for", thousands(int64(pk.Samples)), thousands(int64(pk.Requested)))
	}
	text += "."
	if pk.Feasible < pk.Samples {
		text += fmt.Sprintf(" Under %s of them no package is agreeable (a party's reservation moves with its weights); shares count the other %s.",
			thousands(int64(pk.Samples-pk.Feasible)), thousands(int64(pk.Feasible)))
	}
	if !pk.Complete {
		text += " Too many packages could be picked to consider them all: each draw's pick is the best of those considered."
	}
	return text
}

// shareBar draws a rule's shares as a bar of width letters.
func shareBar(ps []picked, list []Pick, width int) string {
	var b strings.Builder
	used := 0
	for i, x := range list {
		n := int(math.Round(x.Share * float64(width)))
		if i == len(list)-1 {
			n = width - used
		}
		n = max(0, min(n, width-used))
		b.WriteString(strings.Repeat(labelOf(ps, x.Package)[:1], n))
		used += n
	}
	return b.String()
}

// cheapestVerdict says in words whether the first listed concession set
// stays cheapest for any costs within their ranges, and when it need not,
// the listed set that is cheapest with its members at their greatest costs
// and every other cost at its least.
func (r *Report) cheapestVerdict(s *model.Space) string {
	rb := r.Robustness
	first := r.Concessions.Sets[0]
	text := fmt.Sprintf("With every cost anywhere in its range, the cheapest concession set (cost %s: %s) ", num(first.Cost), memberRefs(first.Constraints))
	switch c := rb.Concessions[0]; {
	case c.NecessarilyCheapest:
		return text + "stays a cheapest one whatever the costs: no choice within the ranges makes another set cheaper."
	case !c.PossiblyCheapest:
		return text + "is not cheapest for any choice of costs within the ranges." // cannot happen: it is cheapest as stated
	}
	others := 0
	for _, o := range rb.Concessions[1:] {
		if o.PossiblyCheapest {
			others++
		}
	}
	more := ""
	if !r.Concessions.Complete {
		more = " (or one not listed)"
	}
	text += fmt.Sprintf("is cheapest for some choices of costs but not for all: %d other listed %s could be cheapest instead%s.",
		others, plural(others, "set", "sets"), more)
	// The corner where the set fares worst: its members at their greatest
	// costs, every other cost at its least.
	corner := func(set []Member) float64 {
		var sum float64
		for _, m := range set {
			lo, hi := s.CostBounds(ref(m))
			if slices.Contains(first.Constraints, m) {
				sum += hi
			} else {
				sum += lo
			}
		}
		return sum
	}
	mine, best := corner(first.Constraints), -1
	for i, o := range r.Concessions.Sets[1:] {
		if c := corner(o.Constraints); c < mine && (best < 0 || c < corner(r.Concessions.Sets[best+1].Constraints)) {
			best = i
		}
	}
	if best >= 0 {
		o := r.Concessions.Sets[best+1]
		text += fmt.Sprintf(" With its members at their greatest costs and every other cost at its least, it costs %s, while conceding %s costs %s.",
			num(mine), memberRefs(o.Constraints), num(corner(o.Constraints)))
	}
	return text
}

func ref(m Member) model.Ref {
	return m.Ref
}

// hinges returns the binding cost ranges of constraints whose judgment
// range (a cost without one cannot move) reaches the end of the interval over which the cheapest set stays
// cheapest: each alone, within its range, can make another set as cheap
// (at the end) or cheaper (past it).
func (r *Report) hinges(s *model.Space) []CostRange {
	var out []CostRange
	for _, c := range r.binding() {
		lo, hi := s.CostBounds(ref(c.Member))
		if lo < hi && ((c.Min > 0 && lo <= c.Min) || (c.Max != nil && hi >= *c.Max)) {
			out = append(out, c)
		}
	}
	return out
}

// judged says a constraint's stated cost, its judgment range, the interval
// over which the cheapest set stays cheapest, and what the range's end
// does.
func judged(s *model.Space, c CostRange) string {
	lo, hi := s.CostBounds(ref(c.Member))
	what := "ties another set at the end of its range"
	if lo < c.Min || (c.Max != nil && hi > *c.Max) {
		what = "can make another set cheaper"
	}
	return fmt.Sprintf("%s: cost %s, judged %s to %s; the set stays cheapest for %s, so this judgment %s", memberRef(c.Member), num(c.Cost), num(lo), num(hi), interval(c), what)
}

func (r *Report) textRobust(t *textWriter) {
	if !r.hasRobustness() {
		return
	}
	s := t.s
	t.heading("How robust is this?")
	costs, weights := ranged(s)
	if len(r.Robustness.Concessions) > 0 {
		if len(costs) == 0 {
			t.para("No cost has a judgment range (cost_range), so the cheapest concession sets are cheapest as stated and the others are not.", 2)
		} else {
			t.para(fmt.Sprintf("Costs with a judgment range: %s.", strings.Join(costs, "; ")), 2)
			t.para(r.cheapestVerdict(s), 2)
			if h := r.hinges(s); len(h) == 0 {
				t.para("No judged cost can overturn it on its own, the other costs as stated.", 2)
			} else {
				t.para("It hinges on these cost judgments, each on its own (the other costs as stated):", 2)
				for _, c := range h {
					t.hanging("- "+judged(s, c), 4, 6)
				}
			}
			t.blank()
			t.para("Each concession set: cheapest for every choice of costs within their ranges (necessarily), for some (possibly), or for none (not):", 2)
			tb := &table{header: []string{"cost", "cheapest", "concede"}, wrap: true}
			for i, c := range r.Concessions.Sets {
				if i == textConcessions {
					break
				}
				tb.add(num(c.Cost), cheapness(r.Robustness.Concessions[i]), memberRefs(c.Constraints))
			}
			t.table(tb, 2)
			if n := len(r.Concessions.Sets); n > textConcessions {
				t.para(fmt.Sprintf("%d more %s not shown; the JSON and HTML reports list them all.", n-textConcessions, plural(n-textConcessions, "set", "sets")), 2)
			}
		}
		b := r.binding()
		t.blank()
		if len(b) == 0 {
			t.para("The cheapest set stays cheapest whatever any one cost becomes, the others as stated.", 2)
		} else {
			t.para("The cheapest set stays cheapest while each of these costs stays in its interval, the others as stated (the closest calls first):", 2)
			tb := &table{header: []string{"constraint", "cost", "stays cheapest for"}}
			for _, c := range b {
				tb.add(memberRef(c.Member), num(c.Cost), interval(c))
			}
			t.table(tb, 2)
			if rest := len(r.Robustness.CostRanges) - len(b); rest > 0 {
				t.para(fmt.Sprintf("The cost of %s other %s on the table can take any value without changing that.", thousands(int64(rest)), plural(rest, "position", "positions")), 2)
			}
		}
		return
	}
	if r.Robustness.Picks == nil {
		t.para("No weight has a judgment range (weight_range) and no perturbation was asked for: the picks above were not tested against other weights.", 2)
		return
	}
	if len(weights) > 0 {
		t.para(fmt.Sprintf("Weights with a judgment range: %s.", strings.Join(weights, "; ")), 2)
	}
	t.para(r.picksIntro(), 2)
	ps := r.pickedPackages()
	tb := &table{header: []string{"rule", "shares", "picks"}}
	pk := r.Robustness.Picks
	for i, list := range [][]Pick{pk.Utilitarian, pk.Egalitarian, pk.Nash, pk.KalaiSmorodinsky} {
		var parts []string
		for _, x := range list {
			parts = append(parts, labelOf(ps, x.Package)+" "+percent(x.Share))
		}
		tb.add(r.rules()[i].id, shareBar(ps, list, 20), strings.Join(parts, ", "))
	}
	t.table(tb, 2)
	if len(ps) > 1 {
		t.blank()
		t.para("Where the picked packages differ, and the parties' utilities at the stated weights:", 2)
		header := []string{"issue"}
		for _, p := range ps {
			header = append(header, p.label)
		}
		tb := &table{header: header}
		for _, id := range differing(s, ps) {
			row := []string{id}
			for _, p := range ps {
				row = append(row, value(p.pkg, id))
			}
			tb.add(row...)
		}
		tb.add()
		for _, party := range s.Parties {
			row := []string{"utility " + party.ID}
			for _, p := range ps {
				row = append(row, util(p.utilities[party.ID]))
			}
			tb.add(row...)
		}
		t.table(tb, 2)
	}
}

// textKeeps says how often each rule keeps its best package when the
// weights move within their ranges (nothing when they do not move).
func (r *Report) textKeeps(t *textWriter, indent int) {
	pk := r.Robustness.Picks
	if pk == nil || pk.Feasible == 0 {
		return
	}
	var parts []string
	for i, ru := range r.rules() {
		share := 0.0
		if ru.choice != nil {
			for _, x := range pk.Rule(solver.BargainingRules[i]) {
				if x.Package.String() == ru.choice.Package.String() {
					share = x.Share
				}
			}
		}
		parts = append(parts, ru.name+" "+percent(share))
	}
	t.para(fmt.Sprintf("With the weights drawn within their judgment ranges (%s draws, seed %d), each rule keeps this choice in: %s.",
		thousands(int64(pk.Samples)), pk.Seed, strings.Join(parts, ", ")), indent)
}

func (r *Report) htmlRobust(h *htmlWriter) {
	s := h.s
	b := &h.b
	costs, weights := ranged(s)
	if len(r.Robustness.Concessions) > 0 {
		if len(costs) == 0 {
			h.p("", "No cost has a judgment range (cost_range), so the cheapest concession sets are cheapest as stated and the others are not.")
		} else {
			h.p("", "Costs with a judgment range: "+strings.Join(costs, "; ")+".")
			h.p("verdict", r.cheapestVerdict(s))
			if hs := r.hinges(s); len(hs) == 0 {
				h.p("", "No judged cost can overturn it on its own, the other costs as stated.")
			} else {
				h.p("", "It hinges on these cost judgments, each on its own (the other costs as stated):")
				b.WriteString("<ul class=\"hinges\">\n")
				for _, c := range hs {
					fmt.Fprintf(b, "<li>%s</li>\n", esc(judged(s, c)))
				}
				b.WriteString("</ul>\n")
			}
			var rows [][]string
			for i, c := range r.Concessions.Sets {
				rows = append(rows, []string{num(c.Cost), cheapness(r.Robustness.Concessions[i]), refList(c.Constraints)})
			}
			h.table("robust-concessions", "Each concession set: cheapest for every choice of costs within their ranges (necessarily), for some (possibly), or for none (not)",
				[]string{"Cost", "Cheapest", "Concede"}, rows, 2)
		}
		bind := r.binding()
		if len(bind) == 0 {
			h.p("", "The cheapest set stays cheapest whatever any one cost becomes, the others as stated.")
			return
		}
		var rows [][]string
		for _, c := range bind {
			rows = append(rows, []string{memberRef(c.Member), num(c.Cost), interval(c)})
		}
		h.table("cost-ranges", "The costs over which the cheapest set stays cheapest, one cost moving at a time (the closest calls first)",
			[]string{"Constraint", "Cost", "Stays cheapest for"}, rows)
		b.WriteString("<figure>\n")
		tornadoChart(b, s, bind)
		b.WriteString("<figcaption>For each position, the bar spans the costs over which the cheapest concession set stays cheapest (an arrow: no cost is too high); the tick marks the stated cost, and a dark line under the bar the cost's judgment range, when it has one.")
		if rest := len(r.Robustness.CostRanges) - len(bind); rest > 0 {
			fmt.Fprintf(b, " The cost of %s other %s on the table can take any value without changing that.", thousands(int64(rest)), plural(rest, "position", "positions"))
		}
		b.WriteString("</figcaption>\n</figure>\n")
		return
	}
	if r.Robustness.Picks == nil {
		h.p("", "No weight has a judgment range (weight_range) and no perturbation was asked for: the best packages were not tested against other weights.")
		return
	}
	if len(weights) > 0 {
		h.p("", "Weights with a judgment range: "+strings.Join(weights, "; ")+".")
	}
	h.p("", r.picksIntro())
	ps := r.pickedPackages()
	pk := r.Robustness.Picks
	lists := [][]Pick{pk.Utilitarian, pk.Egalitarian, pk.Nash, pk.KalaiSmorodinsky}
	var rows [][]string
	for i, list := range lists {
		var parts []string
		for _, x := range list {
			parts = append(parts, labelOf(ps, x.Package)+" "+percent(x.Share))
		}
		rows = append(rows, []string{r.rules()[i].title, strings.Join(parts, ", ")})
	}
	h.table("pick-shares", "The share of draws in which each rule picks each package", []string{"Rule", "Picks"}, rows)
	b.WriteString("<figure>\n")
	shareChart(b, r, ps, lists)
	b.WriteString("<figcaption>Each rule's picks as one bar of all the draws, split by the package picked; the table below spells out how the packages differ.</figcaption>\n</figure>\n")
	header := []string{"Issue"}
	for _, p := range ps {
		header = append(header, p.label)
	}
	rows = nil
	issues := s.Issues
	if len(ps) > 1 {
		issues = nil
		for _, id := range differing(s, ps) {
			issues = append(issues, *s.Issue(id))
		}
	}
	for _, is := range issues {
		row := []string{is.ID}
		for _, p := range ps {
			row = append(row, value(p.pkg, is.ID))
		}
		rows = append(rows, row)
	}
	for _, party := range s.Parties {
		row := []string{"utility " + party.ID}
		for _, p := range ps {
			row = append(row, util(p.utilities[party.ID]))
		}
		rows = append(rows, row)
	}
	caption := "The packages picked, on the issues where they differ, and the parties' utilities at the stated weights"
	if len(ps) == 1 {
		caption = "The package every draw picks, and the parties' utilities at the stated weights"
	}
	h.table("picked", caption, header, rows)
}

// Tornado chart geometry.
const (
	tornScale  = 400.0
	tornValueW = 120.0
	tornRowH   = 24.0
	tornAxisH  = 22.0
)

// tornadoChart draws, one row per constraint, the interval of its cost over
// which the cheapest set stays cheapest, with the stated cost as a tick and
// the cost's judgment range (when it has one) as a line under the bar, on
// one scale from 0 to a round figure past the largest finite one.
func tornadoChart(b *strings.Builder, s *model.Space, rs []CostRange) {
	top, labelW := 0.0, 120.0
	for _, c := range rs {
		lo, hi := s.CostBounds(ref(c.Member))
		top = max(top, c.Cost, c.Min, hi, lo)
		if c.Max != nil {
			top = max(top, *c.Max)
		}
		labelW = max(labelW, textWidthPx(memberRef(c.Member)))
	}
	labelW += 16
	top, step := niceScale(top * 1.15)
	x := func(v float64) float64 { return labelW + tornScale*min(v, top)/top }
	h := tornAxisH + tornRowH*float64(len(rs)) + 6
	w := labelW + tornScale + tornValueW
	svgOpen(b, "cost-tornado", "chart tornado", w, h, "Costs over which the cheapest concession set stays cheapest",
		fmt.Sprintf("One bar per position: the interval of its cost over which the cheapest concession set stays cheapest, every other cost as stated; a tick marks the stated cost and a line the judgment range. %d %s.", len(rs), plural(len(rs), "position", "positions")))
	b.WriteString(`<g class="axis" aria-hidden="true">` + "\n")
	for i := 0.0; i*step <= top*(1+1e-9); i++ {
		v := i * step
		fmt.Fprintf(b, `<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", px(x(v)), px(tornAxisH-4), px(x(v)), px(h-4))
		fmt.Fprintf(b, `<text class="tick" x="%s" y="%s" text-anchor="middle">%s</text>`+"\n", px(x(v)), px(tornAxisH-8), strconv.FormatFloat(v, 'g', 4, 64))
	}
	b.WriteString("</g>\n")
	y := tornAxisH
	for _, c := range rs {
		ref := memberRef(c.Member)
		mid := y + tornRowH/2 - 2
		fmt.Fprintf(b, `<g class="cost-range" data-constraint="%s">`+"\n", esc(ref))
		fmt.Fprintf(b, `<text class="label" x="%s" y="%s" text-anchor="end">%s</text>`+"\n", px(labelW-8), px(mid+4), esc(ref))
		end := top
		if c.Max != nil {
			end = *c.Max
		}
		fmt.Fprintf(b, `<rect class="interval" x="%s" y="%s" width="%s" height="%s"><title>%s: the cheapest set stays cheapest for costs %s</title></rect>`+"\n",
			px(x(c.Min)), px(mid-6), px(max(x(end)-x(c.Min), 1)), px(12.0), esc(ref), esc(interval(c)))
		if c.Max == nil {
			fmt.Fprintf(b, `<path class="open" d="M%s %s l8 7 l-8 7 z"/>`+"\n", px(x(top)), px(mid-7))
		}
		if lo, hi := s.CostBounds(c.Ref); lo < hi {
			fmt.Fprintf(b, `<line class="judged" x1="%s" y1="%s" x2="%s" y2="%s"><title>%s: judged %s to %s</title></line>`+"\n",
				px(x(lo)), px(mid+9), px(x(hi)), px(mid+9), esc(ref), num(lo), num(hi))
		}
		fmt.Fprintf(b, `<line class="stated" x1="%s" y1="%s" x2="%s" y2="%s"><title>stated cost %s</title></line>`+"\n", px(x(c.Cost)), px(mid-9), px(x(c.Cost)), px(mid+9), num(c.Cost))
		fmt.Fprintf(b, `<text class="value" x="%s" y="%s">%s</text>`+"\n", px(labelW+tornScale+14), px(mid+4), esc(interval(c)))
		b.WriteString("</g>\n")
		y += tornRowH
	}
	b.WriteString("</svg>\n")
}

// niceScale returns the least multiple of a round step (1, 2 or 5 times a
// power of ten) that is at least x, with the step, so that the scale has
// at most five steps.
func niceScale(x float64) (top, step float64) {
	if x <= 0 {
		return 1, 0.25
	}
	p := math.Pow(10, math.Floor(math.Log10(x/5)))
	for _, m := range []float64{1, 2, 5, 10} {
		step = m * p
		if x/step <= 5 {
			break
		}
	}
	return math.Ceil(x/step-1e-9) * step, step
}

// Share chart geometry.
const (
	shareLabelW = 200.0
	shareScale  = 400.0
	shareRowH   = 26.0
	shareBarH   = 18.0
)

// shareChart draws each rule's picks as one stacked bar of the draws,
// a segment per package, labelled with the package's letter.
func shareChart(b *strings.Builder, r *Report, ps []picked, lists [][]Pick) {
	h := shareRowH*float64(len(lists)) + 8
	w := shareLabelW + shareScale + 20
	svgOpen(b, "pick-shares", "chart shares", w, h, "The share of draws in which each rule picks each package",
		fmt.Sprintf("One bar per bargaining rule over %s draws of the weights, split into the packages it picks (%d %s in all).",
			thousands(int64(r.Robustness.Picks.Samples)), len(ps), plural(len(ps), "package", "packages")))
	y := 4.0
	for i, list := range lists {
		ru := r.rules()[i]
		fmt.Fprintf(b, `<g class="rule" data-rule="%s">`+"\n", esc(ru.id))
		fmt.Fprintf(b, `<text class="label" x="%s" y="%s" text-anchor="end">%s</text>`+"\n", px(shareLabelW-8), px(y+shareBarH/2+4), esc(ru.id))
		x := shareLabelW
		for _, p := range list {
			label := labelOf(ps, p.Package)
			k := slices.IndexFunc(ps, func(q picked) bool { return q.label == label })
			wd := p.Share * shareScale
			fmt.Fprintf(b, `<rect class="share" data-package="%s" x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#ffffff"><title>%s: package %s in %s of the draws</title></rect>`+"\n",
				esc(label), px(x), px(y), px(wd), px(shareBarH), palette[k%len(palette)], esc(ru.id), esc(label), percent(p.Share))
			if wd >= textWidthPx(label)+4 {
				fmt.Fprintf(b, `<text class="share-label" x="%s" y="%s" text-anchor="middle">%s</text>`+"\n", px(x+wd/2), px(y+shareBarH/2+4), esc(label))
			}
			x += wd
		}
		b.WriteString("</g>\n")
		y += shareRowH
	}
	b.WriteString("</svg>\n")
}
