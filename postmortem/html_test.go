package postmortem_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/incidentkit/incidentkit/postmortem"
)

func TestRenderHTMLSafe(t *testing.T) {
	_, pm := completed(t)
	pm.Title = `Pool <script>alert("t")</script>`
	pm.Summary = "<script>alert(1)</script>\n\nText <img src=x onerror=alert(2)> more.\n\n" +
		"[x](javascript:alert(3)) [y](JaVaScRiPt:alert(4)) ![z](javascript:alert(5)) <javascript:alert(6)>\n\n" +
		"<a href=\"javascript:alert(7)\">a</a> [ok](https://example.com/ok)"
	pm.Authors[0].Name = `Eve <b onmouseover=alert(8)>`
	pm.ActionItems[0].Link = "javascript:alert(9)"
	out, err := postmortem.RenderHTML(pm)
	must(t, err)
	html := strings.ToLower(string(out))
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`<script`),
		regexp.MustCompile(`<[a-z][^>]*\son\w+\s*=`),       // event handler attributes
		regexp.MustCompile(`(?:href|src)="\s*javascript:`), // script URLs
		regexp.MustCompile(`<img src=x`),
	} {
		if m := bad.FindString(html); m != "" {
			t.Errorf("RenderHTML output contains %q:\n%s", m, out)
		}
	}
	for _, good := range []string{`<a href="https://example.com/ok">ok</a>`, "<h2>summary</h2>", `<input checked="" disabled="" type="checkbox"`} {
		if !strings.Contains(html, good) {
			t.Errorf("RenderHTML output lacks %q:\n%s", good, out)
		}
	}
}
