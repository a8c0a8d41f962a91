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
