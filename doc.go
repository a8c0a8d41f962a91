// Package incidentkit is an embeddable library for incident management whose
// records live in a Git repository.
//
// Chat bots, alert webhook receivers, internal portals and command-line tools
// use it to run the incident lifecycle (detection, triage, response,
// resolution and learning) and keep every record in Git: an incident is a
// YAML file, its blameless post-mortem a Markdown file, every change a commit
// authored by the person who made it. The history is the audit trail,
// post-mortems are reviewed as pull requests, and teams sync through any Git
// remote.
//
// This package holds only documentation and a whole-story example; the
// library is in its subpackages.
//
// # Packages
//
//   - [github.com/incidentkit/incidentkit/severity]: severity levels and the
//     team's policy (SLA targets per level), loaded from
//     .incidentkit/policy.yaml in the repository.
//   - [github.com/incidentkit/incidentkit/incident]: the Incident value, its
//     lifecycle, roles and hand-offs, timeline, status updates, impact and
//     links; SLA evaluation, durations and summaries; the incident file
//     format. Pure: no I/O, no clock.
//   - [github.com/incidentkit/incidentkit/postmortem]: blameless post-mortems:
//     drafting from an incident, Markdown that round-trips through hand edits,
//     safe HTML, lint for completeness and blame language, deadlines.
//   - [github.com/incidentkit/incidentkit/store]: the Store interface and its
//     contract, errors, and optional capabilities (history, sync, review).
//   - [github.com/incidentkit/incidentkit/store/gitstore]: the Git-backed store.
//   - [github.com/incidentkit/incidentkit/store/memstore]: an in-memory store
//     for tests, examples and callers who need no persistence.
//   - [github.com/incidentkit/incidentkit/store/storetest]: the conformance
//     suite every Store implementation passes.
//   - [github.com/incidentkit/incidentkit/statuspage]: the public status page
//     (HTML, Atom feed, JSON) and customer message templates, built from any
//     store.Reader and showing public updates only.
//   - [github.com/incidentkit/incidentkit/report]: figures per severity and per
//     month (counts, time to acknowledge, mitigate and resolve, SLA
//     compliance, post-mortems on time, action items) as text, JSON and an
//     HTML page with SVG charts, as of now or of any past commit.
//
// The programs under examples/ show the library in real use: incidentctl (a
// command-line tool), alertmanager (a Prometheus Alertmanager webhook
// receiver), quickstart, postmortem and sync.
//
// # Quick start
//
//	st, err := gitstore.Init("incidents.git", nil) // or gitstore.Open
//	if err != nil { ... }
//	alice := incident.Person{Name: "Alice", Email: "alice@example.com"}
//	inc, err := st.Create(ctx, incident.Declaration{
//		Title:    "Checkout returns 502",
//		Severity: "sev1",
//	}, alice)
//	inc, err = st.Update(ctx, inc.ID, alice, func(inc *incident.Incident, at time.Time) error {
//		if err := inc.Assign(incident.RoleCommander, alice, alice, at); err != nil {
//			return err
//		}
//		return inc.SetStatus(incident.StatusInvestigating, "paging payments on-call", alice, at)
//	})
//
// Each Create and Update is one commit authored by the acting person. Update
// takes a function rather than a value so that the store can apply it again
// when someone else wrote first: concurrent responders never overwrite each
// other.
//
// # Lifecycle
//
// An incident moves through triage, investigating, identified, monitoring
// (mitigated), resolved and closed. Responders may skip ahead or step back
// (identified to investigating when a theory is wrong, monitoring to
// investigating when a fix regresses, resolved to investigating to reopen).
// From triage an incident may be declined (a bug, not an incident); from any
// open status it may be merged into another incident as a duplicate. Closed,
// declined and merged are final. Illegal moves, and moves dated before the
// current status began, return errors matching incident.ErrTransition. Every
// change appends a timeline event with its actor and time. Closing requires
// the post-mortem when the policy requires one for the severity, unless it is
// waived with a reason.
//
// # Severity
//
// The default policy has three levels: sev1 (full outage, all users
// affected), sev2 (major feature broken, many users affected) and sev3
// (minor issue, workaround available). Each level sets targets: time to
// acknowledge, time to first status update, internal and public update
// cadence, mitigate and resolve targets, whether a post-mortem is required
// and by when (48 hours after resolution for sev1 and sev2), and when
// post-mortem action items are due. Teams rename levels, change targets and
// add levels in .incidentkit/policy.yaml, versioned with the incidents.
// incident.(*Incident).CheckSLA reports late acknowledgements, late first
// updates, silences longer than the cadence, mitigation and resolution over
// target and overdue post-mortems, each with by how much.
//
// # Storage layout
//
// A Git store keeps:
//
//	.incidentkit/policy.yaml                       the severity policy
//	incidents/2026/11/INC-2026-0042/incident.yaml  one incident
//	incidents/2026/11/INC-2026-0042/postmortem.md  its post-mortem
//
// Incidents are sharded by the year and month of their declaration, so the
// cost of a commit does not grow with the number of incidents. Files are
// deterministic (stable key order, UTC times), so a pull-request diff shows
// only what changed. IDs are allow-listed (INC-2026-0042): titles and other
// free text never become paths.
//
// # Concurrency and durability
//
// A Git store writes objects directly (the blob and only the trees on the
// changed path), fsyncs them, and moves the branch with Git's own lock-file
// protocol and a compare-and-swap, so writers in one process, in several
// processes and git commands run beside it exclude each other, and an
// acknowledged write survives a crash. Reads see committed state only. Bad
// content that reached the repository through a hand-edited pull request is
// reported with file, line and field; other incidents stay readable.
package incidentkit
