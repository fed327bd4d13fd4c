package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/zopa-go/zopa/model"
)

// TextWidth is the widest line WriteText writes, in characters. Longer
// notes, sources and lists are wrapped onto continuation lines, and tables
// too wide for it are split into column blocks; nothing is cut off.
const TextWidth = 100

// Text lists longer than these are cut, and say how many entries they leave
// out and where to find them all.
const (
	textConcessions = 15
	textPareto      = 20
)

// WriteText writes the report for human readers, in at most TextWidth
// columns: a summary line; whether the claims were certified; the proposal
// audits as a table, with each party's utility, and each proposal's
// roadmap when the space has steps; the conflicts grouped by the parties
// involved (each named with the hard constraints it collides with, if
// any), each constraint with its note and source, written once and
// pointed back to afterwards, and conflicts that order steps also in words
// (saying when their orders form a cycle); the concession sets, cheapest
// first; for an infeasible space, "What would open the space"
// (Report.Opening); the best package under each bargaining rule side by
// side with each party's utility, then their roadmaps phase by phase; the
// Pareto frontier; how robust the concessions and the picks are to the
// judgment ranges of costs and weights; the ZOPA per issue; and the
// sources. It returns ErrNoSpace for a report that Analyze did not make.
func (r *Report) WriteText(w io.Writer) error {
	if r.space == nil {
		return ErrNoSpace
	}
	t := &textWriter{s: r.space}
	r.textWarnings(t)
	t.para(r.summary(), 0)
	t.para(r.certification(), 0)
	r.textProposals(t)
	r.textConflicts(t)
	r.textConcessions(t)
	r.textHardConflict(t)
	r.textUncited(t)
	r.textOpening(t)
	if !r.Feasible {
		r.textRobust(t) // after the concession sets it speaks of
	}
	r.textBest(t)
	r.textRoadmaps(t)
	r.textPareto(t)
	if r.Feasible {
		r.textRobust(t) // after the best packages it speaks of
	}
	r.textZOPA(t)
	r.textSources(t)
	_, err := io.WriteString(w, t.b.String())
	return err
}

func (r *Report) textProposals(t *textWriter) {
	if len(r.Proposals) == 0 {
		return
	}
	s := t.s
	t.heading("Proposals (audited with only the rules hard)")
	tb := &table{header: []string{"proposal", "by", "agreeable", "blocked by"}, wrap: true}
	for _, a := range r.Proposals {
		verdict, blocked := "yes", "-"
		if !a.Agreeable {
			verdict = "no"
			var refs []string
			for _, m := range a.Violations {
				refs = append(refs, memberRef(m))
			}
			blocked = strings.Join(refs, ", ")
			if blocked == "" {
				blocked = "(no single constraint)"
			}
		}
		by := proposal(s, a.ID).By
		if by == "" {
			by = "-"
		}
		tb.add(a.ID, by, verdict, blocked)
	}
	t.table(tb, 2)

	if len(s.Parties) == 0 {
		return
	}
	head := "Each party's utility for each proposal"
	if anyRange(s, r) {
		head += " (lowest-highest over the values a proposal leaves open)"
	}
	t.heading(head)
	tb = &table{header: append([]string{"proposal"}, partyIDs(s)...)}
	for _, a := range r.Proposals {
		us := proposalUtilities(s, a)
		row := []string{a.ID}
		for _, p := range s.Parties {
			if u, ok := us[p.ID]; ok {
				row = append(row, u.String())
			} else {
				row = append(row, "-")
			}
		}
		tb.add(row...)
	}
	t.table(tb, 2)
	if hasSteps(s) {
		t.heading("Each proposal's roadmap (open: steps it leaves to the negotiation)")
		for _, a := range r.Proposals {
			t.roadmap(a.ID, NewRoadmap(s, proposal(s, a.ID).Package), 2)
		}
	}
}

// roadmap writes a titled roadmap, one line per phase.
func (t *textWriter) roadmap(title string, rm *Roadmap, indent int) {
	t.para(title, indent)
	for _, l := range rm.Lines() {
		t.hanging(l, indent+2, indent+4)
	}
}

