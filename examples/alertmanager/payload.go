package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"time"
	"unicode/utf8"
)

// payload is one Alertmanager webhook notification, payload version "4".
type payload struct {
	Version           string
	GroupKey          string
	TruncatedAlerts   uint64
	Status            string // statusFiring or statusResolved
	Receiver          string
	GroupLabels       map[string]string
	CommonLabels      map[string]string
	CommonAnnotations map[string]string
	ExternalURL       string
	Alerts            []alert
}

// alert is one alert of a notification.
type alert struct {
	Status       string
	Labels       map[string]string
	Annotations  map[string]string
	StartsAt     time.Time
	EndsAt       time.Time // zero while firing (Alertmanager sends 0001-01-01T00:00:00Z)
	GeneratorURL string
	Fingerprint  string
}

const (
	statusFiring   = "firing"
	statusResolved = "resolved"

	// maxDepth bounds the nesting of the JSON document. A real payload
	// nests 3 deep (object, alerts, alert, labels); unknown fields may nest
	// more, but not without bound.
	maxDepth = 32
	// maxGroupKey bounds the group key, which is copied into the incident.
	maxGroupKey = 4096
)

var fingerprintPattern = regexp.MustCompile(`^[0-9a-f]{1,64}$`)

// decode reads a webhook payload strictly. It accepts only what Alertmanager
// sends for payload version "4": one JSON object in UTF-8 with no trailing
// data and no duplicate keys (at any depth), the required fields present and
// of the right type (null is never accepted), a known status, RFC 3339 times,
// and a group status that agrees with its alerts (resolved exactly when
// none fires).
//
// Unknown fields are ignored, not rejected: Alertmanager has added fields to
// version "4" over the years (truncatedAlerts, an alert's fingerprint and
// status), and a receiver that refused the next one would lose incidents
// after an Alertmanager upgrade. Keys are matched exactly, never by case
// folding as encoding/json does, so "Version" is an unknown field and not
// the version.
//
// Errors name the field as a path into the document (alerts[1].startsAt) or
// the line and column of a syntax error.
func decode(data []byte) (*payload, error) {
	if err := checkSyntax(data); err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil || top == nil {
		return nil, errors.New("want a JSON object")
	}
	f := fields{obj: top}
	p := &payload{
		Version:           f.str("version", true),
		GroupKey:          f.str("groupKey", true),
		TruncatedAlerts:   f.count("truncatedAlerts"),
		Status:            f.str("status", true),
		Receiver:          f.str("receiver", true),
		GroupLabels:       f.kv("groupLabels"),
		CommonLabels:      f.kv("commonLabels"),
		CommonAnnotations: f.kv("commonAnnotations"),
		ExternalURL:       f.str("externalURL", false),
	}
	raws := f.list("alerts")
	if f.err != nil {
		return nil, f.err
	}
	switch {
	case p.Version != "4":
		return nil, fmt.Errorf("version: want \"4\", got %.64q", p.Version)
	case p.GroupKey == "":
		return nil, errors.New("groupKey: empty")
	case len(p.GroupKey) > maxGroupKey:
		return nil, fmt.Errorf("groupKey: longer than %d bytes", maxGroupKey)
	case p.Status != statusFiring && p.Status != statusResolved:
		return nil, fmt.Errorf("status: want firing or resolved, got %.64q", p.Status)
	case p.Receiver == "":
		return nil, errors.New("receiver: empty")
	case len(raws) == 0:
		return nil, errors.New("alerts: empty")
	}
	if p.ExternalURL != "" {
		if _, err := url.Parse(p.ExternalURL); err != nil {
			return nil, fmt.Errorf("externalURL: not a URL: %.64q", p.ExternalURL)
		}
	}
	firing := 0
	for i, raw := range raws {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
			return nil, fmt.Errorf("alerts[%d]: want an object, got %s", i, kind(raw))
		}
		a, err := decodeAlert(obj)
		if err != nil {
			return nil, fmt.Errorf("alerts[%d].%w", i, err)
		}
		if a.Status == statusFiring {
			firing++
		}
		p.Alerts = append(p.Alerts, a)
	}
	if (firing > 0) != (p.Status == statusFiring) {
		return nil, fmt.Errorf("status: %s, but %d of %d alerts are firing", p.Status, firing, len(p.Alerts))
	}
	return p, nil
}

// decodeAlert reads one element of alerts, an object. Its errors start with the field
// name, so that the caller can put the element's path in front.
func decodeAlert(obj map[string]json.RawMessage) (alert, error) {
	f := fields{obj: obj}
	a := alert{
		Status:       f.str("status", true),
		Labels:       f.kv("labels"),
		Annotations:  f.kv("annotations"),
		StartsAt:     f.time("startsAt", true),
		EndsAt:       f.time("endsAt", false),
		GeneratorURL: f.str("generatorURL", false),
		Fingerprint:  f.str("fingerprint", false),
	}
	if _, ok := obj["labels"]; !ok && f.err == nil {
		f.err = errors.New("labels: missing")
	}
	switch {
	case f.err != nil:
		return alert{}, f.err
	case a.Status != statusFiring && a.Status != statusResolved:
		return alert{}, fmt.Errorf("status: want firing or resolved, got %.64q", a.Status)
	case !a.EndsAt.IsZero() && a.EndsAt.Before(a.StartsAt):
		return alert{}, errors.New("endsAt: before startsAt")
	case a.Status == statusResolved && a.EndsAt.IsZero():
		return alert{}, errors.New("endsAt: missing for a resolved alert")
	case a.Fingerprint != "" && !fingerprintPattern.MatchString(a.Fingerprint):
		return alert{}, fmt.Errorf("fingerprint: want hexadecimal digits, got %.64q", a.Fingerprint)
	}
	return a, nil
}

