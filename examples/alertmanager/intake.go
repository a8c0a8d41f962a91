package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/severity"
	"github.com/incidentkit/incidentkit/store"
)

const (
	// intakeLabel marks every incident the receiver opened.
	intakeLabel = "alertmanager"
	// groupLabelPrefix starts the label that ties an incident to its
	// Alertmanager group: the prefix and the first 32 hex digits of the
	// SHA-256 of the group key. A group key ({}/{team="db"}:{alertname="X"})
	// cannot be a label itself, and the label is what finds the incident
	// again after a restart, through store.Filter.Labels.
	groupLabelPrefix = "alertmanager-group:"

	maxTitle      = 100 // runes
	maxComponents = 20
	maxNoteAlerts = 20
	maxLinks      = 100 // alert links per incident
	maxLine       = 300 // runes in one line of a note or a link title
)

// action says what a notification did.
type action string

const (
	actionOpened  action = "opened"  // a new incident
	actionUpdated action = "updated" // events added to the group's open incident
	actionIgnored action = "ignored" // resolved, and the group has no open incident: nothing written
)

// result is the outcome of one notification.
type result struct {
	Action action
	ID     string // the incident, empty when ignored
	Status incident.Status
}

// intake turns notifications into incidents.
type intake struct {
	st store.Store
	by incident.Person
	// severityLabel is the alert label that carries the severity, and
	// severityMap maps its values (lower case) to level names.
	severityLabel string
	severityMap   map[string]string
	// componentLabels are the alert labels that name a component, first
	// present wins.
	componentLabels []string
	now             func() time.Time

	// mu serialises find-or-create, so that two notifications of one new
	// group delivered at once open one incident, not two.
	mu sync.Mutex
	// open caches the incident last found for each group label; it is
	// checked against the store before use, so it is only a shortcut.
	open map[string]string
}

// groupLabel returns the label that ties incidents to the group.
func groupLabel(groupKey string) string {
	sum := sha256.Sum256([]byte(groupKey))
	return groupLabelPrefix + hex.EncodeToString(sum[:16])
}

// apply records one notification.
//
// A group without an open incident gets a new one when it fires (so an
// alert that fires again after its incident was resolved or closed by
// people opens a new incident); a resolved notification for it writes
// nothing. A group with an open incident gets one change per notification:
// links to alerts it has not seen, components it has not seen, a note that
// lists what is new, and, when the group is resolved, the move to monitoring
// (mitigated) if the incident is not already there.
func (in *intake) apply(ctx context.Context, p *payload) (result, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	label := groupLabel(p.GroupKey)
	inc, err := in.find(ctx, label)
	if err != nil {
		return result{}, err
	}
	if inc == nil {
		if p.Status == statusResolved {
			return result{Action: actionIgnored}, nil
		}
		return in.create(ctx, p, label)
	}
	inc, err = in.st.Update(ctx, inc.ID, in.by, func(inc *incident.Incident, at time.Time) error {
		return in.record(inc, p, at)
	})
	if err != nil {
		return result{}, err
	}
	return result{Action: actionUpdated, ID: inc.ID, Status: inc.Status}, nil
}

