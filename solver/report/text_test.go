package report_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios"
	"github.com/zopa-go/zopa/solver/report"
)

// TestTextGolden compares the text report of the Ukraine scenario and of a
// feasible and an infeasible generated space with the golden files. They
// follow Analyze: rerun with -update when what Analyze computes changes, and
// read the diff.
func TestTextGolden(t *testing.T) {
	cases := []struct {
		name string
		s    func() *model.Space
	}{
		{"ukraine2025.txt", func() *model.Space { s, _ := scenarios.Load("ukraine2025"); return s }},
		{"generated.txt", func() *model.Space { return scenarios.Generate(genFeasible) }},
		{"generated_infeasible.txt", func() *model.Space { return scenarios.GenerateInfeasible(genInfeasible, 3) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := c.s()
			r := analyze(t, s)
			var b bytes.Buffer
			if err := r.WriteText(&b); err != nil {
				t.Fatal(err)
			}
			checkWidth(t, b.String())
			golden(t, c.name, b.Bytes())
		})
	}
	// The generated spaces are what the test means them to be.
	if r := analyze(t, scenarios.Generate(genFeasible)); !r.Feasible || len(r.Proposals) == 0 {
		t.Errorf("generated space: feasible %v, %d proposals; want a feasible space with proposals", r.Feasible, len(r.Proposals))
	}
	if r := analyze(t, scenarios.GenerateInfeasible(genInfeasible, 3)); r.Feasible || len(r.Conflicts.Sets) != 3 {
		t.Errorf("infeasible generated space: feasible %v, %d conflicts; want 3 planted conflicts", r.Feasible, len(r.Conflicts.Sets))
	}
}

// TestTextGoldenBest covers the sections Analyze does not fill yet: the
// best packages side by side and the Pareto frontier, on a report filled
// by brute force.
func TestTextGoldenBest(t *testing.T) {
	s := scenarios.Generate(genFeasible)
	r := analyze(t, s)
	fillByBruteForce(t, s, r)
	var b bytes.Buffer
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	checkWidth(t, out)
	for _, want := range []string{"Best packages under each bargaining rule", "utilitarian", "Kalai-Smorodinsky",
		"utility p0", "score", "Pareto frontier: "} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	golden(t, "generated_best.txt", b.Bytes())
}

func checkWidth(t *testing.T, out string) {
	t.Helper()
	for i, l := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(l); n > report.TextWidth {
			t.Errorf("line %d has %d characters, more than %d: %q", i+1, n, report.TextWidth, l)
		}
		if strings.TrimRight(l, " ") != l {
			t.Errorf("line %d has trailing spaces: %q", i+1, l)
		}
	}
}

// TestTextWrapsNotTruncates gives the text report long ids, notes, sources
// and many parties, and checks that every word of them is printed and no
// line is wider than TextWidth.
func TestTextWrapsNotTruncates(t *testing.T) {
	long := "an_issue_with_a_very_long_identifier_that_goes_on_and_on_and_on_until_it_is_wider_than_any_terminal_of_the_world"
	note := strings.Repeat("This note is long and keeps going with words that must all appear. ", 5) + "Supercalifragilisticexpialidocious" + strings.Repeat("x", 120)
	b := model.NewBuilder("wide").
		Source("src", strings.Repeat("A very long source title ", 8)).
		Bool(long, "").
		Choice("c", "first_option_with_a_long_name", "second_option_with_a_long_name", "third_option_with_a_long_name")
	for _, p := range []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima"} {
		b = b.Party(p+"_with_a_long_party_identifier").RedLine("insists_on_it_with_a_long_red_line_identifier", long).Note(note, "src")
	}
	b = b.Party("other").RedLine("refuses", "!"+long).Note(note, "src").
		Proposal("proposal_with_a_rather_long_identifier_too", "other", model.Package{long: model.BoolValue(true)})
	s, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	r := analyze(t, s)
	var out bytes.Buffer
	if err := r.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	checkWidth(t, text)
	joined := strings.Join(strings.Fields(text), " ")
	unwrapped := strings.ReplaceAll(text, "\n", "")
	for _, w := range strings.Fields(note) {
		if !strings.Contains(joined, w) && !strings.Contains(strings.Join(strings.Fields(unwrapped), ""), w) {
			t.Errorf("note word %q is missing", w)
		}
	}
	compact := strings.Join(strings.Fields(text), "")
	for _, w := range []string{"lima_with_a_long_party_identifier.insists_on_it_with_a_long_red_line_identifier",
		"proposal_with_a_rather_long_identifier_too", strings.ReplaceAll(strings.Repeat("A very long source title ", 8), " ", "")} {
		if !strings.Contains(compact, w) {
			t.Errorf("%q is missing", w)
		}
	}

	// A feasible space: the long issue and option names in the ZOPA table.
	s, err = model.NewBuilder("wide_ok").
		Bool(long, "").
		Choice("c", "first_option_with_a_long_name", "second_option_with_a_long_name", "third_option_with_a_long_name").
		IntRange("n", -1_000_000_000_000, 1_000_000_000_000, 1_000_000_000_000).
		Party("p").RedLine("r", long+" || c != \"first_option_with_a_long_name\"").
		Build()
	if err != nil {
		t.Fatal(err)
	}
	r = analyze(t, s)
	out.Reset()
	if err := r.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	checkWidth(t, out.String())
	cols := columns(t, out.String(), "  issue", "agreeable values")
	for _, w := range [][2]string{{"issue", long}, {"agreeable values", "first_option_with_a_long_name, second_option_with_a_long_name, third_option_with_a_long_name"},
		{"of", "-1000000000000 to 1000000000000 (3 values)"}} {
		if !strings.Contains(cols[w[0]], w[1]) {
			t.Errorf("column %q = %q, want it to hold %q", w[0], cols[w[0]], w[1])
		}
	}
}