// fields reads typed fields out of a JSON object, keeping the first error.
type fields struct {
	obj map[string]json.RawMessage
	err error
}

// raw returns the field's value, or nil when it is absent (an error when it
// is required) or null (always an error: Alertmanager never sends null).
func (f *fields) raw(name string, required bool) json.RawMessage {
	if f.err != nil {
		return nil
	}
	v, ok := f.obj[name]
	switch {
	case !ok && required:
		f.err = fmt.Errorf("%s: missing", name)
		return nil
	case !ok:
		return nil
	case string(v) == "null":
		f.err = fmt.Errorf("%s: null", name)
		return nil
	}
	return v
}

// unmarshal decodes v into dst, naming the field and wanted type on error.
func (f *fields) unmarshal(name, want string, v json.RawMessage, dst any) {
	if err := json.Unmarshal(v, dst); err != nil {
		f.err = fmt.Errorf("%s: want %s, got %s", name, want, kind(v))
	}
}

func (f *fields) str(name string, required bool) string {
	var s string
	if v := f.raw(name, required); v != nil {
		f.unmarshal(name, "a string", v, &s)
	}
	return s
}

func (f *fields) count(name string) uint64 {
	v := f.raw(name, false)
	if v == nil {
		return 0
	}
	n, err := strconv.ParseUint(string(v), 10, 64)
	if err != nil {
		f.err = fmt.Errorf("%s: want a whole number of alerts, got %.40s", name, v)
	}
	return n
}

func (f *fields) kv(name string) map[string]string {
	m := map[string]string{}
	if v := f.raw(name, false); v != nil {
		f.unmarshal(name, "an object of strings", v, &m)
	}
	return m
}

func (f *fields) list(name string) []json.RawMessage {
	var l []json.RawMessage
	if v := f.raw(name, true); v != nil {
		f.unmarshal(name, "an array", v, &l)
	}
	return l
}

// time reads an RFC 3339 time. The zero time Alertmanager sends for an
// unknown end (0001-01-01T00:00:00Z) reads as the zero time; as a required
// time it is missing.
func (f *fields) time(name string, required bool) time.Time {
	s := f.str(name, required)
	if f.err != nil || s == "" && !required {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	switch {
	case err != nil:
		f.err = fmt.Errorf("%s: want an RFC 3339 time like 2026-11-27T09:30:00Z, got %.64q", name, s)
	case t.IsZero() && required:
		f.err = fmt.Errorf("%s: zero time", name)
	}
	return t.UTC()
}

// kind names the JSON type of v for error messages.
func kind(v json.RawMessage) string {
	switch v = bytes.TrimSpace(v); {
	case len(v) == 0:
		return "nothing"
	case v[0] == '"':
		return "a string"
	case v[0] == '{':
		return "an object"
	case v[0] == '[':
		return "an array"
	case v[0] == 't' || v[0] == 'f':
		return "a boolean"
	case v[0] == 'n':
		return "null"
	}
	return "a number"
}

// checkSyntax checks that data is one JSON object in UTF-8, nested at most
// maxDepth deep, with no duplicate keys and nothing after it. encoding/json
// alone would take the last of duplicate keys (a parser differential: a
// proxy that checked the first one saw another payload), replace invalid
// UTF-8 silently, and decode several concatenated documents one by one.
func checkSyntax(data []byte) error {
	if !utf8.Valid(data) {
		return errors.New("not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return syntaxError(data, dec, err)
	}
	if tok != json.Delim('{') {
		return errors.New("want a JSON object")
	}
	if err := walk(dec, data, json.Delim('{'), 1); err != nil {
		return err
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		rest := data[end:]
		line, col := position(data, end+int64(len(rest)-len(bytes.TrimLeft(rest, " \t\r\n"))))
		return fmt.Errorf("line %d, column %d: data after the JSON object", line, col)
	}
	return nil
}

// walk reads the rest of the object or array opened by open.
func walk(dec *json.Decoder, data []byte, open json.Delim, depth int) error {
	if depth > maxDepth {
		line, col := position(data, dec.InputOffset())
		return fmt.Errorf("line %d, column %d: nested deeper than %d", line, col, maxDepth)
	}
	seen := map[string]bool{}
	for dec.More() {
		if open == '{' {
			start := dec.InputOffset()
			tok, err := dec.Token()
			if err != nil {
				return syntaxError(data, dec, err)
			}
			key, _ := tok.(string)
			if seen[key] {
				rest := data[start:dec.InputOffset()]
				start += int64(len(rest) - len(bytes.TrimLeft(rest, ", \t\r\n")))
				line, col := position(data, start)
				return fmt.Errorf("line %d, column %d: duplicate key %.64q", line, col, key)
			}
			seen[key] = true
		}
		tok, err := dec.Token()
		if err != nil {
			return syntaxError(data, dec, err)
		}
		if d, ok := tok.(json.Delim); ok {
			if err := walk(dec, data, d, depth+1); err != nil {
				return err
			}
		}
	}
	if _, err := dec.Token(); err != nil { // the closing delimiter
		return syntaxError(data, dec, err)
	}
	return nil
}

// syntaxError says where a JSON syntax error is.
func syntaxError(data []byte, dec *json.Decoder, err error) error {
	off := dec.InputOffset()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("unexpected end of JSON")
	}
	line, col := position(data, off)
	return fmt.Errorf("line %d, column %d: malformed JSON: %w", line, col, err)
}

// position turns a byte offset into a 1-based line and column (in bytes).
func position(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = 1 + bytes.Count(before, []byte("\n"))
	col = 1 + len(before) - (bytes.LastIndexByte(before, '\n') + 1)
	return line, col
}
