package sat

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/irifrance/gini/z"
)

// This file writes and reads the clauses of a [Solver] as DIMACS CNF and as
// WCNF in the format of the MaxSAT Evaluations since 2022.
//
// A Solver records every literal given to [Solver.Add], so what is written
// is exactly the problem that was added: never gini's learnt clauses, and
// never a simplified copy (gini keeps unit clauses only as level-0
// assignments, so its own writer cannot be used).

// MaxDIMACSVar is the largest variable [ReadDIMACS] accepts. It bounds the
// memory a solver loaded from untrusted input may allocate.
const MaxDIMACSVar = 1 << 24

// Clauses yields every clause added so far, in the order added, including
// empty clauses; literals of a clause not yet ended are left out. The
// yielded slice is only valid during the call.
func (s *Solver) Clauses() iter.Seq[[]z.Lit] {
	return func(yield func([]z.Lit) bool) {
		start := 0
		for i, m := range s.added {
			if m != z.LitNull {
				continue
			}
			if !yield(s.added[start:i:i]) {
				return
			}
			start = i + 1
		}
	}
}

// numClauses returns the number of clauses [Solver.Clauses] yields.
func (s *Solver) numClauses() int {
	n := 0
	for _, m := range s.added {
		if m == z.LitNull {
			n++
		}
	}
	return n
}

// Soft is a weighted soft clause of a WCNF instance.
type Soft struct {
	Weight int64
	Lits   []z.Lit
}

// WriteCNF writes, as DIMACS CNF, the clauses added so far followed by the
// clauses of extra (which are not added to s). The output is the comment
// lines ("c " then each comment; a comment spanning several lines becomes
// several comment lines), the header "p cnf V C", where V is the highest
// variable used by a clause or assumption so far or by extra and C is the
// number of clauses, then one clause a line, literals ending in 0.
func (s *Solver) WriteCNF(w io.Writer, comments []string, extra [][]z.Lit) error {
	bw := bufio.NewWriter(w)
	writeComments(bw, comments)
	v := s.extraMaxVar(extra, nil)
	fmt.Fprintf(bw, "p cnf %d %d\n", v, s.numClauses()+len(extra))
	var buf []byte
	for c := range s.Clauses() {
		buf = appendClause(buf[:0], "", c)
		bw.Write(buf)
	}
	for _, c := range extra {
		buf = appendClause(buf[:0], "", c)
		bw.Write(buf)
	}
	return bw.Flush()
}

// WriteWCNF writes, in the WCNF format of the MaxSAT Evaluations since
// 2022, the clauses added so far and the clauses of extra as hard clauses
// ("h l1 l2 … 0"), then soft as soft clauses ("weight l1 l2 … 0"),
// preceded by the comment lines. There is no header line. Every weight must
// be positive and their sum must be below 2^63, as the format requires.
func (s *Solver) WriteWCNF(w io.Writer, comments []string, extra [][]z.Lit, soft []Soft) error {
	var sum int64
	for i, c := range soft {
		if c.Weight <= 0 {
			return fmt.Errorf("sat: soft clause %d has weight %d (want > 0)", i, c.Weight)
		}
		if c.Weight > math.MaxInt64-sum {
			return fmt.Errorf("sat: soft weights sum to 2^63 or more at soft clause %d", i)
		}
		sum += c.Weight
	}
	bw := bufio.NewWriter(w)
	writeComments(bw, comments)
	var buf []byte
	for c := range s.Clauses() {
		buf = appendClause(buf[:0], "h ", c)
		bw.Write(buf)
	}
	for _, c := range extra {
		buf = appendClause(buf[:0], "h ", c)
		bw.Write(buf)
	}
	for _, c := range soft {
		buf = strconv.AppendInt(buf[:0], c.Weight, 10)
		buf = appendClause(append(buf, ' '), "", c.Lits)
		bw.Write(buf)
	}
	return bw.Flush()
}

