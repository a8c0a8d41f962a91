package gitstore

import (
	"fmt"
	"net/url"

	"github.com/go-git/go-git/v5/config"

	"github.com/incidentkit/incidentkit/store"
)

// remoteName is the name a sync uses for its remote.
func remoteName(opts store.SyncOptions) string {
	if opts.Remote == "" {
		return "origin"
	}
	return opts.Remote
}

// recordRemote writes the remote of opts into the repository's config as
// git clone does ([remote "origin"] url = ...), so that a later Sync, and
// git itself, find it. A URL carrying credentials is not written.
func (s *Store) recordRemote(opts store.SyncOptions) error {
	if u, err := url.Parse(opts.URL); err == nil && u.User != nil {
		return nil
	}
	rm, err := newRemote(opts, s.opts.Branch)
	if err != nil {
		return err
	}
	name := remoteName(opts)
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	cfg, err := s.r.st.Config()
	if err != nil {
		return fmt.Errorf("gitstore: record remote %s: %w", name, err)
	}
	cfg.Remotes[name] = &config.RemoteConfig{
		Name:  name,
		URLs:  []string{rm.shown},
		Fetch: []config.RefSpec{config.RefSpec("+refs/heads/*:refs/remotes/" + name + "/*")},
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("gitstore: record remote %s: %w", name, err)
	}
	if err := s.r.st.SetConfig(cfg); err != nil {
		return fmt.Errorf("gitstore: record remote %s: %w", name, err)
	}
	return nil
}

// configuredURL returns the URL of remote name in the repository's config,
// empty when there is none.
func (s *Store) configuredURL(name string) (string, error) {
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	cfg, err := s.r.st.Config()
	if err != nil {
		return "", fmt.Errorf("gitstore: sync %s: read config: %w", name, err)
	}
	if rc, ok := cfg.Remotes[name]; ok && len(rc.URLs) > 0 {
		return rc.URLs[0], nil
	}
	return "", nil
}
