package report

import (
	"cmp"
	"fmt"
	"html"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zopa-go/zopa/model"
)

// The inline SVG pictures of the HTML report. Every picture is an <svg
// role="img"> with an aria-label, a <title> and a <desc> that says in words
// what it shows; the HTML puts a table with the same data next to it.
// Utilities are drawn on fixed 0-to-1 scales, so that sizes compare across
// pictures.

// Bar chart geometry: a bar of utility u is u*barScale wide.
const (
	barLabelW = 200.0
	barScale  = 400.0
	barValueW = 100.0
	barH      = 14.0
	barRowH   = 20.0
	barGroupH = 24.0
	barAxisH  = 22.0
)

// Scatter and parallel coordinates geometry: a utility u is u*plotSize
// along an axis.
const (
	plotSize   = 400.0
	plotLeft   = 70.0
	plotTop    = 20.0
	parAxisGap = 150.0
)

// palette holds colour-blind-safe colours (Okabe and Ito), one per party in
// declaration order, repeating after seven parties; every mark is also
// labelled, so colour is never the only cue.
var palette = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"}

func partyColor(s *model.Space, id string) string {
	if i := partyIndex(s, id); i >= 0 {
		return palette[i%len(palette)]
	}
	return "#555555"
}

func partyIndex(s *model.Space, id string) int {
	for i, p := range s.Parties {
		if p.ID == id {
			return i
		}
	}
	return -1
}

// px prints a coordinate or a size rounded to hundredths.
func px(x float64) string {
	return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64)
}

func esc(s string) string { return html.EscapeString(s) }

// svgOpen starts a picture; id prefixes the ids of its title and desc.
func svgOpen(b *strings.Builder, id, class string, w, h float64, title, desc string) {
	fmt.Fprintf(b, `<svg id="%s" class="%s" role="img" aria-label="%s" aria-describedby="%s-desc" width="%s" height="%s" viewBox="0 0 %s %s">`+"\n",
		esc(id), esc(class), esc(title), esc(id), px(w), px(h), px(w), px(h))
	fmt.Fprintf(b, "<title>%s</title>\n<desc id=\"%s-desc\">%s</desc>\n", esc(title), esc(id), esc(desc))
}

// textWidthPx estimates the width of a label at the charts' 12px font.
func textWidthPx(s string) float64 { return 7 * float64(utf8.RuneCountInString(s)) }

// barRow is one bar: a party's utility, or the range of its utilities.
type barRow struct {
	party string
	u     span
	ok    bool // false when there is no utility to draw
}

// barGroup is the bars of one package (a proposal or a rule's choice).
type barGroup struct {
	key   string // data-group: the proposal id or the rule id
	title string
	rows  []barRow
}