// find returns the group's open incident, the most recently declared when
// there are several, or nil.
func (in *intake) find(ctx context.Context, label string) (*incident.Incident, error) {
	if id, ok := in.open[label]; ok {
		inc, err := in.st.Get(ctx, id)
		if err == nil && inc.Status.Open() && slices.Contains(inc.Labels, label) {
			return inc, nil
		}
		delete(in.open, label)
	}
	found, err := in.st.List(ctx, store.Filter{Labels: []string{label}, Open: true, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, nil
	}
	in.open[label] = found[0].ID
	return found[0], nil
}

// create declares the group's incident with its alerts' links: one change.
func (in *intake) create(ctx context.Context, p *payload, label string) (result, error) {
	pol, err := in.st.Policy(ctx)
	if err != nil {
		return result{}, err
	}
	d := in.declaration(pol, p, label, in.now())
	inc, err := in.st.Create(ctx, d, in.by)
	if err != nil {
		return result{}, err
	}
	in.open[label] = inc.ID
	return result{Action: actionOpened, ID: inc.ID, Status: inc.Status}, nil
}

// declaration is what the receiver declares for a firing group with the
// given label, at now.
func (in *intake) declaration(pol *severity.Policy, p *payload, label string, now time.Time) incident.Declaration {
	d := incident.Declaration{
		Title:      title(p),
		Summary:    summary(p),
		Severity:   in.level(pol, p),
		Components: in.components(p, nil),
		Labels:     []string{intakeLabel, label},
		Links:      newLinks(nil, p),
	}
	if t := earliestStart(p); !t.IsZero() && !t.After(now) {
		d.Detected = t
	}
	return d
}

// record applies a later notification to the group's open incident.
func (in *intake) record(inc *incident.Incident, p *payload, at time.Time) error {
	fresh := unlinked(inc, p)
	if err := in.link(inc, p, at); err != nil {
		return err
	}
	for _, c := range in.components(p, inc) {
		if err := inc.SetComponent(c, incident.ComponentMajorOutage, in.by, at); err != nil {
			return err
		}
	}
	if err := inc.AddNote(note(p, fresh), in.by, at); err != nil {
		return err
	}
	if p.Status == statusResolved && inc.Status != incident.StatusMonitoring &&
		inc.Status.CanMove(incident.StatusMonitoring) {
		return inc.SetStatus(incident.StatusMonitoring, "all alerts of the group resolved (Alertmanager)", in.by, at)
	}
	return nil
}

// link adds a link of kind alert for every alert of p the incident does
// not link yet (see newLinks).
func (in *intake) link(inc *incident.Incident, p *payload, at time.Time) error {
	for _, l := range newLinks(inc, p) {
		if err := inc.AddLink(l, in.by, at); err != nil {
			return err
		}
	}
	return nil
}

// newLinks returns a link of kind alert for every alert of p that inc (nil
// for a new incident) does not link yet, up to maxLinks alert links in all:
// a group of thousands of alerts must not outgrow the incident file; the
// notes still count them.
func newLinks(inc *incident.Incident, p *payload) []incident.Link {
	n := 0
	seen := map[string]bool{}
	if inc != nil {
		for _, l := range inc.Links {
			if l.Kind == incident.LinkAlert {
				n++
				seen[l.Target] = true
			}
		}
	}
	var out []incident.Link
	for _, a := range p.Alerts {
		target := alertTarget(a)
		if seen[target] {
			continue
		}
		if n == maxLinks {
			break
		}
		n++
		seen[target] = true
		out = append(out, incident.Link{Kind: incident.LinkAlert, Target: target, Title: alertTitle(a)})
	}
	return out
}

// unlinked returns the targets of the alerts of p the incident does not
// link yet.
func unlinked(inc *incident.Incident, p *payload) map[string]bool {
	fresh := map[string]bool{}
	for _, a := range p.Alerts {
		if t := alertTarget(a); !linked(inc, t) {
			fresh[t] = true
		}
	}
	return fresh
}

func linked(inc *incident.Incident, target string) bool {
	for _, l := range inc.Links {
		if l.Kind == incident.LinkAlert && l.Target == target {
			return true
		}
	}
	return false
}

// alertTarget identifies an alert: its fingerprint (Alertmanager's ID for
// the label set), else its generator URL, else a hash of its labels.
func alertTarget(a alert) string {
	switch {
	case a.Fingerprint != "":
		return a.Fingerprint
	case a.GeneratorURL != "" && len(a.GeneratorURL) <= 2048:
		return a.GeneratorURL
	}
	sum := sha256.Sum256([]byte(labelString(a.Labels, "")))
	return "labels:" + hex.EncodeToString(sum[:8])
}

// level maps the alerts' severity labels to the most severe level of the
// policy they name. A value missing from the map, a level missing from the
// policy, or no label at all gives the policy's least severe level.
func (in *intake) level(pol *severity.Policy, p *payload) string {
	best := pol.Least().Name
	for _, a := range p.Alerts {
		v, ok := a.Labels[in.severityLabel]
		if !ok {
			v = p.CommonLabels[in.severityLabel]
		}
		name, ok := in.severityMap[strings.ToLower(v)]
		if !ok {
			continue
		}
		if c, err := pol.Compare(name, best); err == nil && c < 0 {
			best = name
		}
	}
	return best
}

// components returns the component names the alerts' labels give that inc
// (nil for a new incident) does not have yet, in order, without repeats,
// leaving out values that are not valid component names.
func (in *intake) components(p *payload, inc *incident.Incident) []string {
	var out []string
	for _, a := range p.Alerts {
		for _, l := range in.componentLabels {
			v, ok := a.Labels[l]
			if !ok {
				continue
			}
			if incident.CheckComponent(v) == nil && !slices.Contains(out, v) && len(out) < maxComponents {
				if inc == nil {
					out = append(out, v)
				} else if _, has := inc.Impact.Component(v); !has {
					out = append(out, v)
				}
			}
			break
		}
	}
	return out
}

// earliestStart returns the earliest start of a firing alert.
func earliestStart(p *payload) time.Time {
	var t time.Time
	for _, a := range p.Alerts {
		if a.Status == statusFiring && (t.IsZero() || a.StartsAt.Before(t)) {
			t = a.StartsAt
		}
	}
	return t
}
