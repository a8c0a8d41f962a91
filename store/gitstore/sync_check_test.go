package gitstore

import (
	"strings"
	"testing"
)

func TestYAMLHazard(t *testing.T) {
	deepBlock := func(step string) string {
		var b strings.Builder
		for i := 0; i < 70; i++ {
			b.WriteString(strings.Repeat(step, i) + "k:\n")
		}
		return b.String()
	}
	for _, c := range []struct {
		name, doc, want string
	}{
		{"plain", "id: INC-1\ntitle: a *bold* claim & more <<here>>\n", ""},
		{"syntax error", "id: [unclosed\n", ""},
		{"anchor", "a: &x 1\n", "line 1: an anchor (&x)"},
		{"alias", "a: 1\nb: [*x]\n", ""}, // an undefined alias is a syntax error: reported when read
		{"merge key", "a: {x: 1}\nb:\n  <<: {y: 2}\n", "line 3: a merge key (<<)"},
		{"deep flow", "a: " + strings.Repeat("[", 70) + strings.Repeat("]", 70) + "\n", "nested more than 64 levels deep"},
		{"deep block, one space a level", deepBlock(" "), "nested more than 64 levels deep"},
		{"deep block sequences", "a:\n" + strings.Repeat("- ", 70) + "x\n", "nested more than 64 levels deep"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := yamlHazard([]byte(c.doc))
			if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
				t.Errorf("yamlHazard = %q, want %q", got, c.want)
			}
			if got != "" && !mayBeHazard([]byte(c.doc)) {
				t.Errorf("mayBeHazard = false on a hazard")
			}
		})
	}
}

func TestCompareEntries(t *testing.T) {
	// Git's order: "a" < "a-b" < "a.b" < "a/" (a directory) < "a0".
	es := []treeEntry{
		{mode: "100644", name: "a"}, {mode: "100644", name: "a-b"}, {mode: "100644", name: "a.b"},
		{mode: "40000", name: "a"}, {mode: "100644", name: "a0"},
	}
	for i := range es {
		for j := range es {
			got := compareEntries(es[i], es[j])
			if (got < 0) != (i < j) || (got == 0) != (i == j) {
				t.Errorf("compareEntries(%v, %v) = %d, want the sign of %d", es[i], es[j], got, i-j)
			}
		}
	}
}
