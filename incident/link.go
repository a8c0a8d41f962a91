package incident

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Link points at something outside the incident: what detected it, what may
// have caused it, where the follow-up work is tracked.
type Link struct {
	Kind    LinkKind
	Target  string // a URL, or an ID in another system (alert fingerprint, deploy id, ticket key, incident ID)
	Title   string // optional human title
	Suspect bool   // for deploys and changes: suspected cause
}

// LinkKind says what a [Link] points at.
type LinkKind string

// The kinds of links.
const (
	LinkAlert    LinkKind = "alert"    // an alert that fired
	LinkDeploy   LinkKind = "deploy"   // a deploy or configuration change
	LinkTicket   LinkKind = "ticket"   // a ticket or issue
	LinkIncident LinkKind = "incident" // a related incident
	LinkOther    LinkKind = "other"    // a dashboard, a document, a chat channel
)

// Valid reports whether k is a defined link kind.
func (k LinkKind) Valid() bool {
	return slices.Contains([]LinkKind{LinkAlert, LinkDeploy, LinkTicket, LinkIncident, LinkOther}, k)
}

// AddLink adds l unless a link of the same kind and target is already there,
// in which case it updates its title and suspect mark. Each change is recorded.
func (inc *Incident) AddLink(l Link, by Person, at time.Time) error {
	if !l.Kind.Valid() {
		return fmt.Errorf("%w: link kind %q: want alert, deploy, ticket, incident or other", ErrInvalid, l.Kind)
	}
	if l.Target == "" || len(l.Target) > 2048 {
		return fmt.Errorf("%w: link target: want 1 to 2048 bytes", ErrInvalid)
	}
	if l.Kind == LinkIncident {
		if err := CheckID(l.Target); err != nil {
			return err
		}
		if l.Target == inc.ID {
			return fmt.Errorf("%w: link: an incident cannot be related to itself", ErrInvalid)
		}
	}
	if err := inc.checkChange(by, at); err != nil {
		return err
	}
	text := l.Title
	if l.Suspect {
		text = strings.TrimSuffix("suspect: "+text, ": ")
	}
	for i, old := range inc.Links {
		if old.Kind == l.Kind && old.Target == l.Target {
			if old == l {
				return nil
			}
			inc.Links[i] = l
			inc.record(Event{At: at, Actor: by, Kind: EventLink, Subject: string(l.Kind), To: l.Target, Text: text})
			return nil
		}
	}
	inc.Links = append(inc.Links, l)
	inc.record(Event{At: at, Actor: by, Kind: EventLink, Subject: string(l.Kind), To: l.Target, Text: text})
	return nil
}
