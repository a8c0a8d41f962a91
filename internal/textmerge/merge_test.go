package textmerge_test

import (
	"bytes"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/incidentkit/incidentkit/internal/textmerge"
)

func TestMerge(t *testing.T) {
	tests := []struct {
		name               string
		base, ours, theirs string
		want               string
		conflict           bool
	}{
		{"all empty", "", "", "", "", false},
		{"empty base, one side adds", "", "a\n", "", "a\n", false},
		{"empty base, both add the same", "", "a\n", "a\n", "a\n", false},
		{"empty base, both add differently", "", "a\n", "b\n",
			"<<<<<<< ours\n\na\n\n=======\n\nb\n\n>>>>>>> theirs\n", true},
		{"unchanged", "a\nb\n", "a\nb\n", "a\nb\n", "a\nb\n", false},
		{"ours only", "a\nb\nc\n", "a\nB\nc\n", "a\nb\nc\n", "a\nB\nc\n", false},
		{"theirs only", "a\nb\nc\n", "a\nb\nc\n", "a\nb\nC\n", "a\nb\nC\n", false},
		{"separate edits combine", "a\nb\nc\nd\ne\n", "A\nb\nc\nd\ne\n", "a\nb\nc\nd\nE\n", "A\nb\nc\nd\nE\n", false},
		{"insertions at both ends", "m\n", "top\nm\n", "m\nbottom\n", "top\nm\nbottom\n", false},
		{"identical edits", "a\nb\nc\n", "a\nX\nc\n", "a\nX\nc\n", "a\nX\nc\n", false},
		{"identical deletions", "a\nb\nc\n", "a\nc\n", "a\nc\n", "a\nc\n", false},
		{"deletion and far edit", "a\nb\nc\nd\ne\n", "a\nc\nd\ne\n", "a\nb\nc\nd\nE\n", "a\nc\nd\nE\n", false},
		{"delete everything on one side", "a\nb\n", "", "a\nb\n", "", false},
		{"overlapping edits keep both", "# T\n\nold text\n\nend\n", "# T\n\nours text\n\nend\n", "# T\n\ntheirs text\n\nend\n",
			"# T\n\n<<<<<<< ours\n\nours text\n\n=======\n\ntheirs text\n\n>>>>>>> theirs\n\nend\n", true},
		{"adjacent edits conflict", "a\nb\nc\nd\n", "a\nB\nc\nd\n", "a\nb\nC\nd\n",
			"a\n\n<<<<<<< ours\n\nB\nc\n\n=======\n\nb\nC\n\n>>>>>>> theirs\n\nd\n", true},
		{"edit against deletion", "a\nb\nc\n", "a\nB\nc\n", "a\nc\n",
			"a\n\n<<<<<<< ours\n\nB\n\n=======\n\n>>>>>>> theirs\n\nc\n", true},
		{"insertions at the same point", "a\nb\n", "a\nx\nb\n", "a\ny\nb\n",
			"a\n\n<<<<<<< ours\n\nx\n\n=======\n\ny\n\n>>>>>>> theirs\n\nb\n", true},
		{"blank line after closing marker not doubled", "a\n\nb\n", "x\n\nb\n", "y\n\nb\n",
			"<<<<<<< ours\n\nx\n\n=======\n\ny\n\n>>>>>>> theirs\n\nb\n", true},
		{"crlf kept", "a\r\nb\r\nc\r\n", "A\r\nb\r\nc\r\n", "a\r\nb\r\nC\r\n", "A\r\nb\r\nC\r\n", false},
		{"crlf markers", "a\r\nb\r\n", "x\r\nb\r\n", "y\r\nb\r\n",
			"<<<<<<< ours\r\n\r\nx\r\n\r\n=======\r\n\r\ny\r\n\r\n>>>>>>> theirs\r\n\r\nb\r\n", true},
		{"mixed line endings are different lines", "a\nb\n", "a\r\nb\n", "a\nb\n", "a\r\nb\n", false},
		{"no trailing newline kept", "a\nb\nc", "A\nb\nc", "a\nb\nC", "A\nb\nC", false},
		{"no trailing newline added by one side", "a\nb", "a\nb\n", "a\nb", "a\nb\n", false},
		{"no trailing newline in a conflict", "a\nb", "a\nx", "a\ny",
			"a\n\n<<<<<<< ours\n\nx\n\n=======\n\ny\n\n>>>>>>> theirs\n", true},
		{"no newline at all", "a", "b", "a", "b", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, conflict := textmerge.Merge([]byte(tt.base), []byte(tt.ours), []byte(tt.theirs))
			if string(got) != tt.want || conflict != tt.conflict {
				t.Errorf("Merge(%q, %q, %q) =\n%q, %v\nwant\n%q, %v", tt.base, tt.ours, tt.theirs, got, conflict, tt.want, tt.conflict)
			}
		})
	}
}

