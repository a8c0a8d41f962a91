package severity_test

import (
	"errors"
	"fmt"

	"github.com/incidentkit/incidentkit/severity"
)

func ExampleDefault() {
	for _, l := range severity.Default().Levels {
		t := l.Targets
		fmt.Printf("%s %-8s ack %v, mitigate %v, resolve %v, post-mortem required %v\n",
			l.Name, l.Title, t.Acknowledge, t.Mitigate, t.Resolve, t.PostmortemRequired)
	}
	// Output:
	// sev1 Critical ack 5m0s, mitigate 1h0m0s, resolve 4h0m0s, post-mortem required true
	// sev2 Major    ack 15m0s, mitigate 4h0m0s, resolve 24h0m0s, post-mortem required true
	// sev3 Minor    ack 1h0m0s, mitigate 72h0m0s, resolve 168h0m0s, post-mortem required false
}

func ExampleParse() {
	policy := []byte(`levels:
  - name: page
    rank: 1
    title: Page someone
    targets:
      acknowledge: 10m
      first_update: 30m
      public_cadence: 1h
      mitigate: 2h
      resolve: 1d
      postmortem_required: true
      postmortem_deadline: 3d
  - name: ticket
    rank: 2
    title: Next working day
    targets: {acknowledge: 1d, first_update: 1d, mitigate: 3d, resolve: 7d}
postmortem:
  disabled_lint_rules: [blame-language]
`)
	p, err := severity.Parse(severity.PolicyFile, policy)
	if err != nil {
		fmt.Println(err)
		return
	}
	page, _ := p.Level("page")
	fmt.Println(page.Title, page.Targets.Resolve, page.Targets.PostmortemDeadline)
	fmt.Println(p.Names(), p.Postmortem.DisabledLintRules)
	// Output:
	// Page someone 24h0m0s 72h0m0s
	// [page ticket] [blame-language]
}

func ExamplePolicy_Classify() {
	p := severity.Default()
	fmt.Println(p.Classify(severity.Impact{Scope: severity.ScopeAll, FullOutage: true}).Name)
	fmt.Println(p.Classify(severity.Impact{Scope: severity.ScopeMany}).Name)
	fmt.Println(p.Classify(severity.Impact{Scope: severity.ScopeSome, Workaround: true}).Name)
	// Unknown reach: assume the worst.
	fmt.Println(p.Classify(severity.Impact{Scope: severity.ScopeUnknown, FullOutage: true}).Name)
	// Output:
	// sev1
	// sev2
	// sev3
	// sev1
}

func ExampleParse_invalid() {
	policy := []byte(`levels:
  - name: sev1
    rank: 1
    title: Critical
    targets:
      acknowledge: 5m
      first_update: 15m
      internal_cadence: 6h
      mitigate: 1h
      resolve: 4h
      postmortem_required: true
  - name: Sev2
    rank: 1
    titel: Major
`)
	_, err := severity.Parse(severity.PolicyFile, policy)
	fmt.Println(errors.Is(err, severity.ErrInvalid))
	fmt.Println(err)
	// Output:
	// true
	// .incidentkit/policy.yaml:6:7: levels[0].targets.postmortem_deadline: missing: required when postmortem_required is true
	// .incidentkit/policy.yaml:8:25: levels[0].targets.internal_cadence: 6h is longer than resolve (4h)
	// .incidentkit/policy.yaml:12:5: levels[1].title: missing
	// .incidentkit/policy.yaml:12:5: levels[1].targets: missing
	// .incidentkit/policy.yaml:12:11: levels[1].name: invalid level name "Sev2" (want a lowercase letter, then up to 31 of a-z, 0-9, _ and -)
	// .incidentkit/policy.yaml:13:11: levels[1].rank: duplicate rank 1, first at levels[0]
	// .incidentkit/policy.yaml:14:5: levels[1].titel: unknown field (want one of description, name, rank, targets, title)
}

func ExamplePolicy_Format() {
	p := &severity.Policy{Levels: severity.Default().Levels[:1]}
	fmt.Print(string(p.Format()))
	// Output:
	// levels:
	//   - name: sev1
	//     rank: 1
	//     title: Critical
	//     description: Full outage, all users affected
	//     targets:
	//       acknowledge: 5m
	//       first_update: 15m
	//       internal_cadence: 30m
	//       public_cadence: 30m
	//       mitigate: 1h
	//       resolve: 4h
	//       postmortem_required: true
	//       postmortem_deadline: 2d
	//       action_item_deadline: 28d
	// postmortem:
	//   disabled_lint_rules: []
}