// extraMaxVar returns the highest variable of s, extra and soft.
func (s *Solver) extraMaxVar(extra [][]z.Lit, soft []Soft) z.Var {
	v := s.maxVar
	for _, c := range extra {
		for _, m := range c {
			v = max(v, m.Var())
		}
	}
	for _, c := range soft {
		for _, m := range c.Lits {
			v = max(v, m.Var())
		}
	}
	return v
}

func writeComments(bw *bufio.Writer, comments []string) {
	for _, c := range comments {
		for line := range strings.Lines(c) {
			line = strings.TrimRight(line, "\r\n")
			if line == "" {
				bw.WriteString("c\n")
				continue
			}
			bw.WriteString("c ")
			bw.WriteString(line)
			bw.WriteByte('\n')
		}
		if c == "" {
			bw.WriteString("c\n")
		}
	}
}

func appendClause(buf []byte, prefix string, c []z.Lit) []byte {
	buf = append(buf, prefix...)
	for _, m := range c {
		buf = strconv.AppendInt(buf, int64(m.Dimacs()), 10)
		buf = append(buf, ' ')
	}
	return append(buf, '0', '\n')
}

// CNF is a clause set read by [ReadDIMACS].
type CNF struct {
	// Weighted is true for WCNF input (no "p cnf" header).
	Weighted bool
	// Vars is the variable count of the header for CNF input, the highest
	// variable used for WCNF input.
	Vars int
	// Hard holds the clauses of CNF input and the hard clauses of WCNF
	// input.
	Hard [][]z.Lit
	// Soft holds the soft clauses of WCNF input.
	Soft []Soft
	// Comments holds the text of every comment line, in order, without the
	// leading "c" and the one blank that may follow it.
	Comments []string
}

// AddTo adds the hard clauses of f to s.
func (f *CNF) AddTo(s *Solver) {
	for _, c := range f.Hard {
		s.AddClause(c...)
	}
}

// SyntaxError reports malformed DIMACS or WCNF input.
type SyntaxError struct {
	Line int // 1-based; 0 when the error is about the input as a whole
	Msg  string
}

func (e *SyntaxError) Error() string {
	if e.Line == 0 {
		return "dimacs: " + e.Msg
	}
	return fmt.Sprintf("dimacs: line %d: %s", e.Line, e.Msg)
}

