// Command ukraine analyses the bundled December 2025 Ukraine peace talks
// scenario and explains, for readers who are not programmers, whether any
// settlement package is acceptable to every party, why each proposal on the
// table is or is not, which positions would have to give way, and what the
// best compromise would look like once they do.
//
// It is a thin program: the whole explanation, "What would open the space"
// included, is the text report of package solver/report, the same one
// examples/analyze prints.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver/report"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ukraine:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	s, err := scenarios.Load("ukraine2025")
	if err != nil {
		return err
	}
	r, err := report.Analyze(context.Background(), s, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s\n%d issues, %d parties, %d proposals.\n\n", s.Title, len(s.Issues), len(s.Parties), len(s.Proposals))
	return r.WriteText(w)
}
