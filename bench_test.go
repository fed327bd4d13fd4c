package zopa_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver"
	"github.com/zopa-go/zopa/solver/report"
)

// benchSpaces returns the Ukraine scenario and generated feasible spaces of
// growing size (10 to 10,000 issues, and the extra sizes given).
func benchSpaces(b *testing.B, extra ...int) []struct {
	name  string
	space func() *model.Space
} {
	out := []struct {
		name  string
		space func() *model.Space
	}{{"ukraine2025", func() *model.Space {
		s, err := scenarios.Load("ukraine2025")
		if err != nil {
			b.Fatal(err)
		}
		return s
	}}}
	for _, n := range append([]int{10, 100, 1000, 10000}, extra...) {
		parties := min(2+n/500, 32)
		out = append(out, struct {
			name  string
			space func() *model.Space
		}{fmt.Sprintf("issues=%d", n), func() *model.Space {
			return scenarios.Generate(scenarios.GenOptions{
				Issues: n, Parties: parties,
				RedLinesPerParty: max(1, n/(2*parties)), PreconditionsPerParty: max(1, n/(4*parties)),
				Rules: n / 10, PreferencesPerParty: 4, Proposals: 2, Feasible: true, Seed: int64(n),
			})
		}})
	}
	return out
}

// BenchmarkCompile measures compiling a space into SAT.
func BenchmarkCompile(b *testing.B) {
	for _, bs := range benchSpaces(b) {
		b.Run(bs.name, func(b *testing.B) {
			s := bs.space()
			var st solver.Stats
			for b.Loop() {
				p, err := solver.Compile(context.Background(), s, nil)
				if err != nil {
					b.Fatal(err)
				}
				st = p.Stats()
			}
			b.ReportMetric(float64(st.Clauses), "clauses")
			b.ReportMetric(float64(st.Vars), "vars")
			b.ReportMetric(float64(st.Clauses)/float64(st.Constraints), "clauses/constraint")
			b.ReportMetric(float64(st.Vars)/float64(st.Constraints), "vars/constraint")
		})
	}
}

