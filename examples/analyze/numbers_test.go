package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Extreme numbers the contract accepts are analysed, and no report, in any
// format, ever prints NaN or an infinity (issue 15).
func TestExtremeNumbers(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, doc string
		want      []string // in the JSON report
	}{
		{"two red lines of cost 1e308 conceded together",
			`{"name":"t","issues":[{"id":"a","type":"bool"},{"id":"b","type":"bool"}],"rules":[{"id":"h","require":"!a && !b"}],
			  "parties":[{"id":"p","red_lines":[{"id":"r1","require":"a","cost":1e308},{"id":"r2","require":"b","cost":1e308}]}]}`,
			[]string{`"cost": 2e+308`}},
		{"costs that sum exactly in decimals",
			`{"name":"t","issues":[{"id":"a","type":"bool"},{"id":"b","type":"bool"}],"rules":[{"id":"h","require":"!a && !b"}],
			  "parties":[{"id":"p","red_lines":[{"id":"r1","require":"a","cost":0.1},{"id":"r2","require":"b","cost":0.2}]}]}`,
			[]string{`"cost": 0.3`}},
		{"two preferences of weight 1e308",
			`{"name":"t","issues":[{"id":"a","type":"bool"},{"id":"b","type":"bool"}],
			  "parties":[{"id":"p","preferences":[{"prefer":"a","weight":1e308},{"prefer":"b","weight":1e308}],"reservation":0.5},
			             {"id":"q","preferences":[{"prefer":"!a","weight":1e308},{"prefer":"!b","weight":1e308}]}]}`,
			[]string{`"p": 0.5`, `"q": 0.5`}},
		{"weights of 1e-308 and the largest float64",
			`{"name":"t","issues":[{"id":"a","type":"bool"},{"id":"b","type":"bool"}],
			  "parties":[{"id":"p","preferences":[{"prefer":"a","weight":1e-308},{"prefer":"b","weight":1e-308}]},
			             {"id":"q","preferences":[{"prefer":"!a","weight":1.7976931348623157e308},{"prefer":"b","weight":1e-308}]}]}`,
			[]string{`"utilitarian": {`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_")+".json")
			if err := os.WriteFile(file, []byte(c.doc), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, format := range []string{"json", "text", "html", "dot"} {
				code, out, stderr := runArgs("-scenario", file, "-format", format)
				if code != 0 {
					t.Fatalf("%s: exit %d: %s", format, code, stderr)
				}
				for _, bad := range []string{"NaN", "Inf", "inf"} {
					if strings.Contains(out, bad) {
						t.Errorf("%s report contains %q", format, bad)
					}
				}
				if format != "json" {
					continue
				}
				// 2e+308 is a JSON number no float64 holds: decode numbers as
				// text.
				dec := json.NewDecoder(strings.NewReader(out))
				dec.UseNumber()
				var v any
				if err := dec.Decode(&v); err != nil {
					t.Errorf("JSON report does not parse: %v", err)
				}
				for _, w := range c.want {
					if !strings.Contains(out, w) {
						t.Errorf("JSON report lacks %s:\n%s", w, out)
					}
				}
			}
		})
	}
}
