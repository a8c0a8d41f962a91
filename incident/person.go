package incident

import (
	"fmt"
	"strings"
)

// Person is someone who acts on an incident: a responder, a reviewer, an
// author. In a Git-backed store the acting Person becomes the commit author.
// In files a Person is written the way Git writes an identity:
// "Ada Lovelace <ada@example.com>", or just the name when there is no email.
type Person struct {
	Name  string
	Email string
}

// String returns p as "Name <email>", or "Name" when p has no email.
func (p Person) String() string {
	if p.Email == "" {
		return p.Name
	}
	return p.Name + " <" + p.Email + ">"
}

// IsZero reports whether p is the zero Person (nobody).
func (p Person) IsZero() bool { return p == Person{} }

// ParsePerson parses "Name <email>" or "Name". It rejects empty names,
// angle brackets inside the name or email, and control characters, all of
// which would corrupt a Git identity.
func ParsePerson(s string) (Person, error) {
	s = strings.TrimSpace(s)
	var p Person
	if i := strings.IndexByte(s, '<'); i >= 0 {
		if !strings.HasSuffix(s, ">") {
			return Person{}, fmt.Errorf("%w: person %q: want \"Name <email>\"", ErrInvalid, s)
		}
		p.Name = strings.TrimSpace(s[:i])
		p.Email = strings.TrimSpace(s[i+1 : len(s)-1])
	} else {
		p.Name = s
	}
	if err := p.Validate(); err != nil {
		return Person{}, err
	}
	return p, nil
}

// Validate reports whether p can be written to a file and used as a Git
// identity: a non-empty name, and no angle brackets, newlines or other
// control characters in the name or email.
func (p Person) Validate() error {
	if strings.TrimSpace(p.Name) == "" {
		return fmt.Errorf("%w: person %q: empty name", ErrInvalid, p.String())
	}
	for _, part := range []string{p.Name, p.Email} {
		if part != strings.TrimSpace(part) {
			return fmt.Errorf("%w: person %q: leading or trailing space", ErrInvalid, p.String())
		}
		for _, r := range part {
			if r == '<' || r == '>' || r < 0x20 || r == 0x7f {
				return fmt.Errorf("%w: person %q: %q not allowed", ErrInvalid, p.String(), r)
			}
		}
	}
	return nil
}