// BenchmarkFeasible measures one feasibility query on a compiled space.
func BenchmarkFeasible(b *testing.B) {
	ctx := context.Background()
	for _, bs := range benchSpaces(b) {
		b.Run(bs.name, func(b *testing.B) {
			p, err := solver.Compile(context.Background(), bs.space(), nil)
			if err != nil {
				b.Fatal(err)
			}
			before := p.Stats().SATCalls
			n := 0
			for b.Loop() {
				if _, _, err := p.Feasible(ctx); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric(float64(p.Stats().SATCalls-before)/float64(n), "satcalls/op")
			b.ReportMetric(float64(p.Stats().Clauses), "clauses")
		})
	}
}

// BenchmarkCompileFeasible measures compiling plus one feasibility query,
// the cost of a first answer on a new space, up to 100,000 issues; it also
// reports the two parts of the last iteration, in wall time (compile-ms,
// feasible-ms) and in process CPU time (compile-cpu-ms, feasible-cpu-ms,
// which a loaded machine distorts less).
func BenchmarkCompileFeasible(b *testing.B) {
	ctx := context.Background()
	for _, bs := range benchSpaces(b, 30000, 100000) {
		b.Run(bs.name, func(b *testing.B) {
			s := bs.space()
			var compile, feasible, compileCPU, feasibleCPU time.Duration
			cpu0, loops := cpuTime(), 0
			for b.Loop() {
				loops++
				start, c0 := time.Now(), cpuTime()
				p, err := solver.Compile(context.Background(), s, nil)
				if err != nil {
					b.Fatal(err)
				}
				compile, compileCPU = time.Since(start), cpuTime()-c0
				// The generated spaces are feasible by construction; the
				// Ukraine scenario is infeasible until concessions are made.
				if _, ok, err := p.Feasible(ctx); err != nil || ok != (bs.name != "ukraine2025") {
					b.Fatalf("%s: feasible %v, err %v", bs.name, ok, err)
				}
				feasible, feasibleCPU = time.Since(start)-compile, cpuTime()-c0-compileCPU
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(loops), "cpu-ms/op")
			b.ReportMetric(float64(compile.Microseconds())/1000, "compile-ms")
			b.ReportMetric(float64(feasible.Microseconds())/1000, "feasible-ms")
			b.ReportMetric(float64(compileCPU.Microseconds())/1000, "compile-cpu-ms")
			b.ReportMetric(float64(feasibleCPU.Microseconds())/1000, "feasible-cpu-ms")
		})
	}
}

// plantedSpaces are generated infeasible spaces with 8 planted conflicts:
// 100 to 10,000 issues, and at 5,000 and 10,000 issues also a seed whose
// planted conflicts multiply to 2,916 concession sets (two conflicts of
// two members, six of three).
func plantedSpaces() []struct {
	name  string
	space *model.Space
} {
	var out []struct {
		name  string
		space *model.Space
	}
	for _, c := range []struct {
		n    int
		seed int64
	}{{100, 100}, {1000, 1000}, {5000, 5000}, {5000, 12}, {10000, 10000}, {10000, 400}} {
		n := c.n
		parties := min(2+n/300, 16)
		if n == 10000 {
			parties = 32
		}
		s := scenarios.GenerateInfeasible(scenarios.GenOptions{
			Issues: n, Parties: parties, RedLinesPerParty: max(1, n/(2*parties)), PreconditionsPerParty: max(1, n/(4*parties)),
			Rules: n / 10, PreferencesPerParty: 2, Seed: c.seed,
		}, 8)
		name := fmt.Sprintf("issues=%d/parties=%d", n, parties)
		if c.seed != int64(n) {
			name += "/sets=2916"
		}
		out = append(out, struct {
			name  string
			space *model.Space
		}{name, s})
	}
	return out
}

// explainSpaces are the Ukraine scenario and the planted spaces.
func explainSpaces(b *testing.B) []struct {
	name  string
	space *model.Space
} {
	ukr, err := scenarios.Load("ukraine2025")
	if err != nil {
		b.Fatal(err)
	}
	return append([]struct {
		name  string
		space *model.Space
	}{{"ukraine2025", ukr}}, plantedSpaces()...)
}

// BenchmarkConflict measures finding one conflict; it reports SAT calls per
// conflict member.
func BenchmarkConflict(b *testing.B) {
	ctx := context.Background()
	for _, ps := range explainSpaces(b) {
		b.Run(ps.name, func(b *testing.B) {
			p, err := solver.Compile(context.Background(), ps.space, nil)
			if err != nil {
				b.Fatal(err)
			}
			before := p.Stats().SATCalls
			var members, n int
			for b.Loop() {
				c, err := p.Conflict(ctx, solver.Scope{})
				if err != nil || c == nil {
					b.Fatal(c, err)
				}
				members += len(c)
				n++
			}
			b.ReportMetric(float64(p.Stats().SATCalls-before)/float64(members), "satcalls/member")
			b.ReportMetric(float64(p.Stats().SATCalls-before)/float64(n), "satcalls/op")
			b.ReportMetric(float64(p.Stats().Clauses), "clauses")
		})
	}
}

// BenchmarkAllConflicts measures the full MARCO enumeration of conflicts
// and concession sets (8 planted conflicts: 8 conflicts and 2^8..3^8
// concession sets), compile included.
func BenchmarkAllConflicts(b *testing.B) {
	ctx := context.Background()
	for _, ps := range explainSpaces(b) {
		b.Run(ps.name, func(b *testing.B) {
			var ex *solver.Explanation
			var calls, clauses int64
			cpu0, loops := cpuTime(), 0
			for b.Loop() {
				loops++
				p, err := solver.Compile(context.Background(), ps.space, nil)
				if err != nil {
					b.Fatal(err)
				}
				ex, err = p.Explain(ctx, solver.Scope{}, nil)
				if err != nil || !ex.Complete {
					b.Fatal(err)
				}
				calls, clauses = p.Stats().SATCalls, int64(p.Stats().Clauses)
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(loops), "cpu-ms/op")
			b.ReportMetric(float64(clauses), "clauses")
			b.ReportMetric(float64(calls)/float64(len(ex.Conflicts)+len(ex.Concessions)), "satcalls/set")
			b.ReportMetric(float64(len(ex.Conflicts)), "conflicts")
			b.ReportMetric(float64(len(ex.Concessions)), "concessions")
			b.ReportMetric(float64(calls), "satcalls/op")
		})
	}
}

// BenchmarkCheapestConcession measures core-guided MaxSAT for the cheapest
// concession set (compile excluded), on the Ukraine scenario and on the
// planted spaces; it reports SAT calls and the set's size.
func BenchmarkCheapestConcession(b *testing.B) {
	ctx := context.Background()
	for _, ps := range explainSpaces(b) {
		b.Run(ps.name, func(b *testing.B) {
			p, err := solver.Compile(context.Background(), ps.space, nil)
			if err != nil {
				b.Fatal(err)
			}
			var o *solver.Optimum
			cpu0, loops := cpuTime(), 0
			for b.Loop() {
				loops++
				o, err = p.CheapestConcession(ctx, solver.Scope{})
				if err != nil || o == nil {
					b.Fatal(o, err)
				}
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(loops), "cpu-ms/op")
			b.ReportMetric(float64(o.SATCalls), "satcalls/op")
			b.ReportMetric(float64(len(o.Constraints)), "members")
			b.ReportMetric(o.Cost, "cost")
			b.ReportMetric(float64(p.Stats().Clauses), "clauses")
		})
	}
}

// prefSpaces are the spaces for the optimisation benchmarks: the Ukraine
// scenario after its cheapest concession set, and generated feasible
// spaces from 10 to 10,000 issues and 2 to 32 parties.
func prefSpaces(b *testing.B) []struct {
	name  string
	space *model.Space
} {
	ukr, err := scenarios.Load("ukraine2025")
	if err != nil {
		b.Fatal(err)
	}
	p, err := solver.Compile(context.Background(), ukr, nil)
	if err != nil {
		b.Fatal(err)
	}
	o, err := p.CheapestConcession(context.Background(), solver.Scope{})
	if err != nil {
		b.Fatal(err)
	}
	conceded, err := ukr.Concede(o.Constraints...)
	if err != nil {
		b.Fatal(err)
	}
	out := []struct {
		name  string
		space *model.Space
	}{{"ukraine2025-conceded", conceded}}
	for _, c := range []struct{ issues, parties int }{{10, 2}, {100, 4}, {1000, 16}, {10000, 24}, {10000, 32}} {
		out = append(out, struct {
			name  string
			space *model.Space
		}{fmt.Sprintf("issues=%d/parties=%d", c.issues, c.parties), scenarios.Generate(scenarios.GenOptions{
			Issues: c.issues, Parties: c.parties,
			RedLinesPerParty: max(1, c.issues/(4*c.parties)), PreconditionsPerParty: max(1, c.issues/(8*c.parties)),
			Rules: c.issues / 20, PreferencesPerParty: 6, Contested: 10, Feasible: true, Seed: int64(c.issues),
		})})
	}
	return out
}

// BenchmarkOptimum measures the exact utilitarian optimum (core-guided
// MaxSAT) and the exact egalitarian leximin optimum (bound search level
// by level), compile
// excluded; it reports SAT calls per optimum and the instance's clauses.
func BenchmarkOptimum(b *testing.B) {
	ctx := context.Background()
	for _, ps := range prefSpaces(b) {
		for _, rule := range []solver.BargainingRule{solver.Utilitarian, solver.Egalitarian} {
			b.Run(ps.name+"/"+rule.String(), func(b *testing.B) {
				p, err := solver.Compile(context.Background(), ps.space, nil)
				if err != nil {
					b.Fatal(err)
				}
				opt := p.Utilitarian
				if rule == solver.Egalitarian {
					opt = p.Egalitarian
				}
				before := p.Stats().SATCalls
				n := 0
				var c *solver.Choice
				cpu0, loops := cpuTime(), 0
				for b.Loop() {
					loops++
					if c, err = opt(ctx); err != nil || c == nil {
						b.Fatal(c, err)
					}
					n++
				}
				b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(loops), "cpu-ms/op")
				b.ReportMetric(float64(p.Stats().SATCalls-before)/float64(n), "satcalls/op")
				b.ReportMetric(float64(p.Stats().Clauses), "clauses")
				b.ReportMetric(c.Score, "score")
			})
		}
	}
}

