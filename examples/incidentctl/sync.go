package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/incidentkit/incidentkit/store"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

var cmdSync = &command{name: "sync", synopsis: "[-remote URL]", summary: "exchange changes with the shared remote",
	help: `Sync fetches the remote's branch, merges it with the repository's (incident
by incident: timelines join, field conflicts are recorded in the timeline,
an ID declared on two clones is renumbered on one) and pushes the result.
URL is a path, file://, git://, http:// or https:// URL; its default is the
repository's remote.origin.url in git config. When the repository does not
exist yet, sync clones the remote into it (bare): that is how a responder
gets a copy of the team's records.`,
	run: runSync}

func runSync(c *cli, cmd *command, args []string) error {
	fl := flags(cmd)
	remote := fl.String("remote", "", "the remote's `URL` (default: git config remote.origin.url)")
	if _, err := c.parse(fl, cmd, args, 0, 0); err != nil {
		return err
	}
	by, err := c.person()
	if err != nil {
		return err
	}
	url := *remote
	if url == "" {
		if _, err := os.Stat(c.repo); err == nil {
			url = gitConfig(c.repo, "remote.origin.url")
		}
	}
	if url == "" {
		return &usageError{cmd: cmd.full(), msg: "no remote: pass -remote URL or set git config remote.origin.url"}
	}
	opts := store.SyncOptions{URL: url, By: by}
	st, err := c.openAs(by)
	if err != nil {
		if _, statErr := os.Stat(c.repo); !errors.Is(statErr, fs.ErrNotExist) {
			return err
		}
		o, err := c.options(by)
		if err != nil {
			return err
		}
		st, err := gitstore.Clone(c.ctx, c.repo, o, opts)
		if err != nil {
			return err
		}
		defer st.Close()
		fmt.Fprintf(c.stdout, "cloned %s into %s\n", url, c.repo)
		return nil
	}
	defer st.Close()
	res, err := store.Sync(c.ctx, st, opts)
	if err != nil {
		return err
	}
	var did []string
	switch {
	case res.Merged:
		did = append(did, "merged")
	case res.FastForward:
		did = append(did, "fast-forwarded")
	}
	if res.Pushed {
		did = append(did, "pushed")
	}
	if len(did) == 0 {
		did = append(did, "up to date")
	}
	fmt.Fprintf(c.stdout, "synced with %s: %s\n", url, strings.Join(did, ", "))
	for _, r := range res.Renumbered {
		fmt.Fprintf(c.stdout, "renumbered %s -> %s (the same ID was declared on another clone)\n", r.From, r.To)
	}
	for _, n := range res.Review {
		fmt.Fprintf(c.stdout, "review: %s\n", n)
	}
	return nil
}
