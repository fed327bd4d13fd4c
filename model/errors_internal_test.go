package model

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// pathOffsets finds where each wanted value starts, through escaped and
// odd keys, nested arrays and skipped values of every kind.
func TestPathOffsets(t *testing.T) {
	doc := `{"skip":{"a":[1,"]",{"}":null}],"b":"x\"y"}, "issues" : [ {"id":"a"}, {"id":"b","x":[[1],[2,{"k":true}]]} ],
	"parties":[{"id":"p","pack\u0061ge":{"a b":1,"c":-2.5e3}}], "last":[]}`
	want := map[string]bool{}
	paths := []string{"", "issues", "issues[1]", "issues[1].x[1][1].k", "parties[0].package", `parties[0].package["a b"]`, "parties[0].package.c", "last"}
	for _, p := range paths {
		for q := p; q != ""; q = parentPath(q) {
			want[q] = true
		}
	}
	at := pathOffsets([]byte(doc), want)
	for _, c := range []struct{ path, prefix string }{
		{"", `{"skip"`},
		{"issues", `[ {"id":"a"}`},
		{"issues[1]", `{"id":"b"`},
		{"issues[1].x[1][1].k", `true}]]}`},
		{"parties[0].package", `{"a b":1`},
		{`parties[0].package["a b"]`, `1,"c"`},
		{"parties[0].package.c", `-2.5e3}`},
		{"last", `[]}`},
	} {
		o, ok := at[c.path]
		if !ok || !strings.HasPrefix(doc[o:], c.prefix) {
			t.Errorf("%s: offset %d (found %v), want the value starting %q", c.path, o, ok, c.prefix)
		}
	}
	l := ErrorList{{Path: "last", Msg: "3"}, {Path: "parties[0].package.c", Msg: "2"}, {Path: "issues[1].x", Msg: "1"}, {Msg: "0"}}
	sortByDocument([]byte(doc), l)
	var got []string
	for _, e := range l {
		got = append(got, e.Msg)
	}
	if diff := cmp.Diff([]string{"0", "1", "2", "3"}, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}
