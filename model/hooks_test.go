package model

// Interpolate and InterpolateRat give the external tests the internal
// interpolation of points preferences they check.
var (
	Interpolate    = interpolate
	InterpolateRat = interpolateRat
)
