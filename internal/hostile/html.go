// Package hostile checks what the library renders for hostile input, and
// its tests hold the corpus of malformed inputs (testdata/corpus) with the
// golden error message of each.
//
// [ActiveContent] checks rendered post-mortem HTML (FuzzRenderHTML, the
// corpus and the Chromium test): it must never carry a script, an event
// handler or a script URL, whatever the Markdown or the fields held. The
// status page and report tests have their own checks, which allow the
// report's inline SVG.
package hostile

import (
	"bytes"
	"fmt"
	"strings"

	"golang.org/x/net/html"
)

// ActiveContent returns a description of the first piece of active content
// in page (an HTML document or fragment), or "" when there is none. Active
// content is what a browser would run or load as code: an element that
// runs or embeds code (script, iframe, object, embed, frame, base, meta,
// link, style, form, svg, math, template), an event handler attribute
// (on*=), a style attribute, or a URL attribute whose scheme is
// javascript:, vbscript: or data: (images excepted, see isImageData). Tokens
// are read as a browser reads them, so an escaped "&lt;script" in text is
// not content, while a tag hidden by odd spacing or case is.
func ActiveContent(page []byte) string {
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return "" // io.EOF: the tokenizer reads a byte slice
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if s := activeToken(tok); s != "" {
				return s
			}
		}
	}
}

// dangerousElements run or embed code, or change how the page loads.
var dangerousElements = map[string]bool{
	"script": true, "iframe": true, "frame": true, "frameset": true, "object": true, "embed": true,
	"applet": true, "base": true, "meta": true, "link": true, "style": true, "form": true,
	"svg": true, "math": true, "template": true, "noscript": true,
}

// urlAttributes hold URLs a browser loads or follows.
var urlAttributes = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true,
	"data": true, "poster": true, "background": true, "srcset": true, "lowsrc": true, "dynsrc": true,
}

func activeToken(tok html.Token) string {
	if dangerousElements[tok.Data] {
		return fmt.Sprintf("a <%s> element", tok.Data)
	}
	for _, a := range tok.Attr {
		key := strings.ToLower(a.Key)
		switch {
		case strings.HasPrefix(key, "on"):
			return fmt.Sprintf("an event handler %s= on <%s>", a.Key, tok.Data)
		case key == "style":
			return fmt.Sprintf("a style attribute on <%s>", tok.Data)
		case urlAttributes[key]:
			if scheme := urlScheme(a.Val); scheme == "javascript" || scheme == "vbscript" ||
				scheme == "data" && !isImageData(tok.Data, key, a.Val) {
				return fmt.Sprintf("a %s: URL in %s= on <%s>", scheme, a.Key, tok.Data)
			}
		}
	}
	return ""
}

// urlScheme returns the lower-case scheme of u as a browser parses it:
// leading and trailing spaces and control characters are ignored, and tabs
// and newlines anywhere are removed ("java\tscript:" is javascript:).
func urlScheme(u string) string {
	u = strings.TrimFunc(u, func(r rune) bool { return r <= ' ' })
	u = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, u)
	i := strings.IndexByte(u, ':')
	if i <= 0 {
		return ""
	}
	scheme := strings.ToLower(u[:i])
	for _, r := range scheme {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.') {
			return "" // a path or a fragment with a colon in it
		}
	}
	return scheme
}

// isImageData reports whether u, a data: URL in attribute key of element
// tag, is an image: any image in <img src> (an <img> never runs script,
// not even an SVG one), a raster one elsewhere (a browser shows it and
// never runs it).
func isImageData(tag, key, u string) bool {
	u = strings.ToLower(strings.TrimSpace(u))
	if tag == "img" && key == "src" && strings.HasPrefix(u, "data:image/") {
		return true
	}
	for _, t := range []string{"data:image/png;", "data:image/gif;", "data:image/jpeg;", "data:image/webp;"} {
		if strings.HasPrefix(u, t) {
			return true
		}
	}
	return false
}
