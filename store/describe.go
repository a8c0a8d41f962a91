package store

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/incidentkit/incidentkit/incident"
)

// Limits of the messages [Describe] builds.
const (
	subjectMax = 72  // first line, as Git tools expect
	itemMax    = 200 // one change in the body
)

// significance orders event kinds for the subject of a multi-change
// message: the first kind present leads.
var significance = []incident.EventKind{
	incident.EventStatus, incident.EventSeverity, incident.EventDeclared,
	incident.EventPostmortem, incident.EventRole, incident.EventAcknowledged,
	incident.EventComponent, incident.EventUpdate, incident.EventLink,
}

// Describe returns the message of the change that turned before into after:
// a first line of at most 72 characters that names the incident and what
// changed, and, when there is more to say, a blank line and a body. before
// is nil for a declaration.
//
// The message is derived from the timeline events the change added. One
// event gives one line, such as "INC-2026-0001: status investigating ->
// identified" (with the full text in the body when the line had to be
// shortened); several lead with the most significant one, as in
// "INC-2026-0001: status triage -> investigating (+3 more)" (dropping
// the lead's free text, or giving just "INC-2026-0001: 4 changes", when that
// does not fit in 72 characters), and a
// body lists each as "- ..." on its own line. The acknowledgement recorded
// automatically when an incident leaves triage is folded into the status
// change. A change that added no event (a direct edit of a field) is
// described by the fields it changed ("edited impact.business"), or as
// "updated" when none of the fields [FieldHistory] knows changed. Stores that keep history use Describe for their
// revision messages; gitstore adds its trailers after it.
func Describe(before, after *incident.Incident) string {
	if after == nil {
		if before == nil {
			return "no change"
		}
		return line(before.ID + ": removed")
	}
	seen := map[string]bool{}
	if before != nil {
		for _, e := range before.Timeline {
			seen[e.ID] = true
		}
	}
	var added []incident.Event
	for _, e := range after.Timeline {
		if !seen[e.ID] {
			added = append(added, e)
		}
	}
	var items []string
	if before != nil && before.ID != after.ID {
		items = append(items, clip(oneLine("renumbered from "+before.ID), itemMax))
	}
	leftTriage := false
	for _, e := range added {
		if e.Kind == incident.EventStatus && e.From == string(incident.StatusTriage) {
			leftTriage = true
		}
	}
	var lead *incident.Event
	leadRank := len(significance)
	for _, e := range added {
		if e.Kind == incident.EventAcknowledged && leftTriage {
			continue
		}
		if r := slices.Index(significance, e.Kind); r >= 0 && r < leadRank {
			lead, leadRank = &e, r
		}
		items = append(items, clip(oneLine(describeEvent(e)), itemMax))
	}
	if len(items) == 0 {
		if edited := editedFields(before, after); len(edited) > 0 {
			items = append(items, clip(oneLine("edited "+strings.Join(edited, ", ")), itemMax))
		} else {
			items = append(items, "updated")
		}
	}
	id := oneLine(after.ID)
	if len(items) == 1 {
		subject := id + ": " + items[0]
		if utf8.RuneCountInString(subject) <= subjectMax {
			return subject
		}
		return clip(subject, subjectMax) + "\n\n" + items[0]
	}
	// Several changes: lead with the most significant one when it fits, so
	// that `git log --oneline` still tells the story.
	subject := fmt.Sprintf("%s: %d changes", id, len(items))
	if lead != nil {
		// The lead in full, else with its free text clipped to fit, else
		// without it.
		more := fmt.Sprintf(" (+%d more)", len(items)-1)
		full := fmt.Sprintf("%s: %s%s", id, oneLine(describeEvent(*lead)), more)
		short := *lead
		short.Text = ""
		bare := fmt.Sprintf("%s: %s%s", id, oneLine(describeEvent(short)), more)
		switch room := subjectMax - utf8.RuneCountInString(bare) - len(": "); {
		case utf8.RuneCountInString(full) <= subjectMax:
			subject = full
		case lead.Text != "" && room >= minClippedText && strings.HasSuffix(describeEvent(*lead), ": "+lead.Text):
			clipped := *lead
			clipped.Text = clip(oneLine(lead.Text), room)
			subject = fmt.Sprintf("%s: %s%s", id, oneLine(describeEvent(clipped)), more)
		case utf8.RuneCountInString(bare) <= subjectMax:
			subject = bare
		}
	}
	var b strings.Builder
	b.WriteString(clip(subject, subjectMax))
	b.WriteByte('\n')
	for _, it := range items {
		b.WriteString("\n- ")
		b.WriteString(it)
	}
	return b.String()
}

