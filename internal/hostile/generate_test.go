package hostile_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
)

// validIncident is a small valid incident file the generators grow.
const validIncident = `id: INC-2026-0001
uid: 01JDQ6X3V4M8K2P9R5T7W0Y1Z3
title: Checkout returns 502
kind: normal
severity: sev1
status: investigating
milestones:
  declared: 2026-11-27T14:07:00Z
timeline:
  - id: 1b2f83f06066
    at: 2026-11-27T14:07:00Z
    actor: Alice Martin <alice@example.com>
    kind: declared
    to: sev1
    text: Checkout returns 502
`

// validPolicy is a small valid policy file.
const validPolicy = `levels:
  - name: sev1
    rank: 1
    title: Critical
    targets:
      acknowledge: 5m
      first_update: 15m
      mitigate: 1h
      resolve: 4h
`

// frontMatter starts every generated post-mortem.
const frontMatter = "---\nincident: INC-2026-0001\nstatus: draft\n---\n\n# Outage\n\n## Summary\n\n"

// pad appends a YAML comment to doc so that it is exactly n bytes long.
func pad(doc string, n int) []byte {
	b := []byte(doc + "# ")
	b = append(b, bytes.Repeat([]byte("x"), n-len(b)-1)...)
	return append(b, '\n')
}

// padText appends a paragraph to md so that it is exactly n bytes long.
func padText(md string, n int) []byte {
	b := []byte(md)
	b = append(b, bytes.Repeat([]byte("x"), n-len(b)-1)...)
	return append(b, '\n')
}

// repeatTo returns unit repeated as often as fits in n bytes after prefix.
func repeatTo(prefix, unit string, n int) []byte {
	return []byte(prefix + strings.Repeat(unit, (n-len(prefix))/len(unit)))
}

// underCap is the size pathological post-mortems are grown to: just under
// postmortem.MaxSize, the worst the parser is ever given.
const underCap = postmortem.MaxSize - 16

