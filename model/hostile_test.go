package model_test

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/zopa-go/zopa/model"
)

// The reproducers of issue 15 on the model side: each input is either
// decoded (and then means what the contract says) or rejected with errors
// that are one line each and located.
func TestHostileDocuments(t *testing.T) {
	const min64, max64 = "-9223372036854775808", "9223372036854775807"
	cases := []struct {
		reason, doc string
		want        string // "" when the document is valid
	}{
		{"step 0 is an error, not a panic, even with a proposal over the issue",
			`{"name":"t","issues":[{"id":"n","type":"int","min":0,"max":10,"step":0}],"proposals":[{"id":"p","package":{"n":3}}]}`,
			`issues[0].step: step must be positive, got 0`},
		{"negative step",
			`{"name":"t","issues":[{"id":"n","type":"int","min":0,"max":10,"step":-5}]}`,
			`issues[0].step: step must be positive, got -5`},
		{"the whole int64 range has 2^64 levels",
			`{"name":"t","issues":[{"id":"n","type":"int","min":` + min64 + `,"max":` + max64 + `}]}`,
			`issues[0]: domain has more than 100000 levels`},
		{"the whole int64 range in steps of 2^62 has four levels",
			`{"name":"t","issues":[{"id":"n","type":"int","min":` + min64 + `,"max":` + max64 + `,"step":4611686018427387904}],
			  "proposals":[{"id":"p","package":{"n":4611686018427387904}}]}`, ""},
		{"steps of 5e18 across zero; a proposal at a real level",
			`{"name":"t","issues":[{"id":"n","type":"int","min":-5000000000000000000,"max":5000000000000000000,"step":5000000000000000000}],
			  "parties":[{"id":"a","red_lines":[{"id":"r","require":"n > 0"}]}],
			  "proposals":[{"id":"p","package":{"n":5000000000000000000}}]}`, ""},
		{"a proposal between the levels of a wide step",
			`{"name":"t","issues":[{"id":"n","type":"int","min":-5000000000000000000,"max":5000000000000000000,"step":5000000000000000000}],
			  "proposals":[{"id":"p","package":{"n":1}}]}`,
			`proposals[0].package.n: value 1 is not in the domain of int issue "n"`},
		{"the least int64 as a level, compared with 0",
			`{"name":"t","issues":[{"id":"n","type":"int","values":[` + min64 + `,0]}],
			  "parties":[{"id":"a","red_lines":[{"id":"r","require":"n <= 0"}]}]}`, ""},
		{"a comparison spanning 2^64 - 1 is a located overflow",
			`{"name":"t","issues":[{"id":"n","type":"int","values":[` + min64 + `,0]},{"id":"m","type":"int","values":[0,` + max64 + `]}],
			  "parties":[{"id":"a","red_lines":[{"id":"r","require":"n <= m"}]}]}`,
			`parties[0].red_lines[0].require: col 1: integer overflow: the comparison's range is wider than 64-bit integers can hold (parties[0] is a)`},
		{"a side that leaves int64 is a located overflow",
			`{"name":"t","issues":[{"id":"m","type":"int","values":[0,` + max64 + `]}],
			  "parties":[{"id":"a","red_lines":[{"id":"r","require":"0 < 1 + m"}]}]}`,
			`parties[0].red_lines[0].require: col 1: integer overflow: the comparison's sides can exceed 64-bit integers (parties[0] is a)`},
		{"terms that cancel are fine even where each alone is wide",
			`{"name":"t","issues":[{"id":"m","type":"int","values":[0,` + max64 + `]}],
			  "parties":[{"id":"a","red_lines":[{"id":"r","require":"m - m == 0"}]}]}`, ""},
		{"choice domains are capped like int domains",
			`{"name":"t","issues":[{"id":"c","type":"choice","options":[` + options(model.MaxLevels+1) + `]}]}`,
			`issues[0].options: more than 100000 options`},
		{"a choice of exactly the cap is fine",
			`{"name":"t","issues":[{"id":"c","type":"choice","options":[` + options(model.MaxLevels) + `]}]}`, ""},
		{"a flat disjunction of 502 operands is not deep",
			`{"name":"t","issues":[` + bools(502) + `],"rules":[{"id":"r","require":"` + join(502, "a%d", " || ") + `"}]}`, ""},
		{"a flat sum of 600 terms is not deep",
			`{"name":"t","issues":[{"id":"n","type":"int","min":0,"max":3}],"rules":[{"id":"r","require":"` + join(600, "n", " + ") + ` - ` + join(600, "n", " - ") + ` == 0"}]}`, ""},
		{"real nesting is still bounded",
			`{"name":"t","issues":[{"id":"a","type":"bool"}],"rules":[{"id":"r","require":"` + strings.Repeat("!", 600) + `a"}]}`,
			`rules[0].require: col 502: expression nested more than 500 deep`},
		{"a byte-order mark is accepted",
			"\xef\xbb\xbf" + `{"name":"t","issues":[]}`, ""},
		{"invalid UTF-8 in a name",
			"{\"name\":\"t\",\n \"title\":\"caf\xe9\",\"issues\":[]}", "line 2:14: invalid UTF-8 (byte 0xe9): a scenario must be UTF-8 text"},
		{"half a surrogate pair",
			`{"name":"t","title":"\ud800x","issues":[]}`, `line 1:22: invalid UTF-8: \ud800 escapes half a surrogate pair`},
		{"a whole surrogate pair is fine",
			`{"name":"t","title":"\ud83d\ude00 \\ud800","issues":[]}`, ""},
	}
	for _, c := range cases {
		t.Run(c.reason, func(t *testing.T) {
			_, err := model.Decode(strings.NewReader(c.doc))
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("error %v, want none", err)
			case c.want == "":
				return
			case err == nil:
				t.Fatalf("no error, want %s", c.want)
			}
			if got := err.Error(); got != c.want {
				t.Errorf("error\n %s\nwant\n %s", got, c.want)
			}
		})
	}
}

