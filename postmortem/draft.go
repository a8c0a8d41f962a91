package postmortem

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/internal/yamldoc"
	"github.com/incidentkit/incidentkit/severity"
)

// DefaultDeadline is how long after resolution a post-mortem is due when
// the policy sets no deadline for the incident's level.
const DefaultDeadline = 48 * time.Hour

// TodoMarker starts every placeholder [Draft] writes ("_TODO: ..._"). Lint
// rule "completeness" reports any that remain.
const TodoMarker = "_TODO:"

// todo returns a placeholder asking the team to write something.
func todo(what string) string { return TodoMarker + " " + what + "_" }

// Draft starts the post-mortem of inc, written by by at time at: front
// matter (status draft, due date from the policy), the facts the incident
// already knows (summary, impact with durations, responders and the whole
// timeline) and to-do placeholders for the sections the team must write.
//
// The due date is the level's PostmortemDeadline after the incident was
// resolved (after at when it is not resolved yet), or [DefaultDeadline]
// when the policy is nil, does not know the level or sets no deadline.
func Draft(inc *incident.Incident, p *severity.Policy, by incident.Person, at time.Time) (*Postmortem, error) {
	if inc == nil {
		return nil, errors.New("postmortem: draft: nil incident")
	}
	if err := incident.CheckID(inc.ID); err != nil {
		return nil, fmt.Errorf("postmortem: draft: %w", err)
	}
	if err := by.Validate(); err != nil {
		return nil, fmt.Errorf("postmortem: draft %s: %w", inc.ID, err)
	}
	at = at.UTC().Truncate(time.Second)
	from := inc.Milestones.Resolved
	if from.IsZero() {
		from = at
	}
	var targets severity.Targets
	if lv, err := p.Level(inc.Severity); err == nil {
		targets = lv.Targets
	}
	deadline := Deadline(targets)
	pm := &Postmortem{
		IncidentID: inc.ID,
		Title:      headingTitle(inc.Title),
		Status:     StatusDraft,
		Authors:    []incident.Person{by},
		Created:    at,
		Due:        from.UTC().Truncate(time.Second).Add(deadline),

		Summary:     draftSummary(inc),
		Impact:      draftImpact(inc, p),
		Timeline:    draftTimeline(inc),
		RootCauses:  todo("what made this possible? List the causes and contributing factors: conditions, gaps and decisions that made sense at the time"),
		Trigger:     todo("what change or event set it off?"),
		Detection:   draftDetection(inc),
		Resolution:  todo("what did responders do to mitigate and resolve it, and what helped or slowed them?"),
		WentWell:    todo("what worked: tools, alerts, runbooks, people helping each other"),
		WentWrong:   todo("where did the system, tooling or process make the response harder?"),
		Lucky:       todo("what could have made this worse and did not?"),
		Lessons:     todo("what did we learn about the system?"),
		ActionNotes: todo("one line per action item: - [ ] Title (owner: @handle, due: YYYY-MM-DD, type: mitigate|prevent|detect|process, priority: p1|p2|p3, id: A1)"),
	}
	if pm.Title == "" {
		pm.Title = inc.ID
	}
	return pm, nil
}

// draftSummary starts from the incident's own summary.
func draftSummary(inc *incident.Incident) string {
	s := todo("two or three sentences: what happened, who was affected, for how long, and how it was fixed")
	if sum := strings.TrimSpace(inc.Summary); sum != "" {
		s += "\n\n" + sum
	}
	return s
}

// draftDetection states the detection facts and asks for the story.
func draftDetection(inc *incident.Incident) string {
	var b strings.Builder
	if d, ok := inc.Durations().Of(incident.PhaseDetect); ok {
		fmt.Fprintf(&b, "Detected %s after impact started.\n\n", yamldoc.FormatDuration(d))
	}
	for _, l := range inc.Links {
		if l.Kind == incident.LinkAlert {
			fmt.Fprintf(&b, "- Alert: %s\n", linkText(l))
		}
	}
	if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n\n") {
		b.WriteString("\n")
	}
	b.WriteString(todo("how did we find out? Could we have known sooner?"))
	return b.String()
}

// draftImpact lists what the incident recorded about its impact.
func draftImpact(inc *incident.Incident, p *severity.Policy) string {
	var lines []string
	add := func(k, v string) {
		if v != "" {
			lines = append(lines, "- "+k+": "+oneLine(v))
		}
	}
	sev := inc.Severity
	if lv, err := p.Level(inc.Severity); err == nil && lv.Title != "" {
		sev += " (" + lv.Title + ")"
	}
	add("Severity", sev)
	if inc.Kind != "" && inc.Kind != incident.KindNormal {
		add("Kind", string(inc.Kind))
	}
	var comps []string
	for _, c := range inc.Impact.Components {
		comps = append(comps, c.Name+" ("+string(c.Status)+")")
	}
	add("Components", strings.Join(comps, ", "))
	if n := inc.Impact.UsersAffected; n > 0 {
		add("Users affected", strconv.FormatInt(n, 10))
	}
	if n := inc.Impact.CustomersAffected; n > 0 {
		add("Customers affected", strconv.FormatInt(n, 10))
	}
	add("Customer-facing", inc.Impact.CustomerFacing)
	add("Business", inc.Impact.Business)
	m := inc.Milestones
	add("Impact started", stamp(m.ImpactStarted))
	add("Mitigated", stamp(m.Mitigated))
	add("Resolved", stamp(m.Resolved))
	ds := inc.Durations()
	var durs []string
	for _, ph := range incident.Phases {
		if d, ok := ds.Of(ph); ok {
			durs = append(durs, ph.String()+" "+yamldoc.FormatDuration(d))
		}
	}
	add("Time to", strings.Join(durs, ", "))
	body := strings.Join(lines, "\n")
	if body != "" {
		body += "\n\n"
	}
	return body + todo("describe the impact on users and the business in your words")
}

