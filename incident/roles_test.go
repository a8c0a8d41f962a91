package incident_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/incidentkit/incidentkit/incident"
)

func TestAssignAndHandoffs(t *testing.T) {
	cleo := incident.Person{Name: "Cleo", Email: "cleo@example.com"}
	inc := fxNew(t, "sev1")
	require.NoError(t, inc.Assign(incident.RoleCommander, fxAda, fxAda, fxAt(1)))
	require.NoError(t, inc.Assign(incident.RoleLead, fxBob, fxAda, fxAt(2)))
	require.NoError(t, inc.Assign(incident.RoleCommander, fxAda, fxAda, fxAt(3)), "same holder is a no-op")
	require.NoError(t, inc.Assign(incident.RoleCommander, cleo, fxAda, fxAt(60)), "shift change")
	require.NoError(t, inc.Assign("scribe", fxBob, cleo, fxAt(61)))
	require.NoError(t, inc.Assign(incident.RoleLead, incident.Person{}, cleo, fxAt(62)), "zero person removes the role")
	require.NoError(t, inc.Assign(incident.RoleCommunicator, incident.Person{}, cleo, fxAt(63)), "removing an empty role is a no-op")

	assert.Equal(t, map[incident.Role]incident.Person{incident.RoleCommander: cleo, "scribe": fxBob}, inc.Roles)

	want := []incident.Handoff{
		{Role: incident.RoleCommander, To: fxAda, By: fxAda, At: fxAt(1)},
		{Role: incident.RoleCommander, From: fxAda, To: cleo, By: fxAda, At: fxAt(60)},
	}
	if diff := cmp.Diff(want, inc.Handoffs(incident.RoleCommander)); diff != "" {
		t.Errorf("Handoffs(commander) mismatch (-want +got):\n%s", diff)
	}
	all := inc.Handoffs("")
	require.Len(t, all, 5)
	assert.Equal(t, incident.Handoff{Role: incident.RoleLead, From: fxBob, By: cleo, At: fxAt(62)}, all[4])
	assert.Empty(t, inc.Handoffs("liaison"))

	for _, r := range []incident.Role{"", "Commander", "9lives", "a b", "x/y"} {
		require.ErrorIs(t, inc.Assign(r, fxBob, fxAda, fxAt(70)), incident.ErrInvalid, "Assign(%q)", r)
	}
	require.ErrorIs(t, inc.Assign(incident.RoleLead, incident.Person{Name: "B<b>"}, fxAda, fxAt(70)), incident.ErrInvalid)
	require.ErrorIs(t, inc.Assign(incident.RoleLead, fxBob, incident.Person{}, fxAt(70)), incident.ErrInvalid)
	require.ErrorIs(t, inc.Assign(incident.RoleLead, fxBob, fxAda, fxAt(-70)), incident.ErrInvalid)
	assert.Len(t, inc.Handoffs(""), 5)
}

func TestRoleNames(t *testing.T) {
	inc := fxNew(t, "sev1")
	for i, r := range []incident.Role{"scribe", incident.RoleCommunicator, "liaison-db", incident.RoleCommander, incident.RoleLead} {
		require.NoError(t, inc.Assign(r, fxBob, fxAda, fxAt(i)))
	}
	assert.Equal(t, []incident.Role{incident.RoleCommander, incident.RoleLead, incident.RoleCommunicator, "liaison-db", "scribe"}, inc.RoleNames())
	assert.Empty(t, fxNew(t, "sev1").RoleNames())
}

func TestRoleValid(t *testing.T) {
	for r, ok := range map[incident.Role]bool{
		incident.RoleCommander: true, incident.RoleLead: true, incident.RoleCommunicator: true,
		"liaison_db": true, "a": true, "a23456789012345678901234567890bc": true,
		"": false, "A": false, "1a": false, "a23456789012345678901234567890bcd": false, "-a": false,
	} {
		assert.Equal(t, ok, r.Valid(), "Role(%q).Valid()", r)
	}
}
