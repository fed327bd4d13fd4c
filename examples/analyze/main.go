// Command analyze prints the analysis report of a scenario.
//
//	go run ./examples/analyze -scenario NAME|FILE|DIR [-profiles A,B,…] [-format text|json|dot|html]
//	    [-negotiable all|preconditions|party,…] [-limit N] [-count-limit N] [-timeout D]
//	    [-scatter PARTY,PARTY] [-frontier auto|scatter|parallel] [-progress]
//	    [-samples N] [-seed S] [-perturb F]
//	    [-real-levels N] [-convert] [-certify=false] [-max-size N]
//
// NAME is a bundled scenario (see scenarios.Names); anything else is read as
// a file. -format text (the default) is the report for readers, json the
// analysis report of the format contract, dot the conflict graph in Graphviz
// DOT, html one self-contained page with pictures. -scatter names the two
// parties of the HTML Pareto scatter plot (default: the two whose utilities
// spread widest) and -frontier chooses the HTML pictures of the frontier.
//
// Genius and GeniusWeb domains are read directly (package
// scenarios/genius): -scenario DOMAIN.xml -profiles A.xml,B.xml (or the
// GeniusWeb JSON domain and profiles), or -scenario DIR for a domain folder
// (one domain file and one profile per party). -real-levels N discretises
// real-valued Genius issues into N evenly spaced values. What the import
// cannot carry over exactly (discount factors, weights that do not sum to
// 1) comes first in the report's warnings (and on stderr with -convert,
// which writes the scenario file, format zopa/v1, to stdout instead of
// analysing it).
//
// -samples (default 1,000; 0 for none), -seed (default 1) and -perturb
// (default 0, at most just below 1) configure the Monte Carlo study of the
// report's robustness section: each draw takes every preference weight
// with a weight_range uniformly from it, and with -perturb F every other
// weight w from [w·(1−F), w·(1+F)], and records each bargaining rule's
// best package. The study runs only for feasible spaces where some weight
// varies.
//
// Every claim that no package exists (infeasibility, conflicts, concession
// sets, the cheapest cost's bound, the ZOPA, proposal violations,
// optima) is proven again on an independent encoding, and the report says
// "certified": true; -certify=false skips that re-check (the report then
// says false).
//
// Progress lines go to stderr while the analysis runs when stderr is a
// terminal or -progress is given, and never otherwise. -h prints the usage.
//
// Exit status: 0 when the analysis ran (or -h), 2 for a usage or input error
// (one line on stderr naming the file and the location of the problem; a
// scenario with several problems has up to 10 of them listed on that line,
// in document order, separated by " | "), 1 for an internal error or an
// exceeded -timeout. When -timeout expires after feasibility was decided,
// the report so far is still written, with "timed_out": true and every list
// cut short marked "complete": false; before that nothing is written. The
// analysis stops at 95% of the timeout and the lists are cut to what the
// time left can write (Report.FitWriting), so that the run ends within the
// timeout plus 10% plus 100 ms, counted from the start. A
// scenario over the size budget (-max-size, in size units: variables plus
// clauses of the SAT instance, default solver.DefaultMaxSize = 3,000,000,
// about 600 MB; -1 for no limit) is an input error (exit 2) naming the
// part, found before that part is built.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/zopa-go/zopa/internal/oneline"
	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/scenarios/genius"
	"github.com/zopa-go/zopa/solver"
	"github.com/zopa-go/zopa/solver/report"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	start := time.Now() // -timeout counts from here: reading the scenario is part of it
	fs := flag.NewFlagSet("analyze", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	name := fs.String("scenario", "", "bundled scenario `name`, scenario file, Genius/GeniusWeb domain file or domain folder")
	profiles := fs.String("profiles", "", "Genius or GeniusWeb profile `files`, one per party, comma-separated (with a domain file)")
	realLevels := fs.Int("real-levels", 0, "discretise real-valued Genius issues into `N` evenly spaced values (N >= 2)")
	convert := fs.Bool("convert", false, "write the scenario file (format zopa/v1) to stdout instead of analysing it")
	format := fs.String("format", "text", "output format: text, json, dot or html")
	negotiable := fs.String("negotiable", "all", "constraints on the table: all, preconditions, or party ids")
	limit := fs.Int("limit", 1000, "most conflicts, concession sets and Pareto points listed")
	countLimit := fs.Int64("count-limit", 1_000_000, "count agreeable packages up to this many")
	timeout := fs.Duration("timeout", 0, "stop after this long, writing the report so far (\"timed_out\": true) when feasibility was decided; exit 1 (0: no limit)")
	scatter := fs.String("scatter", "", "the two parties of the HTML Pareto scatter plot: partyA,partyB")
	frontier := fs.String("frontier", "auto", "HTML pictures of the Pareto frontier: auto, scatter or parallel")
	progress := fs.Bool("progress", false, "report progress on stderr even when it is not a terminal")
	samples := fs.Int("samples", 1000, "Monte Carlo draws of the weights for the robustness of the rules' picks (0: none)")
	seed := fs.Int64("seed", 1, "seed of the Monte Carlo draws")
	perturb := fs.Float64("perturb", 0, "let every weight without a weight_range vary by this fraction, in [0, 1)")
	maxSize := fs.Int64("max-size", solver.DefaultMaxSize, "size budget of the compiled scenario, in `units` (variables plus clauses); a scenario over it is an input error naming the culprit (-1: no limit)")
	certify := fs.Bool("certify", true, "re-check every claim that no package exists on an independent encoding")
	usage := func(msg string) int {
		fmt.Fprintf(stderr, "analyze: %s\n", oneline.String(msg))
		return 2
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(stdout, fs)
			return 0
		}
		return usage(err.Error())
	}
	switch {
	case fs.NArg() > 0:
		return usage(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	case *name == "":
		return usage("-scenario is required (a bundled name or a file)")
	case !slices.Contains([]string{"text", "json", "dot", "html"}, *format):
		return usage(fmt.Sprintf("-format %q: want text, json, dot or html", *format))
	case *limit <= 0:
		return usage("-limit must be positive")
	case *countLimit <= 0:
		return usage("-count-limit must be positive")
	case *timeout < 0:
		return usage("-timeout must not be negative")
	case *maxSize == 0 || *maxSize < -1:
		return usage(fmt.Sprintf("-max-size %d: want a positive number of size units, or -1 for no limit", *maxSize))
	case *samples < 0:
		return usage("-samples must not be negative")
	case !(*perturb >= 0 && *perturb < 1):
		return usage(fmt.Sprintf("-perturb %v: want a fraction in [0, 1)", *perturb))
	case *realLevels != 0 && (*realLevels < 2 || *realLevels > model.MaxLevels):
		return usage(fmt.Sprintf("-real-levels %d: want 2 to %d", *realLevels, model.MaxLevels))
	}
	hopts := &report.HTMLOptions{}
	var err error
	if hopts.Frontier, err = report.ParseFrontierChart(*frontier); err != nil {
		return usage("-" + err.Error())
	}
	s, warnings, err := load(*name, *profiles, *realLevels)
	if err != nil {
		return inputErrors(stderr, *name, err)
	}
	if *convert {
		for _, w := range warnings {
			fmt.Fprintf(stderr, "analyze: warning: %s\n", oneline.String(w))
		}
		if err := s.Encode(stdout); err != nil {
			fmt.Fprintf(stderr, "analyze: %v\n", err)
			return 1
		}
		return 0
	}
	sc, err := solver.ParseScope(s, *negotiable)
	if err != nil {
		return usage(err.Error())
	}
	if *scatter != "" {
		ps := strings.Split(*scatter, ",")
		if len(ps) != 2 || ps[0] == ps[1] {
			return usage(fmt.Sprintf("-scatter %q: want two different party ids, partyA,partyB", *scatter))
		}
		for _, p := range ps {
			if s.Party(p) == nil {
				return usage(strings.TrimSuffix(fmt.Sprintf("-scatter: unknown party %q; %s", p, model.DidYouMean(p, s.PartyIDs())), "; "))
			}
		}
		hopts.Scatter = [2]string{ps[0], ps[1]}
	}
	ctx := context.Background()
	var end time.Time // the contract's limit: D + 10% + 100 ms after the start
	if *timeout > 0 {
		var cancel context.CancelFunc
		// The analysis stops 5% early, so that writing the report so far
		// (fitted to the time left, see below) and exiting stay within the
		// contract's 10% + 100 ms.
		ctx, cancel = context.WithDeadline(ctx, start.Add(*timeout-*timeout/20))
		defer cancel()
		end = start.Add(*timeout + *timeout/10 + 100*time.Millisecond)
	}
	picks := &solver.PickOptions{Samples: *samples, Seed: *seed, Perturb: *perturb}
	if *samples == 0 {
		picks.Samples = -1 // none
	}
	opts := &report.Options{Scope: sc, Limit: *limit, CountLimit: *countLimit, Picks: picks,
		Lean: *format == "json" || *format == "dot", SkipCertification: !*certify, MaxSize: *maxSize} // Against and Opening are for text and HTML
	var pr *progressWriter
	if *progress || isTerminal(stderr) {
		pr = &progressWriter{w: stderr, tty: isTerminal(stderr), start: start, every: 200 * time.Millisecond}
		opts.Progress = pr.report
	}
	r, err := report.Analyze(ctx, s, opts)
	pr.finish()
	timedOut := false
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) && r == nil {
			fmt.Fprintf(stderr, "analyze: timeout after %v before feasibility was decided; no report\n", time.Since(start).Round(time.Millisecond))
			return 1
		}
		if errors.Is(err, context.DeadlineExceeded) && r != nil && r.TimedOut {
			// Feasibility was decided: the report so far is written (lists
			// cut short marked incomplete, "timed_out": true), exit 1.
			timedOut, err = true, nil
		}
	}
	if err != nil {
		var se *solver.SizeError
		if errors.As(err, &se) { // an input error: the scenario is too large
			return usage(fmt.Sprintf("%s: %v", *name, se))
		}
		var pe *model.PackageError
		if errors.As(err, &pe) {
			return usage(fmt.Sprintf("%s: %v", *name, err))
		}
		fmt.Fprintf(stderr, "analyze: %s\n", oneline.String(err.Error()))
		return 1
	}
	if len(warnings) > 0 {
		r.Warnings = append(slices.Clip(warnings), r.Warnings...) // the import's first (G1)
	}
	// Writing a million concession sets takes seconds: with -timeout the
	// lists are cut to what half of the time left can write (the estimate's
	// margin), marked incomplete and "timed_out".
	if *timeout > 0 && r.FitWriting(time.Until(end)/2-10*time.Millisecond) {
		timedOut = true
	}
	switch *format {
	case "json":
		err = r.WriteJSON(stdout)
	case "dot":
		err = r.WriteDOT(stdout)
	case "html":
		err = r.WriteHTML(stdout, hopts)
	default:
		err = r.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "analyze: %v\n", err)
		return 1
	}
	if timedOut {
		fmt.Fprintf(stderr, "analyze: timeout after %v; the report so far was written (timed_out)\n", time.Since(start).Round(time.Millisecond))
		return 1
	}
	if *format == "text" || *format == "html" {
		// The library's text names no flag; the command adds its own hint.
		if !r.Conflicts.Complete || !r.Concessions.Complete || !r.Pareto.Complete {
			fmt.Fprintf(stderr, "analyze: some lists stop at -limit %d; raise -limit to see more\n", *limit)
		}
	}
	return 0
}