// ReadDIMACS reads DIMACS CNF or WCNF (the MaxSAT Evaluation format since
// 2022). Lines whose first non-blank character is 'c' are comments, blank
// lines are skipped.
//
// Input with a "p cnf V C" line before any clause is CNF: clauses are
// literals (nonzero integers of at most V in absolute value) each ended by
// 0, and may span lines or share one; there must be exactly C of them. Input
// without it is WCNF: each line is one clause, "h l1 … 0" for a hard clause
// or "w l1 … 0" with a positive integer weight w for a soft one; weights
// must sum below 2^63. The older "p wcnf" format is rejected.
//
// Variables above [MaxDIMACSVar] are rejected. Errors are *[SyntaxError]
// naming the line, or the reader's error wrapped.
func ReadDIMACS(r io.Reader) (*CNF, error) {
	f := &CNF{}
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<24)
	var (
		header    bool  // a p cnf line was seen
		hdrLine   int   // its line
		hdrVars   int64 // its V
		hdrCls    int64 // its C
		body      bool  // some clause or literal was seen
		cur       []z.Lit
		curOpen   bool // CNF: literals pending since the last 0
		curLine   int
		softTotal int64
		line      int
	)
	bad := func(format string, args ...any) error {
		return &SyntaxError{Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	parseLit := func(tok string) (z.Lit, error) {
		d, err := strconv.ParseInt(tok, 10, 64)
		if err != nil {
			return 0, bad("bad literal %q", tok)
		}
		switch {
		case header && (d < -hdrVars || d > hdrVars):
			return 0, bad("literal %d out of range (the header declares %d variables)", d, hdrVars)
		case d < -MaxDIMACSVar || d > MaxDIMACSVar:
			return 0, bad("literal %d out of range (at most %d variables)", d, MaxDIMACSVar)
		}
		return z.Dimacs2Lit(int(d)), nil
	}
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		if text[0] == 'c' {
			text = text[1:]
			if strings.HasPrefix(text, " ") || strings.HasPrefix(text, "\t") {
				text = text[1:]
			}
			f.Comments = append(f.Comments, text)
			continue
		}
		fields := strings.Fields(text)
		if fields[0] == "p" {
			switch {
			case header:
				return nil, bad("second problem line (first on line %d)", hdrLine)
			case body:
				return nil, bad("problem line after clauses")
			case len(fields) >= 2 && fields[1] == "wcnf":
				return nil, bad(`old-style "p wcnf" header is not supported (want the 2022 WCNF format, without header)`)
			case len(fields) != 4 || fields[1] != "cnf":
				return nil, bad(`bad problem line %q (want "p cnf VARS CLAUSES")`, text)
			}
			v, err1 := strconv.ParseInt(fields[2], 10, 64)
			c, err2 := strconv.ParseInt(fields[3], 10, 64)
			if err1 != nil || err2 != nil || v < 0 || c < 0 {
				return nil, bad("bad problem line %q (want non-negative counts)", text)
			}
			if v > MaxDIMACSVar {
				return nil, bad("%d variables is more than the %d supported", v, MaxDIMACSVar)
			}
			header, hdrLine, hdrVars, hdrCls = true, line, v, c
			continue
		}
		body = true
		if header {
			// CNF: a stream of literals, 0 ending each clause.
			for _, tok := range fields {
				m, err := parseLit(tok)
				if err != nil {
					return nil, err
				}
				if !curOpen {
					curOpen, curLine = true, line
				}
				if m != z.LitNull {
					cur = append(cur, m)
					continue
				}
				if int64(len(f.Hard)) >= hdrCls {
					return nil, bad("more clauses than the %d the header declares", hdrCls)
				}
				f.Hard = append(f.Hard, slices.Clone(cur))
				cur, curOpen = cur[:0], false
			}
			continue
		}
		// WCNF: one clause a line.
		if fields[len(fields)-1] != "0" {
			return nil, bad("clause does not end in 0")
		}
		hard := fields[0] == "h"
		var weight int64
		if !hard {
			w, err := strconv.ParseInt(fields[0], 10, 64)
			if err != nil || w <= 0 {
				return nil, bad("bad weight %q (want h or a positive integer below 2^63)", fields[0])
			}
			if w > math.MaxInt64-softTotal {
				return nil, bad("soft weights sum to 2^63 or more")
			}
			softTotal += w
			weight = w
		}
		lits := make([]z.Lit, 0, len(fields)-2)
		for _, tok := range fields[1 : len(fields)-1] {
			m, err := parseLit(tok)
			if err != nil {
				return nil, err
			}
			if m == z.LitNull {
				return nil, bad("0 inside a clause")
			}
			lits = append(lits, m)
			f.Vars = max(f.Vars, int(m.Var()))
		}
		if hard {
			f.Hard = append(f.Hard, lits)
		} else {
			f.Soft = append(f.Soft, Soft{Weight: weight, Lits: lits})
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, &SyntaxError{Line: line + 1, Msg: "line too long"}
		}
		return nil, fmt.Errorf("dimacs: reading line %d: %w", line+1, err)
	}
	if header {
		f.Vars = int(hdrVars)
		if curOpen {
			return nil, &SyntaxError{Line: curLine, Msg: "last clause is not ended by 0"}
		}
		if int64(len(f.Hard)) != hdrCls {
			return nil, &SyntaxError{Line: hdrLine, Msg: fmt.Sprintf("header declares %d clauses, found %d", hdrCls, len(f.Hard))}
		}
	} else {
		f.Weighted = true
	}
	return f, nil
}