// BenchmarkFrontier measures the Pareto frontier by guided improvement,
// compile excluded, up to 200 points (frontiers of many parties are
// astronomically large), and the whole frontier of 24 parties at 10,000
// issues; it reports the points found, whether the frontier was complete,
// and SAT calls per point (on the compiled instance; the search runs on
// the part the utilities depend on, see solver.Problem.Frontier).
func BenchmarkFrontier(b *testing.B) {
	ctx := context.Background()
	for _, ps := range prefSpaces(b) {
		limit := 200
		if strings.HasSuffix(ps.name, "parties=24") {
			limit = 0 // complete: 1,836 points
		}
		b.Run(ps.name, func(b *testing.B) {
			p, err := solver.Compile(context.Background(), ps.space, nil)
			if err != nil {
				b.Fatal(err)
			}
			before := p.Stats().SATCalls
			var points, runs int
			complete := false
			cpu0, loops := cpuTime(), 0
			for b.Loop() {
				loops++
				f := p.Frontier(ctx)
				points = 0
				for range f.Points() {
					points++
					if points == limit && limit > 0 {
						break
					}
				}
				if f.Err() != nil {
					b.Fatal(f.Err())
				}
				complete = f.Complete()
				runs++
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(loops), "cpu-ms/op")
			b.ReportMetric(float64(points), "points")
			b.ReportMetric(map[bool]float64{false: 0, true: 1}[complete], "complete")
			b.ReportMetric(float64(p.Stats().SATCalls-before)/float64(runs*max(points, 1)), "satcalls/point")
			b.ReportMetric(float64(p.Stats().Clauses), "clauses")
		})
	}
}