// MaxListedErrors is the most problems of a scenario listed in the error
// message.
const MaxListedErrors = 10

// inputErrors writes the problems of a scenario that could not be loaded
// as the contract's one line on stderr: up to MaxListedErrors problems in
// document order, separated by " | ", then how many more there are. It
// returns exit status 2.
func inputErrors(stderr io.Writer, name string, err error) int {
	var list model.ErrorList
	if !errors.As(err, &list) || len(list) < 2 {
		fmt.Fprintf(stderr, "analyze: %s\n", oneline.String(err.Error()))
		return 2
	}
	msgs := make([]string, 0, MaxListedErrors)
	for _, e := range list[:min(len(list), MaxListedErrors)] {
		msgs = append(msgs, e.Error())
	}
	line := name + ": " + strings.Join(msgs, " | ")
	if n := len(list) - len(msgs); n > 0 {
		line += fmt.Sprintf(" (and %d more errors)", n)
	}
	fmt.Fprintf(stderr, "analyze: %s\n", oneline.String(line))
	return 2
}

// load reads a bundled scenario by name, a Genius or GeniusWeb domain with
// its profiles (or a domain folder), or a scenario file. It returns the
// importer's warnings.
func load(name, profiles string, realLevels int) (*model.Space, []string, error) {
	switch {
	case profiles != "":
		r, err := genius.Load(name, strings.Split(profiles, ","), &genius.Options{RealLevels: realLevels})
		if err != nil {
			return nil, nil, err
		}
		return r.Space, r.Warnings, nil
	case slices.Contains(scenarios.Names(), name):
		s, err := scenarios.Load(name)
		return s, nil, err
	case genius.IsGenius(name):
		r, err := genius.Load(name, nil, &genius.Options{RealLevels: realLevels})
		if err != nil {
			return nil, nil, err
		}
		return r.Space, r.Warnings, nil
	}
	s, err := model.Load(name)
	return s, nil, err
}

