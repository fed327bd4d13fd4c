package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/zopa-go/zopa/model"
)

// WriteText writes the report for human readers: a summary line, the
// proposal audits as a table with each veto's note and source, the hard
// conflict if any, and the ZOPA per issue.
func (r *Report) WriteText(w io.Writer, s *model.Space) error {
	b := &strings.Builder{}
	if r.Feasible {
		exact := ""
		if !r.Agreeable.Exact {
			exact = "at least "
		}
		fmt.Fprintf(b, "%s: a deal is possible: %s%d agreeable package(s) (negotiable: %s).\n",
			r.Scenario, exact, r.Agreeable.Count, r.Negotiable)
	} else {
		fmt.Fprintf(b, "%s: no package satisfies every party: the space is infeasible (negotiable: %s).\n",
			r.Scenario, r.Negotiable)
	}
	if len(r.Proposals) > 0 {
		b.WriteString("\nProposals\n")
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  proposal\tby\tagreeable\tvetoed by")
		for _, a := range r.Proposals {
			pr := proposal(s, a.ID)
			var parties []string
			for _, m := range a.Violations {
				if !slices.Contains(parties, m.Party) {
					parties = append(parties, m.Party)
				}
			}
			verdict, who := "yes", "-"
			if !a.Agreeable {
				verdict, who = "no", strings.Join(parties, ", ")
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", a.ID, pr.By, verdict, who)
		}
		tw.Flush()
		for _, a := range r.Proposals {
			if a.Agreeable || len(a.Violations) == 0 {
				continue
			}
			fmt.Fprintf(b, "\n%s is blocked by:\n", a.ID)
			for _, m := range a.Violations {
				writeMember(b, s, m)
			}
		}
	}
	if len(r.Conflicts.Sets) > 0 {
		b.WriteString("\nWhy no deal is possible: each conflict below is a set of positions that cannot all hold;\n")
		b.WriteString("dropping any one of them removes that conflict.\n")
		for i, set := range r.Conflicts.Sets {
			var parties []string
			for _, m := range set {
				if !slices.Contains(parties, partyName(s, m.Party)) {
					parties = append(parties, partyName(s, m.Party))
				}
			}
			fmt.Fprintf(b, "\nConflict %d (%s):\n", i+1, strings.Join(parties, " vs "))
			for _, m := range set {
				writeMember(b, s, m)
			}
		}
		if !r.Conflicts.Complete {
			b.WriteString("\n(more conflicts exist than are listed)\n")
		}
	}
	if len(r.Concessions.Sets) > 0 {
		b.WriteString("\nConcessions that would open the space (cheapest first; each is minimal)\n")
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  cost\tconcede")
		for _, c := range r.Concessions.Sets {
			var names []string
			for _, m := range c.Constraints {
				names = append(names, m.Party+"."+m.Constraint)
			}
			fmt.Fprintf(tw, "  %g\t%s\n", c.Cost, strings.Join(names, ", "))
		}
		tw.Flush()
		if !r.Concessions.Complete {
			b.WriteString("  (more concession sets exist than are listed)\n")
		}
	}
	if r.HardConflict != nil {
		b.WriteString("\nEven before negotiating, these hard constraints exclude every package:\n")
		for _, m := range r.HardConflict {
			writeMember(b, s, m)
		}
	}
	if r.Feasible && len(r.ZOPA) > 0 {
		b.WriteString("\nZone of possible agreement (values each issue takes in some agreeable package)\n")
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
		for _, is := range s.Issues {
			rg := r.ZOPA[is.ID]
			var vals string
			switch {
			case rg.Min != nil:
				vals = fmt.Sprintf("%d to %d", *rg.Min, *rg.Max)
			case rg.Options != nil:
				vals = strings.Join(rg.Options, ", ")
			default:
				vals = strings.Trim(fmt.Sprint(rg.Values), "[]")
			}
			fmt.Fprintf(tw, "  %s\t%s\n", is.ID, vals)
		}
		tw.Flush()
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func proposal(s *model.Space, id string) *model.Proposal {
	for i := range s.Proposals {
		if s.Proposals[i].ID == id {
			return &s.Proposals[i]
		}
	}
	return &model.Proposal{}
}

// writeMember prints one constraint with its note and source.
func writeMember(b *strings.Builder, s *model.Space, m Member) {
	kind := strings.ReplaceAll(m.Kind, "_", " ")
	if m.Party == "" {
		fmt.Fprintf(b, "  - rule %s", m.Constraint)
	} else {
		fmt.Fprintf(b, "  - %s %s %s", possessive(partyName(s, m.Party)), kind, m.Constraint)
	}
	k := map[string]model.ConstraintKind{"rule": model.RuleKind, "red_line": model.RedLineKind,
		"precondition": model.PreconditionKind, "reservation": model.ReservationKind}[m.Kind]
	if c, ok := s.Lookup(model.Ref{Party: m.Party, Constraint: m.Constraint, Kind: k}); ok {
		if c.Note != "" {
			fmt.Fprintf(b, ": %s", c.Note)
		}
		if c.Source != "" {
			fmt.Fprintf(b, " [source: %s]", sourceTitle(s, c.Source))
		}
	}
	b.WriteString("\n")
}

func partyName(s *model.Space, id string) string {
	if p := s.Party(id); p != nil && p.Name != "" {
		return p.Name
	}
	return id
}

func sourceTitle(s *model.Space, id string) string {
	for _, src := range s.Sources {
		if src.ID == id && src.Title != "" {
			return src.Title
		}
	}
	return id
}

func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}
