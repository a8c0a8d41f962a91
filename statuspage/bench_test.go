package statuspage_test

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/statuspage"
	"github.com/incidentkit/incidentkit/store/memstore"
)

// benchStore returns a memstore with n incidents declared an hour apart
// going back from now (so about half fall in the 90-day window): every
// tenth open, the rest resolved, each with two public updates and an
// internal one.
func benchStore(b *testing.B, n int) *memstore.Store {
	b.Helper()
	ctx := context.Background()
	clk := &clock{}
	st := memstore.New(&memstore.Options{Now: clk.now})
	for i := range n {
		at := now.Add(-time.Duration(n-i) * 4 * time.Hour)
		clk.t = at
		inc, err := st.Create(ctx, incident.Declaration{
			Title: fmt.Sprintf("Incident %d", i), Severity: "sev2",
			Components: []string{fmt.Sprintf("component-%d", i%20)},
		}, ada)
		if err != nil {
			b.Fatal(err)
		}
		clk.t = at.Add(time.Minute)
		_, err = st.Update(ctx, inc.ID, bob, func(inc *incident.Incident, at time.Time) error {
			return all(
				inc.PostUpdate(incident.AudiencePublic, "We are investigating.", bob, at),
				inc.PostUpdate(incident.AudienceInternal, "internal detail", bob, at),
				inc.SetStatus(incident.StatusIdentified, "", bob, at),
				inc.PostUpdate(incident.AudiencePublic, "We found the cause.", bob, at),
			)
		})
		if err != nil {
			b.Fatal(err)
		}
		if i%10 != 0 {
			clk.t = at.Add(time.Hour)
			if _, err := st.Update(ctx, inc.ID, bob, func(inc *incident.Incident, at time.Time) error {
				return inc.SetStatus(incident.StatusResolved, "", bob, at)
			}); err != nil {
				b.Fatal(err)
			}
		}
	}
	return st
}

// BenchmarkBuild builds the page of 1,000 incidents (List included).
func BenchmarkBuild(b *testing.B) {
	st := benchStore(b, 1000)
	opts := &statuspage.Options{Now: func() time.Time { return now }}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := statuspage.Build(context.Background(), st, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRender renders the three documents of the page of 1,000
// incidents.
func BenchmarkRender(b *testing.B) {
	st := benchStore(b, 1000)
	p, err := statuspage.Build(context.Background(), st, &statuspage.Options{Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d active, %d past", len(p.Active), len(p.Past))
	for _, bc := range []struct {
		name string
		fn   func(io.Writer) error
	}{{"HTML", p.HTML}, {"Atom", p.Atom}, {"JSON", p.JSON}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := bc.fn(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
