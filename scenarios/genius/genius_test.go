package genius_test

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios/genius"
)

// checkXML compares every party's utility for every package of the
// imported space with the reference computed from the XML, and the
// reservations.
func checkXML(t *testing.T, s *model.Space, dom []byte, profiles [][]byte, scale []float64) {
	t.Helper()
	issues := refDomain(t, dom)
	if len(s.Parties) != len(profiles) {
		t.Fatalf("%d parties for %d profiles", len(s.Parties), len(profiles))
	}
	for i, data := range profiles {
		ref := parseRefProfile(t, data)
		party := &s.Parties[i]
		for _, p := range packages(s) {
			got, err := s.Utility(party, p)
			if err != nil {
				t.Fatal(err)
			}
			want := ref.utility(bidOf(t, s, issues, p))
			if scale != nil { // weights above 1: divided by their sum
				want = ref.sum(bidOf(t, s, issues, p)) / scale[i]
			}
			if math.Abs(got-want) > 1e-12 {
				t.Fatalf("%s: utility of %v = %.17g, Genius %.17g", party.ID, p, got, want)
			}
		}
		r := ref.reservation()
		switch {
		case r <= 0 && party.Reservation != nil:
			t.Errorf("%s: reservation %v, want none", party.ID, *party.Reservation)
		case r > 0 && (party.Reservation == nil || *party.Reservation != r):
			t.Errorf("%s: reservation %v, want %v", party.ID, party.Reservation, r)
		}
	}
}

