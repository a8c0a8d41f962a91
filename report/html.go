package report

import (
	"bufio"
	_ "embed"
	"html/template"
	"io"
	"strings"
	"time"
)

//go:embed report.html.tmpl
var pageSource string

// page is parsed once; html/template escapes every value by its context
// (HTML text, attribute, SVG text), so nothing from the records can add
// markup or script to the page.
var page = template.Must(template.New("report").Parse(pageSource))

// HTML writes the report as one self-contained HTML page: embedded CSS,
// inline SVG charts (time to resolve per month with its P50 and P90 lines,
// incidents per severity level), the tables of [Report.Text], and no
// JavaScript. It reads well on a phone: the page reflows and wide tables
// scroll sideways. Every text from the records is escaped.
func (r *Report) HTML(w io.Writer) error {
	bw := bufio.NewWriter(w)
	if err := page.Execute(bw, r.htmlView()); err != nil {
		return err
	}
	return bw.Flush()
}

type htmlView struct {
	Now        string // RFC 3339
	NowText    string // for people
	Problems   []string
	Total      htmlRow
	Severities []htmlRow
	Months     []htmlRow
	Excluded   htmlExcluded
	Overdue    []htmlOverdue
	Resolve    lineChart
	Severity   barChart
}

type htmlRow struct {
	Key, Title                     string
	Declared, Open, Resolved       int
	Acknowledge, Mitigate, Resolve htmlStats
	SLA, PostmortemsOnTime         string
	PostmortemsOverdue             int
	ActionsOpen, ActionsOverdue    int
}

type htmlStats struct {
	P50, P90 string // "-" when N is 0
	N        int
}

type htmlExcluded struct {
	Drill, Maintenance, Declined, Merged, UnknownLevel, Total int
}

type htmlOverdue struct {
	Incident, Title, Severity string
	Action, ActionTitle       string
	Owners                    string
	Due                       string
	Late                      string
}

func (r *Report) htmlView() htmlView {
	v := htmlView{
		Now:      r.Now.Format(time.RFC3339),
		NowText:  r.Now.Format("2 January 2006, 15:04 UTC"),
		Problems: r.Problems,
		Total:    newHTMLRow(r.Total, ""),
		Excluded: htmlExcluded{
			Drill: r.Excluded.Drill, Maintenance: r.Excluded.Maintenance, Declined: r.Excluded.Declined,
			Merged: r.Excluded.Merged, UnknownLevel: r.Excluded.UnknownLevel, Total: r.Excluded.Total(),
		},
		Resolve:  resolveChart(r.Months),
		Severity: severityChart(r.Severities, r.Titles),
	}
	for _, row := range r.Severities {
		v.Severities = append(v.Severities, newHTMLRow(row, r.Titles[row.Key]))
	}
	for _, row := range r.Months {
		v.Months = append(v.Months, newHTMLRow(row, ""))
	}
	for _, o := range r.Overdue {
		owners := strings.Join(o.Owners, ", ")
		if owners == "" {
			owners = "no owner"
		}
		v.Overdue = append(v.Overdue, htmlOverdue{
			Incident: o.IncidentID, Title: o.IncidentTitle, Severity: o.Severity,
			Action: o.ActionID, ActionTitle: o.Action, Owners: owners,
			Due: o.Due.Format(time.DateOnly), Late: human(o.Late),
		})
	}
	return v
}

func newHTMLRow(r Row, title string) htmlRow {
	return htmlRow{
		Key: r.Key, Title: title,
		Declared: r.Declared, Open: r.Open, Resolved: r.Resolved,
		Acknowledge: newHTMLStats(r.Acknowledge.N, r.Acknowledge.P50, r.Acknowledge.P90),
		Mitigate:    newHTMLStats(r.Mitigate.N, r.Mitigate.P50, r.Mitigate.P90),
		Resolve:     newHTMLStats(r.Resolve.N, r.Resolve.P50, r.Resolve.P90),
		SLA:         r.SLA.String(), PostmortemsOnTime: r.Postmortems.OnTimeRate().String(),
		PostmortemsOverdue: r.Postmortems.Overdue,
		ActionsOpen:        r.ActionItems.Open, ActionsOverdue: r.ActionItems.Overdue,
	}
}

func newHTMLStats(n int, p50, p90 time.Duration) htmlStats {
	if n == 0 {
		return htmlStats{P50: "-", P90: "-"}
	}
	return htmlStats{P50: human(p50), P90: human(p90), N: n}
}
