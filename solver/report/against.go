package report

import (
	"context"
	"slices"
	"strings"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver"
)

// This file finds and shows the hard constraints each conflict collides
// with: under -negotiable preconditions or a party list, a conflict whose
// other side became hard would otherwise show as one party alone.

// against fills r.Against: for each listed conflict, the hard constraints
// under sc it collides with.
func (r *Report) against(ctx context.Context, p *solver.Problem, sc solver.Scope) error {
	r.Against = make([][]Member, len(r.Conflicts.Sets))
	if !slices.ContainsFunc(p.Refs(), func(ref model.Ref) bool { return !sc.OnTable(ref) }) {
		return nil // nothing is hard
	}
	for i, set := range r.Conflicts.Sets {
		hs, err := p.Against(ctx, sc, refsOf(set))
		if err != nil {
			return err
		}
		r.Against[i] = members(hs)
	}
	return nil
}

// againstOf returns the hard constraints conflict i collides with.
func (r *Report) againstOf(i int) []Member {
	if i < len(r.Against) {
		return r.Against[i]
	}
	return nil
}

// anyAgainst reports whether some conflict collides with hard constraints.
func (r *Report) anyAgainst() bool {
	for i := range r.Conflicts.Sets {
		if len(r.againstOf(i)) > 0 {
			return true
		}
	}
	return false
}

// conflictText is "a.x + b.y", followed by "against the hard constraints
// c.z, rule r" when the conflict needs hard constraints.
func (r *Report) conflictText(i int) string {
	text := conflictRefs(r.Conflicts.Sets[i])
	if hs := r.againstOf(i); len(hs) > 0 {
		text += ", " + againstText(hs)
	}
	return text
}

// againstText is "against the hard constraint(s) c.z, rule r".
func againstText(hs []Member) string {
	var refs []string
	for _, m := range hs {
		refs = append(refs, memberRef(m))
	}
	return "against the hard " + plural(len(hs), "constraint ", "constraints ") + strings.Join(refs, ", ")
}

// groupTitle is the group's title; a party alone whose every conflict is
// against hard constraints reads "Transit Authority against the hard
// constraints" rather than "alone".
func (r *Report) groupTitle(g conflictGroup, s *model.Space) string {
	if len(g.parties) != 1 {
		return g.title(s)
	}
	for _, i := range g.conflicts {
		if len(r.againstOf(i)) == 0 {
			return g.title(s)
		}
	}
	return partyName(s, g.parties[0]) + " against the hard constraints"
}

// groupAgainst lists, once and sorted, the hard constraints the group's
// conflicts collide with.
func (r *Report) groupAgainst(g conflictGroup) []Member {
	var out []Member
	for _, i := range g.conflicts {
		for _, m := range r.againstOf(i) {
			if !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	slices.SortFunc(out, compareMembers)
	return out
}
