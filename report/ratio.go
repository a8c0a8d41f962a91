package report

import "strconv"

// Ratio is a share, kept as a fraction so that it prints and compares
// exactly: Num out of Den. A Ratio with Den zero has no value (nothing to
// measure), which is not the same as 0%.
type Ratio struct {
	Num, Den int
}

// Value returns Num/Den, and false when Den is zero.
func (r Ratio) Value() (float64, bool) {
	if r.Den == 0 {
		return 0, false
	}
	return float64(r.Num) / float64(r.Den), true
}

// Percent returns Num/Den as a whole percentage, rounded half up, and
// false when Den is zero.
func (r Ratio) Percent() (int, bool) {
	if r.Den <= 0 {
		return 0, false
	}
	// Integer arithmetic, so that 1/8 is 13% on every platform.
	return (200*r.Num + r.Den) / (2 * r.Den), true
}

// String formats r as "83% (5/6)", or "-" when Den is zero.
func (r Ratio) String() string {
	p, ok := r.Percent()
	if !ok {
		return "-"
	}
	return strconv.Itoa(p) + "% (" + strconv.Itoa(r.Num) + "/" + strconv.Itoa(r.Den) + ")"
}
