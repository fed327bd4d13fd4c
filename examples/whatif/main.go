// Command whatif walks the Ukraine scenario through a few "what if"
// questions an analyst might ask, each answered on the same compiled space
// (no recompiling), and prints every answer with the time it took.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/zopa-go/zopa/examples/internal/textfmt"
	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "whatif:", err)
		os.Exit(1)
	}
}

func ref(party, id string, kind model.ConstraintKind) model.Ref {
	return model.Ref{Party: party, Constraint: id, Kind: kind}
}

func run(dst io.Writer) error {
	out := &wrapper{w: dst}
	defer out.flush()
	ctx := context.Background()
	s, err := scenarios.Load("ukraine2025")
	if err != nil {
		return err
	}
	start := time.Now()
	p, err := solver.Compile(context.Background(), s, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Compiled %q (%d issues, %d constraints) in %v.\n\n", s.Name, len(s.Issues), len(p.Refs()), time.Since(start).Round(time.Microsecond))

	// answer runs one question on a variant and prints the verdict.
	answer := func(question string, w *solver.WhatIf) error {
		t0 := time.Now()
		pkg, ok, err := w.Feasible(ctx)
		if err != nil {
			return err
		}
		took := time.Since(t0)
		fmt.Fprintf(out, "%s\n", question)
		if ok {
			fmt.Fprintf(out, "  yes, a deal exists (answered in %v); for example:\n    %s\n", took.Round(time.Microsecond), pkg)
			return nil
		}
		t1 := time.Now()
		c, err := w.Conflict(ctx, solver.Scope{})
		if err != nil {
			return err
		}
		o, err := w.CheapestConcession(ctx, solver.Scope{})
		if err != nil {
			return err
		}
		more := time.Since(t1)
		fmt.Fprintf(out, "  no deal (answered in %v).\n", took.Round(time.Microsecond))
		if c == nil {
			hc, err := w.HardConflict(ctx, solver.Scope{})
			if err != nil {
				return err
			}
			if len(hc) == 0 {
				fmt.Fprintln(out, "  The fixed values and added constraints alone admit no package.")
			} else {
				fmt.Fprintf(out, "  Even before negotiating, these clash with the assumptions: %s.\n", textfmt.Refs(hc))
			}
			return nil
		}
		fmt.Fprintf(out, "  One conflict: %s.\n  Cheapest way out (cost %g): concede %s.\n  (conflict and cheapest concessions in %v)\n",
			textfmt.Refs(c), o.Cost, textfmt.Refs(o.Constraints), more.Round(time.Microsecond))
		return nil
	}

	if err := answer("1. As things stand, is any package acceptable to every party?", p.WhatIf()); err != nil {
		return err
	}

	w := p.WhatIf()
	if err := w.Drop(ref("russia", "withdrawal_before_ceasefire", model.PreconditionKind)); err != nil {
		return err
	}
	if err := answer("\n2. What if Russia drops its precondition that Ukraine withdraw before a ceasefire?", w); err != nil {
		return err
	}

	w = p.WhatIf()
	if err := w.Fix("army_cap", model.IntValue(800000)); err != nil {
		return err
	}
	if err := answer("\n3. What if the army cap is fixed at 800,000?", w); err != nil {
		return err
	}

	w = p.WhatIf()
	if err := w.Require("de_facto_donbas", `luhansk_status == "de_facto" && donetsk_status == "de_facto"`); err != nil {
		return err
	}
	if err := w.Drop(ref("russia", "recognize_luhansk_donetsk", model.RedLineKind)); err != nil {
		return err
	}
	if err := answer("\n4. What if the Donbas is acknowledged de facto only, and Russia accepts that?", w); err != nil {
		return err
	}

	o, err := p.CheapestConcession(ctx, solver.Scope{})
	if err != nil {
		return err
	}
	w = p.WhatIf()
	if err := w.Drop(o.Constraints...); err != nil {
		return err
	}
	if err := answer("\n5. What if the cheapest concessions are made ("+textfmt.Refs(o.Constraints)+")?", w); err != nil {
		return err
	}
	t0 := time.Now()
	z, err := w.ZOPA(ctx)
	if err != nil {
		return err
	}
	u, err := w.Utilitarian(ctx)
	if err != nil {
		return err
	}
	took := time.Since(t0)
	fmt.Fprintf(out, "  Then the issues still open are:")
	for _, is := range s.Issues {
		r := z[is.ID]
		if (is.Kind == model.IntKind && r.Min != r.Max) || len(r.Values) > 1 {
			fmt.Fprintf(out, " %s", is.ID)
		}
	}
	fmt.Fprintf(out, "\n  and the package with the greatest total utility scores %.3f (ZOPA and optimum in %v).\n",
		u.Score, took.Round(time.Microsecond))

	// Variants are independent: combining two earlier changes in a new
	// one leaves the earlier answers and the Problem itself untouched.
	w2 := p.WhatIf()
	if err := w2.Fix("army_cap", model.IntValue(800000)); err != nil {
		return err
	}
	if err := w2.Drop(o.Constraints...); err != nil {
		return err
	}
	return answer("\n6. And with the cheapest concessions made, can the army cap still be 800,000?", w2)
}

// wrapper re-flows every line it is given to 100 columns, continuing
// indented lines at their indent plus two.
type wrapper struct {
	w    io.Writer
	part strings.Builder
}

func (x *wrapper) Write(b []byte) (int, error) {
	x.part.Write(b)
	text := x.part.String()
	i := strings.LastIndexByte(text, '\n')
	if i < 0 {
		return len(b), nil
	}
	for _, line := range strings.Split(text[:i], "\n") {
		if _, err := io.WriteString(x.w, wrapLine(line)+"\n"); err != nil {
			return 0, err
		}
	}
	x.part.Reset()
	x.part.WriteString(text[i+1:])
	return len(b), nil
}

func (x *wrapper) flush() {
	if x.part.Len() > 0 {
		io.WriteString(x.w, wrapLine(x.part.String()))
	}
}

// wrapLine re-flows one line to 100 columns, continuing at its indent plus
// two spaces.
func wrapLine(line string) string {
	indent := line[:len(line)-len(strings.TrimLeft(line, " "))]
	return textfmt.Wrap(line, 100, indent+"  ")
}
