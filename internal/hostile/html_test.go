package hostile_test

import (
	"testing"

	"github.com/incidentkit/incidentkit/internal/hostile"
)

// TestActiveContent: the check every HTML test leans on finds what runs in
// a browser and lets plain markup and inline images through.
func TestActiveContent(t *testing.T) {
	for page, active := range map[string]bool{
		`<p>plain <em>text</em> &lt;script&gt;</p>`:                        false,
		`<a href="https://example.com/x">link</a>`:                         false,
		`<img src="data:image/png;base64,iVBORw0KGgo=" alt="">`:            false,
		`<p>x</p><script>alert(1)</script>`:                                true,
		`<img src=x onerror="alert(1)">`:                                   true,
		`<a href="javascript:alert(1)">x</a>`:                              true,
		"<a href=\"java\tscript:alert(1)\">x</a>":                          true,
		`<a href="  JavaScript:alert(1)">x</a>`:                            true,
		`<a href="vbscript:msgbox(1)">x</a>`:                               true,
		`<iframe src="data:text/html,<script>alert(1)</script>"></iframe>`: true,
		`<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>`:               true,
		`<svg><circle r="1"/></svg>`:                                       true,
		`<p style="x" onclick="alert(1)">x</p>`:                            true,
	} {
		if got := hostile.ActiveContent([]byte(page)); (got != "") != active {
			t.Errorf("ActiveContent(%q) = %q, want active %v", page, got, active)
		}
	}
}