// generated lists the inputs too large or too repetitive to keep as files.
var generated = []struct {
	format, name string
	gen          func() []byte
}{
	// Incident YAML.
	{"incident", "deep_flow_nesting", func() []byte {
		return []byte("labels: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n")
	}},
	{"incident", "deep_flow_unclosed", func() []byte {
		return []byte(validIncident + "labels: " + strings.Repeat("[", 200000) + "\n")
	}},
	{"incident", "deep_block_nesting", func() []byte {
		var b strings.Builder
		b.WriteString(validIncident + "impact:\n")
		for i := 1; i <= 100; i++ {
			b.WriteString(strings.Repeat(" ", 2*i) + "k:\n")
		}
		return []byte(b.String())
	}},
	{"incident", "deep_block_sequences", func() []byte {
		return []byte(validIncident + "labels:\n" + strings.Repeat("- ", 3000) + "x\n")
	}},
	{"incident", "huge_scalar_under_cap", func() []byte {
		doc := strings.Replace(validIncident, "title: Checkout returns 502\n", "title: "+strings.Repeat("A", incident.MaxFileSize-len(validIncident)-32)+"\n", 1)
		return []byte(doc)
	}},
	{"incident", "huge_quoted_scalar", func() []byte {
		return []byte(validIncident + "summary: \"" + strings.Repeat("\\u00e9", (incident.MaxFileSize-len(validIncident))/6-4) + "\"\n")
	}},
	{"incident", "at_cap", func() []byte { return pad(validIncident, incident.MaxFileSize) }},
	{"incident", "over_cap_by_one", func() []byte { return pad(validIncident, incident.MaxFileSize+1) }},
	{"incident", "many_events", func() []byte {
		var b strings.Builder
		b.WriteString(validIncident)
		for i := 1; b.Len() < incident.MaxFileSize-200; i++ {
			fmt.Fprintf(&b, "  - id: %012x\n    at: 2026-11-27T14:07:00Z\n    actor: A <a@example.com>\n    kind: note\n    text: x\n", i)
		}
		return []byte(b.String())
	}},
	// Policy YAML.
	{"policy", "at_cap", func() []byte { return pad(validPolicy, severity.MaxPolicySize) }},
	{"policy", "over_cap_by_one", func() []byte { return pad(validPolicy, severity.MaxPolicySize+1) }},
	{"policy", "deep_block_nesting", func() []byte {
		var b strings.Builder
		b.WriteString("levels:\n")
		for i := 1; i <= 80; i++ {
			b.WriteString(strings.Repeat(" ", i) + "- \n")
		}
		return []byte(b.String())
	}},
	// Post-mortem Markdown, each grown to just under the size cap.
	{"postmortem", "quadratic_links", func() []byte { return repeatTo(frontMatter, "[a](<b", underCap) }},
	{"postmortem", "at_cap", func() []byte { return padText(frontMatter, postmortem.MaxSize) }},
	{"postmortem", "over_cap_by_one", func() []byte { return padText(frontMatter, postmortem.MaxSize+1) }},
	{"postmortem", "quadratic_links_over_cap", func() []byte { return repeatTo(frontMatter, "[a](<b", postmortem.MaxSize+6) }},
	{"postmortem", "deep_blockquote", func() []byte { return repeatTo(frontMatter, ">", underCap) }},
	{"postmortem", "deep_list", func() []byte { return repeatTo(frontMatter, "- ", underCap) }},
	{"postmortem", "deep_ordered_list", func() []byte { return repeatTo(frontMatter, "1. ", underCap) }},
	{"postmortem", "emphasis_run", func() []byte { return repeatTo(frontMatter, "*a _", underCap) }},
	{"postmortem", "strong_nesting", func() []byte {
		n := (underCap - len(frontMatter)) / 5
		return []byte(frontMatter + strings.Repeat("**", n) + "x" + strings.Repeat("__", n/2))
	}},
	{"postmortem", "backtick_runs", func() []byte {
		var b strings.Builder
		b.WriteString(frontMatter)
		for i := 1; b.Len()+i+1 < underCap; i++ {
			b.WriteString(strings.Repeat("`", i) + " ")
		}
		return []byte(b.String())
	}},
	{"postmortem", "nested_brackets", func() []byte {
		n := (underCap - len(frontMatter)) / 2
		return []byte(frontMatter + strings.Repeat("[", n) + strings.Repeat("]", n))
	}},
	{"postmortem", "unclosed_brackets", func() []byte { return repeatTo(frontMatter, "[", underCap) }},
	{"postmortem", "link_reference_flood", func() []byte { return repeatTo(frontMatter, "[a]: <b> 'c'\n[a]\n", underCap) }},
	{"postmortem", "html_comment_openers", func() []byte { return repeatTo(frontMatter, "<!-- ", underCap) }},
	{"postmortem", "autolink_run", func() []byte { return repeatTo(frontMatter, "www.a.", underCap) }},
	{"postmortem", "table_columns", func() []byte {
		n := (underCap - len(frontMatter)) / 6
		return []byte(frontMatter + strings.Repeat("|a", n) + "\n" + strings.Repeat("|-", n) + "\n" + strings.Repeat("|b", n) + "\n")
	}},
	{"postmortem", "many_sections", func() []byte { return repeatTo(frontMatter, "## S\n", underCap) }},
	// The same shapes at the limits postmortem.Parse enforces, repeated to
	// fill the size cap: accepted, and the slowest inputs it parses.
	{"postmortem", "links_at_limit", func() []byte { return repeatTo(frontMatter, strings.Repeat("[a](<b", 128)+"\n\n", underCap) }},
	{"postmortem", "brackets_at_limit", func() []byte {
		return repeatTo(frontMatter, strings.Repeat("[", 128)+strings.Repeat("]", 128)+"\n\n", underCap)
	}},
	{"postmortem", "open_brackets_at_limit", func() []byte { return repeatTo(frontMatter, strings.Repeat("[", 128)+"\n\n", underCap) }},
	{"postmortem", "blockquote_at_limit", func() []byte { return repeatTo(frontMatter, strings.Repeat(">", 32)+" x\n", underCap) }},
	{"postmortem", "ordered_list_at_limit", func() []byte { return repeatTo(frontMatter, strings.Repeat("1. ", 32)+"x\n", underCap) }},
	{"postmortem", "mixed_nesting_at_limit", func() []byte { return repeatTo(frontMatter, strings.Repeat("> - ", 16)+"[a](<b\n", underCap) }},
	// Front matter alone.
	{"frontmatter", "deep_nesting", func() []byte {
		return []byte("---\nincident: INC-2026-0001\nstatus: draft\nauthors: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n---\n\n# Outage\n")
	}},
	{"frontmatter", "over_cap", func() []byte {
		return repeatTo("---\nincident: INC-2026-0001\nstatus: draft\n", "waiver: x\n", postmortem.MaxSize+10)
	}},
	{"frontmatter", "huge_title", func() []byte {
		return []byte("---\nincident: INC-2026-0001\nstatus: draft\ntitle: " + strings.Repeat("T", underCap-64) + "\n---\n")
	}},
}
