package main

import (
	"encoding/json"
	"io"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/store"
)

// The JSON documents incidentctl prints with -json. Their field names are
// a documented interface (see the package documentation): never rename one.
// They are separate from the library's types so that the library can change
// without changing what scripts read.

type incidentJSON struct {
	ID            string            `json:"id"`
	UID           string            `json:"uid"`
	Aliases       []string          `json:"aliases,omitempty"`
	Title         string            `json:"title"`
	Summary       string            `json:"summary,omitempty"`
	Kind          string            `json:"kind"`
	Severity      string            `json:"severity"`
	Status        string            `json:"status"`
	Open          bool              `json:"open"`
	Schedule      *scheduleJSON     `json:"schedule,omitempty"`
	Milestones    milestonesJSON    `json:"milestones"`
	Roles         map[string]string `json:"roles,omitempty"`
	Components    []componentJSON   `json:"components"`
	Impact        *impactJSON       `json:"impact,omitempty"`
	Links         []linkJSON        `json:"links"`
	Labels        []string          `json:"labels"`
	Postmortem    *postmortemJSON   `json:"postmortem,omitempty"`
	DeclineReason string            `json:"decline_reason,omitempty"`
	MergedInto    string            `json:"merged_into,omitempty"`
	Timeline      []eventJSON       `json:"timeline"`
	Updates       []updateJSON      `json:"updates"`
}

type milestonesJSON struct {
	ImpactStarted string `json:"impact_started,omitempty"`
	Detected      string `json:"detected,omitempty"`
	Declared      string `json:"declared,omitempty"`
	Acknowledged  string `json:"acknowledged,omitempty"`
	Mitigated     string `json:"mitigated,omitempty"`
	Resolved      string `json:"resolved,omitempty"`
	Closed        string `json:"closed,omitempty"`
}

type scheduleJSON struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type componentJSON struct {
	Name   string `json:"name"`
	Status string `json:"status"`
}

type impactJSON struct {
	UsersAffected     int64  `json:"users_affected"`
	CustomersAffected int64  `json:"customers_affected"`
	CustomerFacing    string `json:"customer_facing"`
	Business          string `json:"business"`
}

type linkJSON struct {
	Kind    string `json:"kind"`
	Target  string `json:"target"`
	Title   string `json:"title,omitempty"`
	Suspect bool   `json:"suspect"`
}

type postmortemJSON struct {
	Status       string `json:"status"`
	WaivedReason string `json:"waived_reason,omitempty"`
}

type eventJSON struct {
	ID      string `json:"id"`
	At      string `json:"at"`
	Actor   string `json:"actor"`
	Kind    string `json:"kind"`
	Subject string `json:"subject,omitempty"`
	From    string `json:"from,omitempty"`
	To      string `json:"to,omitempty"`
	Text    string `json:"text,omitempty"`
}

type updateJSON struct {
	ID       string `json:"id"`
	At       string `json:"at"`
	Actor    string `json:"actor"`
	Audience string `json:"audience"`
	Status   string `json:"status"`
	Message  string `json:"message"`
}

type listJSON struct {
	Incidents []listItemJSON `json:"incidents"`
}

type listItemJSON struct {
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	Kind         string   `json:"kind"`
	Severity     string   `json:"severity"`
	Status       string   `json:"status"`
	Open         bool     `json:"open"`
	Declared     string   `json:"declared"`
	Acknowledged string   `json:"acknowledged,omitempty"`
	Resolved     string   `json:"resolved,omitempty"`
	Commander    string   `json:"commander,omitempty"`
	Components   []string `json:"components"`
}

type historyJSON struct {
	ID        string         `json:"id"`
	Revisions []revisionJSON `json:"revisions"`
}

type revisionJSON struct {
	Revision string `json:"revision"`
	Author   string `json:"author"`
	At       string `json:"at"`
	Subject  string `json:"subject"`
	Message  string `json:"message"`
	Status   string `json:"status"`
	Severity string `json:"severity"`
}

type slaJSON struct {
	At        string            `json:"at"`
	Incidents []slaIncidentJSON `json:"incidents"`
}

type slaIncidentJSON struct {
	ID       string        `json:"id"`
	Severity string        `json:"severity"`
	Status   string        `json:"status"`
	Findings []findingJSON `json:"findings"`
}

type findingJSON struct {
	Rule          string `json:"rule"`
	At            string `json:"at"`
	TargetSeconds int64  `json:"target_seconds"`
	ActualSeconds int64  `json:"actual_seconds"`
	OverSeconds   int64  `json:"over_seconds"`
	Message       string `json:"message"`
}

type lintJSON struct {
	File     string            `json:"file"`
	Findings []lintFindingJSON `json:"findings"`
}

type lintFindingJSON struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

