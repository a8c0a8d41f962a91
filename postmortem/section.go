package postmortem

import "strings"

// SectionKey names a section the format knows.
type SectionKey string

// The known sections, in the order [Render] writes them.
const (
	SectionSummary     SectionKey = "summary"
	SectionImpact      SectionKey = "impact"
	SectionTimeline    SectionKey = "timeline"
	SectionRootCauses  SectionKey = "root_causes"
	SectionTrigger     SectionKey = "trigger"
	SectionDetection   SectionKey = "detection"
	SectionResolution  SectionKey = "resolution"
	SectionWentWell    SectionKey = "went_well"
	SectionWentWrong   SectionKey = "went_wrong"
	SectionLucky       SectionKey = "lucky"
	SectionLessons     SectionKey = "lessons"
	SectionActionItems SectionKey = "action_items"
)

// sectionInfo describes a known section: its canonical heading, the other
// headings people write for it, and where its body lives in a Postmortem.
type sectionInfo struct {
	key     SectionKey
	title   string
	aliases []string
	body    func(p *Postmortem) *string // nil for action items
}

// sections is the canonical order.
var sections = []sectionInfo{
	{SectionSummary, "Summary", []string{"executive summary", "overview", "tl;dr"}, func(p *Postmortem) *string { return &p.Summary }},
	{SectionImpact, "Impact", []string{"customer impact", "user impact"}, func(p *Postmortem) *string { return &p.Impact }},
	{SectionTimeline, "Timeline", nil, func(p *Postmortem) *string { return &p.Timeline }},
	{SectionRootCauses, "Root causes and contributing factors", []string{"root causes", "root cause", "contributing factors", "causes", "root cause and contributing factors", "root causes & contributing factors"}, func(p *Postmortem) *string { return &p.RootCauses }},
	{SectionTrigger, "Trigger", nil, func(p *Postmortem) *string { return &p.Trigger }},
	{SectionDetection, "Detection", nil, func(p *Postmortem) *string { return &p.Detection }},
	{SectionResolution, "Resolution", []string{"what we did", "mitigation and resolution", "response", "mitigation"}, func(p *Postmortem) *string { return &p.Resolution }},
	{SectionWentWell, "What went well", []string{"went well", "what went right"}, func(p *Postmortem) *string { return &p.WentWell }},
	{SectionWentWrong, "What went wrong", []string{"went wrong", "what went poorly", "what didn't go well", "what did not go well"}, func(p *Postmortem) *string { return &p.WentWrong }},
	{SectionLucky, "Where we got lucky", []string{"where we were lucky", "luck", "lucky"}, func(p *Postmortem) *string { return &p.Lucky }},
	{SectionLessons, "Lessons learned", []string{"lessons", "learnings", "takeaways"}, func(p *Postmortem) *string { return &p.Lessons }},
	{SectionActionItems, "Action items", []string{"actions", "follow-ups", "follow ups", "follow-up actions", "action plan"}, nil},
}

// lookupSection finds the known section a heading names, ignoring case,
// surrounding space and a trailing colon.
func lookupSection(heading string) (sectionInfo, bool) {
	h := strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(heading), ":")))
	h = strings.Join(strings.Fields(h), " ")
	for _, s := range sections {
		if h == strings.ToLower(s.title) || h == string(s.key) {
			return s, true
		}
		for _, a := range s.aliases {
			if h == a {
				return s, true
			}
		}
	}
	return sectionInfo{}, false
}

// Title returns the canonical heading of the section k, or "" when k is
// not a known section.
func (k SectionKey) Title() string {
	for _, s := range sections {
		if s.key == k {
			return s.title
		}
	}
	return ""
}