// minClippedText is the fewest runes of an event's free text worth keeping
// in a subject: fewer say nothing.
const minClippedText = 12

// editedFields returns the names of the fields, as [FieldHistory] knows
// them, that differ between before and after, sorted.
func editedFields(before, after *incident.Incident) []string {
	if before == nil {
		return nil
	}
	names := map[string]bool{}
	for name := range fields {
		names[name] = true
	}
	for name := range milestones {
		names["milestones."+name] = true
	}
	for _, inc := range []*incident.Incident{before, after} {
		for r := range inc.Roles {
			names["roles."+string(r)] = true
		}
		for _, c := range inc.Impact.Components {
			names["impact.components."+c.Name] = true
		}
	}
	var edited []string
	for name := range names {
		if get, err := fieldGetter(name); err == nil && get(before) != get(after) {
			edited = append(edited, name)
		}
	}
	slices.Sort(edited)
	return edited
}

// describeEvent says in one line what e changed.
func describeEvent(e incident.Event) string {
	switch e.Kind {
	case incident.EventDeclared:
		return withText("declared "+e.To, e.Text)
	case incident.EventAcknowledged:
		return "acknowledged by " + e.Actor.Name
	case incident.EventStatus:
		return withText("status "+fromTo(e.From, e.To), e.Text)
	case incident.EventSeverity:
		return withText("severity "+fromTo(e.From, e.To), e.Text)
	case incident.EventRole:
		return "role " + e.Subject + " " + fromTo(name(e.From), name(e.To))
	case incident.EventUpdate:
		return withText(e.Subject+" update", e.Text)
	case incident.EventNote:
		return withText("note", e.Text)
	case incident.EventLink:
		return "link " + e.Subject + " " + e.To
	case incident.EventComponent:
		return "component " + e.Subject + " " + fromTo(e.From, e.To)
	case incident.EventImpact:
		if e.Subject == "users_affected" || e.Subject == "customers_affected" {
			return "impact " + e.Subject + " " + fromTo(e.From, e.To)
		}
		return "impact " + e.Subject + " changed"
	case incident.EventField:
		switch e.Subject {
		case "title":
			return withText("title", e.To)
		case "labels":
			return "labels " + fromTo(e.From, e.To)
		case "schedule":
			// The new window alone: with both, a line would not fit.
			if e.To == "" {
				return "schedule removed"
			}
			return "schedule " + e.To
		}
		return e.Subject + " changed"
	case incident.EventMilestone:
		return e.Subject + " set to " + e.To
	case incident.EventPostmortem:
		return withText("post-mortem "+fromTo(e.From, e.To), e.Text)
	case incident.EventConflict:
		return "conflict on " + e.Subject + ": kept " + e.To
	}
	return strings.TrimSpace(string(e.Kind) + " " + e.Subject)
}

// withText appends ": text" when there is text.
func withText(s, text string) string {
	if text = oneLine(text); text != "" {
		return s + ": " + text
	}
	return s
}

// fromTo formats a change of value, "none" standing for an empty one.
func fromTo(from, to string) string {
	if from == "" {
		from = "none"
	}
	if to == "" {
		to = "none"
	}
	return oneLine(from) + " -> " + oneLine(to)
}

// name returns the name part of a person written as "Name <email>".
func name(person string) string {
	if i := strings.Index(person, " <"); i >= 0 {
		return person[:i]
	}
	return person
}

// oneLine replaces runs of white space and control characters with one space.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
}

// line is oneLine clipped to the subject length.
func line(s string) string { return clip(oneLine(s), subjectMax) }

// clip shortens s to at most n runes, ending it with "..." when cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	cut := string(r[:n-3])
	// Cut between words when that keeps more than half the line.
	if !unicode.IsSpace(r[n-3]) {
		if i := strings.LastIndexFunc(cut, unicode.IsSpace); i > len(cut)/2 {
			cut = cut[:i]
		}
	}
	return strings.TrimRightFunc(cut, unicode.IsSpace) + "..."
}
