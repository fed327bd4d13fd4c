// Command maxsatcmp compares zopa's cheapest concession set and its
// utilitarian optimum with external MaxSAT solvers on the same WCNF, which
// zopa exports: it is a measuring script, not a test.
//
//	go run ./scripts/maxsatcmp                  # both queries, the default clasp usc variants
//	go run ./scripts/maxsatcmp -only cheapest   # or -only utilitarian
//	go run ./scripts/maxsatcmp -cmd "clasp -n 0 --opt-strategy=usc --quiet=1,0" -cmd "..."
//
// For each space it compiles the space, exports the query's WCNF, then
// times, best of -runs: zopa's query on a freshly compiled space (compile
// excluded, so that every run pays for the query's first use of the
// instance), and each external command's process on the exported WCNF
// (parsing included, as for any process that is handed a file). zopa's
// independent certification of the optimum is off unless -certify is
// given: the comparison is of the MaxSAT searches (zopa's own checks of
// the result stay on). Times are CPU seconds (user plus system) of the
// query and of the child process, so that a loaded machine does not
// distort the ratio; wall times are shown too. The ratio is zopa's CPU
// time over the fastest external command's; the optimum costs must agree
// (a disagreement is printed as MISMATCH). clasp is in Debian's packages
// (apt-get install clasp).
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver"
)

// defaultCmds are clasp's core-guided (usc) variants compared by default.
var defaultCmds = []string{
	"clasp -n 0 --opt-strategy=usc --quiet=1,0",
	"clasp -n 0 --configuration=trendy --opt-strategy=usc,oll,7 --quiet=1,0",
	"clasp -n 0 --configuration=trendy --opt-strategy=usc,k,0,7 --opt-usc-shrink=min --quiet=1,0",
}

type cmdList []string

func (c *cmdList) String() string     { return strings.Join(*c, "; ") }
func (c *cmdList) Set(s string) error { *c = append(*c, s); return nil }

