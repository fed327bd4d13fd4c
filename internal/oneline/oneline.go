// Package oneline keeps messages that quote user input on one line.
package oneline

import (
	"strconv"
	"strings"
)

// String returns s with every control character, and the Unicode line and
// paragraph separators, escaped as in a Go string literal (\n, \r, \t,
// \x1b, \u2028…), so that a message quoting user input stays on one line.
func String(s string) string {
	clean := true
	for _, r := range s {
		if needsEscape(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !needsEscape(r) {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRune(r) // '\n', '\x00', '\u2028'
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}

func needsEscape(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029
}