func options(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"o%d"`, i)
	}
	return b.String()
}

func bools(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"a%d","type":"bool"}`, i)
	}
	return b.String()
}

// join joins n operands, "a0", "a1", … (numbered) or "n", "n", ….
func join(n int, name, sep string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = name
		if strings.HasSuffix(name, "%d") {
			parts[i] = fmt.Sprintf(name, i)
		}
	}
	return strings.Join(parts, sep)
}

// Every message stays on one line, whatever the document quotes.
func TestErrorsAreOneLine(t *testing.T) {
	for _, d := range []string{
		`{"format":"zopa/v1\nx","name":"t","issues":[]}`,
		`{"name":"t","issues":[{"id":"a","type":"bool"}],"proposals":[{"id":"p","package":{"a\nb":true}}]}`,
		`{"name":"t","issues":[{"id":"c","type":"choice","options":["x"]}],"parties":[{"id":"p","preferences":[{"issue":"c","weight":1,"values":{"x\ny":1}}]}]}`,
		"{\"name\":\"t\",\"issues\":[{\"id\":\"c\",\"type\":\"choice\",\"options\":[\"x\"]}],\"rules\":[{\"id\":\"r\",\"require\":\"c == `x\\ny`\"}]}",
		"{\"name\":\"t\",\"issues\":[],\"rules\":[{\"id\":\"r\",\"require\":\"`a\\nb`\"}]}",
		`{"name":"t","issues":[{"id":"a\u2028b","type":"bool"}]}`,
		`{"name":"t","issues":[{"id":"a","type":"bool\r"}]}`,
		"{\"name\":\"t\",\"issues\":[],\"junk\n\":1}",
	} {
		_, err := model.Decode(strings.NewReader(d))
		if err == nil {
			t.Errorf("%q: no error", d)
			continue
		}
		for _, e := range err.(model.ErrorList) {
			if msg := e.Error(); strings.ContainsAny(msg, "\n\r\u2028") {
				t.Errorf("%q: message on several lines: %q", d, msg)
			}
		}
	}
}