// textRoadmaps writes the roadmap of each rule's best package, once per
// distinct roadmap.
func (r *Report) textRoadmaps(t *textWriter) {
	if gs := r.roadmapGroups(t.s); gs != nil {
		t.heading("Roadmaps of the best packages, phase by phase")
		r.roadmapsAt(t, gs, 2)
	}
}

// roadmapsAt writes roadmap groups, each titled by its rules, at indent.
func (r *Report) roadmapsAt(t *textWriter, gs []roadmapGroup, indent int) {
	for _, g := range gs {
		t.roadmap("Under "+rulesTitle(g.rules), g.rm, indent)
	}
}

func (r *Report) textConflicts(t *textWriter) {
	if len(r.Conflicts.Sets) == 0 {
		return
	}
	s := t.s
	t.heading(fmt.Sprintf("Why no deal is possible (negotiable: %s)", r.Negotiable))
	n := len(r.Conflicts.Sets)
	gs := r.groups()
	intro := fmt.Sprintf("Each conflict is a set of positions that cannot all hold; dropping any one of them "+
		"removes that conflict. %d %s, among %d %s of parties.", n, plural(n, "conflict", "conflicts"),
		len(gs), plural(len(gs), "group", "groups"))
	if !r.Conflicts.Complete {
		intro += " More conflicts exist than the limit lets the report list."
	}
	if r.anyAgainst() {
		intro += " A conflict \"against the hard constraints\" is one with constraints that are not on the table " +
			"(rules, or positions held fixed as not negotiable)."
	}
	t.para(intro, 0)
	for _, g := range gs {
		t.blank()
		t.para(fmt.Sprintf("%s: %d %s", r.groupTitle(g, s), len(g.conflicts), plural(len(g.conflicts), "conflict", "conflicts")), 0)
		tb := &table{wrap: true, sep: " + "}
		for _, i := range g.conflicts {
			tb.add(fmt.Sprintf("%d", i+1), r.conflictText(i))
		}
		t.table(tb, 2)
		for _, i := range g.conflicts {
			if set := r.Conflicts.Sets[i]; ordering(s, set) {
				t.hanging(fmt.Sprintf("%d in words: %s", i+1, ConflictWords(s, refsOf(append(slices.Clone(set), r.againstOf(i)...)))), 2, 4)
			}
		}
		t.blank()
		for _, m := range g.members {
			t.member(m)
		}
		for _, m := range r.groupAgainst(g) {
			t.member(m)
		}
	}
}

func (r *Report) textConcessions(t *textWriter) {
	if len(r.Concessions.Sets) == 0 {
		return
	}
	n := len(r.Concessions.Sets)
	t.heading("Concession sets, cheapest first: conceding every position of one set opens the space")
	tb := &table{header: []string{"cost", "concede"}, wrap: true}
	for i, c := range r.Concessions.Sets {
		if i == textConcessions {
			break
		}
		var refs []string
		for _, m := range c.Constraints {
			refs = append(refs, memberRef(m))
		}
		tb.add(c.costText(), strings.Join(refs, ", "))
	}
	t.table(tb, 2)
	if n > textConcessions {
		rest := r.Concessions.Sets[textConcessions:]
		t.para(fmt.Sprintf("%d more %s not shown, costing %s to %s; the JSON and HTML reports list them all.",
			len(rest), plural(len(rest), "set", "sets"), rest[0].costText(), rest[len(rest)-1].costText()), 2)
	}
	if !r.Concessions.Complete {
		t.para("More concession sets exist than the limit lets the report list.", 2)
	}
	r.textPrecision(t, 2) // reservations compare utilities too
}

// textWarnings lists the scenario's warnings first, each on its own
// lines, followed by a blank line.
func (r *Report) textWarnings(t *textWriter) {
	if len(r.Warnings) == 0 {
		return
	}
	t.para(fmt.Sprintf("%s (possible modelling %s; the analysis below takes the scenario as written):",
		plural(len(r.Warnings), "Warning", "Warnings"), plural(len(r.Warnings), "slip", "slips")), 0)
	for _, w := range r.Warnings {
		t.hanging("- "+w, 2, 4)
	}
	t.blank()
}

