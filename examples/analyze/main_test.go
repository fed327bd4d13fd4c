package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func runArgs(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestExitStatuses(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"name":"t","issues":[{"id":"a","type":"bool"}],"parties":[{"id":"p","red_lines":[{"id":"r","require":"a && b"}]}]}`), 0o644)
	wide := filepath.Join(dir, "wide.json")
	os.WriteFile(wide, []byte(`{"name":"t","issues":[{"id":"x","type":"int","min":0,"max":99999}]}`), 0o644)
	cases := []struct {
		reason string
		args   []string
		code   int
		stderr string
	}{
		{"missing -scenario", nil, 2, "analyze: -scenario is required (a bundled name or a file)\n"},
		{"unknown flag", []string{"-x"}, 2, "analyze: flag provided but not defined: -x\n"},
		{"bad format", []string{"-scenario", "ukraine2025", "-format", "xml"}, 2, "analyze: -format \"xml\": want text, json, dot or html\n"},
		{"bad frontier", []string{"-scenario", "ukraine2025", "-frontier", "pie"}, 2, "analyze: -frontier chart \"pie\": want auto, scatter or parallel\n"},
		{"one scatter party", []string{"-scenario", "ukraine2025", "-format", "html", "-scatter", "russia"}, 2, "analyze: -scatter \"russia\": want two different party ids, partyA,partyB\n"},
		{"same scatter party twice", []string{"-scenario", "ukraine2025", "-format", "html", "-scatter", "russia,russia"}, 2, "analyze: -scatter \"russia,russia\": want two different party ids, partyA,partyB\n"},
		{"unknown scatter party", []string{"-scenario", "ukraine2025", "-format", "html", "-scatter", "russia,mars"}, 2, "analyze: -scatter: unknown party \"mars\"\n"},
		{"missing file", []string{"-scenario", filepath.Join(dir, "nope.json")}, 2, "analyze: open " + filepath.Join(dir, "nope.json") + ": no such file or directory\n"},
		{"bad expression names file, path and column", []string{"-scenario", bad}, 2, "analyze: " + bad + ": parties[0].red_lines[0].require: col 6: unknown issue \"b\" (parties[0] is p)\n"},
		{"unknown party in -negotiable", []string{"-scenario", "ukraine2025", "-negotiable", "mars"}, 2, "analyze: negotiable: unknown party \"mars\" (want all, preconditions or party ids)\n"},
		{"zero -max-size", []string{"-scenario", "ukraine2025", "-max-size", "0"}, 2, "analyze: -max-size 0: want a positive number of size units, or -1 for no limit\n"},
		{"no -max-size", []string{"-scenario", wide, "-format", "json", "-max-size", "-1"}, 0, ""},
		{"analysis ran", []string{"-scenario", "ukraine2025", "-format", "json"}, 0, ""},
		{"text", []string{"-scenario", "ukraine2025"}, 0, ""},
		{"dot", []string{"-scenario", "ukraine2025", "-format", "dot"}, 0, ""},
		{"html with a scatter pair", []string{"-scenario", "ukraine2025", "-format", "html", "-scatter", "ukraine,russia", "-frontier", "parallel"}, 0, ""},
	}
	// Over the budget: exit 2, one line naming the file, the issue and the budget.
	code, out, stderr := runArgs("-scenario", wide, "-format", "json", "-max-size", "20")
	if want := "analyze: " + wide + ": issues[0]: issue x would take about "; code != 2 || out != "" || !strings.HasPrefix(stderr, want) ||
		!strings.Contains(stderr, "over the size budget of 20 (raise it with -max-size") {
		t.Errorf("over -max-size: exit %d, stdout %q, stderr %q; want 2, nothing, %q…", code, out, stderr, want)
	}
	for _, c := range cases {
		code, _, stderr := runArgs(c.args...)
		if code != c.code || stderr != c.stderr {
			t.Errorf("%s: exit %d, stderr %q; want %d, %q", c.reason, code, stderr, c.code, c.stderr)
		}
		if strings.Count(stderr, "\n") > 1 {
			t.Errorf("%s: stderr has more than one line: %q", c.reason, stderr)
		}
	}
}

// TestReportContract checks the JSON report's shape for an infeasible and a
// feasible space: field names, nulls and empty lists as the contract says.
func TestReportContract(t *testing.T) {
	code, out, stderr := runArgs("-scenario", "ukraine2025", "-format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	keys := []string{}
	for k := range r {
		keys = append(keys, k)
	}
	want := []string{"agreeable", "best", "certified", "concessions", "conflicts", "feasible", "format", "hard_conflict", "negotiable", "pareto", "proposals", "robustness", "scenario", "warnings", "zopa"}
	if diff := cmp.Diff(want, sorted(keys)); diff != "" {
		t.Errorf("report keys (-want +got):\n%s", diff)
	}
	if r["certified"] != true {
		t.Errorf("certified = %v; want true", r["certified"])
	}
	if r["format"] != "zopa-report/v1" || r["feasible"] != false || r["negotiable"] != "all" {
		t.Errorf("header: %v %v %v", r["format"], r["feasible"], r["negotiable"])
	}
	if diff := cmp.Diff(map[string]any{"count": 0.0, "exact": true}, r["agreeable"]); diff != "" {
		t.Errorf("agreeable (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]any{"complete": true, "points": []any{}}, r["pareto"]); diff != "" {
		t.Errorf("pareto of an infeasible space (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]any{"utilitarian": nil, "egalitarian": nil, "nash": nil, "kalai_smorodinsky": nil}, r["best"]); diff != "" {
		t.Errorf("best (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]any{}, r["zopa"]); diff != "" {
		t.Errorf("zopa (-want +got):\n%s", diff)
	}
	if r["hard_conflict"] != nil {
		t.Errorf("hard_conflict = %v, want null", r["hard_conflict"])
	}
	props := r["proposals"].([]any)
	first := props[0].(map[string]any)
	if first["id"] != "us_original" || first["agreeable"] != false {
		t.Errorf("first proposal: %v", first)
	}
	viol := first["violations"].([]any)
	if len(viol) == 0 || viol[0].(map[string]any)["kind"] != "red_line" {
		t.Errorf("us_original violations: %v", viol)
	}

	// A feasible file: ZOPA entries per issue kind, no conflicts.
	dir := t.TempDir()
	f := filepath.Join(dir, "ok.json")
	os.WriteFile(f, []byte(`{"name":"ok","issues":[{"id":"a","type":"bool"},{"id":"c","type":"choice","options":["x","y","z"]},{"id":"n","type":"int","values":[3,1,2]}],
	 "parties":[{"id":"p","red_lines":[{"id":"r","require":"n >= 2 && c != \"y\""}]}],
	 "proposals":[{"id":"q","package":{"a":true,"c":"x","n":1}}]}`), 0o644)
	code, out, stderr = runArgs("-scenario", f, "-format", "json", "-count-limit", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r2 struct {
		Feasible  bool
		Agreeable struct {
			Count int
			Exact bool
		}
		Conflicts struct {
			Complete bool
			Sets     []any
		}
		Proposals []map[string]any
		ZOPA      map[string]any `json:"zopa"`
	}
	if err := json.Unmarshal([]byte(out), &r2); err != nil {
		t.Fatal(err)
	}
	if !r2.Feasible || r2.Agreeable.Count != 3 || r2.Agreeable.Exact || !r2.Conflicts.Complete || len(r2.Conflicts.Sets) != 0 {
		t.Errorf("feasible report: %+v", r2)
	}
	wantZ := map[string]any{"a": map[string]any{"values": []any{false, true}}, "c": map[string]any{"options": []any{"x", "z"}}, "n": map[string]any{"min": 2.0, "max": 3.0}}
	if diff := cmp.Diff(wantZ, r2.ZOPA); diff != "" {
		t.Errorf("zopa (-want +got):\n%s", diff)
	}
	wantP := map[string]any{"id": "q", "agreeable": false,
		"violations": []any{map[string]any{"party": "p", "constraint": "r", "kind": "red_line"}},
		"utilities":  map[string]any{"p": 1.0}}
	if diff := cmp.Diff(wantP, r2.Proposals[0]); diff != "" {
		t.Errorf("proposal (-want +got):\n%s", diff)
	}
}

func sorted(s []string) []string {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

// TestFormats checks that each format writes what it should: the text
// report by default, DOT, and a well-formed HTML page.
func TestFormats(t *testing.T) {
	code, text, stderr := runArgs("-scenario", "ukraine2025")
	if code != 0 || !strings.HasPrefix(text, "ukraine2025: no deal is possible: ") || stderr != "" {
		t.Errorf("text: exit %d, stderr %q, output starts %.60q", code, stderr, text)
	}
	code, dot, _ := runArgs("-scenario", "ukraine2025", "-format", "dot")
	if code != 0 || !strings.HasPrefix(dot, "strict graph ukraine2025 {") || !strings.Contains(dot, `"conflict 7"`) {
		t.Errorf("dot: exit %d, output starts %.60q", code, dot)
	}
	code, page, _ := runArgs("-scenario", "ukraine2025", "-format", "html")
	if code != 0 || !strings.HasPrefix(page, "<!DOCTYPE html>") {
		t.Fatalf("html: exit %d, output starts %.60q", code, page)
	}
	d := xml.NewDecoder(strings.NewReader(page))
	for {
		if _, err := d.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("html is not well-formed XML: %v", err)
		}
	}
}

// TestProgress checks that progress goes to stderr with -progress, and
// never when stderr is not a terminal and -progress is not given.
func TestProgress(t *testing.T) {
	code, out, stderr := runArgs("-scenario", "ukraine2025", "-format", "json", "-progress")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "analyze: compile: ") {
		t.Errorf("-progress: stderr %q, want progress lines", stderr)
	}
	for _, l := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		if !strings.HasPrefix(l, "analyze: ") {
			t.Errorf("progress line %q", l)
		}
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Errorf("-progress spoiled stdout: %v", err)
	}
	if _, _, stderr := runArgs("-scenario", "ukraine2025", "-format", "json"); stderr != "" {
		t.Errorf("no -progress, stderr not a terminal: stderr %q, want nothing", stderr)
	}
	// A file is not a terminal either.
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Error("a file is a terminal")
	}
	if code := run([]string{"-scenario", "ukraine2025", "-format", "dot"}, io.Discard, f); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if fi, _ := f.Stat(); fi.Size() != 0 {
		t.Errorf("stderr to a file without -progress: %d bytes", fi.Size())
	}
}

// TestProgressWriter checks the progress lines: one when a stage starts,
// at most one per interval within a stage, and on a terminal lines that
// overwrite each other and are cleared at the end.
func TestProgressWriter(t *testing.T) {
	var b bytes.Buffer
	p := &progressWriter{w: &b, every: time.Hour}
	p.report("count", 1)
	p.report("count", 2)
	p.report("explain", 1)
	p.report("explain", 5)
	p.finish()
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "analyze: count: 1 (") || !strings.HasPrefix(lines[1], "analyze: explain: 1 (") {
		t.Errorf("lines %q", lines)
	}
	b.Reset()
	p = &progressWriter{w: &b, tty: true, every: 0}
	p.report("explain", 1)
	p.report("explain", 2)
	p.finish()
	if s := b.String(); strings.Count(s, "\r\x1b[K") != 3 || strings.Contains(s, "\n") || !strings.HasSuffix(s, "\r\x1b[K") {
		t.Errorf("terminal output %q", s)
	}
	var nilp *progressWriter
	nilp.finish()
}

// TestStepInputErrors runs every bad step input of the contract through the
// command: exit 2 and one line naming the file and the JSON location.
func TestStepInputErrors(t *testing.T) {
	dir := t.TempDir()
	doc := func(phases, redLine, pref, pkg string) string {
		return `{"name":"t",` + phases + `"issues":[{"id":"cf","type":"step"},{"id":"wd","type":"step"},{"id":"b","type":"bool"},{"id":"n","type":"int","min":0,"max":3}],` +
			`"parties":[{"id":"p","red_lines":[{"id":"r","require":"` + redLine + `"}],"preferences":[` + pref + `]}],` +
			`"proposals":[{"id":"q","package":{"cf":` + pkg + `}}]}`
	}
	ok := doc("", "before(wd, cf)", `{"issue":"cf","weight":1,"points":[[1,1],[3,0]]}`, `"never"`)
	cases := []struct{ reason, doc, want string }{
		{"phases without steps", `{"name":"t","phases":2,"issues":[{"id":"b","type":"bool"}]}`, `phases: phases is set but no issue is a step`},
		{"phases 0", strings.Replace(ok, `"name":"t",`, `"name":"t","phases":0,`, 1), `phases: phases must be an integer from 1 to 64, got 0`},
		{"phases 65", strings.Replace(ok, `"name":"t",`, `"name":"t","phases":65,`, 1), `phases: phases must be an integer from 1 to 64, got 65`},
		{"step in arithmetic", doc("", "cf + n <= 2", "", "1"), `parties[0].red_lines[0].require: col 1: step issue \"cf\" used in arithmetic (use phase(cf)) (parties[0] is p)`},
		{"before on a non-step", doc("", "before(b, cf)", "", "1"), `parties[0].red_lines[0].require: col 8: bool issue \"b\" is not a step (phase, before and together take step issues) (parties[0] is p)`},
		{"values on a step", doc("", "cf", `{"issue":"cf","weight":1,"values":{"1":1}}`, "1"), `parties[0].preferences[0].values: values cannot score step issue \"cf\"; use points over its phases (never counts as 3) or prefer (parties[0] is p)`},
		{"phase 0", doc("", "cf", "", "0"), `proposals[0].package.cf: value 0 of step issue \"cf\" is not a phase from 1 to 2 or \"never\"`},
		{"phase K+1", doc("", "cf", "", "3"), `proposals[0].package.cf: value 3 of step issue \"cf\" is not a phase from 1 to 2 or \"never\"`},
		{"Never", doc("", "cf", "", `"Never"`), `proposals[0].package.cf: value \"Never\" of step issue \"cf\" is not a phase from 1 to 2 or \"never\"; did you mean \"never\"?`},
		{"never with a space", doc("", "cf", "", `"never "`), `proposals[0].package.cf: value \"never \" of step issue \"cf\" is not a phase from 1 to 2 or \"never\"; did you mean \"never\"?`},
	}
	good := filepath.Join(dir, "ok.json")
	os.WriteFile(good, []byte(ok), 0o644)
	if code, out, stderr := runArgs("-scenario", good, "-format", "json"); code != 0 || !strings.Contains(out, `"zopa"`) {
		t.Fatalf("valid step scenario: exit %d, %s", code, stderr)
	}
	for i, c := range cases {
		path := filepath.Join(dir, fmt.Sprintf("bad%d.json", i))
		os.WriteFile(path, []byte(c.doc), 0o644)
		code, _, stderr := runArgs("-scenario", path, "-format", "json")
		want := "analyze: " + path + ": " + strings.ReplaceAll(c.want, `\"`, `"`) + "\n"
		if code != 2 || stderr != want {
			t.Errorf("%s: exit %d, stderr %q; want 2, %q", c.reason, code, stderr, want)
		}
	}
}

