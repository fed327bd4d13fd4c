package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/zopa-go/zopa/model"
)

// This file holds what the renderings say about step issues: a package's
// roadmap, constraints in plain words and cycles of order constraints.

// Roadmap is the step issues of one package, phase by phase.
type Roadmap struct {
	// Phases holds each phase in which some step is taken, ascending.
	Phases []RoadmapPhase
	// Never lists the steps the package never takes, in issue order.
	Never []string
	// Open lists the steps a partial package leaves open, in issue order.
	Open []string
}

// RoadmapPhase is one phase of a roadmap and the steps taken in it, in
// issue order.
type RoadmapPhase struct {
	Phase int
	Steps []string
}

// NewRoadmap returns the roadmap of the step issues of p, which may be
// partial; nil when s has no step issue.
func NewRoadmap(s *model.Space, p model.Package) *Roadmap {
	r := &Roadmap{}
	steps := 0
	byPhase := map[int][]string{}
	for i := range s.Issues {
		is := &s.Issues[i]
		if is.Kind != model.StepKind {
			continue
		}
		steps++
		v, ok := p[is.ID]
		switch {
		case !ok || v.Kind() != model.StepKind:
			r.Open = append(r.Open, is.ID)
		case v.Taken():
			byPhase[v.Phase()] = append(byPhase[v.Phase()], is.ID)
		default:
			r.Never = append(r.Never, is.ID)
		}
	}
	if steps == 0 {
		return nil
	}
	for ph, ids := range byPhase {
		r.Phases = append(r.Phases, RoadmapPhase{Phase: ph, Steps: ids})
	}
	slices.SortFunc(r.Phases, func(a, b RoadmapPhase) int { return a.Phase - b.Phase })
	return r
}

// Lines returns the roadmap as text lines: "phase 1: ceasefire, talks" for
// each phase with steps, then "never: …" and "open: …" when not empty.
func (r *Roadmap) Lines() []string {
	var out []string
	for _, ph := range r.Phases {
		out = append(out, fmt.Sprintf("phase %d: %s", ph.Phase, strings.Join(ph.Steps, ", ")))
	}
	if len(r.Never) > 0 {
		out = append(out, "never: "+strings.Join(r.Never, ", "))
	}
	if len(r.Open) > 0 {
		out = append(out, "open: "+strings.Join(r.Open, ", "))
	}
	return out
}

// hasSteps reports whether s has a step issue.
func hasSteps(s *model.Space) bool {
	return slices.ContainsFunc(s.Issues, func(is model.Issue) bool { return is.Kind == model.StepKind })
}

// condition returns the expression constraint r requires, nil for a
// reservation or an unknown ref.
func condition(s *model.Space, r model.Ref) model.Expr {
	if r.Kind == model.ReservationKind {
		return nil
	}
	c, ok := s.Lookup(r)
	if !ok {
		return nil
	}
	return c.Cond()
}

// Orders reports whether constraint r orders steps: its condition uses
// before, together or phase().
func Orders(s *model.Space, r model.Ref) bool {
	e := condition(s, r)
	return e != nil && ordersIn(e)
}

func ordersIn(e model.Expr) bool {
	switch e := e.(type) {
	case *model.OrderExpr:
		return true
	case *model.CmpExpr:
		return slices.ContainsFunc(e.L.Terms, isPhase) || slices.ContainsFunc(e.R.Terms, isPhase)
	}
	return slices.ContainsFunc(model.Operands(e), ordersIn)
}

func isPhase(t model.Term) bool { return t.Phase }

// Words says what constraint r requires in plain words, for readers: "no
// withdrawal", "withdrawal before ceasefire", "if ceasefire: territory by
// phase 2". Steps are named by their ids with spaces for underscores; what
// has no plainer form is given as written in the scenario. A reservation
// reads "utility at least 0.3".
func Words(s *model.Space, r model.Ref) string {
	if r.Kind == model.ReservationKind {
		if p := s.Party(r.Party); p != nil && p.Reservation != nil {
			return "utility at least " + strconv.FormatFloat(*p.Reservation, 'g', -1, 64)
		}
		return "its reservation"
	}
	e := condition(s, r)
	if e == nil {
		return r.String()
	}
	return words(s, e)
}