func readAll(t *testing.T, paths ...string) [][]byte {
	t.Helper()
	var out [][]byte
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

func TestLunchAdditive(t *testing.T) {
	r, err := genius.LoadDir("testdata/lunch", nil)
	if err != nil {
		t.Fatal(err)
	}
	files := readAll(t, "testdata/lunch/lunch_domain.xml", "testdata/lunch/lunch_alice.xml", "testdata/lunch/lunch_bob.xml")
	checkXML(t, r.Space, files[0], files[1:], nil)
	s := r.Space
	// Identifiers: sanitised, collision-free, originals kept as labels.
	var ids, labels []string
	for _, is := range s.Issues {
		ids = append(ids, is.ID)
		labels = append(labels, is.Label)
	}
	if diff := cmp.Diff([]string{"cuisine", "budget_per_person", "start_time", "cuisine_2"}, ids); diff != "" {
		t.Errorf("issue ids (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Cuisine", "Budget per person", "Start time", "cuisine"}, labels); diff != "" {
		t.Errorf("issue labels (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"thai", "pizza", "sushi_fresh", "cafe_bistro"}, s.Issues[0].Options); diff != "" {
		t.Errorf("options (-want +got):\n%s", diff)
	}
	if s.Name != "team_lunch" || s.Title != "Team lunch" {
		t.Errorf("name %q title %q", s.Name, s.Title)
	}
	// Bob's weights sum to 0.9: a never-scoring preference carries the rest.
	bob := s.Parties[1]
	last := bob.Preferences[len(bob.Preferences)-1]
	if c, ok := last.Prefer.(*model.ConstExpr); !ok || c.Value || last.Weight != 0.1 {
		t.Errorf("bob's last preference: %+v, want prefer false weight 0.1", last)
	}
	// Alice's weights sum to 1 + 1.3e-16: rounding, no padding, no warning.
	for _, pr := range s.Parties[0].Preferences {
		if pr.Prefer != nil {
			t.Errorf("alice has a prefer preference: %v", pr.Prefer)
		}
	}
	want := []string{"testdata/lunch/lunch_alice.xml: discount factor 0.8 ignored: zopa analyses the agreement itself, not when it is reached"}
	if diff := cmp.Diff(want, r.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

func TestCubesNonlinear(t *testing.T) {
	r, err := genius.LoadDir("testdata/cubes", nil)
	if err != nil {
		t.Fatal(err)
	}
	files := readAll(t, "testdata/cubes/domain.xml", "testdata/cubes/profile-1.xml", "testdata/cubes/profile-2.xml")
	checkXML(t, r.Space, files[0], files[1:], nil)
	if r.Space.Name != "cubes" {
		t.Errorf("a file called domain.xml names the scenario after its folder; got %q", r.Space.Name)
	}
	var prefs []string
	for _, pr := range r.Space.Parties[1].Preferences {
		prefs = append(prefs, pr.Prefer.String()+" @"+strconv.FormatFloat(pr.Weight, 'g', -1, 64))
	}
	want := []string{
		"i1 < 2 || i1 > 6 || i3 < 5 @30", // EXCLUDES: outside the box
		"i2 <= 4 @30",
		"i4 >= 5 && i4 <= 8 @6",  // weight 0.5 applied
		"i1 <= 1 && i2 <= 4 @10", // inner ufun weight 0.5
		"false @14",              // the empty rectangle and the rest of maxutility 90
	}
	if diff := cmp.Diff(want, prefs); diff != "" {
		t.Errorf("profile-2 preferences (-want +got):\n%s", diff)
	}
}

func TestRealNeedsLevels(t *testing.T) {
	_, err := genius.LoadDir("testdata/real", nil)
	if err == nil || !strings.Contains(err.Error(), `issue "Deposit" is real-valued`) || !strings.Contains(err.Error(), "testdata/real/domain.xml:5:") {
		t.Fatalf("got %v, want a located error asking for a discretisation", err)
	}
	r, err := genius.LoadDir("testdata/real", &genius.Options{RealLevels: 5})
	if err != nil {
		t.Fatal(err)
	}
	s := r.Space
	dep, share := s.Issue("deposit"), s.Issue("share")
	if got := dep.Levels(); !cmp.Equal(got, []int64{0, 250, 500, 750, 1000}) {
		t.Errorf("deposit levels %v: integer grid points stay values", got)
	}
	if got := share.Levels(); !cmp.Equal(got, []int64{0, 1, 2, 3, 4}) {
		t.Errorf("share levels %v: other grids become positions", got)
	}
	// Tenant: deposit 1.2 - 0.0015x clamped, share triangular (0.1, 0.9, top 0.3).
	tenant := s.Party("p2") // profiles in name order: landlord, tenant
	if tenant.Name != "tenant" {
		t.Fatalf("p2 is %q", tenant.Name)
	}
	for _, c := range []struct {
		dep, share int64
		want       float64
	}{
		{0, 1, 0.6*1 + 0.4*1},
		{500, 0, 0.6 * (1.2 - 0.0015*500)},
		{750, 2, 0.6*(1.2-0.0015*750) + 0.4*(1-(0.5-0.3)/(0.9-0.3))},
		{1000, 4, 0},
	} {
		u, err := s.Utility(tenant, model.Package{"deposit": model.IntValue(c.dep), "share": model.IntValue(c.share)})
		if err != nil || math.Abs(u-c.want) > 1e-12 {
			t.Errorf("tenant(%d, %d) = %v, %v; want %v", c.dep, c.share, u, err, c.want)
		}
	}
}

func TestGeniusWeb(t *testing.T) {
	r, err := genius.LoadDir("testdata/webtrip", nil)
	if err != nil {
		t.Fatal(err)
	}
	s := r.Space
	files := readAll(t, "testdata/webtrip/trip1.json", "testdata/webtrip/trip2.json")
	native := func(is *model.Issue, v model.Value) string {
		switch is.ID {
		case "budget_share":
			return strings.Replace(v.Option(), "_", ".", 1)
		case "nights":
			return strconv.FormatInt(v.Int(), 10)
		}
		return map[string]string{"lake": "Lake", "mountains": "Mountains", "city_break": "City break", "train": "train", "car": "car"}[v.Option()]
	}
	for i, data := range files {
		ref := parseWebRef(t, data)
		party := &s.Parties[i]
		for _, p := range packages(s) {
			b := map[string]string{}
			for k := range s.Issues {
				is := &s.Issues[k]
				name := is.Label
				if name == "" {
					name = is.ID
				}
				b[name] = native(is, p[is.ID])
			}
			want, _ := ref.utility(t, b).Float64()
			got, err := s.Utility(party, p)
			if err != nil || math.Abs(got-want) > 1e-12 {
				t.Fatalf("%s %v: %v %v, want %v", party.ID, p, got, err, want)
			}
		}
		if rb := ref.space.ReservationBid; rb != nil {
			b := map[string]string{}
			for k, v := range rb.Values {
				b[k] = strings.TrimSpace(strings.Trim(strconv.Quote(toString(v)), `"`))
			}
			want, _ := ref.utility(t, b).Float64()
			if party.Reservation == nil || math.Abs(*party.Reservation-want) > 1e-12 {
				t.Errorf("%s: reservation %v, want the reservation bid's utility %v", party.ID, party.Reservation, want)
			}
		} else if party.Reservation != nil {
			t.Errorf("%s: reservation %v without a reservation bid", party.ID, *party.Reservation)
		}
	}
	if len(r.Warnings) != 0 {
		t.Errorf("warnings: %v", r.Warnings)
	}
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case interface{ String() string }:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return ""
}

// TestRoundTrip writes each imported scenario and decodes it again: the
// document is the same and so is every utility.
func TestRoundTrip(t *testing.T) {
	for _, dir := range []string{"testdata/lunch", "testdata/cubes", "testdata/webtrip", "testdata/real"} {
		r, err := genius.LoadDir(dir, &genius.Options{RealLevels: 7})
		if err != nil {
			t.Fatal(err)
		}
		var a bytes.Buffer
		if err := r.Space.Encode(&a); err != nil {
			t.Fatal(err)
		}
		back, err := model.Decode(bytes.NewReader(a.Bytes()))
		if err != nil {
			t.Fatalf("%s: %v\n%s", dir, err, a.String())
		}
		var b bytes.Buffer
		back.Encode(&b)
		if diff := cmp.Diff(a.String(), b.String()); diff != "" {
			t.Errorf("%s: document changed by a round trip (-first +second):\n%s", dir, diff)
		}
		for _, p := range packages(back) {
			for i := range back.Parties {
				u1, _ := r.Space.Utility(&r.Space.Parties[i], p)
				u2, _ := back.Utility(&back.Parties[i], p)
				if u1 != u2 {
					t.Fatalf("%s: utility changed by a round trip: %v vs %v", dir, u1, u2)
				}
			}
		}
	}
}

func TestImportErrors(t *testing.T) {
	dom := `<negotiation_template><utility_space><objective index="0" name="d">
<issue index="1" name="A" type="discrete"><item value="x"/><item value="y"/></issue>
<issue index="2" name="N" type="integer" lowerbound="0" upperbound="3"/>
</objective></utility_space></negotiation_template>`
	prof := func(body string) string {
		return `<utility_space><objective index="0">` + body + `</objective></utility_space>`
	}
	ok := `<issue index="1" type="discrete"><item value="x" evaluation="1"/><item value="y" evaluation="2"/></issue><weight index="1" value="0.5"/>
<issue index="2" type="integer" lowerbound="0"><evaluator ftype="linear" slope="0.25" offset="0"/></issue><weight index="2" value="0.5"/>`
	cases := []struct {
		name, dom, prof, want string
	}{
		{"fine", dom, prof(ok), ""},
		{"missing weight", dom, prof(strings.Replace(ok, `<weight index="2" value="0.5"/>`, "", 1)), `p.xml:2: no weight for issue "N" (index 2)`},
		{"missing issue", dom, prof(strings.Replace(ok, `<issue index="2"`, `<issue index="7"`, 1)), `p.xml:2: issue index 7 is not in the domain`},
		{"negative evaluation", dom, prof(strings.Replace(ok, `evaluation="2"`, `evaluation="-2"`, 1)), `negative evaluation -2`},
		{"bad number", dom, prof(strings.Replace(ok, `slope="0.25"`, `slope="fast"`, 1)), `numeric slope and offset`},
		{"broken XML", dom, "<utility_space><objective>\n</utility_space>", `p.xml:2: XML:`},
		{"domain as profile", dom, dom, `this is a domain template, not a profile`},
		{"real without levels", strings.Replace(dom, `type="integer" lowerbound="0" upperbound="3"/>`, `type="real"><range lowerbound="0" upperbound="1"/></issue>`, 1), prof(ok), `is real-valued`},
		{"reservation above 1", dom, strings.Replace(prof(ok), "</objective>", `</objective><reservation value="1.5"/>`, 1), `reservation value 1.5 is above 1`},
		{"aggregation", dom, prof(`<utility maxutility="1"><ufun aggregation="max"><hyperRectangle utility="1"/></ufun></utility>`), `only sum is supported`},
		{"bound on a discrete issue", dom, prof(`<utility maxutility="1"><ufun><hyperRectangle utility="1"><INCLUDES index="1" min="0" max="1"/></hyperRectangle></ufun></utility>`), `not an integer issue`},
		{"negative rectangle", dom, prof(`<utility maxutility="1"><ufun><hyperRectangle utility="-1"/></ufun></utility>`), `negative utility`},
		{"duplicate index", strings.Replace(dom, `index="2"`, `index="1"`, 1), prof(ok), `two issues have index 1`},
		{"huge integer range", strings.Replace(dom, `upperbound="3"`, `upperbound="300000"`, 1), prof(ok), `more than 100000`},
	}
	for _, c := range cases {
		_, err := genius.Import(genius.File{Name: "d.xml", Data: []byte(c.dom)}, []genius.File{{Name: "p.xml", Data: []byte(c.prof)}}, nil)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
}

func TestWebErrors(t *testing.T) {
	dom := `{"name":"d","issuesValues":{"a":{"values":["x","y"]},"n":{"range":{"low":0,"high":2,"step":1}}}}`
	prof := func(utils, weights, extra string) string {
		return `{"LinearAdditiveUtilitySpace":{"name":"p","issueUtilities":{` + utils + `},"issueWeights":{` + weights + `}` + extra + `}}`
	}
	u := `"a":{"DiscreteValueSetUtilities":{"valueUtilities":{"x":1}}},"n":{"NumberValueSetUtilities":{"lowValue":0,"lowUtility":0,"highValue":2,"highUtility":1}}`
	w := `"a":0.5,"n":0.5`
	cases := []struct{ name, prof, want string }{
		{"fine", prof(u, w, ""), ""},
		{"other profile type", `{"DefaultPartialOrdering":{}}`, `profile type "DefaultPartialOrdering" is not supported`},
		{"unknown issue", prof(u+`,"z":{"DiscreteValueSetUtilities":{"valueUtilities":{}}}`, w, ""), `issue "z" is not in the domain`},
		{"utility above 1", prof(strings.Replace(u, `"x":1`, `"x":2`, 1), w, ""), `want a number in [0, 1]`},
		{"bad reservation bid", prof(u, w, `,"reservationBid":{"issuevalues":{"a":"q"}}`), `"q" is not a value of issue "a"`},
		{"duplicate key", prof(u, w+`,"a":0.1`, ""), `key "a" appears twice`},
	}
	for _, c := range cases {
		_, err := genius.Import(genius.File{Name: "d.json", Data: []byte(dom)}, []genius.File{{Name: "p.json", Data: []byte(c.prof)}}, nil)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
}

// TestWeightsAboveOne: Genius caps at 1; zopa divides by the sum and warns.
func TestWeightsAboveOne(t *testing.T) {
	dom := []byte(`<negotiation_template><utility_space><objective index="0">
<issue index="1" name="A" type="discrete"><item value="x"/><item value="y"/></issue></objective></utility_space></negotiation_template>`)
	prof := []byte(`<utility_space><objective index="0"><issue index="1" type="discrete"><item value="x" evaluation="1"/><item value="y" evaluation="0.5"/></issue>
<weight index="1" value="1.25"/></objective></utility_space>`)
	r, err := genius.Import(genius.File{Name: "d.xml", Data: dom}, []genius.File{{Name: "p.xml", Data: prof}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkXML(t, r.Space, dom, [][]byte{prof}, []float64{1.25})
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "sum to 1.25, more than 1") {
		t.Errorf("warnings %v", r.Warnings)
	}
}

// TestNaturalOrder: profiles are taken as prof2 before prof10.
func TestNaturalOrder(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("x-domain.xml", `<negotiation_template><utility_space><objective index="0"><issue index="1" name="A"><item value="x"/></issue></objective></utility_space></negotiation_template>`)
	for _, n := range []string{"prof10.xml", "prof2.xml", "prof1.xml"} {
		write(n, `<utility_space><objective index="0"><issue index="1"><item value="x" evaluation="1"/></issue><weight index="1" value="1"/></objective></utility_space>`)
	}
	write("notes.txt", "ignored")
	r, err := genius.LoadDir(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range r.Space.Parties {
		ids = append(ids, p.ID+" "+p.Name)
	}
	if diff := cmp.Diff([]string{"p1 prof1", "p2 prof2", "p3 prof10"}, ids); diff != "" {
		t.Errorf("parties (-want +got):\n%s", diff)
	}
	if r.Space.Name != "x" {
		t.Errorf("scenario name %q, want x (the domain file's name without -domain)", r.Space.Name)
	}
}

// TestWebProfileAsDomain: a GeniusWeb profile given where the domain is
// expected lends its embedded domain.
func TestWebProfileAsDomain(t *testing.T) {
	r, err := genius.Load("testdata/webtrip/trip1.json", []string{"testdata/webtrip/trip1.json", "testdata/webtrip/trip2.json"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := genius.LoadDir("testdata/webtrip", nil)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	r.Space.Encode(&a)
	want.Space.Encode(&b)
	got := strings.Replace(a.String(), "testdata/webtrip/trip1.json", "testdata/webtrip/trip.json", 1)
	if diff := cmp.Diff(b.String(), got); diff != "" {
		t.Errorf("(-domain file +embedded domain):\n%s", diff)
	}
}
