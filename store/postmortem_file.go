package store

import (
	"context"

	"github.com/incidentkit/incidentkit/postmortem"
)

// postmortemFiler is the native form of [PostmortemFile].
type postmortemFiler interface {
	PostmortemFile(ctx context.Context, id string) (name string, data []byte, err error)
}

// PostmortemFile returns the post-mortem of the incident with the given ID
// as stored: the file's name and its bytes, whether or not they parse. Lint
// it with postmortem.Lint(name, data, ...) to report hand edits at their
// real lines. A store that keeps files (gitstore, and its snapshots)
// returns them; for any other the post-mortem is rendered and named
// "<id>/postmortem.md". It returns an error matching [ErrNotFound] when the
// incident has no post-mortem.
func PostmortemFile(ctx context.Context, r Reader, id string) (name string, data []byte, err error) {
	if sn, ok := r.(*Snapshot); ok {
		r = sn.Reader
	}
	if f, ok := r.(postmortemFiler); ok {
		return f.PostmortemFile(ctx, id)
	}
	pm, err := r.Postmortem(ctx, id)
	if err != nil {
		return "", nil, err
	}
	return id + "/postmortem.md", postmortem.Render(pm), nil
}
