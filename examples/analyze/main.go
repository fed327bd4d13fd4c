// Command analyze prints the analysis report of a scenario.
//
//	go run ./examples/analyze -scenario NAME|FILE [-format json|text]
//	    [-negotiable all|preconditions|party,…] [-limit N] [-count-limit N] [-timeout D]
//
// NAME is a bundled scenario (see scenarios.Names); anything else is read as
// a file. Exit status: 0 when the analysis ran, 2 for a usage or input error
// (one line on stderr naming the file and the location of the problem), 1
// for an internal error or an exceeded -timeout.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver"
	"github.com/zopa-go/zopa/solver/report"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	name := fs.String("scenario", "", "bundled scenario name or scenario file")
	format := fs.String("format", "text", "output format: json or text")
	negotiable := fs.String("negotiable", "all", "constraints on the table: all, preconditions, or party ids")
	limit := fs.Int("limit", 1000, "most conflicts, concession sets and Pareto points listed")
	countLimit := fs.Int64("count-limit", 1_000_000, "count agreeable packages up to this many")
	timeout := fs.Duration("timeout", 0, "give up after this long (0: no limit)")
	usage := func(msg string) int {
		fmt.Fprintf(stderr, "analyze: %s\n", msg)
		return 2
	}
	if err := fs.Parse(args); err != nil {
		return usage(err.Error())
	}
	switch {
	case fs.NArg() > 0:
		return usage(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	case *name == "":
		return usage("-scenario is required (a bundled name or a file)")
	case *format != "json" && *format != "text":
		return usage(fmt.Sprintf("-format %q: want json or text", *format))
	case *limit <= 0:
		return usage("-limit must be positive")
	case *countLimit <= 0:
		return usage("-count-limit must be positive")
	case *timeout < 0:
		return usage("-timeout must not be negative")
	}
	s, err := load(*name)
	if err != nil {
		return usage(err.Error())
	}
	sc, err := solver.ParseScope(s, *negotiable)
	if err != nil {
		return usage(err.Error())
	}
	ctx := context.Background()
	if *timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *timeout)
		defer cancel()
	}
	start := time.Now()
	r, err := report.Analyze(ctx, s, &report.Options{Scope: sc, Limit: *limit, CountLimit: *countLimit})
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			fmt.Fprintf(stderr, "analyze: timeout after %v\n", time.Since(start).Round(time.Millisecond))
			return 1
		}
		var pe *model.PackageError
		if errors.As(err, &pe) {
			return usage(fmt.Sprintf("%s: %v", *name, err))
		}
		fmt.Fprintf(stderr, "analyze: %v\n", err)
		return 1
	}
	if *format == "json" {
		err = r.WriteJSON(stdout)
	} else {
		err = r.WriteText(stdout, s)
	}
	if err != nil {
		fmt.Fprintf(stderr, "analyze: %v\n", err)
		return 1
	}
	return 0
}

// load reads a bundled scenario by name, or a scenario file.
func load(name string) (*model.Space, error) {
	if slices.Contains(scenarios.Names(), name) {
		return scenarios.Load(name)
	}
	return model.Load(name)
}
