package solver

// BinarySettings returns settings that give every int issue with a
// min/max/step domain of two or more levels the binary encoding and
// compile every linear comparison of two or more terms with binary
// arithmetic, so that the differential tests exercise the encodings meant
// for wide domains on small ones.
func BinarySettings() *Settings { return &Settings{orderLimit: 1, forceBinary: true} }
