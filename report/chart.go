package report

import (
	"strconv"
	"time"
)

// The charts are drawn in Go and written as inline SVG by the HTML
// template: coordinates are computed here, formatted with one decimal, so
// that the page is the same bytes for the same report.

// Chart geometry, in SVG user units (the viewBox); the page scales it.
const (
	chartW      = 480
	chartH      = 260
	plotLeft    = 52
	plotRight   = chartW - 16
	plotTop     = 16
	plotBottom  = chartH - 36
	maxXLabels  = 12
	yGridLines  = 4
	barFraction = 0.6
)

// tick is a labelled position on an axis.
type tick struct {
	Pos   string // x or y coordinate
	Label string
}

// dot is one data point, with a tooltip.
type dot struct {
	X, Y  string
	Title string
}

// series is one line of a line chart: polylines through consecutive points
// (a month without data breaks the line) and a dot per point.
type series struct {
	Class, Name string
	Runs        []string // each a points attribute: "x,y x,y ..."
	Dots        []dot
}

// lineChart is the time-to-resolve trend.
type lineChart struct {
	W, H   int
	Left   int
	Right  int
	Bottom int
	XTicks []tick
	YTicks []tick
	Series []series
	Empty  bool // no month has a resolved incident
}

// bar is one stacked bar of the severity chart.
type bar struct {
	X, W, LabelX, LabelY string
	Resolved, Open       rect
	Title                string
	Count                int
	Name                 string
}

type rect struct{ Y, H string }

// barChart is the incidents-per-severity chart.
type barChart struct {
	W, H   int
	Left   int
	Right  int
	Bottom int
	YTicks []tick
	Bars   []bar
	Empty  bool // no counted incident
}

func coord(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// niceDurations are the tops of the time axis: each divides into four
// readable steps.
var niceDurations = []time.Duration{
	2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 20 * time.Minute, 40 * time.Minute,
	time.Hour, 2 * time.Hour, 4 * time.Hour, 8 * time.Hour, 12 * time.Hour,
	24 * time.Hour, 48 * time.Hour, 96 * time.Hour, 8 * 24 * time.Hour, 12 * 24 * time.Hour,
	20 * 24 * time.Hour, 40 * 24 * time.Hour,
}

// niceTop returns the top of a time axis that shows d.
func niceTop(d time.Duration) time.Duration {
	for _, n := range niceDurations {
		if d <= n {
			return n
		}
	}
	step := 40 * 24 * time.Hour
	return (d + step - 1) / step * step
}

// resolveChart draws P50 and P90 of time to resolve per month.
func resolveChart(months []Row) lineChart {
	c := lineChart{W: chartW, H: chartH, Left: plotLeft, Right: plotRight, Bottom: plotBottom}
	var top time.Duration
	for _, m := range months {
		if m.Resolve.N > 0 {
			top = max(top, m.Resolve.P90)
		}
	}
	if top == 0 {
		c.Empty = true
		return c
	}
	top = niceTop(top)
	plotW, plotH := float64(plotRight-plotLeft), float64(plotBottom-plotTop)
	x := func(i int) float64 { return plotLeft + (float64(i)+0.5)*plotW/float64(len(months)) }
	y := func(d time.Duration) float64 { return plotBottom - float64(d)/float64(top)*plotH }
	for i := 0; i <= yGridLines; i++ {
		d := top * time.Duration(i) / yGridLines
		c.YTicks = append(c.YTicks, tick{Pos: coord(y(d)), Label: human(d)})
	}
	every := (len(months) + maxXLabels - 1) / maxXLabels
	for i, m := range months {
		if i%every == 0 {
			c.XTicks = append(c.XTicks, tick{Pos: coord(x(i)), Label: m.Key})
		}
	}
	for _, s := range []struct {
		class, name string
		of          func(Row) time.Duration
	}{
		{"p50", "P50", func(r Row) time.Duration { return r.Resolve.P50 }},
		{"p90", "P90", func(r Row) time.Duration { return r.Resolve.P90 }},
	} {
		ser := series{Class: s.class, Name: s.name}
		run := ""
		for i, m := range months {
			if m.Resolve.N == 0 {
				if run != "" {
					ser.Runs = append(ser.Runs, run)
					run = ""
				}
				continue
			}
			px, py := coord(x(i)), coord(y(s.of(m)))
			if run != "" {
				run += " "
			}
			run += px + "," + py
			ser.Dots = append(ser.Dots, dot{X: px, Y: py,
				Title: m.Key + " " + s.name + " time to resolve: " + human(s.of(m)) + " (n=" + strconv.Itoa(m.Resolve.N) + ")"})
		}
		if run != "" {
			ser.Runs = append(ser.Runs, run)
		}
		c.Series = append(c.Series, ser)
	}
	return c
}

// severityChart draws the incidents of each level as bars, resolved at the
// bottom and open on top.
func severityChart(levels []Row, titles map[string]string) barChart {
	c := barChart{W: chartW, H: chartH, Left: plotLeft, Right: plotRight, Bottom: plotBottom}
	most := 0
	for _, l := range levels {
		most = max(most, l.Declared)
	}
	if most == 0 || len(levels) == 0 {
		c.Empty = true
		return c
	}
	step := (most + yGridLines - 1) / yGridLines
	top := step * yGridLines
	plotW, plotH := float64(plotRight-plotLeft), float64(plotBottom-plotTop)
	y := func(n int) float64 { return plotBottom - float64(n)/float64(top)*plotH }
	for i := 0; i <= yGridLines; i++ {
		c.YTicks = append(c.YTicks, tick{Pos: coord(y(i * step)), Label: strconv.Itoa(i * step)})
	}
	slot := plotW / float64(len(levels))
	for i, l := range levels {
		x := plotLeft + float64(i)*slot + slot*(1-barFraction)/2
		name := l.Key
		if t := titles[l.Key]; t != "" {
			name += " (" + t + ")"
		}
		c.Bars = append(c.Bars, bar{
			X: coord(x), W: coord(slot * barFraction),
			LabelX:   coord(x + slot*barFraction/2),
			LabelY:   coord(y(l.Declared) - 4),
			Resolved: rect{Y: coord(y(l.Resolved)), H: coord(plotBottom - y(l.Resolved))},
			Open:     rect{Y: coord(y(l.Declared)), H: coord(y(l.Resolved) - y(l.Declared))},
			Title:    name + ": " + strconv.Itoa(l.Declared) + " incidents, " + strconv.Itoa(l.Open) + " open",
			Count:    l.Declared,
			Name:     l.Key,
		})
	}
	return c
}
