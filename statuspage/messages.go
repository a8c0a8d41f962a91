package statuspage

import (
	_ "embed" // the default message templates
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"
	"time"

	"github.com/incidentkit/incidentkit/internal/diag"
)

// The kinds of customer message, in lifecycle order.
const (
	MessageInvestigating = "investigating"
	MessageIdentified    = "identified"
	MessageMonitoring    = "monitoring"
	MessageResolved      = "resolved"
)

var messageKinds = []string{MessageInvestigating, MessageIdentified, MessageMonitoring, MessageResolved}

// DefaultTemplateFile is the name of the embedded default message file, as
// errors name it.
const DefaultTemplateFile = "messages.tmpl"

//go:embed messages.tmpl
var defaultMessages []byte

// ErrTemplate is matched (through errors.Is) by every error about a
// message template: a file that does not parse, names something the public
// view lacks, or fails to render.
var ErrTemplate = errors.New("statuspage: invalid message template")

// maxTemplateSize caps a template file, and maxMessageSize a rendered
// message: both are far above any real message.
const (
	maxTemplateSize = 64 << 10
	maxMessageSize  = 64 << 10
)

// Templates render customer messages for each kind of message over the
// public view of an incident. The zero value is not usable; use
// [DefaultTemplates] or [ParseTemplates]. Templates are safe for
// concurrent use.
type Templates struct {
	kinds map[string]*template.Template
}

// DefaultTemplateSource returns the text of the default templates, to
// write out as a starting point for a team's own file.
func DefaultTemplateSource() []byte { return append([]byte(nil), defaultMessages...) }

var defaults = func() *Templates {
	t, err := parseTemplates(DefaultTemplateFile, defaultMessages, nil)
	if err != nil {
		panic(err) // the embedded file is tested; this cannot happen
	}
	return t
}()

// DefaultTemplates returns the templates embedded in the package (the file
// [DefaultTemplateSource] returns).
func DefaultTemplates() *Templates { return defaults }

// ParseTemplates parses a team's message file, named file in errors. The
// file holds {{define "KIND"}}...{{end}} blocks for the kinds
// investigating, identified, monitoring and resolved; a kind it leaves out
// falls back to the default wording. Text outside the blocks (other than
// space and {{/* comments */}}), blocks of any other name, and
// {{template}} or {{block}} calls are errors, so a typo in a kind's name
// does not go unnoticed.
//
// The data of every template is a [*PublicIncident] and nothing else.
// ParseTemplates renders each block once with a sample incident, so a
// template that names a field the public view lacks (.Roles, .Labels,
// .Timeline...) fails here rather than when a message is due. Errors match
// [ErrTemplate] and read like a compiler's: "file:line:col: kind: message".
func ParseTemplates(file string, data []byte) (*Templates, error) {
	return parseTemplates(file, data, defaults)
}

func parseTemplates(file string, data []byte, fallback *Templates) (*Templates, error) {
	var problems diag.List
	if len(data) > maxTemplateSize {
		problems.Addf(file, 0, 0, "", "file is %d bytes; the limit is %d", len(data), maxTemplateSize)
		return nil, problems.Err(ErrTemplate)
	}
	// The file's own template is named for the file, so that text/template's
	// errors name it; a file named like a kind would clash with its block.
	if file == "" || isKind(file) {
		file = "./" + file
	}
	root, err := template.New(file).Option("missingkey=error").Funcs(messageFuncs).Parse(string(data))
	if err != nil {
		problems.Add(problemOf(file, err))
		return nil, problems.Err(ErrTemplate)
	}
	t := &Templates{kinds: map[string]*template.Template{}}
	for _, tp := range root.Templates() {
		if tp.Tree == nil || tp.Tree.Root == nil {
			continue
		}
		line, col := position(tp.Tree, tp.Tree.Root)
		switch {
		case tp.Name() == file:
			if !parse.IsEmptyTree(tp.Tree.Root) {
				problems.Addf(file, line, col, "", "text outside {{define}}: the file holds only {{define \"KIND\"}} blocks")
			}
			continue
		case !isKind(tp.Name()):
			problems.Addf(file, line, col, tp.Name(), "unknown kind of message; want investigating, identified, monitoring or resolved")
			continue
		}
		walk(tp.Tree.Root, func(n parse.Node) {
			if n.Type() == parse.NodeTemplate {
				l, c := position(tp.Tree, n)
				problems.Addf(file, l, c, tp.Name(), "{{template}} and {{block}} are not supported: each message is self-contained")
			}
		})
		t.kinds[tp.Name()] = tp
	}
	if problems.Len() > 0 {
		return nil, problems.Err(ErrTemplate)
	}
	for _, k := range messageKinds {
		if t.kinds[k] == nil {
			if fallback == nil {
				problems.Addf(file, 0, 0, k, "no {{define %q}} block", k)
				continue
			}
			t.kinds[k] = fallback.kinds[k]
			continue
		}
		if _, err := t.Message(k, samplePublic()); err != nil {
			var de *diag.Error
			if errors.As(err, &de) {
				for _, p := range de.Problems {
					problems.Add(p)
				}
			}
		}
	}
	if err := problems.Err(ErrTemplate); err != nil {
		return nil, err
	}
	return t, nil
}

