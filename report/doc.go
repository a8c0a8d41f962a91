// Package report computes incident reports from a store: per severity level
// and per month, how many incidents there were, how fast they were handled,
// how well they met the policy's targets and how their follow-up went. A
// [Report] is written as text for a terminal ([Report.Text]), as one JSON
// document ([Report.JSON]) and as one self-contained HTML page with SVG
// charts ([Report.HTML]).
//
// [Build] takes a [store.Reader] and the moment to report at. With a store
// that keeps history, a report as of any past revision is
//
//	snap, err := store.At(ctx, st, rev)
//	...
//	rep, err := report.Build(ctx, snap, snap.At)
//
// The same input gives the same report and the same bytes in every format.
//
// # Which incidents count
//
// Only real incidents count, by the rule of [incident.Summarize]: drills,
// maintenance windows, declined and merged incidents, and incidents whose
// severity is not a level of the policy are left out of every figure and
// counted in [Report.Excluded], by reason. An incident belongs to the row of
// its current severity level, and to the row of the calendar month (UTC) of
// its declaration ("2026-11"). The month rows run from the first month with
// a counted incident to the last, months without incidents included, so
// that trends have no holes. The total row counts every counted incident
// once.
//
// # Figures
//
// For each row:
//
//   - Declared: counted incidents. Open: those still open at now (triage,
//     investigating, identified, monitoring). Resolved: the rest (resolved
//     or closed). Declared = Open + Resolved.
//   - Time to acknowledge, mitigate and resolve: [incident.Incident.Durations]
//     of each incident (acknowledge from the declaration; mitigate and resolve
//     from the start of impact, or the declaration when that is unknown),
//     over the incidents where the phase is known, as [incident.Stats]:
//     N, and the nearest-rank P50 and P90 (the value at rank ceil(p/100 × N)
//     of the sorted values, always one of them; see [incident.Percentile]).
//     Open incidents contribute the phases they have completed. With N = 0
//     there is no percentile ("-" in text and HTML, null in JSON).
//   - SLA compliance: the incidents that met every target of their level,
//     out of Declared. An incident meets its targets when
//     [incident.Incident.CheckSLA] at now reports no finding at all
//     (acknowledgement, first update, update cadences, mitigation,
//     resolution and, where the level requires one, the post-mortem
//     deadline); an open incident counts with what it has missed so far.
//     Breached counts, per rule, the incidents with at least one finding of
//     that rule.
//   - Post-mortem on-time rate, over the incidents whose level requires a
//     post-mortem (Targets.PostmortemRequired): on time out of on time plus
//     late. The deadline is the one postmortem.FindOverdue and store.Overdue
//     use: the post-mortem's own due date when its front matter sets one,
//     else [postmortem.Deadline] after the resolution. The publication time
//     is the document's published time, else the incident timeline's
//     publication event; published at or before the deadline is on time,
//     after it late, and not published (at now) with the deadline passed is
//     late and also counted as overdue. Not published before the deadline
//     is pending, and not in the rate: it is not due yet. A waived
//     post-mortem is counted as waived and not in the rate. A post-mortem
//     with no deadline yet (the incident is not resolved and the document
//     sets no due date) or whose file cannot be read is counted as unknown,
//     not in the rate. Approval alone is not publication.
//   - Action items, over the post-mortems of the row's incidents, as the
//     documents stand: Total, Open (neither done nor won't-do) and Overdue
//     (open and past due at now, exactly as postmortem.FindOverdue judges
//     it: an item's due date is a day, late once that day is over; an item
//     without one is due the level's ActionItemDeadline after the
//     resolution, and never when the policy sets none).
//
// Every share is a [Ratio], kept as a fraction. A Ratio with nothing to
// measure (denominator zero) has no value; it is "-" in text and HTML and
// null in JSON, never 0% or 100%. Percentages are rounded half up.
//
// [Report.Overdue] lists the overdue action items themselves, most overdue
// first (the order of postmortem.FindOverdue).
//
// # Unreadable files
//
// A hand-edited file that does not parse does not fail the report: the
// store returns every valid incident with an error matching
// incident.ErrInvalid, and a post-mortem that does not parse returns an
// error matching postmortem.ErrInvalid. Build reports on what it could read
// and lists each problem ("file:line:col: field: message") in
// [Report.Problems], which every format shows prominently. An unreadable
// incident is in no figure; an incident whose post-mortem is unreadable
// counts everywhere except its post-mortem (unknown) and action items. A
// report that silently shrank would be worse than one that says it is
// incomplete, and one broken file must not hide every other figure. Any
// other error (the store cannot be read at all, the context is done) fails
// Build.
//
// # JSON
//
// [Report.JSON] writes one object:
//
//	now                   the report's moment, RFC 3339, UTC
//	severities            rows, one per policy level, most severe first; "title" is the level's title
//	months                rows, one per month, oldest first
//	total                 the total row (key "total")
//	excluded              {drill, maintenance, declined, merged, unknown_level}: counts left out
//	overdue_action_items  [{incident, title, severity, action, action_title, owners,
//	                        due (YYYY-MM-DD), late_seconds, late}]
//	problems              ["file:line:col: field: message", ...]
//
// Each row:
//
//	key, title, declared, open, resolved
//	time_to_acknowledge, time_to_mitigate, time_to_resolve:
//	    {n, p50_seconds, p50, p90_seconds, p90}   (p50 and p90 as "1h30m"; null when n is 0)
//	sla: {met, incidents, rate, breached: {rule: incidents, ...every rule}}
//	postmortems: {required, on_time, late, overdue, pending, waived, unknown, on_time_rate}
//	action_items: {total, open, overdue}
//
// Rates are fractions from 0 to 1 rounded to four decimal places, null when
// there is nothing to measure. Durations are whole seconds in fields ending
// in _seconds, and the same duration for people beside them. Field names
// are stable: new fields may be added, none renamed or removed.
//
// # HTML
//
// [Report.HTML] writes one page with embedded CSS and inline SVG charts
// (time to resolve per month, P50 and P90 lines; incidents per severity
// level, bars) and no JavaScript. It is built with html/template, so
// every text from the records (incident and action item titles, owners,
// problems) is escaped, in SVG text as well as in HTML. Tables scroll
// sideways on a narrow screen; the rest reflows.
package report
