package yamldoc_test

import (
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/internal/yamldoc"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"15m", 15 * time.Minute, false},
		{"1h30m", 90 * time.Minute, false},
		{"2d", 48 * time.Hour, false},
		{"3d12h", 84 * time.Hour, false},
		{"-1d", -24 * time.Hour, false},
		{"+5s", 5 * time.Second, false},
		{"0", 0, false},
		{"1.5s", 1500 * time.Millisecond, false},
		{"", 0, true},
		{"-", 0, true},
		{"--5m", 0, true},
		{"+-5m", 0, true},
		{"d", 0, true},
		{"1.5d", 0, true},
		{"1dh", 0, true},
		{"1d-5m", 0, true},
		{"1h2d", 0, true},
		{"2w", 0, true},
		{"15", 0, true},
		{"106752d", 0, true},
		{"106751d", 106751 * 24 * time.Hour, false},
		{"2000000h", 2000000 * time.Hour, false},
		{"106000d999999h", 0, true},
		{"15 m", 0, true},
	}
	for _, tt := range tests {
		got, err := yamldoc.ParseDuration(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v, err %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0s"},
		{15 * time.Minute, "15m"},
		{90 * time.Minute, "1h30m"},
		{48 * time.Hour, "2d"},
		{28 * 24 * time.Hour, "28d"},
		{26*time.Hour + 5*time.Second, "1d2h5s"},
		{-90 * time.Minute, "-1h30m"},
		{1500 * time.Millisecond, "1.5s"},
		{time.Duration(-1 << 63), "-2562047h47m16.854775808s"},
	}
	for _, tt := range tests {
		got := yamldoc.FormatDuration(tt.in)
		if got != tt.want {
			t.Errorf("FormatDuration(%v) = %q, want %q", tt.in, got, tt.want)
		}
		if tt.in == time.Duration(-1<<63) {
			continue
		}
		if back, err := yamldoc.ParseDuration(got); err != nil || back != tt.in {
			t.Errorf("ParseDuration(FormatDuration(%v)) = %v, %v", tt.in, back, err)
		}
	}
}

func FuzzDuration(f *testing.F) {
	for _, s := range []string{"15m", "1h30m", "2d", "3d12h", "-1d", "1.5s", "0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := yamldoc.ParseDuration(s)
		if err != nil {
			return
		}
		out := yamldoc.FormatDuration(d)
		back, err := yamldoc.ParseDuration(out)
		if err != nil || back != d {
			t.Fatalf("ParseDuration(%q) = %v; FormatDuration = %q; back = %v, %v", s, d, out, back, err)
		}
	})
}
