package report_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver"
	"github.com/zopa-go/zopa/solver/report"
)

// Chart geometry, as the HTML report documents it: a bar of utility u is
// u*400 wide from x=200; the scatter plot's 400-pixel square starts at
// (70, 20) and its y axis points up.
const (
	barX, barScale       = 200.0, 400.0
	plotX, plotY, plotSz = 70.0, 20.0, 400.0
)

func px(x float64) string { return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64) }

func writeHTML(t *testing.T, r *report.Report, s *model.Space, o *report.HTMLOptions) (*node, string) {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteHTML(&b, o); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("ZOPA_HTML_DIR"); dir != "" { // for looking at the pages in a browser
		os.WriteFile(dir+"/"+strings.ReplaceAll(t.Name(), "/", "_")+".html", b.Bytes(), 0o644)
	}
	return parseHTML(t, b.Bytes()), b.String()
}

// hardSpace is a space whose rules alone exclude every package.
func hardSpace(t *testing.T) *model.Space {
	s, err := model.NewBuilder("hard").Bool("a", "").
		Rule("r1", "a").Note("The first rule.", "").Rule("r2", "!a").
		Party("p").RedLine("x", "a").
		Build()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestHTMLWellFormed checks pages of every kind of report: well-formed
// XML, self-contained, accessible markup.
func TestHTMLWellFormed(t *testing.T) {
	feasible := scenarios.Generate(genFeasible)
	cases := []struct {
		name string
		s    *model.Space
		fill bool
	}{
		{"ukraine", nil, false},
		{"generated", feasible, false},
		{"generated_best", feasible, true},
		{"infeasible", scenarios.GenerateInfeasible(genInfeasible, 3), false},
		{"hard", hardSpace(t), false},
		{"markup in names", markupSpace(t), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := c.s
			var r *report.Report
			if s == nil {
				s, r = ukraine(t)
			} else {
				r = analyze(t, s)
			}
			if c.fill {
				fillByBruteForce(t, s, r)
			}
			root, page := writeHTML(t, r, s, nil)
			checkPage(t, root, page)
		})
	}
}

