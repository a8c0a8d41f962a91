package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/memstore"
)

// A store that keeps no files gets its post-mortem rendered, under a name
// that says which incident it belongs to.
func TestPostmortemFileRendered(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	st := memstore.New(&memstore.Options{Now: func() time.Time { return at }})
	ada := incident.Person{Name: "Ada", Email: "ada@example.com"}
	inc, err := st.Create(ctx, incident.Declaration{Title: "Login fails", Severity: "sev2"}, ada)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := store.PostmortemFile(ctx, st, inc.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("PostmortemFile before one exists = %v, want ErrNotFound", err)
	}
	pol, _ := st.Policy(ctx)
	pm, err := postmortem.Draft(inc, pol, ada, at)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutPostmortem(ctx, pm, ada); err != nil {
		t.Fatal(err)
	}
	name, data, err := store.PostmortemFile(ctx, st, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := inc.ID + "/postmortem.md"; name != want {
		t.Errorf("name = %q, want %q", name, want)
	}
	if want := postmortem.Render(pm); string(data) != string(want) {
		t.Errorf("data = %q, want the rendered post-mortem %q", data, want)
	}
}