func name(id string) string { return strings.ReplaceAll(id, "_", " ") }

func isStep(s *model.Space, id string) bool {
	is := s.Issue(id)
	return is != nil && is.Kind == model.StepKind
}

func words(s *model.Space, e model.Expr) string {
	switch e := e.(type) {
	case *model.VarExpr:
		if isStep(s, e.Issue) {
			return name(e.Issue) + " happens"
		}
		return name(e.Issue)
	case *model.NotExpr:
		switch x := e.X.(type) {
		case *model.VarExpr:
			if isStep(s, x.Issue) {
				return "no " + name(x.Issue)
			}
			return "not " + name(x.Issue)
		case *model.OrderExpr:
			if x.Op == model.BeforeOp {
				return name(x.A) + " not before " + name(x.B)
			}
			return name(x.A) + " not together with " + name(x.B)
		}
		return "not (" + words(s, e.X) + ")"
	case *model.AndExpr:
		return joinWords(s, e.X, " and ")
	case *model.OrExpr:
		return joinWords(s, e.X, " or ")
	case *model.ImpliesExpr:
		if v, ok := e.If.(*model.VarExpr); ok && isStep(s, v.Issue) && needsTaken(e.Then, v.Issue) {
			return words(s, e.Then) // "if x happens: x before y" says no more than "x before y"
		}
		return "if " + words(s, e.If) + ": " + words(s, e.Then)
	case *model.IffExpr:
		return words(s, e.X) + " exactly when " + words(s, e.Y)
	case *model.OrderExpr:
		if e.Op == model.BeforeOp {
			return name(e.A) + " before " + name(e.B)
		}
		return name(e.A) + " together with " + name(e.B)
	case *model.CmpExpr:
		if w, ok := phaseWords(e); ok {
			return w
		}
	}
	return e.String()
}

func joinWords(s *model.Space, xs []model.Expr, sep string) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = words(s, x)
		switch x.(type) {
		case *model.AndExpr, *model.OrExpr, *model.IffExpr:
			parts[i] = "(" + parts[i] + ")"
		}
	}
	return strings.Join(parts, sep)
}

// needsTaken reports whether e can only hold when step id is taken (it is
// before or together with another step, or a conjunction with such a part).
func needsTaken(e model.Expr, id string) bool {
	switch e := e.(type) {
	case *model.OrderExpr:
		return e.A == id || e.B == id
	case *model.VarExpr:
		return e.Issue == id
	case *model.AndExpr:
		return slices.ContainsFunc(e.X, func(x model.Expr) bool { return needsTaken(x, id) })
	}
	return false
}

// phaseWords reads phase(x) compared with a constant, or phase(a) with
// phase(b), in words.
func phaseWords(e *model.CmpExpr) (string, bool) {
	l, r, op := e.L, e.R, e.Op
	if len(l.Terms) == 0 && len(r.Terms) == 1 { // 3 >= phase(x): turn it around
		l, r = r, l
		op = map[model.CmpOp]model.CmpOp{model.EqOp: model.EqOp, model.NeOp: model.NeOp,
			model.LtOp: model.GtOp, model.LeOp: model.GeOp, model.GtOp: model.LtOp, model.GeOp: model.LeOp}[op]
	}
	if len(l.Terms) != 1 || l.Terms[0].Coef != 1 || !l.Terms[0].Phase {
		return "", false
	}
	x := name(l.Terms[0].Issue)
	if len(r.Terms) == 0 {
		k := r.Const - l.Const
		switch op {
		case model.LeOp:
			return fmt.Sprintf("%s by phase %d", x, k), true
		case model.LtOp:
			return fmt.Sprintf("%s by phase %d", x, k-1), true
		case model.GeOp:
			return fmt.Sprintf("%s not before phase %d", x, k), true
		case model.GtOp:
			return fmt.Sprintf("%s not before phase %d", x, k+1), true
		case model.EqOp:
			return fmt.Sprintf("%s in phase %d", x, k), true
		case model.NeOp:
			return fmt.Sprintf("%s not in phase %d", x, k), true
		}
	}
	if len(r.Terms) == 1 && r.Terms[0].Coef == 1 && r.Terms[0].Phase {
		y := name(r.Terms[0].Issue)
		d := r.Const - l.Const // phase(x) op phase(y) + d
		switch {
		case op == model.LeOp && d > 0:
			return fmt.Sprintf("%s at most %d %s after %s", x, d, plural(int(d), "phase", "phases"), y), true
		case op == model.LeOp && d == 0:
			return fmt.Sprintf("%s no later than %s", x, y), true
		case op == model.LtOp && d == 0:
			return fmt.Sprintf("%s earlier than %s", x, y), true
		case op == model.EqOp && d == 0:
			return fmt.Sprintf("%s in the same phase as %s", x, y), true
		}
	}
	return "", false
}

