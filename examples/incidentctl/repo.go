package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

// now returns the current time: INCIDENTKIT_NOW when set, else the clock,
// in UTC, to the second.
func (c *cli) now() (time.Time, error) {
	if s := c.getenv("INCIDENTKIT_NOW"); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return time.Time{}, fmt.Errorf("INCIDENTKIT_NOW: want an RFC 3339 time like 2026-11-27T09:00:00Z, got %q", s)
		}
		return t.UTC().Truncate(time.Second), nil
	}
	return time.Now().UTC().Truncate(time.Second), nil
}

// options returns the store options for a command run by by (zero for a
// command that only reads).
func (c *cli) options(by incident.Person) (*gitstore.Options, error) {
	now, err := c.now()
	if err != nil {
		return nil, err
	}
	// The clock is read once per process; fixing it here makes
	// INCIDENTKIT_NOW and the real clock behave the same.
	return &gitstore.Options{Now: func() time.Time { return now }, Committer: by}, nil
}

// open opens the repository for a command that only reads.
func (c *cli) open() (*gitstore.Store, error) {
	return c.openAs(incident.Person{})
}

// openAs opens the repository for a command that writes as by.
func (c *cli) openAs(by incident.Person) (*gitstore.Store, error) {
	opts, err := c.options(by)
	if err != nil {
		return nil, err
	}
	st, err := gitstore.Open(c.repo, opts)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no repository at %s: create one with 'incidentctl init', or name it with -repo or INCIDENTKIT_REPO", c.repo)
	}
	if err != nil {
		return nil, err
	}
	return st, nil
}

// write opens the repository for a write by the acting person, and
// returns both.
func (c *cli) write() (*gitstore.Store, incident.Person, error) {
	by, err := c.person()
	if err != nil {
		return nil, by, err
	}
	st, err := c.openAs(by)
	return st, by, err
}

// person returns the acting person: -as, or git's user.name and
// user.email in the repository.
func (c *cli) person() (incident.Person, error) {
	if c.as != "" {
		p, err := incident.ParsePerson(c.as)
		if err != nil {
			return p, &usageError{msg: fmt.Sprintf("-as %q: want \"Name <email>\"", c.as)}
		}
		return p, nil
	}
	dir := c.repo
	if _, err := os.Stat(dir); err != nil {
		dir = "." // init, or sync cloning: the repository is yet to be made
	}
	name, email := gitConfig(dir, "user.name"), gitConfig(dir, "user.email")
	if name == "" {
		return incident.Person{}, errors.New(`who is acting? pass -as "Name <email>" or set git config user.name and user.email`)
	}
	p, err := incident.ParsePerson(name + " <" + email + ">")
	if email == "" {
		p, err = incident.ParsePerson(name)
	}
	if err != nil {
		return p, fmt.Errorf("git config user.name %q and user.email %q do not make an identity: %v", name, email, err)
	}
	return p, nil
}

// gitConfig returns the value of git configuration key in dir, or "" when
// it is not set (or git is missing).
func gitConfig(dir, key string) string {
	cmd := exec.Command("git", "config", "--get", key)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		return ""
	}
	return strings.TrimSpace(out.String())
}

// subject returns the first line of a commit message.
func subject(msg string) string {
	s, _, _ := strings.Cut(msg, "\n")
	return s
}

// editor builds the change a command makes, given the store and the acting
// person; it may read the store (the policy, say) first.
type editor func(st *gitstore.Store, by incident.Person) (store.UpdateFunc, error)

// change applies the change edit builds to incident id as one commit and
// prints the commit's subject.
func (c *cli) change(cmd *command, id string, edit editor) error {
	if err := checkID(cmd, id); err != nil {
		return err
	}
	st, by, err := c.write()
	if err != nil {
		return err
	}
	defer st.Close()
	fn, err := edit(st, by)
	if err != nil {
		return err
	}
	var before *incident.Incident
	after, err := st.Update(c.ctx, id, by, func(inc *incident.Incident, at time.Time) error {
		// Kept for the message only; the last call is the one stored.
		before = inc.Clone()
		return fn(inc, at)
	})
	if err != nil {
		return err
	}
	if before == nil || sameFile(before, after) {
		fmt.Fprintf(c.stdout, "%s: no change\n", after.ID)
		return nil
	}
	fmt.Fprintln(c.stdout, subject(store.Describe(before, after)))
	return nil
}

// sameFile reports whether a and b are written as the same incident file:
// an update that changed nothing.
func sameFile(a, b *incident.Incident) bool {
	fa, errA := incident.Format(a)
	fb, errB := incident.Format(b)
	return errA == nil && errB == nil && bytes.Equal(fa, fb)
}

// checkID returns a usage error when id is not an incident ID.
func checkID(cmd *command, id string) error {
	if incident.CheckID(id) != nil {
		return &usageError{cmd: cmd.full(), msg: fmt.Sprintf("%q is not an incident ID like INC-2026-0001", id)}
	}
	return nil
}
