package gitstore_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/stretchr/testify/require"

	"github.com/incidentkit/incidentkit/incident"
	"github.com/incidentkit/incidentkit/store/gitstore"
)

// TestSignedCommits signs with an ed25519 OpenPGP key and has the real
// `git verify-commit` (through gpg) check every commit.
func TestSignedCommits(t *testing.T) {
	if _, err := exec.LookPath("gpg"); err != nil {
		t.Skip("gpg not installed; git verify-commit needs it")
	}
	key, err := openpgp.NewEntity("Incident Bot", "", "bot@example.com", &packet.Config{Algorithm: packet.PubKeyAlgoEdDSA})
	require.NoError(t, err)
	var pub bytes.Buffer
	w, err := armor.Encode(&pub, openpgp.PublicKeyType, nil)
	require.NoError(t, err)
	require.NoError(t, key.Serialize(w))
	require.NoError(t, w.Close())

	gnupg := t.TempDir()
	imp := exec.Command("gpg", "--homedir", gnupg, "--batch", "--import")
	imp.Stdin = &pub
	out, err := imp.CombinedOutput()
	require.NoError(t, err, "gpg --import: %s", out)

	st, dir := newStore(t, &gitstore.Options{SignKey: key, Now: newClock().Now})
	_, err = st.Create(context.Background(), incident.Declaration{Title: "Signed", Severity: "sev3"}, alice)
	require.NoError(t, err)
	for _, c := range []string{"main", "main~1"} {
		cmd := exec.Command("git", "verify-commit", c)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GNUPGHOME="+gnupg)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "git verify-commit %s: %s", c, out)
		require.Contains(t, string(out), "Good signature", c)
	}
	fsck(t, filepath.Clean(dir))
}
