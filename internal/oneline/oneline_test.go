package oneline

import "testing"

func TestString(t *testing.T) {
	for in, want := range map[string]string{
		"plain text, café":   "plain text, café",
		"a\nb\r\tc":          `a\nb\r\tc`,
		"esc\x1b[2J":         `esc\x1b[2J`,
		"sep\u2028par\u2029": `sep\u2028par\u2029`,
		"nel\u0085":          `nel\u0085`,
	} {
		if got := String(in); got != want {
			t.Errorf("String(%q) = %q, want %q", in, got, want)
		}
	}
}
