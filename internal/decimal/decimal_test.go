package decimal

import (
	"encoding/json"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

func TestRat(t *testing.T) {
	for x, want := range map[float64]string{
		0.1: "1/10", 0.25: "1/4", 3: "3/1", -2.5: "-5/2", 1e308: "1" + zeros(308) + "/1", 1e-308: "1/1" + zeros(308),
	} {
		if got := Rat(x).String(); got != want {
			t.Errorf("Rat(%v) = %s, want %s", x, got, want)
		}
	}
}

func zeros(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0'
	}
	return string(b)
}

func TestString(t *testing.T) {
	sum := new(big.Rat).Add(Rat(1e308), Rat(1e308))
	for _, c := range []struct {
		r    *big.Rat
		want string
	}{
		{sum, "2e+308"},
		{new(big.Rat).Add(Rat(0.1), Rat(0.2)), "0.3"},
		{big.NewRat(5, 1), "5"},
		{big.NewRat(1, 3), "0.3333333333333333"},
		{new(big.Rat).Add(Rat(1e308), Rat(1)), "1." + zeros(307) + "1e+308"},
		{big.NewRat(0, 1), "0"},
		{big.NewRat(-7, 4), "-1.75"},
		{Rat(1e-308), "1e-308"},
		{big.NewRat(123, 10000), "0.0123"},
		{big.NewRat(1, 100000), "0.00001"},
		{big.NewRat(1, 10000000), "1e-7"},
		{big.NewRat(10, 1), "10"},
		{Rat(1e21), "1e+21"},
	} {
		if got := String(c.r); got != c.want {
			t.Errorf("String(%v) = %s, want %s", c.r, got, c.want)
		}
	}
	// For floats, String of Rat is encoding/json's form.
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		x := math.Float64frombits(r.Uint64())
		if math.IsNaN(x) || math.IsInf(x, 0) {
			continue
		}
		b, _ := json.Marshal(x)
		if got, want := String(Rat(x)), string(b); got != want {
			t.Fatalf("String(Rat(%v)) = %s, want %s", x, got, want)
		}
	}
}
