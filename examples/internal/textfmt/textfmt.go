// Package textfmt holds the small text helpers the example programs share:
// word wrapping and lists of constraint names.
package textfmt

import (
	"strings"

	"github.com/zopa-go/zopa/model"
)

// Wrap breaks text into lines of at most width columns. The first line
// keeps text's leading spaces; continuation lines start with indent.
// Words longer than a line are kept whole.
func Wrap(text string, width int, indent string) string {
	var b strings.Builder
	col := 0
	for i, word := range strings.Fields(text) {
		switch {
		case i == 0:
			lead := len(text) - len(strings.TrimLeft(text, " "))
			b.WriteString(text[:lead])
			col = lead
		case col+1+len(word) > width:
			b.WriteString("\n" + indent)
			col = len(indent)
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += len(word)
	}
	return b.String()
}

// Refs lists constraint names separated by commas.
func Refs(rs []model.Ref) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.String()
	}
	return strings.Join(parts, ", ")
}
