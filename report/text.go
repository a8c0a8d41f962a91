package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/internal/yamldoc"
)

// Text writes the report for a terminal: a table per severity and one per
// month, each ending in the total row, then the excluded incidents, the
// overdue action items and the files that could not be read. Columns are
// aligned with spaces. Titles and names from the records are quoted or
// cleaned of control characters, so a record cannot drive the terminal.
func (r *Report) Text(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "Incident report as of %s\n", r.Now.Format(time.RFC3339))
	if len(r.Problems) > 0 {
		fmt.Fprintf(bw, "Warning: %d problem(s) in files that could not be read; the figures leave those files out (see Problems).\n", len(r.Problems))
	}
	fmt.Fprintf(bw, "\nBy severity\n")
	r.table(bw, "LEVEL", r.Severities)
	if len(r.Months) > 0 {
		fmt.Fprintf(bw, "\nBy month of declaration (UTC)\n")
		r.table(bw, "MONTH", r.Months)
	}
	e := r.Excluded
	fmt.Fprintf(bw, "\nExcluded: %d drill, %d maintenance, %d declined, %d merged, %d unknown level\n",
		e.Drill, e.Maintenance, e.Declined, e.Merged, e.UnknownLevel)

	fmt.Fprintf(bw, "\nOverdue action items: %d\n", len(r.Overdue))
	for _, o := range r.Overdue {
		id := o.IncidentID
		if o.ActionID != "" {
			id += " " + printable(o.ActionID)
		}
		owners := "no owner"
		if len(o.Owners) > 0 {
			owners = "owner " + printable(strings.Join(o.Owners, ", "))
		}
		fmt.Fprintf(bw, "  %s %s: %s, due %s, %s late\n", id, strconv.Quote(o.Action), owners,
			o.Due.Format(time.DateOnly), human(o.Late))
	}
	if len(r.Problems) > 0 {
		fmt.Fprintf(bw, "\nProblems: %d\n", len(r.Problems))
		for _, p := range r.Problems {
			fmt.Fprintf(bw, "  %s\n", printable(p))
		}
	}
	return bw.Flush()
}

// table writes rows and the total row as an aligned table.
func (r *Report) table(w io.Writer, first string, rows []Row) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\tDECLARED\tOPEN\tRESOLVED\tACK P50/P90 (N)\tMITIGATE P50/P90 (N)\tRESOLVE P50/P90 (N)\tSLA MET\tPM ON TIME\tPM OVERDUE\tACTIONS OPEN\tACTIONS OVERDUE\n", first)
	for _, row := range append(rows[:len(rows):len(rows)], r.Total) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\n",
			row.Key, row.Declared, row.Open, row.Resolved,
			stats(row.Acknowledge), stats(row.Mitigate), stats(row.Resolve),
			row.SLA, row.Postmortems.OnTimeRate(), row.Postmortems.Overdue,
			row.ActionItems.Open, row.ActionItems.Overdue)
	}
	tw.Flush()
}

// stats formats a distribution as "5m/12m (3)", or "- (0)".
func stats(s incident.Stats) string {
	if s.N == 0 {
		return "- (0)"
	}
	return human(s.P50) + "/" + human(s.P90) + " (" + strconv.Itoa(s.N) + ")"
}

// human formats a duration the way incident files write them ("1d2h",
// "45m").
func human(d time.Duration) string { return yamldoc.FormatDuration(d) }

// printable replaces control characters (escape sequences, line breaks)
// with U+FFFD, so that text from the records stays on its line.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return unicode.ReplacementChar
		}
		return r
	}, s)
}
