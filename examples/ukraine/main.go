// Command ukraine analyses the bundled December 2025 Ukraine peace talks
// scenario and explains, for readers who are not programmers, whether any
// settlement package is acceptable to every party and why each proposal on
// the table is or is not.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver/report"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "ukraine:", err)
		os.Exit(1)
	}
}

func run() error {
	s, err := scenarios.Load("ukraine2025")
	if err != nil {
		return err
	}
	r, err := report.Analyze(context.Background(), s, nil)
	if err != nil {
		return err
	}
	fmt.Printf("%s\n%d issues, %d parties, %d proposals.\n\n", s.Title, len(s.Issues), len(s.Parties), len(s.Proposals))
	return r.WriteText(os.Stdout, s)
}
