// Package postmortem holds blameless post-mortems: the [Postmortem] value,
// drafting one from an incident ([Draft]), the Markdown file format
// ([Render] and [Parse], which round-trip), HTML rendering ([RenderHTML]),
// lint ([Lint]) and deadlines ([FindOverdue]).
//
// # File format
//
// A post-mortem is one Markdown file (incidents/YYYY/MM/<ID>/postmortem.md
// in a Git store) that reads well on GitHub and GitLab and survives being
// edited in a pull request:
//
//	---
//	incident: INC-2026-0042
//	title: Checkout API returning 503s
//	status: in_review            # draft, in_review, approved, published
//	authors:
//	  - Alice Ng <alice@example.com>
//	reviewers:
//	  - name: Carol Diaz         # an approval: who and when
//	    approved: 2026-11-22T11:30:00Z
//	  - Dan Okafor               # asked, not approved yet
//	created: 2026-11-20T12:30:00Z
//	due: 2026-11-22T11:30:00Z
//	published: 2026-11-24T10:00:00Z
//	waiver: the job is retired next week   # optional, silences action-coverage
//	---
//
//	# Checkout API returning 503s
//
//	## Summary
//	...
//	## Action items
//
//	- [ ] Add pool saturation alert (owner: @alice, due: 2026-12-11, type: detect, priority: p2, id: A1, link: https://tracker/CHECKOUT-101)
//	- [x] Give the report job its own pool (owner: @bob, due: 2026-12-04, type: prevent, priority: p1, id: A2)
//
// The front matter is YAML between two "---" lines, read strictly
// (unknown keys, wrong types, anchors and aliases are errors). Only
// incident and status are required; times are RFC 3339 in UTC.
//
// The Markdown has a "#" title (the same as the front matter's title, if
// both are given) and "##" sections. [Render] writes the known sections in
// a fixed order: Summary, Impact, Timeline, Root causes and contributing
// factors, Trigger, Detection, Resolution, What went well, What went
// wrong, Where we got lucky, Lessons learned, Action items. [Parse]
// accepts them in any order, in any case, with common alternative
// headings ("TL;DR", "Root cause", "What we did", "Follow-ups", ...) and
// with setext underlines. Sections it does not know are kept, in order,
// in [Postmortem.Other], each remembering the known section it followed,
// and written back there. Prose between the title and the first section
// is kept in [Postmortem.Intro]. Section bodies are kept as written.
//
// Each action item is one line of a GFM task list: a checkbox ("[ ]" open,
// "[x]" done, which a reviewer can tick in the pull request), a title,
// and attributes in the final parentheses as "key: value" pairs separated
// by commas, in any order: owner, due (YYYY-MM-DD), type (mitigate,
// prevent, detect, process), priority (p1-p3; high, medium and low are
// read as p1-p3), id, status (only "wont_do": the checkbox says open or
// done) and link. A long item may wrap onto indented lines; text indented
// under an item (a sub-list, a note) is kept in [ActionItem.Notes]. Prose
// and plain bullets in the section are kept in [Postmortem.ActionNotes].
//
// # Errors
//
// Parse reports every problem it finds as a *[InvalidError] of kind
// [ErrInvalid], each "file:line:col: field: message", for example
//
//	postmortem.md:10:36: action_items[0].due: want a date like 2026-12-11, got "soon"
//
// Files over [MaxSize] are refused before parsing (goldmark is roughly
// quadratic on some inputs), as are invalid UTF-8 and code fences or HTML
// comments left open (they would swallow the rest of the file).
//
// # Lint
//
// [Lint] reports [Finding]s, printed "file:line:col: rule: message", under
// stable rule names a policy can disable
// (severity.PostmortemRules.DisabledLintRules): completeness (required
// sections missing or empty, to-dos left), action-owner, action-due,
// action-type (open action items missing them), action-coverage (a severe
// incident without a prevent or mitigate item and no waiver), timeline
// (entries out of order; incident milestones missing or at another
// time) and blameless (wording that blames people, with a suggestion for
// a systems framing). See [Rules].
//
// # Safety
//
// [RenderHTML] never passes raw HTML through, and drops javascript: and
// other dangerous URLs, so a post-mortem can be served as it is.
package postmortem
