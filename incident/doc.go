// Package incident models one production incident and everything recorded
// about it: the [Incident] value, its lifecycle, roles and hand-offs, the
// timeline, status updates, impact and links; SLA evaluation against a
// severity policy, durations and summaries over many incidents; the incident
// file format; and the structural merge of two clones' versions.
//
// The package is pure: nothing here does I/O or reads the clock. Every
// change takes the acting [Person] and the time, so a store (see package
// store) decides when "now" is, once per write.
//
// # Lifecycle
//
// An incident is declared with [New] in status triage and moves through
// investigating, identified, monitoring (mitigated), resolved and closed;
// see [Status] for the moves allowed. [Incident.SetStatus], [Incident.Decline],
// [Incident.MergeInto], [Incident.Reopen] and [Incident.Close] refuse illegal
// moves and moves dated before the current status began with a
// *[TransitionError], which matches [ErrTransition]. Every change appends an
// [Event] to the timeline with its actor and time, so the timeline is the
// whole story: [Incident.Handoffs] and [Incident.SeverityHistory] read the
// rotation of roles and the severity changes back from it.
//
// Drills and maintenance ([Kind]) follow the same lifecycle. Maintenance
// may carry a planned window, a [Schedule] (given at declaration or set
// with [Incident.SetSchedule]), which status pages show customers.
//
// # SLA and metrics
//
// [Incident.CheckSLA] compares an incident with the targets of its severity
// level (time to acknowledge, first update, update cadence per audience,
// mitigate and resolve targets, post-mortem deadline) and reports each miss
// as a [Finding] that says by how much. [Incident.Durations] gives time to
// detect, acknowledge, mitigate and resolve; [Summarize] gives per-level
// counts, nearest-rank p50/p90/max and SLA compliance over many incidents,
// leaving drills, maintenance, declined and merged incidents out.
//
// # File format
//
// In a repository an incident is a YAML file. [Format] writes it
// deterministically (fixed key order, UTC RFC 3339 times to the second,
// empty fields left out, long text as literal blocks), so the same value
// gives the same bytes and a pull-request diff shows only what changed.
// [Parse] reads hand-edited files strictly: unknown keys, wrong types, bad
// values, duplicate keys, anchors and aliases, several documents, oversize
// files and times out of order are all reported at once, each as
// "file:line:col: field: message", in an *[InvalidError] matching
// [ErrInvalid]. It never panics on any input.
//
// # Merging
//
// [Merge3] merges two versions of an incident changed on two clones since
// their common base, structurally: the timeline and status updates are
// append-only and merge as a union by ID, each event exactly once; a field
// changed on one side takes that side's value; a field changed on both sides
// to different values goes to the side whose recorded change is later (then
// the greater event ID, then the greater value), and the losing value is
// kept in the timeline as an [EventConflict] event, never silently dropped.
// The rule does not depend on which side is "ours", so clones converge.
package incident
