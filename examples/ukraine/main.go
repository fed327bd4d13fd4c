// Command ukraine analyses the bundled December 2025 Ukraine peace talks
// scenario and explains, for readers who are not programmers, whether any
// settlement package is acceptable to every party, why each proposal on the
// table is or is not, which positions would have to give way, and what the
// best compromise would look like once they do.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/zopa-go/zopa/examples/internal/textfmt"
	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver"
	"github.com/zopa-go/zopa/solver/report"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ukraine:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	ctx := context.Background()
	s, err := scenarios.Load("ukraine2025")
	if err != nil {
		return err
	}
	r, err := report.Analyze(ctx, s, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s\n%d issues, %d parties, %d proposals.\n\n", s.Title, len(s.Issues), len(s.Parties), len(s.Proposals))
	if err := r.WriteText(w, s); err != nil {
		return err
	}
	if r.Feasible {
		return nil
	}
	p, err := solver.Compile(context.Background(), s, nil)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nWhat would open the space")
	if err := preconditionsView(ctx, w, p); err != nil {
		return err
	}
	cheapest, err := negotiableView(ctx, w, p)
	if err != nil || cheapest == nil {
		return err
	}
	return afterConcession(ctx, w, s, cheapest)
}

// preconditionsView answers "which preconditions make the space
// infeasible?" twice: with every red line held fixed, and with everything
// negotiable.
func preconditionsView(ctx context.Context, w io.Writer, p *solver.Problem) error {
	s := p.Space()
	pre := solver.Scope{PreconditionsOnly: true}
	fmt.Fprintln(w, "\n  1. Holding every red line and reservation fixed, negotiating only preconditions:")
	hard, err := p.HardConflict(ctx, pre)
	if err != nil {
		return err
	}
	if hard != nil {
		fmt.Fprintln(w, "     no precondition is to blame: the red lines alone already rule out every")
		fmt.Fprintln(w, "     package. One minimal set of them that cannot all hold:")
		for _, r := range hard {
			describe(w, s, r, "       ")
		}
	} else {
		ex, err := p.Explain(ctx, pre, 0)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "     %d conflicts among the preconditions:\n", len(ex.Conflicts))
		for _, c := range ex.Conflicts {
			fmt.Fprintf(w, "       %s\n", textfmt.Refs(c))
		}
	}
	fmt.Fprintln(w, "\n  2. With everything negotiable, the preconditions that take part in some conflict:")
	var blamed []model.Ref
	seen := map[model.Ref]bool{}
	f := p.Findings(ctx, solver.Scope{})
	for c := range f.Conflicts() {
		for _, r := range c {
			if r.Kind == model.PreconditionKind && !seen[r] {
				seen[r] = true
				blamed = append(blamed, r)
			}
		}
	}
	if f.Err() != nil {
		return f.Err()
	}
	if len(blamed) == 0 {
		fmt.Fprintln(w, "     none: every conflict is between red lines. Preconditions only bite once")
		fmt.Fprintln(w, "     red lines give way (see the proposals they block above).")
	}
	for _, r := range blamed {
		describe(w, s, r, "       ")
	}
	return nil
}

// negotiableView prints the cheapest and the smallest concession sets,
// found by optimisation with a proof that none is cheaper (or smaller).
func negotiableView(ctx context.Context, w io.Writer, p *solver.Problem) (*solver.Optimum, error) {
	s := p.Space()
	cheapest, err := p.CheapestConcession(ctx, solver.Scope{})
	if err != nil || cheapest == nil {
		return nil, err
	}
	smallest, err := p.SmallestConcession(ctx, solver.Scope{})
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "\n  3. The cheapest way to open the space costs %g (no set of concessions costs less:\n", cheapest.Cost)
	fmt.Fprintf(w, "     the solver proved a lower bound of %g). Concede:\n", cheapest.LowerBound)
	for _, r := range cheapest.Constraints {
		describe(w, s, r, "       ")
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, textfmt.Wrap(fmt.Sprintf("  4. The fewest concessions that open it: %d (the cheapest such set costs %g): %s.",
		len(smallest.Constraints), smallest.Cost, textfmt.Refs(smallest.Constraints)), 100, "     "))
	return cheapest, nil
}