// BenchmarkWhatIf measures one what-if question on a compiled space: switch
// a negotiable constraint off and fix an issue, ask for feasibility, and
// undo both, all by assumptions on the same SAT instance.
func BenchmarkWhatIf(b *testing.B) {
	ctx := context.Background()
	for _, bs := range benchSpaces(b) {
		b.Run(bs.name, func(b *testing.B) {
			s := bs.space()
			p, err := solver.Compile(context.Background(), s, nil)
			if err != nil {
				b.Fatal(err)
			}
			w := p.WhatIf()
			refs := s.Negotiable()
			before := p.Stats().SATCalls
			n := 0
			for b.Loop() {
				ref := refs[n%len(refs)]
				is := &s.Issues[n%len(s.Issues)]
				dom := is.Domain()
				if err := w.Drop(ref); err != nil {
					b.Fatal(err)
				}
				if err := w.Fix(is.ID, dom[n%len(dom)]); err != nil {
					b.Fatal(err)
				}
				if _, _, err := w.Feasible(ctx); err != nil {
					b.Fatal(err)
				}
				if err := w.Restore(ref); err != nil {
					b.Fatal(err)
				}
				w.Free(is.ID)
				n++
			}
			b.ReportMetric(float64(p.Stats().SATCalls-before)/float64(n), "satcalls/op")
			b.ReportMetric(float64(p.Stats().Clauses), "clauses")
		})
	}
}

// BenchmarkSteps measures roadmaps of 10, 50 and 200 steps over 20 phases
// (scenarios.GenerateSteps: precedence preconditions over a DAG, deadlines
// in phase arithmetic, together constraints): compile plus one feasibility
// query on the feasible background (target < 50 ms at 200 steps), and the
// full enumeration of conflicts and concession sets, compile included, with
// 8 planted order cycles (target < 1 s at 200 steps).
func BenchmarkSteps(b *testing.B) {
	ctx := context.Background()
	for _, n := range []int{10, 50, 200} {
		b.Run(fmt.Sprintf("compile+feasible/steps=%d", n), func(b *testing.B) {
			s := scenarios.GenerateSteps(scenarios.StepOptions{Steps: n, Phases: 20, Seed: int64(n)})
			var st solver.Stats
			for b.Loop() {
				p, err := solver.Compile(ctx, s, nil)
				if err != nil {
					b.Fatal(err)
				}
				if _, ok, err := p.Feasible(ctx); err != nil || !ok {
					b.Fatal("background not feasible", err)
				}
				st = p.Stats()
			}
			b.ReportMetric(float64(st.Clauses), "clauses")
			b.ReportMetric(float64(st.Vars), "vars")
			b.ReportMetric(float64(st.Constraints), "constraints")
		})
	}
	for _, n := range []int{10, 50, 200} {
		b.Run(fmt.Sprintf("all-conflicts/steps=%d/cycles=8", n), func(b *testing.B) {
			s := scenarios.GenerateSteps(scenarios.StepOptions{Steps: n, Phases: 20, Cycles: 8, Seed: int64(n)})
			var ex *solver.Explanation
			var calls int64
			for b.Loop() {
				p, err := solver.Compile(ctx, s, nil)
				if err != nil {
					b.Fatal(err)
				}
				ex, err = p.Explain(ctx, solver.Scope{}, nil)
				if err != nil || !ex.Complete || len(ex.Conflicts) != 8 {
					b.Fatal("want 8 conflicts, complete", err)
				}
				calls = p.Stats().SATCalls
			}
			b.ReportMetric(float64(len(ex.Conflicts)), "conflicts")
			b.ReportMetric(float64(len(ex.Concessions)), "concessions")
			b.ReportMetric(float64(calls), "satcalls/op")
		})
	}
}

