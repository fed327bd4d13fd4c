package sat

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/irifrance/gini/z"
)

// components returns a random instance of k independent components of
// four variables each (variables 4c+2 .. 4c+5), each made of random
// clauses of two or three literals that a hidden assignment satisfies,
// with a unit clause on variable 1 (a constant, as logic.C's true literal
// is) that occurs in some clauses; with link, one clause links the first
// and the last component. It also returns the hidden assignment.
func components(r *rand.Rand, k int, link bool) (int, [][]z.Lit, []bool) {
	n := 4*k + 1
	hidden := make([]bool, n+1)
	for v := range hidden {
		hidden[v] = r.IntN(2) == 0
	}
	hidden[1] = true
	clauses := [][]z.Lit{{z.Var(1).Pos()}}
	for c := range k {
		base := 4*c + 2
		for range 3 + r.IntN(5) {
			var cl []z.Lit
			for !slices.ContainsFunc(cl, func(m z.Lit) bool { return hidden[m.Var()] == m.IsPos() }) {
				cl = cl[:0]
				for range 2 + r.IntN(2) {
					m := z.Var(base + r.IntN(4)).Pos()
					if r.IntN(2) == 0 {
						m = m.Not()
					}
					cl = append(cl, m)
				}
			}
			if r.IntN(10) == 0 {
				cl = append(cl, z.Var(1).Neg()) // false under the unit
			}
			clauses = append(clauses, cl)
		}
	}
	if link {
		m := z.Var(2).Pos()
		if !hidden[2] {
			m = m.Not()
		}
		clauses = append(clauses, []z.Lit{m, z.Var(n).Neg()})
	}
	return n, clauses, hidden
}

// TestWarmStart checks that the first solve of a large instance (started
// warm from its components) answers as a cold solve does: the same
// satisfiability under the same assumptions, a model that satisfies every
// clause and assumption, and a core of failed assumptions that is
// unsatisfiable on its own.
func TestWarmStart(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	sat, unsat := 0, 0
	for i := range 30 {
		k := WarmVars/4 + 1
		n, clauses, hidden := components(r, k, i%5 == 0)
		var as []z.Lit
		for range r.IntN(40) {
			v := z.Var(2 + r.IntN(n-1))
			m := v.Pos()
			if !hidden[v] == (i%2 == 0 || r.IntN(8) != 0) { // even instances: the hidden values; odd ones: one in eight flipped
				m = m.Not()
			}
			as = append(as, m)
		}
		cold, warm := New(), New()
		for _, c := range clauses {
			cold.AddClause(c...)
			warm.AddClause(c...)
		}
		cold.warmed = true // never warm
		want, err := cold.Solve(ctx, as...)
		if err != nil {
			t.Fatal(err)
		}
		got, err := warm.Solve(ctx, as...)
		if err != nil {
			t.Fatal(err)
		}
		if !warm.warmed || got != want {
			t.Fatalf("instance %d: warm solve %d (warmed %v), cold %d", i, got, warm.warmed, want)
		}
		switch got {
		case 1:
			sat++
			if !satisfies(warm, clauses) {
				t.Fatalf("instance %d: the warm model breaks a clause", i)
			}
			for _, m := range as {
				if !warm.Value(m) {
					t.Fatalf("instance %d: the warm model breaks assumption %v", i, m)
				}
			}
		case -1:
			unsat++
			core := warm.Why()
			check := New()
			for _, c := range clauses {
				check.AddClause(c...)
			}
			check.warmed = true
			if res, err := check.Solve(ctx, core...); err != nil || res != -1 {
				t.Fatalf("instance %d: core %v is satisfiable (%d, %v)", i, core, res, err)
			}
		}
		// A second solve is an ordinary one and agrees too.
		if again, err := warm.Solve(ctx, as...); err != nil || again != want {
			t.Fatalf("instance %d: second solve %d, %v; want %d", i, again, err, want)
		}
	}
	if sat == 0 || unsat == 0 {
		t.Fatalf("%d satisfiable and %d unsatisfiable instances: want both", sat, unsat)
	}
}

// TestWarmStartInterleaved solves an instance whose components each have
// their first variable among the first ones (as issue variables are
// created before the constraints that link them): batches must count each
// component whole, or the first batch holds the whole instance and its
// own solve starts warm again, for ever.
func TestWarmStartInterleaved(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	k := warmBatch - 1 // every component starts before the first batch is full
	n, clauses, _ := components(r, k, false)
	spread := func(v z.Var) z.Var { // variable j of component c becomes j*k + c + 2
		if v < 2 {
			return v
		}
		c, j := (int(v)-2)/4, (int(v)-2)%4
		return z.Var(j*k + c + 2)
	}
	s, cold := New(), New()
	cold.warmed = true
	for _, c := range clauses {
		for i, m := range c {
			w := spread(m.Var()).Pos()
			if !m.IsPos() {
				w = w.Not()
			}
			c[i] = w
		}
		s.AddClause(c...)
		cold.AddClause(c...)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	want, err := cold.Solve(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Solve(ctx)
	if err != nil || got != want || !s.warmed {
		t.Fatalf("warm solve of %d variables: %d, %v (warmed %v); cold %d", n, got, err, s.warmed, want)
	}
	if got == 1 && !satisfies(s, clauses) {
		t.Fatal("the warm model breaks a clause")
	}
}
