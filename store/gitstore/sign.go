package gitstore

import (
	"bytes"

	"github.com/ProtonMail/go-crypto/openpgp"
)

// signer returns the function that signs a commit's payload with
// Options.SignKey as an ASCII-armoured detached OpenPGP signature (the form
// `git verify-commit` checks), or nil when commits are not signed.
func (s *Store) signer() func(payload []byte) (string, error) {
	key := s.opts.SignKey
	if key == nil {
		return nil
	}
	return func(payload []byte) (string, error) {
		var buf bytes.Buffer
		if err := openpgp.ArmoredDetachSign(&buf, key, bytes.NewReader(payload), nil); err != nil {
			return "", err
		}
		return buf.String(), nil
	}
}
