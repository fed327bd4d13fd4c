package genius

import (
	"strconv"
	"strings"
)

// folded maps common accented Latin letters to their base letter, so that
// "Café" becomes "cafe" rather than "caf".
var folded = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'æ': "ae",
	'ç': "c", 'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ì': "i", 'í': "i",
	'î': "i", 'ï': "i", 'ñ': "n", 'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o",
	'ö': "o", 'ø': "o", 'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ý': "y",
	'ÿ': "y", 'ß': "ss", 'œ': "oe",
}

// slug lower-cases name and turns every run of characters other than a-z
// and 0-9 into one "_", trimmed at both ends. It may return "".
func slug(name string) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if sep && b.Len() > 0 {
				b.WriteByte('_')
			}
			sep = false
			b.WriteRune(r)
		case folded[r] != "":
			if sep && b.Len() > 0 {
				b.WriteByte('_')
			}
			sep = false
			b.WriteString(folded[r])
		default:
			sep = true
		}
	}
	return b.String()
}

// ident is slug(name) made a valid issue, party or scenario identifier
// (^[a-z][a-z0-9_]*$): prefix + "_" is put before a leading digit, and
// fallback is used for a name with no letter or digit.
func ident(name, prefix, fallback string) string {
	s := slug(name)
	switch {
	case s == "":
		return fallback
	case s[0] >= '0' && s[0] <= '9':
		return prefix + "_" + s
	}
	return s
}

// option is slug(name) made a valid choice option (^[a-z0-9][a-z0-9_]*$).
func option(name string) string {
	if s := slug(name); s != "" {
		return s
	}
	return "value"
}

// namer hands out identifiers that are unique within one namespace: the
// first taker of a base keeps it, later ones get base_2, base_3, …
type namer struct {
	used     map[string]bool
	reserved map[string]bool
}

func newNamer(reserved ...string) *namer {
	n := &namer{used: map[string]bool{}, reserved: map[string]bool{}}
	for _, r := range reserved {
		n.reserved[r] = true
	}
	return n
}

func (n *namer) take(base string) string {
	id := base
	for k := 2; n.used[id] || n.reserved[id]; k++ {
		id = base + "_" + strconv.Itoa(k)
	}
	n.used[id] = true
	return id
}
