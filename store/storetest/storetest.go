// Package storetest checks that a [store.Store] implementation honours the
// contract, the way testing/fstest checks file systems.
//
// Call [Run] from the implementation's tests:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store { return memstore.New(nil) })
//	}
//
// The suite assumes nothing about the store beyond its contract: the clock
// may be real or fixed, IDs may follow any scheme [incident.CheckID]
// accepts, and the policy may define any levels. Capabilities such as
// history are tested when the store has them and skipped otherwise.
package storetest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/stretchr/testify/require"
)

// Run runs the conformance suite as subtests of t. newStore must return a
// new, empty store for each subtest; it may use t for cleanup (t.TempDir,
// t.Cleanup). The policy of the store must define at least one level.
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, h *harness)
	}{
		{"CreateGet", testCreateGet},
		{"CreateWithLinks", testCreateWithLinks},
		{"AssignedIDs", testAssignedIDs},
		{"ExplicitID", testExplicitID},
		{"InvalidDeclaration", testInvalidDeclaration},
		{"NotFound", testNotFound},
		{"Policy", testPolicy},
		{"Update", testUpdate},
		{"UpdateNoop", testUpdateNoop},
		{"UpdateError", testUpdateError},
		{"UpdateInvalid", testUpdateInvalid},
		{"Copies", testCopies},
		{"List", testList},
		{"ListOrder", testListOrder},
		{"Cancel", testCancel},
		{"ConcurrentUpdates", testConcurrentUpdates},
		{"Postmortem", testPostmortem},
		{"History", testHistory},
		{"AsOf", testAsOf},
		{"AtRevision", testAtRevision},
		{"FieldHistory", testFieldHistory},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn(t, newHarness(t, newStore(t)))
		})
	}
}

// People acting in the suite.
var (
	ada = incident.Person{Name: "Ada Lovelace", Email: "ada@example.com"}
	bob = incident.Person{Name: "Bob Jones", Email: "bob@example.com"}
)

// longAgo is before any plausible clock, for milestones that must precede
// the declaration.
var longAgo = time.Date(2000, 1, 2, 3, 4, 5, 0, time.UTC)

// missingID names no incident in any store the suite builds.
const missingID = "NOPE-1999-9999"

// harness holds the store under test and what the suite learned about it.
type harness struct {
	s      store.Store
	ctx    context.Context
	levels []string // the policy's level names, most severe first
}

func newHarness(t *testing.T, s store.Store) *harness {
	t.Helper()
	h := &harness{s: s, ctx: t.Context()}
	p, err := s.Policy(h.ctx)
	require.NoError(t, err, "Policy")
	require.NotNil(t, p, "Policy")
	h.levels = p.Names()
	require.NotEmpty(t, h.levels, "the store's policy must define a level")
	return h
}

// level returns the i-th level of the policy, or the least severe one when
// the policy has fewer.
func (h *harness) level(i int) string { return h.levels[min(i, len(h.levels)-1)] }

// declare creates an incident and fails the test on error.
func (h *harness) declare(t *testing.T, d incident.Declaration) *incident.Incident {
	t.Helper()
	if d.Severity == "" {
		d.Severity = h.level(0)
	}
	if d.Title == "" {
		d.Title = "Checkout fails"
	}
	inc, err := h.s.Create(h.ctx, d, ada)
	require.NoError(t, err, "Create(%+v)", d)
	return inc
}

// update applies fn and fails the test on error.
func (h *harness) update(t *testing.T, id string, by incident.Person, fn store.UpdateFunc) *incident.Incident {
	t.Helper()
	inc, err := h.s.Update(h.ctx, id, by, fn)
	require.NoError(t, err, "Update(%s)", id)
	return inc
}

// get returns the incident and fails the test on error.
func (h *harness) get(t *testing.T, id string) *incident.Incident {
	t.Helper()
	inc, err := h.s.Get(h.ctx, id)
	require.NoError(t, err, "Get(%s)", id)
	return inc
}

// list lists and fails the test on error.
func (h *harness) list(t *testing.T, f store.Filter) []*incident.Incident {
	t.Helper()
	incs, err := h.s.List(h.ctx, f)
	require.NoError(t, err, "List(%+v)", f)
	return incs
}

// revisions returns the number of revisions of id, or -1 when the store
// keeps no history.
func (h *harness) revisions(t *testing.T, id string) int {
	t.Helper()
	revs, err := store.History(h.ctx, h.s, id)
	if errors.Is(err, errors.ErrUnsupported) {
		return -1
	}
	require.NoError(t, err, "History(%s)", id)
	return len(revs)
}

// history returns the revisions of id, skipping the test when the store
// keeps no history.
func (h *harness) history(t *testing.T, id string) []store.Revision {
	t.Helper()
	revs, err := store.History(h.ctx, h.s, id)
	if errors.Is(err, errors.ErrUnsupported) {
		t.Skip("store keeps no history")
	}
	require.NoError(t, err, "History(%s)", id)
	return revs
}

// opts compares incidents as stored: nil and empty lists are the same.
var opts = cmp.Options{cmpopts.EquateEmpty()}

// diff reports the difference between two incidents, "" when equal.
func diff(want, got any) string { return cmp.Diff(want, got, opts) }

// ids returns the IDs of incs.
func ids(incs []*incident.Incident) []string {
	out := make([]string, len(incs))
	for i, inc := range incs {
		out[i] = inc.ID
	}
	return out
}

// notes returns the texts of the notes in inc's timeline.
func notes(inc *incident.Incident) []string {
	var out []string
	for _, e := range inc.Timeline {
		if e.Kind == incident.EventNote {
			out = append(out, e.Text)
		}
	}
	return out
}

// firstLine returns s up to its first newline.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// normal reports whether t is in UTC and whole seconds, as stores keep time.
func normal(t time.Time) bool {
	return t.Location() == time.UTC && t.Nanosecond() == 0
}
