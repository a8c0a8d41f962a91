package incident

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/incidentkit/incidentkit/internal/diag"
)

// Validate reports whether inc can be written as an incident file and read
// back: required fields are present, every enumerated value is defined, IDs,
// persons, roles, labels and components are well formed, and times are in a
// sensible order. The error is an *[InvalidError] matching [ErrInvalid] that
// lists every problem with the field path as it appears in the file
// ("timeline[2].at", "roles.commander"), without a file or line.
//
// The rules on times are these. Milestones impact_started and detected may
// not be after declared (impact can start after an alert has noticed a
// precursor, so impact_started and detected are not ordered between
// themselves). Acknowledged, mitigated, resolved and closed may not be before
// declared; resolved may not be before mitigated, nor closed before
// resolved. Timeline events are in time order and none is before declared;
// exactly one is the declared event, dated at the declared milestone.
// Status updates are in time order and each has a timeline event of kind
// update with the same ID and time.
//
// The status decides some fields: resolved and closed incidents have a
// resolved milestone, closed ones a closed milestone, monitoring ones a
// mitigated milestone, and open ones neither a resolved nor a closed one. A
// declined incident has a decline_reason and only it; a merged incident has
// a merged_into ID and only it. A waived post-mortem has a reason and only it.
//
// A schedule (the planned window of a maintenance) has a start and an end,
// the end after the start, and only incidents of kind maintenance have one.
//
// Validate does not check that the severity names a level of the team's
// policy: the policy lives beside the data, and the store checks it.
func (inc *Incident) Validate() error {
	if inc == nil {
		return &InvalidError{Kind: ErrInvalid, Problems: []Problem{{Message: "nil incident"}}}
	}
	var l diag.List
	for _, f := range inc.findings() {
		l.Add(f.Problem)
	}
	return l.Err(ErrInvalid)
}

// finding is a problem Validate reports, and the field it is about when its
// own field is absent: "decline_reason: required when status is declined"
// is best shown at the status line.
type finding struct {
	Problem
	near string
}

// findings returns what Validate reports, in a fixed order.
func (inc *Incident) findings() []finding {
	v := validator{inc: inc}
	v.run()
	return v.found
}

// validator collects the problems of one incident.
type validator struct {
	inc   *Incident
	found []finding
}

func (v *validator) errorf(field, format string, args ...any) {
	v.found = append(v.found, finding{Problem: Problem{Field: field, Message: fmt.Sprintf(format, args...)}})
}

// errorNear is errorf for a problem best shown at field near when field is
// absent from the file.
func (v *validator) errorNear(near, field, format string, args ...any) {
	v.errorf(field, format, args...)
	v.found[len(v.found)-1].near = near
}

// errMessage strips the "incident: invalid: " prefix of the lifecycle's
// errors, since a problem already says it is one.
func errMessage(err error) string {
	return strings.TrimPrefix(err.Error(), ErrInvalid.Error()+": ")
}

var (
	// eventIDPattern is the form of event and update IDs: what contentID
	// makes. Anyone adding an event by hand can take any unused 12 hex
	// digits.
	eventIDPattern = regexp.MustCompile(`^[0-9a-f]{12}$`)
)

// crockford is the ULID alphabet (Crockford's base32: no I, L, O, U).
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// checkULID reports whether s is a ULID in its canonical form: 26
// upper-case Crockford base32 characters, the first at most 7 (a ULID is
// 128 bits).
func checkULID(s string) bool {
	if len(s) != 26 || s[0] > '7' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune(crockford, rune(s[i])) {
			return false
		}
	}
	return true
}

func (v *validator) run() {
	inc := v.inc
	v.required("id", inc.ID)
	if inc.ID != "" {
		v.id("id", inc.ID)
	}
	v.required("uid", inc.UID)
	if inc.UID != "" && !checkULID(inc.UID) {
		v.errorf("uid", "want a ULID (26 upper-case Crockford base32 characters like 01JDQ6X3V4M8K2P9R5T7W0Y1Z3), got %q", inc.UID)
	}
	seen := map[string]int{}
	for i, a := range inc.Aliases {
		f := fmt.Sprintf("aliases[%d]", i)
		v.id(f, a)
		if a == inc.ID && a != "" {
			v.errorf(f, "the incident's own id")
		} else if j, dup := seen[a]; dup {
			v.errorf(f, "duplicate of aliases[%d]", j)
		}
		seen[a] = i
	}
	if strings.TrimSpace(inc.Title) == "" {
		v.errorf("title", "missing")
	}
	v.text("title", inc.Title)
	v.text("summary", inc.Summary)
	if v.required("kind", string(inc.Kind)) && !inc.Kind.Valid() {
		v.badEnum("kind", string(inc.Kind), enum(KindNormal, KindDrill, KindMaintenance))
	}
	if v.required("severity", inc.Severity) && !levelPattern.MatchString(inc.Severity) {
		v.errorf("severity", "want a level name like sev1 (lower-case letters, digits, '-' or '_'), got %q", inc.Severity)
	}
	if v.required("status", string(inc.Status)) && !inc.Status.Valid() {
		v.badEnum("status", string(inc.Status), enum(Statuses...))
	}
	v.schedule()
	v.milestones()
	v.statusFields()
	v.roles()
	v.impact()
	v.links()
	v.labels()
	v.postmortem()
	v.timeline()
	v.updates()
}