// Message renders the message of the given kind (investigating, identified,
// monitoring or resolved) for inc, with leading and trailing space trimmed.
// Errors match [ErrTemplate].
func (t *Templates) Message(kind string, inc *PublicIncident) (string, error) {
	if t == nil {
		return "", fmt.Errorf("%w: nil templates", ErrTemplate)
	}
	tp := t.kinds[kind]
	if tp == nil {
		return "", fmt.Errorf("%w: kind %q: want investigating, identified, monitoring or resolved", ErrTemplate, kind)
	}
	if inc == nil {
		return "", fmt.Errorf("%w: %s: nil incident", ErrTemplate, kind)
	}
	var b limitedBuilder
	if err := tp.Execute(&b, inc); err != nil {
		var l diag.List
		p := problemOf(tp.Tree.ParseName, err)
		if p.Field == "" {
			p.Field = kind
		}
		l.Add(p)
		return "", l.Err(ErrTemplate)
	}
	return strings.TrimSpace(b.String()), nil
}

func isKind(name string) bool {
	for _, k := range messageKinds {
		if name == k {
			return true
		}
	}
	return false
}

var messageFuncs = template.FuncMap{
	"date":  formatDate,
	"human": human,
	"names": func(cs []Component) string {
		names := make([]string, len(cs))
		for i, c := range cs {
			names[i] = c.Name
		}
		return strings.Join(names, ", ")
	},
}

// samplePublic is a public incident with every field set, which each
// template renders once at parse time.
func samplePublic() *PublicIncident {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	end := at.Add(2 * time.Hour)
	return &PublicIncident{
		ID: "INC-2026-0001", Title: "Sample incident", Kind: KindIncident, Status: StatusIdentified,
		Impact: "partial_outage", Description: "Some requests fail.",
		Components: []Component{{Name: "api", Status: "partial_outage"}, {Name: "web", Status: "degraded"}},
		Started:    at, Resolved: &at, Updated: at,
		ScheduledStart: &at, ScheduledEnd: &end,
		Updates: []PublicUpdate{
			{ID: "000000000002", At: at, Status: StatusIdentified, Message: "Found it."},
			{ID: "000000000001", At: at, Status: StatusInvestigating, Message: "Looking."},
		},
	}
}

// walk calls fn for every node in list, branches included.
func walk(list *parse.ListNode, fn func(parse.Node)) {
	if list == nil {
		return
	}
	for _, n := range list.Nodes {
		fn(n)
		var b *parse.BranchNode
		switch n := n.(type) {
		case *parse.IfNode:
			b = &n.BranchNode
		case *parse.RangeNode:
			b = &n.BranchNode
		case *parse.WithNode:
			b = &n.BranchNode
		}
		if b != nil {
			walk(b.List, fn)
			walk(b.ElseList, fn)
		}
	}
}

// position returns the line and column of n in its file.
func position(tr *parse.Tree, n parse.Node) (line, col int) {
	loc, _ := tr.ErrorContext(n)
	_, line, col = splitLocation(loc)
	return line, col + 1 // text/template counts columns from 0
}

// splitLocation splits "file:line:col" (col optional) from the right, so
// that a file name with colons survives.
func splitLocation(loc string) (file string, line, col int) {
	parts := strings.Split(loc, ":")
	nums := []int{}
	for len(parts) > 1 && len(nums) < 2 {
		n, err := strconv.Atoi(parts[len(parts)-1])
		if err != nil {
			break
		}
		nums = append([]int{n}, nums...)
		parts = parts[:len(parts)-1]
	}
	file = strings.Join(parts, ":")
	if len(nums) > 0 {
		line = nums[0]
	}
	if len(nums) > 1 {
		col = nums[1]
	}
	return file, line, col
}

var (
	// "template: FILE:LINE[:COL]: executing "NAME" at <CTX>: MESSAGE"
	execErrPattern = regexp.MustCompile(`^template: (.*): executing "([^"]*)" at <(.*?)>: (.*)$`)
	// "template: FILE:LINE: MESSAGE"
	parseErrPattern = regexp.MustCompile(`^template: (.*?:\d+(?::\d+)?): (.*)$`)
)

// problemOf turns a text/template error into a positioned problem.
func problemOf(file string, err error) diag.Problem {
	msg := err.Error()
	if m := execErrPattern.FindStringSubmatch(msg); m != nil {
		f, line, col := splitLocation(m[1])
		if strings.Count(m[1], ":") >= 2 {
			col++ // text/template counts columns from 0
		}
		text := "<" + m[3] + ">: " + m[4]
		if strings.Contains(m[4], "can't evaluate field") {
			text += " (messages see only the public view, statuspage.PublicIncident)"
		}
		return diag.Problem{File: f, Line: line, Column: col, Field: m[2], Message: text}
	}
	if m := parseErrPattern.FindStringSubmatch(msg); m != nil && strings.HasPrefix(m[1], file+":") {
		_, line, col := splitLocation(m[1])
		return diag.Problem{File: file, Line: line, Column: col, Message: m[2]}
	}
	return diag.Problem{File: file, Message: strings.TrimPrefix(msg, "template: ")}
}

// limitedBuilder is a strings.Builder that refuses to grow past
// maxMessageSize, so a template cannot render an unbounded message.
type limitedBuilder struct{ strings.Builder }

func (b *limitedBuilder) Write(p []byte) (int, error) {
	if b.Len()+len(p) > maxMessageSize {
		return 0, fmt.Errorf("message longer than %d bytes", maxMessageSize)
	}
	return b.Builder.Write(p)
}
