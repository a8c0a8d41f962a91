package store_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
)

// FuzzDescribe checks that any text in a change gives a message whose first
// line names the incident, fits in 72 characters and is one line.
func FuzzDescribe(f *testing.F) {
	f.Add("Checkout fails", "error rate 40%", "deploy-812", "INC-2026-0001", 1)
	f.Add(strings.Repeat("ü", 100), "a\nb\r\n\tc", "x y", "INC-2026-0001", 3)
	f.Add("t", "\x00\xff", "", "", 0)
	f.Fuzz(func(t *testing.T, title, note, target, id string, n int) {
		before := &incident.Incident{ID: id, Title: title}
		after := before.Clone()
		at := t0
		for i := range n % 4 {
			_ = after.AddNote(note, ada, at.Add(time.Duration(i)*time.Second))
		}
		_ = after.AddLink(incident.Link{Kind: incident.LinkOther, Target: target, Title: note}, bob, at)
		_ = after.SetTitle(title+note, bob, at)
		for _, msg := range []string{store.Describe(before, after), store.Describe(nil, after)} {
			subject, body, _ := strings.Cut(msg, "\n")
			if n := utf8.RuneCountInString(subject); n > 72 {
				t.Errorf("first line has %d characters: %q", n, subject)
			}
			if strings.ContainsAny(subject, "\r\t\x00") {
				t.Errorf("first line has control characters: %q", subject)
			}
			if body != "" && !strings.HasPrefix(body, "\n") {
				t.Errorf("no blank line after the first line: %q", msg)
			}
		}
	})
}
