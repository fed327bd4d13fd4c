package report

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/zopa-go/zopa/model"
)

// This file holds what the text and HTML renderings share: the summary,
// the descriptions of constraints, the grouping of conflicts by parties,
// the utilities of proposals and the rule columns.

// rule is one bargaining rule of Best, in the contract's order: its JSON
// id, its name in running text and column headings (the one wording every
// human-facing output uses), and a title that says what it maximises.
type rule struct {
	id     string
	name   string
	title  string
	choice *Choice
}

func (r *Report) rules() []rule {
	return []rule{
		{"utilitarian", "utilitarian", "Utilitarian (sum of utilities)", r.Best.Utilitarian},
		{"egalitarian", "egalitarian", "Egalitarian (least utility)", r.Best.Egalitarian},
		{"nash", "Nash", "Nash (product of gains)", r.Best.Nash},
		{"kalai_smorodinsky", "Kalai-Smorodinsky", "Kalai-Smorodinsky (proportional gains)", r.Best.KalaiSmorodinsky},
	}
}

// choiceGroup is one rule's best package and every rule that chose it.
type choiceGroup struct {
	rules  []string // rule names, in the contract's order
	choice *Choice
}

// choiceGroups returns each distinct best package once, with the rules
// that chose it, in the order of the rules.
func (r *Report) choiceGroups() []choiceGroup {
	var out []choiceGroup
	for _, ru := range r.rules() {
		if ru.choice == nil {
			continue
		}
		i := slices.IndexFunc(out, func(g choiceGroup) bool { return maps.Equal(g.choice.Package, ru.choice.Package) })
		if i < 0 {
			out = append(out, choiceGroup{choice: ru.choice})
			i = len(out) - 1
		}
		out[i].rules = append(out[i].rules, ru.name)
	}
	return out
}

// anyBest reports whether some rule has a best package.
func (r *Report) anyBest() bool {
	for _, ru := range r.rules() {
		if ru.choice != nil {
			return true
		}
	}
	return false
}

// summary is the one-sentence verdict both renderings open with.
func (r *Report) summary() string {
	var b strings.Builder
	switch {
	case r.Feasible:
		n := "1 agreeable package"
		if r.Agreeable.Count != 1 {
			n = thousands(r.Agreeable.Count) + " agreeable packages"
		}
		if !r.Agreeable.Exact {
			n = "at least " + n
		}
		fmt.Fprintf(&b, "%s: a deal is possible: %s", r.Scenario, n)
	case r.HardConflict != nil:
		fmt.Fprintf(&b, "%s: no deal is possible: the hard constraints alone exclude every package", r.Scenario)
	default:
		n := len(r.Conflicts.Sets)
		more := ""
		if !r.Conflicts.Complete {
			more = "at least "
		}
		fmt.Fprintf(&b, "%s: no deal is possible: %s%d %s between the parties' positions",
			r.Scenario, more, n, plural(n, "conflict", "conflicts"))
	}
	if n := len(r.Proposals); n > 0 {
		ok := 0
		for _, a := range r.Proposals {
			if a.Agreeable {
				ok++
			}
		}
		switch {
		case ok == 0 && n == 1:
			b.WriteString("; the proposal is not agreeable")
		case ok == 0:
			fmt.Fprintf(&b, "; none of the %d proposals is agreeable", n)
		case n == 1:
			b.WriteString("; the proposal is agreeable")
		default:
			fmt.Fprintf(&b, "; %d of %d proposals %s agreeable", ok, n, plural(ok, "is", "are"))
		}
	}
	b.WriteString(".")
	return b.String()
}

// certification says whether the report's claims were certified.
func (r *Report) certification() string {
	if r.Certified {
		return "Certified: every claim that no package exists was proven again on an independent encoding."
	}
	return "Not certified: claims that no package exists were not re-checked (checking was switched off)."
}

// constraintInfo describes one constraint for readers.
type constraintInfo struct {
	ref    string // "party.constraint", or "rule id"
	party  string // the party's name, "" for a rule
	kind   string // "red line", "precondition", "reservation", "rule"
	cost   float64
	note   string // the note, or the constraint's expression when it has none
	source string // source id, "" when none
}

func memberRef(m Member) string {
	if m.Party == "" {
		return "rule " + m.Constraint
	}
	return m.Party + "." + m.Constraint
}

