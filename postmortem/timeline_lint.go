package postmortem

import (
	"regexp"
	"strings"
	"time"

	"github.com/yuin/goldmark/ast"
)

// timelineEntryRE matches the time at the start of a timeline entry:
// "2026-11-20 09:30 UTC", "2026-11-20 09:30:15", "2026-11-20T09:30:00Z",
// optionally in bold or code.
var timelineEntryRE = regexp.MustCompile(`^[*_` + "`" + `]{0,2}(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(?::(\d{2}))?(?:Z| ?UTC)?\b`)

// entry is a timestamped timeline list item.
type entry struct {
	at   time.Time
	text string // lower case
	off  int
}

// timelineEntries reads the timestamped list items of the timeline.
func timelineEntries(d *mdDoc, s *mdSection) []entry {
	var es []entry
	for _, n := range s.nodes {
		list, ok := n.(*ast.List)
		if !ok {
			continue
		}
		for it := list.FirstChild(); it != nil; it = it.NextSibling() {
			first := it.FirstChild()
			if first == nil || first.Lines().Len() == 0 {
				continue
			}
			seg := first.Lines().At(0)
			line := strings.TrimSpace(string(seg.Value(d.src)))
			m := timelineEntryRE.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			sec := m[3]
			if sec == "" {
				sec = "00"
			}
			at, err := time.Parse("2006-01-02 15:04:05", m[1]+" "+m[2]+":"+sec)
			if err != nil {
				continue
			}
			var b strings.Builder
			ls := first.Lines()
			for i := 0; i < ls.Len(); i++ {
				sg := ls.At(i)
				b.Write(sg.Value(d.src))
			}
			es = append(es, entry{at: at, text: strings.ToLower(b.String()), off: blockStart(it)})
		}
	}
	return es
}

// timeline checks the timeline's order and, when the incident is known,
// that it shows the incident's milestones at the times it records them.
func (l *linter) timeline() {
	s, ok := l.d.known[SectionTimeline]
	if !ok {
		return
	}
	es := timelineEntries(l.d, s)
	if len(es) == 0 {
		if s.body.text != "" {
			l.add(RuleTimeline, s.heading.start, "no timestamped entries: write them as \"- 2026-11-20 09:30 UTC — what happened\"")
		}
		return
	}
	for i := 1; i < len(es); i++ {
		if es[i].at.Before(es[i-1].at) {
			l.add(RuleTimeline, es[i].off, "entry at %s comes after one at %s: keep the timeline in time order",
				es[i].at.Format(stampLayout), es[i-1].at.Format(stampLayout))
		}
	}
	if l.inc == nil {
		return
	}
	m := l.inc.Milestones
	for _, ms := range []struct {
		name string
		at   time.Time
	}{
		{"impact started", m.ImpactStarted},
		{"detected", m.Detected},
		{"declared", m.Declared},
		{"mitigated", m.Mitigated},
		{"resolved", m.Resolved},
	} {
		if ms.at.IsZero() {
			continue
		}
		want := ms.at.UTC().Truncate(time.Minute)
		var mention *entry
		found := false
		for i := range es {
			if !strings.Contains(es[i].text, ms.name) {
				continue
			}
			if mention == nil {
				mention = &es[i]
			}
			if es[i].at.Truncate(time.Minute).Equal(want) {
				found = true
				break
			}
		}
		switch {
		case found:
		case mention == nil:
			l.add(RuleTimeline, s.heading.start, "no entry says %q: the incident records it at %s", ms.name, want.Format(stampLayout))
		default:
			l.add(RuleTimeline, mention.off, "%q at %s, but the incident records it at %s", ms.name, mention.at.Format(stampLayout), want.Format(stampLayout))
		}
	}
}
