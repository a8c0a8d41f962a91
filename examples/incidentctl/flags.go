package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/incidentkit/incidentkit/incident"
)

// command is one subcommand: its name, its synopsis and help, and what it
// does. Each command defines its own flag.FlagSet.
type command struct {
	name     string
	synopsis string // the arguments after the name, e.g. "ID STATUS [-note TEXT]"
	summary  string // one line for the command list
	help     string // what it does, for -h
	run      func(c *cli, cmd *command, args []string) error
	parent   string // "postmortem" for "postmortem lint"
}

// full returns the command's name as typed: "declare", "postmortem lint".
func (cmd *command) full() string {
	if cmd.parent != "" {
		return cmd.parent + " " + cmd.name
	}
	return cmd.name
}

var (
	// errHelp reports that help was asked for and printed: exit 0.
	errHelp = errors.New("help printed")
	// errReported reports a failure already printed (lint findings): exit 1.
	errReported = errors.New("failure reported")
)

// usageError is a command line that does not make sense: exit 2.
type usageError struct {
	cmd string // "declare", "postmortem lint"; empty for the global command line
	msg string
}

func (e *usageError) Error() string { return e.msg }

// incidentInvalid is the error type of invalid incident and post-mortem
// files (the same type in both packages).
type incidentInvalid = incident.InvalidError

// flags returns a new flag set for cmd.
func flags(cmd *command) *flag.FlagSet {
	fs := flag.NewFlagSet(cmd.full(), flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses args against fs, flags and positional arguments in any
// order ("--" ends the flags), checks that there are between min and max
// positional arguments (max < 0: no limit) and returns them. On -h it prints
// cmd's help on c.stdout and returns errHelp.
func (c *cli) parse(fs *flag.FlagSet, cmd *command, args []string, min, max int) ([]string, error) {
	var fl, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		fl = append(fl, a)
		name := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if strings.Contains(name, "=") {
			continue
		}
		// A flag that takes a value takes the next argument, whatever it
		// looks like, as flag.Parse does.
		if f := fs.Lookup(name); f != nil && !isBool(f) && i+1 < len(args) {
			fl = append(fl, args[i+1])
			i++
		}
	}
	if err := fs.Parse(fl); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printHelp(c.stdout, fs, cmd)
			return nil, errHelp
		}
		return nil, &usageError{cmd: fs.Name(), msg: err.Error()}
	}
	switch {
	case len(pos) < min:
		return nil, &usageError{cmd: fs.Name(), msg: "missing arguments; usage: incidentctl " + fs.Name() + " " + cmd.synopsis}
	case max >= 0 && len(pos) > max:
		return nil, &usageError{cmd: fs.Name(), msg: fmt.Sprintf("unexpected argument %q; usage: incidentctl %s %s", pos[max], fs.Name(), cmd.synopsis)}
	}
	return pos, nil
}

// isBool reports whether f is a boolean flag (one that takes no value).
func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// printHelp prints the help of cmd: synopsis, text and flags.
func printHelp(w io.Writer, fs *flag.FlagSet, cmd *command) {
	fmt.Fprintf(w, "usage: incidentctl %s %s\n\n%s\n", fs.Name(), cmd.synopsis, strings.TrimSpace(cmd.help))
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprint(w, "\nflags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
}

// listFlag is a flag that may be repeated, and whose values may each be a
// comma-separated list.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*l = append(*l, v)
		}
	}
	return nil
}

// timeFlag is a flag whose value is an RFC 3339 time; zero when not given.
type timeFlag struct{ time.Time }

func (t *timeFlag) String() string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func (t *timeFlag) Set(s string) error {
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return fmt.Errorf("want an RFC 3339 time like 2026-12-03T02:00:00Z")
	}
	t.Time = v
	return nil
}

// group runs the subcommand of a command that has subcommands (postmortem,
// statuspage).
func (c *cli) group(name, help string, subs []*command, args []string) error {
	if len(args) == 0 {
		return &usageError{cmd: name, msg: "missing subcommand; want one of " + subNames(subs)}
	}
	if args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		fmt.Fprintf(c.stdout, "usage: incidentctl %s SUBCOMMAND [ARGUMENTS]\n\n%s\n\nsubcommands:\n", name, strings.TrimSpace(help))
		for _, s := range subs {
			fmt.Fprintf(c.stdout, "  %-8s %s\n", s.name, s.summary)
		}
		fmt.Fprintf(c.stdout, "\nRun 'incidentctl %s SUBCOMMAND -h' for a subcommand's help.\n", name)
		return errHelp
	}
	for _, s := range subs {
		if s.name == args[0] {
			return s.run(c, s, args[1:])
		}
	}
	return &usageError{cmd: name, msg: fmt.Sprintf("unknown subcommand %q; want one of %s", args[0], subNames(subs))}
}

func subNames(subs []*command) string {
	names := make([]string, len(subs))
	for i, s := range subs {
		names[i] = s.name
	}
	return strings.Join(names, ", ")
}
