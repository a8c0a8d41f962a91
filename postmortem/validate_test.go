package postmortem_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/incidentkit/incidentkit/postmortem"
)

func TestValidate(t *testing.T) {
	_, pm := completed(t)
	if err := pm.Validate(); err != nil {
		t.Fatalf("Validate(completed) = %v", err)
	}
	_, draft := drafted(t)
	if err := draft.Validate(); err != nil {
		t.Fatalf("Validate(drafted) = %v", err)
	}
	pm.IncidentID = "inc 1"
	pm.Status = "done"
	pm.ActionItems[1].ID = "A1"
	pm.ActionItems[2].Type = "fix"
	pm.ActionItems[3].Owner = "Ng, team: core"
	pm.Other[0].Title = "Summary"
	err := pm.Validate()
	if !errors.Is(err, postmortem.ErrInvalid) {
		t.Fatalf("Validate = %v, want ErrInvalid", err)
	}
	want := []string{"incident:", "status:", "action_items[1].id:", "action_items[2].type:", "action_items[3]:", "other[0].title:"}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("Validate error lacks %q:\n%v", w, err)
		}
	}
}
