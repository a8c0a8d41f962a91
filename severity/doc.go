// Package severity defines incident severity levels and the policy that
// holds them: each level's response targets (SLAs) and post-mortem rules.
//
// # Levels
//
// A [Level] has a Name used in incident files ("sev1"), a Rank (1 is the
// most severe; ranks are unique), a short Title ("Critical") and a
// Description of when it applies. [Policy.Level] looks a level up by name,
// [Policy.Compare] orders two names by severity, [Policy.Most] and
// [Policy.Least] return the ends of the scale, and [Policy.Classify]
// suggests a level for an [Impact], erring towards the more severe.
//
// # Targets
//
// Each level carries [Targets], all measured from the moment the incident
// was declared: time to acknowledge, to the first status update, to
// mitigate and to resolve; the longest gap between internal and between
// public updates while open; and whether a post-mortem is required, when it
// is due after resolution and when its action items are due. The incident
// package evaluates incidents against them.
//
// # The policy file
//
// A repository keeps its policy in [PolicyFile] (.incidentkit/policy.yaml),
// versioned with the incidents it governs. [Parse] reads it strictly and
// reports every problem with file, line and field; [Policy.Format] writes it
// back deterministically, so a change shows as a small diff:
//
//	levels:
//	  - name: sev1
//	    rank: 1
//	    title: Critical
//	    description: Full outage, all users affected
//	    targets:
//	      acknowledge: 5m
//	      first_update: 15m
//	      internal_cadence: 30m
//	      public_cadence: 30m
//	      mitigate: 1h
//	      resolve: 4h
//	      postmortem_required: true
//	      postmortem_deadline: 2d
//	      action_item_deadline: 28d
//	postmortem:
//	  disabled_lint_rules: []
//
// Durations use Go syntax ("15m", "1h30m") plus whole days ("2d", "1d12h");
// a day is exactly 24 hours. Keys are snake_case; unknown keys are errors,
// so a misspelt target is never silently ignored. internal_cadence,
// public_cadence, postmortem_deadline and action_item_deadline may be left
// out (meaning none), as may description. Policies may rename levels and
// add more (sev4, sev5, maintenance).
//
// # Defaults
//
// [Default] is a three-level policy (sev1 Critical, sev2 Major, sev3 Minor)
// whose levels follow the Atlassian Incident Management Handbook and
// PagerDuty's incident response guide. Its doc comment lists every target
// and where it comes from.
package severity
