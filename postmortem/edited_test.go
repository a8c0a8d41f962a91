package postmortem_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/postmortem"
)

// TestParseEdited reads post-mortems as people edit them in pull requests
// (testdata/edited, each made from testdata/golden/completed.md) and
// compares them with the completed value changed as the edit intends.
func TestParseEdited(t *testing.T) {
	item := func(p *postmortem.Postmortem, id string) *postmortem.ActionItem {
		for i := range p.ActionItems {
			if p.ActionItems[i].ID == id {
				return &p.ActionItems[i]
			}
		}
		t.Fatalf("no action item %s", id)
		return nil
	}
	tests := []struct {
		file string
		want func(p *postmortem.Postmortem) // turns the completed value into the expected one
	}{
		{"01-ticked-box", func(p *postmortem.Postmortem) { item(p, "A1").Status = postmortem.ActionDone }},
		{"02-unticked-box", func(p *postmortem.Postmortem) { item(p, "A2").Status = postmortem.ActionOpen }},
		{"03-reordered-sections", func(p *postmortem.Postmortem) {}},
		{"04-alias-headings", func(p *postmortem.Postmortem) {}},
		{"05-edited-attributes", func(p *postmortem.Postmortem) {
			a := item(p, "A1")
			a.Owner, a.Due, a.Priority = "@carol", date(2026, 12, 18), postmortem.P1
			a = item(p, "A3")
			a.Owner, a.Due, a.Type, a.Priority = "Erin Blake", date(2027, 2, 1), postmortem.ActionPrevent, postmortem.P3
		}},
		{"06-unknown-sections", func(p *postmortem.Postmortem) {
			p.Other = []postmortem.Section{
				{Title: "Reading guide", Body: "Start with the summary; the timeline is generated."},
				{Title: "Customer communication", Body: "Support sent a macro to 212 customers.", After: postmortem.SectionRootCauses},
				p.Other[0],
				{Title: "Appendix: graphs", Body: "![pool](https://grafana.example.com/pool.png)", After: postmortem.SectionActionItems},
			}
		}},
		{"07-extra-prose", func(p *postmortem.Postmortem) {
			p.ActionNotes = "Tracked in the CHECKOUT project.\n\nPlease keep owners up to date.\n\nReviewed in the weekly operations meeting."
			p.Impact += "\n\n<!-- reviewer: numbers from the orders dashboard -->\n\nAdded after review: no data was lost."
		}},
		{"08-attribute-order", func(p *postmortem.Postmortem) { item(p, "A3").Status = postmortem.ActionWontDo }},
		{"09-crlf", func(p *postmortem.Postmortem) {}},
		{"10-setext-headings", func(p *postmortem.Postmortem) {}},
		{"11-wrapped-item", func(p *postmortem.Postmortem) {}},
		{"12-approvals", func(p *postmortem.Postmortem) {
			p.Status = postmortem.StatusPublished
			p.Reviewers[1].Approved = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
			p.Reviewers = append(p.Reviewers, postmortem.Reviewer{Person: incident.Person{Name: "Erin Blake"}})
			p.Published = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
		}},
		{"13-list-markers", func(p *postmortem.Postmortem) {
			item(p, "A3").Notes = "1. [ ] inventory the report jobs\n2. [x] switch the default DSN"
		}},
		{"14-plain-bullets", func(p *postmortem.Postmortem) {
			p.ActionNotes = "Tracked in the CHECKOUT project.\n\n- Owners: please update the tracker links.\n- Next review: 2026-12-15."
			p.ActionItems = append(p.ActionItems, postmortem.ActionItem{ID: "A5", Title: "Audit other batch jobs for primary-database use",
				Owner: "@erin", Due: date(2027, 1, 31), Type: postmortem.ActionPrevent, Status: postmortem.ActionOpen})
		}},
		{"15-parentheses", func(p *postmortem.Postmortem) {
			item(p, "A4").Title = "Review schedule changes like deploys (see RFC-12)"
			item(p, "A1").Link = "https://wiki.example.com/Pool_(database)"
		}},
		{"16-minimal", func(p *postmortem.Postmortem) {
			*p = postmortem.Postmortem{IncidentID: "INC-2026-0050", Title: "Cache stampede on login", Status: postmortem.StatusDraft}
		}},
		{"17-item-notes", func(p *postmortem.Postmortem) {
			item(p, "A3").Notes = "- [x] inventory the report jobs\n- [ ] switch the default DSN\n- [ ] announce in #eng\n\nBlocked on the replica upgrade."
			item(p, "A2").Notes = "Done in https://git.example.com/reports/pull/88."
		}},
		{"18-front-matter-styles", func(p *postmortem.Postmortem) { p.Status = postmortem.StatusInReview }},
	}
	files, err := filepath.Glob("testdata/edited/*.md")
	must(t, err)
	if len(files) != len(tests) {
		t.Errorf("%d fixtures in testdata/edited, %d tests", len(files), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "edited", tt.file+".md")
			data, err := os.ReadFile(path)
			must(t, err)
			got, err := postmortem.Parse(path, data)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			_, want := completed(t)
			tt.want(want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Parse(%s) differs (-want +got):\n%s", path, diff)
			}
		})
	}
}