func checkPage(t *testing.T, root *node, page string) {
	t.Helper()
	if root.XMLName.Local != "html" || root.attr("lang") == "" {
		t.Errorf("root element %q lang %q; want html with a lang", root.XMLName.Local, root.attr("lang"))
	}
	// Self-contained: nothing to fetch, nothing to run.
	for _, bad := range []string{"<script", "<link", "<img", "<iframe", "<object", "<embed", "src=", "@import", "http://", "https://", " on"} {
		if bad == " on" {
			for _, n := range root.all(func(*node) bool { return true }) {
				for _, a := range n.Attrs {
					if strings.HasPrefix(a.Name.Local, "on") {
						t.Errorf("<%s> has an event handler %s", n.XMLName.Local, a.Name.Local)
					}
				}
			}
			continue
		}
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	for _, u := range strings.Split(page, "url(")[1:] {
		if !strings.HasPrefix(u, "#") {
			t.Errorf("url(%s… is not a reference inside the page", u[:min(20, len(u))])
		}
	}
	for _, a := range root.all(is("a")) {
		if !strings.HasPrefix(a.attr("href"), "#") {
			t.Errorf("link %q leaves the page", a.attr("href"))
		}
	}
	if !strings.Contains(page, "@media print") {
		t.Error("no print styles")
	}
	// Ids are unique and the in-page links and references resolve.
	ids := map[string]bool{}
	for _, n := range root.all(func(n *node) bool { return n.attr("id") != "" }) {
		if ids[n.attr("id")] {
			t.Errorf("duplicate id %q", n.attr("id"))
		}
		ids[n.attr("id")] = true
	}
	for _, n := range root.all(func(*node) bool { return true }) {
		for _, k := range []string{"aria-labelledby", "aria-describedby"} {
			for _, id := range strings.Fields(n.attr(k)) {
				if !ids[id] {
					t.Errorf("<%s %s=%q>: no element has that id", n.XMLName.Local, k, id)
				}
			}
		}
		if h := n.attr("href"); strings.HasPrefix(h, "#") && !ids[h[1:]] {
			t.Errorf("link to %q: no element has that id", h)
		}
	}
	// Tables: a caption, column headers with scope, row headers.
	tables := root.all(is("table"))
	if len(tables) == 0 {
		t.Error("no tables")
	}
	for _, tb := range tables {
		if len(tb.Nodes) == 0 || tb.Nodes[0].XMLName.Local != "caption" || strings.TrimSpace(tb.Nodes[0].text()) == "" {
			t.Errorf("table without a caption first: %.80q", tb.text())
		}
		for _, th := range tb.all(is("th")) {
			if sc := th.attr("scope"); sc != "col" && sc != "row" {
				t.Errorf("<th> %q has scope %q", th.text(), sc)
			}
		}
		if len(tb.all(is("thead"))) != 1 || len(tb.all(is("tbody"))) == 0 {
			t.Errorf("table %q: want a thead and a tbody", tb.Nodes[0].text())
		}
	}
	// Pictures: role img, a label, a title and a description in words, and
	// a size matching the view box.
	for _, svg := range root.all(is("svg")) {
		if svg.attr("role") != "img" || svg.attr("aria-label") == "" {
			t.Errorf("svg %q: role %q aria-label %q", svg.attr("id"), svg.attr("role"), svg.attr("aria-label"))
		}
		if svg.Nodes[0].XMLName.Local != "title" || strings.TrimSpace(svg.Nodes[0].text()) != svg.attr("aria-label") {
			t.Errorf("svg %q: first child %q, want a <title> equal to the aria-label", svg.attr("id"), svg.Nodes[0].XMLName.Local)
		}
		descs := svg.all(is("desc"))
		if len(descs) != 1 || strings.TrimSpace(descs[0].text()) == "" {
			t.Errorf("svg %q: want one non-empty <desc>", svg.attr("id"))
		}
		if want := "0 0 " + svg.attr("width") + " " + svg.attr("height"); svg.attr("viewBox") != want {
			t.Errorf("svg %q: viewBox %q, want %q", svg.attr("id"), svg.attr("viewBox"), want)
		}
		if len(svg.all(is("figure"))) != 0 {
			t.Error("figure inside svg")
		}
	}
	for _, fig := range root.all(is("figure")) {
		if len(fig.all(is("figcaption"))) != 1 || len(fig.all(is("svg"))) != 1 {
			t.Errorf("figure %q: want one svg and one figcaption", fig.text()[:min(60, len(fig.text()))])
		}
	}
}

// handSpace and handReport are a small space and a report filled by hand
// with utilities whose bar widths and positions are exact.
func handSpace(t *testing.T) *model.Space {
	s, err := model.NewBuilder("hand").
		Bool("x", "").Choice("y", "lo", "mid", "hi").
		Party("a").Prefer("x", 1).
		Party("b").Prefer("!x", 1).Values("y", 1, map[string]float64{"hi": 1}).
		Party("c").Values("y", 1, map[string]float64{"lo": 1, "mid": 0.5}).
		Proposal("full", "a", model.Package{"x": model.BoolValue(true), "y": model.OptionValue("mid")}).
		Proposal("part", "b", model.Package{"y": model.OptionValue("hi")}).
		Build()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func handReport(t *testing.T, s *model.Space) *report.Report {
	r, err := report.Analyze(context.Background(), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	pkg := func(x bool, y string) model.Package {
		return model.Package{"x": model.BoolValue(x), "y": model.OptionValue(y)}
	}
	u := func(a, b, c float64) map[string]float64 { return map[string]float64{"a": a, "b": b, "c": c} }
	r.Pareto = report.Pareto{Complete: true, Points: []report.ParetoPoint{
		{Utilities: u(1, 0, 1), Package: pkg(true, "lo")},
		{Utilities: u(1, 0.25, 0.5), Package: pkg(true, "mid")},
		{Utilities: u(0.5, 1, 0), Package: pkg(false, "hi")},
		{Utilities: u(0.5, 0.75, 0.75), Package: pkg(false, "mid")},
	}}
	r.Best = report.Best{
		Utilitarian: &report.Choice{Score: 2, Utilities: u(1, 0, 1), Package: pkg(true, "lo")},
		Egalitarian: &report.Choice{Score: 0.5, Utilities: u(0.5, 0.75, 0.75), Package: pkg(false, "mid")},
		Nash:        &report.Choice{Score: 0.28125, Utilities: u(0.5, 0.75, 0.75), Package: pkg(false, "mid")},
	}
	return r
}

// TestHTMLBars checks the bar charts against the data: one bar per party
// and package, as wide as the utility says, labelled with the party's name
// and the value; a partial proposal's range drawn from its low to its high
// end.
func TestHTMLBars(t *testing.T) {
	s := handSpace(t)
	r := handReport(t, s)
	root, _ := writeHTML(t, r, s, nil)
	names := map[string]string{"a": "a", "b": "b", "c": "c"}

	bars := svgByID(t, root, "proposal-bars")
	type bar struct{ group, party, width, rangeX, rangeW, value, label string }
	var got, want []bar
	for _, a := range r.Proposals {
		pkg := map[string]model.Package{"full": s.Proposals[0].Package, "part": s.Proposals[1].Package}[a.ID]
		for i := range s.Parties {
			p := &s.Parties[i]
			lo, hi := s.UtilityRange(p, pkg)
			b := bar{group: a.ID, party: p.ID, width: px(lo * barScale), value: fmt.Sprintf("%.2f", lo), label: names[p.ID]}
			if a.Utilities != nil {
				if a.Utilities[p.ID] != lo || lo != hi {
					t.Fatalf("%s: utility %v, range %v-%v", a.ID, a.Utilities[p.ID], lo, hi)
				}
			}
			if hi != lo {
				b.rangeX, b.rangeW = px(barX+lo*barScale), px((hi-lo)*barScale)
				b.value = fmt.Sprintf("%.2f-%.2f", lo, hi)
			}
			want = append(want, b)
		}
	}
	if r.Proposals[1].Utilities != nil {
		t.Fatal("the partial proposal has utilities")
	}
	got = nil
	for _, g := range bars.all(func(n *node) bool { return n.XMLName.Local == "g" && hasClass(n, "group") }) {
		labels := g.all(func(n *node) bool { return n.XMLName.Local == "text" && hasClass(n, "label") })
		for i, rect := range g.all(func(n *node) bool { return n.XMLName.Local == "rect" && hasClass(n, "bar") }) {
			b := bar{group: g.attr("data-group"), party: rect.attr("data-party"), width: rect.attr("width"), label: labels[i].text()}
			if rect.attr("x") != px(barX) {
				t.Errorf("bar x = %s, want %s", rect.attr("x"), px(barX))
			}
			for _, rg := range g.all(func(n *node) bool { return hasClass(n, "range") && n.attr("data-party") == b.party }) {
				b.rangeX, b.rangeW = rg.attr("x"), rg.attr("width")
			}
			for _, v := range g.all(func(n *node) bool { return hasClass(n, "value") && n.attr("data-party") == b.party }) {
				b.value = v.text()
			}
			got = append(got, b)
		}
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(bar{})); diff != "" {
		t.Errorf("proposal bars (-want +got):\n%s", diff)
	}

	// The best packages: only the rules that have one, one bar per party.
	bars = svgByID(t, root, "best-bars")
	want, got = nil, nil
	for _, c := range []struct {
		rule string
		ch   *report.Choice
	}{{"utilitarian", r.Best.Utilitarian}, {"egalitarian", r.Best.Egalitarian}, {"nash", r.Best.Nash}} {
		for _, p := range []string{"a", "b", "c"} {
			u := c.ch.Utilities[p]
			want = append(want, bar{group: c.rule, party: p, width: px(u * barScale), value: fmt.Sprintf("%.2f", u), label: names[p]})
		}
	}
	for _, g := range bars.all(func(n *node) bool { return n.XMLName.Local == "g" && hasClass(n, "group") }) {
		labels := g.all(func(n *node) bool { return n.XMLName.Local == "text" && hasClass(n, "label") })
		values := g.all(func(n *node) bool { return n.XMLName.Local == "text" && hasClass(n, "value") })
		for i, rect := range g.all(func(n *node) bool { return n.XMLName.Local == "rect" && hasClass(n, "bar") }) {
			got = append(got, bar{group: g.attr("data-group"), party: rect.attr("data-party"), width: rect.attr("width"),
				value: values[i].text(), label: labels[i].text()})
		}
		if len(g.all(func(n *node) bool { return hasClass(n, "range") })) != 0 {
			t.Error("a best package has a range")
		}
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(bar{})); diff != "" {
		t.Errorf("best bars (-want +got):\n%s", diff)
	}
	// The table next to it says the same, and which rule is missing.
	best := root.all(func(n *node) bool { return n.XMLName.Local == "table" && hasClass(n, "best") })
	if len(best) != 1 {
		t.Fatalf("%d best tables", len(best))
	}
	if txt := best[0].text(); !strings.Contains(txt, "not computed") || !strings.Contains(txt, "0.281") {
		t.Errorf("best table: %q", txt)
	}
}

func svgByID(t *testing.T, root *node, id string) *node {
	t.Helper()
	ns := root.all(is("svg", "id", id))
	if len(ns) != 1 {
		t.Fatalf("%d <svg id=%q>", len(ns), id)
	}
	return ns[0]
}

// TestHTMLScatter checks the Pareto scatter plot: the default pair of
// parties is the one whose utilities spread widest, each point sits where
// its utilities say, the rules' best packages are marked, -scatter picks
// other parties, and unknown ones are an error.
func TestHTMLScatter(t *testing.T) {
	s := handSpace(t)
	r := handReport(t, s)
	// Spreads over the points: a 0.5, b 1, c 1: the default is b and c.
	check := func(o *report.HTMLOptions, xp, yp string) {
		t.Helper()
		root, _ := writeHTML(t, r, s, o)
		sc := svgByID(t, root, "pareto-scatter")
		if l := sc.attr("aria-label"); !strings.Contains(l, xp+"'s utility (across) against "+yp+"'s (up)") {
			t.Errorf("scatter label %q, want %s across and %s up", l, xp, yp)
		}
		type pt struct{ cx, cy string }
		var want, got []pt
		for _, p := range r.Pareto.Points {
			want = append(want, pt{px(plotX + p.Utilities[xp]*plotSz), px(plotY + plotSz - p.Utilities[yp]*plotSz)})
		}
		for _, c := range sc.all(func(n *node) bool { return is("circle")(n) && n.attr("data-point") != "" }) {
			got = append(got, pt{c.attr("cx"), c.attr("cy")})
		}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(pt{})); diff != "" {
			t.Errorf("scatter points for %s, %s (-want +got):\n%s", xp, yp, diff)
		}
		var marks []string
		for _, m := range sc.all(func(n *node) bool { return is("g")(n) && hasClass(n, "mark") }) {
			marks = append(marks, m.attr("data-label"))
		}
		// Proposal "full" fixes every issue: it is marked too.
		// E and N chose packages with the same utilities: one mark.
		if diff := cmp.Diff([]string{"U", "E, N", "full"}, marks); diff != "" {
			t.Errorf("marks (-want +got):\n%s", diff)
		}
		axes := sc.all(func(n *node) bool { return is("text")(n) && hasClass(n, "axis-title") })
		if len(axes) != 2 || axes[0].text() != xp+"'s utility" || axes[1].text() != yp+"'s utility" {
			t.Errorf("axis titles %v", axes)
		}
	}
	check(nil, "b", "c")
	check(&report.HTMLOptions{Scatter: [2]string{"c", "a"}}, "c", "a")

	// Parallel coordinates: one line per point over one axis per party.
	root, _ := writeHTML(t, r, s, &report.HTMLOptions{Frontier: report.FrontierParallel})
	if n := len(root.all(is("svg", "id", "pareto-scatter"))); n != 0 {
		t.Errorf("FrontierParallel drew %d scatter plots", n)
	}
	par := svgByID(t, root, "pareto-parallel")
	lines := par.all(func(n *node) bool { return is("polyline")(n) && n.attr("data-point") != "" })
	if len(lines) != len(r.Pareto.Points) {
		t.Fatalf("%d lines for %d points", len(lines), len(r.Pareto.Points))
	}
	for i, l := range lines {
		pts := strings.Fields(l.attr("points"))
		for j, p := range []string{"a", "b", "c"} {
			y := strings.Split(pts[j], ",")[1]
			if want := px(plotY + 20 + plotSz - r.Pareto.Points[i].Utilities[p]*plotSz); y != want {
				t.Errorf("point %d, party %s: y %s, want %s", i+1, p, y, want)
			}
		}
	}
	root, _ = writeHTML(t, r, s, &report.HTMLOptions{Frontier: report.FrontierScatter})
	if len(root.all(is("svg", "id", "pareto-parallel"))) != 0 || len(root.all(is("svg", "id", "pareto-scatter"))) != 1 {
		t.Error("FrontierScatter: want the scatter plot only")
	}
	root, _ = writeHTML(t, r, s, nil)
	if len(root.all(is("svg", "id", "pareto-parallel"))) != 1 || len(root.all(is("svg", "id", "pareto-scatter"))) != 1 {
		t.Error("FrontierAuto with three parties: want both pictures")
	}

	for _, o := range []report.HTMLOptions{{Scatter: [2]string{"a", "zz"}}, {Scatter: [2]string{"a", "a"}}, {Scatter: [2]string{"a", ""}}} {
		if err := r.WriteHTML(&bytes.Buffer{}, &o); err == nil {
			t.Errorf("Scatter %q: no error", o.Scatter)
		}
	}
	// Empty frontiers say why.
	for _, c := range []struct {
		feasible bool
		pareto   report.Pareto
		want     string
	}{
		{true, report.Pareto{Points: []report.ParetoPoint{}}, "Not computed."},
		{false, report.Pareto{Complete: true, Points: []report.ParetoPoint{}}, "Empty: no package is agreeable."},
	} {
		// A copy of the analysed report (renderers need the space it
		// records) with the frontier emptied.
		r := *r
		r.Feasible, r.Pareto = c.feasible, c.pareto
		root, _ := writeHTML(t, &r, s, nil)
		sec := root.all(is("section", "id", "pareto"))
		if len(sec) != 1 || !strings.Contains(sec[0].text(), c.want) || len(sec[0].all(is("svg"))) != 0 {
			t.Errorf("feasible %v, no points: want %q and no picture", c.feasible, c.want)
		}
	}
}

// TestHTMLConflictGraph checks the conflict graph picture of the Ukraine
// report against the conflicts: a node per party and per conflict, the
// conflict's box listing its constraint ids, a line per party involved.
func TestHTMLConflictGraph(t *testing.T) {
	s, r := ukraine(t)
	root, _ := writeHTML(t, r, s, nil)
	g := svgByID(t, root, "conflict-graph")
	type edge struct{ from, to string }
	var wantNodes, gotNodes []string
	var wantEdges, gotEdges []edge
	for _, p := range s.Parties {
		wantNodes = append(wantNodes, p.ID+": "+p.Name)
	}
	for i, set := range r.Conflicts.Sets {
		id := fmt.Sprintf("conflict %d", i+1)
		lines := []string{id}
		var parties []string
		for _, m := range set {
			lines = append(lines, m.Party+"."+m.Constraint)
			if !slices.Contains(parties, m.Party) {
				parties = append(parties, m.Party)
			}
		}
		wantNodes = append(wantNodes, id+": "+strings.Join(lines, "|"))
		for _, p := range s.Parties {
			if slices.Contains(parties, p.ID) {
				wantEdges = append(wantEdges, edge{id, p.ID})
			}
		}
	}
	for _, n := range g.all(func(n *node) bool { return is("g")(n) && hasClass(n, "node") }) {
		var texts []string
		for _, tx := range n.all(is("text")) {
			texts = append(texts, tx.text())
		}
		gotNodes = append(gotNodes, n.attr("data-node")+": "+strings.Join(texts, "|"))
	}
	for _, l := range g.all(func(n *node) bool { return is("line")(n) && hasClass(n, "edge") }) {
		gotEdges = append(gotEdges, edge{l.attr("data-from"), l.attr("data-to")})
	}
	if diff := cmp.Diff(wantNodes, gotNodes); diff != "" {
		t.Errorf("nodes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantEdges, gotEdges, cmp.AllowUnexported(edge{})); diff != "" {
		t.Errorf("edges (-want +got):\n%s", diff)
	}
	// The lines end on their nodes.
	for _, l := range g.all(func(n *node) bool { return is("line")(n) && hasClass(n, "edge") }) {
		if l.attr("x1") == l.attr("x2") {
			t.Errorf("edge %s-%s is vertical", l.attr("data-from"), l.attr("data-to"))
		}
	}
}

// TestHTMLSections checks that the page has the sections of the text
// report, with the data in them.
func TestHTMLSections(t *testing.T) {
	s, r := ukraine(t)
	root, _ := writeHTML(t, r, s, nil)
	var secs []string
	for _, sec := range root.all(is("section")) {
		secs = append(secs, sec.attr("id"))
	}
	if diff := cmp.Diff([]string{"proposals", "conflicts", "concessions", "robust", "best", "pareto", "zopa", "sources"}, secs); diff != "" {
		t.Errorf("sections (-want +got):\n%s", diff)
	}
	sum := root.all(func(n *node) bool { return is("p")(n) && hasClass(n, "summary") })
	if len(sum) != 1 || !strings.HasPrefix(sum[0].text(), "ukraine2025: no deal is possible: 11 conflicts") {
		t.Errorf("summary: %v", sum)
	}
	audit := root.all(func(n *node) bool { return is("table")(n) && hasClass(n, "audit") })[0]
	rows := audit.all(is("tr"))[1:]
	if len(rows) != len(r.Proposals) {
		t.Fatalf("%d audit rows for %d proposals", len(rows), len(r.Proposals))
	}
	for i, a := range r.Proposals {
		cells := rows[i].Nodes
		if cells[0].text() != a.ID || cells[3].text() != map[bool]string{true: "yes", false: "no"}[a.Agreeable] || !strings.HasPrefix(cells[2].text(), proposalTitle(s, a.ID)) {
			t.Errorf("audit row %d: %q %q", i, cells[0].text(), cells[3].text())
		}
		for _, m := range a.Violations {
			if !strings.Contains(cells[4].text(), m.Party+"."+m.Constraint) {
				t.Errorf("%s: %s.%s missing from %q", a.ID, m.Party, m.Constraint, cells[4].text())
			}
		}
	}
	conc := root.all(func(n *node) bool { return is("table")(n) && hasClass(n, "concessions") })[0]
	if n := len(conc.all(is("tr"))) - 1; n != len(r.Concessions.Sets) {
		t.Errorf("%d concession rows for %d sets", n, len(r.Concessions.Sets))
	}
	// Every note of a conflict's constraint is on the page.
	page := root.text()
	for _, set := range r.Conflicts.Sets {
		for _, m := range set {
			c, _ := s.Lookup(model.Ref{Party: m.Party, Constraint: m.Constraint, Kind: model.RedLineKind})
			if c != nil && !strings.Contains(page, c.Note) {
				t.Errorf("note of %s.%s missing", m.Party, m.Constraint)
			}
		}
	}
}

func proposalTitle(s *model.Space, id string) string {
	for _, p := range s.Proposals {
		if p.ID == id {
			return p.Title
		}
	}
	return "?"
}

// markupSpace has names, titles and notes full of markup characters.
func markupSpace(t *testing.T) *model.Space {
	evil := `<b>&amp; "quoted" 'single' </svg><script>x</script> ]]> <!-- & -->`
	s := &model.Space{Name: "markup", Title: evil, Description: evil,
		Sources: []model.Source{{ID: "src", Title: evil, Date: evil}},
		Issues:  []model.Issue{{ID: "a", Kind: model.BoolKind, Label: evil}},
		Parties: []model.Party{
			{ID: "p", Name: evil, RedLines: []model.Constraint{{ID: "r", Require: model.Var("a"), Note: evil, Source: "src"}}},
			{ID: "q", Name: "Q " + evil, RedLines: []model.Constraint{{ID: "r", Require: model.Not(model.Var("a")), Note: evil}}},
		},
		Proposals: []model.Proposal{{ID: "x", By: "p", Title: evil, Source: "src", Package: model.Package{"a": model.BoolValue(true)}}},
	}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestHTMLRobust checks the "How robust is this?" section: for an
// infeasible space, a row per concession set with its verdict and a
// tornado bar per binding cost range spanning its interval with the stated
// cost as a tick; for a feasible one, a stacked bar per rule whose
// segments' widths are the shares, and the packages' differences.
func TestHTMLRobust(t *testing.T) {
	s, err := model.NewBuilder("r").Bool("a", "").
		Party("p").RedLine("want_a", "a").Cost(2).CostRange(0.5, 4).
		Party("q").RedLine("no_a", "!a").
		Build()
	if err != nil {
		t.Fatal(err)
	}
	r := analyze(t, s)
	root, _ := writeHTML(t, r, s, nil)
	sec := root.all(is("section", "id", "robust"))
	if len(sec) != 1 {
		t.Fatalf("%d robustness sections", len(sec))
	}
	rows := sec[0].all(func(n *node) bool { return is("tr")(n) && len(n.all(is("td"))) > 0 })
	var verdicts []string
	for _, row := range rows[:len(r.Concessions.Sets)] {
		verdicts = append(verdicts, row.all(is("td"))[0].text())
	}
	if diff := cmp.Diff([]string{"possibly", "possibly"}, verdicts); diff != "" {
		t.Errorf("verdicts (-want +got):\n%s", diff)
	}
	torn := svgByID(t, root, "cost-tornado")
	gs := torn.all(func(n *node) bool { return is("g")(n) && hasClass(n, "cost-range") })
	if len(gs) != 2 {
		t.Fatalf("%d tornado rows", len(gs))
	}
	// The scale runs from 0 past 1.15 times the largest figure (4, the top
	// of want_a's judgment range), to 5 in steps of 1, right of labels at
	// least 120 pixels wide plus a margin of 16.
	x := func(v float64) float64 { return 136 + 400*min(v, 5)/5 }
	var ticks []string
	for _, tk := range torn.all(func(n *node) bool { return is("text")(n) && hasClass(n, "tick") }) {
		ticks = append(ticks, tk.text())
	}
	if diff := cmp.Diff([]string{"0", "1", "2", "3", "4", "5"}, ticks); diff != "" {
		t.Errorf("ticks (-want +got):\n%s", diff)
	}
	for _, g := range gs {
		var c report.CostRange
		for _, cr := range r.Robustness.CostRanges {
			if cr.Party+"."+cr.Constraint == g.attr("data-constraint") {
				c = cr
			}
		}
		bar := g.all(func(n *node) bool { return hasClass(n, "interval") })[0]
		tick := g.all(func(n *node) bool { return hasClass(n, "stated") })[0]
		end := 5.0
		if c.Max != nil {
			end = *c.Max
		}
		if bar.attr("x") != px(x(c.Min)) || bar.attr("width") != px(x(end)-x(c.Min)) || tick.attr("x1") != px(x(c.Cost)) {
			t.Errorf("%s: bar at %s width %s, tick at %s; want %s, %s, %s", g.attr("data-constraint"), bar.attr("x"), bar.attr("width"), tick.attr("x1"),
				px(x(c.Min)), px(x(end)-x(c.Min)), px(x(c.Cost)))
		}
		judged := g.all(func(n *node) bool { return hasClass(n, "judged") })
		if c.Constraint == "want_a" && (len(judged) != 1 || judged[0].attr("x1") != px(x(0.5)) || judged[0].attr("x2") != px(x(4))) ||
			c.Constraint == "no_a" && len(judged) != 0 {
			t.Errorf("%s: judgment range lines %v", c.Constraint, judged)
		}
		if open := len(g.all(func(n *node) bool { return hasClass(n, "open") })) == 1; open != (c.Max == nil) {
			t.Errorf("%s: open end drawn %v, max %v", g.attr("data-constraint"), open, c.Max)
		}
	}

	f, err := model.NewBuilder("f").Choice("x", "l", "m", "r").
		Party("p").Values("x", 1, map[string]float64{"l": 1, "m": 0.6}).Prefer(`x == "r"`, 1).WeightRange(0.1, 3).
		Party("q").Values("x", 1, map[string]float64{"r": 1, "m": 0.6}).
		Build()
	if err != nil {
		t.Fatal(err)
	}
	r = analyze(t, f)
	root, _ = writeHTML(t, r, f, nil)
	chart := svgByID(t, root, "pick-shares")
	for _, g := range chart.all(func(n *node) bool { return is("g")(n) && hasClass(n, "rule") }) {
		var list []report.Pick
		for _, ru := range solver.BargainingRules {
			if ru.String() == g.attr("data-rule") {
				list = r.Robustness.Picks.Rule(ru)
			}
		}
		segs := g.all(func(n *node) bool { return hasClass(n, "share") })
		if len(segs) != len(list) {
			t.Fatalf("%s: %d segments for %d picks", g.attr("data-rule"), len(segs), len(list))
		}
		for i, seg := range segs {
			if seg.attr("width") != px(list[i].Share*400) {
				t.Errorf("%s: segment %d width %s, share %v", g.attr("data-rule"), i, seg.attr("width"), list[i].Share)
			}
		}
	}
	picked := root.all(func(n *node) bool { return is("table")(n) && hasClass(n, "picked") })
	if len(picked) != 1 || !strings.Contains(picked[0].text(), "utility p") {
		t.Errorf("picked packages table: %v", picked)
	}
}
