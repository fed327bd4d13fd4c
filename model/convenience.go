package model

import (
	"bytes"
)

// Len returns the number of errors in l.
func (l ErrorList) Len() int { return len(l) }

// ParseSpace decodes and validates a scenario document held in memory; it
// is Decode on data.
func ParseSpace(data []byte) (*Space, error) {
	return Decode(bytes.NewReader(data))
}

// MarshalJSON writes s as a compact scenario document, the same document
// Encode writes indented. It does not validate s: a space that fails
// Validate may marshal to a document that Decode rejects.
func (s *Space) MarshalJSON() ([]byte, error) {
	return marshal(s.document())
}