// columns reads the table whose header line starts with header and holds
// also back into its columns: each column's cells, continuation lines joined
// (with a space where a line ends at a space-free break, none where a word
// was split).
func columns(t *testing.T, out, header, also string) map[string]string {
	t.Helper()
	lines := strings.Split(out, "\n")
	start := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, header) && strings.Contains(l, also) })
	if start < 0 {
		t.Fatalf("no table with header %q in\n%s", header, out)
	}
	h := []rune(lines[start])
	// Column starts: a non-space after two spaces.
	var starts []int
	for i := range h {
		if h[i] != ' ' && (i == 0 || (i >= 2 && h[i-1] == ' ' && h[i-2] == ' ')) {
			starts = append(starts, i)
		}
	}
	names := make([]string, len(starts))
	cells := make([][]string, len(starts))
	for _, l := range append([]string{lines[start]}, lines[start+1:]...) {
		if l == "" {
			break
		}
		r := []rune(l)
		for k, st := range starts {
			end := len(r)
			if k+1 < len(starts) {
				end = min(end, starts[k+1])
			}
			if st >= len(r) {
				continue
			}
			c := strings.TrimSpace(string(r[st:end]))
			if names[k] == "" {
				names[k] = c
				continue
			}
			cells[k] = append(cells[k], c)
		}
	}
	m := map[string]string{}
	for k, n := range names {
		var b strings.Builder
		for _, c := range cells[k] {
			if c == "" {
				continue
			}
			if b.Len() > 0 && (strings.HasSuffix(b.String(), ",") || strings.Contains(c, " ") || strings.HasPrefix(c, "(")) {
				b.WriteString(" ")
			}
			b.WriteString(c)
		}
		m[n] = b.String()
	}
	return m
}

// TestTextHardConflict: when the rules alone exclude every package, the
// text says so and lists them with their notes.
func TestTextHardConflict(t *testing.T) {
	s := hardSpace(t)
	r := analyze(t, s)
	var b bytes.Buffer
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	want := "hard: no deal is possible: the hard constraints alone exclude every package.\n" +
		"Certified: every claim that no package exists was proven again on an independent encoding.\n\n" +
		"Even before negotiating, these hard constraints exclude every package\n" +
		"  - rule r1: The first rule.\n" +
		"  - rule r2: requires !a\n"
	if !strings.HasPrefix(b.String(), want) {
		t.Errorf("got\n%s\nwant it to start with\n%s", b.String(), want)
	}
}

// TestRenderersNeedAnalyze: a report that Analyze did not make holds no
// space, and every renderer says so instead of guessing one.
func TestRenderersNeedAnalyze(t *testing.T) {
	var r report.Report
	for name, err := range map[string]error{
		"WriteText": r.WriteText(&bytes.Buffer{}),
		"WriteHTML": r.WriteHTML(&bytes.Buffer{}, nil),
		"WriteDOT":  r.WriteDOT(&bytes.Buffer{}),
	} {
		if !errors.Is(err, report.ErrNoSpace) {
			t.Errorf("%s on a zero report = %v, want ErrNoSpace", name, err)
		}
	}
}

// TestMemberJSON: a member is written in the contract's shape and read
// back to the same reference; an unknown kind is an error.
func TestMemberJSON(t *testing.T) {
	for _, m := range []report.Member{
		{Ref: model.Ref{Party: "russia", Constraint: "no_nato", Kind: model.RedLineKind}},
		{Ref: model.Ref{Party: "ukraine", Constraint: "guarantees_first", Kind: model.PreconditionKind}},
		{Ref: model.Ref{Party: "usa", Constraint: "reservation", Kind: model.ReservationKind}},
		{Ref: model.Ref{Constraint: "budget", Kind: model.RuleKind}},
	} {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf(`{"party":%q,"constraint":%q,"kind":%q}`, m.Party, m.Constraint, m.Kind)
		if string(b) != want {
			t.Errorf("Marshal = %s, want %s", b, want)
		}
		var back report.Member
		if err := json.Unmarshal(b, &back); err != nil || back != m {
			t.Errorf("Unmarshal(%s) = %+v, %v; want %+v", b, back, err, m)
		}
	}
	var m report.Member
	if err := json.Unmarshal([]byte(`{"party":"p","constraint":"c","kind":"wish"}`), &m); err == nil {
		t.Error("unknown kind: no error")
	}
}
