package solver

// mutation names one encoding rule of the compiler to break on purpose. It
// is empty in every use of the package; only the mutation tests set it
// (mutation_test.go, through hooks_test.go), to show that with any rule
// broken every query either still answers correctly or fails with an
// *InternalError: the certifier re-proves every claim that no package
// exists on an encoding of its own, and the model's evaluator judges every
// package.
var mutation string

// mutations lists the rules that can be broken, each with what breaking it
// does.
var mutations = map[string]string{
	"order-chain":     "int order literals lose their chain (level >= j+1 no longer implies level >= j)",
	"exactly-one-alo": "a choice issue may take no option",
	"exactly-one-amo": "a choice issue may take two options",
	"card-atmost":     "atMost(k, …) is compiled as atMost(k-1, …)",
	"card-atleast":    "atLeast(k, …) is compiled as atLeast(k+1, …)",
	"lt":              "n < k is compiled as n <= k-2 (the issue's n < 5 as n <= 3)",
	"linear-le":       "every linear a <= k is compiled as a <= k+1",
	"bdd-interval":    "decision-diagram nodes are reused one bound beyond their interval",
	"binary-le":       "binary arithmetic compiles a <= k as a <= k+1",
	"utility":         "every utility term's first option is worth a bonus it does not have",
	"reservation":     "reservations are compiled one unit of the scale too strict",
	"selector":        "selectors no longer imply their constraints",
	"iff":             "iff(a, b) is compiled as a != b",
	"implies":         "implies(a, b) is compiled as implies(b, a)",
	"in":              "in(c, …) forgets its last option",
	"negated":         "c != \"o\" is compiled as c == \"o\"",
	"before":          "before(a, b) no longer requires b to be taken",
	"index-bound":     "binary issue indexes may exceed the domain",
	"eq":              "\"level == j\" of an order-encoded issue is compiled as level >= j",
	"box-is":          "the widening of boxes takes c == \"o\" to hold on a box where c takes o and other options",
	"box-le":          "the widening of boxes takes a <= b to hold on a box where only the least a is at most b",
	"split":           "an enumeration splitting a region around a box forgets the levels above the box's",
}

// mutated reports whether the compiler rule name is to be broken.
func mutated(name string) bool { return mutation == name }