func describe(s *model.Space, m Member) constraintInfo {
	ci := constraintInfo{ref: memberRef(m), kind: strings.ReplaceAll(m.Kind.String(), "_", " ")}
	if m.Party != "" {
		ci.party = partyName(s, m.Party)
	}
	ref := m.Ref
	ci.cost = s.ConcessionCost(ref)
	if ref.Kind == model.ReservationKind {
		if p := s.Party(m.Party); p != nil && p.Reservation != nil {
			ci.note = "utility at least " + strconv.FormatFloat(*p.Reservation, 'g', -1, 64)
		}
		return ci
	}
	c, ok := s.Lookup(ref)
	if !ok {
		return ci
	}
	ci.note, ci.source = c.Note, c.Source
	if ci.note == "" {
		switch {
		case c.Require != nil:
			ci.note = "requires " + c.Require.String()
		case c.If != nil:
			ci.note = "if " + c.If.String() + " then " + c.Then.String()
		}
	}
	return ci
}

// head is "party.constraint (Party's red line, cost 2)".
func (ci constraintInfo) head() string {
	if ci.party == "" {
		return ci.ref
	}
	return fmt.Sprintf("%s (%s %s, cost %s)", ci.ref, possessive(ci.party), ci.kind, num(ci.cost))
}

// conflictGroup is the conflicts among one set of parties.
type conflictGroup struct {
	parties   []string // party ids, in the members' order
	conflicts []int    // indices into Report.Conflicts.Sets
	members   []Member // every member of these conflicts, once, sorted
}

func (g conflictGroup) title(s *model.Space) string {
	var names []string
	for _, p := range g.parties {
		names = append(names, partyName(s, p))
	}
	if len(names) == 1 {
		return names[0] + " alone"
	}
	return strings.Join(names, " vs ")
}

// groups sorts the conflicts by the set of parties whose constraints they
// hold, groups in the order of their first conflict.
func (r *Report) groups() []conflictGroup {
	var gs []conflictGroup
	index := map[string]int{}
	for i, set := range r.Conflicts.Sets {
		var parties []string
		for _, m := range set {
			if !slices.Contains(parties, m.Party) {
				parties = append(parties, m.Party)
			}
		}
		key := strings.Join(parties, "\x00")
		gi, ok := index[key]
		if !ok {
			gi = len(gs)
			index[key] = gi
			gs = append(gs, conflictGroup{parties: parties})
		}
		g := &gs[gi]
		g.conflicts = append(g.conflicts, i)
		for _, m := range set {
			if !slices.Contains(g.members, m) {
				g.members = append(g.members, m)
			}
		}
	}
	for i := range gs {
		slices.SortFunc(gs[i].members, compareMembers)
	}
	return gs
}

func compareMembers(a, b Member) int {
	if c := strings.Compare(a.Party, b.Party); c != 0 {
		return c
	}
	if c := strings.Compare(a.Constraint, b.Constraint); c != 0 {
		return c
	}
	return strings.Compare(a.Kind.String(), b.Kind.String())
}

// conflictRefs is "a.x + b.y" for one conflict.
func conflictRefs(set []Member) string {
	var refs []string
	for _, m := range set {
		refs = append(refs, memberRef(m))
	}
	return strings.Join(refs, " + ")
}

// uncited lists the constraints the proposals break that no conflict and no
// hard conflict holds, in the order the proposals name them.
func (r *Report) uncited() []Member {
	seen := map[Member]bool{}
	for _, set := range r.Conflicts.Sets {
		for _, m := range set {
			seen[m] = true
		}
	}
	for _, m := range r.HardConflict {
		seen[m] = true
	}
	var out []Member
	for _, a := range r.Proposals {
		for _, m := range a.Violations {
			if !seen[m] {
				seen[m] = true
				out = append(out, m)
			}
		}
	}
	slices.SortFunc(out, compareMembers)
	return out
}

// span is a utility, or the range of utilities of a partial proposal's
// completions.
type span struct{ lo, hi float64 }

func (u span) exact() bool { return u.lo == u.hi }

func (u span) String() string {
	if u.exact() {
		return util(u.lo)
	}
	return util(u.lo) + "-" + util(u.hi)
}

// proposalUtilities returns each party's utility for a proposal: exact when
// the report has it (the proposal fixes every issue), otherwise the bounds
// over the proposal's completions (rules and red lines aside).
func proposalUtilities(s *model.Space, a ProposalAudit) map[string]span {
	out := map[string]span{}
	if a.Utilities != nil {
		for p, u := range a.Utilities {
			out[p] = span{u, u}
		}
		return out
	}
	pr := proposal(s, a.ID)
	if pr.Package == nil {
		return out
	}
	for i := range s.Parties {
		p := &s.Parties[i]
		lo, hi := s.UtilityRange(p, pr.Package)
		out[p.ID] = span{lo, hi}
	}
	return out
}

