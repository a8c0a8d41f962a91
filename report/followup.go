package report

import (
	"slices"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
)

// addFollowUp adds to every row of rep the figures Summarize does not
// give: open and resolved counts, post-mortems and action items. incs are
// the counted incidents, oldest first; pms their post-mortems (see
// readPostmortems).
func addFollowUp(rep *Report, incs []*incident.Incident, pms map[string]*postmortem.Postmortem, pol *severity.Policy, now time.Time) {
	var readable []*postmortem.Postmortem
	for _, inc := range incs {
		if pm := pms[inc.ID]; pm != nil {
			readable = append(readable, pm)
		}
	}
	// One definition of "overdue" for action items: FindOverdue's. Its
	// entries with an action title are action items; the others are
	// post-mortems, judged below on publication instead.
	overdue := map[string]int{}
	byID := map[string]*incident.Incident{}
	for _, inc := range incs {
		byID[inc.ID] = inc
	}
	for _, o := range postmortem.FindOverdue(readable, incs, pol, now) {
		if o.Action == "" {
			continue
		}
		overdue[o.IncidentID]++
		inc := byID[o.IncidentID]
		rep.Overdue = append(rep.Overdue, OverdueItem{
			IncidentID: o.IncidentID, IncidentTitle: inc.Title, Severity: inc.Severity,
			ActionID: o.ActionID, Action: o.Action, Owners: o.Owners, Due: o.Due, Late: o.Late,
		})
	}

	for _, inc := range incs {
		rows := []*Row{&rep.Total}
		if i := slices.IndexFunc(rep.Severities, func(r Row) bool { return r.Key == inc.Severity }); i >= 0 {
			rows = append(rows, &rep.Severities[i])
		}
		key := monthKey(inc.Milestones.Declared)
		if i := slices.IndexFunc(rep.Months, func(r Row) bool { return r.Key == key }); i >= 0 {
			rows = append(rows, &rep.Months[i])
		}
		pm, readOK := pms[inc.ID]
		lvl, _ := pol.Level(inc.Severity) // counted: the level exists
		verdict := judgePostmortem(inc, pm, readOK, lvl.Targets, now)
		var items ActionItems
		if pm != nil {
			for _, a := range pm.ActionItems {
				items.Total++
				if !a.Status.Closed() {
					items.Open++
				}
			}
			items.Overdue = overdue[inc.ID]
		}
		for _, r := range rows {
			if inc.Status.Open() {
				r.Open++
			} else {
				r.Resolved++
			}
			r.Postmortems.add(verdict)
			r.ActionItems.Total += items.Total
			r.ActionItems.Open += items.Open
			r.ActionItems.Overdue += items.Overdue
		}
	}
}

// verdict is how one incident's post-mortem stands.
type verdict int

const (
	notRequired verdict = iota
	onTime
	late
	overdue
	pending
	waived
	unknown
)

func (p *Postmortems) add(v verdict) {
	if v == notRequired {
		return
	}
	p.Required++
	switch v {
	case onTime:
		p.OnTime++
	case late:
		p.Late++
	case overdue:
		p.Late++
		p.Overdue++
	case pending:
		p.Pending++
	case waived:
		p.Waived++
	case unknown:
		p.Unknown++
	}
}

// judgePostmortem decides how the post-mortem of inc stands at now. pm is
// its document (nil when it has none); readOK is false when the document
// could not be read.
func judgePostmortem(inc *incident.Incident, pm *postmortem.Postmortem, readOK bool, t severity.Targets, now time.Time) verdict {
	switch {
	case !t.PostmortemRequired:
		return notRequired
	case inc.Postmortem.Status == incident.PostmortemWaived:
		return waived
	case !readOK:
		return unknown
	}
	due := postmortem.DueAt(pm, inc.Milestones.Resolved, t)
	if due.IsZero() {
		return unknown
	}
	at, published := publishedAt(inc, pm, now)
	switch {
	case published && at.After(due):
		return late
	case published:
		return onTime
	case now.After(due):
		return overdue
	}
	return pending
}

// publishedAt returns when the post-mortem of inc was published (at or
// before now) and whether it was. The document's published time comes
// first; without one, the incident's timeline. A post-mortem published at
// an unrecorded time returns the zero time: it counts as on time, as in
// incident.CheckSLA.
func publishedAt(inc *incident.Incident, pm *postmortem.Postmortem, now time.Time) (time.Time, bool) {
	if pm != nil && pm.Status == postmortem.StatusPublished && !pm.Published.IsZero() {
		return pm.Published, !pm.Published.After(now)
	}
	if inc.Postmortem.Status != incident.PostmortemPublished && (pm == nil || pm.Status != postmortem.StatusPublished) {
		return time.Time{}, false
	}
	for _, e := range inc.Timeline {
		if e.Kind == incident.EventPostmortem && e.To == string(incident.PostmortemPublished) {
			return e.At, !e.At.After(now)
		}
	}
	return time.Time{}, true
}
