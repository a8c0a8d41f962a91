package statuspage

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
)

// Window is how far back the page lists past incidents.
const Window = 90 * 24 * time.Hour

// Page is a built status page: the public view of a store at one moment.
// Its fields, and their json tags, are what [Page.JSON] writes.
type Page struct {
	Title string `json:"title"` // the page title
	URL   string `json:"url"`   // the URL the page is published at
	// Generated is when the page was built (UTC, seconds).
	Generated time.Time `json:"generated_at"`
	// Status is the worst component state, "operational" when all are.
	Status string `json:"status"`
	// Components lists every component shown, Options.Components first.
	Components []Component `json:"components"`
	// Active are the open incidents, most recently declared first.
	Active []*PublicIncident `json:"active"`
	// Maintenance is the scheduled and in-progress maintenance, the
	// soonest first: by planned start, or by announcement for maintenance
	// without a planned window.
	Maintenance []*PublicIncident `json:"maintenance"`
	// Past are the incidents and maintenance resolved in the last 90 days,
	// most recently resolved first.
	Past []*PublicIncident `json:"past"`
}

// Build reads every incident from r and builds the page as of opts.Now.
//
// When some stored incidents are invalid (a hand-edited file), Build leaves
// them off and returns the page together with the store's error, which
// matches incident.ErrInvalid; a status page is better served without them
// than not at all. Any other error returns a nil page.
func Build(ctx context.Context, r store.Reader, opts *Options) (*Page, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	incs, listErr := r.List(ctx, store.Filter{})
	if listErr != nil && !errors.Is(listErr, incident.ErrInvalid) {
		return nil, fmt.Errorf("statuspage: %w", listErr)
	}
	p := build(incs, o)
	if listErr != nil {
		return p, fmt.Errorf("statuspage: some incidents left off: %w", listErr)
	}
	return p, nil
}

// build sorts incidents onto a page.
func build(incs []*incident.Incident, o Options) *Page {
	now := o.Now().UTC().Truncate(time.Second)
	p := &Page{
		Title:       o.Title,
		URL:         o.URL,
		Generated:   now,
		Components:  []Component{},
		Active:      []*PublicIncident{},
		Maintenance: []*PublicIncident{},
		Past:        []*PublicIncident{},
	}
	states := map[string]incident.ComponentStatus{}
	touch := func(inc *incident.Incident, count bool) {
		for _, c := range inc.Impact.Components {
			s, seen := states[c.Name]
			if !seen {
				s = incident.ComponentOperational
			}
			if count && rank(c.Status) > rank(s) {
				s = c.Status
			}
			states[c.Name] = s
		}
	}
	from := now.Add(-Window)
	for _, inc := range incs {
		// An incident declared after now is not known yet (a page built as
		// of a past moment).
		if inc == nil || !shown(inc) || inc.Milestones.Declared.After(now) {
			continue
		}
		switch {
		case inc.Status.Open() && inc.Kind == incident.KindMaintenance:
			// Scheduled maintenance has not touched anything yet.
			touch(inc, underway(inc, now))
			p.Maintenance = append(p.Maintenance, Public(inc, now))
		case inc.Status.Open():
			touch(inc, true)
			p.Active = append(p.Active, Public(inc, now))
		default:
			if resolvedAt(inc).Before(from) {
				continue
			}
			touch(inc, false)
			p.Past = append(p.Past, Public(inc, now))
		}
	}
	sort.SliceStable(p.Active, func(i, j int) bool {
		a, b := p.Active[i], p.Active[j]
		if !a.Started.Equal(b.Started) {
			return a.Started.After(b.Started)
		}
		return a.ID < b.ID
	})
	sort.SliceStable(p.Maintenance, func(i, j int) bool {
		a, b := p.Maintenance[i], p.Maintenance[j]
		if ta, tb := soonest(a), soonest(b); !ta.Equal(tb) {
			return ta.Before(tb)
		}
		return a.ID < b.ID
	})
	sort.SliceStable(p.Past, func(i, j int) bool {
		a, b := p.Past[i], p.Past[j]
		if ta, tb := deref(a.Resolved), deref(b.Resolved); !ta.Equal(tb) {
			return ta.After(tb)
		}
		return a.ID < b.ID
	})

	worst := incident.ComponentOperational
	listed := map[string]bool{}
	add := func(name string) {
		if listed[name] {
			return
		}
		listed[name] = true
		s, ok := states[name]
		if !ok {
			s = incident.ComponentOperational
		}
		if rank(s) > rank(worst) {
			worst = s
		}
		p.Components = append(p.Components, Component{Name: name, Status: string(s)})
	}
	for _, name := range o.Components {
		add(name)
	}
	names := make([]string, 0, len(states))
	for name := range states {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		add(name)
	}
	p.Status = string(worst)
	return p
}

// shown reports whether inc may appear on a status page at all: drills,
// declined and merged incidents never do.
func shown(inc *incident.Incident) bool {
	switch {
	case inc.Kind == incident.KindDrill:
		return false
	case inc.Status == incident.StatusDeclined, inc.Status == incident.StatusMerged:
		return false
	case !inc.Kind.Valid() || !inc.Status.Valid():
		return false
	}
	return true
}

// soonest is when maintenance begins, for ordering: its planned start, or
// when it was announced.
func soonest(p *PublicIncident) time.Time {
	if p.ScheduledStart != nil {
		return *p.ScheduledStart
	}
	return p.Started
}

func deref(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}
