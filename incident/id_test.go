package incident_test

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/incidentkit/incidentkit/incident"
)

// idSpec is the documented allow-list; CheckID is written out by hand for
// speed and must agree with it exactly.
var idSpec = regexp.MustCompile(`^[A-Z][A-Z0-9]{0,15}(-[0-9]{1,9}){1,3}$`)

func checkAgainstSpec(t *testing.T, id string) {
	t.Helper()
	if got, want := incident.CheckID(id) == nil, idSpec.MatchString(id); got != want {
		t.Errorf("CheckID(%q) accepts = %v, the pattern says %v", id, got, want)
	}
}

func TestCheckIDMatchesPattern(t *testing.T) {
	for _, id := range []string{
		"INC-2026-0042", "OPS-7", "A-1", "A1B2-1-2-3", "ABCDEFGHIJKLMNOP-1", "ABCDEFGHIJKLMNOPQ-1",
		"INC-123456789", "INC-1234567890", "INC-1-2-3-4", "INC", "INC-", "-1", "1NC-1", "inc-1",
		"INC-2026-0042/..", "../INC-1", "INC-1 ", "INC--1", "INC-1-", "ＩNC-1", "INC-１", "", ".git",
	} {
		checkAgainstSpec(t, id)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "AZ09a-./ \x00"
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		b.WriteString("INC")
		for n := rng.IntN(14); n > 0; n-- {
			b.WriteByte(alphabet[rng.IntN(len(alphabet))])
		}
		checkAgainstSpec(t, b.String())
	}
}

func FuzzCheckID(f *testing.F) {
	for _, s := range []string{"INC-2026-0042", "OPS-7", "../x", "A-1-2-3-4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) { checkAgainstSpec(t, id) })
}
