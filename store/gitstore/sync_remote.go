package gitstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp/capability"
	"github.com/go-git/go-git/v5/plumbing/protocol/packp/sideband"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/client"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"

	"github.com/incidentkit/incidentkit/store"
)

// The transport side of sync talks to the remote through go-git's
// transport sessions directly rather than through git.Remote: Remote.Fetch
// and Remote.Push write references with go-git's unconditional
// SetReference, and we publish every reference ourselves (casRef). Fetched
// packs go through storage.PackfileWriter, which makes them durable and
// visible to the objectDB before anything points at their objects.

// errRemoteMoved reports a push the remote refused because its branch was
// no longer at the value the push expected: another clone pushed first.
var errRemoteMoved = errors.New("the remote branch moved (another clone pushed first)")

// remote is the peer of one sync.
type remote struct {
	name    string
	shown   string // the URL without credentials, for messages
	branch  plumbing.ReferenceName
	ep      *transport.Endpoint
	tr      transport.Transport
	auth    transport.AuthMethod
	secrets []string // never to appear in an error message
}

// newRemote checks opts and prepares the transport.
func newRemote(opts store.SyncOptions, branch string) (*remote, error) {
	rm := &remote{name: opts.Remote, branch: plumbing.NewBranchReferenceName(opts.Branch)}
	if rm.name == "" {
		rm.name = "origin"
	}
	if opts.Branch == "" {
		rm.branch = plumbing.NewBranchReferenceName(branch)
	}
	if err := validRefName(plumbing.ReferenceName("refs/incidentkit/remote/" + rm.name + "/x")); err != nil {
		return nil, fmt.Errorf("gitstore: sync: invalid remote name %q", rm.name)
	}
	if err := validRefName(rm.branch); err != nil {
		return nil, fmt.Errorf("gitstore: sync %s: invalid branch %q", rm.name, opts.Branch)
	}
	raw := opts.URL
	if raw == "" {
		return nil, fmt.Errorf("gitstore: sync %s: no URL", rm.name)
	}
	for _, s := range []string{opts.Password, opts.Token} {
		if s != "" {
			rm.secrets = append(rm.secrets, s)
		}
	}
	if !strings.Contains(raw, "://") && !scpLike(raw) {
		abs, err := filepath.Abs(raw)
		if err != nil {
			return nil, fmt.Errorf("gitstore: sync %s: %w", rm.name, err)
		}
		raw = abs
	}
	// Never show user info: a token is often passed as the user name
	// (https://TOKEN@host/...), which URL.Redacted would keep.
	rm.shown = raw
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		p, hasPassword := u.User.Password()
		if hasPassword && p != "" {
			rm.secrets = append(rm.secrets, p)
		}
		// A user name without a password is usually a token; scrub it
		// from messages too (short names such as "git" would mangle them).
		if n := u.User.Username(); !hasPassword && len(n) >= 8 {
			rm.secrets = append(rm.secrets, n)
		}
		u.User = nil
		rm.shown = u.String()
	} else if scpLike(raw) {
		if at := strings.LastIndexByte(raw, '@'); at >= 0 {
			rm.shown = raw[at+1:]
		}
	}
	ep, err := transport.NewEndpoint(raw)
	if err != nil {
		return nil, rm.errorf("", "invalid URL: %w", err)
	}
	rm.ep = ep
	if rm.tr, err = client.NewClient(ep); err != nil {
		return nil, rm.errorf("", "%w", err)
	}
	isHTTP := ep.Protocol == "http" || ep.Protocol == "https"
	switch {
	case opts.Token != "" && isHTTP:
		rm.auth = &githttp.TokenAuth{Token: opts.Token}
	case (opts.Username != "" || opts.Password != "") && isHTTP:
		rm.auth = &githttp.BasicAuth{Username: opts.Username, Password: opts.Password}
	case opts.Token != "" || opts.Username != "" || opts.Password != "":
		return nil, rm.errorf("", "credentials are only used over HTTP(S), not %s", ep.Protocol)
	}
	return rm, nil
}

