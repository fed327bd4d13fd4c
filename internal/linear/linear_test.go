package linear

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
)

// levels are explicit domains, ascending.
type space map[string][]int64

func (s space) dom(id string) Domain {
	l := s[id]
	d := Domain{Lo: l[0], Hi: l[len(l)-1]}
	g := new(big.Int)
	for _, x := range l {
		g.GCD(nil, nil, g, new(big.Int).Sub(big.NewInt(x), big.NewInt(l[0])))
	}
	d.Step = g.Uint64()
	return d
}

func holds(op Op, l, r *big.Int) bool {
	c := l.Cmp(r)
	switch op {
	case Eq:
		return c == 0
	case Ne:
		return c != 0
	case Lt:
		return c < 0
	case Le:
		return c <= 0
	case Gt:
		return c > 0
	}
	return c >= 0
}

func sum(ts []Term, k int64, pkg map[string]int64) *big.Int {
	s := big.NewInt(k)
	for _, t := range ts {
		s.Add(s, new(big.Int).Mul(big.NewInt(t.Coef), big.NewInt(pkg[t.Issue])))
	}
	return s
}

func (f *Form) holds(pkg map[string]int64) bool {
	if f.Truth != 0 {
		return f.Truth > 0
	}
	var s int64
	for i := range f.Terms {
		w := f.Terms[i].Weight(pkg[f.Terms[i].Issue])
		if w < 0 || w > f.Span {
			panic(fmt.Sprintf("weight %d outside [0, %d]", w, f.Span))
		}
		s += w
		if s < 0 || s > f.Span {
			panic("sum outside the span")
		}
	}
	switch f.Op {
	case Le:
		return s <= f.Bound
	case Ge:
		return s >= f.Bound
	case Eq:
		return s == f.Bound
	}
	return s != f.Bound
}

// every calls fn on every assignment of the space's issues.
func every(s space, fn func(map[string]int64)) {
	ids := make([]string, 0, len(s))
	for id := range s {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	pkg := map[string]int64{}
	var rec func(i int)
	rec = func(i int) {
		if i == len(ids) {
			fn(pkg)
			return
		}
		for _, x := range s[ids[i]] {
			pkg[ids[i]] = x
			rec(i + 1)
		}
	}
	rec(0)
}

func TestNormalizeAgainstBigIntegers(t *testing.T) {
	extremes := []int64{math.MinInt64, math.MinInt64 + 1, -5e18, -1 << 62, -3, -1, 0, 1, 2, 7, 1 << 62, 5e18, math.MaxInt64 - 1, math.MaxInt64}
	r := rand.New(rand.NewPCG(1, 2))
	val := func() int64 {
		if r.IntN(2) == 0 {
			return extremes[r.IntN(len(extremes))]
		}
		return int64(r.IntN(21) - 10)
	}
	checked, overflow := 0, 0
	for seed := range 10000 {
		s := space{}
		ids := []string{"a", "b", "c"}[:1+r.IntN(3)]
		for _, id := range ids {
			var l []int64
			for range 1 + r.IntN(3) {
				l = append(l, val())
			}
			if r.IntN(3) == 0 { // an arithmetic progression
				st := int64(1 + r.IntN(5))
				if r.IntN(2) == 0 {
					st = 5e18
				}
				l = []int64{val()}
				for range r.IntN(3) {
					if x := l[len(l)-1] + st; x > l[len(l)-1] {
						l = append(l, x)
					}
				}
			}
			slices.Sort(l)
			s[id] = slices.Compact(l)
		}
		terms := func() []Term {
			var ts []Term
			for range r.IntN(3) {
				c := int64(r.IntN(7) - 3)
				if r.IntN(6) == 0 {
					c = extremes[r.IntN(len(extremes))]
				}
				ts = append(ts, Term{Coef: c, Issue: ids[r.IntN(len(ids))]})
			}
			return ts
		}
		lt, rt := terms(), terms()
		lc, rc := val(), val()
		op := Op(1 + r.IntN(6))
		known := func(id string) (Domain, bool) { return s.dom(id), true }
		if Sides(lt, rt, lc, rc, known) != nil {
			overflow++
			continue
		}
		f, err := Normalize(lt, rt, lc, rc, op, s.dom)
		if errors.Is(err, ErrSpan) {
			overflow++
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		every(s, func(pkg map[string]int64) {
			want := holds(op, sum(lt, lc, pkg), sum(rt, rc, pkg))
			if got := f.holds(pkg); got != want {
				t.Fatalf("seed %d: %v %d op%d %v %d at %v: form %+v says %v", seed, lt, lc, op, rt, rc, pkg, f, got)
			}
			checked++
		})
	}
	if checked < 10000 || overflow == 0 {
		t.Errorf("checked %d assignments, %d overflows: the generator is off", checked, overflow)
	}
}

func TestNormalizeExtremes(t *testing.T) {
	// n in {-2^63, 0}: n <= 0 spans 2^63, which the common divisor brings
	// down to 1.
	s := space{"n": {math.MinInt64, 0}}
	f, err := Normalize([]Term{{1, "n"}}, nil, 0, 0, Le, s.dom)
	if err != nil || f.Truth != 1 {
		t.Errorf("n <= 0: %+v, %v; want always true", f, err)
	}
	f, err = Normalize([]Term{{1, "n"}}, nil, 0, -1, Le, s.dom)
	if err != nil || f.Truth != 0 || f.Span != 1 || f.Bound != 0 {
		t.Errorf("n <= -1: %+v, %v", f, err)
	}
	// The whole int64 range in one step each: n - m spans 2^64 - 1.
	s = space{"n": {math.MinInt64, 0}, "m": {0, math.MaxInt64}}
	if _, err := Normalize([]Term{{1, "n"}}, []Term{{1, "m"}}, 0, 0, Le, s.dom); !errors.Is(err, ErrSpan) {
		t.Errorf("n <= m: err = %v, want ErrSpan", err)
	}
	if err := Sides([]Term{{2, "m"}}, nil, 0, 0, func(id string) (Domain, bool) { return s.dom(id), true }); !errors.Is(err, ErrSides) {
		t.Errorf("2*m: err = %v, want ErrSides", err)
	}
}