// textPrecision says, only when it is so, that utilities were compared on
// a fixed-point scale rather than exactly.
func (r *Report) textPrecision(t *textWriter, indent int) {
	if pr := r.Precision; !pr.Exact && pr.Unit != 0 {
		t.para(fmt.Sprintf("Utilities were compared on a fixed-point scale (their decimals share no common "+
			"denominator that fits in 62 bits); each party's utility is within %.1e of its exact value, and every "+
			"number above comes from the exact evaluator.", pr.Error), indent)
	}
}

func (r *Report) textHardConflict(t *textWriter) {
	if r.HardConflict == nil {
		return
	}
	t.heading("Even before negotiating, these hard constraints exclude every package")
	for _, m := range r.HardConflict {
		t.member(m)
	}
}

func (r *Report) textUncited(t *textWriter) {
	ms := r.uncited()
	if len(ms) == 0 {
		return
	}
	if len(r.Conflicts.Sets) > 0 || r.HardConflict != nil {
		t.heading("Other positions the proposals break")
	} else {
		t.heading("Positions the proposals break")
	}
	for _, m := range ms {
		t.member(m)
	}
}

func (r *Report) textBest(t *textWriter) {
	t.heading("Best packages under each bargaining rule")
	switch {
	case !r.Feasible:
		t.para("None: no package is agreeable.", 2)
		return
	case !r.anyBest():
		t.para("Not computed.", 2)
		return
	}
	r.bestTable(t, 2)
}

// bestTable writes the best package under each rule, side by side with each
// party's utility and the rule's score, indented by indent.
func (r *Report) bestTable(t *textWriter, indent int) {
	s := t.s
	rs := r.rules()
	header := []string{"issue"}
	for _, ru := range rs {
		header = append(header, ru.name)
	}
	tb := &table{header: header}
	for _, is := range s.Issues {
		row := []string{is.ID}
		for _, ru := range rs {
			if ru.choice == nil {
				row = append(row, "-")
			} else {
				row = append(row, value(ru.choice.Package, is.ID))
			}
		}
		tb.add(row...)
	}
	tb.add() // a rule under the issues
	for _, p := range s.Parties {
		row := []string{"utility " + p.ID}
		for _, ru := range rs {
			if ru.choice == nil {
				row = append(row, "-")
			} else {
				row = append(row, util(ru.choice.Utilities[p.ID]))
			}
		}
		tb.add(row...)
	}
	row := []string{"score"}
	for _, ru := range rs {
		if ru.choice == nil {
			row = append(row, "-")
		} else {
			row = append(row, score(ru.choice.Score))
		}
	}
	tb.add(row...)
	t.table(tb, indent)
	var missing []string
	for _, ru := range rs {
		if ru.choice == nil {
			missing = append(missing, ru.name)
		}
	}
	if len(missing) > 0 {
		t.para("Not computed: "+strings.Join(missing, ", ")+".", indent)
	}
	r.textPrecision(t, indent)
}

func (r *Report) textPareto(t *textWriter) {
	s := t.s
	pts := r.Pareto.Points
	switch {
	case !r.Feasible:
		return
	case len(pts) == 0:
		t.heading("Pareto frontier")
		t.para("Not computed.", 2)
		return
	}
	head := fmt.Sprintf("Pareto frontier: %d utility %s that no agreeable package improves on for every party",
		len(pts), plural(len(pts), "vector", "vectors"))
	if !r.Pareto.Complete {
		head += " (more exist than the limit lets the report list)"
	}
	t.heading(head)
	tb := &table{header: append([]string{"#"}, partyIDs(s)...)}
	for i, pt := range pts {
		if i == textPareto {
			break
		}
		row := []string{fmt.Sprint(i + 1)}
		for _, p := range s.Parties {
			row = append(row, util(pt.Utilities[p.ID]))
		}
		tb.add(row...)
	}
	t.table(tb, 2)
	if len(pts) > textPareto {
		t.para(fmt.Sprintf("%d more not shown; the JSON and HTML reports list them all.", len(pts)-textPareto), 2)
	}
}

func (r *Report) textZOPA(t *textWriter) {
	s := t.s
	t.heading("Zone of possible agreement: the values each issue takes in some agreeable package")
	if !r.Feasible {
		t.para("Empty: no package is agreeable.", 2)
		return
	}
	tb := &table{header: []string{"issue", "agreeable values", "of"}, wrap: true}
	for i := range s.Issues {
		is := &s.Issues[i]
		vals := "not computed"
		if rg, ok := r.ZOPA[is.ID]; ok {
			vals = zopaValues(rg)
		}
		tb.add(is.ID, vals, issueDomain(is))
	}
	t.table(tb, 2)
}

