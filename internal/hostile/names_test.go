package hostile_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
	"github.com/incidentkit/incidentkit/store/memstore"
)

var alice = incident.Person{Name: "Alice Martin", Email: "alice@example.com"}

func fixedClock() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) }

// unquote reads a corpus name file: one Go-quoted string, so that NUL,
// newlines and invisible characters are spelled out.
func unquote(t *testing.T, data []byte) string {
	t.Helper()
	s, err := strconv.Unquote(strings.TrimSpace(string(data)))
	if err != nil {
		t.Fatalf("corpus file is not a quoted string: %v", err)
	}
	return s
}

// checkID runs a hostile incident ID through incident.CheckID and every
// memstore method that takes an ID, next to a real incident
// INC-2026-0001 that case-folding twins and look-alikes try to reach. Each
// must fail, and the store must hold the real incident only, unchanged.
func checkID(t *testing.T, data []byte) string {
	id := unquote(t, data)
	ctx := context.Background()
	st := memstore.New(&memstore.Options{Now: fixedClock})
	real, err := st.Create(ctx, incident.Declaration{ID: "INC-2026-0001", Title: "Real", Severity: "sev1"}, alice)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	report := func(op string, err error) {
		if err == nil {
			t.Errorf("%s(%q) succeeded", op, id)
		}
		fmt.Fprintf(&b, "%s: %v\n", op, err)
	}
	report("CheckID", incident.CheckID(id))
	_, err = st.Create(ctx, incident.Declaration{ID: id, Title: "Hostile", Severity: "sev1"}, alice)
	report("Create", err)
	_, err = st.Get(ctx, id)
	report("Get", err)
	_, err = st.Update(ctx, id, alice, func(inc *incident.Incident, at time.Time) error { return inc.AddNote("x", alice, at) })
	report("Update", err)
	_, err = st.Postmortem(ctx, id)
	report("Postmortem", err)
	pm, err := postmortem.Draft(real, nil, alice, fixedClock())
	if err != nil {
		t.Fatal(err)
	}
	pm.IncidentID = id
	report("PutPostmortem", st.PutPostmortem(ctx, pm, alice))
	_, err = store.History(ctx, st, id)
	report("History", err)
	all, err := st.List(ctx, store.Filter{})
	if err != nil || len(all) != 1 || all[0].ID != real.ID || len(all[0].Timeline) != len(real.Timeline) {
		t.Errorf("after the hostile calls the store holds %d incidents (err %v), want the real one unchanged", len(all), err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// checkRef tries a hostile branch name as the branch of a new gitstore
// repository and as the remote branch of a sync: both must be refused
// before anything is created or fetched.
func checkRef(t *testing.T, data []byte) string {
	name := unquote(t, data)
	dir := filepath.Join(t.TempDir(), "records.git")
	var b strings.Builder
	st, err := gitstore.Init(dir, &gitstore.Options{Branch: name, Now: fixedClock})
	if err == nil {
		t.Errorf("Init with branch %q succeeded", name)
		st.Close()
	}
	fmt.Fprintf(&b, "Init: %v\n", strings.ReplaceAll(fmt.Sprint(err), dir, "$DIR"))
	st, err = gitstore.Init(dir+"2", &gitstore.Options{Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, err = store.Sync(context.Background(), st, store.SyncOptions{URL: dir + "-remote", Branch: name, By: alice})
	if err == nil {
		t.Errorf("Sync with branch %q succeeded", name)
	}
	fmt.Fprintf(&b, "Sync: %v", strings.ReplaceAll(fmt.Sprint(err), dir, "$DIR"))
	return b.String()
}
