package report

import (
	"encoding/json"
	"io"
	"math"
	"time"

	"github.com/incidentkit/incidentkit/incident"
)

// JSON writes the report as one JSON document, indented, with the field
// names documented in the package documentation ("# JSON"). Durations are
// given twice: as whole seconds (field name ending in _seconds) and as a
// human string ("1h30m"); both are null when there is nothing to measure.
// Rates are fractions from 0 to 1 rounded to four places, null when their
// denominator is zero.
func (r *Report) JSON(w io.Writer) error {
	doc := jsonReport{
		Now:        r.Now.Format(time.RFC3339),
		Severities: make([]jsonRow, 0, len(r.Severities)),
		Months:     make([]jsonRow, 0, len(r.Months)),
		Total:      newJSONRow(r.Total, ""),
		Excluded: jsonExcluded{
			Drill: r.Excluded.Drill, Maintenance: r.Excluded.Maintenance, Declined: r.Excluded.Declined,
			Merged: r.Excluded.Merged, UnknownLevel: r.Excluded.UnknownLevel,
		},
		Overdue:  make([]jsonOverdue, 0, len(r.Overdue)),
		Problems: append([]string{}, r.Problems...),
	}
	for _, row := range r.Severities {
		doc.Severities = append(doc.Severities, newJSONRow(row, r.Titles[row.Key]))
	}
	for _, row := range r.Months {
		doc.Months = append(doc.Months, newJSONRow(row, ""))
	}
	for _, o := range r.Overdue {
		doc.Overdue = append(doc.Overdue, jsonOverdue{
			Incident: o.IncidentID, Title: o.IncidentTitle, Severity: o.Severity,
			Action: o.ActionID, ActionTitle: o.Action, Owners: append([]string{}, o.Owners...),
			Due: o.Due.Format(time.DateOnly), LateSeconds: int64(o.Late / time.Second), Late: human(o.Late),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

type jsonReport struct {
	Now        string        `json:"now"`
	Severities []jsonRow     `json:"severities"`
	Months     []jsonRow     `json:"months"`
	Total      jsonRow       `json:"total"`
	Excluded   jsonExcluded  `json:"excluded"`
	Overdue    []jsonOverdue `json:"overdue_action_items"`
	Problems   []string      `json:"problems"`
}

type jsonRow struct {
	Key         string          `json:"key"`
	Title       string          `json:"title,omitempty"`
	Declared    int             `json:"declared"`
	Open        int             `json:"open"`
	Resolved    int             `json:"resolved"`
	Acknowledge jsonStats       `json:"time_to_acknowledge"`
	Mitigate    jsonStats       `json:"time_to_mitigate"`
	Resolve     jsonStats       `json:"time_to_resolve"`
	SLA         jsonSLA         `json:"sla"`
	Postmortems jsonPostmortems `json:"postmortems"`
	ActionItems jsonActionItems `json:"action_items"`
}

type jsonStats struct {
	N          int     `json:"n"`
	P50Seconds *int64  `json:"p50_seconds"`
	P50        *string `json:"p50"`
	P90Seconds *int64  `json:"p90_seconds"`
	P90        *string `json:"p90"`
}

type jsonSLA struct {
	Met       int            `json:"met"`
	Incidents int            `json:"incidents"`
	Rate      *float64       `json:"rate"`
	Breached  map[string]int `json:"breached"`
}

type jsonPostmortems struct {
	Required   int      `json:"required"`
	OnTime     int      `json:"on_time"`
	Late       int      `json:"late"`
	Overdue    int      `json:"overdue"`
	Pending    int      `json:"pending"`
	Waived     int      `json:"waived"`
	Unknown    int      `json:"unknown"`
	OnTimeRate *float64 `json:"on_time_rate"`
}

type jsonActionItems struct {
	Total   int `json:"total"`
	Open    int `json:"open"`
	Overdue int `json:"overdue"`
}

type jsonExcluded struct {
	Drill        int `json:"drill"`
	Maintenance  int `json:"maintenance"`
	Declined     int `json:"declined"`
	Merged       int `json:"merged"`
	UnknownLevel int `json:"unknown_level"`
}

type jsonOverdue struct {
	Incident    string   `json:"incident"`
	Title       string   `json:"title"`
	Severity    string   `json:"severity"`
	Action      string   `json:"action"`
	ActionTitle string   `json:"action_title"`
	Owners      []string `json:"owners"`
	Due         string   `json:"due"`
	LateSeconds int64    `json:"late_seconds"`
	Late        string   `json:"late"`
}

func newJSONRow(r Row, title string) jsonRow {
	breached := make(map[string]int, len(incident.Rules))
	for _, rule := range incident.Rules {
		breached[string(rule)] = r.Breached[rule]
	}
	p := r.Postmortems
	return jsonRow{
		Key: r.Key, Title: title,
		Declared: r.Declared, Open: r.Open, Resolved: r.Resolved,
		Acknowledge: newJSONStats(r.Acknowledge),
		Mitigate:    newJSONStats(r.Mitigate),
		Resolve:     newJSONStats(r.Resolve),
		SLA:         jsonSLA{Met: r.SLA.Num, Incidents: r.SLA.Den, Rate: rate(r.SLA), Breached: breached},
		Postmortems: jsonPostmortems{
			Required: p.Required, OnTime: p.OnTime, Late: p.Late, Overdue: p.Overdue,
			Pending: p.Pending, Waived: p.Waived, Unknown: p.Unknown, OnTimeRate: rate(p.OnTimeRate()),
		},
		ActionItems: jsonActionItems(r.ActionItems),
	}
}

func newJSONStats(s incident.Stats) jsonStats {
	js := jsonStats{N: s.N}
	if s.N > 0 {
		p50, p90 := int64(s.P50/time.Second), int64(s.P90/time.Second)
		h50, h90 := human(s.P50), human(s.P90)
		js.P50Seconds, js.P50, js.P90Seconds, js.P90 = &p50, &h50, &p90, &h90
	}
	return js
}

// rate returns r rounded to four places, or nil when it has no value.
func rate(r Ratio) *float64 {
	v, ok := r.Value()
	if !ok {
		return nil
	}
	v = math.Round(v*10000) / 10000
	return &v
}
