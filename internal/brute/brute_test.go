package brute_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zopa-go/zopa/internal/brute"
	"github.com/zopa-go/zopa/model"
)

func TestPackages(t *testing.T) {
	s, err := model.Decode(strings.NewReader(`{"name":"t","issues":[{"id":"a","type":"bool"},{"id":"n","type":"int","values":[3,1]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range brute.Packages(s) {
		got = append(got, p["a"].String()+","+p["n"].String())
	}
	want := []string{"false,1", "false,3", "true,1", "true,3"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
