// Package brute enumerates every package of a small space, for tests that
// check answers against brute force.
package brute

import (
	"maps"

	"github.com/zopa-go/zopa/model"
)

// Packages returns every complete package of s, the first issue varying
// slowest and each issue's values in Domain order. The caller keeps s
// small: the result has the product of the domains' sizes.
func Packages(s *model.Space) []model.Package {
	out := []model.Package{{}}
	for i := range s.Issues {
		is := &s.Issues[i]
		var next []model.Package
		for _, p := range out {
			for _, v := range is.Domain() {
				q := maps.Clone(p)
				q[is.ID] = v
				next = append(next, q)
			}
		}
		out = next
	}
	return out
}
