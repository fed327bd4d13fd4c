package sat

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/irifrance/gini/z"
)

func TestClausesRecorded(t *testing.T) {
	s := New()
	s.AddClause(lits(1, -2)...)
	s.AddClause()
	s.AddClause(lit(3))
	s.Add(lit(4)) // pending: not a clause yet
	var got [][]int
	for c := range s.Clauses() {
		var ds []int
		for _, m := range c {
			ds = append(ds, m.Dimacs())
		}
		got = append(got, ds)
	}
	want := [][]int{{1, -2}, nil, {3}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Clauses (-want +got):\n%s", diff)
	}
	for range s.Clauses() {
		break // stopping early must be safe
	}
	var buf bytes.Buffer
	if err := s.WriteCNF(&buf, []string{"hello", "", "two\nlines"}, [][]z.Lit{lits(-5)}); err != nil {
		t.Fatal(err)
	}
	wantText := "c hello\nc\nc two\nc lines\np cnf 5 4\n1 -2 0\n0\n3 0\n-5 0\n"
	if buf.String() != wantText {
		t.Errorf("WriteCNF =\n%s\nwant\n%s", buf.String(), wantText)
	}
	buf.Reset()
	if err := s.WriteWCNF(&buf, []string{"w"}, [][]z.Lit{lits(-5)}, []Soft{{3, lits(2)}, {1, nil}}); err != nil {
		t.Fatal(err)
	}
	wantText = "c w\nh 1 -2 0\nh 0\nh 3 0\nh -5 0\n3 2 0\n1 0\n"
	if buf.String() != wantText {
		t.Errorf("WriteWCNF =\n%s\nwant\n%s", buf.String(), wantText)
	}
}

func TestWriteWCNFBadWeights(t *testing.T) {
	s := New()
	for _, soft := range [][]Soft{
		{{0, lits(1)}},
		{{-3, lits(1)}},
		{{1 << 62, lits(1)}, {1 << 62, lits(2)}},
	} {
		var buf bytes.Buffer
		if err := s.WriteWCNF(&buf, nil, nil, soft); err == nil {
			t.Errorf("WriteWCNF(%v) succeeded", soft)
		}
		if buf.Len() != 0 {
			t.Errorf("WriteWCNF(%v) wrote %q before failing", soft, buf.String())
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	s := New()
	s.AddClause(lits(1, 2)...)
	if err := s.WriteCNF(failWriter{}, nil, nil); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("WriteCNF to a failing writer: %v", err)
	}
	if err := s.WriteWCNF(failWriter{}, nil, nil, nil); err == nil {
		t.Error("WriteWCNF to a failing writer succeeded")
	}
}

// TestDIMACSRoundTrip writes random clause sets (with empty and
// duplicate-literal clauses) as CNF and WCNF, reads them back and checks the
// clauses, and that a solver loaded from them agrees with the original under
// random assumptions.
func TestDIMACSRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	ctx := context.Background()
	const n = 8
	randLit := func() z.Lit {
		return z.Dimacs2Lit((1 + rng.IntN(n)) * (1 - 2*rng.IntN(2)))
	}
	for round := 0; round < 200; round++ {
		s := New()
		var clauses [][]z.Lit
		for len(clauses) < 5+rng.IntN(30) {
			c := make([]z.Lit, rng.IntN(4))
			if round%20 != 0 && len(c) == 0 {
				c = append(c, randLit())
			}
			for i := range c {
				c[i] = randLit()
			}
			clauses = append(clauses, c)
			s.AddClause(c...)
		}
		extra := [][]z.Lit{{randLit()}}
		comments := []string{"round", " leading blank", "tab\tinside"}
		var buf bytes.Buffer
		if err := s.WriteCNF(&buf, comments, extra); err != nil {
			t.Fatal(err)
		}
		text := buf.String()
		f, err := ReadDIMACS(&buf)
		if err != nil {
			t.Fatalf("round %d: ReadDIMACS: %v\n%s", round, err, text)
		}
		all := append(slices.Clone(clauses), extra...)
		want := &CNF{Vars: int(max(s.MaxVar(), extra[0][0].Var())), Hard: all, Comments: comments}
		if diff := cmp.Diff(want, f, cmp.Comparer(litsEqual)); diff != "" {
			t.Fatalf("round %d: CNF round trip (-want +got):\n%s", round, diff)
		}

		soft := []Soft{{Weight: 1 + rng.Int64N(100), Lits: []z.Lit{randLit()}}, {Weight: 7, Lits: []z.Lit{randLit(), randLit()}}}
		buf.Reset()
		if err := s.WriteWCNF(&buf, comments, extra, soft); err != nil {
			t.Fatal(err)
		}
		text = buf.String()
		g, err := ReadDIMACS(&buf)
		if err != nil {
			t.Fatalf("round %d: ReadDIMACS(WCNF): %v\n%s", round, err, text)
		}
		maxVar := 0
		for _, c := range append(slices.Clone(all), soft[0].Lits, soft[1].Lits) {
			for _, m := range c {
				maxVar = max(maxVar, int(m.Var()))
			}
		}
		wantW := &CNF{Weighted: true, Vars: maxVar, Hard: all, Soft: soft, Comments: comments}
		if diff := cmp.Diff(wantW, g, cmp.Comparer(litsEqual)); diff != "" {
			t.Fatalf("round %d: WCNF round trip (-want +got):\n%s", round, diff)
		}

		r := New()
		f.AddTo(r)
		s.AddClause(extra[0]...)
		for q := 0; q < 5; q++ {
			as := []z.Lit{randLit(), randLit()}
			a, err1 := s.Solve(ctx, as...)
			b, err2 := r.Solve(ctx, as...)
			if err1 != nil || err2 != nil || a != b {
				t.Fatalf("round %d: under %v original says %d (%v), re-read says %d (%v)", round, as, a, err1, b, err2)
			}
			if a == 1 && !satisfies(r, all) {
				t.Fatalf("round %d: re-read model breaks a clause", round)
			}
		}
	}
}

