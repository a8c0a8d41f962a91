package postmortem

import (
	"errors"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/internal/diag"
)

// MaxSize is the largest post-mortem file [Parse] accepts. It is checked
// before any parsing: goldmark is roughly quadratic on some inputs, and a
// real post-mortem is a few kilobytes.
const MaxSize = 64 << 10

// ErrInvalid is the Kind of the *[InvalidError] that [Parse] returns for a
// malformed post-mortem; match it with [errors.Is].
var ErrInvalid = errors.New("postmortem: invalid")

// InvalidError lists every problem found in a post-mortem, each with file,
// line, column, field (a front matter key or a section) and message; it
// prints like a compiler. It is the same type as incident.InvalidError and
// severity.InvalidError, so one [errors.As] target serves every document.
type InvalidError = diag.Error

// Problem is one problem in a post-mortem: where it is and what is wrong.
type Problem = diag.Problem

// Status is where a post-mortem is in its review.
type Status string

// The states of a post-mortem document.
const (
	StatusDraft     Status = "draft"     // being written
	StatusInReview  Status = "in_review" // proposed for review, e.g. in a pull request
	StatusApproved  Status = "approved"  // approved by its reviewers
	StatusPublished Status = "published" // shared beyond the team
)

// Statuses lists every Status in lifecycle order.
var Statuses = []Status{StatusDraft, StatusInReview, StatusApproved, StatusPublished}

// Valid reports whether s is a defined Status.
func (s Status) Valid() bool {
	switch s {
	case StatusDraft, StatusInReview, StatusApproved, StatusPublished:
		return true
	}
	return false
}

// Reviewer is a person asked to review the post-mortem and, once they have
// approved it, when they did. A zero Approved means not approved yet.
type Reviewer struct {
	Person   incident.Person
	Approved time.Time
}

// Postmortem is a blameless post-mortem of one incident: front matter
// (who, when, status) and the sections of the document. Section bodies are
// Markdown as written in the file, without their "##" heading and without
// leading or trailing blank lines.
type Postmortem struct {
	IncidentID string // the incident this post-mortem is about, e.g. "INC-2026-0042"
	Title      string // the document's "#" heading
	Status     Status
	Authors    []incident.Person
	Reviewers  []Reviewer

	Created   time.Time // when the draft was made
	Due       time.Time // when it should be approved; zero when there is no deadline
	Published time.Time // when it was published; zero until then

	// Waiver, when set, explains why a Sev1/Sev2 post-mortem has no
	// prevent or mitigate action item; lint rule "action-coverage" is
	// then silent.
	Waiver string

	// Intro is Markdown between the title and the first section (and any
	// before the title), such as a banner or a note to reviewers.
	Intro string

	Summary     string
	Impact      string
	Timeline    string
	RootCauses  string // root causes and contributing factors
	Trigger     string
	Detection   string
	Resolution  string // what we did
	WentWell    string
	WentWrong   string
	Lucky       string // where we got lucky
	Lessons     string
	ActionNotes string // prose of the action items section outside the task list
	ActionItems []ActionItem
	Other       []Section // sections the format does not know, kept in order
}

// Section is a "##" section the format does not know, kept so that it is
// written back. After names the known section it followed in the file
// (a [SectionKey]), or is empty when it came before every known section;
// [Render] writes it right after that section. [Parse] lists unknown
// sections by their anchor in canonical order, and in file order among
// those with the same anchor, which is the order Render writes them in.
type Section struct {
	Title string
	Body  string
	After SectionKey
}