// stamp writes a time as timeline entries do; "" for the zero time.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(stampLayout)
}

// stampLayout is how times are written in the timeline section.
const stampLayout = "2006-01-02 15:04 UTC"

// timelineEntry is one line of the drafted timeline.
type timelineEntry struct {
	at   time.Time
	rank int // at the same time: 0 impact and detection, 1 events, 2 mitigation and resolution
	text string
}

// draftTimeline writes the responders, then the milestones and every
// timeline event in time order, one list item each.
func draftTimeline(inc *incident.Incident) string {
	var b strings.Builder
	if roles := inc.RoleNames(); len(roles) > 0 {
		var rs []string
		for _, r := range roles {
			rs = append(rs, string(r)+" "+inc.Roles[r].Name)
		}
		b.WriteString("Responders: " + oneLine(strings.Join(rs, ", ")) + ".\n\n")
	}
	m := inc.Milestones
	var es []timelineEntry
	mile := func(t time.Time, rank int, text string) {
		if !t.IsZero() {
			es = append(es, timelineEntry{t, rank, text})
		}
	}
	mile(m.ImpactStarted, 0, "**Impact started**")
	mile(m.Detected, 0, "**Detected**")
	mile(m.Mitigated, 2, "**Mitigated**: impact stopped")
	mile(m.Resolved, 2, "**Resolved**")
	for _, e := range inc.Timeline {
		es = append(es, timelineEntry{e.At, 1, eventText(e)})
	}
	slices.SortStableFunc(es, func(a, b timelineEntry) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return a.rank - b.rank
	})
	for _, e := range es {
		b.WriteString("- " + stamp(e.at) + " — " + e.text + "\n")
	}
	if len(es) == 0 {
		b.WriteString(todo("the incident has no timeline: list what happened, when"))
	}
	return strings.TrimRight(b.String(), "\n")
}

// eventText describes a timeline event in one line.
func eventText(e incident.Event) string {
	who := e.Actor.Name
	arrow := func(from, to string) string {
		if from == "" {
			return "set to " + to
		}
		return from + " → " + to
	}
	with := func(s, text string) string {
		if text = oneLine(text); text != "" {
			return s + ": " + text
		}
		return s
	}
	var s string
	switch e.Kind {
	case incident.EventDeclared:
		s = with("**Declared** "+e.To+" by "+who, e.Text)
	case incident.EventAcknowledged:
		s = "**Acknowledged** by " + who
	case incident.EventStatus:
		s = with("Status "+arrow(e.From, e.To)+" by "+who, e.Text)
	case incident.EventSeverity:
		s = with("Severity "+arrow(e.From, e.To)+" by "+who, e.Text)
	case incident.EventRole:
		from, to := personName(e.From), personName(e.To)
		switch {
		case to == "":
			s = "Role " + e.Subject + " released by " + from
		case from == "":
			s = "Role " + e.Subject + " assigned to " + to
		default:
			s = "Role " + e.Subject + " handed from " + from + " to " + to
		}
	case incident.EventUpdate:
		s = with("Status update ("+e.Subject+") by "+who, e.Text)
	case incident.EventNote:
		s = with("Note by "+who, e.Text)
	case incident.EventLink:
		s = with("Link ("+e.Subject+") added by "+who, e.To)
	case incident.EventComponent:
		s = "Component " + e.Subject + " " + arrow(e.From, e.To)
	case incident.EventImpact:
		s = "Impact " + e.Subject + " " + arrow(e.From, e.To)
	case incident.EventField:
		s = e.Subject + " changed by " + who
	case incident.EventMilestone:
		s = "Milestone " + e.Subject + " set to " + e.To + " by " + who
	case incident.EventPostmortem:
		s = "Post-mortem " + arrow(e.From, e.To)
	case incident.EventConflict:
		s = "Concurrent edits of " + e.Subject + ": kept " + e.To + " over " + e.From
	default:
		s = with(string(e.Kind)+" by "+who, e.Text)
	}
	return oneLine(s)
}

// personName returns the name of a person written "Name <email>".
func personName(s string) string {
	if p, err := incident.ParsePerson(s); err == nil {
		return p.Name
	}
	return s
}

// linkText writes a link as "title (target)" or just the target.
func linkText(l incident.Link) string {
	if l.Title != "" {
		return oneLine(l.Title) + " (" + oneLine(l.Target) + ")"
	}
	return oneLine(l.Target)
}