// printUsage writes the -h text.
func printUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, `Usage: analyze -scenario NAME|FILE|DIR [flags]

Prints the analysis report of a negotiation scenario: whether any package is agreeable,
the conflicts and cheapest concessions when none is, the Pareto frontier, the best package
under each bargaining rule and the zone of possible agreement when some are.

  go run ./examples/analyze -scenario ukraine2025
  go run ./examples/analyze -scenario my_space.json -format json
  go run ./examples/analyze -scenario domain.xml -profiles party1.xml,party2.xml
  go run ./examples/analyze -scenario genius_domain_folder -convert > scenario.json
  go run ./examples/analyze -scenario my_space.json -samples 5000 -seed 7 -perturb 0.2

Flags:
`)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	fmt.Fprint(w, `
Exit status: 0 when the analysis ran, 2 for a usage or input error (one line on stderr),
1 for an internal error or an exceeded -timeout.
`)
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progressWriter prints the analysis' progress: a line when a stage starts
// and at most one line per interval within it. On a terminal the lines
// overwrite each other and finish clears the last one. It is safe to call
// from several goroutines.
type progressWriter struct {
	mu    sync.Mutex
	w     io.Writer
	tty   bool
	start time.Time
	every time.Duration

	stage string
	last  time.Time
	shown bool
}

func (p *progressWriter) report(stage string, done int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if stage == p.stage && now.Sub(p.last) < p.every {
		return
	}
	p.stage, p.last = stage, now
	line := fmt.Sprintf("analyze: %s: %d (%v)", stage, done, now.Sub(p.start).Round(time.Millisecond))
	if p.tty {
		fmt.Fprintf(p.w, "\r\x1b[K%s", line)
	} else {
		fmt.Fprintln(p.w, line)
	}
	p.shown = true
}

// finish clears the progress line on a terminal, so that what follows
// starts on a clean line. It does nothing on a nil p.
func (p *progressWriter) finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty && p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}
