package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/memstore"
)

// TestReviewUnsupported checks that the review helpers report
// errors.ErrUnsupported for a store without review branches.
func TestReviewUnsupported(t *testing.T) {
	ctx := context.Background()
	st := memstore.New(nil)
	by := incident.Person{Name: "Ada", Email: "ada@example.com"}
	pm := &postmortem.Postmortem{IncidentID: "INC-2026-0001"}
	calls := map[string]func() (*store.Review, error){
		"ProposePostmortem": func() (*store.Review, error) { return store.ProposePostmortem(ctx, st, pm, by) },
		"ApprovePostmortem": func() (*store.Review, error) { return store.ApprovePostmortem(ctx, st, pm.IncidentID, by) },
		"PublishPostmortem": func() (*store.Review, error) { return store.PublishPostmortem(ctx, st, pm.IncidentID, by) },
		"PostmortemReview":  func() (*store.Review, error) { return store.PostmortemReview(ctx, st, pm.IncidentID) },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			rev, err := call()
			if rev != nil || !errors.Is(err, errors.ErrUnsupported) {
				t.Errorf("%s(memstore) = %v, %v; want nil, an error matching errors.ErrUnsupported", name, rev, err)
			}
		})
	}
}
