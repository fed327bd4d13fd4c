package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/zopa-go/zopa/model"
)

// HTMLOptions configure WriteHTML. nil means the defaults.
type HTMLOptions struct {
	// Scatter names the two parties whose utilities the Pareto frontier's
	// scatter plot shows, across and up. Empty means the two parties whose
	// utilities spread widest over the frontier (ties go to the party
	// declared first).
	Scatter [2]string
	// Frontier chooses the pictures of the Pareto frontier.
	Frontier FrontierChart
}

// FrontierChart chooses how WriteHTML pictures the Pareto frontier.
type FrontierChart int

const (
	// FrontierAuto draws the scatter plot, and with more than two parties
	// the parallel coordinates too.
	FrontierAuto FrontierChart = iota
	// FrontierScatter draws only the scatter plot of two parties.
	FrontierScatter
	// FrontierParallel draws only the parallel coordinates of all parties.
	FrontierParallel
)

// ParseFrontierChart reads "auto", "scatter" or "parallel".
func ParseFrontierChart(text string) (FrontierChart, error) {
	switch text {
	case "auto":
		return FrontierAuto, nil
	case "scatter":
		return FrontierScatter, nil
	case "parallel":
		return FrontierParallel, nil
	}
	return 0, fmt.Errorf("frontier chart %q: want auto, scatter or parallel", text)
}

// htmlPareto is the most Pareto points the HTML table lists (the pictures
// draw them all).
const htmlPareto = 200

