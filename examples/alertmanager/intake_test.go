package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/memstore"
)

// TestComponents takes the first component label of each alert and leaves
// out values that cannot be component names.
func TestComponents(t *testing.T) {
	in := &intake{componentLabels: []string{"service", "component"}}
	p := &payload{Alerts: []alert{
		{Labels: map[string]string{"service": "checkout", "component": "ignored"}},
		{Labels: map[string]string{"component": "payments-db"}},
		{Labels: map[string]string{"service": "checkout"}},
		{Labels: map[string]string{"service": "../../etc"}},
		{Labels: map[string]string{"service": "Über"}},
		{Labels: map[string]string{"service": strings.Repeat("a", 65)}},
		{Labels: map[string]string{"instance": "10.0.0.1"}},
	}}
	if got, want := in.components(p, nil), []string{"checkout", "payments-db"}; !slices.Equal(got, want) {
		t.Errorf("components = %q, want %q", got, want)
	}
}

// TestTitle picks the title and keeps it to one bounded line.
func TestTitle(t *testing.T) {
	one := func(labels, annotations map[string]string) []alert {
		return []alert{{Labels: labels, Annotations: annotations}}
	}
	for _, tt := range []struct {
		name string
		p    payload
		want string
	}{
		{"common summary", payload{CommonAnnotations: map[string]string{"summary": "Disk full"}, CommonLabels: map[string]string{"alertname": "DiskFull"},
			Alerts: one(nil, nil)}, "Disk full"},
		{"alert name", payload{CommonLabels: map[string]string{"alertname": "DiskFull"}, Alerts: one(nil, nil)}, "DiskFull"},
		{"first alert", payload{Alerts: append(one(map[string]string{"alertname": "A"}, nil), alert{})}, "A (+1 more alerts)"},
		{"nothing", payload{GroupKey: "{}:{}", Alerts: one(nil, nil)}, "Alertmanager alert group " + groupLabel("{}:{}")[len(groupLabelPrefix):][:8]},
		{"one line", payload{CommonAnnotations: map[string]string{"summary": "  Disk\n\tfull\x00 now "}, Alerts: one(nil, nil)}, "Disk full now"},
		{"long", payload{CommonAnnotations: map[string]string{"summary": strings.Repeat("é", 150)}, Alerts: one(nil, nil)}, strings.Repeat("é", 99) + "…"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := title(&tt.p)
			if got != tt.want {
				t.Errorf("title = %q, want %q", got, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > maxTitle {
				t.Errorf("title has %d runes, over %d", n, maxTitle)
			}
		})
	}
}

// TestGroupLabel checks that the label is stable and a valid label.
func TestGroupLabel(t *testing.T) {
	got := groupLabel(`{}:{alertname="CheckoutHighErrorRate"}`)
	if !strings.HasPrefix(got, "alertmanager-group:") || len(got) != len("alertmanager-group:")+32 {
		t.Errorf("groupLabel = %q", got)
	}
	if got != groupLabel(`{}:{alertname="CheckoutHighErrorRate"}`) || got == groupLabel(`{}:{alertname="Other"}`) {
		t.Errorf("groupLabel is not a function of the group key")
	}
}

// TestAlertTarget prefers the fingerprint, then the generator URL, then
// a hash of the labels.
func TestAlertTarget(t *testing.T) {
	for _, tt := range []struct {
		a    alert
		want string
	}{
		{alert{Fingerprint: "3f1c2a9b8d7e6f50", GeneratorURL: "http://p/graph"}, "3f1c2a9b8d7e6f50"},
		{alert{GeneratorURL: "http://p/graph"}, "http://p/graph"},
		{alert{Labels: map[string]string{"a": "1"}}, "labels:"},
	} {
		if got := alertTarget(tt.a); !strings.HasPrefix(got, tt.want) {
			t.Errorf("alertTarget(%+v) = %q, want %q", tt.a, got, tt.want)
		}
	}
}

// flakyStore fails the next Create or Update with err.
type flakyStore struct {
	*memstore.Store
	failCreate, failUpdate error
}

func (s *flakyStore) Create(ctx context.Context, d incident.Declaration, by incident.Person) (*incident.Incident, error) {
	if err := s.failCreate; err != nil {
		s.failCreate = nil
		return nil, err
	}
	return s.Store.Create(ctx, d, by)
}

func (s *flakyStore) Update(ctx context.Context, id string, by incident.Person, fn store.UpdateFunc) (*incident.Incident, error) {
	if err := s.failUpdate; err != nil {
		s.failUpdate = nil
		return nil, err
	}
	return s.Store.Update(ctx, id, by, fn)
}

// TestStoreFailure answers 500 without details when the store fails, so
// that Alertmanager retries, and the retry records what was left undone:
// a failed declaration leaves nothing (the alert's links come with the
// declaration, in one change), a failed update of the group's incident is
// made by the next notification.
func TestStoreFailure(t *testing.T) {
	f := newFixture(t)
	fs := &flakyStore{Store: f.st, failCreate: errors.New("disk on fire")}
	f.rc.intake.st = fs
	code, body := f.post(t, "firing.json")
	expect(t, code, body, 500, "could not record the notification; see the receiver's log")
	if strings.Contains(body, "disk") || !strings.Contains(f.errs.String(), "disk on fire") {
		t.Errorf("answer %q, log %q: want the cause in the log only", body, f.errs.String())
	}
	if n := len(f.all(t)); n != 0 {
		t.Fatalf("%d incidents after a failed create", n)
	}

	code, body = f.post(t, "firing.json")
	expect(t, code, body, 200, "INC-2026-0001 opened (triage)")
	if incs := f.all(t); len(incs) != 1 || len(incs[0].Links) != 1 || len(incs[0].Timeline) != 2 {
		t.Fatalf("after the retry: %d incidents, want 1 declared with its link", len(incs))
	}

	fs.failUpdate = errors.New("lock timeout")
	code, body = f.post(t, "firing.json")
	expect(t, code, body, 500, "could not record")
	if incs := f.get(t, "INC-2026-0001"); len(incs.Timeline) != 2 {
		t.Fatalf("after a failed update: %d events, want the 2 of the declaration", len(incs.Timeline))
	}
	code, body = f.post(t, "firing.json")
	expect(t, code, body, 200, "INC-2026-0001 updated (triage)")
	if inc := f.get(t, "INC-2026-0001"); len(inc.Timeline) != 3 || inc.Timeline[2].Kind != incident.EventNote {
		t.Errorf("after the retry: %d events, want the note of the repeat", len(inc.Timeline))
	}

	fs.failUpdate = fmt.Errorf("%w: title: bad", incident.ErrInvalid)
	code, body = f.post(t, "firing.json")
	expect(t, code, body, 422, "the notification makes no valid incident")
}
