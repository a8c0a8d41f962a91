package gitstore_test

import (
	"errors"
	"net"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Real Git servers for the sync tests, on 127.0.0.1 only: a bare
// repository by path (go-git runs git-upload-pack and git-receive-pack),
// git daemon (git://) and git http-backend behind basic auth (smart HTTP).

const (
	httpUser     = "responder"
	httpPassword = "s3cret-pa55word"
	httpToken    = "t0ken-for-responders"
)

// gitServer serves bare repositories created under its root.
type gitServer struct {
	name string
	root string
	// url returns the URL of the repository named name.
	url func(name string) string
}

// newBareRemote creates an empty bare repository name under srv's root
// and returns its directory.
func newBareRemote(t testing.TB, srv *gitServer, name string) string {
	t.Helper()
	dir := filepath.Join(srv.root, name)
	git(t, srv.root, "init", "--quiet", "--bare", "-b", "main", dir)
	git(t, dir, "config", "http.receivepack", "true")
	// Keep pushed packs as packs (index-pack) rather than exploding them
	// into loose objects: faster on slow disks, as on busy servers.
	git(t, dir, "config", "receive.unpackLimit", "1")
	return dir
}

// servers returns the three kinds of Git server the sync tests run over.
func servers(t testing.TB) []*gitServer {
	return []*gitServer{pathServer(t), daemonServer(t), httpServer(t)}
}

func pathServer(t testing.TB) *gitServer {
	root := t.TempDir()
	return &gitServer{name: "path", root: root, url: func(n string) string { return filepath.Join(root, n) }}
}

// daemonServer runs `git daemon --inetd` for each connection accepted on a
// 127.0.0.1 port the kernel picked: no port to guess, nothing to wait for.
func daemonServer(t testing.TB) *gitServer {
	root := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go serveDaemon(root, c.(*net.TCPConn))
		}
	}()
	addr := ln.Addr().String()
	return &gitServer{name: "daemon", root: root, url: func(n string) string { return "git://" + addr + "/" + n }}
}

func serveDaemon(root string, c *net.TCPConn) {
	defer c.Close()
	f, err := c.File()
	if err != nil {
		return
	}
	defer f.Close()
	cmd := exec.Command("git", "daemon", "--inetd", "--export-all", "--enable=receive-pack", "--base-path="+root, root)
	cmd.Stdin, cmd.Stdout = f, f
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+root)
	_ = cmd.Run()
}

// httpServer serves git http-backend through net/http/cgi, asking for
// basic auth (httpUser, httpPassword).
func httpServer(t testing.TB) *gitServer {
	root := t.TempDir()
	execPath, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		t.Fatal(err)
	}
	backend := filepath.Join(strings.TrimSpace(string(execPath)), "git-http-backend")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if r.Header.Get("Authorization") == "Bearer "+httpToken {
			user, pass, ok = httpUser, httpPassword, true
		}
		if !ok || user != httpUser || pass != httpPassword {
			w.Header().Set("WWW-Authenticate", `Basic realm="git"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		h := &cgi.Handler{Path: backend, Root: "/", Env: []string{
			"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1", "REMOTE_USER=" + user,
			"GIT_CONFIG_NOSYSTEM=1", "HOME=" + root,
		}}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return &gitServer{name: "http", root: root, url: func(n string) string { return srv.URL + "/" + n }}
}

// closedPort returns a 127.0.0.1 address nothing listens on.
func closedPort(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestServersAnswer(t *testing.T) {
	for _, srv := range servers(t) {
		t.Run(srv.name, func(t *testing.T) {
			newBareRemote(t, srv, "probe.git")
			u := srv.url("probe.git")
			if srv.name == "http" {
				u = strings.Replace(u, "http://", "http://"+httpUser+":"+httpPassword+"@", 1)
			}
			out, err := gitErr(t.TempDir(), "ls-remote", u)
			var ee *exec.ExitError
			if err != nil && !errors.As(err, &ee) {
				t.Fatal(err)
			}
			if err != nil {
				t.Fatalf("git ls-remote %s: %v\n%s", srv.url("probe.git"), err, out)
			}
		})
	}
}
