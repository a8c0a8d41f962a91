package postmortem_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/incidentkit/incidentkit/postmortem"
	"github.com/incidentkit/incidentkit/severity"
)

func TestScratch(t *testing.T) {
	inc := newIncident(t)
	pm, err := postmortem.Draft(inc, severity.Default(), alice, t0.Add(3*time.Hour))
	must(t, err)
	out := postmortem.Render(pm)
	fmt.Printf("%s", out)
	back, err := postmortem.Parse("x.md", out)
	must(t, err)
	if diff := cmp.Diff(pm, back); diff != "" {
		t.Error(diff)
	}
}