// OrderCycle returns a cycle of order constraints among the constraints
// refs, as the steps met along it with the first repeated last (a before
// b before a), or nil when they form none. Edges come from the before and
// together atoms each constraint requires outright (not under a negation
// or a disjunction; for a precondition, in its then part): before(a, b)
// runs from a to b, together(a, b) both ways, and a cycle must hold at
// least one before.
func OrderCycle(s *model.Space, refs []model.Ref) []string {
	type edge struct {
		to     string
		strict bool
	}
	adj := map[string][]edge{}
	requiredOrders(s, refs, func(e *model.OrderExpr) {
		if e.Op == model.BeforeOp {
			adj[e.A] = append(adj[e.A], edge{e.B, true})
		} else {
			adj[e.A] = append(adj[e.A], edge{e.B, false})
			adj[e.B] = append(adj[e.B], edge{e.A, false})
		}
	})
	nodes := make([]string, 0, len(adj))
	for n := range adj {
		nodes = append(nodes, n)
	}
	slices.Sort(nodes)
	// For each before edge a -> b in a fixed order, a path back from b to
	// a closes a cycle; breadth first gives the shortest.
	for _, a := range nodes {
		for _, e := range adj[a] {
			if !e.strict {
				continue
			}
			if e.to == a {
				return []string{a, a}
			}
			prev := map[string]string{e.to: e.to}
			queue := []string{e.to}
			found := false
			for len(queue) > 0 && !found {
				n := queue[0]
				queue = queue[1:]
				for _, f := range adj[n] {
					if _, seen := prev[f.to]; !seen {
						prev[f.to] = n
						queue = append(queue, f.to)
						found = found || f.to == a
					}
				}
			}
			if !found {
				continue
			}
			path := []string{a} // a, back to e.to
			for n := a; n != e.to; {
				n = prev[n]
				path = append(path, n)
			}
			slices.Reverse(path) // e.to … a
			return append([]string{a}, path...)
		}
	}
	return nil
}

// requiredOrders calls f with each order atom that the constraints refs
// require outright: not under a negation or a disjunction; for a
// precondition, in its then part.
func requiredOrders(s *model.Space, refs []model.Ref, f func(*model.OrderExpr)) {
	var walk func(e model.Expr)
	walk = func(e model.Expr) {
		switch e := e.(type) {
		case *model.OrderExpr:
			f(e)
		case *model.AndExpr:
			for _, x := range e.X {
				walk(x)
			}
		case *model.ImpliesExpr:
			walk(e.Then)
		}
	}
	for _, r := range refs {
		if e := condition(s, r); e != nil {
			walk(e)
		}
	}
}

// cycleWords says a cycle in words: "a before b before c before a"; a step
// that only follows the previous one through together reads "together with".
func cycleWords(s *model.Space, refs []model.Ref, cycle []string) string {
	before := map[[2]string]bool{}
	requiredOrders(s, refs, func(e *model.OrderExpr) {
		if e.Op == model.BeforeOp {
			before[[2]string{e.A, e.B}] = true
		}
	})
	var b strings.Builder
	b.WriteString(name(cycle[0]))
	for i := 1; i < len(cycle); i++ {
		if before[[2]string{cycle[i-1], cycle[i]}] {
			b.WriteString(" before ")
		} else {
			b.WriteString(" together with ")
		}
		b.WriteString(name(cycle[i]))
	}
	return b.String()
}