func (r *Report) textSources(t *textWriter) {
	s := t.s
	if len(s.Sources) == 0 {
		return
	}
	t.heading("Sources")
	tb := &table{wrap: true}
	for _, src := range s.Sources {
		var parts []string
		if src.Title != "" {
			parts = append(parts, src.Title)
		}
		if src.Date != "" {
			parts = append(parts, src.Date)
		}
		if src.URL != "" {
			parts = append(parts, src.URL)
		}
		if len(parts) == 0 {
			parts = []string{"-"}
		}
		tb.add(src.ID, strings.Join(parts, ", "))
	}
	t.table(tb, 2)
}

// textWriter accumulates the text report.
type textWriter struct {
	b strings.Builder
	s *model.Space
	// described holds the constraints whose note has been written.
	described map[Member]bool
}

func (t *textWriter) blank() { t.b.WriteString("\n") }

func (t *textWriter) heading(h string) {
	t.blank()
	t.para(h, 0)
}

// para writes text wrapped to TextWidth, every line indented by indent.
func (t *textWriter) para(text string, indent int) {
	t.hanging(text, indent, indent)
}

// hanging writes text wrapped to TextWidth, the first line indented by
// first and the others by rest.
func (t *textWriter) hanging(text string, first, rest int) {
	lines := wrap(text, TextWidth-max(first, rest), "")
	for i, l := range lines {
		n := rest
		if i == 0 {
			n = first
		}
		t.b.WriteString(strings.Repeat(" ", n))
		t.b.WriteString(l)
		t.b.WriteString("\n")
	}
}

// member writes one constraint with its note and source, indented by 2.
func (t *textWriter) member(m Member) { t.memberAt(m, 2) }

// memberAt writes one constraint indented by indent: with its note and
// source the first time the report names it, and pointing back to that
// description afterwards, so that no note is printed twice.
func (t *textWriter) memberAt(m Member, indent int) {
	ci := describe(t.s, m)
	text := "- " + ci.head()
	if t.described[m] {
		text += ": see above"
	} else {
		if ci.note != "" {
			text += ": " + ci.note
		}
		if ci.source != "" {
			text += " [source: " + ci.source + "]"
		}
	}
	if t.described == nil {
		t.described = map[Member]bool{}
	}
	t.described[m] = true
	t.hanging(text, indent, indent+2)
}

func (t *textWriter) table(tb *table, indent int) {
	tb.write(&t.b, indent, TextWidth)
}

// table is a text table aligned with text/tabwriter. When it is too wide
// for the line and wrap is set, its widest columns are narrowed and their
// cells wrapped onto continuation rows; otherwise (or when even that leaves
// no room) it is split into blocks of columns that each repeat the first
// column, and cells still too wide are wrapped.
type table struct {
	header []string
	rows   [][]string // a nil row is drawn as a rule of dashes
	wrap   bool
	sep    string // where to break the wrapped cells ("" for spaces)
}

const (
	tablePad = 2
	minWrap  = 12 // the narrowest a wrapped column gets
)

func (tb *table) add(cells ...string) {
	if len(cells) == 0 {
		tb.rows = append(tb.rows, nil)
		return
	}
	tb.rows = append(tb.rows, cells)
}

func (tb *table) ncols() int {
	n := len(tb.header)
	for _, r := range tb.rows {
		n = max(n, len(r))
	}
	return n
}

func (tb *table) cell(row []string, j int) string {
	if j < len(row) {
		return row[j]
	}
	return ""
}