// afterConcession applies the cheapest concession set and reports what
// becomes possible.
func afterConcession(ctx context.Context, w io.Writer, s *model.Space, o *solver.Optimum) error {
	c, err := s.Concede(o.Constraints...)
	if err != nil {
		return err
	}
	p, err := solver.Compile(context.Background(), c, nil)
	if err != nil {
		return err
	}
	n, exact, err := p.Count(ctx, 1_000_000)
	if err != nil {
		return err
	}
	more := ""
	if !exact {
		more = " or more"
	}
	fmt.Fprintf(w, "\n  5. After those concessions, %d%s packages are agreeable to every party.\n", n, more)
	choices, frontier, complete, err := bestUnderEachRule(ctx, p)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "     The best of them under each bargaining rule (utilitarian: greatest total utility;")
	fmt.Fprintln(w, "     egalitarian: best-off worst party; Nash: greatest product of gains; Kalai-Smorodinsky:")
	fmt.Fprintln(w, "     gains most evenly proportional to what each party could hope for):")
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', 0)
	fmt.Fprint(tw, "     issue")
	for _, c := range choices {
		fmt.Fprintf(tw, "\t%s", ruleName(c.Rule))
	}
	fmt.Fprintln(tw)
	for _, is := range c.Issues {
		fmt.Fprintf(tw, "     %s", is.ID)
		for _, ch := range choices {
			fmt.Fprintf(tw, "\t%s", plain(ch.Package[is.ID]))
		}
		fmt.Fprintln(tw)
	}
	for _, party := range c.Parties {
		fmt.Fprintf(tw, "     utility of %s", party.ID)
		for _, ch := range choices {
			fmt.Fprintf(tw, "\t%.3f", ch.Utilities[party.ID])
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n     %d of the agreeable packages are Pareto-optimal (no party can gain without another losing).\n", frontier)
	if same(choices) {
		fmt.Fprintln(w, "     Every rule picks the same package, so here the rules trade nothing off.")
	}
	if !complete {
		fmt.Fprintln(w, "     (The Pareto frontier was cut short, so the Nash and Kalai-Smorodinsky columns are the best")
		fmt.Fprintln(w, "     of the points found.)")
	}
	return nil
}

// bestUnderEachRule returns the best package under each rule: utilitarian
// and egalitarian by optimisation, Nash and Kalai-Smorodinsky over the
// Pareto frontier (on which both lie).
func bestUnderEachRule(ctx context.Context, p *solver.Problem) ([]*solver.Choice, int, bool, error) {
	u, err := p.Utilitarian(ctx)
	if err != nil {
		return nil, 0, false, err
	}
	e, err := p.Egalitarian(ctx)
	if err != nil {
		return nil, 0, false, err
	}
	f := p.Frontier(ctx)
	var points []solver.Point
	for pt := range f.Points() {
		points = append(points, pt)
		if len(points) == 1000 {
			break
		}
	}
	if f.Err() != nil {
		return nil, 0, false, f.Err()
	}
	out := []*solver.Choice{u, e}
	for _, r := range []solver.Rule{solver.Nash, solver.KalaiSmorodinsky} {
		c, err := p.Choose(ctx, points, r)
		if err != nil {
			return nil, 0, false, err
		}
		out = append(out, c)
	}
	return out, len(points), f.Complete(), nil
}

// same reports whether every choice is the same package.
func same(cs []*solver.Choice) bool {
	for _, c := range cs[1:] {
		if c.Package.String() != cs[0].Package.String() {
			return false
		}
	}
	return true
}

// plain prints a value without the quotes of its String form.
func plain(v model.Value) string {
	if v.Kind() == model.ChoiceKind {
		return v.Option()
	}
	return v.String()
}

func ruleName(r solver.Rule) string {
	switch r {
	case solver.KalaiSmorodinsky:
		return "Kalai-Smor."
	case solver.Nash:
		return "Nash"
	}
	return r.String()
}

// describe prints one constraint with its owner, kind, cost, note and
// source.
func describe(w io.Writer, s *model.Space, r model.Ref, indent string) {
	line := fmt.Sprintf("%s%s (%s, cost %g)", indent, r, strings.ReplaceAll(r.Kind.String(), "_", " "), s.Cost(r))
	if c, ok := s.Lookup(r); ok && c.Note != "" {
		line += ": " + c.Note
		if c.Source != "" {
			line += " [source: " + c.Source + "]"
		}
	}
	fmt.Fprintln(w, textfmt.Wrap(line, 100, indent+"  "))
}
