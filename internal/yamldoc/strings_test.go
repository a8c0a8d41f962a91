package yamldoc_test

import (
	"slices"
	"testing"

	"github.com/incidentkit/incidentkit/internal/yamldoc"
)

// TestStringsKeepsIndices: a bad element is reported and kept as "", so the
// elements after it keep their indices (and later checks their lines).
func TestStringsKeepsIndices(t *testing.T) {
	root, err := yamldoc.Parse("f.yaml", []byte("rules: [a, [x], b]\n"), 1<<10)
	if err != nil {
		t.Fatal(err)
	}
	d := yamldoc.NewDecoder("f.yaml")
	var rules []string
	d.Mapping(root, "", yamldoc.Fields{"rules": d.Strings(&rules)})
	if want := []string{"a", "", "b"}; !slices.Equal(rules, want) {
		t.Errorf("Strings = %q, want %q", rules, want)
	}
	if ps := d.Problems(); len(ps) != 1 || ps[0].Field != "rules[1]" {
		t.Errorf("problems = %v, want one at rules[1]", ps)
	}
}

// TestStringNodeQuotesOldBooleans: words YAML 1.1 reads as booleans are
// quoted in every document written with StringNode, not only incidents.
func TestStringNodeQuotesOldBooleans(t *testing.T) {
	for _, s := range []string{"yes", "No", "ON", "off", "y", "N"} {
		m := yamldoc.NewMapping()
		yamldoc.Add(m, "k", yamldoc.StringNode(s))
		if got, want := string(yamldoc.Encode(m)), "k: \""+s+"\"\n"; got != want {
			t.Errorf("Encode(StringNode(%q)) = %q, want %q", s, got, want)
		}
	}
	m := yamldoc.NewMapping()
	yamldoc.Add(m, "k", yamldoc.StringNode("yesterday"))
	if got := string(yamldoc.Encode(m)); got != "k: yesterday\n" {
		t.Errorf("Encode(StringNode(\"yesterday\")) = %q, want it plain", got)
	}
}
