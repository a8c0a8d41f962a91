package statuspage

import (
	"encoding/json"
	"io"
)

// JSON writes the page as one indented JSON document. The field names are
// the json tags of [Page], [Component], [PublicIncident] and
// [PublicUpdate], and are stable: fields may be added, never renamed or
// removed. Times are RFC 3339 in UTC; lists are never null. Optional
// fields ("resolved_at", and "scheduled_start" and "scheduled_end", the
// planned window of a maintenance) are left out when unknown.
//
//	{
//	  "title": "Status", "url": "https://status.example.com/",
//	  "generated_at": "2026-11-27T10:00:00Z", "status": "major_outage",
//	  "components": [{"name": "payments-api", "status": "major_outage"}],
//	  "active": [{"id": "INC-2026-0001", "title": "Checkout fails",
//	    "kind": "incident", "status": "identified", "impact": "major_outage",
//	    "description": "...", "components": [...],
//	    "started_at": "...", "updated_at": "...",
//	    "updates": [{"id": "...", "at": "...", "status": "identified", "message": "..."}]}],
//	  "maintenance": [{... "kind": "maintenance", "status": "scheduled",
//	    "started_at": "...", "scheduled_start": "2026-12-03T02:00:00Z",
//	    "scheduled_end": "2026-12-03T04:00:00Z", ...}],
//	  "past": [... with "resolved_at"]
//	}
func (p *Page) JSON(w io.Writer) error {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}