// litsEqual treats nil and empty clauses alike.
func litsEqual(a, b []z.Lit) bool { return slices.Equal(a, b) }

func TestReadDIMACSAccepts(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     *CNF
	}{
		{"clauses across lines", "c hi\n\n p cnf 3 2 \n1 -2\n 3 0 -1\n0\r\n", &CNF{Vars: 3, Hard: [][]z.Lit{lits(1, -2, 3), lits(-1)}, Comments: []string{"hi"}}},
		{"comments anywhere", "p cnf 1 1\nc\n1 0\nccompact\n", &CNF{Vars: 1, Hard: [][]z.Lit{lits(1)}, Comments: []string{"", "compact"}}},
		{"empty clause", "p cnf 0 1\n0\n", &CNF{Hard: [][]z.Lit{nil}}},
		{"empty cnf", "p cnf 0 0\n", &CNF{}},
		{"wcnf", "c x\nh 1 -2 0\n5 2 0\n  3 -1 2 0\nh 0\n", &CNF{Weighted: true, Vars: 2, Hard: [][]z.Lit{lits(1, -2), nil}, Soft: []Soft{{5, lits(2)}, {3, lits(-1, 2)}}, Comments: []string{"x"}}},
		{"empty input", "", &CNF{Weighted: true}},
		{"max weight", "9223372036854775807 1 0\n", &CNF{Weighted: true, Vars: 1, Soft: []Soft{{1<<63 - 1, lits(1)}}}},
	} {
		got, err := ReadDIMACS(strings.NewReader(tc.in))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got, cmp.Comparer(litsEqual)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

func TestReadDIMACSErrors(t *testing.T) {
	for _, tc := range []struct {
		in   string
		line int
		msg  string
	}{
		{"p cnf 2 1\n1 3 0\n", 2, "literal 3 out of range (the header declares 2 variables)"},
		{"p cnf 2 1\n1 x 0\n", 2, `bad literal "x"`},
		{"p cnf 2 1\n1 2\n", 2, "last clause is not ended by 0"},
		{"p cnf 2 2\n1 0\n", 1, "header declares 2 clauses, found 1"},
		{"p cnf 2 1\n1 0\n\n2 0\n", 4, "more clauses than the 1 the header declares"},
		{"p cnf 2 1\np cnf 2 1\n", 2, "second problem line (first on line 1)"},
		{"p cnf -1 0\n", 1, "want non-negative counts"},
		{"p cnf 1\n", 1, "bad problem line"},
		{"p cnf 99999999 0\n", 1, "more than the 16777216 supported"},
		{"p wcnf 2 1 10\n10 1 0\n", 1, `old-style "p wcnf"`},
		{"h 1 0\np cnf 1 1\n", 2, "problem line after clauses"},
		{"h 1 2\n", 1, "clause does not end in 0"},
		{"c ok\n0 1 0\n", 2, `bad weight "0"`},
		{"-1 1 0\n", 1, `bad weight "-1"`},
		{"x 1 0\n", 1, `bad weight "x"`},
		{"99999999999999999999 1 0\n", 1, "bad weight"},
		{"h 1 0 2 0\n", 1, "0 inside a clause"},
		{"0\n", 1, `bad weight "0"`},
		{"h 16777217 0\n", 1, "literal 16777217 out of range (at most 16777216 variables)"},
		{"h -9223372036854775808 0\n", 1, "out of range"},
		{"9223372036854775807 1 0\n1 1 0\n", 2, "soft weights sum to 2^63 or more"},
	} {
		_, err := ReadDIMACS(strings.NewReader(tc.in))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("ReadDIMACS(%q) = %v, want a *SyntaxError", tc.in, err)
			continue
		}
		if se.Line != tc.line || !strings.Contains(se.Msg, tc.msg) {
			t.Errorf("ReadDIMACS(%q) = line %d %q, want line %d containing %q", tc.in, se.Line, se.Msg, tc.line, tc.msg)
		}
		if !strings.HasPrefix(err.Error(), "dimacs: line ") {
			t.Errorf("error %q does not name the line", err)
		}
	}
	// A line over the scanner's limit, and a failing reader.
	long := "h " + strings.Repeat("1 ", 1<<23) + "0\n"
	_, err := ReadDIMACS(strings.NewReader("c\n" + long))
	var se *SyntaxError
	if !errors.As(err, &se) || se.Line != 2 || se.Msg != "line too long" {
		t.Errorf("long line: %v", err)
	}
	boom := errors.New("boom")
	_, err = ReadDIMACS(iotest.TimeoutReader(strings.NewReader("p cnf 1 1\n")))
	if err == nil {
		t.Error("failing reader: no error")
	}
	_, err = ReadDIMACS(iotest.ErrReader(boom))
	if !errors.Is(err, boom) {
		t.Errorf("failing reader: %v, want it wrapped", err)
	}
}

