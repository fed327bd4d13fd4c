package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestErrorMessages runs the command on scenarios with the slips a newcomer
// makes (issue 11.4) and compares what it prints on stderr — one line,
// exit 2 — with testdata/errors.golden (go test -update rewrites it; read
// the diff: these are the messages users see).
func TestErrorMessages(t *testing.T) {
	const base = `{"name":"strike","issues":[{"id":"pension","type":"choice","options":["defined_benefit","defined_contribution"]},
  {"id":"layoffs","type":"bool"},{"id":"raise_pct","type":"int","min":0,"max":10}],
 "parties":[{"id":"management","red_lines":[{"id":"costs","require":"raise_pct <= 4"}]},
  {"id":"union","red_lines":[{"id":"pension_kept","require":"REQ"}],"preferences":[{"issue":"raise_pct","weight":1,"points":[[0,0],[10,1]]}]}]}`
	with := func(req string) string { return strings.Replace(base, "REQ", req, 1) }
	var many strings.Builder
	many.WriteString(`{"name":"strike","issues":[{"id":"layoffs","type":"bool"}],"rules":[`)
	for i := range 12 {
		if i > 0 {
			many.WriteByte(',')
		}
		fmt.Fprintf(&many, `{"id":"r%d","require":"layofs"}`, i)
	}
	many.WriteString(`]}`)
	cases := []struct {
		reason, file, doc string
		args              []string
	}{
		{"a misspelt issue", "misspelt_issue.json", with("!layofs"), nil},
		{"an unquoted option", "unquoted_option.json", with("pension != defined_contribution"), nil},
		{"a misspelt option", "misspelt_option.json", with(`pension == \"defined_benefits\"`), nil},
		{"a misspelt function", "misspelt_function.json", with("atmost(0, layoffs)"), nil},
		{"a word for an operator", "and.json", with("!layoffs and raise_pct >= 3"), nil},
		{"= for ==", "assign.json", with("raise_pct = 3"), nil},
		{"a misspelt field", "misspelt_field.json", strings.Replace(base, `"preferences"`, `"preference"`, 1), nil},
		{"several problems, listed in document order", "several.json",
			strings.TrimSuffix(strings.Replace(with("layofs"), `"weight":1`, `"weight":0`, 1), "}") + `,"proposals":[{"id":"offer","by":"managment","package":{}}]}`, nil},
		{"more than ten problems", "many.json", many.String(), nil},
		{"a misspelt party for -negotiable", "negotiable.json", with("!layoffs"), []string{"-negotiable", "unoin"}},
		{"a misspelt party for -scatter", "scatter.json", with("!layoffs"), []string{"-format", "html", "-scatter", "management,unoin"}},
	}
	dir := t.TempDir()
	var got strings.Builder
	for _, c := range cases {
		path := filepath.Join(dir, c.file)
		writeFile(t, path, c.doc)
		code, out, stderr := runArgs(append([]string{"-scenario", path}, c.args...)...)
		if code != 2 || out != "" || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%s: exit %d, %d bytes on stdout, stderr %q: want exit 2 and one line", c.reason, code, len(out), stderr)
		}
		fmt.Fprintf(&got, "# %s\n%s\n", c.reason, strings.ReplaceAll(stderr, dir+string(filepath.Separator), ""))
	}
	golden := filepath.Join("testdata", "errors.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if diff := cmp.Diff(string(want), got.String()); diff != "" {
		t.Errorf("stderr (-%s +got):\n%s", golden, diff)
	}
}
