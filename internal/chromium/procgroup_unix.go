//go:build unix

package chromium

import (
	"os/exec"
	"syscall"
)

// killGroup runs the browser in a process group of its own and makes
// cancellation kill the whole group: Chromium forks renderer and utility
// processes that would otherwise outlive a timed-out run.
func killGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