// writeJSON prints v as one indented JSON document.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// jsonTime formats t for JSON: RFC 3339 in UTC, "" for the zero time.
func jsonTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// personString formats p for JSON: "Name <email>", "" for nobody.
func personString(p incident.Person) string {
	if p.IsZero() {
		return ""
	}
	return p.String()
}

func toIncidentJSON(inc *incident.Incident) incidentJSON {
	m := inc.Milestones
	out := incidentJSON{
		ID: inc.ID, UID: inc.UID, Aliases: inc.Aliases, Title: inc.Title, Summary: inc.Summary,
		Kind: string(inc.Kind), Severity: inc.Severity, Status: string(inc.Status), Open: inc.Status.Open(),
		Milestones: milestonesJSON{
			ImpactStarted: jsonTime(m.ImpactStarted), Detected: jsonTime(m.Detected), Declared: jsonTime(m.Declared),
			Acknowledged: jsonTime(m.Acknowledged), Mitigated: jsonTime(m.Mitigated), Resolved: jsonTime(m.Resolved),
			Closed: jsonTime(m.Closed),
		},
		Components:    []componentJSON{},
		Links:         []linkJSON{},
		Labels:        append([]string{}, inc.Labels...),
		DeclineReason: inc.DeclineReason,
		MergedInto:    inc.MergedInto,
		Timeline:      []eventJSON{},
		Updates:       []updateJSON{},
	}
	if !inc.Schedule.IsZero() {
		out.Schedule = &scheduleJSON{Start: jsonTime(inc.Schedule.Start), End: jsonTime(inc.Schedule.End)}
	}
	for _, r := range inc.RoleNames() {
		if out.Roles == nil {
			out.Roles = map[string]string{}
		}
		out.Roles[string(r)] = personString(inc.Roles[r])
	}
	im := inc.Impact
	for _, c := range im.Components {
		out.Components = append(out.Components, componentJSON{Name: c.Name, Status: string(c.Status)})
	}
	if im.UsersAffected != 0 || im.CustomersAffected != 0 || im.CustomerFacing != "" || im.Business != "" {
		out.Impact = &impactJSON{UsersAffected: im.UsersAffected, CustomersAffected: im.CustomersAffected,
			CustomerFacing: im.CustomerFacing, Business: im.Business}
	}
	for _, l := range inc.Links {
		out.Links = append(out.Links, linkJSON{Kind: string(l.Kind), Target: l.Target, Title: l.Title, Suspect: l.Suspect})
	}
	if inc.Postmortem.Status != incident.PostmortemNone {
		out.Postmortem = &postmortemJSON{Status: string(inc.Postmortem.Status), WaivedReason: inc.Postmortem.WaivedReason}
	}
	for _, e := range inc.Timeline {
		out.Timeline = append(out.Timeline, eventJSON{ID: e.ID, At: jsonTime(e.At), Actor: personString(e.Actor),
			Kind: string(e.Kind), Subject: e.Subject, From: e.From, To: e.To, Text: e.Text})
	}
	for _, u := range inc.Updates {
		out.Updates = append(out.Updates, updateJSON{ID: u.ID, At: jsonTime(u.At), Actor: personString(u.Actor),
			Audience: string(u.Audience), Status: string(u.Status), Message: u.Message})
	}
	return out
}

func toListItemJSON(inc *incident.Incident) listItemJSON {
	out := listItemJSON{
		ID: inc.ID, Title: inc.Title, Kind: string(inc.Kind), Severity: inc.Severity, Status: string(inc.Status),
		Open: inc.Status.Open(), Declared: jsonTime(inc.Milestones.Declared),
		Acknowledged: jsonTime(inc.Milestones.Acknowledged), Resolved: jsonTime(inc.Milestones.Resolved),
		Commander: personString(inc.Roles[incident.RoleCommander]), Components: []string{},
	}
	for _, c := range inc.Impact.Components {
		out.Components = append(out.Components, c.Name)
	}
	return out
}

func toRevisionJSON(r store.Revision) revisionJSON {
	out := revisionJSON{Revision: r.ID, Author: personString(r.Author), At: jsonTime(r.At),
		Subject: subject(r.Message), Message: r.Message}
	if r.Incident != nil {
		out.Status, out.Severity = string(r.Incident.Status), r.Incident.Severity
	}
	return out
}

func toFindingJSON(f incident.Finding) findingJSON {
	return findingJSON{Rule: string(f.Rule), At: jsonTime(f.At), TargetSeconds: seconds(f.Target),
		ActualSeconds: seconds(f.Actual), OverSeconds: seconds(f.Over), Message: f.Message}
}

func toLintFindingJSON(f postmortem.Finding) lintFindingJSON {
	return lintFindingJSON{File: f.File, Line: f.Line, Column: f.Column, Rule: f.Rule, Message: f.Message}
}

func seconds(d time.Duration) int64 { return int64(d / time.Second) }