// WriteHTML writes the report as one self-contained HTML page: no scripts,
// no style sheets, fonts or images fetched from anywhere. It has the
// sections of the text report, in tables with captions and header cells,
// and inline SVG pictures, each with a title and a description in words:
// each party's utility for each proposal and each rule's best package as
// bars, the conflict graph, and the Pareto frontier as a scatter plot of two
// parties and as parallel coordinates. The page is well-formed XML (XHTML
// syntax) and has print styles. It returns an error when o names a party
// the space does not have, and ErrNoSpace for a report that Analyze did
// not make.
func (r *Report) WriteHTML(w io.Writer, o *HTMLOptions) error {
	s := r.space
	if s == nil {
		return ErrNoSpace
	}
	if o == nil {
		o = &HTMLOptions{}
	}
	xp, yp := o.Scatter[0], o.Scatter[1]
	if xp != "" || yp != "" {
		for _, p := range []string{xp, yp} {
			if s.Party(p) == nil {
				return fmt.Errorf("scatter: unknown party %q", p)
			}
		}
		if xp == yp {
			return fmt.Errorf("scatter: want two different parties, got %q twice", xp)
		}
	} else {
		xp, yp = widestTwo(s, r.Pareto.Points)
	}
	h := &htmlWriter{s: s}
	b := &h.b
	title := s.Title
	if title == "" {
		title = s.Name
	}
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
	fmt.Fprintf(b, "<title>%s: zone of possible agreement</title>\n", esc(title))
	b.WriteString("<style>\n" + css + "</style>\n</head>\n<body>\n")
	b.WriteString("<header>\n")
	fmt.Fprintf(b, "<h1>%s</h1>\n", esc(title))
	if len(r.Warnings) > 0 {
		fmt.Fprintf(b, "<div class=\"warnings\">\n<p>%s (possible modelling %s; the analysis below takes the scenario as written):</p>\n<ul>\n",
			plural(len(r.Warnings), "Warning", "Warnings"), plural(len(r.Warnings), "slip", "slips"))
		for _, w := range r.Warnings {
			fmt.Fprintf(b, "<li>%s</li>\n", esc(w))
		}
		b.WriteString("</ul>\n</div>\n")
	}
	fmt.Fprintf(b, "<p class=\"summary\">%s</p>\n", esc(r.summary()))
	if s.Description != "" {
		fmt.Fprintf(b, "<p class=\"description\">%s</p>\n", esc(s.Description))
	}
	fmt.Fprintf(b, "<p class=\"meta\">Scenario %s: %d %s, %d %s, %d %s. Negotiable: %s. Report format %s.</p>\n",
		esc(s.Name), len(s.Issues), plural(len(s.Issues), "issue", "issues"), len(s.Parties), plural(len(s.Parties), "party", "parties"),
		len(s.Proposals), plural(len(s.Proposals), "proposal", "proposals"), esc(r.Negotiable), esc(r.Format))
	fmt.Fprintf(b, "<p class=\"certified\">%s</p>\n", esc(r.certification()))
	b.WriteString("</header>\n")

	type sec struct {
		id, title string
		body      func()
	}
	secs := []sec{
		{"proposals", "Proposals", func() { r.htmlProposals(h) }},
		{"conflicts", "Why no deal is possible", func() { r.htmlConflicts(h) }},
		{"concessions", "Concessions that open the space", func() { r.htmlConcessions(h) }},
		{"robust-infeasible", "How robust is this?", func() { r.htmlRobust(h) }},
		{"best", "Best packages under each bargaining rule", func() { r.htmlBest(h) }},
		{"robust", "How robust is this?", func() { r.htmlRobust(h) }},
		{"pareto", "Pareto frontier", func() { r.htmlPareto(h, xp, yp, o.Frontier) }},
		{"zopa", "Zone of possible agreement", func() { r.htmlZOPA(h) }},
		{"sources", "Sources", func() { h.sources() }},
	}
	keep := func(id string) bool {
		switch id {
		case "proposals":
			return len(r.Proposals) > 0
		case "conflicts":
			return !r.Feasible
		case "concessions":
			return len(r.Concessions.Sets) > 0
		case "robust-infeasible": // after the concession sets it speaks of
			return !r.Feasible && r.hasRobustness()
		case "robust": // after the best packages it speaks of
			return r.Feasible
		case "sources":
			return len(s.Sources) > 0
		}
		return true
	}
	secs = slices.DeleteFunc(secs, func(x sec) bool { return !keep(x.id) })
	for i := range secs {
		if secs[i].id == "robust-infeasible" {
			secs[i].id = "robust"
		}
	}
	b.WriteString("<nav aria-label=\"Sections\">\n<ul>\n")
	for _, x := range secs {
		fmt.Fprintf(b, "<li><a href=\"#%s\">%s</a></li>\n", x.id, esc(x.title))
	}
	b.WriteString("</ul>\n</nav>\n<main>\n")
	for _, x := range secs {
		fmt.Fprintf(b, "<section id=\"%s\" aria-labelledby=\"%s-h\">\n<h2 id=\"%s-h\">%s</h2>\n", x.id, x.id, x.id, esc(x.title))
		x.body()
		b.WriteString("</section>\n")
	}
	b.WriteString("</main>\n<footer>\n<p>Made by zopa from the analysis report; ")
	b.WriteString("utilities run from 0 (the party's worst) to 1 (its best). ")
	b.WriteString("The JSON report holds every figure of this page.</p>\n</footer>\n</body>\n</html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

type htmlWriter struct {
	b strings.Builder
	s *model.Space
}

func (h *htmlWriter) p(class, text string) {
	if class != "" {
		fmt.Fprintf(&h.b, "<p class=\"%s\">%s</p>\n", class, esc(text))
		return
	}
	fmt.Fprintf(&h.b, "<p>%s</p>\n", esc(text))
}

// table writes a table with a caption and column headers; the first cell
// of each row is its row header. Cells are escaped unless raw is set for
// their column.
func (h *htmlWriter) table(class, caption string, header []string, rows [][]string, raw ...int) {
	b := &h.b
	fmt.Fprintf(b, "<table class=\"%s\">\n<caption>%s</caption>\n<thead>\n<tr>", class, esc(caption))
	for _, c := range header {
		fmt.Fprintf(b, "<th scope=\"col\">%s</th>", ident(c))
	}
	b.WriteString("</tr>\n</thead>\n<tbody>\n")
	for _, row := range rows {
		b.WriteString("<tr>")
		for j, c := range row {
			if !slices.Contains(raw, j) {
				c = ident(c)
			}
			if j == 0 {
				fmt.Fprintf(b, "<th scope=\"row\">%s</th>", c)
			} else {
				fmt.Fprintf(b, "<td>%s</td>", c)
			}
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n")
}

// brk marks where a long identifier may wrap: the style sheet makes it a
// break opportunity in print and on narrow screens only.
const brk = `<span class="brk"></span>`

// ident escapes s for HTML and lets lines break after its underscores, so
// that long identifiers wrap in narrow columns instead of overflowing.
func ident(s string) string { return strings.ReplaceAll(esc(s), "_", "_"+brk) }

// refHTML is a constraint id in code style, breakable after its dot and
// underscores.
func refHTML(m Member) string {
	return "<code>" + strings.ReplaceAll(ident(memberRef(m)), ".", "."+brk) + "</code>"
}

// refList is a list of constraint ids in code style, as raw HTML.
func refList(ms []Member) string {
	var parts []string
	for _, m := range ms {
		parts = append(parts, refHTML(m))
	}
	return strings.Join(parts, ", ")
}

func verdict(ok bool) string {
	if ok {
		return `<span class="yes">yes</span>`
	}
	return `<span class="no">no</span>`
}

func (r *Report) htmlProposals(h *htmlWriter) {
	s := h.s
	titles := slices.ContainsFunc(s.Proposals, func(p model.Proposal) bool { return p.Title != "" || p.Source != "" })
	var rows [][]string
	for _, a := range r.Proposals {
		pr := proposal(s, a.ID)
		blocked := "-"
		if !a.Agreeable {
			blocked = refList(a.Violations)
			if blocked == "" {
				blocked = "(no single constraint)"
			}
		}
		by := pr.By
		if by != "" {
			by = partyName(s, by)
		}
		title := esc(pr.Title)
		if pr.Source != "" {
			title += ` <span class="source">[source: ` + ident(pr.Source) + `]</span>`
		}
		row := []string{a.ID, esc(by), title, verdict(a.Agreeable), blocked}
		if !titles {
			row = slices.Delete(row, 2, 3)
		}
		rows = append(rows, row)
	}
	header := []string{"Proposal", "By", "Title", "Agreeable", "Blocked by"}
	if !titles {
		header = slices.Delete(header, 2, 3)
	}
	h.table("audit", "Audit of each proposal, with only the rules hard: is some completion of it agreeable, and which positions no completion meets",
		header, rows, 1, 2, 3, 4)

	// What each proposal fixes.
	header = []string{"Issue"}
	for _, a := range r.Proposals {
		header = append(header, a.ID)
	}
	rows = nil
	for _, is := range s.Issues {
		row := []string{is.ID}
		for _, a := range r.Proposals {
			v := value(proposal(s, a.ID).Package, is.ID)
			if v == "" {
				v = "open"
			}
			row = append(row, v)
		}
		rows = append(rows, row)
	}
	h.table("packages", "What each proposal fixes (open: left to the negotiation)", header, rows)
	if hasSteps(s) {
		var titles []string
		var rms []*Roadmap
		for _, a := range r.Proposals {
			titles = append(titles, "Roadmap of proposal "+a.ID)
			rms = append(rms, NewRoadmap(s, proposal(s, a.ID).Package))
		}
		h.roadmaps("proposal-roadmap", titles, rms)
	}

	if len(s.Parties) == 0 {
		return
	}
	ranges := anyRange(s, r)
	var groups []barGroup
	var desc strings.Builder
	rows = nil
	for _, a := range r.Proposals {
		us := proposalUtilities(s, a)
		g := barGroup{key: a.ID, title: a.ID}
		row := []string{a.ID}
		fmt.Fprintf(&desc, "%s: ", a.ID)
		for i, p := range s.Parties {
			u, ok := us[p.ID]
			g.rows = append(g.rows, barRow{party: p.ID, u: u, ok: ok})
			cell := "-"
			if ok {
				cell = u.String()
			}
			row = append(row, cell)
			if i > 0 {
				desc.WriteString(", ")
			}
			fmt.Fprintf(&desc, "%s %s", partyName(s, p.ID), cell)
		}
		desc.WriteString(". ")
		groups = append(groups, g)
		rows = append(rows, row)
	}
	caption := "Each party's utility for each proposal"
	if ranges {
		caption += " (lowest-highest where issues are left open)"
	}
	h.b.WriteString("<figure>\n")
	barChart(&h.b, s, "proposal-bars", "Each party's utility for each proposal", strings.TrimSpace(desc.String()), groups)
	h.b.WriteString("<figcaption>Each party's utility for each proposal, on bars from 0 to 1")
	if ranges {
		h.b.WriteString(". Where a proposal leaves issues open, the bar is solid up to the lowest utility the open issues allow and hatched up to the highest (rules and red lines aside)")
	}
	h.b.WriteString(".</figcaption>\n</figure>\n")
	h.table("utilities", caption, append([]string{"Proposal"}, partyNames(s)...), rows)
}

func partyNames(s *model.Space) []string {
	var out []string
	for _, p := range s.Parties {
		out = append(out, partyName(s, p.ID))
	}
	return out
}

// positions writes a table of constraints with their notes and sources.
func (h *htmlWriter) positions(caption string, ms []Member) {
	var rows [][]string
	for _, m := range ms {
		ci := describe(h.s, m)
		party := ci.party
		if party == "" {
			party = "(rule)"
		}
		rows = append(rows, []string{refHTML(m), esc(party), `<span class="kind">` + esc(ci.kind) + "</span>", num(ci.cost), esc(ci.note), ident(ci.source)})
	}
	h.table("positions", caption, []string{"Position", "Party", "Kind", "Cost", "Note", "Source"}, rows, 0, 1, 2, 3, 4, 5)
}

func (r *Report) htmlConflicts(h *htmlWriter) {
	s := h.s
	if r.HardConflict != nil {
		h.p("", "Even before negotiating, these hard constraints exclude every package, so there is nothing to concede.")
		h.positions("The hard constraints that conflict", r.HardConflict)
	}
	if len(r.Conflicts.Sets) > 0 {
		gs := r.groups()
		n := len(r.Conflicts.Sets)
		intro := fmt.Sprintf("Each conflict is a set of positions that cannot all hold; dropping any one of them removes that conflict. "+
			"%d %s, among %d %s of parties (negotiable: %s).", n, plural(n, "conflict", "conflicts"), len(gs), plural(len(gs), "group", "groups"), r.Negotiable)
		if !r.Conflicts.Complete {
			intro += " More conflicts exist than are listed."
		}
		h.p("", intro)
		h.conflictGraph(r)
		for gi, g := range gs {
			title := r.groupTitle(g, s)
			fmt.Fprintf(&h.b, "<h3 id=\"group-%d\">%s: %d %s</h3>\n", gi+1, esc(title), len(g.conflicts), plural(len(g.conflicts), "conflict", "conflicts"))
			var rows [][]string
			for _, i := range g.conflicts {
				cell := refList(r.Conflicts.Sets[i])
				if hs := r.againstOf(i); len(hs) > 0 {
					cell += ", against the hard " + plural(len(hs), "constraint ", "constraints ") + refList(hs)
				}
				rows = append(rows, []string{fmt.Sprint(i + 1), cell})
			}
			h.table("conflicts", "The conflicts of "+title, []string{"Conflict", "Positions that cannot all hold"}, rows, 1)
			for _, i := range g.conflicts {
				if set := r.Conflicts.Sets[i]; ordering(s, set) {
					h.p("words", fmt.Sprintf("Conflict %d in words: %s", i+1, ConflictWords(s, refsOf(append(slices.Clone(set), r.againstOf(i)...)))))
				}
			}
			h.positions("The positions in these conflicts", append(slices.Clone(g.members), r.groupAgainst(g)...))
		}
	}
	if len(r.Conflicts.Sets) == 0 && r.HardConflict != nil {
		h.conflictGraph(r)
	}
	if ms := r.uncited(); len(ms) > 0 {
		h.b.WriteString("<h3>Other positions the proposals break</h3>\n")
		h.positions("Positions the proposals break that are in no conflict", ms)
	}
}

func (h *htmlWriter) conflictGraph(r *Report) {
	h.b.WriteString("<figure>\n")
	graphChart(&h.b, h.s, r.conflictGraph(h.s), "conflict-graph")
	h.b.WriteString("<figcaption>The conflict graph: each box is a conflict, joined to the parties whose positions it holds; the tables give the same in words.</figcaption>\n</figure>\n")
}

func (r *Report) htmlConcessions(h *htmlWriter) {
	var rows [][]string
	for _, c := range r.Concessions.Sets {
		rows = append(rows, []string{c.costText(), refList(c.Constraints)})
	}
	caption := fmt.Sprintf("Concession sets, cheapest first: conceding every position of one set opens the space (%d %s", len(rows), plural(len(rows), "set", "sets"))
	if !r.Concessions.Complete {
		caption += "; more exist"
	}
	caption += ")"
	h.table("concessions", caption, []string{"Cost", "Concede"}, rows, 1)
}

func (r *Report) htmlBest(h *htmlWriter) {
	s := h.s
	switch {
	case !r.Feasible:
		h.p("", "None: no package is agreeable.")
		return
	case !r.anyBest():
		h.p("", "Not computed.")
		return
	}
	rs := r.rules()
	b := &h.b
	b.WriteString("<table class=\"best\">\n<caption>The best agreeable package under each rule (issues), each party's utility for it and the rule's score</caption>\n<thead>\n<tr><th scope=\"col\">Issue</th>")
	for _, ru := range rs {
		fmt.Fprintf(b, "<th scope=\"col\">%s</th>", esc(ru.title))
	}
	b.WriteString("</tr>\n</thead>\n<tbody>\n")
	cellHTML := func(ru rule, f func(c *Choice) string) string {
		if ru.choice == nil {
			return "<td>not computed</td>"
		}
		return "<td>" + f(ru.choice) + "</td>"
	}
	cell := func(ru rule, f func(c *Choice) string) string {
		return cellHTML(ru, func(c *Choice) string { return esc(f(c)) })
	}
	for _, is := range s.Issues {
		fmt.Fprintf(b, "<tr><th scope=\"row\">%s</th>", ident(is.ID))
		for _, ru := range rs {
			b.WriteString(cellHTML(ru, func(c *Choice) string { return ident(value(c.Package, is.ID)) }))
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n<tbody class=\"utilities\">\n")
	for _, p := range s.Parties {
		fmt.Fprintf(b, "<tr><th scope=\"row\">%s's utility</th>", esc(partyName(s, p.ID)))
		for _, ru := range rs {
			b.WriteString(cell(ru, func(c *Choice) string { return util(c.Utilities[p.ID]) }))
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("<tr><th scope=\"row\">Score</th>")
	for _, ru := range rs {
		b.WriteString(cell(ru, func(c *Choice) string { return score(c.Score) }))
	}
	b.WriteString("</tr>\n</tbody>\n</table>\n")
	if gs := r.roadmapGroups(s); gs != nil {
		var titles []string
		var rms []*Roadmap
		for _, g := range gs {
			titles = append(titles, "Roadmap of the best package under "+rulesTitle(g.rules))
			rms = append(rms, g.rm)
		}
		h.roadmaps("best-roadmap", titles, rms)
	}

	var groups []barGroup
	var desc strings.Builder
	for _, ru := range rs {
		if ru.choice == nil {
			continue
		}
		g := barGroup{key: ru.id, title: fmt.Sprintf("%s: score %s", ru.title, score(ru.choice.Score))}
		fmt.Fprintf(&desc, "%s: ", ru.name)
		for i, p := range s.Parties {
			u := ru.choice.Utilities[p.ID]
			g.rows = append(g.rows, barRow{party: p.ID, u: span{u, u}, ok: true})
			if i > 0 {
				desc.WriteString(", ")
			}
			fmt.Fprintf(&desc, "%s %s", partyName(s, p.ID), util(u))
		}
		desc.WriteString(". ")
		groups = append(groups, g)
	}
	b.WriteString("<figure>\n")
	barChart(b, s, "best-bars", "Each party's utility for each rule's best package", strings.TrimSpace(desc.String()), groups)
	b.WriteString("<figcaption>Each party's utility for each rule's best package (bars from 0 to 1); the table above gives the same figures.</figcaption>\n</figure>\n")
}

func (r *Report) htmlPareto(h *htmlWriter, xp, yp string, chart FrontierChart) {
	s := h.s
	pts := r.Pareto.Points
	switch {
	case !r.Feasible:
		h.p("", "Empty: no package is agreeable.")
		return
	case len(pts) == 0:
		h.p("", "Not computed.")
		return
	case len(s.Parties) == 0:
		h.p("", "No parties, so no utilities to compare.")
		return
	}
	intro := fmt.Sprintf("%d utility %s that no agreeable package improves on for every party", len(pts), plural(len(pts), "vector", "vectors"))
	if r.Pareto.Complete {
		intro += " (the whole frontier)."
	} else {
		intro += " (part of the frontier; more exist)."
	}
	h.p("", intro)
	b := &h.b
	if chart != FrontierParallel && xp != "" {
		b.WriteString("<figure>\n")
		scatterChart(b, s, r, "pareto-scatter", xp, yp)
		fmt.Fprintf(b, "<figcaption>The frontier seen by %s (across) and %s (up): dots are its points, diamonds mark the rules' best packages, squares the proposals that fix every issue.</figcaption>\n</figure>\n",
			esc(partyName(s, xp)), esc(partyName(s, yp)))
	}
	if chart == FrontierParallel || (chart == FrontierAuto && len(s.Parties) > 2) || xp == "" {
		b.WriteString("<figure>\n")
		parallelChart(b, s, r, "pareto-parallel")
		b.WriteString("<figcaption>The frontier across every party: each thin line is one point, the wide pale labelled lines the rules' best packages.</figcaption>\n</figure>\n")
	}
	var rows [][]string
	for i, pt := range pts {
		if i == htmlPareto {
			break
		}
		row := []string{fmt.Sprint(i + 1)}
		for _, p := range s.Parties {
			row = append(row, util(pt.Utilities[p.ID]))
		}
		rows = append(rows, row)
	}
	caption := "Each party's utility at each point of the frontier"
	if len(pts) > htmlPareto {
		caption += fmt.Sprintf(" (the first %d of %d; the JSON report lists them all)", htmlPareto, len(pts))
	}
	h.table("pareto", caption, append([]string{"Point"}, partyNames(s)...), rows)
}

func (r *Report) htmlZOPA(h *htmlWriter) {
	s := h.s
	if !r.Feasible {
		h.p("", "Empty: no package is agreeable.")
		return
	}
	var rows [][]string
	for i := range s.Issues {
		is := &s.Issues[i]
		vals := "not computed"
		if rg, ok := r.ZOPA[is.ID]; ok {
			vals = zopaValues(rg)
		}
		rows = append(rows, []string{is.ID, is.Label, vals, issueDomain(is)})
	}
	h.table("zopa", "The values each issue takes in some agreeable package", []string{"Issue", "Label", "Agreeable values", "All values"}, rows)
}

func (h *htmlWriter) sources() {
	urls := slices.ContainsFunc(h.s.Sources, func(src model.Source) bool { return src.URL != "" })
	header := []string{"Source", "Title", "Date"}
	if urls {
		header = append(header, "Address")
	}
	var rows [][]string
	for _, src := range h.s.Sources {
		row := []string{src.ID, src.Title, src.Date}
		if urls {
			row = append(row, src.URL)
		}
		rows = append(rows, row)
	}
	h.table("sources", "The documents the scenario cites", header, rows)
}

const css = `:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  line-height: 1.45; color: #1a1a1a; background: #ffffff; margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 72rem; }
h1 { font-size: 1.7rem; margin: 0.5rem 0; }
h2 { font-size: 1.35rem; border-bottom: 2px solid #0072B2; padding-bottom: 0.2rem; margin-top: 2.2rem; }
h3 { font-size: 1.1rem; margin-top: 1.6rem; }
.roadmaps { display: flex; flex-wrap: wrap; gap: 0.5rem 2rem; align-items: flex-start; }
.roadmap .mark.taken { fill: #0072B2; }
.roadmap .mark.never { fill: #bbbbbb; }
.roadmap .mark.open { fill: #ffffff; stroke: #0072B2; stroke-dasharray: 3 2; }
p.words { margin-left: 1rem; }
.warnings { background: #fff4e0; border-left: 4px solid #E69F00; padding: 0.4rem 0.9rem; margin: 0.6rem 0; }
.warnings ul { margin: 0.2rem 0; padding-left: 1.2rem; }
.summary { font-size: 1.15rem; font-weight: 600; background: #eef5fb; border-left: 4px solid #0072B2; padding: 0.6rem 0.9rem; }
.description, .meta { color: #333333; }
.meta { font-size: 0.9rem; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; }
nav a { color: #0b5394; }
table { border-collapse: collapse; margin: 0.8rem 0 1.2rem; font-size: 0.92rem; }
table { min-width: 50%; }
table.audit, table.positions, table.concessions { width: 100%; }
.kind { white-space: nowrap; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; caption-side: top; }
th, td { border: 1px solid #c8c8c8; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #f0f0f0; }
tbody tr:nth-child(even) { background: #fafafa; }
tbody.utilities { border-top: 3px double #777777; }
th[scope="row"] { font-weight: 600; white-space: nowrap; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.88em; white-space: nowrap; }
.yes { color: #00623f; font-weight: 700; }
.no { color: #a33a00; font-weight: 700; }
.source { color: #555555; font-size: 0.88em; }
figure { margin: 1rem 0 1.5rem; }
figcaption { font-size: 0.9rem; color: #333333; margin-top: 0.3rem; }
svg.chart { max-width: 100%; height: auto; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 12px; }
svg .grid { stroke: #dddddd; stroke-width: 1; }
svg .frame { fill: none; stroke: #888888; }
svg .tick { fill: #555555; font-size: 11px; }
svg .axis-title, svg .group-title, svg .conflict-title { font-weight: 600; fill: #1a1a1a; }
svg .track { fill: #f2f2f2; }
svg .label, svg .value, svg .member { fill: #1a1a1a; }
svg .edge { stroke-width: 2; stroke-opacity: 0.8; }
svg circle.pareto { fill: #0072B2; stroke: #ffffff; stroke-width: 1; }
svg polyline.pareto { fill: none; stroke: #0072B2; stroke-opacity: 0.6; stroke-width: 1.5; }
svg .mark.rule path, svg path.mark.rule { fill: none; stroke: #D55E00; stroke-width: 2; }
svg .mark.rule polyline { fill: none; stroke: #D55E00; stroke-opacity: 0.35; stroke-width: 7; stroke-linejoin: round; }
svg .mark.proposal rect, svg rect.mark.proposal { fill: none; stroke: #009E73; stroke-width: 2; }
svg .mark text { font-weight: 700; fill: #1a1a1a; }
svg .interval { fill: #56B4E9; fill-opacity: 0.7; stroke: #0072B2; }
svg .open { fill: #0072B2; }
svg .stated { stroke: #1a1a1a; stroke-width: 3; }
svg .judged { stroke: #D55E00; stroke-width: 3; stroke-linecap: round; }
svg .share-label { fill: #ffffff; font-weight: 700; }
footer { margin-top: 3rem; font-size: 0.85rem; color: #555555; border-top: 1px solid #cccccc; }
@media print, (max-width: 50rem) {
  .brk::after { content: "\200B"; }
}
@media print {
  @page { margin: 15mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, h3, caption { break-after: avoid; page-break-after: avoid; }
  figure, tr { break-inside: avoid; page-break-inside: avoid; }
  table { width: 100%; }
  th, td, th[scope="row"], .kind, code { white-space: normal; overflow-wrap: break-word; }
  svg.chart { max-width: 100%; }
  .summary { border: 1px solid #0072B2; }
  a { color: inherit; text-decoration: none; }
}
`
