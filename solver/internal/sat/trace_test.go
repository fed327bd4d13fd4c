package sat

import (
	"bufio"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/irifrance/gini"
	"github.com/irifrance/gini/z"
)

// step is one line of an incremental CNF trace: a clause, or (query) the
// assumptions of one Solve.
type step struct {
	query bool
	lits  []z.Lit
}

// readTrace parses testdata traces: DIMACS clause lines ending in 0, and
// "a l1 l2 ... 0" lines, each one Assume plus Solve.
func readTrace(t *testing.T, path string) []step {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var steps []step
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || fields[0] == "c" {
			continue
		}
		st := step{query: fields[0] == "a"}
		if st.query {
			fields = fields[1:]
		}
		if len(fields) == 0 || fields[len(fields)-1] != "0" {
			t.Fatalf("%s:%d: line does not end in 0", path, line)
		}
		for _, f := range fields[:len(fields)-1] {
			d, err := strconv.Atoi(f)
			if err != nil || d == 0 {
				t.Fatalf("%s:%d: bad literal %q", path, line, f)
			}
			st.lits = append(st.lits, z.Dimacs2Lit(d))
		}
		steps = append(steps, st)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return steps
}

// freshSolve answers one query on a new gini instance (a single solve, so the
// bug the wrapper guards against cannot occur).
func freshSolve(clauses [][]z.Lit, as []z.Lit) int {
	g := gini.New()
	for _, c := range clauses {
		for _, m := range c {
			g.Add(m)
		}
		g.Add(0)
	}
	g.Assume(as...)
	return g.Solve()
}

// TestUnsatThenSolveTrace replays a trace that kills a bare gini v1.0.1
// process: query 177 is UNSAT with an empty core, and a gini solve of query
// 178 reports a model that breaks a clause and calls log.Fatalf.
func TestUnsatThenSolveTrace(t *testing.T) {
	const deadQuery = 177 // 1-based count of "a" lines
	steps := readTrace(t, "testdata/unsat-then-solve.icnf")
	nQueries := 0
	for _, st := range steps {
		if st.query {
			nQueries++
		}
	}
	if nQueries != 178 {
		t.Fatalf("trace has %d queries, want 178", nQueries)
	}
	for name, ctx := range contexts(t) {
		t.Run(name, func(t *testing.T) {
			s := New()
			var clauses [][]z.Lit
			q, sats := 0, 0
			for _, st := range steps {
				if !st.query {
					s.AddClause(st.lits...)
					clauses = append(clauses, st.lits)
					continue
				}
				q++
				res, err := s.Solve(ctx, st.lits...)
				if err != nil {
					t.Fatalf("query %d: %v", q, err)
				}
				if q >= deadQuery {
					if res != -1 || !s.Unsat() || len(s.Why()) != 0 {
						t.Fatalf("query %d: got %d (Unsat=%v, Why=%v), want UNSAT with empty Why",
							q, res, s.Unsat(), s.Why())
					}
					continue
				}
				if s.Unsat() {
					t.Fatalf("query %d: instance dead before query %d", q, deadQuery)
				}
				switch res {
				case 1:
					sats++
					for _, m := range st.lits {
						if !s.Value(m) {
							t.Fatalf("query %d: assumption %v false in model", q, m)
						}
					}
					for i, c := range clauses {
						if !satisfies(s, [][]z.Lit{c}) {
							t.Fatalf("query %d: model breaks clause %d %v", q, i, c)
						}
					}
				case -1:
					why := s.Why()
					if len(why) == 0 {
						t.Fatalf("query %d: UNSAT with empty Why before query %d", q, deadQuery)
					}
					if got := freshSolve(clauses, why); got != -1 {
						t.Fatalf("query %d: core %v is not UNSAT on a fresh instance (%d)", q, why, got)
					}
				default:
					t.Fatalf("query %d: got %d", q, res)
				}
				// Independent check of every answer before the dead query.
				if want := freshSolve(clauses, st.lits); want != res {
					t.Fatalf("query %d: got %d, fresh gini instance says %d", q, res, want)
				}
			}
			// The clauses alone are UNSAT from query 177 on, and 980 is no
			// help: check both with single solves on fresh instances.
			if got := freshSolve(clauses, nil); got != -1 {
				t.Errorf("fresh instance without assumptions: %d, want -1", got)
			}
			if got := freshSolve(clauses, []z.Lit{z.Dimacs2Lit(980)}); got != -1 {
				t.Errorf("fresh instance assuming 980: %d, want -1", got)
			}
			st := s.Stats()
			t.Logf("%d SAT answers, stats %+v", sats, st)
			if st.Calls != deadQuery || st.Skipped != int64(nQueries-deadQuery) || st.Clauses != int64(len(clauses)) {
				t.Errorf("Stats = %+v, want %d calls, %d skipped, %d clauses",
					st, deadQuery, nQueries-deadQuery, len(clauses))
			}
			// Further queries keep answering from the dead mark.
			if res, err := s.Solve(context.Background(), z.Dimacs2Lit(-980)); res != -1 || err != nil {
				t.Errorf("late query: %d, %v", res, err)
			}
		})
	}
}
