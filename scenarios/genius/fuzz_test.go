package genius_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios/genius"
)

// FuzzImport throws arbitrary bytes at the importer as a domain and a
// profile: it must return a scenario or an error, never panic, and every
// scenario it returns must survive a round trip through the format.
func FuzzImport(f *testing.F) {
	for _, pair := range [][2]string{
		{"testdata/lunch/lunch_domain.xml", "testdata/lunch/lunch_bob.xml"},
		{"testdata/cubes/domain.xml", "testdata/cubes/profile-2.xml"},
		{"testdata/webtrip/trip.json", "testdata/webtrip/trip1.json"},
		{"testdata/real/domain.xml", "testdata/real/tenant.xml"},
	} {
		d, _ := os.ReadFile(pair[0])
		p, _ := os.ReadFile(pair[1])
		f.Add(d, p, uint8(3))
	}
	f.Fuzz(func(t *testing.T, dom, prof []byte, levels uint8) {
		r, err := genius.Import(genius.File{Name: "d", Data: dom}, []genius.File{{Name: "p", Data: prof}}, &genius.Options{RealLevels: int(levels % 8)})
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := r.Space.Encode(&buf); err != nil {
			t.Fatal(err)
		}
		if _, err := model.Decode(&buf); err != nil {
			t.Fatalf("an imported scenario does not decode: %v\n%s", err, buf.String())
		}
	})
}
