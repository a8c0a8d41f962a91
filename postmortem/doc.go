// Package postmortem holds blameless post-mortems: the value, drafting one
// from an incident, the Markdown file format (render and parse, round
// trip), HTML rendering, lint and deadlines.
package postmortem
