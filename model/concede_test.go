package model_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zopa-go/zopa/model"
)

func TestConcede(t *testing.T) {
	s, err := model.NewBuilder("t").Bool("nato", "").Bool("cede", "").
		Rule("r", "nato || !cede").
		Party("a").RedLine("no_nato", "!nato").Precondition("pre", "cede", "nato").Prefer("cede", 1).Reservation(0.5).
		Party("b").RedLine("nato", "nato").
		Build()
	if err != nil {
		t.Fatal(err)
	}
	pkg := model.Package{"nato": model.BoolValue(true), "cede": model.BoolValue(false)}
	v, err := s.Judge(pkg)
	if err != nil {
		t.Fatal(err)
	}
	wantBroken := []model.Ref{{Party: "a", Constraint: "no_nato", Kind: model.RedLineKind}, {Party: "a", Constraint: "reservation", Kind: model.ReservationKind}}
	if diff := cmp.Diff(wantBroken, v.Broken); diff != "" {
		t.Fatalf("before conceding (-want +got):\n%s", diff)
	}
	c, err := s.Concede(wantBroken...)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := c.Judge(pkg); err != nil || !v.Agreeable {
		t.Errorf("after conceding %v: %+v, %v; want agreeable", wantBroken, v, err)
	}
	if v, _ := s.Judge(pkg); v.Agreeable || s.Party("a").Reservation == nil || len(s.Party("a").RedLines) != 1 {
		t.Errorf("Concede modified the original space")
	}
	if len(c.Party("a").Preconditions) != 1 || len(c.Party("b").RedLines) != 1 {
		t.Errorf("Concede dropped constraints it was not asked to: %+v", c.Parties)
	}
	for _, tc := range []struct {
		why string
		ref model.Ref
	}{
		{"rules are not negotiable", model.Ref{Constraint: "r", Kind: model.RuleKind}},
		{"unknown constraint", model.Ref{Party: "a", Constraint: "nope", Kind: model.RedLineKind}},
		{"wrong kind", model.Ref{Party: "a", Constraint: "pre", Kind: model.RedLineKind}},
		{"no reservation", model.Ref{Party: "b", Constraint: "reservation", Kind: model.ReservationKind}},
	} {
		if _, err := s.Concede(tc.ref); err == nil {
			t.Errorf("%s: Concede(%v) succeeded", tc.why, tc.ref)
		}
	}
}