// rangeSpaces are the spaces for the robustness benchmarks: the Ukraine
// scenario and planted infeasible spaces of 1,000 issues, one with about
// 200 constraints on the table and one with about 770, with judgment
// ranges on about half of the costs (scenarios.WithRanges).
func rangeSpaces(b *testing.B) []struct {
	name  string
	space *model.Space
} {
	ukr, err := scenarios.Load("ukraine2025")
	if err != nil {
		b.Fatal(err)
	}
	out := []struct {
		name  string
		space *model.Space
	}{{"ukraine2025", ukr}}
	for _, c := range []struct{ parties, red, pre int }{{4, 30, 15}, {5, 100, 50}} {
		s := scenarios.WithRanges(scenarios.GenerateInfeasible(scenarios.GenOptions{
			Issues: 1000, Parties: c.parties, RedLinesPerParty: c.red, PreconditionsPerParty: c.pre,
			Rules: 100, PreferencesPerParty: 2, Seed: 1000,
		}, 8), 1000)
		out = append(out, struct {
			name  string
			space *model.Space
		}{fmt.Sprintf("issues=1000/constraints=%d", len(s.Negotiable())), s})
	}
	return out
}

// BenchmarkCostRanges measures the cost ranges of the cheapest concession
// set (one MaxSAT call per on-the-table constraint, at most; the cheapest
// set found first is excluded), compile excluded (target < 2 s); SAT
// calls count the whole instance's only, not those of the per-part ones.
func BenchmarkCostRanges(b *testing.B) {
	ctx := context.Background()
	for _, rs := range rangeSpaces(b) {
		b.Run(rs.name, func(b *testing.B) {
			p, err := solver.Compile(context.Background(), rs.space, nil)
			if err != nil {
				b.Fatal(err)
			}
			o, err := p.CheapestConcession(ctx, solver.Scope{})
			if err != nil || o == nil {
				b.Fatal(o, err)
			}
			before := p.Stats().SATCalls
			n, bound := 0, 0
			for b.Loop() {
				ivs, err := p.CostIntervals(ctx, solver.Scope{}, o.Constraints)
				if err != nil {
					b.Fatal(err)
				}
				bound = 0
				for _, iv := range ivs {
					if iv.Min > 0 || !math.IsInf(iv.Max, 1) {
						bound++
					}
				}
				n++
			}
			b.ReportMetric(float64(p.Stats().SATCalls-before)/float64(n), "satcalls/op")
			b.ReportMetric(float64(bound), "binding")
		})
	}
}