// required reports whether s is set, recording a problem when it is not.
func (v *validator) required(field, s string) bool {
	if s == "" {
		v.errorf(field, "missing")
		return false
	}
	return true
}

func (v *validator) id(field, id string) {
	if CheckID(id) != nil {
		v.errorf(field, "want an upper-case prefix and digit groups like INC-2026-0042, got %q", id)
	}
}

// text checks free text: it must be UTF-8 to be written to a file at all,
// and it must not hold control characters other than tab and newline, nor
// the Unicode bidirectional controls: text from a chat message or an alert
// reaches terminals, `git log` and web pages, where an escape sequence or a
// right-to-left override can disguise what is written ("Trojan Source").
func (v *validator) text(field, s string) {
	if !utf8.ValidString(s) {
		v.errorf(field, "invalid UTF-8")
		return
	}
	for i, r := range s {
		if forbiddenRune(r) && !(r == '\r' && strings.HasPrefix(s[i+1:], "\n")) {
			v.errorf(field, "control character %U at byte %d: write plain text", r, i)
			return
		}
	}
}

// forbiddenRune reports whether r may not appear in free text: C0 controls
// but tab and newline (text checks allow CR before LF, as pasted Windows
// text has it), DEL, C1 controls, and the bidirectional embedding, override
// and isolate controls.
func forbiddenRune(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return false
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

func (v *validator) person(field string, p Person) {
	if p.IsZero() {
		v.errorf(field, "missing")
		return
	}
	if err := p.Validate(); err != nil {
		v.errorf(field, "%s", errMessage(err))
	}
}

// when checks that a time can be written and read back exactly: files
// keep whole seconds and four-digit years.
func (v *validator) when(field string, t time.Time) {
	if t.IsZero() {
		return
	}
	if y := t.UTC().Year(); y < 0 || y > 9999 {
		v.errorf(field, "year %d cannot be written in RFC 3339", y)
	} else if t.Nanosecond() != 0 {
		v.errorf(field, "%s has a fraction of a second: times are kept to whole seconds", stamp(t))
	}
}

func (v *validator) milestones() {
	m := v.inc.Milestones
	const f = "milestones."
	for _, x := range []struct {
		name string
		t    time.Time
	}{{"impact_started", m.ImpactStarted}, {"detected", m.Detected}, {"declared", m.Declared},
		{"acknowledged", m.Acknowledged}, {"mitigated", m.Mitigated}, {"resolved", m.Resolved}, {"closed", m.Closed}} {
		v.when(f+x.name, x.t)
	}
	decl := m.Declared
	if decl.IsZero() {
		v.errorf(f+"declared", "missing")
		return
	}
	if m.ImpactStarted.After(decl) {
		v.errorf(f+"impact_started", "%s is after declared (%s)", stamp(m.ImpactStarted), stamp(decl))
	}
	if m.Detected.After(decl) {
		v.errorf(f+"detected", "%s is after declared (%s)", stamp(m.Detected), stamp(decl))
	}
	if !m.Acknowledged.IsZero() && m.Acknowledged.Before(decl) {
		v.errorf(f+"acknowledged", "%s is before declared (%s)", stamp(m.Acknowledged), stamp(decl))
	}
	// Each of mitigated, resolved and closed that is set comes after the
	// one before it that is set, and after declared.
	prev, prevName := decl, "declared"
	for _, x := range []struct {
		name string
		t    time.Time
	}{{"mitigated", m.Mitigated}, {"resolved", m.Resolved}, {"closed", m.Closed}} {
		if x.t.IsZero() {
			continue
		}
		if x.t.Before(prev) {
			v.errorf(f+x.name, "%s is before %s (%s)", stamp(x.t), prevName, stamp(prev))
		}
		prev, prevName = x.t, x.name
	}
}

// stamp formats t as the file does.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// statusFields checks the fields whose presence the status decides.
func (v *validator) statusFields() {
	inc := v.inc
	m := inc.Milestones
	st := inc.Status
	need := func(set bool, field string) {
		if !set {
			v.errorNear("status", field, "required when status is %s", st)
		}
	}
	forbid := func(set bool, field string) {
		if set {
			v.errorf(field, "not allowed when status is %s", st)
		}
	}
	switch {
	case st == StatusMonitoring:
		need(!m.Mitigated.IsZero(), "milestones.mitigated")
	case st == StatusResolved || st == StatusClosed:
		need(!m.Resolved.IsZero(), "milestones.resolved")
	}
	if st.Open() {
		forbid(!m.Resolved.IsZero(), "milestones.resolved")
	}
	if st.Valid() {
		if st == StatusClosed {
			need(!m.Closed.IsZero(), "milestones.closed")
		} else {
			forbid(!m.Closed.IsZero(), "milestones.closed")
		}
		if st == StatusDeclined {
			need(strings.TrimSpace(inc.DeclineReason) != "", "decline_reason")
		} else {
			forbid(inc.DeclineReason != "", "decline_reason")
		}
		if st == StatusMerged {
			need(inc.MergedInto != "", "merged_into")
		} else {
			forbid(inc.MergedInto != "", "merged_into")
		}
	}
	v.text("decline_reason", inc.DeclineReason)
	if inc.MergedInto != "" {
		v.id("merged_into", inc.MergedInto)
		if inc.MergedInto == inc.ID {
			v.errorf("merged_into", "the incident's own id")
		}
	}
}

func (v *validator) roles() {
	for _, r := range v.inc.RoleNames() {
		f := "roles." + string(r)
		if !r.Valid() {
			v.errorf(f, "role name %q: want lower-case letters, digits, '-' or '_', starting with a letter (at most 32)", r)
		}
		v.person(f, v.inc.Roles[r])
	}
}

func (v *validator) impact() {
	im := v.inc.Impact
	seen := map[string]int{}
	for i, c := range im.Components {
		f := fmt.Sprintf("impact.components[%d]", i)
		if !componentPattern.MatchString(c.Name) {
			v.errorf(f+".name", "want letters, digits, space, '.', '_', '/', '-' (at most 64), got %q", c.Name)
		} else if j, dup := seen[c.Name]; dup {
			v.errorf(f+".name", "duplicate of impact.components[%d]", j)
		}
		seen[c.Name] = i
		if v.required(f+".status", string(c.Status)) && !c.Status.Valid() {
			v.badEnum(f+".status", string(c.Status), enum(ComponentOperational, ComponentDegraded,
				ComponentPartialOutage, ComponentMajorOutage, ComponentMaintenance))
		}
	}
	if im.UsersAffected < 0 {
		v.errorf("impact.users_affected", "negative")
	}
	if im.CustomersAffected < 0 {
		v.errorf("impact.customers_affected", "negative")
	}
	v.text("impact.customer_facing", im.CustomerFacing)
	v.text("impact.business", im.Business)
}

func (v *validator) links() {
	type key struct {
		k LinkKind
		t string
	}
	seen := map[key]int{}
	for i, l := range v.inc.Links {
		f := fmt.Sprintf("links[%d]", i)
		if v.required(f+".kind", string(l.Kind)) && !l.Kind.Valid() {
			v.badEnum(f+".kind", string(l.Kind), enum(LinkAlert, LinkDeploy, LinkTicket, LinkIncident, LinkOther))
		}
		switch {
		case l.Target == "":
			v.errorf(f+".target", "missing")
		case len(l.Target) > 2048:
			v.errorf(f+".target", "longer than 2048 bytes")
		case l.Kind == LinkIncident:
			v.id(f+".target", l.Target)
		default:
			v.text(f+".target", l.Target)
		}
		if j, dup := seen[key{l.Kind, l.Target}]; dup {
			v.errorf(f, "duplicate of links[%d] (same kind and target)", j)
		}
		seen[key{l.Kind, l.Target}] = i
		v.text(f+".title", l.Title)
	}
}

func (v *validator) labels() {
	seen := map[string]int{}
	for i, l := range v.inc.Labels {
		f := fmt.Sprintf("labels[%d]", i)
		if !labelPattern.MatchString(l) {
			v.errorf(f, "want lower-case letters, digits and . _ : / - (at most 64), got %q", l)
		} else if j, dup := seen[l]; dup {
			v.errorf(f, "duplicate of labels[%d]", j)
		}
		seen[l] = i
	}
}

func (v *validator) postmortem() {
	pm := v.inc.Postmortem
	if !pm.Status.Valid() {
		v.badEnum("postmortem.status", string(pm.Status), enum(PostmortemDraft, PostmortemInReview, PostmortemPublished, PostmortemWaived))
		return
	}
	if pm.Status == PostmortemNone && pm.WaivedReason != "" {
		v.errorf("postmortem.status", "missing")
		return
	}
	if pm.Status == PostmortemWaived {
		if strings.TrimSpace(pm.WaivedReason) == "" {
			v.errorNear("postmortem.status", "postmortem.waived_reason", "required when the post-mortem is waived")
		}
	} else if pm.WaivedReason != "" {
		v.errorf("postmortem.waived_reason", "only for a waived post-mortem (status is %s)", pm.Status)
	}
	v.text("postmortem.waived_reason", pm.WaivedReason)
}
