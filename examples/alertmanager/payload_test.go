package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/severity"
)

// TestDecode reads every payload under testdata and a few written inline.
func TestDecode(t *testing.T) {
	tests := []struct {
		name, file, data string
		want             string // error substring; "" for success
	}{
		{name: "firing", file: "firing.json"},
		{name: "resolved", file: "resolved.json"},
		{name: "grouped", file: "grouped.json"},
		{name: "grouped more", file: "grouped_more.json"},
		{name: "malformed", file: "malformed.json", want: "unexpected end of JSON"},
		{name: "wrong type time", file: "wrong_types.json", want: "alerts[0].startsAt: want a string, got a number"},
		{name: "wrong type labels", file: "wrong_type_labels.json", want: "alerts[0].labels: want an object of strings, got an array"},
		{name: "wrong version", file: "wrong_version.json", want: `version: want "4", got "3"`},
		{name: "empty group key", file: "empty_groupkey.json", want: "groupKey: empty"},
		{name: "missing group key", file: "missing_groupkey.json", want: "groupKey: missing"},
		{name: "bad time", file: "bad_time.json", want: `alerts[0].startsAt: want an RFC 3339 time like 2026-11-27T09:30:00Z, got "yesterday at noon"`},
		{name: "inconsistent status", file: "inconsistent_status.json", want: "status: resolved, but 1 of 1 alerts are firing"},
		{name: "trailing data", file: "trailing.json", want: "line 2, column 1: data after the JSON object"},
		{name: "duplicate key", file: "duplicate_key.json", want: `duplicate key "groupKey"`},
		{name: "empty", data: "", want: "unexpected end of JSON"},
		{name: "array", data: "[]", want: "want a JSON object"},
		{name: "null", data: "null", want: "want a JSON object"},
		{name: "syntax", data: "{\n  \"version\": 4,,\n}", want: "line 2, column 16: malformed JSON: invalid character ','"},
		{name: "bad utf-8", data: "{\"version\": \"\xff\"}", want: "not valid UTF-8"},
		{name: "null field", data: `{"version": null}`, want: "version: null"},
		{name: "case folded key", data: `{"Version": "4", "groupKey": "g", "status": "firing", "receiver": "r", "alerts": []}`, want: "version: missing"},
		{name: "no alerts", data: `{"version": "4", "groupKey": "g", "status": "firing", "receiver": "r", "alerts": []}`, want: "alerts: empty"},
		{name: "alert not object", data: `{"version": "4", "groupKey": "g", "status": "firing", "receiver": "r", "alerts": [1]}`, want: "alerts[0]: want an object, got a number"},
		{name: "negative truncated", data: `{"version": "4", "groupKey": "g", "truncatedAlerts": -1, "status": "firing", "receiver": "r", "alerts": []}`, want: "truncatedAlerts: want a whole number"},
		{name: "deep", data: `{"x":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "}", want: "nested deeper than 32"},
		{name: "bad status", data: `{"version": "4", "groupKey": "g", "status": "pending", "receiver": "r", "alerts": [{}]}`, want: `status: want firing or resolved, got "pending"`},
		{name: "label value not string", data: alertJSON(`"labels": {"a": 1}, "startsAt": "2026-11-27T12:00:00Z"`), want: "alerts[0].labels: want an object of strings, got an object"},
		{name: "missing labels", data: alertJSON(`"startsAt": "2026-11-27T12:00:00Z"`), want: "alerts[0].labels: missing"},
		{name: "zero start", data: alertJSON(`"labels": {}, "startsAt": "0001-01-01T00:00:00Z"`), want: "alerts[0].startsAt: zero time"},
		{name: "ends before start", data: alertJSON(`"labels": {}, "startsAt": "2026-11-27T12:00:00Z", "endsAt": "2026-11-27T11:00:00Z"`), want: "alerts[0].endsAt: before startsAt"},
		{name: "bad fingerprint", data: alertJSON(`"labels": {}, "startsAt": "2026-11-27T12:00:00Z", "fingerprint": "../x"`), want: `alerts[0].fingerprint: want hexadecimal digits, got "../x"`},
		{name: "long value cut", data: strings.Replace(alertJSON(`"labels": {}, "startsAt": "2026-11-27T12:00:00Z"`), `"4"`, `"`+strings.Repeat("x", 1000)+`"`, 1), want: `version: want "4", got "` + strings.Repeat("x", 64) + `"`},
		{name: "unknown fields ignored", data: alertJSON(`"labels": {}, "startsAt": "2026-11-27T12:00:00Z", "silencedBy": [], "x": {"y": [1, 2]}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.data)
			if tt.file != "" {
				var err error
				if data, err = os.ReadFile(filepath.Join("testdata", tt.file)); err != nil {
					t.Fatal(err)
				}
			}
			p, err := decode(data)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("decode = %v, want success", err)
			case tt.want != "" && err == nil:
				t.Fatalf("decode succeeded, want an error with %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Fatalf("decode = %q, want an error with %q", err, tt.want)
			case tt.want == "" && len(p.Alerts) == 0:
				t.Fatalf("decode gave no alerts")
			}
		})
	}
}