// An unknown field holding thousands of nested objects with long keys is
// decoded in memory linear in its size (the duplicate-field check used to
// keep one path string per level: memory grew with depth squared).
func TestDeepUnknownFieldMemory(t *testing.T) {
	key := strings.Repeat("k", 1024)
	var b strings.Builder
	const depth = 3000
	b.WriteString(`{"name":"t","issues":[],"junk":`)
	for i := range depth {
		fmt.Fprintf(&b, `{"%s%d":`, key, i)
	}
	b.WriteString("1" + strings.Repeat("}", depth) + "}")
	doc := b.String()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := model.Decode(strings.NewReader(doc))
	runtime.ReadMemStats(&after)
	if err == nil || err.Error() != `unknown field "junk"` {
		t.Errorf("error = %v, want the unknown field", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 40*uint64(len(doc)) {
		t.Errorf("decoding %d bytes allocated %d bytes (%.0f per byte)", len(doc), alloc, float64(alloc)/float64(len(doc)))
	}
}

// Levels, Size and Has agree with exact big-integer arithmetic over the
// whole int64 range, for ranges and explicit values.
func TestLevelsOverTheWholeRange(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	ends := []int64{math.MinInt64, math.MinInt64 + 1, -5e18, -1, 0, 1, 5e18, math.MaxInt64 - 1, math.MaxInt64}
	pick := func() int64 {
		if r.IntN(2) == 0 {
			return ends[r.IntN(len(ends))]
		}
		return r.Int64() - r.Int64()
	}
	for range 2000 {
		lo, hi := pick(), pick()
		if lo > hi {
			lo, hi = hi, lo
		}
		span := new(big.Int).Sub(big.NewInt(hi), big.NewInt(lo))
		n := int64(1 + r.IntN(5))
		if r.IntN(20) == 0 {
			n = int64(1 + r.IntN(model.MaxLevels+5))
		}
		// A step that gives about n levels.
		step := new(big.Int).Quo(span, big.NewInt(n))
		if step.Sign() == 0 || !step.IsInt64() {
			step.SetInt64(math.MaxInt64)
		}
		is := model.Issue{ID: "n", Kind: model.IntKind, Min: lo, Max: hi, Step: step.Int64()}
		want := new(big.Int).Add(new(big.Int).Quo(span, step), big.NewInt(1))
		levels := is.Levels()
		if want.Cmp(big.NewInt(model.MaxLevels)) > 0 {
			if levels != nil {
				t.Fatalf("%+v: %d levels, want none (more than the cap)", is, len(levels))
			}
			continue
		}
		if int64(len(levels)) != want.Int64() || is.Size() != len(levels) {
			t.Fatalf("%+v: %d levels (size %d), want %v", is, len(levels), is.Size(), want)
		}
		// Check the ends and a few levels between.
		idx := []int{0, len(levels) - 1, len(levels) / 2, r.IntN(len(levels)), r.IntN(len(levels))}
		for _, i := range idx {
			x := levels[i]
			w := new(big.Int).Add(big.NewInt(lo), new(big.Int).Mul(big.NewInt(int64(i)), step))
			if big.NewInt(x).Cmp(w) != 0 {
				t.Fatalf("%+v: level %d is %d, want %v", is, i, x, w)
			}
			if !is.Has(model.IntValue(x)) {
				t.Fatalf("%+v: Has(%d) is false", is, x)
			}
			for _, d := range []int64{-1, 1} {
				y := x + d
				if (d < 0 && y > x) || (d > 0 && y < x) {
					continue // wrapped
				}
				in := new(big.Int).Mod(new(big.Int).Sub(big.NewInt(y), big.NewInt(lo)), step).Sign() == 0 && y >= lo && y <= hi
				if is.Has(model.IntValue(y)) != in {
					t.Fatalf("%+v: Has(%d) = %v, want %v", is, y, !in, in)
				}
			}
		}
	}
	// Go-built issues with a bad step never panic.
	for _, st := range []int64{0, -1, math.MinInt64} {
		is := model.Issue{ID: "n", Kind: model.IntKind, Min: 0, Max: 10, Step: st}
		if is.Has(model.IntValue(5)) || is.Levels() != nil || is.Size() != 0 {
			t.Errorf("step %d: Has, Levels or Size report levels", st)
		}
	}
}
