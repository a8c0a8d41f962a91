// Package statuspage builds a customer-facing status page from a store: the
// current state of each component, active incidents with their public
// updates, scheduled maintenance and the past 90 days, as an HTML page, an
// Atom feed and a JSON document. It also renders customer messages from
// team-editable templates.
//
// # Only the public view
//
// Everything the package renders goes through [PublicIncident], built by
// [Public] from an allow-list of incident fields: ID, title, the
// customer-facing impact description, component states, public status and
// the updates posted to [incident.AudiencePublic]. Internal updates, notes
// and the rest of the timeline, roles and people, emails, labels, links,
// severity, the summary and the business impact never reach a template, the
// feed or the JSON, so no template can leak them by mistake.
//
// # What the page shows
//
// Build reads every incident from a [store.Reader] and sorts them out:
//
//   - Drills, declined and merged incidents appear nowhere.
//   - Active incidents are normal incidents that are open (triage to
//     monitoring). Triage shows as "investigating": it is declared, and
//     its components are hurting.
//   - Maintenance is an incident of [incident.KindMaintenance] that is
//     still open, soonest first. Its planned window ([incident.Schedule])
//     is shown when it has one: "Scheduled: 2026-12-03 02:00–04:00 UTC"
//     on the page and at the end of each of its feed entries, and
//     "scheduled_start" and "scheduled_end" in the JSON (left out when
//     there is no window); the page also shows when it was announced.
//     Maintenance in triage is "scheduled" until its planned start;
//     from the planned start on, or once a responder has moved it to
//     investigating, identified or monitoring, it is "in_progress" and
//     its components count towards their state. Maintenance whose window
//     has ended but that is still open stays "in_progress": only
//     resolving it says the work is done, and a window overrun is what
//     customers most need to see. Without a window, triage is
//     "scheduled" until a responder starts the work.
//   - Past incidents are resolved or closed incidents, normal or
//     maintenance, resolved (or, lacking that, closed or declared) in the 90
//     days before now.
//
// A component's state is the worst state any active incident or
// in-progress maintenance records for it, in the order operational <
// maintenance < degraded < partial_outage < major_outage: an outage during
// maintenance shows as the outage. Components named in [Options.Components]
// are always listed; others are listed while an incident on the page
// (active, maintenance or past) names them.
//
// # Formats
//
// [Page.JSON] writes one document whose field names are fixed (see the
// json tags of [Page], [Component], [PublicIncident] and [PublicUpdate]).
// [Page.Atom] writes an Atom 1.0 feed with one entry per public update;
// entry IDs are tag URIs made of the page's host, the incident's
// declaration date, its ID and the update's ID, so they stay the same from
// one build to the next. [Page.HTML] writes a page without JavaScript,
// with its CSS inline and a Content-Security-Policy meta tag that allows
// only that stylesheet.
//
// [Handler] serves the three documents and rebuilds them on every request,
// so a status page server over a gitstore shows new commits without a
// restart. [WriteDir] writes them as static files.
//
// # Customer messages
//
// [Templates] render the messages a communicator posts for investigating,
// identified, monitoring and resolved with text/template, over a
// [PublicIncident] only. [DefaultTemplates] are embedded in the package
// (messages.tmpl, which teams copy and edit); [ParseTemplates] reads a
// team's file. See [ParseTemplates] for the rules.
package statuspage