// barChart draws one group of horizontal bars per package, one bar per
// party, on a common 0-to-1 scale with grid lines every quarter. A range is
// drawn solid up to its low end and hatched up to its high end.
func barChart(b *strings.Builder, s *model.Space, id, title, desc string, groups []barGroup) {
	h := barAxisH
	for _, g := range groups {
		h += barGroupH + barRowH*float64(len(g.rows))
	}
	h += 4
	w := barLabelW + barScale + barValueW
	svgOpen(b, id, "chart bars", w, h, title, desc)
	// One hatch per party colour, for the ranges.
	b.WriteString("<defs>")
	for i := range min(len(s.Parties), len(palette)) {
		fmt.Fprintf(b, `<pattern id="%s-hatch-%d" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="%s" stroke-width="3" stroke-opacity="0.6"/></pattern>`,
			esc(id), i, palette[i])
	}
	b.WriteString("</defs>\n")
	// The scale.
	b.WriteString(`<g class="axis" aria-hidden="true">` + "\n")
	for i := 0; i <= 4; i++ {
		x := barLabelW + barScale*float64(i)/4
		fmt.Fprintf(b, `<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", px(x), px(barAxisH-4), px(x), px(h-4))
		fmt.Fprintf(b, `<text class="tick" x="%s" y="%s" text-anchor="middle">%s</text>`+"\n", px(x), px(barAxisH-8), tick(i))
	}
	b.WriteString("</g>\n")
	y := barAxisH
	for _, g := range groups {
		fmt.Fprintf(b, `<g class="group" data-group="%s">`+"\n", esc(g.key))
		fmt.Fprintf(b, `<text class="group-title" x="4" y="%s">%s</text>`+"\n", px(y+barGroupH-7), esc(g.title))
		y += barGroupH
		for _, r := range g.rows {
			name := partyName(s, r.party)
			col := partyColor(s, r.party)
			mid := y + barRowH/2
			fmt.Fprintf(b, `<text class="label" x="%s" y="%s" text-anchor="end">%s</text>`+"\n", px(barLabelW-8), px(mid+4), esc(name))
			top := y + (barRowH-barH)/2
			fmt.Fprintf(b, `<rect class="track" x="%s" y="%s" width="%s" height="%s"/>`+"\n", px(barLabelW), px(top), px(barScale), px(barH))
			val := "no utility"
			if r.ok {
				val = r.u.String()
				fmt.Fprintf(b, `<rect class="bar" data-party="%s" x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s: %s</title></rect>`+"\n",
					esc(r.party), px(barLabelW), px(top), px(r.u.lo*barScale), px(barH), col, esc(name), val)
				if !r.u.exact() {
					fmt.Fprintf(b, `<rect class="range" data-party="%s" x="%s" y="%s" width="%s" height="%s" fill="url(#%s-hatch-%d)" stroke="%s"><title>%s: from %s up to %s, depending on the issues the proposal leaves open</title></rect>`+"\n",
						esc(r.party), px(barLabelW+r.u.lo*barScale), px(top), px((r.u.hi-r.u.lo)*barScale), px(barH), esc(id), partyIndex(s, r.party)%len(palette), col, esc(name), util(r.u.lo), util(r.u.hi))
				}
			}
			fmt.Fprintf(b, `<text class="value" data-party="%s" x="%s" y="%s">%s</text>`+"\n", esc(r.party), px(barLabelW+barScale+8), px(mid+4), val)
			y += barRowH
		}
		b.WriteString("</g>\n")
	}
	b.WriteString("</svg>\n")
}

func tick(i int) string { return strconv.FormatFloat(float64(i)/4, 'f', -1, 64) }

// graphChart draws the conflict graph: the parties in a column on the left,
// the conflicts as boxes listing their constraints on the right, a line
// from each conflict to each party whose constraint it holds.
func graphChart(b *strings.Builder, s *model.Space, g *cgGraph, id string) {
	const (
		partyW, partyH = 180.0, 30.0
		lineH          = 16.0
		boxGap         = 12.0
		colGap         = 170.0
		pad            = 10.0
	)
	boxW := 260.0
	for _, c := range g.conflicts {
		for _, l := range c.lines() {
			boxW = max(boxW, textWidthPx(l)+20)
		}
	}
	pw := partyW
	for _, p := range g.parties {
		pw = max(pw, textWidthPx(p.label)+20)
	}
	// Conflict boxes stacked in order.
	boxY := map[int64][2]float64{} // top, height
	y := pad
	for _, c := range g.conflicts {
		h := lineH*float64(len(c.lines())) + 10
		boxY[c.id] = [2]float64{y, h}
		y += h + boxGap
	}
	hConf := y - boxGap + pad
	// Parties at the mean height of their conflicts, then spread apart.
	type pp struct {
		n *cgNode
		y float64
	}
	var ps []pp
	for _, p := range g.parties {
		nb := g.neighbours(p)
		if len(nb) == 0 {
			ps = append(ps, pp{p, math.Inf(1)})
			continue
		}
		sum := 0.0
		for _, c := range nb {
			sum += boxY[c.id][0] + boxY[c.id][1]/2
		}
		ps = append(ps, pp{p, sum / float64(len(nb))})
	}
	slices.SortStableFunc(ps, func(a, b pp) int {
		switch {
		case a.y < b.y:
			return -1
		case a.y > b.y:
			return 1
		}
		return int(a.n.id - b.n.id)
	})
	// Parties in no conflict go to the bottom, below the others.
	partyY := map[int64]float64{}
	isolated := 0
	for _, p := range ps {
		if math.IsInf(p.y, 1) {
			isolated++
		}
	}
	last := math.Inf(-1)
	for _, p := range ps {
		cy := p.y
		if math.IsInf(cy, 1) {
			cy = max(last+partyH+boxGap, hConf-pad-partyH/2-float64(isolated-1)*(partyH+boxGap))
			isolated--
		}
		cy = max(cy, last+partyH+boxGap, pad+partyH/2)
		partyY[p.n.id] = cy
		last = cy
	}
	h := max(hConf, last+partyH/2+pad)
	w := pad + pw + colGap + boxW + pad
	boxX := pad + pw + colGap

	var desc strings.Builder
	if len(g.conflicts) == 0 {
		desc.WriteString("No conflicts: ")
		var names []string
		for _, p := range g.parties {
			names = append(names, p.label)
		}
		desc.WriteString(strings.Join(names, ", ") + " stand alone.")
	}
	for _, c := range g.conflicts {
		var names []string
		for _, p := range g.neighbours(c) {
			names = append(names, p.label)
		}
		fmt.Fprintf(&desc, "%s joins %s: %s. ", strings.ToUpper(c.dotID[:1])+c.dotID[1:],
			strings.Join(names, " and "), strings.Join(c.lines()[1:], ", "))
	}
	title := fmt.Sprintf("Conflict graph of %s: %d %s, %d %s", s.Name, len(g.parties), plural(len(g.parties), "party", "parties"),
		len(g.conflicts), plural(len(g.conflicts), "conflict", "conflicts"))
	svgOpen(b, id, "chart graph", w, h, title, strings.TrimSpace(desc.String()))
	// Edges first, under the nodes.
	b.WriteString(`<g class="edges">` + "\n")
	for _, c := range g.conflicts {
		bt := boxY[c.id]
		for _, p := range g.neighbours(c) {
			fmt.Fprintf(b, `<line class="edge" data-from="%s" data-to="%s" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`+"\n",
				esc(c.dotID), esc(p.dotID), px(boxX), px(bt[0]+bt[1]/2), px(pad+pw), px(partyY[p.id]), partyColor(s, p.party))
		}
	}
	b.WriteString("</g>\n")
	for _, p := range g.parties {
		cy := partyY[p.id]
		fmt.Fprintf(b, `<g class="node party" data-node="%s">`+"\n", esc(p.dotID))
		dash := ""
		if len(g.neighbours(p)) == 0 {
			dash = ` stroke-dasharray="4 3"`
			fmt.Fprintf(b, "<title>%s: in no conflict</title>\n", esc(p.label))
		}
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" rx="15" fill="#ffffff" stroke="%s" stroke-width="2"%s/>`+"\n",
			px(pad), px(cy-partyH/2), px(pw), px(partyH), partyColor(s, p.party), dash)
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="middle">%s</text>`+"\n", px(pad+pw/2), px(cy+4), esc(p.label))
		b.WriteString("</g>\n")
	}
	for _, c := range g.conflicts {
		bt := boxY[c.id]
		fmt.Fprintf(b, `<g class="node conflict" data-node="%s">`+"\n", esc(c.dotID))
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="#f7f7f7" stroke="#333333"/>`+"\n", px(boxX), px(bt[0]), px(boxW), px(bt[1]))
		for i, l := range c.lines() {
			class := "member"
			if i == 0 {
				class = "conflict-title"
			}
			fmt.Fprintf(b, `<text class="%s" x="%s" y="%s">%s</text>`+"\n", class, px(boxX+10), px(bt[0]+5+lineH*float64(i+1)-4), esc(l))
		}
		b.WriteString("</g>\n")
	}
	b.WriteString("</svg>\n")
}