// randText returns n lines drawn from a small alphabet, so that lines
// repeat and the diff has real choices to make.
func randText(r *rand.Rand, n int) []string {
	ls := make([]string, n)
	for i := range ls {
		ls[i] = string(rune('a'+r.Intn(5))) + "\n"
	}
	return ls
}

// edit applies random insertions, deletions and replacements.
func edit(r *rand.Rand, ls []string) []string {
	out := append([]string(nil), ls...)
	for n := r.Intn(4); n > 0; n-- {
		i := r.Intn(len(out) + 1)
		switch r.Intn(3) {
		case 0:
			out = append(out[:i], append([]string{fmt.Sprintf("new%d\n", r.Intn(1000))}, out[i:]...)...)
		case 1:
			if i < len(out) {
				out = append(out[:i], out[i+1:]...)
			}
		default:
			if i < len(out) {
				out[i] = fmt.Sprintf("chg%d\n", r.Intn(1000))
			}
		}
	}
	return out
}

func TestMergeProperties(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 2000; i++ {
		base := randText(r, r.Intn(12))
		ours, theirs := edit(r, base), edit(r, base)
		b, o, th := strings.Join(base, ""), strings.Join(ours, ""), strings.Join(theirs, "")
		got, conflict := textmerge.Merge([]byte(b), []byte(o), []byte(th))
		if g, c := textmerge.Merge([]byte(b), []byte(b), []byte(th)); string(g) != th || c {
			t.Fatalf("Merge(b, b, y) = %q, %v; want %q", g, c, th)
		}
		if g, c := textmerge.Merge([]byte(b), []byte(o), []byte(b)); string(g) != o || c {
			t.Fatalf("Merge(b, x, b) = %q, %v; want %q", g, c, o)
		}
		if g, c := textmerge.Merge([]byte(b), []byte(o), []byte(o)); string(g) != o || c {
			t.Fatalf("Merge(b, x, x) = %q, %v; want %q", g, c, o)
		}
		// Every line either side added is in the result.
		for _, l := range append(append([]string(nil), ours...), theirs...) {
			if strings.HasPrefix(l, "new") || strings.HasPrefix(l, "chg") {
				if !strings.Contains(string(got), l) {
					t.Fatalf("Merge(%q, %q, %q) = %q: lost %q", b, o, th, got, l)
				}
			}
		}
		if conflict != bytes.Contains(got, []byte(textmerge.MarkerOurs)) {
			t.Fatalf("Merge(%q, %q, %q) = %q, conflict %v", b, o, th, got, conflict)
		}
	}
}

