package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	cases := []struct {
		reason string
		args   []string
		code   int
		stderr string
	}{
		{"missing -scenario", nil, 2, "analyze: -scenario is required (a bundled name or a file)\n"},
		{"unknown flag", []string{"-x"}, 2, "analyze: flag provided but not defined: -x\n"},
		{"bad format", []string{"-scenario", "ukraine2025", "-format", "xml"}, 2, "analyze: -format \"xml\": want json or text\n"},
		{"missing file", []string{"-scenario", filepath.Join(dir, "nope.json")}, 2, "analyze: open " + filepath.Join(dir, "nope.json") + ": no such file or directory\n"},
		{"bad expression names file, path and column", []string{"-scenario", bad}, 2, "analyze: " + bad + ": parties[0].red_lines[0].require: col 6: unknown issue \"b\"\n"},
		{"unknown party in -negotiable", []string{"-scenario", "ukraine2025", "-negotiable", "mars"}, 2, "analyze: negotiable: unknown party \"mars\" (want all, preconditions or party ids)\n"},
		{"analysis ran", []string{"-scenario", "ukraine2025", "-format", "json"}, 0, ""},
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
	want := []string{"agreeable", "best", "concessions", "conflicts", "feasible", "format", "hard_conflict", "negotiable", "pareto", "proposals", "scenario", "zopa"}
	if diff := cmp.Diff(want, sorted(keys)); diff != "" {
		t.Errorf("report keys (-want +got):\n%s", diff)
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
