package report_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/solver/report"
)

// TestTextSaysWhenInexact checks that a report whose utilities needed a
// fixed-point scale says so, and one that did not, does not.
func TestTextSaysWhenInexact(t *testing.T) {
	build := func(w1, w2, w3 float64) *model.Space {
		s, err := model.NewBuilder("weights").Bool("a", "").Bool("b", "").
			Party("p").Prefer("a", w1).Prefer("b", w2).
			Party("q").Prefer("!a", w3).Prefer("b", 0.2718281828459045).
			Build()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for _, tc := range []struct {
		why     string
		s       *model.Space
		inexact bool
	}{
		{"short decimals share a denominator", build(0.5, 1, 2), false},
		{"sixteen-digit weights over two parties do not", build(0.1234567890123456, 0.8765432109876543, 0.3141592653589793), true},
	} {
		r, err := report.Analyze(context.Background(), tc.s, nil)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := r.WriteText(&b); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(b.String(), "fixed-point scale"); got != tc.inexact || r.Precision.Exact == tc.inexact {
			t.Errorf("%s: text mentions the fixed-point scale: %v, precision %+v; want %v", tc.why, got, r.Precision, tc.inexact)
		}
	}
}