func main() {
	var cmds cmdList
	flag.Var(&cmds, "cmd", "MaxSAT solver command, the WCNF file appended (repeatable; default: clasp's usc variants)")
	runs := flag.Int("runs", 3, "runs per measurement (the best is kept)")
	only := flag.String("only", "", `"cheapest" or "utilitarian" (default both)`)
	certify := flag.Bool("certify", false, "keep zopa's independent certification of the optimum (off: the MaxSAT search and its own checks only)")
	legacy := flag.Bool("legacy", true, `rewrite the WCNF in the pre-2022 format ("p wcnf" header, hard clauses weighted top), which clasp 3.3 needs`)
	keep := flag.String("keep", "", "directory to keep the WCNF files in")
	flag.Parse()
	if len(cmds) == 0 {
		cmds = defaultCmds
	}
	for i, c := range cmds {
		fmt.Printf("cmd%d: %s\n", i+1, c)
	}
	ctx := context.Background()
	fmt.Printf("%-40s %10s", "query/space", "zopa cpu")
	for i := range cmds {
		fmt.Printf(" %9s", fmt.Sprintf("cmd%d cpu", i+1))
	}
	fmt.Printf(" %8s %10s %10s\n", "ratio", "zopa wall", "ext wall")
	for _, c := range spaces(*only) {
		settings := &solver.Settings{SkipCertification: !*certify}
		p, err := solver.Compile(ctx, c.space, settings)
		if err != nil {
			log.Fatal(err)
		}
		var f *os.File
		if *keep != "" {
			f, err = os.Create(fmt.Sprintf("%s/%s.wcnf", *keep, strings.NewReplacer("/", "_", "=", "").Replace(c.name)))
		} else {
			f, err = os.CreateTemp("", "zopa-*.wcnf")
		}
		if err != nil {
			log.Fatal(err)
		}
		var zopaCost float64
		query := func() error {
			if c.util {
				ch, err := p.Utilitarian(ctx)
				if err == nil {
					zopaCost = ch.Score
				}
				return err
			}
			o, err := p.CheapestConcession(ctx, solver.Scope{})
			if err == nil {
				zopaCost = o.Cost
			}
			return err
		}
		if c.util {
			err = p.WriteUtilitarianWCNF(f)
		} else {
			err = p.WriteWCNF(f, solver.Scope{})
		}
		if err != nil {
			log.Fatal(err)
		}
		f.Close()
		info := header(f.Name())
		if *legacy {
			if err := toLegacy(f.Name()); err != nil {
				log.Fatal(err)
			}
		}
		if *keep == "" {
			defer os.Remove(f.Name())
		}
		zc, zw := best(*runs, func() (time.Duration, time.Duration) {
			if p, err = solver.Compile(ctx, c.space, settings); err != nil {
				log.Fatal(err)
			}
			u0, w0 := cpu(), time.Now()
			if err := query(); err != nil {
				log.Fatal(err)
			}
			return cpu() - u0, time.Since(w0)
		})
		fmt.Printf("%-40s %10.3f", c.name, zc.Seconds())
		var bestC, bestW time.Duration // of the commands that found an optimum
		var costs []string
		mismatch := false
		for _, cmdline := range cmds {
			var extCost int64
			ec, ew := best(*runs, func() (time.Duration, time.Duration) {
				args := append(strings.Fields(cmdline), f.Name())
				cmd := exec.Command(args[0], args[1:]...)
				var out bytes.Buffer
				cmd.Stdout = &out
				w0 := time.Now()
				_ = cmd.Run() // MaxSAT solvers exit 30 on an optimum
				wall := time.Since(w0)
				extCost = optimum(out.String())
				st := cmd.ProcessState
				return st.UserTime() + st.SystemTime(), wall
			})
			if extCost < 0 {
				fmt.Printf(" %9s", "failed")
			} else {
				fmt.Printf(" %9.3f", ec.Seconds())
				if bestC == 0 || ec < bestC {
					bestC, bestW = ec, ew
				}
			}
			got := float64(extCost)
			if c.util {
				got = utilScore(info, extCost)
			} else if s, err := strconv.ParseFloat(info.scale, 64); err == nil {
				got /= s
			}
			if extCost < 0 {
				costs = append(costs, "none")
				continue
			}
			costs = append(costs, fmt.Sprint(got))
			if math.Abs(got-zopaCost) > 1e-9*max(1, math.Abs(zopaCost)) {
				mismatch = true
			}
		}
		ratio := "n/a"
		if bestC > 0 {
			ratio = fmt.Sprintf("%.2f", zc.Seconds()/bestC.Seconds())
		}
		fmt.Printf(" %8s %10.3f %10.3f   zopa %v, external %s", ratio, zw.Seconds(), bestW.Seconds(), zopaCost, strings.Join(costs, " "))
		if mismatch {
			fmt.Print(" MISMATCH")
		}
		fmt.Println()
	}
}

type named struct {
	name  string
	util  bool
	space *model.Space
}

