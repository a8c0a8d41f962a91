// Package gitstore is a [store.Store] that keeps every incident record in a
// Git repository: each incident a YAML file, each post-mortem a Markdown
// file, each change one commit authored by the person who made it.
//
// It is the only package of the module that uses go-git, and it uses it for
// reading objects and talking to remotes only: writes build objects and move
// refs themselves, because go-git's worktree commits cost time proportional
// to the repository, never fsync, and publish refs without a compare-and-swap
// that excludes other processes and git itself.
//
//	st, err := gitstore.Init("incidents.git", nil) // a bare repository, the recommendation
//	st, err := gitstore.Open("incidents.git", nil) // bare or not
//
// # Layout
//
//	.incidentkit/policy.yaml                       the severity policy (Init writes the default)
//	incidents/2026/11/INC-2026-0042/incident.yaml  one incident
//	incidents/2026/11/INC-2026-0042/postmortem.md  its post-mortem
//
// Incidents are sharded by the year and month they were declared in, so no
// tree on a commit's path grows without bound and the cost of a write does
// not grow with the repository.
//
// # Guarantees
//
//  1. Every change is exactly one commit whose author is the acting person,
//     whose message names the incident and what changed
//     ("INC-2026-0042: severity sev2 -> sev1") and ends with an
//     "Incident: INC-2026-0042" trailer, and whose tree differs from its
//     parent only in that incident's files. An Update that changes nothing
//     makes no commit.
//  2. An acknowledged write is never lost: not to another goroutine, another
//     process, git commands run beside the store, or kill -9. Each commit's
//     objects are written as one pack file, fsynced with its index and
//     directory, before the branch moves; the branch moves with Git's own
//     lock-file protocol (O_EXCL "<ref>.lock", re-check under the lock,
//     write, fsync, rename, fsync the directory), which git commands honour
//     too. A lock left by a killed writer is recognised and recovered.
//  3. Concurrent updates never overwrite each other: writers of one
//     repository serialise on an in-process lock and an flock on
//     <gitdir>/incidentkit.lock, and when the branch moved anyway (a git
//     command does not take our lock) the update function runs again on the
//     new state before the compare-and-swap is retried.
//  4. Bare and non-bare repositories both work. In a non-bare repository
//     whose checked-out branch the store writes, the work tree files and the
//     index are updated too, so `git status` stays clean.
//  5. Reads see committed state only: refs and packs only ever appear by
//     rename, and readers never take a lock.
//  6. A hand-edited file that reached the branch (a merged pull request) and
//     does not parse is reported with file, line and field; the other
//     incidents stay readable, and List returns them together with the error.
//
// Options.NoSync trades guarantee 2 against power loss (not against killed
// processes) for faster writes (5.0 ms to 3.2 ms per Update at 10,000
// incidents): for tests and bulk imports.
//
// # Object maintenance
//
// Each commit adds one small pack. Packs are rolled up geometrically (as
// `git repack --geometric=2` does) under the write lock, so the number of
// packs stays logarithmic in the number of objects and nothing is loose;
// a rolled-up pack is durable and visible before anything it replaces is
// removed. Every pack the store writes or fetches carries a .keep file
// from before it appears until a rollup merges it: `git gc` and
// `git repack -a -d` list packs, then delete the unkept ones they listed,
// which deleted commits published in between (found by internal/stress).
// So `git gc` and `git repack` may run beside the store, but they leave its
// packs to it: [Store.Pack] is the store's `git gc`.
//
// A fetched pack is quarantined until Sync has checked what it brings
// (see Sync): readable, but never reused by a write nor merged by a rollup,
// and deleted when Sync refuses the remote.
//
// # Caching
//
// Decoded trees, incidents and the commits a history walk reads are cached
// by content hash, so the caches are never stale. Options.IncidentCacheSize
// bounds the decoded incidents and Options.ObjectCacheSize the raw objects
// read from disk; the tree cache (4,096 trees) and the history caches
// (200,000 commits) have fixed bounds. A Store is safe for concurrent use.
//
// # Post-mortem review
//
// ProposePostmortem puts a post-mortem on branch postmortem/<ID>, which can be
// pushed and opened as a pull request; ApprovePostmortem records approvals
// there; PublishPostmortem merges it with a two-parent merge commit that also
// marks it and its incident published. A branch merged on the hosting side
// and fetched is recognised. See [store.Reviewer].
//
// # Sync
//
// [Store.Sync] exchanges changes with a shared remote (a path, file://,
// git:// or smart HTTP(S) with basic auth or a token): it fetches the
// remote branch through go-git's transport (never go-git's ref writing),
// records it under refs/incidentkit/remote/<name>/<branch>, then
// fast-forwards the branch, or commits a two-parent merge when both sides
// moved, and pushes without force. A push the remote refuses because
// another clone pushed first is detected by looking at the remote again
// (not by the wording of its message), and Sync fetches, merges and
// pushes again, up to 20 rounds. Fetched packs are fsynced and visible to
// the store before any ref points into them; the branch moves only by
// compare-and-swap under the write lock. [Clone] makes a new clone.
//
// The merge is three-way from the best common ancestor (found by walking
// both histories newest first, as git does), and structural:
//
//   - incidents are matched by UID, not by path, so an incident renumbered
//     on one side still merges with the other side's edits;
//   - an incident.yaml changed on both sides merges with
//     [incident.Merge3]: timeline and updates as a union, each field by
//     its rule, conflicts recorded in the timeline;
//   - a postmortem.md changed on both sides merges by lines; where the
//     edits overlap both texts are kept between conflict markers, a note in
//     the incident's timeline asks for review, and the merge commit lists
//     it under "Review:";
//   - any other file changed on both sides (the severity policy, files
//     added by hand) takes the remote's version, so that every clone
//     settles on the same one; the local version is kept in the merge
//     commit's message;
//   - a file deleted on one side and changed on the other is kept.
//
// The merge commit's message lists the incidents merged, renumbered and to
// review, and ends with "Sync-Remote:" and "Incident:" trailers.
//
// # IDs across clones
//
// IDs are assigned per clone (the next free number of the year), so two
// clones that declare incidents offline can both create INC-2026-0005.
// Sync detects it (one ID, two UIDs, after the merge) and settles it the
// same way on every clone: the incident declared first (on a tie, the one
// with the smaller UID) keeps the ID; the other moves to the next free ID
// of the series, keeps its old ID in Aliases, gets a note in its timeline
// ("Renumbered from INC-2026-0005 to INC-2026-0006 by sync: ..."), and
// its post-mortem's incident ID follows. [store.SyncResult] reports each
// renumbering. Get with an ID that no live incident has finds the incident
// that lists it in its aliases, if exactly one does; the alias index is
// read from the incident files themselves, so it cannot drift from them.
//
// # Signing
//
// With Options.SignKey set, every commit carries an OpenPGP signature that
// `git verify-commit` accepts.
package gitstore
