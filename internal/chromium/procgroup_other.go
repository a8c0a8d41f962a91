//go:build !unix

package chromium

import "os/exec"

// killGroup leaves cancellation to os/exec, which kills the browser process.
func killGroup(*exec.Cmd) {}
