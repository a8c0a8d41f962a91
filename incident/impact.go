package incident

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"time"
)

// Impact describes who and what an incident hurts.
type Impact struct {
	Components        []Component // affected components, sorted by name
	UsersAffected     int64       // estimated users affected (0 = unknown)
	CustomersAffected int64       // estimated customers (accounts) affected (0 = unknown)
	// CustomerFacing is the description customers see on the status page.
	// It must not name people or internal systems.
	CustomerFacing string
	Business       string // internal: revenue, contracts, reputation
}

// Component is a part of the product and its current state.
type Component struct {
	Name   string
	Status ComponentStatus
}

// ComponentStatus is the state of a component, as shown on a status page.
type ComponentStatus string

// The states of a component, in increasing order of trouble (maintenance aside).
const (
	ComponentOperational   ComponentStatus = "operational"
	ComponentDegraded      ComponentStatus = "degraded"
	ComponentPartialOutage ComponentStatus = "partial_outage"
	ComponentMajorOutage   ComponentStatus = "major_outage"
	ComponentMaintenance   ComponentStatus = "maintenance"
)

// Valid reports whether s is a defined component status.
func (s ComponentStatus) Valid() bool {
	switch s {
	case ComponentOperational, ComponentDegraded, ComponentPartialOutage, ComponentMajorOutage, ComponentMaintenance:
		return true
	}
	return false
}

var componentPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,63}$`)

// Component returns the named component, and false if it is not affected.
func (im *Impact) Component(name string) (Component, bool) {
	for _, c := range im.Components {
		if c.Name == name {
			return c, true
		}
	}
	return Component{}, false
}

// CheckComponent reports whether name is acceptable as a component name:
// 1 to 64 letters, digits, spaces, '.', '_', '/' or '-', starting with a
// letter or digit. The error matches [ErrInvalid]. Programs that take
// component names from elsewhere (alert labels, chat commands) use it to
// skip or report a bad one before declaring.
func CheckComponent(name string) error {
	if !componentPattern.MatchString(name) {
		return fmt.Errorf("%w: component %q: want letters, digits, space, '.', '_', '/', '-' (at most 64)", ErrInvalid, name)
	}
	return nil
}

func (im *Impact) setComponent(name string, s ComponentStatus) error {
	if err := CheckComponent(name); err != nil {
		return err
	}
	if !s.Valid() {
		return fmt.Errorf("%w: component %q: status %q: want operational, degraded, partial_outage, major_outage or maintenance", ErrInvalid, name, s)
	}
	for i := range im.Components {
		if im.Components[i].Name == name {
			im.Components[i].Status = s
			return nil
		}
	}
	im.Components = append(im.Components, Component{Name: name, Status: s})
	sort.Slice(im.Components, func(i, j int) bool { return im.Components[i].Name < im.Components[j].Name })
	return nil
}

// SetComponent sets the status of a component (adding it to the impact if
// it was not there) and records the change.
func (inc *Incident) SetComponent(name string, s ComponentStatus, by Person, at time.Time) error {
	if err := inc.checkChange(by, at); err != nil {
		return err
	}
	prev, _ := inc.Impact.Component(name)
	if prev.Status == s && s.Valid() {
		return nil
	}
	if err := inc.Impact.setComponent(name, s); err != nil {
		return err
	}
	inc.record(Event{At: at, Actor: by, Kind: EventComponent, Subject: name, From: string(prev.Status), To: string(s)})
	return nil
}

// SetImpact replaces the impact figures and descriptions (components are
// changed with SetComponent) and records each field that changed.
func (inc *Incident) SetImpact(users, customers int64, customerFacing, business string, by Person, at time.Time) error {
	if users < 0 || customers < 0 {
		return fmt.Errorf("%w: impact: negative count", ErrInvalid)
	}
	if err := inc.checkChange(by, at); err != nil {
		return err
	}
	im := &inc.Impact
	change := func(field, from, to string) {
		if from != to {
			inc.record(Event{At: at, Actor: by, Kind: EventImpact, Subject: field, From: from, To: to})
		}
	}
	change("users_affected", strconv.FormatInt(im.UsersAffected, 10), strconv.FormatInt(users, 10))
	change("customers_affected", strconv.FormatInt(im.CustomersAffected, 10), strconv.FormatInt(customers, 10))
	change("customer_facing", im.CustomerFacing, customerFacing)
	change("business", im.Business, business)
	im.UsersAffected, im.CustomersAffected, im.CustomerFacing, im.Business = users, customers, customerFacing, business
	return nil
}