// scpLike reports whether u is an scp-like SSH address ("git@host:path"),
// whose colon comes before any slash.
func scpLike(u string) bool {
	colon, slash := strings.IndexByte(u, ':'), strings.IndexByte(u, '/')
	return colon > 1 && (slash < 0 || colon < slash)
}

// errorf returns an error that names the remote and what was being done,
// wrapping the %w argument, with every credential scrubbed from the text.
func (rm *remote) errorf(op, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	msg := "gitstore: sync with " + rm.name + " (" + rm.shown + ")"
	if op != "" {
		msg += ": " + op
	}
	msg += ": " + describeRemoteError(err)
	for _, s := range rm.secrets {
		msg = strings.ReplaceAll(msg, s, "xxxxx")
	}
	return &syncError{msg: msg, err: err}
}

// syncError carries a message scrubbed of credentials and the error it
// describes, for errors.Is.
type syncError struct {
	msg string
	err error
}

func (e *syncError) Error() string { return e.msg }
func (e *syncError) Unwrap() error { return e.err }

// describeRemoteError says in words what a transport error means.
func describeRemoteError(err error) string {
	var op *net.OpError
	switch {
	case errors.Is(err, transport.ErrAuthenticationRequired):
		return "the remote refused the credentials (HTTP 401): check the user name, password or token"
	case errors.Is(err, transport.ErrAuthorizationFailed):
		return "access denied (HTTP 403)"
	case errors.Is(err, transport.ErrRepositoryNotFound):
		return "no repository at this URL"
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out: " + err.Error()
	case errors.As(err, &op) && !errors.Is(err, context.Canceled):
		return "cannot reach the remote: " + err.Error()
	}
	return err.Error()
}

// session opens an upload-pack or receive-pack session, giving up when ctx
// ends (go-git's git:// dialer ignores ctx).
func (rm *remote) session(ctx context.Context, receive bool) (transport.Session, error) {
	type result struct {
		s   transport.Session
		err error
	}
	ch := make(chan result, 1)
	go func() {
		var r result
		if receive {
			r.s, r.err = rm.tr.NewReceivePackSession(rm.ep, rm.auth)
		} else {
			r.s, r.err = rm.tr.NewUploadPackSession(rm.ep, rm.auth)
		}
		ch <- r
	}()
	select {
	case r := <-ch:
		return r.s, r.err
	case <-ctx.Done():
		go func() {
			if r := <-ch; r.s != nil {
				_ = r.s.Close()
			}
		}()
		return nil, ctx.Err()
	}
}

// tipIn returns the value of the remote branch in ar (zero if absent).
func (rm *remote) tipIn(ar *packp.AdvRefs) (plumbing.Hash, error) {
	refs, err := ar.AllReferences()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if ref, ok := refs[rm.branch]; ok && ref.Type() == plumbing.HashReference {
		return ref.Hash(), nil
	}
	return plumbing.ZeroHash, nil
}

