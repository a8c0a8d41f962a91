package postmortem

import (
	"bytes"

	"github.com/incidentkit/incidentkit/internal/diag"
)

// Limits on the shape of the Markdown body, checked before goldmark sees
// it. goldmark's time grows with the square of some constructs, so the
// size cap alone does not bound it: under 64 KiB, 64,000 ">" on one line
// (blockquotes nested 64,000 deep) took 3.3 s, "1. " repeated 1.4 s,
// 32,000 "[" opened in one paragraph and closed at its end 9 s, and
// "[a](<b" repeated 0.9 s. Post-mortems people write stay far inside these
// limits; BenchmarkPathologicalMarkdown (internal/hostile) measures the
// worst inputs that pass them.
const (
	// maxBlockNesting is the most blockquote and list markers one line
	// may open.
	maxBlockNesting = 32
	// maxBrackets is the most "[" one paragraph (a run of lines without
	// a blank line) may hold: every link, image, footnote and task box
	// takes one.
	maxBrackets = 128
)

// checkShape reports lines of md that nest blocks too deeply and
// paragraphs with too many brackets for goldmark to parse in bounded
// time. The problems name the line where the limit is crossed.
func checkShape(file string, md []byte, l *diag.List) {
	brackets, runStart := 0, 1
	for line, off := 1, 0; off < len(md); line++ {
		end := lineEnd(md, off)
		text := md[off:end]
		off = end
		if len(bytes.Trim(text, " \t\r\n")) == 0 {
			brackets, runStart = 0, line+1
			continue
		}
		if d := blockNesting(text); d > maxBlockNesting {
			l.Addf(file, line, 1, "", "blocks nested %d deep (blockquotes or lists), more than the limit of %d", d, maxBlockNesting)
			return
		}
		before := brackets
		brackets += bytes.Count(text, []byte("["))
		if before <= maxBrackets && brackets > maxBrackets {
			l.Addf(file, line, 1, "", "more than %d \"[\" in the paragraph starting at line %d: split it with blank lines", maxBrackets, runStart)
			return
		}
	}
}

// blockNesting counts the container markers that start line: ">" and list
// markers ("-", "*", "+", "1." or "1)" followed by a space or tab), with
// any spaces between them.
func blockNesting(line []byte) int {
	d := 0
	for i := 0; i < len(line); {
		switch c := line[i]; {
		case c == ' ' || c == '\t':
			i++
		case c == '>':
			d++
			i++
		case c == '-' || c == '*' || c == '+':
			if i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t') {
				d++
				i += 2
				continue
			}
			return d
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j+1 < len(line) && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t') {
				d++
				i = j + 2
				continue
			}
			return d
		default:
			return d
		}
	}
	return d
}
