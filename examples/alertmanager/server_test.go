package main

import (
	"errors"
	"io"
	"log"
	"net"
	"strings"
	"testing"
	"time"
)

// serve runs the receiver on 127.0.0.1 with the given timeouts.
func serve(t *testing.T, c *config) string {
	t.Helper()
	f := newFixture(t)
	srv := newServer(newReceiver(f.st, c, log.New(io.Discard, "", 0), log.New(io.Discard, "", 0)), c, log.New(io.Discard, "", 0))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// TestSlowClient checks that a client that sends its headers or its body
// too slowly, or stays idle, loses the connection once the timeout passed:
// it cannot hold it. Headers over the limit are refused. The deadlines on the client side are generous; the test asserts
// that the server acts, not how fast.
func TestSlowClient(t *testing.T) {
	c := testConfig()
	c.readHeaderTimeout, c.readTimeout, c.writeTimeout, c.idleTimeout = 200*time.Millisecond, 400*time.Millisecond, 2*time.Second, time.Second
	addr := serve(t, c)
	for _, tt := range []struct {
		name, send string
		want       string // what the answer starts with
		mayClose   bool   // the server may also close without an answer
	}{
		// Go's server answers 400 or just closes, depending on where the
		// header read timed out.
		{"headers trickled", "POST /alertmanager HTTP/1.1\r\nHost: x\r\nContent-Type: app", "HTTP/1.1 4", true},
		{"body trickled", "POST /alertmanager HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
			"Authorization: Bearer " + testToken + "\r\nContent-Length: 1000\r\n\r\n{\"version\"", "HTTP/1.1 408", false},
		{"idle keep-alive", "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 404", false},
		{"huge headers", "POST /alertmanager HTTP/1.1\r\nHost: x\r\nX-Pad: " + strings.Repeat("a", 40<<10) + "\r\n\r\n", "HTTP/1.1 431", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if _, err := io.WriteString(conn, tt.send); err != nil {
				t.Fatal(err)
			}
			// Send nothing more; the server must answer and/or close.
			conn.SetReadDeadline(time.Now().Add(30 * time.Second))
			got, err := io.ReadAll(conn)
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				t.Fatalf("the server held the connection for 30s; read %q", got)
			}
			if !strings.HasPrefix(string(got), tt.want) && !(tt.mayClose && len(got) == 0) {
				t.Errorf("read %q, want it to start with %q", got, tt.want)
			}
		})
	}
}