// ConflictWords says a conflict in words: each member as "Party: words"
// ("rule: words" for a rule), joined by " · ", followed by "; these orders
// form a cycle: …" when its order constraints form one.
func ConflictWords(s *model.Space, refs []model.Ref) string {
	parts := make([]string, len(refs))
	for i, r := range refs {
		who := "rule"
		if r.Kind != model.RuleKind {
			who = partyName(s, r.Party)
		}
		parts[i] = who + ": " + Words(s, r)
	}
	out := strings.Join(parts, " · ")
	if c := OrderCycle(s, refs); c != nil {
		out += "; these orders form a cycle: " + cycleWords(s, refs, c)
	}
	return out
}

// refOf turns a report member back into a constraint reference.
func refOf(m Member) model.Ref {
	return m.Ref
}

func refsOf(ms []Member) []model.Ref {
	out := make([]model.Ref, len(ms))
	for i, m := range ms {
		out[i] = refOf(m)
	}
	return out
}

// ordering reports whether some member of set orders steps.
func ordering(s *model.Space, set []Member) bool {
	return slices.ContainsFunc(set, func(m Member) bool { return Orders(s, refOf(m)) })
}

// Sizes of the roadmap pictures, in pixels.
const (
	roadRowH  = 18
	roadColW  = 44
	roadHeadH = 22
)

// roadmapChart draws a roadmap as a small timeline: one row per step, one
// column per phase in which some step is taken (empty phases left out),
// then "never" and "open" columns when some step is never taken or left
// open; each step has a mark in its column. Rows follow the columns, so
// the marks run down the page in phase order.
func roadmapChart(b *strings.Builder, id, title string, rm *Roadmap) {
	type col struct {
		key, label string
		steps      []string
	}
	var cols []col
	for _, ph := range rm.Phases {
		cols = append(cols, col{strconv.Itoa(ph.Phase), strconv.Itoa(ph.Phase), ph.Steps})
	}
	if len(rm.Never) > 0 {
		cols = append(cols, col{"never", "never", rm.Never})
	}
	if len(rm.Open) > 0 {
		cols = append(cols, col{"open", "open", rm.Open})
	}
	labelW := 60.0
	rows := 0
	for _, c := range cols {
		for _, st := range c.steps {
			labelW = max(labelW, textWidthPx(st)+16)
			rows++
		}
	}
	w := labelW + roadColW*float64(len(cols)) + 4
	h := float64(roadHeadH + roadRowH*rows + 4)
	svgOpen(b, id, "chart roadmap", w, h, title, strings.Join(rm.Lines(), "; ")+".")
	b.WriteString(`<g class="axis" aria-hidden="true">` + "\n")
	fmt.Fprintf(b, `<text class="tick" x="%s" y="14" text-anchor="end">phase</text>`+"\n", px(labelW-8))
	for j, c := range cols {
		x := labelW + roadColW*float64(j)
		fmt.Fprintf(b, `<line class="grid" x1="%s" y1="%d" x2="%s" y2="%s"/>`+"\n", px(x), roadHeadH-4, px(x), px(h-4))
		fmt.Fprintf(b, `<text class="tick" x="%s" y="14" text-anchor="middle">%s</text>`+"\n", px(x+roadColW/2), esc(c.label))
	}
	b.WriteString("</g>\n")
	y := float64(roadHeadH)
	for j, c := range cols {
		x := labelW + roadColW*float64(j)
		for _, st := range c.steps {
			fmt.Fprintf(b, `<g class="step" data-step="%s" data-phase="%s">`, esc(st), esc(c.key))
			fmt.Fprintf(b, `<text class="label" x="%s" y="%s" text-anchor="end">%s</text>`, px(labelW-8), px(y+roadRowH-5), esc(st))
			fmt.Fprintf(b, `<rect class="mark %s" x="%s" y="%s" width="%d" height="%d" rx="3"><title>%s: %s</title></rect></g>`+"\n",
				markClass(c.key), px(x+4), px(y+3), roadColW-8, roadRowH-6, esc(st), esc(phaseText(c.key)))
			y += roadRowH
		}
	}
	b.WriteString("</svg>\n")
}

