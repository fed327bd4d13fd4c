package report_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zopa-go/zopa/model"
)

// stepSpace is a small feasible space with steps whose agreeable packages
// are worked out by hand in the tests below.
func stepSpace(t *testing.T) *model.Space {
	t.Helper()
	s, err := model.Decode(strings.NewReader(`{"name":"steps","phases":3,
	  "issues":[{"id":"ceasefire","type":"step"},{"id":"withdrawal","type":"step"},{"id":"talks","type":"step"},
	            {"id":"review","type":"step"},{"id":"sanctions","type":"step"}],
	  "rules":[{"id":"order","require":"before(withdrawal, ceasefire) && together(ceasefire, talks)"},
	           {"id":"no_sanctions","require":"!sanctions"},
	           {"id":"late_review","require":"phase(review) >= 3"}],
	  "parties":[{"id":"east","preferences":[{"issue":"ceasefire","weight":1,"points":[[1,1],[4,0]]}]},
	             {"id":"west","preferences":[{"prefer":"phase(withdrawal) == 1","weight":1}]}],
	  "proposals":[{"id":"plan","by":"east","package":{"ceasefire":2,"withdrawal":1,"talks":2,"review":"never","sanctions":"never"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestStepReportJSON checks the ZOPA and package shapes of step issues in
// the JSON report. By hand: withdrawal precedes ceasefire, which comes with
// talks, so ceasefire and talks take phase 2 or 3 and withdrawal phase 1
// or 2; review takes phase 3 or never; sanctions never. Every party gets 1
// from ceasefire 2, withdrawal 1 (east: 1 - 1/3 = 2/3).
func TestStepReportJSON(t *testing.T) {
	s := stepSpace(t)
	r := analyze(t, s)
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Agreeable struct{ Count int }
		ZOPA      map[string]json.RawMessage `json:"zopa"`
		Best      map[string]struct {
			Package map[string]any
		}
		Proposals []struct {
			Agreeable bool
			Utilities map[string]float64
		}
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	// ceasefire/talks in 2 with withdrawal in 1; in 3 with withdrawal in 1
	// or 2: 3 orders, times review in {3, never}.
	if got.Agreeable.Count != 6 {
		t.Errorf("agreeable count %d, want 6", got.Agreeable.Count)
	}
	wantZ := map[string]string{
		"ceasefire":  `{"phases":[2,3],"never":false}`,
		"talks":      `{"phases":[2,3],"never":false}`,
		"withdrawal": `{"phases":[1,2],"never":false}`,
		"review":     `{"phases":[3],"never":true}`,
		"sanctions":  `{"phases":[],"never":true}`,
	}
	gotZ := map[string]string{}
	for k, v := range got.ZOPA {
		var c bytes.Buffer
		if err := json.Compact(&c, v); err != nil {
			t.Fatal(err)
		}
		gotZ[k] = c.String()
	}
	if diff := cmp.Diff(wantZ, gotZ); diff != "" {
		t.Errorf("zopa (-want +got):\n%s", diff)
	}
	u := got.Best["utilitarian"].Package
	if u["ceasefire"] != 2.0 || u["withdrawal"] != 1.0 || u["sanctions"] != "never" {
		t.Errorf("utilitarian package %v, want ceasefire 2, withdrawal 1, sanctions \"never\"", u)
	}
	if len(got.Proposals) != 1 || !got.Proposals[0].Agreeable || got.Proposals[0].Utilities["west"] != 1 {
		t.Errorf("proposal audit %+v, want agreeable with west at 1", got.Proposals)
	}
}
