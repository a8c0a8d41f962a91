package severity

import "time"

const (
	day  = 24 * time.Hour
	week = 7 * day
)

// Default returns the built-in three-level policy, a new value on each call
// so callers may change it. Its levels follow the three-level scale of the
// Atlassian Incident Management Handbook and PagerDuty's incident response
// guide:
//
//	sev1  Critical  Full outage, all users affected
//	sev2  Major     Major feature broken, many users affected
//	sev3  Minor     Minor issue, workaround available
//
// Targets, all measured from declaration (see [Targets]):
//
//	        ack  first update  internal  public  mitigate  resolve  post-mortem  actions
//	sev1    5m   15m           30m       30m     1h        4h       required 2d  28d
//	sev2    15m  30m           1h        1h      4h        1d       required 2d  56d
//	sev3    1h   4h            1d        -       3d        7d       optional     -
//
// Where the numbers come from (sources quoted; the rest is our judgement,
// meant to be tuned per team):
//   - Levels: Atlassian's handbook calls a customer-facing service down for
//     all customers a SEV 1, down for a subset a SEV 2, and anything that
//     does not interfere with essential tasks a SEV 3.
//   - Acknowledgement: sev1 and sev2 page a responder (Atlassian: "Choosing
//     Sev 2 or 1 means you believe this must be resolved right now - people
//     will be paged"), so acknowledgement is measured in minutes (5 and 15,
//     our choice); a sev3 is handled in working hours, hence an hour.
//   - First update and cadence (our choice): people affected should hear
//     quickly that the team knows (15 minutes for sev1), then at a steady
//     rhythm, every 30 minutes for sev1 and hourly for sev2. A sev3 needs
//     a daily internal note and no public updates.
//   - Mitigate and resolve (our choice): restore service first (1 h for
//     sev1), then fix; resolve targets grow with the level (4 h, 1 day,
//     1 week).
//   - Post-mortems: Atlassian runs a blameless post-mortem for every
//     incident of severity 2 or higher, so sev1 and sev2 require one and
//     sev3 leaves it optional, with no deadline. The draft is due 48 hours
//     after resolution, while memories and logs are fresh (our choice).
//     Atlassian gives post-mortem "priority actions" an SLO of 4 or 8 weeks
//     (by service); here sev1 action items get 4 weeks and sev2 8 weeks.
func Default() *Policy {
	return &Policy{Levels: []Level{
		{
			Name: "sev1", Rank: 1, Title: "Critical",
			Description: "Full outage, all users affected",
			Targets: Targets{
				Acknowledge:        5 * time.Minute,
				FirstUpdate:        15 * time.Minute,
				InternalCadence:    30 * time.Minute,
				PublicCadence:      30 * time.Minute,
				Mitigate:           time.Hour,
				Resolve:            4 * time.Hour,
				PostmortemRequired: true,
				PostmortemDeadline: 48 * time.Hour,
				ActionItemDeadline: 4 * week,
			},
		},
		{
			Name: "sev2", Rank: 2, Title: "Major",
			Description: "Major feature broken, many users affected",
			Targets: Targets{
				Acknowledge:        15 * time.Minute,
				FirstUpdate:        30 * time.Minute,
				InternalCadence:    time.Hour,
				PublicCadence:      time.Hour,
				Mitigate:           4 * time.Hour,
				Resolve:            day,
				PostmortemRequired: true,
				PostmortemDeadline: 48 * time.Hour,
				ActionItemDeadline: 8 * week,
			},
		},
		{
			Name: "sev3", Rank: 3, Title: "Minor",
			Description: "Minor issue, workaround available",
			Targets: Targets{
				Acknowledge:     time.Hour,
				FirstUpdate:     4 * time.Hour,
				InternalCadence: day,
				Mitigate:        3 * day,
				Resolve:         week,
			},
		},
	}}
}