func markClass(key string) string {
	switch key {
	case "never", "open":
		return key
	}
	return "taken"
}

func phaseText(key string) string {
	switch key {
	case "never":
		return "never taken"
	case "open":
		return "left open"
	}
	return "phase " + key
}

// htmlRoadmaps writes one figure per roadmap, side by side.
func (h *htmlWriter) roadmaps(idPrefix string, titles []string, rms []*Roadmap) {
	if len(rms) == 0 {
		return
	}
	h.b.WriteString("<div class=\"roadmaps\">\n")
	for i, rm := range rms {
		h.b.WriteString("<figure>\n")
		roadmapChart(&h.b, fmt.Sprintf("%s-%d", idPrefix, i+1), titles[i], rm)
		fmt.Fprintf(&h.b, "<figcaption>%s: %s.</figcaption>\n</figure>\n", esc(titles[i]), esc(strings.Join(rm.Lines(), "; ")))
	}
	h.b.WriteString("</div>\n")
}

// roadmapGroup is one roadmap of the best packages and the rules whose
// package follows it.
type roadmapGroup struct {
	rules []string
	rm    *Roadmap
}

// roadmapGroups returns each distinct roadmap of the rules' best packages
// once (packages that differ only in other issues share one), with the
// rules that chose it; nil when s has no step issue.
func (r *Report) roadmapGroups(s *model.Space) []roadmapGroup {
	if !hasSteps(s) {
		return nil
	}
	var out []roadmapGroup
	for _, g := range r.choiceGroups() {
		rm := NewRoadmap(s, g.choice.Package)
		i := slices.IndexFunc(out, func(x roadmapGroup) bool { return slices.Equal(x.rm.Lines(), rm.Lines()) })
		if i < 0 {
			out = append(out, roadmapGroup{rm: rm})
			i = len(out) - 1
		}
		out[i].rules = append(out[i].rules, g.rules...)
	}
	return out
}

// rulesTitle is "the utilitarian rule", "the egalitarian and Nash rules"
// or "every rule" (given rule names).
func rulesTitle(rules []string) string {
	switch len(rules) {
	case 1:
		return "the " + rules[0] + " rule"
	case 4:
		return "every rule"
	}
	return "the " + strings.Join(rules[:len(rules)-1], ", ") + " and " + rules[len(rules)-1] + " rules"
}

// sourced is constraint r in words followed by its source.
func sourced(s *model.Space, r model.Ref) string {
	out := Words(s, r)
	if c, ok := s.Lookup(r); ok && c.Source != "" && r.Kind != model.ReservationKind {
		out += " [source: " + c.Source + "]"
	}
	return out
}

// who names a constraint's holder for readers: the party's name, or
// "rule id".
func who(s *model.Space, r model.Ref) string {
	if r.Kind == model.RuleKind {
		return "rule " + r.Constraint
	}
	return partyName(s, r.Party)
}

// textBlamedOrders writes, for each of the preconditions blamed that
// orders steps, what it requires in words, and each listed conflict it
// takes part in: the other positions and the hard constraints the conflict
// collides with, in words, with their sources.
func (r *Report) textBlamedOrders(t *textWriter, blamed []Member, indent int) {
	s := t.s
	for _, m := range blamed {
		ref := refOf(m)
		if !Orders(s, ref) {
			continue
		}
		t.hanging(fmt.Sprintf("%s orders steps: %s.", memberRef(m), sourced(s, ref)), indent, indent+2)
		for i, set := range r.Conflicts.Sets {
			if !slices.Contains(set, m) {
				continue
			}
			var others, given []string
			for _, o := range set {
				if o != m {
					others = append(others, who(s, refOf(o))+": "+sourced(s, refOf(o)))
				}
			}
			for _, h := range r.againstOf(i) {
				given = append(given, who(s, refOf(h))+": "+sourced(s, refOf(h)))
			}
			line := "In conflict with " + strings.Join(others, " · ")
			if len(given) > 0 {
				line += ", given " + strings.Join(given, " · ")
			}
			t.hanging(line+".", indent+2, indent+4)
		}
	}
}
