package statuspage

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Options configure a status page. A nil *Options, and every zero field,
// means the default. The package copies the options and never changes the
// caller's value.
type Options struct {
	// Title is the page title. Default "Status".
	Title string
	// URL is the absolute http or https URL the page is published at (a
	// directory: a missing final slash is added), used for the links and
	// IDs of the Atom feed. Default "http://localhost/".
	URL string
	// Now is the clock, read once per build. Default time.Now.
	Now func() time.Time
	// Components are listed on the page even when no incident names them,
	// in this order, before any others (which are sorted by name).
	Components []string
	// ErrorLog receives the errors Handler cannot show to a client (a store
	// that fails, incidents left off because their files are invalid).
	// Default: the log package's standard logger.
	ErrorLog func(err error)
}

const (
	defaultTitle = "Status"
	defaultURL   = "http://localhost/"
)

// withDefaults returns a copy of o with defaults applied and the URL
// checked and normalised (a directory: the feed and the JSON sit beside
// the page).
func (o *Options) withDefaults() (Options, error) {
	var c Options
	if o != nil {
		c = *o
		c.Components = append([]string(nil), o.Components...)
	}
	if c.Title == "" {
		c.Title = defaultTitle
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.URL == "" {
		c.URL = defaultURL
	}
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return c, fmt.Errorf("statuspage: options: url %q: want an absolute http or https URL", c.URL)
	}
	if !strings.HasSuffix(u.Path, "/") {
		// The feed and the JSON sit beside the page: the base is a directory.
		u.Path += "/"
		u.RawPath = ""
	}
	u.RawQuery, u.Fragment = "", ""
	c.URL = u.String()
	return c, nil
}
