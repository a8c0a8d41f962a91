package statuspage

import (
	"encoding/json"
	"io"
)

// JSON writes the page as one indented JSON document. The field names are
// the json tags of [Page], [Component], [PublicIncident] and
// [PublicUpdate], and are stable: fields may be added, never renamed or
// removed. Times are RFC 3339 in UTC; lists are never null.
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
//	  "maintenance": [...], "past": [... with "resolved_at"]
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