// mark is a labelled package drawn over the Pareto frontier: a rule's best
// package or a complete proposal.
type mark struct {
	label, title string
	utilities    map[string]float64
	rule         bool
}

func (r *Report) marks(s *model.Space) []mark {
	var ms []mark
	// Packages with the same utilities share one mark.
	add := func(m mark, what string) {
		for i := range ms {
			if ms[i].rule == m.rule && sameUtilities(s, ms[i].utilities, m.utilities) {
				ms[i].label += ", " + m.label
				ms[i].title = strings.TrimSuffix(ms[i].title, " "+what) + " and " + m.title
				return
			}
		}
		ms = append(ms, m)
	}
	abbr := map[string]string{"utilitarian": "U", "egalitarian": "E", "nash": "N", "kalai_smorodinsky": "KS"}
	for _, ru := range r.rules() {
		if ru.choice != nil {
			add(mark{label: abbr[ru.id], title: ru.name + " best package", utilities: ru.choice.Utilities, rule: true}, "best package")
		}
	}
	for _, a := range r.Proposals {
		if a.Utilities != nil {
			add(mark{label: a.ID, title: "proposal " + a.ID, utilities: a.Utilities}, "")
		}
	}
	return ms
}

func sameUtilities(s *model.Space, a, b map[string]float64) bool {
	for _, p := range s.Parties {
		if math.Abs(a[p.ID]-b[p.ID]) > 1e-9 {
			return false
		}
	}
	return true
}