func (tb *table) write(b *strings.Builder, indent, width int) {
	n := tb.ncols()
	if n == 0 {
		return
	}
	w := make([]int, n)
	for j := range n {
		w[j] = utf8.RuneCountInString(tb.cell(tb.header, j))
		for _, r := range tb.rows {
			w[j] = max(w[j], utf8.RuneCountInString(tb.cell(r, j)))
		}
	}
	avail := width - indent
	total := func(cols []int) int {
		t := tablePad * (len(cols) - 1)
		for _, j := range cols {
			t += w[j]
		}
		return t
	}
	all := make([]int, n)
	for j := range all {
		all[j] = j
	}
	if total(all) <= avail {
		tb.emit(b, indent, all, w)
		return
	}
	if tb.wrap && avail-tablePad*(n-1) >= minWrap*n {
		// Narrow the widest column until the table fits.
		for total(all) > avail {
			j := 0
			for k := range w {
				if w[k] > w[j] {
					j = k
				}
			}
			w[j]--
		}
		tb.emit(b, indent, all, w)
		return
	}
	// Column blocks, each starting with the first column.
	w[0] = min(w[0], avail/3)
	budget := avail - w[0] - tablePad
	if n == 1 {
		w[0] = avail
		tb.emit(b, indent, all, w)
		return
	}
	var blocks [][]int
	cur, used := []int{0}, 0
	for j := 1; j < n; j++ {
		w[j] = min(w[j], budget)
		need := w[j]
		if len(cur) > 1 {
			need += tablePad
		}
		if len(cur) > 1 && used+need > budget {
			blocks = append(blocks, cur)
			cur, used, need = []int{0}, 0, w[j]
		}
		cur = append(cur, j)
		used += need
	}
	blocks = append(blocks, cur)
	for i, cols := range blocks {
		if i > 0 {
			b.WriteString("\n")
		}
		tb.emit(b, indent, cols, w)
	}
}

// emit writes the columns cols of the table, wrapping each cell to its
// column's width w[j].
func (tb *table) emit(b *strings.Builder, indent int, cols []int, w []int) {
	var out strings.Builder
	tw := tabwriter.NewWriter(&out, 0, 0, tablePad, ' ', 0)
	line := func(cells []string) {
		fmt.Fprintf(tw, "%s%s\n", strings.Repeat(" ", indent), strings.Join(cells, "\t"))
	}
	row := func(r []string) {
		if r == nil {
			var cells []string
			for _, j := range cols {
				cells = append(cells, strings.Repeat("-", w[j]))
			}
			line(cells)
			return
		}
		wrapped := make([][]string, len(cols))
		h := 1
		for k, j := range cols {
			wrapped[k] = wrap(tb.cell(r, j), w[j], tb.sep)
			h = max(h, len(wrapped[k]))
		}
		for i := range h {
			cells := make([]string, len(cols))
			for k := range cols {
				if i < len(wrapped[k]) {
					cells[k] = wrapped[k][i]
				}
			}
			line(cells)
		}
	}
	if tb.header != nil {
		row(tb.header)
	}
	for _, r := range tb.rows {
		row(r)
	}
	tw.Flush()
	for l := range strings.SplitAfterSeq(out.String(), "\n") {
		if l == "" {
			continue
		}
		b.WriteString(strings.TrimRight(l, " \n"))
		b.WriteString("\n")
	}
}

// wrap breaks text into lines of at most width characters. It breaks after
// sep, or after spaces when sep is "" or a part is still too long, and splits
// a word longer than width; nothing is dropped.
func wrap(text string, width int, sep string) []string {
	width = max(width, 1)
	if runes(text) <= width {
		return []string{text}
	}
	// Tokens keep their trailing separator; a line may end after any token.
	pieces := []string{text}
	if sep != "" {
		pieces = strings.SplitAfter(text, sep)
	}
	var toks []string
	for _, p := range pieces {
		if sep != "" && runes(strings.TrimRight(p, " ")) <= width {
			toks = append(toks, p)
			continue
		}
		fs := strings.Fields(p)
		for i, f := range fs {
			if i < len(fs)-1 || strings.HasSuffix(p, " ") {
				f += " "
			}
			toks = append(toks, f)
		}
	}
	var lines []string
	cur := ""
	for _, tk := range toks {
		if cur != "" && runes(strings.TrimRight(cur+tk, " ")) > width {
			lines = append(lines, strings.TrimRight(cur, " "))
			cur = ""
		}
		for cur == "" && runes(strings.TrimRight(tk, " ")) > width {
			rs := []rune(tk)
			lines = append(lines, string(rs[:width]))
			tk = string(rs[width:])
		}
		cur += tk
	}
	if c := strings.TrimRight(cur, " "); c != "" {
		lines = append(lines, c)
	}
	return lines
}

func runes(s string) int { return utf8.RuneCountInString(s) }
