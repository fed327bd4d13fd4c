// Command maxsatcmp compares zopa's cheapest concession set (and, with
// -utilitarian, its utilitarian optimum) with an external MaxSAT solver on
// the same WCNF, which zopa exports: it is a measuring script, not a test.
//
//	go run ./scripts/maxsatcmp                       # clasp, usc strategy
//	go run ./scripts/maxsatcmp -cmd "clasp -n 0 --configuration=trendy --opt-strategy=usc --quiet=1,0"
//	go run ./scripts/maxsatcmp -utilitarian
//
// For each space it compiles the space once, then times, best of -runs:
// zopa's query on the compiled space (compile excluded), and the external
// solver's process on the exported WCNF (parsing included, as for any
// process that is handed a file). zopa's independent certification of the
// optimum is off unless -certify is given: the comparison is of the MaxSAT
// searches (zopa's own checks of the result stay on). Times are CPU seconds (user plus system)
// of the query and of the child process, so that a loaded machine does not
// distort the ratio; wall times are shown too. The optimum costs must agree.
// clasp is in Debian's packages (apt-get install clasp).
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"log"
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

func main() {
	cmdline := flag.String("cmd", "clasp -n 0 --opt-strategy=usc --quiet=1,0", "MaxSAT solver command; the WCNF file is appended")
	runs := flag.Int("runs", 3, "runs per measurement (the best is kept)")
	util := flag.Bool("utilitarian", false, "compare the utilitarian optimum instead of the cheapest concession set")
	certify := flag.Bool("certify", false, "keep zopa's independent certification of the optimum (off: the MaxSAT search and its own checks only)")
	legacy := flag.Bool("legacy", true, `rewrite the WCNF in the pre-2022 format ("p wcnf" header, hard clauses weighted top), which clasp 3.3 needs`)
	flag.Parse()
	ctx := context.Background()
	fmt.Printf("%-28s %12s %12s %8s %10s %10s\n", "space", "zopa cpu s", "ext cpu s", "ratio", "zopa wall", "ext wall")
	for _, c := range spaces(*util) {
		settings := &solver.Settings{SkipCertification: !*certify}
		p, err := solver.Compile(ctx, c.space, settings)
		if err != nil {
			log.Fatal(err)
		}
		f, err := os.CreateTemp("", "zopa-*.wcnf")
		if err != nil {
			log.Fatal(err)
		}
		var zopaCost float64
		query := func() error {
			if *util {
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
		if *util {
			err = p.WriteUtilitarianWCNF(f)
		} else {
			err = p.WriteWCNF(f, solver.Scope{})
		}
		if err != nil {
			log.Fatal(err)
		}
		f.Close()
		if *util {
			data, err := os.ReadFile(f.Name())
			if err != nil {
				log.Fatal(err)
			}
			for _, line := range strings.Split(string(data), "\n") {
				if strings.HasPrefix(line, "c zopa best ") {
					if err := os.WriteFile(f.Name()+".info", []byte(line), 0o644); err != nil {
						log.Fatal(err)
					}
					defer os.Remove(f.Name() + ".info")
				}
			}
		}
		if *legacy {
			if err := toLegacy(f.Name()); err != nil {
				log.Fatal(err)
			}
		}
		zc, zw := best(*runs, func() (time.Duration, time.Duration) {
			// A fresh compile each run (not timed), so that every run pays
			// for the query's first use of the instance.
			if p, err = solver.Compile(ctx, c.space, settings); err != nil {
				log.Fatal(err)
			}
			u0, w0 := cpu(syscall.RUSAGE_SELF), time.Now()
			if err := query(); err != nil {
				log.Fatal(err)
			}
			return cpu(syscall.RUSAGE_SELF) - u0, time.Since(w0)
		})
		var extCost int64
		ec, ew := best(*runs, func() (time.Duration, time.Duration) {
			args := append(strings.Fields(*cmdline), f.Name())
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
		defer os.Remove(f.Name())
		ext := fmt.Sprint(extCost)
		if *util && extCost >= 0 {
			ext = fmt.Sprint(utilScore(f.Name(), extCost))
		}
		fmt.Printf("%-28s %12.3f %12.3f %8.2f %10.3f %10.3f   zopa %v, external %s\n", c.name,
			zc.Seconds(), ec.Seconds(), zc.Seconds()/ec.Seconds(), zw.Seconds(), ew.Seconds(), zopaCost, ext)
	}
}

type named struct {
	name  string
	space *model.Space
}

func spaces(util bool) []named {
	var out []named
	if util {
		for _, c := range []struct{ issues, parties int }{{1000, 8}, {1000, 16}, {10000, 16}, {10000, 32}} {
			out = append(out, named{fmt.Sprintf("issues=%d/parties=%d", c.issues, c.parties), scenarios.Generate(scenarios.GenOptions{
				Issues: c.issues, Parties: c.parties,
				RedLinesPerParty: max(1, c.issues/(4*c.parties)), PreconditionsPerParty: max(1, c.issues/(8*c.parties)),
				Rules: c.issues / 20, PreferencesPerParty: 6, Contested: 10, Feasible: true, Seed: int64(c.issues),
			})})
		}
		return out
	}
	for _, c := range []struct{ issues, parties int }{{1000, 8}, {5000, 16}, {10000, 16}, {10000, 32}} {
		out = append(out, named{fmt.Sprintf("issues=%d/parties=%d", c.issues, c.parties), scenarios.GenerateInfeasible(scenarios.GenOptions{
			Issues: c.issues, Parties: c.parties, RedLinesPerParty: max(1, c.issues/(2*c.parties)),
			PreconditionsPerParty: max(1, c.issues/(4*c.parties)), Rules: c.issues / 10, PreferencesPerParty: 2, Seed: int64(c.issues),
		}, 8)})
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

func cpu(who int) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(who, &ru); err != nil {
		log.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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
// utilities, (best - cost) * unit, from the export's comment line.
func utilScore(name string, cost int64) float64 {
	data, err := os.ReadFile(name + ".info")
	if err != nil {
		return -1
	}
	var best int64
	var unit float64
	var exact bool
	if _, err := fmt.Sscanf(string(data), "c zopa best %d unit %g exact %t", &best, &unit, &exact); err != nil {
		return -1
	}
	return float64(best-cost) * unit
}

// optimum reads the last "o <cost>" line of a MaxSAT solver's output.
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
