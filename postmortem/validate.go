package postmortem

import (
	"regexp"
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
// *diag.Error of kind [ErrInvalid] listing every problem by field.
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
	case p.Title != oneLine(p.Title):
		add(keyTitle, "must be one line without outer or repeated spaces")
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
		for _, kv := range [][2]string{{attrOwner, a.Owner}, {attrLink, a.Link}} {
			if v := kv[1]; !writable(v) {
				add(f+"."+kv[0], "%q cannot be written as an attribute (line breaks, outer spaces, unbalanced parentheses or \", key:\")", v)
			}
		}
	}
	for i, s := range p.Other {
		if s.Title != oneLine(s.Title) {
			add("other["+strconv.Itoa(i)+"].title", "must be one line without outer or repeated spaces")
		}
		if _, known := lookupSection(s.Title); known {
			add("other["+strconv.Itoa(i)+"].title", "%q names a known section: use its field instead", s.Title)
		}
	}
	return l.Err(ErrInvalid)
}

// nextKeyRE finds what would start another attribute inside a value.
var nextKeyRE = regexp.MustCompile(`,\s*[A-Za-z_][A-Za-z_ -]*:`)

// writable reports whether v reads back as the same attribute value.
func writable(v string) bool {
	if strings.ContainsAny(v, "\n\r") || v != strings.TrimSpace(v) || nextKeyRE.MatchString(v) {
		return false
	}
	depth := 0
	for _, c := range v {
		switch c {
		case '(':
			depth++
		case ')':
			if depth--; depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}
