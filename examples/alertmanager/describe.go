package main

import (
	"cmp"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// alertTitle is a link's human title: the alert name, its other labels and
// where it came from.
func alertTitle(a alert) string {
	s := a.Labels["alertname"] + " " + labelString(a.Labels, "alertname")
	if a.GeneratorURL != "" {
		s += " " + a.GeneratorURL
	}
	return oneLine(s, maxLine)
}

// title is the incident's title: the common summary annotation, else the
// common alert name, else the first alert's; one line of at most maxTitle
// runes.
func title(p *payload) string {
	for _, s := range []string{p.CommonAnnotations["summary"], p.CommonLabels["alertname"], p.GroupLabels["alertname"]} {
		if t := oneLine(s, maxTitle); t != "" {
			return t
		}
	}
	a := p.Alerts[0]
	t := oneLine(cmp.Or(a.Annotations["summary"], a.Labels["alertname"]), maxTitle)
	if t == "" {
		t = "Alertmanager alert group " + groupLabel(p.GroupKey)[len(groupLabelPrefix):][:8]
	}
	if len(p.Alerts) > 1 {
		t = oneLine(fmt.Sprintf("%s (+%d more alerts)", t, len(p.Alerts)-1), maxTitle)
	}
	return t
}

// summary is the incident's summary: the common description, and where the
// alerts came from.
func summary(p *payload) string {
	var b strings.Builder
	if d := strings.TrimSpace(p.CommonAnnotations["description"]); d != "" {
		b.WriteString(truncate(d, 2000))
		b.WriteString("\n\n")
	}
	fmt.Fprintf(&b, "Opened by Alertmanager (receiver %s) for group %s", oneLine(p.Receiver, maxLine), oneLine(p.GroupKey, maxLine))
	if p.ExternalURL != "" {
		fmt.Fprintf(&b, "\nAlertmanager: %s", oneLine(p.ExternalURL, maxLine))
	}
	return b.String()
}

// note describes a later notification for the timeline: one line, and
// a line for each alert that is news (new to the incident, or resolved).
// A repeated notification with nothing new is one line, so that a group
// that fires for days does not fill the incident file.
func note(p *payload, fresh map[string]bool) string {
	var b strings.Builder
	firing := 0
	for _, a := range p.Alerts {
		if a.Status == statusFiring {
			firing++
		}
	}
	fmt.Fprintf(&b, "Alertmanager: group %s, %d of %d alerts firing", p.Status, firing, len(p.Alerts))
	if len(fresh) > 0 {
		fmt.Fprintf(&b, " (%d new)", len(fresh))
	}
	if p.TruncatedAlerts > 0 {
		fmt.Fprintf(&b, ", %d more left out by Alertmanager (max_alerts)", p.TruncatedAlerts)
	}
	listed := 0
	for _, a := range p.Alerts {
		if !fresh[alertTarget(a)] && a.Status != statusResolved {
			continue
		}
		if listed == maxNoteAlerts {
			b.WriteString("\n- ...")
			break
		}
		listed++
		line := fmt.Sprintf("- %s %s since %s", a.Status, alertTitle(a), a.StartsAt.Truncate(time.Second).Format(time.RFC3339))
		if a.Status == statusResolved {
			line += ", ended " + a.EndsAt.Truncate(time.Second).Format(time.RFC3339)
		}
		b.WriteString("\n" + oneLine(line, maxLine))
	}
	return b.String()
}

// labelString writes labels as {a="1", b="2"}, sorted, without skip.
func labelString(labels map[string]string, skip string) string {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		if k != skip {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%q", k, labels[k])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// oneLine turns s into one line of at most n runes: control characters and
// runs of white space become one space.
func oneLine(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, s)
	return truncate(strings.Join(strings.Fields(s), " "), n)
}

// truncate shortens s to at most n runes, ending in "…" when it cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
