package yamldoc

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Day is the length of the "d" unit in durations: exactly 24 hours.
const Day = 24 * time.Hour

var errDuration = errors.New("invalid duration")

// ParseDuration parses Go duration syntax ("15m", "1h30m", "90s") extended
// with a leading whole number of days ("2d", "3d12h", "-1d"). A day is 24
// hours exactly. An optional sign comes first and applies to the whole
// duration.
func ParseDuration(s string) (time.Duration, error) {
	rest, neg := s, false
	if r, ok := strings.CutPrefix(rest, "-"); ok {
		rest, neg = r, true
	} else if r, ok := strings.CutPrefix(rest, "+"); ok {
		rest = r
	}
	if rest == "" || rest[0] == '+' || rest[0] == '-' {
		return 0, errDuration
	}
	var d time.Duration
	if i := strings.IndexByte(rest, 'd'); i >= 0 {
		days, err := strconv.ParseUint(rest[:i], 10, 64)
		if err != nil || days > uint64(maxDuration/Day) {
			return 0, errDuration
		}
		d = time.Duration(days) * Day
		rest = rest[i+1:]
		if rest != "" && (rest[0] < '0' || rest[0] > '9') {
			return 0, errDuration
		}
	}
	if rest != "" {
		r, err := time.ParseDuration(rest)
		if err != nil || r > maxDuration-d {
			return 0, errDuration
		}
		d += r
	}
	if neg {
		d = -d
	}
	return d, nil
}

const maxDuration = time.Duration(1<<63 - 1)

// FormatDuration writes d in the form ParseDuration reads, canonically:
// whole days as "d", then hours, minutes and seconds without zero parts
// ("1d", "1h30m", "2d4h", "0s"). Durations with a fraction of a second use
// Go's time.Duration.String.
func FormatDuration(d time.Duration) string {
	if d == 0 {
		return "0s"
	}
	if d%time.Second != 0 || d == -maxDuration-1 {
		return d.String()
	}
	var b strings.Builder
	if d < 0 {
		b.WriteByte('-')
		d = -d
	}
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{Day, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if n := d / u.unit; n > 0 {
			b.WriteString(strconv.FormatInt(int64(n), 10))
			b.WriteString(u.name)
			d -= n * u.unit
		}
	}
	return b.String()
}
