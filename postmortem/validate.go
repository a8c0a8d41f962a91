package postmortem

import (
	"strconv"
	"strings"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/internal/diag"
)

// Validate reports whether p can be written with [Render] and read back
// by [Parse] unchanged in meaning: a valid incident ID, a defined status,
// a title, valid people, defined action item types, priorities and
// states, unique action item IDs that [Parse] accepts, and unknown
// sections whose titles do not name a known section. The error is a
// *[InvalidError] of kind [ErrInvalid] listing every problem by field.
func (p *Postmortem) Validate() error {
	var l diag.List
	add := func(field, format string, args ...any) { l.Addf("", 0, 0, field, format, args...) }
	if err := incident.CheckID(p.IncidentID); err != nil {
		add(keyIncident, "want an incident ID like INC-2026-0042, got %q", p.IncidentID)
	}
	if !p.Status.Valid() {
		add(keyStatus, "want one of draft, in_review, approved, published, got %q", p.Status)
	}
	switch {
	case oneLine(p.Title) == "":
		add(keyTitle, "empty")
	case p.Title != headingTitle(p.Title):
		add(keyTitle, "must be one line without outer or repeated spaces or a closing \" #\"")
	}
	for i, a := range p.Authors {
		if err := a.Validate(); err != nil {
			add(keyAuthors+"["+strconv.Itoa(i)+"]", "%v", err)
		}
	}
	for i, r := range p.Reviewers {
		if err := r.Person.Validate(); err != nil {
			add(keyReviewers+"["+strconv.Itoa(i)+"]", "%v", err)
		}
	}
	ids := map[string]bool{}
	for i, a := range p.ActionItems {
		f := "action_items[" + strconv.Itoa(i) + "]"
		switch {
		case oneLine(a.Title) == "":
			add(f+".title", "empty")
		case strings.ContainsAny(a.Title, "\n\r") || a.Title != strings.TrimSpace(a.Title):
			add(f+".title", "must be one line without outer spaces")
		}
		if a.Type != "" && !a.Type.Valid() {
			add(f+".type", "want one of mitigate, prevent, detect, process, got %q", a.Type)
		}
		if a.Priority != "" && !a.Priority.Valid() {
			add(f+".priority", "want one of p1, p2, p3, got %q", a.Priority)
		}
		if !a.Status.Valid() {
			add(f+".status", "want one of open, done, wont_do, got %q", a.Status)
		}
		if a.ID != "" {
			if strings.ContainsAny(a.ID, " \t\n,()") {
				add(f+".id", "want a short id without spaces, commas or parentheses, got %q", a.ID)
			}
			if ids[a.ID] {
				add(f+".id", "id %q used twice", a.ID)
			}
			ids[a.ID] = true
		}
		b := a
		b.Notes = ""
		if (a.Type == "" || a.Type.Valid()) && (a.Priority == "" || a.Priority.Valid()) {
			if !itemWritable(b) {
				add(f, "title and attributes would not read back: attribute values cannot hold line breaks, outer spaces or \", key:\", a title cannot end in \"(key: value)\", and due is a date (midnight UTC)")
			}
		}
	}
	for i, s := range p.Other {
		if s.Title != headingTitle(s.Title) {
			add("other["+strconv.Itoa(i)+"].title", "must be one line without outer or repeated spaces or a closing \" #\"")
		}
		if _, known := lookupSection(s.Title); known {
			add("other["+strconv.Itoa(i)+"].title", "%q names a known section: use its field instead", s.Title)
		}
	}
	return l.Err(ErrInvalid)
}

// itemWritable reports whether a's line reads back as a: its title and
// attributes, written as Render writes them, split again the same way.
func itemWritable(a ActionItem) bool {
	line := formatActionItem(ActionItem{Title: a.Title, Type: a.Type, Owner: a.Owner, Due: a.Due,
		Priority: a.Priority, ID: a.ID, Status: a.Status, Link: a.Link})
	text := line[len("- [ ] "):]
	d := &mdDoc{src: []byte(text), lines: newLineIndex([]byte(text))}
	m := &mapped{text: text, starts: []int{0}, srcs: []int{0}}
	title, attrs, off := splitAttributes(text)
	got := ActionItem{Title: strings.TrimSpace(title), Status: a.Status}
	var l diag.List
	if off >= 0 {
		parseAttributes("", d, m, off, attrs, &got, "", &l)
	}
	if a.Status != ActionWontDo && got.Status == ActionWontDo {
		return false
	}
	got.Status = a.Status
	return l.Len() == 0 && got == a
}
