package statuspage_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/statuspage"
	"github.com/incidentkit/incidentkit/store/memstore"
)

// exampleStore returns a memstore with one incident that has a public and
// an internal update, at fixed times.
func exampleStore() (*memstore.Store, string) {
	ctx := context.Background()
	t := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	st := memstore.New(&memstore.Options{Now: func() time.Time { t = t.Add(5 * time.Minute); return t }})
	ada := incident.Person{Name: "Ada Lovelace", Email: "ada@example.com"}
	inc, err := st.Create(ctx, incident.Declaration{
		Title: "Checkout fails", Severity: "sev1", Components: []string{"payments-api"},
	}, ada)
	if err != nil {
		panic(err)
	}
	_, err = st.Update(ctx, inc.ID, ada, func(inc *incident.Incident, at time.Time) error {
		if err := inc.SetStatus(incident.StatusIdentified, "pool exhausted", ada, at); err != nil {
			return err
		}
		if err := inc.PostUpdate(incident.AudienceInternal, "rolling back deploy 812", ada, at); err != nil {
			return err
		}
		return inc.PostUpdate(incident.AudiencePublic, "We found the cause and are fixing it.", ada, at)
	})
	if err != nil {
		panic(err)
	}
	return st, inc.ID
}

// Example builds the page of a store and prints what customers see: the
// internal update is not part of the page.
func Example() {
	st, _ := exampleStore()
	p, err := statuspage.Build(context.Background(), st, &statuspage.Options{
		Title: "Example Status",
		Now:   func() time.Time { return time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC) },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Title, "-", p.Status)
	for _, c := range p.Components {
		fmt.Println("component:", c.Name, c.Status)
	}
	for _, inc := range p.Active {
		fmt.Println("active:", inc.ID, inc.Title, inc.Status)
		for _, u := range inc.Updates {
			fmt.Println("  ", u.At.Format("15:04"), u.Status, u.Message)
		}
	}
	// Output:
	// Example Status - major_outage
	// component: payments-api major_outage
	// active: INC-2026-0001 Checkout fails identified
	//    09:40 identified We found the cause and are fixing it.
}

// ExamplePage_JSON prints the JSON document of a page.
func ExamplePage_JSON() {
	st, _ := exampleStore()
	p, err := statuspage.Build(context.Background(), st, &statuspage.Options{
		URL: "https://status.example.com/",
		Now: func() time.Time { return time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC) },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := p.JSON(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "title": "Status",
	//   "url": "https://status.example.com/",
	//   "generated_at": "2026-11-27T10:00:00Z",
	//   "status": "major_outage",
	//   "components": [
	//     {
	//       "name": "payments-api",
	//       "status": "major_outage"
	//     }
	//   ],
	//   "active": [
	//     {
	//       "id": "INC-2026-0001",
	//       "title": "Checkout fails",
	//       "kind": "incident",
	//       "status": "identified",
	//       "impact": "major_outage",
	//       "description": "",
	//       "components": [
	//         {
	//           "name": "payments-api",
	//           "status": "major_outage"
	//         }
	//       ],
	//       "started_at": "2026-11-27T09:35:00Z",
	//       "updated_at": "2026-11-27T09:40:00Z",
	//       "updates": [
	//         {
	//           "id": "ac9c4a97992b",
	//           "at": "2026-11-27T09:40:00Z",
	//           "status": "identified",
	//           "message": "We found the cause and are fixing it."
	//         }
	//       ]
	//     }
	//   ],
	//   "maintenance": [],
	//   "past": []
	// }
}

// ExampleHandler serves the status page; every request reads the store
// again.
func ExampleHandler() {
	st, _ := exampleStore()
	h := statuspage.Handler(st, &statuspage.Options{Title: "Example Status"})
	for _, target := range []string{"/", "/feed.atom", "/status.json", "/other"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		fmt.Println(target, rec.Code, rec.Header().Get("Content-Type"))
	}
	// Output:
	// / 200 text/html; charset=utf-8
	// /feed.atom 200 application/atom+xml; charset=utf-8
	// /status.json 200 application/json; charset=utf-8
	// /other 404 text/plain; charset=utf-8
}

// ExampleTemplates_Message renders a customer message with a team's
// template for resolved and the default for identified.
func ExampleTemplates_Message() {
	st, id := exampleStore()
	inc, err := st.Get(context.Background(), id)
	if err != nil {
		fmt.Println(err)
		return
	}
	pub := statuspage.Public(inc, time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
	tpl, err := statuspage.ParseTemplates("team.tmpl", []byte(`
{{define "resolved"}}{{.Title}} is fixed. Affected: {{names .Components}}.{{end}}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, kind := range []string{statuspage.MessageIdentified, statuspage.MessageResolved} {
		msg, err := tpl.Message(kind, pub)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("--- %s\n%s\n", kind, msg)
	}
	// Output:
	// --- identified
	// Identified: Checkout fails
	//
	// We have identified the cause of the problem affecting payments-api and are working on a fix.
	// --- resolved
	// Checkout fails is fixed. Affected: payments-api.
}

// ExampleParseTemplates shows the error for a template that reaches for
// something the public view does not have.
func ExampleParseTemplates() {
	_, err := statuspage.ParseTemplates("team.tmpl", []byte(`{{define "investigating"}}
Call {{.Roles.commander}} for details.
{{end}}`))
	fmt.Println(err)
	// Output:
	// team.tmpl:2:14: investigating: <.Roles.commander>: can't evaluate field Roles in type *statuspage.PublicIncident (messages see only the public view, statuspage.PublicIncident)
}
