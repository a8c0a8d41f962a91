package postmortem

import (
	"regexp"
	"strings"
	"time"
)

// ActionItem is a follow-up the team commits to. In the file it is one
// line of a GFM task list:
//
//   - [ ] Add pool saturation alert (owner: @alice, due: 2026-12-11, type: detect, priority: p2, id: A1, link: https://tracker/PROJ-12)
//
// The attributes in the final parentheses may come in any order; only
// those with a value are written.
type ActionItem struct {
	ID       string     // short, unique within the post-mortem, e.g. "A1"
	Title    string     // what will be done
	Type     ActionType // mitigate, prevent, detect or process
	Owner    string     // a handle ("@alice") or a name
	Due      time.Time  // a date (midnight UTC); zero when unset
	Priority Priority   // p1 (most urgent) to p3
	Status   ActionStatus
	Link     string // tracker issue, optional
	// Notes is Markdown written under the item (indented in the file),
	// such as a sub-list of tasks; empty for most items.
	Notes string
}

// ActionType says what an action item does about the incident.
type ActionType string

// The action item types.
const (
	ActionMitigate ActionType = "mitigate" // reduce the impact if it happens again
	ActionPrevent  ActionType = "prevent"  // stop it from happening again
	ActionDetect   ActionType = "detect"   // notice it sooner
	ActionProcess  ActionType = "process"  // change how people work
)

// Valid reports whether t is a defined type.
func (t ActionType) Valid() bool {
	switch t {
	case ActionMitigate, ActionPrevent, ActionDetect, ActionProcess:
		return true
	}
	return false
}

// Priority is an action item's urgency: p1 is the most urgent.
type Priority string

// The priorities.
const (
	P1 Priority = "p1"
	P2 Priority = "p2"
	P3 Priority = "p3"
)

// Valid reports whether p is a defined Priority.
func (p Priority) Valid() bool { return p == P1 || p == P2 || p == P3 }

// ActionStatus is whether an action item is done. In the file it is the
// task list checkbox: "[ ]" open, "[x]" done; "status: wont_do" marks an
// item the team decided against (its box is written ticked).
type ActionStatus string

// The action item states.
const (
	ActionOpen   ActionStatus = "open"
	ActionDone   ActionStatus = "done"
	ActionWontDo ActionStatus = "wont_do"
)

// Valid reports whether s is a defined ActionStatus.
func (s ActionStatus) Valid() bool { return s == ActionOpen || s == ActionDone || s == ActionWontDo }

// Closed reports whether the item needs no more work (done or won't do).
func (s ActionStatus) Closed() bool { return s == ActionDone || s == ActionWontDo }

// dateLayout is how action item due dates are written.
const dateLayout = "2006-01-02"

// attribute keys, in the order they are written.
const (
	attrOwner    = "owner"
	attrDue      = "due"
	attrType     = "type"
	attrPriority = "priority"
	attrID       = "id"
	attrStatus   = "status"
	attrLink     = "link"
)

var attrKeys = []string{attrOwner, attrDue, attrType, attrPriority, attrID, attrStatus, attrLink}

// formatActionItem writes a as one task list line (without a newline).
func formatActionItem(a ActionItem) string {
	var b strings.Builder
	if a.Status.Closed() {
		b.WriteString("- [x] ")
	} else {
		b.WriteString("- [ ] ")
	}
	b.WriteString(a.Title)
	var attrs []string
	add := func(k, v string) {
		if v != "" {
			attrs = append(attrs, k+": "+v)
		}
	}
	add(attrOwner, a.Owner)
	if !a.Due.IsZero() {
		add(attrDue, a.Due.UTC().Format(dateLayout))
	}
	add(attrType, string(a.Type))
	add(attrPriority, string(a.Priority))
	add(attrID, a.ID)
	if a.Status == ActionWontDo {
		add(attrStatus, string(a.Status))
	}
	add(attrLink, a.Link)
	if len(attrs) > 0 {
		b.WriteString(" (")
		b.WriteString(strings.Join(attrs, ", "))
		b.WriteString(")")
	}
	if notes := trimBlankLines(a.Notes); notes != "" {
		// A sub-list can follow the item's line directly, keeping the task
		// list tight; anything else needs blank lines, or it would continue
		// the item's paragraph.
		tight := subListRE.MatchString(notes) && !strings.Contains(notes, "\n\n")
		if !tight {
			b.WriteString("\n")
		}
		for _, ln := range strings.Split(notes, "\n") {
			b.WriteByte('\n')
			if strings.TrimSpace(ln) != "" {
				b.WriteString("  ")
				b.WriteString(ln)
			}
		}
		if !tight {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// subListRE matches notes that start with a list item able to interrupt
// a paragraph: a bullet or "1." with content.
var subListRE = regexp.MustCompile(`^(?:[-*+]|1[.)])[ \t]+\S`)