func spaces(only string) []named {
	var out []named
	if only != "utilitarian" {
		for _, c := range []struct{ issues, parties int }{{1000, 8}, {10000, 8}, {5000, 16}, {10000, 16}, {10000, 32}} {
			out = append(out, named{fmt.Sprintf("cheapest/planted/issues=%d/parties=%d", c.issues, c.parties), false, scenarios.GenerateInfeasible(scenarios.GenOptions{
				Issues: c.issues, Parties: c.parties, RedLinesPerParty: max(1, c.issues/(2*c.parties)),
				PreconditionsPerParty: max(1, c.issues/(4*c.parties)), Rules: c.issues / 10, PreferencesPerParty: 2, Seed: int64(c.issues),
			}, 8)})
		}
	}
	if only != "utilitarian" {
		// Over-constrained random spaces: many red lines over few issues,
		// so that cores overlap and the optimum concedes dozens of them.
		for _, c := range []struct{ issues, parties, red int }{{40, 8, 20}, {100, 16, 20}, {200, 32, 20}, {400, 32, 40}, {1000, 32, 100}} {
			out = append(out, named{fmt.Sprintf("cheapest/over/issues=%d/parties=%d", c.issues, c.parties), false, scenarios.Generate(scenarios.GenOptions{
				Issues: c.issues, Parties: c.parties, RedLinesPerParty: c.red, PreconditionsPerParty: c.red / 2,
				PreferencesPerParty: 2, Seed: 1,
			})})
		}
	}
	if only != "cheapest" {
		for _, c := range []struct{ issues, parties int }{{1000, 8}, {1000, 16}, {10000, 16}, {10000, 32}} {
			out = append(out, named{fmt.Sprintf("utilitarian/issues=%d/parties=%d", c.issues, c.parties), true, scenarios.Generate(scenarios.GenOptions{
				Issues: c.issues, Parties: c.parties,
				RedLinesPerParty: max(1, c.issues/(4*c.parties)), PreconditionsPerParty: max(1, c.issues/(8*c.parties)),
				Rules: c.issues / 20, PreferencesPerParty: 6, Contested: 10, Feasible: true, Seed: int64(c.issues),
			})})
		}
	}
	return out
}

// best runs f n times and returns the least CPU time and wall time seen.
func best(n int, f func() (time.Duration, time.Duration)) (time.Duration, time.Duration) {
	var bc, bw time.Duration
	for i := range n {
		c, w := f()
		if i == 0 || c < bc {
			bc = c
		}
		if i == 0 || w < bw {
			bw = w
		}
	}
	return bc, bw
}

// cpu returns the CPU time (user plus system) of this process so far.
func cpu() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		log.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// info is what the export's comments say about the weights' scale.
type info struct {
	scale string // "c zopa scale <s>" (cheapest)
	best  int64  // "c zopa best <best> unit <unit> …" (utilitarian)
	unit  float64
}

// header reads the export's comment lines.
func header(name string) info {
	in := info{scale: "1"}
	f, err := os.Open(name)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "c") {
			break
		}
		if rest, ok := strings.CutPrefix(line, "c zopa scale "); ok {
			in.scale = rest
		}
		var exact bool
		if strings.HasPrefix(line, "c zopa best ") {
			if _, err := fmt.Sscanf(line, "c zopa best %d unit %g exact %t", &in.best, &in.unit, &exact); err != nil {
				log.Fatal(err)
			}
		}
	}
	return in
}

// toLegacy rewrites a WCNF file of the 2022 format in the older one: a
// "p wcnf <vars> <clauses> <top>" header and hard clauses weighted top,
// one more than the sum of the soft weights.
func toLegacy(name string) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	var clauses []string
	var top, vars int64 = 1, 0
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "c") {
			continue
		}
		fields := strings.Fields(line)
		for _, f := range fields[1:] {
			x, _ := strconv.ParseInt(f, 10, 64)
			vars = max(vars, x, -x)
		}
		if fields[0] != "h" {
			w, _ := strconv.ParseInt(fields[0], 10, 64)
			top += w
		}
		clauses = append(clauses, line)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "p wcnf %d %d %d\n", vars, len(clauses), top)
	for _, c := range clauses {
		if rest, ok := strings.CutPrefix(c, "h "); ok {
			fmt.Fprintf(&b, "%d %s\n", top, rest)
		} else {
			b.WriteString(c + "\n")
		}
	}
	return os.WriteFile(name, []byte(b.String()), 0o644)
}

// utilScore turns the optimum cost of a utilitarian WCNF into the sum of
// utilities, (best - cost) * unit.
func utilScore(in info, cost int64) float64 {
	if cost < 0 {
		return -1
	}
	return float64(in.best-cost) * in.unit
}

// optimum reads the last "o <cost>" line of a MaxSAT solver's output, or
// returns -1 when there is none.
func optimum(out string) int64 {
	var o int64 = -1
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "o "); ok {
			if x, err := strconv.ParseInt(strings.TrimSpace(rest), 10, 64); err == nil {
				o = x
			}
		}
	}
	return o
}
