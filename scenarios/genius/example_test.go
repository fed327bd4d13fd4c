package genius_test

import (
	"fmt"
	"os"

	"github.com/zopa-go/zopa/model"
	"github.com/zopa-go/zopa/scenarios/genius"
)

// A Genius domain and one additive profile, imported from memory: the
// discrete evaluations are divided by the issue's largest, the integer
// evaluator is clamped to [0, 1], and the weights (summing to 0.9) leave a
// never-scoring rest so that utilities equal Genius's.
func ExampleImport() {
	dom := genius.File{Name: "fruit-domain.xml", Data: []byte(`<negotiation_template><utility_space>
<objective index="0" name="Fruit basket">
  <issue index="1" name="Fruit" type="discrete"><item value="Apple"/><item value="Kiwi (gold)"/></issue>
  <issue index="2" name="Kilos" type="integer" lowerbound="1" upperbound="4"/>
</objective></utility_space></negotiation_template>`)}
	buyer := genius.File{Name: "buyer.xml", Data: []byte(`<utility_space><objective index="0">
  <issue index="1" type="discrete"><item value="Apple" evaluation="2"/><item value="Kiwi (gold)" evaluation="8"/></issue>
  <weight index="1" value="0.6"/>
  <issue index="2" type="integer" lowerbound="1"><evaluator ftype="linear" slope="0.5" offset="0"/></issue>
  <weight index="2" value="0.3"/>
</objective><reservation value="0.4"/></utility_space>`)}
	r, err := genius.Import(dom, []genius.File{buyer}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	s := r.Space
	for _, is := range s.Issues {
		fmt.Printf("issue %s (%s) %v\n", is.ID, is.Label, is.Domain())
	}
	p := &s.Parties[0]
	for _, kilos := range []int64{1, 2, 4} {
		u, _ := s.Utility(p, model.Package{"fruit": model.OptionValue("kiwi_gold"), "kilos": model.IntValue(kilos)})
		fmt.Printf("kiwi, %d kg: %.2f\n", kilos, u)
	}
	fmt.Println("reservation", *p.Reservation)
	// Output:
	// issue fruit (Fruit) ["apple" "kiwi_gold"]
	// issue kilos (Kilos) [1 2 3 4]
	// kiwi, 1 kg: 0.60
	// kiwi, 2 kg: 0.75
	// kiwi, 4 kg: 0.90
	// reservation 0.4
}

// A domain folder: one domain template and one profile per party. -convert
// in examples/analyze writes the same scenario file.
func ExampleLoadDir() {
	r, err := genius.LoadDir("testdata/cubes", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range r.Space.Parties {
		fmt.Println(p.ID, p.Name, len(p.Preferences), "preferences, reservation", *p.Reservation)
	}
	fmt.Println(r.Space.Parties[0].Preferences[0].Prefer)
	for _, w := range r.Warnings {
		fmt.Println("warning:", w)
	}
	r.Space.Issues = r.Space.Issues[:1]
	r.Space.Parties = nil
	r.Space.Encode(os.Stdout)
	// Output:
	// p1 profile-1 4 preferences, reservation 0.2
	// p2 profile-2 5 preferences, reservation 0.25
	// i1 >= 2 && i1 <= 6 && i3 <= 4
	// warning: testdata/cubes/profile-2.xml: discount factor 0.9 ignored: zopa analyses the agreement itself, not when it is reached
	// {
	//   "format": "zopa/v1",
	//   "name": "cubes",
	//   "description": "Imported from testdata/cubes/domain.xml.",
	//   "issues": [
	//     {
	//       "id": "i1",
	//       "type": "int",
	//       "label": "i1",
	//       "min": 0,
	//       "max": 9,
	//       "step": 1
	//     }
	//   ]
	// }
}