// fetch returns the tip of the remote branch, first fetching its history
// unless have reports it is already stored. haves are commits we have,
// sent so the remote leaves out what they contain.
func (rm *remote) fetch(ctx context.Context, st *storage, have func(plumbing.Hash) bool, haves []plumbing.Hash) (tip plumbing.Hash, err error) {
	s, err := rm.session(ctx, false)
	if err != nil {
		return tip, rm.errorf("fetch", "%w", err)
	}
	up := s.(transport.UploadPackSession)
	defer func() {
		if cerr := up.Close(); cerr != nil && err == nil && !tip.IsZero() && !have(tip) {
			err = rm.errorf("fetch", "%w", cerr)
		}
	}()
	ar, err := up.AdvertisedReferencesContext(ctx)
	if errors.Is(err, transport.ErrEmptyRemoteRepository) {
		return plumbing.ZeroHash, nil
	}
	if err != nil {
		return tip, rm.errorf("fetch", "%w", err)
	}
	if tip, err = rm.tipIn(ar); err != nil {
		return tip, rm.errorf("fetch", "%w", err)
	}
	if tip.IsZero() || have(tip) {
		return tip, nil
	}
	req := packp.NewUploadPackRequestFromCapabilities(ar.Capabilities)
	// A thin pack refers to objects outside itself; the pack is stored as
	// received, so it must be complete.
	req.Capabilities.Delete(capability.ThinPack)
	if ar.Capabilities.Supports(capability.NoProgress) {
		_ = req.Capabilities.Set(capability.NoProgress)
	}
	req.Wants = []plumbing.Hash{tip}
	for _, h := range haves {
		if !h.IsZero() && h != tip {
			req.Haves = append(req.Haves, h)
		}
	}
	resp, err := up.UploadPack(ctx, req)
	if err != nil {
		return tip, rm.errorf("fetch", "%w", err)
	}
	defer resp.Close()
	var rd io.Reader = resp
	switch {
	case req.Capabilities.Supports(capability.Sideband64k):
		rd = sideband.NewDemuxer(sideband.Sideband64k, resp)
	case req.Capabilities.Supports(capability.Sideband):
		rd = sideband.NewDemuxer(sideband.Sideband, resp)
	}
	if err := packfile.UpdateObjectStorage(st, rd); err != nil && !errors.Is(err, packfile.ErrEmptyPackfile) {
		return tip, rm.errorf("fetch", "receive objects: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return tip, rm.errorf("fetch", "%w", err)
	}
	if !have(tip) {
		return tip, rm.errorf("fetch", "the remote did not send commit %s", tip)
	}
	return tip, nil
}

// push moves the remote branch from old to new, sending objects. It
// returns an error wrapping errRemoteMoved when the remote branch is no
// longer at old: before sending, or when the remote refused the update and
// its branch has moved since (the real git-receive-pack re-checks the old
// value under its ref lock, so a push racing another one is refused).
func (rm *remote) push(ctx context.Context, st *storage, old, new plumbing.Hash, objects []plumbing.Hash) error {
	s, err := rm.session(ctx, true)
	if err != nil {
		return rm.errorf("push", "%w", err)
	}
	rp := s.(transport.ReceivePackSession)
	defer rp.Close()
	ar, err := rp.AdvertisedReferencesContext(ctx)
	if err != nil {
		return rm.errorf("push", "%w", err)
	}
	cur, err := rm.tipIn(ar)
	if err != nil {
		return rm.errorf("push", "%w", err)
	}
	if cur != old {
		return rm.errorf("push", "%w", errRemoteMoved)
	}
	req := packp.NewReferenceUpdateRequestFromCapabilities(ar.Capabilities)
	req.Commands = []*packp.Command{{Name: rm.branch, Old: old, New: new}}
	pr, pw := io.Pipe()
	req.Packfile = pr
	done := make(chan error, 1)
	go func() {
		// No delta search (window 0): the packs are small and CPU is
		// better spent elsewhere; the remote's gc compresses later.
		_, err := packfile.NewEncoder(pw, st, false).Encode(objects, 0)
		done <- pw.CloseWithError(err)
	}()
	report, err := rp.ReceivePack(ctx, req)
	_ = pr.Close()
	encErr := <-done
	if err == nil && report != nil {
		err = report.Error()
	}
	if err == nil && encErr != nil {
		err = encErr
	}
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return rm.errorf("push", "%w", ctx.Err())
	}
	// Tell a lost race from a real refusal by looking again, rather than
	// by the wording of the remote's message.
	if now, lerr := rm.lsRemote(ctx); lerr == nil && now != old {
		return rm.errorf("push", "%w: %v", errRemoteMoved, err)
	}
	return rm.errorf("push", "%w", err)
}

// lsRemote returns the current tip of the remote branch.
func (rm *remote) lsRemote(ctx context.Context) (plumbing.Hash, error) {
	s, err := rm.session(ctx, false)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	defer s.Close()
	ar, err := s.(transport.UploadPackSession).AdvertisedReferencesContext(ctx)
	if errors.Is(err, transport.ErrEmptyRemoteRepository) {
		return plumbing.ZeroHash, nil
	}
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return rm.tipIn(ar)
}