// BenchmarkCheapness measures possibly/necessarily cheapest for the
// cheapest concession sets listed by Explain (up to 100), compile and
// enumeration excluded.
func BenchmarkCheapness(b *testing.B) {
	ctx := context.Background()
	for _, rs := range rangeSpaces(b) {
		b.Run(rs.name, func(b *testing.B) {
			p, err := solver.Compile(context.Background(), rs.space, nil)
			if err != nil {
				b.Fatal(err)
			}
			ex, err := p.Explain(ctx, solver.Scope{}, &solver.ExplainOptions{Limit: 100})
			if err != nil {
				b.Fatal(err)
			}
			var sets [][]model.Ref
			for _, c := range ex.Concessions {
				sets = append(sets, c.Constraints)
			}
			before := p.Stats().SATCalls
			n := 0
			for b.Loop() {
				if _, err := p.Cheapness(ctx, solver.Scope{}, sets); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric(float64(p.Stats().SATCalls-before)/float64(n), "satcalls/op")
			b.ReportMetric(float64(len(sets)), "sets")
		})
	}
}

// BenchmarkPicks measures the Monte Carlo study of the four rules' picks
// under weights perturbed by 20% (1,000 draws, candidates included,
// compile excluded; target < 1 s on the conceded Ukraine space), on the
// optimisation benchmarks' spaces up to 100 issues.
func BenchmarkPicks(b *testing.B) {
	ctx := context.Background()
	for _, ps := range prefSpaces(b)[:3] {
		b.Run(ps.name, func(b *testing.B) {
			p, err := solver.Compile(context.Background(), ps.space, nil)
			if err != nil {
				b.Fatal(err)
			}
			var pk *solver.Picks
			for b.Loop() {
				if pk, err = p.Picks(ctx, &solver.PickOptions{Samples: 1000, Seed: 1, Perturb: 0.2}); err != nil || pk == nil {
					b.Fatal(pk, err)
				}
			}
			b.ReportMetric(float64(pk.Candidates), "candidates")
			picked := 0
			for _, l := range pk.Rules {
				picked += len(l)
			}
			b.ReportMetric(float64(picked), "picked")
		})
	}
}

// BenchmarkAnalyze measures the full analysis of report.Analyze as
// -format json runs it (Lean), compile included, with the certifier off
// and on (the default): every claim that no package exists proven again
// on the second encoding, or not. Spaces: the Ukraine scenario and planted
// infeasible spaces (conflicts and concession sets), generated feasible
// spaces with contested preferences (count, ZOPA, frontier, optima), and
// issue 15's 40 bool issues with one rule atMost(3, …). It reports the
// process CPU time per analysis, the claims certified and the time the
// certifier's SAT calls took.
func BenchmarkAnalyze(b *testing.B) {
	ctx := context.Background()
	type space struct {
		name  string
		space *model.Space
	}
	var spaces []space
	for _, ps := range explainSpaces(b) {
		if !strings.Contains(ps.name, "issues=10000") {
			spaces = append(spaces, space{"infeasible/" + ps.name, ps.space})
		}
	}
	for _, c := range []struct{ issues, parties int }{{100, 4}, {1000, 8}, {5000, 16}} {
		spaces = append(spaces, space{fmt.Sprintf("feasible/issues=%d/parties=%d", c.issues, c.parties),
			scenarios.Generate(scenarios.GenOptions{
				Issues: c.issues, Parties: c.parties,
				RedLinesPerParty: max(1, c.issues/(4*c.parties)), PreconditionsPerParty: max(1, c.issues/(8*c.parties)),
				Rules: c.issues / 20, PreferencesPerParty: 6, Contested: 6, Feasible: true, Seed: int64(c.issues),
			})})
	}
	// Issue 15's counting reproducer: 40 bool issues and one rule
	// atMost(3, x0, …, x39), 10,701 agreeable packages in thousands of
	// boxes and tens of thousands of empty regions.
	card := model.NewBuilder("atMost40")
	var vars []string
	for i := range 40 {
		vars = append(vars, fmt.Sprintf("x%d", i))
		card.Bool(vars[i], vars[i])
	}
	card.Rule("r", "atMost(3, "+strings.Join(vars, ", ")+")")
	c40, err := card.Build()
	if err != nil {
		b.Fatal(err)
	}
	spaces = append(spaces, space{"atMost/issues=40", c40})
	for _, sp := range spaces {
		for _, certify := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/certify=%v", sp.name, certify), func(b *testing.B) {
				var r *report.Report
				cpu0, loops := cpuTime(), 0
				for b.Loop() {
					var err error
					r, err = report.Analyze(ctx, sp.space, &report.Options{Limit: 200, Lean: true, SkipCertification: !certify})
					if err != nil {
						b.Fatal(err)
					}
					loops++
				}
				b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(loops), "cpu-ms/op")
				b.ReportMetric(float64(r.Stats.Certificates), "certificates")
				b.ReportMetric(float64(r.Stats.CertTime.Microseconds())/1000, "cert-ms")
				b.ReportMetric(float64(r.Stats.SATCalls), "satcalls")
			})
		}
	}
}
