package statuspage

import (
	"bytes"
	"encoding/xml"
	"io"
	"net/url"
	"sort"
	"time"
)

// atomFeed and the types below are the Atom 1.0 (RFC 4287) elements the
// feed uses.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   atomText    `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID        string   `xml:"id"`
	Title     atomText `xml:"title"`
	Updated   string   `xml:"updated"`
	Published string   `xml:"published"`
	Link      atomLink `xml:"link"`
	Content   atomText `xml:"content"`
}

// Atom writes the page as an Atom 1.0 feed with one entry per public
// update of every incident on the page, newest first. An entry's text is
// the update's message, followed for maintenance with a planned window by
// the window ("Scheduled: 2026-12-03 02:00–04:00 UTC"). An entry's ID is a
// tag URI ("tag:HOST,DATE:INCIDENT/UPDATE", DATE the day the incident was
// declared) that stays the same across builds; its link points at the
// incident on the page. The feed's updated time is the newest entry's (the
// page's generation time when there are none), so the same entries give a
// byte-identical feed whenever the page is built.
func (p *Page) Atom(w io.Writer) error {
	// p.URL is normalised by Build; a Page made by hand may lack it.
	base, err := url.Parse(p.URL)
	if err != nil || p.URL == "" {
		base, _ = url.Parse(defaultURL)
	}
	f := atomFeed{
		ID:     base.String(),
		Title:  atomText{Type: "text", Body: p.Title},
		Author: atomPerson{Name: p.Title},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base.JoinPath("feed.atom").String()},
			{Rel: "alternate", Type: "text/html", Href: base.String()},
		},
	}
	type item struct {
		inc *PublicIncident
		u   PublicUpdate
	}
	var items []item
	for _, list := range [][]*PublicIncident{p.Active, p.Maintenance, p.Past} {
		for _, inc := range list {
			for _, u := range inc.Updates {
				items = append(items, item{inc, u})
			}
		}
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if !a.u.At.Equal(b.u.At) {
			return a.u.At.After(b.u.At)
		}
		if a.inc.ID != b.inc.ID {
			return a.inc.ID < b.inc.ID
		}
		return a.u.ID < b.u.ID
	})
	updated := p.Generated
	if len(items) > 0 {
		updated = items[0].u.At
	}
	f.Updated = atomTime(updated)
	for _, it := range items {
		link := *base
		link.Fragment = it.inc.ID
		f.Entries = append(f.Entries, atomEntry{
			ID:        "tag:" + base.Hostname() + "," + it.inc.Started.UTC().Format(time.DateOnly) + ":" + it.inc.ID + "/" + it.u.ID,
			Title:     atomText{Type: "text", Body: it.inc.Title + " (" + human(it.u.Status) + ")"},
			Updated:   atomTime(it.u.At),
			Published: atomTime(it.u.At),
			Link:      atomLink{Rel: "alternate", Type: "text/html", Href: link.String()},
			Content:   atomText{Type: "text", Body: entryText(it.inc, it.u)},
		})
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return err
	}
	b.WriteByte('\n')
	_, err = w.Write(b.Bytes())
	return err
}

// entryText is the text of the entry for update u: its message and, for
// maintenance with a planned window, the window on a line of its own
// ("Scheduled: 2026-12-03 02:00–04:00 UTC"), as of the build.
func entryText(p *PublicIncident, u PublicUpdate) string {
	if s := windowSpan(p); s != nil {
		return u.Message + "\n\n" + s.String()
	}
	return u.Message
}

// atomTime formats t as an RFC 3339 date-time in UTC.
func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
