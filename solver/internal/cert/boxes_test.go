package cert_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver/internal/cert"
)

// randomBox returns a random box of s (each issue: its whole domain, an
// interval or a random set of its values) and its membership test on
// packages.
func randomBox(r *rand.Rand, s *model.Space) (cert.Box, func(model.Package) bool) {
	doms := make([]cert.Dom, len(s.Issues))
	for i := range s.Issues {
		dom := s.Issues[i].Domain()
		n := len(dom)
		lo := r.IntN(n)
		hi := lo + r.IntN(n-lo)
		switch r.IntN(3) {
		case 0:
			doms[i] = cert.Dom{Lo: 0, Hi: n - 1}
		case 1:
			doms[i] = cert.Dom{Lo: lo, Hi: hi}
		default:
			set := make([]uint64, (n+63)/64)
			for j := lo; j <= hi; j++ {
				if r.IntN(3) > 0 || j == lo {
					set[j/64] |= 1 << (j % 64)
				}
			}
			doms[i] = cert.Dom{Lo: lo, Hi: hi, Set: set}
		}
	}
	in := func(pkg model.Package) bool {
		for i := range s.Issues {
			d := doms[i]
			j := -1
			for k, v := range s.Issues[i].Domain() {
				if v == pkg[s.Issues[i].ID] {
					j = k
				}
			}
			if j < d.Lo || j > d.Hi || (d.Set != nil && d.Set[j/64]>>(j%64)&1 == 0) {
				return false
			}
		}
		return true
	}
	return func(i int) cert.Dom { return doms[i] }, in
}

// TestBoxSetAgainstBruteForce checks random boxes against random sets of
// conditions on random small spaces, by enumeration and (with the
// enumeration limit at 1) on the second encoding: a BoxSet accepts exactly
// the boxes whose every package satisfies every condition, and otherwise
// names a package that breaks one (by enumeration, a package of a box).
func TestBoxSetAgainstBruteForce(t *testing.T) {
	n := 300
	if testing.Short() || raceOn {
		n = 60
	}
	ctx := context.Background()
	for _, limit := range []int64{4096, 1} {
		restore := cert.SetEnumLimit(limit)
		accepted, refuted := 0, 0
		eachClaim(t, n, 11, 0.5, func(s *model.Space, w *world, ck *cert.Checker, r *rand.Rand, conds []cert.Cond, good func(int) bool, seed int64, k int) {
			set, err := ck.NewBoxSet(conds...)
			if err != nil {
				t.Fatal(err)
			}
			var ins []func(model.Package) bool
			want := true
			err = nil
			for range 1 + r.IntN(3) {
				box, in := randomBox(r, s)
				ins = append(ins, in)
				for i, pkg := range w.pkgs {
					want = want && (!in(pkg) || good(i))
				}
				if err = set.Add(ctx, box); err != nil {
					break
				}
			}
			if err == nil {
				err = set.Flush(ctx)
			}
			if err == nil {
				if !want {
					t.Fatalf("seed %d claim %d limit %d: a package of the boxes breaks %v, BoxSet accepted them", seed, k, limit, conds)
				}
				accepted++
				return
			}
			var f *cert.Failure
			if want || !errors.As(err, &f) || !f.Confirmed {
				t.Fatalf("seed %d claim %d limit %d: BoxSet(%v) = %v; want accepted=%v", seed, k, limit, conds, err, want)
			}
			i := w.index(f.Package)
			inSome := false
			for _, in := range ins {
				inSome = inSome || in(f.Package)
			}
			// Proven on the second encoding, the package agrees with a
			// box on the issues of the condition it breaks only.
			if i < 0 || (!inSome && limit > 1) || good(i) {
				t.Fatalf("seed %d claim %d limit %d: failure package %v is not a bad package of the boxes", seed, k, limit, f.Package)
			}
			refuted++
		})
		restore()
		t.Logf("limit %d: accepted %d, refuted %d", limit, accepted, refuted)
		if accepted == 0 || refuted == 0 {
			t.Errorf("limit %d: accepted %d, refuted %d: want both", limit, accepted, refuted)
		}
	}
}

// eachClaim calls f with 6 random claims (see randomClaim) on each of n
// random small spaces, with the space's packages, a Checker and the random
// source the claims came from.
func eachClaim(t *testing.T, n int, salt uint64, p float64, f func(s *model.Space, w *world, ck *cert.Checker, r *rand.Rand, conds []cert.Cond, good func(int) bool, seed int64, k int)) {
	for seed := int64(0); seed < int64(n); seed++ {
		s := scenarios.Generate(genOptions(seed))
		w := newWorld(t, s)
		ck := cert.New(s)
		r := rand.New(rand.NewPCG(uint64(seed), salt))
		for k := range 6 {
			conds, good := randomClaim(r, w, s, p)
			f(s, w, ck, r, conds, good, seed, k)
		}
	}
}

// randomClaim returns random conditions on s (each constraint held with
// probability p, and sometimes an issue at one value) and the test
// whether w's i-th package satisfies them.
func randomClaim(r *rand.Rand, w *world, s *model.Space, p float64) ([]cert.Cond, func(i int) bool) {
	var conds []cert.Cond
	var refs []model.Ref
	for _, ref := range w.refs {
		if r.Float64() < p {
			conds = append(conds, cert.Holds(ref))
			refs = append(refs, ref)
		}
	}
	var fixed model.Package
	if r.IntN(3) == 0 {
		is := &s.Issues[r.IntN(len(s.Issues))]
		fixed = model.Package{is.ID: is.Domain()[r.IntN(is.Size())]}
		for id, v := range fixed {
			conds = append(conds, cert.Is(id, v))
		}
	}
	good := func(i int) bool {
		for _, ref := range refs {
			if !w.holds[i][ref] {
				return false
			}
		}
		for id, v := range fixed {
			if w.pkgs[i][id] != v {
				return false
			}
		}
		return true
	}
	return conds, good
}

// index returns the position of pkg among w's packages, or -1.
func (w *world) index(pkg model.Package) int {
	for i, p := range w.pkgs {
		if len(p) == len(pkg) && p.String() == pkg.String() {
			return i
		}
	}
	return -1
}
