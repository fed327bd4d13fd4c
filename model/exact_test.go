package model_test

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/zopa-go/zopa/model"
)

// Issue 11.3: points interpolate exactly, so [[0,1],[25,0]] at 20 is 1/5
// (float64 arithmetic gave 0.19999999999999996).
func TestInterpolateExactly(t *testing.T) {
	pts := []model.Point{{X: 0, Y: 1}, {X: 25, Y: 0}}
	if got := model.Interpolate(pts, 20); got != 0.2 {
		t.Errorf("Interpolate at 20 = %v, want 0.2", got)
	}
	if got := model.InterpolateRat(pts, 20); got.Cmp(big.NewRat(1, 5)) != 0 {
		t.Errorf("InterpolateRat at 20 = %v, want 1/5", got)
	}
	// Decimal ys are read as decimals: 0.1 + (0.7 - 0.1) * 1/3 = 3/10.
	pts = []model.Point{{X: 0, Y: 0.1}, {X: 3, Y: 0.7}}
	if got := model.InterpolateRat(pts, 1); got.Cmp(big.NewRat(3, 10)) != 0 {
		t.Errorf("InterpolateRat = %v, want 3/10", got)
	}
	// Across the whole int64 range.
	pts = []model.Point{{X: math.MinInt64, Y: 0}, {X: math.MaxInt64, Y: 1}}
	want := new(big.Rat).SetFrac(new(big.Int).Lsh(big.NewInt(1), 63), new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 64), big.NewInt(1)))
	if got := model.InterpolateRat(pts, 0); got.Cmp(want) != 0 {
		t.Errorf("InterpolateRat over int64 at 0 = %v, want %v", got, want)
	}
}

// The binary search finds the same segment as a scan, and the float is the
// exact value rounded.
func TestInterpolateAgainstScan(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for range 2000 {
		n := 1 + r.IntN(6)
		pts := make([]model.Point, n)
		x := int64(r.IntN(10) - 5)
		for i := range pts {
			pts[i] = model.Point{X: x, Y: float64(r.IntN(11)) / 10}
			x += int64(1 + r.IntN(7))
		}
		at := int64(r.IntN(60) - 10)
		// The reference: a linear scan in exact arithmetic.
		want := new(big.Rat)
		switch {
		case at <= pts[0].X:
			want.SetString(big.NewFloat(pts[0].Y).Text('g', -1))
		case at >= pts[n-1].X:
			want.SetString(big.NewFloat(pts[n-1].Y).Text('g', -1))
		default:
			for i := 1; i < n; i++ {
				if at <= pts[i].X {
					a, b := pts[i-1], pts[i]
					ya, _ := new(big.Rat).SetString(big.NewFloat(a.Y).Text('g', -1))
					yb, _ := new(big.Rat).SetString(big.NewFloat(b.Y).Text('g', -1))
					want.Sub(yb, ya)
					want.Mul(want, big.NewRat(at-a.X, b.X-a.X))
					want.Add(want, ya)
					break
				}
			}
		}
		if got := model.InterpolateRat(pts, at); got.Cmp(want) != 0 {
			t.Fatalf("%v at %d: %v, want %v", pts, at, got, want)
		}
		if f, _ := want.Float64(); model.Interpolate(pts, at) != f {
			t.Fatalf("%v at %d: float %v, want %v", pts, at, model.Interpolate(pts, at), f)
		}
	}
}

// Extreme weights give correct utilities: never NaN or infinite, within a
// few ulps of the exact value.
func TestExtremeWeights(t *testing.T) {
	for _, ws := range [][2]float64{{1e308, 1e308}, {1e-308, 1e-308}, {1e308, 1e-308}, {math.MaxFloat64, math.MaxFloat64}, {5e-324, 1}} {
		b := model.NewBuilder("t").Bool("a", "").Bool("b", "").Party("p").Prefer("a", ws[0]).Prefer("b", ws[1])
		s, err := b.Build()
		if err != nil {
			t.Fatalf("%v: %v", ws, err)
		}
		for _, pkg := range []model.Package{
			{"a": model.BoolValue(true), "b": model.BoolValue(false)},
			{"a": model.BoolValue(true), "b": model.BoolValue(true)},
			{"a": model.BoolValue(false), "b": model.BoolValue(true)},
		} {
			u, err := s.Utility(&s.Parties[0], pkg)
			if err != nil {
				t.Fatal(err)
			}
			exact, _ := s.ExactUtility(&s.Parties[0], pkg)
			want, _ := exact.Float64()
			if math.IsNaN(u) || math.Abs(u-want) > 4e-16 {
				t.Errorf("weights %v, %v: utility %v, want %v", ws, pkg, u, want)
			}
			lo, hi := s.UtilityRange(&s.Parties[0], model.Package{})
			if lo != 0 || hi != 1 {
				t.Errorf("weights %v: range %v..%v, want 0..1", ws, lo, hi)
			}
		}
	}
}

// A reservation is reached exactly when the exact utility is at least the
// reservation minus 1e-12, however the float64 utility rounds.
func TestReservationThresholdIsExact(t *testing.T) {
	doc := func(w2, res string) *model.Space {
		s, err := model.Decode(strings.NewReader(`{"name":"t","issues":[{"id":"a","type":"bool"},{"id":"b","type":"bool"}],
		  "parties":[{"id":"p","preferences":[{"prefer":"a","weight":1},{"prefer":"b","weight":` + w2 + `}],"reservation":` + res + `}]}`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	yes := model.Package{"a": model.BoolValue(true), "b": model.BoolValue(false)}
	for _, c := range []struct {
		w2, res string
		want    bool
	}{
		{"2", "0.3333333333333333", true},    // 1/3 >= 0.3333333333333333
		{"2", "0.333333333334", true},        // 1/3 >= 0.333333333334 - 1e-12 = 0.333333333333
		{"2", "0.3333333333343334", false},   // 1/3 < 0.3333333333333334 - 0.000000000001 + ... (above the slack)
		{"0.5", "0.666666666667666", true},   // 2/3 >= 0.666666666667666 - 1e-12 = 0.666666666666666
		{"0.5", "0.6666666666676667", false}, // just above 2/3 + 1e-12
		{"3", "0.250000000001", true},        // 1/4 exactly at the threshold
		{"3", "0.2500000000010001", false},   // a hair above it
		{"1e308", "0.000000000001", true},    // a utility of about 1e-308 reaches a threshold of 0
	} {
		s := doc(c.w2, c.res)
		got, err := s.ReachesReservation(&s.Parties[0], yes)
		if err != nil {
			t.Fatal(err)
		}
		u, _ := s.ExactUtility(&s.Parties[0], yes)
		th := model.ReservationThreshold(*s.Parties[0].Reservation)
		if want := u.Cmp(th) >= 0; got != want || got != c.want {
			t.Errorf("weight %s, reservation %s: reaches %v, exact says %v, want %v", c.w2, c.res, got, want, c.want)
		}
	}
}
