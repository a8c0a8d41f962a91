package statuspage_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/memstore"
)

// now is the moment every fixture page is built at.
var now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// Secrets put in internal fields of the fixture; none may appear in any
// output.
var secrets = []string{
	"SECRET-internal-update", "SECRET-note", "SECRET-summary", "SECRET-business",
	"Ada Lovelace", "ada@example.com", "Bob Jones", "bob@example.com",
	"secret-label", "https://grafana.internal/d/SECRET", "SECRET-deploy-812",
	"SECRET-status-note", "sev1", "commander",
}

var (
	ada = incident.Person{Name: "Ada Lovelace", Email: "ada@example.com"}
	bob = incident.Person{Name: "Bob Jones", Email: "bob@example.com"}
)

// clock is a settable clock for a memstore.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// fixture is a store with one incident of every kind the page sorts.
type fixture struct {
	st  *memstore.Store
	clk *clock
	ids map[string]string // fixture name -> incident ID
}

func (f *fixture) create(t testing.TB, name string, at time.Time, d incident.Declaration, fn store.UpdateFunc) {
	t.Helper()
	ctx := context.Background()
	f.clk.t = at
	inc, err := f.st.Create(ctx, d, ada)
	if err != nil {
		t.Fatalf("Create %s: %v", name, err)
	}
	f.ids[name] = inc.ID
	if fn != nil {
		f.clk.t = at.Add(10 * time.Minute)
		if _, err := f.st.Update(ctx, inc.ID, bob, fn); err != nil {
			t.Fatalf("Update %s: %v", name, err)
		}
	}
}

// newFixture returns a store holding:
//
//	active:    checkout (identified; payments-api major outage; public and
//	           internal updates, notes, roles, labels, links), search
//	           (triage; search degraded)
//	drill:     an open drill on payments-api (never shown)
//	maint:     scheduled (triage) on database, in progress on cdn
//	past:      resolved 10 days ago on search; a maintenance completed 20
//	           days ago; one resolved 100 days ago (outside the window)
//	hidden:    declined, merged
func newFixture(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{clk: &clock{now}, ids: map[string]string{}}
	f.st = memstore.New(&memstore.Options{Now: f.clk.now})
	h := time.Hour
	day := 24 * h

	f.create(t, "checkout", now.Add(-2*h), incident.Declaration{
		Title: "Checkout fails", Summary: "SECRET-summary", Severity: "sev1",
		Components: []string{"payments-api"}, Labels: []string{"secret-label"},
	}, func(inc *incident.Incident, at time.Time) error {
		return all(
			inc.Assign(incident.RoleCommander, ada, bob, at),
			inc.SetStatus(incident.StatusIdentified, "SECRET-status-note", bob, at),
			inc.PostUpdate(incident.AudiencePublic, "We are looking into failed payments.", bob, at),
			inc.PostUpdate(incident.AudienceInternal, "SECRET-internal-update", bob, at.Add(time.Minute)),
			inc.AddNote("SECRET-note", bob, at.Add(time.Minute)),
			inc.AddLink(incident.Link{Kind: incident.LinkOther, Target: "https://grafana.internal/d/SECRET"}, bob, at),
			inc.AddLink(incident.Link{Kind: incident.LinkDeploy, Target: "SECRET-deploy-812", Suspect: true}, bob, at),
			inc.SetImpact(1000, 20, "Some card payments fail.", "SECRET-business", bob, at),
			inc.PostUpdate(incident.AudiencePublic, "We found the cause and are rolling back.", bob, at.Add(2*time.Minute)),
		)
	})
	f.create(t, "search", now.Add(-1*h), incident.Declaration{
		Title: "Slow search", Severity: "sev3", Components: []string{"search"},
	}, func(inc *incident.Incident, at time.Time) error {
		return inc.SetComponent("search", incident.ComponentDegraded, bob, at)
	})
	f.create(t, "drill", now.Add(-3*h), incident.Declaration{
		Title: "Game day", Severity: "sev2", Kind: incident.KindDrill, Components: []string{"payments-api", "drill-only"},
	}, nil)
	f.create(t, "scheduled", now.Add(-5*h), incident.Declaration{
		Title: "Database upgrade", Severity: "sev3", Kind: incident.KindMaintenance, Components: []string{"database"},
	}, func(inc *incident.Incident, at time.Time) error {
		return inc.PostUpdate(incident.AudiencePublic, "Upgrade planned for Sunday 02:00 UTC.", bob, at)
	})
	f.create(t, "inprogress", now.Add(-4*h), incident.Declaration{
		Title: "CDN migration", Severity: "sev3", Kind: incident.KindMaintenance, Components: []string{"cdn"},
	}, func(inc *incident.Incident, at time.Time) error {
		return inc.SetStatus(incident.StatusInvestigating, "", bob, at)
	})
	f.create(t, "recent", now.Add(-10*day), incident.Declaration{
		Title: "Search outage", Severity: "sev2", Components: []string{"search"},
	}, func(inc *incident.Incident, at time.Time) error {
		return all(
			inc.PostUpdate(incident.AudiencePublic, "Search is down.", bob, at),
			inc.SetStatus(incident.StatusResolved, "", bob, at.Add(time.Hour)),
			inc.PostUpdate(incident.AudiencePublic, "Search is back.", bob, at.Add(time.Hour)),
		)
	})
	f.create(t, "maintdone", now.Add(-20*day), incident.Declaration{
		Title: "Network maintenance", Severity: "sev3", Kind: incident.KindMaintenance, Components: []string{"network"},
	}, func(inc *incident.Incident, at time.Time) error {
		return all(
			inc.SetStatus(incident.StatusInvestigating, "", bob, at),
			inc.SetStatus(incident.StatusResolved, "", bob, at.Add(time.Hour)),
		)
	})
	f.create(t, "old", now.Add(-100*day), incident.Declaration{
		Title: "Ancient outage", Severity: "sev2", Components: []string{"legacy"},
	}, func(inc *incident.Incident, at time.Time) error {
		return inc.SetStatus(incident.StatusResolved, "", bob, at)
	})
	f.create(t, "declined", now.Add(-6*h), incident.Declaration{
		Title: "Not an incident", Severity: "sev3", Components: []string{"declined-only"},
	}, func(inc *incident.Incident, at time.Time) error {
		return inc.Decline("a bug", bob, at)
	})
	f.create(t, "merged", now.Add(-90*time.Minute), incident.Declaration{
		Title: "Duplicate checkout", Severity: "sev1", Components: []string{"merged-only"},
	}, func(inc *incident.Incident, at time.Time) error {
		return inc.MergeInto(f.ids["checkout"], bob, at)
	})
	f.clk.t = now
	return f
}

func all(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func newEmpty(f *fixture) *memstore.Store { return memstore.New(&memstore.Options{Now: f.clk.now}) }

func sortStrings(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// cspHash is the CSP source expression of a stylesheet: sha256-BASE64.
func cspHash(css string) string {
	sum := sha256.Sum256([]byte(css))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}