func TestMergeLarge(t *testing.T) {
	// Two sides that share nothing with the base, beyond the exact search:
	// the merge stays bounded and keeps both texts.
	var b, o, th strings.Builder
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&b, "base %d\n", i)
		fmt.Fprintf(&o, "ours %d\n", i)
		fmt.Fprintf(&th, "base %d\n", i)
	}
	th.WriteString("tail\n")
	got, conflict := textmerge.Merge([]byte(b.String()), []byte(o.String()), []byte(th.String()))
	if !conflict || !strings.Contains(string(got), "ours 2999\n") || !strings.Contains(string(got), "tail\n") {
		t.Errorf("Merge(large) lost text or missed the conflict (conflict %v, %d bytes)", conflict, len(got))
	}
	// Far apart edits in a long text still merge cleanly.
	lines := make([]string, 4000)
	for i := range lines {
		lines[i] = fmt.Sprintf("line %d\n", i)
	}
	ours := append([]string(nil), lines...)
	theirs := append([]string(nil), lines...)
	for i := 0; i < 1500; i += 3 {
		ours[i] = "ours\n"
	}
	theirs[3999] = "theirs\n"
	got, conflict = textmerge.Merge([]byte(strings.Join(lines, "")), []byte(strings.Join(ours, "")), []byte(strings.Join(theirs, "")))
	want := strings.Join(append(ours[:3999:3999], "theirs\n"), "")
	if conflict || string(got) != want {
		t.Errorf("Merge(far apart edits) conflict %v, equal %v", conflict, string(got) == want)
	}
}

func BenchmarkMerge(b *testing.B) {
	lines := make([]string, 2000) // about 64 KiB
	for i := range lines {
		lines[i] = fmt.Sprintf("line %d of a post-mortem, with some prose to fill it\n", i)
	}
	ours := append([]string(nil), lines...)
	theirs := append([]string(nil), lines...)
	for i := 0; i < len(lines); i += 50 {
		ours[i] = "ours\n"
		theirs[i+25] = "theirs\n"
	}
	base, o, t := []byte(strings.Join(lines, "")), []byte(strings.Join(ours, "")), []byte(strings.Join(theirs, ""))
	b.SetBytes(int64(len(base)))
	b.ReportAllocs()
	for b.Loop() {
		textmerge.Merge(base, o, t)
	}
}

func FuzzMerge(f *testing.F) {
	f.Add([]byte("a\nb\nc\n"), []byte("a\nB\nc\n"), []byte("a\nb\nC\n"))
	f.Add([]byte("a\r\nb"), []byte("x\r\nb"), []byte("y"))
	f.Add([]byte(""), []byte("a"), []byte("b"))
	f.Fuzz(func(t *testing.T, base, ours, theirs []byte) {
		got, conflict := textmerge.Merge(base, ours, theirs)
		if g, c := textmerge.Merge(base, base, theirs); !bytes.Equal(g, theirs) || c {
			t.Fatalf("Merge(b, b, y) = %q, %v; want %q", g, c, theirs)
		}
		if g, c := textmerge.Merge(base, ours, ours); !bytes.Equal(g, ours) || c {
			t.Fatalf("Merge(b, x, x) = %q, %v; want %q", g, c, ours)
		}
		if !conflict && bytes.Equal(ours, theirs) && !bytes.Equal(got, ours) {
			t.Fatalf("Merge = %q; want %q", got, ours)
		}
	})
}

// BenchmarkMergeWorstCase merges three unrelated 64 KiB texts of 32,768
// short lines each: the diff gives up at its edit bound.
func BenchmarkMergeWorstCase(b *testing.B) {
	r := rand.New(rand.NewSource(1))
	var base, ours, theirs strings.Builder
	for i := 0; i < 32768; i++ {
		base.WriteString(string(rune('a'+r.Intn(2))) + "\n")
		ours.WriteString(string(rune('a'+r.Intn(2))) + "\n")
		theirs.WriteString(string(rune('a'+r.Intn(2))) + "\n")
	}
	bb, o, t := []byte(base.String()), []byte(ours.String()), []byte(theirs.String())
	b.SetBytes(int64(len(bb)))
	b.ReportAllocs()
	for b.Loop() {
		textmerge.Merge(bb, o, t)
	}
}
