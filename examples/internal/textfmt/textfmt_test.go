package textfmt

import (
	"strings"
	"testing"
)

func TestWrap(t *testing.T) {
	got := Wrap("  one two three four", 11, "    ")
	want := "  one two\n    three\n    four"
	if got != want {
		t.Errorf("Wrap = %q, want %q", got, want)
	}
	long := strings.Repeat("x", 30)
	if got := Wrap("a "+long+" b", 10, ""); got != "a\n"+long+"\nb" {
		t.Errorf("a long word must stay whole, got %q", got)
	}
}