func utilList(s *model.Space, us map[string]float64, parties []string) string {
	var parts []string
	for _, p := range parties {
		parts = append(parts, partyName(s, p)+" "+util(us[p]))
	}
	return strings.Join(parts, ", ")
}

// scatterChart plots two parties' utilities at each Pareto point (x for px,
// y for py), with the rules' best packages and the complete proposals
// marked and labelled.
func scatterChart(b *strings.Builder, s *model.Space, r *Report, id, xp, yp string) {
	ms := r.marks(s)
	legend := 3
	h := plotTop + plotSize + 50 + 18*float64(legend)
	w := plotLeft + plotSize + 40
	xn, yn := partyName(s, xp), partyName(s, yp)
	title := fmt.Sprintf("Pareto frontier: %s's utility (across) against %s's (up), %d %s",
		xn, yn, len(r.Pareto.Points), plural(len(r.Pareto.Points), "point", "points"))
	var desc strings.Builder
	for i, pt := range r.Pareto.Points {
		fmt.Fprintf(&desc, "Point %d: %s. ", i+1, utilList(s, pt.Utilities, []string{xp, yp}))
	}
	for _, m := range ms {
		fmt.Fprintf(&desc, "%s (%s): %s. ", m.title, m.label, utilList(s, m.utilities, []string{xp, yp}))
	}
	svgOpen(b, id, "chart scatter", w, h, title, strings.TrimSpace(desc.String()))
	X := func(u float64) float64 { return plotLeft + u*plotSize }
	Y := func(u float64) float64 { return plotTop + plotSize - u*plotSize }
	b.WriteString(`<g class="axis" aria-hidden="true">` + "\n")
	fmt.Fprintf(b, `<rect class="frame" x="%s" y="%s" width="%s" height="%s"/>`+"\n", px(plotLeft), px(plotTop), px(plotSize), px(plotSize))
	for i := 0; i <= 4; i++ {
		u := float64(i) / 4
		fmt.Fprintf(b, `<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", px(X(u)), px(plotTop), px(X(u)), px(plotTop+plotSize))
		fmt.Fprintf(b, `<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", px(plotLeft), px(Y(u)), px(plotLeft+plotSize), px(Y(u)))
		fmt.Fprintf(b, `<text class="tick" x="%s" y="%s" text-anchor="middle">%s</text>`+"\n", px(X(u)), px(plotTop+plotSize+16), tick(i))
		fmt.Fprintf(b, `<text class="tick" x="%s" y="%s" text-anchor="end">%s</text>`+"\n", px(plotLeft-6), px(Y(u)+4), tick(i))
	}
	fmt.Fprintf(b, `<text class="axis-title" x="%s" y="%s" text-anchor="middle">%s</text>`+"\n", px(X(0.5)), px(plotTop+plotSize+36), esc(possessive(xn)+" utility"))
	fmt.Fprintf(b, `<text class="axis-title" x="%s" y="%s" text-anchor="middle" transform="rotate(-90 %s %s)">%s</text>`+"\n",
		px(18), px(Y(0.5)), px(18), px(Y(0.5)), esc(possessive(yn)+" utility"))
	b.WriteString("</g>\n")
	b.WriteString(`<g class="points">` + "\n")
	for i, pt := range r.Pareto.Points {
		fmt.Fprintf(b, `<circle class="pareto" data-point="%d" cx="%s" cy="%s" r="4"><title>Pareto point %d: %s</title></circle>`+"\n",
			i+1, px(X(pt.Utilities[xp])), px(Y(pt.Utilities[yp])), i+1, esc(utilList(s, pt.Utilities, partyIDs(s))))
	}
	b.WriteString("</g>\n")
	b.WriteString(`<g class="marks">` + "\n")
	// Labels go to the right of their marks, moved up or down until they
	// overlap no label placed before.
	type box struct{ x0, y0, x1, y1 float64 }
	var placed []box
	free := func(bx box) bool {
		for _, p := range placed {
			if bx.x0 < p.x1 && p.x0 < bx.x1 && bx.y0 < p.y1 && p.y0 < bx.y1 {
				return false
			}
		}
		return true
	}
	for _, m := range ms {
		x, y := X(m.utilities[xp]), Y(m.utilities[yp])
		class := "mark proposal"
		shape := fmt.Sprintf(`<rect x="%s" y="%s" width="12" height="12"/>`, px(x-6), px(y-6))
		if m.rule {
			class = "mark rule"
			shape = fmt.Sprintf(`<path d="M %s %s l 8 8 l -8 8 l -8 -8 z"/>`, px(x), px(y-8))
		}
		lx, ly := x+9, y+4
		w := textWidthPx(m.label)
		for k := 0; k < 40; k++ {
			dy := float64((k+1)/2) * 13
			if k%2 == 1 {
				dy = -dy
			}
			if bx := (box{x + 9, y + dy - 8, x + 9 + w, y + dy + 5}); free(bx) {
				ly = y + dy + 4
				placed = append(placed, bx)
				break
			}
		}
		fmt.Fprintf(b, `<g class="%s" data-label="%s"><title>%s: %s</title>%s<text x="%s" y="%s">%s</text></g>`+"\n",
			class, esc(m.label), esc(m.title), esc(utilList(s, m.utilities, partyIDs(s))), shape, px(lx), px(ly), esc(m.label))
	}
	b.WriteString("</g>\n")
	ly := plotTop + plotSize + 56
	fmt.Fprintf(b, `<g class="legend"><circle class="pareto" cx="%s" cy="%s" r="4"/><text x="%s" y="%s">Pareto point</text>`,
		px(plotLeft), px(ly-4), px(plotLeft+10), px(ly))
	fmt.Fprintf(b, `<path class="mark rule" d="M %s %s l 6 6 l -6 6 l -6 -6 z"/><text x="%s" y="%s">best package: U utilitarian, E egalitarian, N Nash, KS Kalai-Smorodinsky</text>`,
		px(plotLeft), px(ly+18-10), px(plotLeft+10), px(ly+18))
	fmt.Fprintf(b, `<rect class="mark proposal" x="%s" y="%s" width="10" height="10"/><text x="%s" y="%s">proposal that fixes every issue</text></g>`+"\n",
		px(plotLeft-5), px(ly+36-9), px(plotLeft+10), px(ly+36))
	b.WriteString("</svg>\n")
}

// parallelChart draws every Pareto point as a line across one vertical
// 0-to-1 axis per party; the rules' best packages are drawn thicker and
// labelled at the right.
func parallelChart(b *strings.Builder, s *model.Space, r *Report, id string) {
	parties := partyIDs(s)
	gap := parAxisGap
	for _, p := range parties {
		gap = max(gap, textWidthPx(partyName(s, p))+20)
	}
	left := plotLeft
	w := left + gap*float64(len(parties)-1) + 120
	top := plotTop + 20
	h := top + plotSize + 30
	X := func(i int) float64 { return left + gap*float64(i) }
	Y := func(u float64) float64 { return top + plotSize - u*plotSize }
	title := fmt.Sprintf("Pareto frontier in parallel coordinates: %d %s across %d parties",
		len(r.Pareto.Points), plural(len(r.Pareto.Points), "point", "points"), len(parties))
	var desc strings.Builder
	for i, pt := range r.Pareto.Points {
		fmt.Fprintf(&desc, "Point %d: %s. ", i+1, utilList(s, pt.Utilities, parties))
	}
	svgOpen(b, id, "chart parallel", w, h, title, strings.TrimSpace(desc.String()))
	b.WriteString(`<g class="axis" aria-hidden="true">` + "\n")
	for i, p := range parties {
		fmt.Fprintf(b, `<line class="frame" x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", px(X(i)), px(Y(0)), px(X(i)), px(Y(1)))
		fmt.Fprintf(b, `<text class="axis-title" x="%s" y="%s" text-anchor="middle">%s</text>`+"\n", px(X(i)), px(top-12), esc(partyName(s, p)))
	}
	for k := 0; k <= 4; k++ {
		u := float64(k) / 4
		fmt.Fprintf(b, `<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", px(X(0)), px(Y(u)), px(X(len(parties)-1)), px(Y(u)))
		fmt.Fprintf(b, `<text class="tick" x="%s" y="%s" text-anchor="end">%s</text>`+"\n", px(left-8), px(Y(u)+4), tick(k))
	}
	b.WriteString("</g>\n")
	line := func(us map[string]float64) string {
		var pts []string
		for i, p := range parties {
			pts = append(pts, px(X(i))+","+px(Y(us[p])))
		}
		return strings.Join(pts, " ")
	}
	// The rules' best packages first, wide and pale, under the points.
	b.WriteString(`<g class="marks">` + "\n")
	last := parties[len(parties)-1]
	var rules []mark
	for _, m := range r.marks(s) {
		if m.rule {
			rules = append(rules, m)
		}
	}
	slices.SortStableFunc(rules, func(a, b mark) int { return cmp.Compare(b.utilities[last], a.utilities[last]) })
	labelY := math.Inf(-1)
	for _, m := range rules {
		ly := max(Y(m.utilities[last])+4, labelY+13)
		labelY = ly
		fmt.Fprintf(b, `<g class="mark rule" data-label="%s"><title>%s: %s</title><polyline points="%s"/><text x="%s" y="%s">%s</text></g>`+"\n",
			esc(m.label), esc(m.title), esc(utilList(s, m.utilities, parties)), line(m.utilities),
			px(X(len(parties)-1)+10), px(ly), esc(m.label))
	}
	b.WriteString("</g>\n")
	b.WriteString(`<g class="points">` + "\n")
	for i, pt := range r.Pareto.Points {
		fmt.Fprintf(b, `<polyline class="pareto" data-point="%d" points="%s"><title>Pareto point %d: %s</title></polyline>`+"\n",
			i+1, line(pt.Utilities), i+1, esc(utilList(s, pt.Utilities, parties)))
	}
	b.WriteString("</g>\n")
	b.WriteString("</svg>\n")
}