// FuzzReadDIMACS checks that ReadDIMACS never panics, and that what it
// accepts (with small variables) survives a write and a second read.
func FuzzReadDIMACS(f *testing.F) {
	for _, seed := range []string{
		"p cnf 3 2\n1 -2 0\n3 0\n",
		"c zopa selector 5 rule - r0\np cnf 5 1\n-5 1 2 0\n",
		"h 1 2 0\n3 -1 0\n",
		"p cnf 0 1\n0\n",
		"p wcnf 1 1 2\n1 1 0\n",
		"h 1 0 2 0\n",
		"9223372036854775807 1 0\n",
		"c\n\n%\n0\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		cnf, err := ReadDIMACS(strings.NewReader(in))
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %v is not a *SyntaxError", err)
			}
			return
		}
		if cnf.Vars > 1<<10 {
			return // loading gini with huge variables is slow, not wrong
		}
		s := New()
		cnf.AddTo(s)
		var buf bytes.Buffer
		if cnf.Weighted {
			err = s.WriteWCNF(&buf, cnf.Comments, nil, cnf.Soft)
		} else {
			err = s.WriteCNF(&buf, cnf.Comments, nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		again, err := ReadDIMACS(&buf)
		if err != nil {
			t.Fatalf("re-reading %q: %v", buf.String(), err)
		}
		if !cnf.Weighted {
			again.Vars = cnf.Vars // the header may declare unused variables
		}
		if diff := cmp.Diff(cnf, again, cmp.Comparer(litsEqual)); diff != "" {
			t.Fatalf("round trip (-first +second):\n%s", diff)
		}
	})
}
