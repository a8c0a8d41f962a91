package incident

import (
	"fmt"
	"regexp"
	"sort"
	"time"
)

// Role is a responsibility during an incident. Besides the three standard
// roles, teams use their own (e.g. "scribe", "liaison-db").
type Role string

// The standard roles.
const (
	RoleCommander    Role = "commander"    // coordinates the response and makes decisions
	RoleLead         Role = "lead"         // leads the technical investigation and fix
	RoleCommunicator Role = "communicator" // keeps stakeholders and customers informed
)

var rolePattern = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,31}$`)

// Valid reports whether r is a well-formed role name: lower case letters,
// digits, '-' and '_', starting with a letter, at most 32 bytes.
func (r Role) Valid() bool { return rolePattern.MatchString(string(r)) }

// Assign hands role r to p. Assigning the zero Person removes the role. The
// hand-off (from whoever held it, to p) is recorded in the timeline, so the
// rotation of every role stays in the record.
func (inc *Incident) Assign(r Role, p Person, by Person, at time.Time) error {
	if !r.Valid() {
		return fmt.Errorf("%w: role %q: want lower-case letters, digits, '-' or '_'", ErrInvalid, r)
	}
	if !p.IsZero() {
		if err := p.Validate(); err != nil {
			return err
		}
	}
	if err := inc.checkChange(by, at); err != nil {
		return err
	}
	prev := inc.Roles[r]
	if prev == p {
		return nil
	}
	if p.IsZero() {
		delete(inc.Roles, r)
	} else {
		if inc.Roles == nil {
			inc.Roles = map[Role]Person{}
		}
		inc.Roles[r] = p
	}
	inc.record(Event{At: at, Actor: by, Kind: EventRole, Subject: string(r), From: personString(prev), To: personString(p)})
	return nil
}

// Handoff is one change of a role's holder, read back from the timeline.
type Handoff struct {
	Role     Role
	From, To Person // zero when the role was empty before or is emptied
	By       Person
	At       time.Time
}

// Handoffs returns every hand-off of role r (of every role when r is empty),
// in time order.
func (inc *Incident) Handoffs(r Role) []Handoff {
	var hs []Handoff
	for _, e := range inc.Timeline {
		if e.Kind != EventRole || (r != "" && Role(e.Subject) != r) {
			continue
		}
		from, _ := parsePersonOrZero(e.From)
		to, _ := parsePersonOrZero(e.To)
		hs = append(hs, Handoff{Role: Role(e.Subject), From: from, To: to, By: e.Actor, At: e.At})
	}
	return hs
}

// RoleNames returns the roles currently held, standard roles first, then
// custom roles in name order.
func (inc *Incident) RoleNames() []Role {
	rank := map[Role]int{RoleCommander: 0, RoleLead: 1, RoleCommunicator: 2}
	rs := make([]Role, 0, len(inc.Roles))
	for r := range inc.Roles {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool {
		ri, iok := rank[rs[i]]
		rj, jok := rank[rs[j]]
		switch {
		case iok && jok:
			return ri < rj
		case iok != jok:
			return iok
		}
		return rs[i] < rs[j]
	})
	return rs
}

func personString(p Person) string {
	if p.IsZero() {
		return ""
	}
	return p.String()
}

func parsePersonOrZero(s string) (Person, error) {
	if s == "" {
		return Person{}, nil
	}
	return ParsePerson(s)
}