// anyRange reports whether some proposal's utilities are ranges.
func anyRange(s *model.Space, r *Report) bool {
	for _, a := range r.Proposals {
		for _, u := range proposalUtilities(s, a) {
			if !u.exact() {
				return true
			}
		}
	}
	return false
}

// issueDomain describes an issue's values: "600000 to 1000000 (3 values)".
func issueDomain(is *model.Issue) string {
	switch is.Kind {
	case model.IntKind:
		lv := is.Levels()
		if len(lv) == 1 {
			return fmt.Sprintf("%d (1 value)", lv[0])
		}
		return fmt.Sprintf("%d to %d (%s values)", lv[0], lv[len(lv)-1], thousands(int64(len(lv))))
	case model.ChoiceKind:
		return strings.Join(is.Options, ", ")
	case model.StepKind:
		if is.Phases == 1 {
			return "phase 1, never"
		}
		return fmt.Sprintf("phases 1 to %d, never", is.Phases)
	}
	return "false, true"
}

// zopaValues describes an issue's entry in the ZOPA.
func zopaValues(rg IssueRange) string {
	switch {
	case rg.Min != nil && rg.Max != nil:
		if *rg.Min == *rg.Max {
			return strconv.FormatInt(*rg.Min, 10)
		}
		return fmt.Sprintf("%d to %d", *rg.Min, *rg.Max)
	case rg.Options != nil:
		return strings.Join(rg.Options, ", ")
	case rg.Never != nil:
		var vs []string
		for _, ph := range rg.Phases {
			vs = append(vs, strconv.Itoa(ph))
		}
		if len(vs) > 0 {
			vs[0] = plural(len(vs), "phase ", "phases ") + vs[0]
		}
		if *rg.Never {
			vs = append(vs, "never")
		}
		return strings.Join(vs, ", ")
	case rg.Values != nil:
		var vs []string
		for _, v := range rg.Values {
			vs = append(vs, strconv.FormatBool(v))
		}
		return strings.Join(vs, ", ")
	}
	return "none"
}

// value prints one issue value of a package as readers expect it (options
// without quotes); "" when the package leaves the issue open.
func value(p model.Package, issue string) string {
	v, ok := p[issue]
	if !ok {
		return ""
	}
	switch v.Kind() {
	case model.ChoiceKind:
		return v.Option()
	case model.BoolKind:
		return strconv.FormatBool(v.Bool())
	case model.IntKind:
		return strconv.FormatInt(v.Int(), 10)
	case model.StepKind:
		if !v.Taken() {
			return "never"
		}
		return "phase " + strconv.Itoa(v.Phase())
	}
	return v.String()
}

// widestTwo returns the two parties whose utilities spread widest over the
// Pareto points (ties go to the party declared first), in declaration
// order; "" when s has fewer than two parties.
func widestTwo(s *model.Space, pts []ParetoPoint) (string, string) {
	type sp struct {
		id string
		w  float64
		i  int
	}
	var all []sp
	for i, p := range s.Parties {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, pt := range pts {
			u := pt.Utilities[p.ID]
			lo, hi = min(lo, u), max(hi, u)
		}
		w := hi - lo
		if len(pts) == 0 {
			w = 0
		}
		all = append(all, sp{p.ID, w, i})
	}
	slices.SortStableFunc(all, func(a, b sp) int {
		switch {
		case a.w > b.w+1e-12:
			return -1
		case b.w > a.w+1e-12:
			return 1
		}
		return a.i - b.i
	})
	if len(all) < 2 {
		return "", ""
	}
	// Keep declaration order between the two chosen.
	if all[0].i > all[1].i {
		all[0], all[1] = all[1], all[0]
	}
	return all[0].id, all[1].id
}

func util(u float64) string { return strconv.FormatFloat(u, 'f', 2, 64) }

func score(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// thousands prints n with comma separators: 1,000,000.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func proposal(s *model.Space, id string) *model.Proposal {
	for i := range s.Proposals {
		if s.Proposals[i].ID == id {
			return &s.Proposals[i]
		}
	}
	return &model.Proposal{}
}

func partyName(s *model.Space, id string) string {
	if p := s.Party(id); p != nil && p.Name != "" {
		return p.Name
	}
	return id
}

func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}

// partyIDs lists the parties of s in declaration order.
func partyIDs(s *model.Space) []string {
	var ids []string
	for _, p := range s.Parties {
		ids = append(ids, p.ID)
	}
	return ids
}
