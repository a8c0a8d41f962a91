package store

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/incidentkit/incidentkit/incident"
)

// knownFields lists the fields [FieldHistory] accepts, as shown in errors.
const knownFields = "title, summary, kind, severity, status, roles.<role>, impact.users_affected, " +
	"impact.customers_affected, impact.customer_facing, impact.business, impact.components.<name>, " +
	"labels, postmortem, milestones.<name> (impact_started, detected, declared, acknowledged, " +
	"mitigated, resolved, closed)"

// getter reads one field of an incident as a string.
type getter func(inc *incident.Incident) string

// fields holds the fields with fixed names.
var fields = map[string]getter{
	"title":                     func(inc *incident.Incident) string { return inc.Title },
	"summary":                   func(inc *incident.Incident) string { return inc.Summary },
	"kind":                      func(inc *incident.Incident) string { return string(inc.Kind) },
	"severity":                  func(inc *incident.Incident) string { return inc.Severity },
	"status":                    func(inc *incident.Incident) string { return string(inc.Status) },
	"impact.users_affected":     func(inc *incident.Incident) string { return count(inc.Impact.UsersAffected) },
	"impact.customers_affected": func(inc *incident.Incident) string { return count(inc.Impact.CustomersAffected) },
	"impact.customer_facing":    func(inc *incident.Incident) string { return inc.Impact.CustomerFacing },
	"impact.business":           func(inc *incident.Incident) string { return inc.Impact.Business },
	"labels":                    func(inc *incident.Incident) string { return strings.Join(inc.Labels, ",") },
	"postmortem":                func(inc *incident.Incident) string { return string(inc.Postmortem.Status) },
}

// milestones maps the names of milestones to their fields.
var milestones = map[string]func(m *incident.Milestones) time.Time{
	"impact_started": func(m *incident.Milestones) time.Time { return m.ImpactStarted },
	"detected":       func(m *incident.Milestones) time.Time { return m.Detected },
	"declared":       func(m *incident.Milestones) time.Time { return m.Declared },
	"acknowledged":   func(m *incident.Milestones) time.Time { return m.Acknowledged },
	"mitigated":      func(m *incident.Milestones) time.Time { return m.Mitigated },
	"resolved":       func(m *incident.Milestones) time.Time { return m.Resolved },
	"closed":         func(m *incident.Milestones) time.Time { return m.Closed },
}

// fieldGetter returns the getter of the named field, or an error matching
// incident.ErrInvalid that lists the known fields.
func fieldGetter(field string) (getter, error) {
	if g, ok := fields[field]; ok {
		return g, nil
	}
	prefix, name, _ := strings.Cut(field, ".")
	switch prefix {
	case "roles":
		if r := incident.Role(name); r.Valid() {
			return func(inc *incident.Incident) string {
				p, ok := inc.Roles[r]
				if !ok {
					return ""
				}
				return p.String()
			}, nil
		}
	case "milestones":
		if m, ok := milestones[name]; ok {
			return func(inc *incident.Incident) string {
				t := m(&inc.Milestones)
				if t.IsZero() {
					return ""
				}
				return t.UTC().Format(time.RFC3339)
			}, nil
		}
	case "impact":
		if c, ok := strings.CutPrefix(name, "components."); ok && c != "" {
			return func(inc *incident.Incident) string {
				comp, _ := inc.Impact.Component(c)
				return string(comp.Status)
			}, nil
		}
	}
	return nil, fmt.Errorf("%w: unknown field %q: want one of %s", incident.ErrInvalid, field, knownFields)
}

// count formats an impact count, 0 meaning unknown.
func count(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}