// TestRobustnessReport checks the robustness object: one entry per listed
// concession set and a cost range per on-the-table constraint for an
// infeasible space; the Monte Carlo picks for a feasible one, reproducible
// for a seed, null without varying weights or draws; and the flags' and
// ranges' errors.
func TestRobustnessReport(t *testing.T) {
	dir := t.TempDir()
	write := func(name, doc string) string {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	type pick struct {
		Share     float64
		Utilities map[string]float64
		Package   map[string]any
	}
	type report struct {
		Concessions struct{ Sets []any }
		Robustness  struct {
			Concessions []map[string]bool `json:"concessions"`
			CostRanges  []struct {
				Party, Constraint, Kind string
				Cost, Min               float64
				Max                     *float64
			} `json:"cost_ranges"`
			Picks *struct {
				Samples, Seed int
				Utilitarian   []pick
				Egalitarian   []pick
				Nash          []pick
				KS            []pick `json:"kalai_smorodinsky"`
			}
		}
	}
	analyze := func(args ...string) report {
		t.Helper()
		code, out, stderr := runArgs(append(args, "-format", "json")...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		var r report
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	// Infeasible: a against !a, the red line dearer and uncertain.
	in := write("in.json", `{"name":"in","issues":[{"id":"a","type":"bool"}],"parties":[
	  {"id":"p","red_lines":[{"id":"want_a","require":"a","cost":2,"cost_range":[0.5,4]}]},
	  {"id":"q","red_lines":[{"id":"no_a","require":"!a","cost":1}]}]}`)
	r := analyze("-scenario", in)
	if len(r.Robustness.Concessions) != len(r.Concessions.Sets) || len(r.Concessions.Sets) != 2 {
		t.Fatalf("robustness of %d sets for %d listed", len(r.Robustness.Concessions), len(r.Concessions.Sets))
	}
	// The cheapest is {q.no_a} (1): cheapest unless want_a falls below 1.
	wantC := []map[string]bool{{"possibly_cheapest": true, "necessarily_cheapest": false}, {"possibly_cheapest": true, "necessarily_cheapest": false}}
	if diff := cmp.Diff(wantC, r.Robustness.Concessions); diff != "" {
		t.Errorf("concessions (-want +got):\n%s", diff)
	}
	cr := r.Robustness.CostRanges
	if len(cr) != 2 || cr[0].Constraint != "want_a" || cr[0].Min != 1 || cr[0].Max != nil || cr[1].Constraint != "no_a" || cr[1].Min != 0 || cr[1].Max == nil || *cr[1].Max != 2 {
		t.Errorf("cost ranges: %+v", cr)
	}
	if r.Robustness.Picks != nil {
		t.Errorf("picks of an infeasible space: %+v", r.Robustness.Picks)
	}
	// Feasible, with a weight range that moves the picks.
	ok := write("ok.json", `{"name":"ok","issues":[{"id":"x","type":"choice","options":["l","m","r"]}],"parties":[
	  {"id":"p","preferences":[{"issue":"x","weight":1,"values":{"l":1,"m":0.6}},{"prefer":"x == \"r\"","weight":1,"weight_range":[0.1,3]}]},
	  {"id":"q","preferences":[{"issue":"x","weight":1,"values":{"r":1,"m":0.6}}]}]}`)
	a, b := analyze("-scenario", ok, "-seed", "3"), analyze("-scenario", ok, "-seed", "3")
	pk := a.Robustness.Picks
	if pk == nil || pk.Samples != 1000 || pk.Seed != 3 {
		t.Fatalf("picks: %+v", pk)
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("the same seed twice (-first +second):\n%s", diff)
	}
	for name, list := range map[string][]pick{"utilitarian": pk.Utilitarian, "egalitarian": pk.Egalitarian, "nash": pk.Nash, "kalai_smorodinsky": pk.KS} {
		total := 0.0
		for i, x := range list {
			total += x.Share
			if i > 0 && x.Share > list[i-1].Share {
				t.Errorf("%s: shares not descending: %+v", name, list)
			}
		}
		if math.Abs(total-1) > 1e-9 {
			t.Errorf("%s: shares sum to %v", name, total)
		}
	}
	if len(pk.Utilitarian) < 2 {
		t.Errorf("utilitarian picks %+v: the range should move them", pk.Utilitarian)
	}
	if p := analyze("-scenario", ok, "-samples", "0").Robustness.Picks; p != nil {
		t.Errorf("-samples 0: picks %+v", p)
	}
	fixed := write("fixed.json", `{"name":"fixed","issues":[{"id":"a","type":"bool"}],"parties":[{"id":"p","preferences":[{"prefer":"a","weight":1}]}]}`)
	if p := analyze("-scenario", fixed).Robustness.Picks; p != nil {
		t.Errorf("no ranges, no perturbation: picks %+v", p)
	}
	if p := analyze("-scenario", fixed, "-perturb", "0.3").Robustness.Picks; p == nil || len(p.Utilitarian) != 1 || p.Utilitarian[0].Share != 1 {
		t.Errorf("-perturb 0.3 on one party: picks %+v", p)
	}
	// Errors: one line, exit 2.
	for _, c := range []struct{ args []string }{
		{[]string{"-scenario", ok, "-perturb", "1"}},
		{[]string{"-scenario", ok, "-perturb", "-0.1"}},
		{[]string{"-scenario", ok, "-samples", "-5"}},
		{[]string{"-scenario", ok, "-seed", "x"}},
	} {
		if code, _, stderr := runArgs(c.args...); code != 2 || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q", c.args, code, stderr)
		}
	}
	for _, bad := range []struct{ rng, where string }{
		{`[3, 4]`, "cost_range"}, {`[0.5, 1.5]`, "cost_range"}, {`[0, 3]`, "cost_range"}, {`[-1, 3]`, "cost_range"},
		{`["1", 3]`, "cost_range[0]"}, {`[1, 2, 3]`, "cost_range"}, {`[NaN, 3]`, "line 1:"}, {`2`, "cost_range"},
	} {
		f := write("bad.json", `{"name":"b","issues":[{"id":"a","type":"bool"}],"parties":[{"id":"p","red_lines":[{"id":"r","require":"a","cost":2,"cost_range":`+bad.rng+`}]}]}`)
		code, _, stderr := runArgs("-scenario", f)
		if code != 2 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, bad.where) || !strings.Contains(stderr, f) {
			t.Errorf("cost_range %s: exit %d, stderr %q", bad.rng, code, stderr)
		}
	}
}

// TestCertifyFlag: -certify=false switches the re-check off and the report
// says so, in JSON and in the text.
func TestCertifyFlag(t *testing.T) {
	for _, c := range []struct {
		args []string
		want bool
	}{{nil, true}, {[]string{"-certify=true"}, true}, {[]string{"-certify=false"}, false}} {
		code, out, stderr := runArgs(append([]string{"-scenario", "ukraine2025", "-format", "json"}, c.args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, stderr)
		}
		var r struct {
			Certified *bool `json:"certified"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		if r.Certified == nil || *r.Certified != c.want {
			t.Errorf("%v: certified = %v; want %v", c.args, r.Certified, c.want)
		}
		code, out, stderr = runArgs(append([]string{"-scenario", "ukraine2025"}, c.args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, stderr)
		}
		if got := strings.Contains(out, "\nCertified: "); got != c.want {
			t.Errorf("%v: text says certified %v; want %v", c.args, got, c.want)
		}
		if got := strings.Contains(out, "\nNot certified: "); got == c.want {
			t.Errorf("%v: text says not certified %v; want %v", c.args, got, !c.want)
		}
	}
}

// The contract's warnings: always present in JSON (an empty list for a
// clean scenario), one line per slip, shown first in text and HTML, and
// the analysis unchanged.
func TestWarnings(t *testing.T) {
	dir := t.TempDir()
	const issues = `"issues":[{"id":"a","type":"bool"},{"id":"subsidy_m","type":"int","values":[0,5,10]}]`
	clean := filepath.Join(dir, "clean.json")
	writeFile(t, clean, `{"name":"t",`+issues+`,"parties":[{"id":"p","red_lines":[{"id":"r","require":"a || subsidy_m == 5"}]}]}`)
	typo := filepath.Join(dir, "typo.json")
	writeFile(t, typo, `{"name":"t",`+issues+`,"parties":[{"id":"p","red_lines":[{"id":"r","require":"a || subsidy_m == 7"}],
	  "preferences":[{"prefer":"a && !a","weight":1}]}]}`)
	for _, c := range []struct {
		reason, file string
		want         []string
	}{
		{"a clean scenario has an empty list, not null", clean, []string{}},
		{"a comparison with a value the issue never takes, and a preference that never scores", typo, []string{
			`parties[0].red_lines[0].require: col 6: in red line p.r, subsidy_m == 7 is never true (subsidy_m takes 0, 5 and 10)`,
			`parties[0].preferences[0]: p's preference never scores: no package satisfies a && !a`,
		}},
	} {
		code, out, stderr := runArgs("-scenario", c.file, "-format", "json")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", c.reason, code, stderr)
		}
		var r struct {
			Warnings  *[]string `json:"warnings"`
			Agreeable struct{ Count int }
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil || r.Warnings == nil {
			t.Fatalf("%s: warnings missing (%v):\n%s", c.reason, err, out)
		}
		if diff := cmp.Diff(c.want, *r.Warnings); diff != "" {
			t.Errorf("%s: warnings (-want +got):\n%s", c.reason, diff)
		}
		if r.Agreeable.Count != 3 && c.file == typo || r.Agreeable.Count != 4 && c.file == clean {
			t.Errorf("%s: %d agreeable packages: the warnings changed the analysis", c.reason, r.Agreeable.Count)
		}
		_, text, _ := runArgs("-scenario", c.file)
		_, html, _ := runArgs("-scenario", c.file, "-format", "html")
		if len(c.want) == 0 {
			if strings.Contains(text, "Warning") || strings.Contains(html, `class="warnings"`) {
				t.Errorf("%s: a warnings section without warnings", c.reason)
			}
			continue
		}
		if !strings.HasPrefix(text, "Warnings (possible modelling slips") || !strings.Contains(text, "subsidy_m == 7 is never true") {
			t.Errorf("%s: text does not start with the warnings:\n%s", c.reason, text)
		}
		if i, j := strings.Index(html, `class="warnings"`), strings.Index(html, `class="summary"`); i < 0 || i > j || !strings.Contains(html, "subsidy_m == 7 is never true") {
			t.Errorf("%s: HTML does not show the warnings first", c.reason)
		}
	}
}

// TestLimitHint: the report's text names no flag, so the command itself
// says which flag lists more when -limit cut a list, on stderr and only
// for text and HTML (JSON says it with its complete fields).
func TestLimitHint(t *testing.T) {
	for _, c := range []struct {
		reason string
		args   []string
		hint   bool
	}{
		{"every list whole at the default limit", []string{"-format", "text"}, false},
		{"one conflict listed of several", []string{"-format", "text", "-limit", "1"}, true},
		{"HTML gets the hint too", []string{"-format", "html", "-limit", "1"}, true},
		{"JSON never: its complete fields say it", []string{"-format", "json", "-limit", "1"}, false},
	} {
		t.Run(c.reason, func(t *testing.T) {
			code, _, stderr := runArgs(append([]string{"-scenario", "ukraine2025", "-samples", "0"}, c.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if got := strings.Contains(stderr, "raise -limit"); got != c.hint {
				t.Errorf("hint %v, want %v; stderr %q", got, c.hint, stderr)
			}
		})
	}
}
