package sat

import (
	"context"
	"slices"

	"github.com/irifrance/gini/z"
)

// Warm start. gini's first solve of a large instance pays for its poor
// initial phases: each conflict it meets (about one per few hundred
// variables on the spaces zopa builds) sends it back to an early decision
// level, and it then re-decides every variable assigned since, most of
// them in unrelated parts of the instance. The first solve's cost grows
// with the square of the instance (0.6 s at 36,000 variables, a minute at
// 360,000), the later ones, with phases saved from a model, linearly.
//
// Instances built from negotiation spaces fall apart into many small
// independent components (variables linked by clauses). So the first solve
// of an instance with at least WarmVars variables first solves the
// components on their own, in batches of about warmBatch variables, each on
// a small fresh instance under the assumptions that concern it. When every
// batch is satisfiable, the union of their models is a model of the whole
// (the components share no variable), and the instance is solved once
// under the assumptions plus that model: pure propagation, no conflict, and
// gini saves the model as the phases of later solves. When some batch is
// not, the others' models warm the phases first, and the instance is then
// solved as usual (its core comes from gini). A component holding most of
// the variables gains nothing: the warm start is then skipped.

// WarmVars is the least number of variables for which the first solve
// starts warm.
const WarmVars = 8192

// warmBatch is the number of variables the components are batched into.
const warmBatch = 4096

// warm tries the warm start for a solve under assumptions. It returns the
// model literals to add to the assumptions when every component is
// satisfiable under them (ok), or, when some is not, the model literals of
// those that are (to warm the phases with), and ok false.
func (s *Solver) warm(ctx context.Context, assumptions []z.Lit) (lits []z.Lit, ok bool, err error) {
	n := int(s.maxVar)
	// Read the clauses; a variable set by a unit clause is a constant:
	// clauses it satisfies are dropped, literals it falsifies removed.
	var clauses [][]z.Lit
	unit := make([]int8, n+1) // +1 true, -1 false (of the variable)
	start := 0
	for i, m := range s.added {
		if m != z.LitNull {
			continue
		}
		if i-start == 1 {
			v := s.added[start]
			if v.IsPos() {
				unit[v.Var()] = 1
			} else {
				unit[v.Var()] = -1
			}
		}
		clauses = append(clauses, s.added[start:i])
		start = i + 1
	}
	val := func(m z.Lit) int8 { // value of m under the units, 0 when free
		u := unit[m.Var()]
		if m.IsPos() {
			return u
		}
		return -u
	}
	parent := make([]int32, n+1)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(v int32) int32 {
		for parent[v] != v {
			parent[v] = parent[parent[v]]
			v = parent[v]
		}
		return v
	}
	kept := clauses[:0]
	for _, c := range clauses {
		var first int32
		sat := false
		for _, m := range c {
			switch val(m) {
			case 1:
				sat = true
			case 0:
				v := find(int32(m.Var()))
				if first == 0 {
					first = v
				} else if v != first {
					parent[v] = first
				}
			}
		}
		if !sat && first != 0 {
			kept = append(kept, c)
		}
	}
	// Components in the order of their least variable, batched.
	size := make([]int32, n+1)
	for v := 1; v <= n; v++ {
		if unit[v] == 0 {
			size[find(int32(v))]++
		}
	}
	largest := slices.Max(size)
	if 2*int(largest) > n {
		return nil, false, nil
	}
	batchOf := make([]int32, n+1) // root -> batch + 1
	var batches [][]int32         // variables of each batch
	cur, filled := -1, 0          // the batch being filled and its components' total size
	for v := 1; v <= n; v++ {
		if unit[v] != 0 {
			continue
		}
		r := find(int32(v))
		if batchOf[r] == 0 {
			// Count each component whole when it joins a batch: its
			// variables need not be contiguous, and counting only those
			// seen so far would put every component whose first variable
			// comes early (issue variables are created first) into one
			// batch as large as the instance.
			if cur < 0 || filled >= warmBatch {
				batches = append(batches, nil)
				cur, filled = len(batches)-1, 0
			}
			batchOf[r] = int32(cur + 1)
			filled += int(size[r])
		}
		b := batchOf[r] - 1
		batches[b] = append(batches[b], int32(v))
	}
	local := make([]int32, n+1) // global variable -> local variable in its batch
	for _, vs := range batches {
		for j, v := range vs {
			local[v] = int32(j + 1)
		}
	}
	byBatch := make([][][]z.Lit, len(batches))
	for _, c := range kept {
		for _, m := range c {
			if val(m) == 0 {
				b := batchOf[find(int32(m.Var()))] - 1
				byBatch[b] = append(byBatch[b], c)
				break
			}
		}
	}
	assumed := make([][]z.Lit, len(batches))
	for _, m := range assumptions {
		if int(m.Var()) > n {
			continue // a fresh variable: the whole solve decides it
		}
		switch val(m) {
		case -1:
			return nil, false, nil // contradicts a unit: let gini say so
		case 0:
			b := batchOf[find(int32(m.Var()))] - 1
			assumed[b] = append(assumed[b], m)
		}
	}
	toLocal := func(m z.Lit) z.Lit {
		l := z.Var(local[m.Var()]).Pos()
		if !m.IsPos() {
			l = l.Not()
		}
		return l
	}
	ok = true
	for b, vs := range batches {
		t := New()
		t.maxVar = z.Var(len(vs))
		t.warmed = true // a batch is solved directly: no warm start within a warm start
		for _, c := range byBatch[b] {
			for _, m := range c {
				if val(m) == 0 {
					t.Add(toLocal(m))
				}
			}
			t.Add(0)
		}
		as := make([]z.Lit, len(assumed[b]))
		for i, m := range assumed[b] {
			as[i] = toLocal(m)
		}
		res, err := t.Solve(ctx, as...)
		s.stats.Calls += t.stats.Calls
		s.stats.SolveTime += t.stats.SolveTime
		if err != nil {
			return nil, false, err
		}
		if res != 1 {
			ok = false
			continue
		}
		for _, v := range vs {
			m := z.Var(v).Pos()
			if !t.Value(toLocal(m)) {
				m = m.Not()
			}
			lits = append(lits, m)
		}
	}
	return lits, ok, nil
}
