package model

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDuplicateFields(t *testing.T) {
	cases := []struct {
		reason, doc string
		want        []string
	}{
		{"top level", `{"name":"t","issues":[],"name":"u"}`, []string{`duplicate field "name"`}},
		{"nested, with the path of the object", `{"name":"t","issues":[{"id":"a","type":"bool"}],"parties":[{"id":"p"},{"id":"q","red_lines":[{"id":"r","require":"a","cost":2,"cost":0.5}]}]}`,
			[]string{`parties[1].red_lines[0]: duplicate field "cost" (parties[1] is q)`}},
		{"package keys", `{"name":"t","issues":[{"id":"a","type":"bool"}],"proposals":[{"id":"q","package":{"a":true,"a":false}}]}`,
			[]string{`proposals[0].package: duplicate field "a"`}},
		{"preference values", `{"name":"t","issues":[{"id":"a","type":"bool"}],"parties":[{"id":"p","preferences":[{"issue":"a","weight":1,"values":{"true":1,"true":0}}]}]}`,
			[]string{`parties[0].preferences[0].values: duplicate field "true" (parties[0] is p)`}},
		{"every duplicate and the other decoding errors, in document order (an object's own problems where it starts)", `{"name":"t","issues":[{"id":"a","type":"bool","id":"b","colour":1}],"title":"x","title":"y"}`,
			[]string{`duplicate field "title"`, `issues[0]: duplicate field "id"`, `issues[0]: unknown field "colour"`}},
		{"a key seen thrice is reported twice", `{"name":"t","issues":[],"title":"","title":"","title":""}`,
			[]string{`duplicate field "title"`, `duplicate field "title"`}},
		{"escaped keys are compared decoded", `{"name":"t","issues":[],"na\u006de":"u"}`, []string{`duplicate field "name"`}},
	}
	for _, c := range cases {
		_, err := ParseSpace([]byte(c.doc))
		var list ErrorList
		if !errors.As(err, &list) {
			t.Errorf("%s: error = %v, want an ErrorList", c.reason, err)
			continue
		}
		var got []string
		for _, e := range list {
			got = append(got, e.Error())
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.reason, diff)
		}
	}
}

func TestEqualKeysInDifferentObjectsAreFine(t *testing.T) {
	var issues []string
	for i := range 50 {
		issues = append(issues, fmt.Sprintf(`{"id":"i%d","type":"bool","label":"same"}`, i))
	}
	doc := `{"name":"t","issues":[` + strings.Join(issues, ",") + `],"parties":[{"id":"p","name":"n"},{"id":"q","name":"n"}]}`
	if _, err := ParseSpace([]byte(doc)); err != nil {
		t.Fatal(err)
	}
}