// alertJSON is a payload with one firing alert whose fields are given.
func alertJSON(fields string) string {
	return `{"version": "4", "groupKey": "g", "status": "firing", "receiver": "r", "alerts": [{"status": "firing", ` + fields + `}]}`
}

// TestDecodeFields checks what decode reads from a real payload.
func TestDecodeFields(t *testing.T) {
	data, err := os.ReadFile("testdata/grouped_more.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if p.GroupKey != `{}/{team="payments"}:{alertname="PaymentsLatencyHigh", team="payments"}` || p.TruncatedAlerts != 2 ||
		p.Status != statusFiring || p.Receiver != "incidentkit" || len(p.Alerts) != 4 || p.CommonLabels["team"] != "payments" {
		t.Errorf("decode = %+v", p)
	}
	a := p.Alerts[2]
	if a.Status != statusResolved || a.Fingerprint != "0c0ffee0ddba11ad" || a.Labels["service"] != "ledger" ||
		!a.StartsAt.Equal(time.Date(2026, 11, 27, 12, 2, 0, 0, time.UTC)) || !a.EndsAt.Equal(time.Date(2026, 11, 27, 12, 20, 0, 0, time.UTC)) {
		t.Errorf("alerts[2] = %+v", a)
	}
	if !p.Alerts[0].EndsAt.IsZero() {
		t.Errorf("alerts[0].EndsAt = %v, want zero for 0001-01-01T00:00:00Z", p.Alerts[0].EndsAt)
	}
}

// FuzzDecode checks that decode never panics, and that what it accepts
// holds what the receiver relies on.
func FuzzDecode(f *testing.F) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(alertJSON(`"labels": {}, "startsAt": "2026-11-27T12:00:00Z"`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := decode(data)
		if err != nil {
			if msg := err.Error(); !utf8.ValidString(msg) || len(msg) > 512 {
				t.Errorf("error message not UTF-8 or over 512 bytes (it is answered and logged): %q", msg)
			}
			return
		}
		if p.Version != "4" || p.GroupKey == "" || len(p.GroupKey) > maxGroupKey || len(p.Alerts) == 0 ||
			(p.Status != statusFiring && p.Status != statusResolved) {
			t.Fatalf("accepted an invalid payload: %+v", p)
		}
		firing := false
		for _, a := range p.Alerts {
			if a.StartsAt.IsZero() || (!a.EndsAt.IsZero() && a.EndsAt.Before(a.StartsAt)) || a.Labels == nil || a.Annotations == nil {
				t.Fatalf("accepted an invalid alert: %+v", a)
			}
			firing = firing || a.Status == statusFiring
		}
		if firing != (p.Status == statusFiring) {
			t.Fatalf("accepted status %s with firing=%v", p.Status, firing)
		}
		// What the receiver makes of it is a valid incident.
		if tl := title(p); utf8.RuneCountInString(tl) > maxTitle || strings.ContainsAny(tl, "\n\r\t") {
			t.Fatalf("title = %q", tl)
		}
		in := &intake{
			by:              incident.Person{Name: "Alertmanager", Email: "alertmanager@localhost"},
			severityLabel:   "severity",
			severityMap:     map[string]string{"critical": "sev1", "warning": "sev2"},
			componentLabels: []string{"service", "component"},
		}
		now := time.Date(2026, 11, 27, 13, 0, 0, 0, time.UTC)
		d := in.declaration(severity.Default(), p, groupLabel(p.GroupKey), now)
		d.ID, d.UID = "INC-2026-0001", "01JDKZ7Q2V8N3X4Y5Z6A7B8C9D"
		inc, err := incident.New(d, in.by, now)
		if err != nil {
			t.Fatalf("declaration: %v", err)
		}
		if err := in.record(inc, p, now.Add(time.Minute)); err != nil {
			t.Fatalf("record: %v", err)
		}
		if _, err := incident.Format(inc); err != nil {
			t.Fatalf("format: %v", err)
		}
	})
}

// BenchmarkDecode decodes the grouped payload (four alerts, 4 KB).
func BenchmarkDecode(b *testing.B) {
	data, err := os.ReadFile("testdata/grouped_more.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decode(data); err != nil {
			b.Fatal(err)
		}
	}
}
