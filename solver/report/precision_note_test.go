package report

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/zopa-go/zopa/model"
)

// The fixed-point note appears only when utilities really were compared on
// a fixed-point scale (issue 11.3): integer weights and points
// preferences are exact; sixteen-digit weights on a reservation are not.
func TestFixedPointNoteOnlyWhenTrue(t *testing.T) {
	for _, c := range []struct {
		doc  string
		note bool
	}{
		{`{"name":"t","issues":[{"id":"a","type":"int","min":0,"max":3},{"id":"b","type":"int","min":0,"max":3}],
		   "parties":[{"id":"x","preferences":[{"issue":"a","weight":1,"points":[[0,0],[3,1]]},{"issue":"b","weight":2,"points":[[0,0],[25,1]]}]},
		              {"id":"y","preferences":[{"issue":"a","weight":3,"points":[[0,1],[3,0]]},{"issue":"b","weight":1,"points":[[0,1],[3,0]]}]}]}`, false},
		{`{"name":"t","issues":[{"id":"a","type":"bool"},{"id":"b","type":"bool"}],"rules":[{"id":"h","require":"!a"}],
		   "parties":[{"id":"x","preferences":[{"prefer":"a","weight":0.1234567890123456},{"prefer":"b","weight":0.9876543210987654}],"reservation":0.9},
		              {"id":"y","preferences":[{"prefer":"a","weight":0.3141592653589793},{"prefer":"!b","weight":0.2718281828459045}]}]}`, true},
	} {
		s, err := model.Decode(strings.NewReader(c.doc))
		if err != nil {
			t.Fatal(err)
		}
		r, err := Analyze(context.Background(), s, nil)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := r.WriteText(&b); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(b.String(), "fixed-point scale"); got != c.note {
			t.Errorf("note %v, want %v (precision %+v):\n%s", got, c.note, r.Precision, b.String())
		}
	}
}
