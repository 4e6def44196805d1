// SPDX-License-Identifier: MIT
/* The pin fd is O_CLOEXEC and really closed across execve(); the pin is
 * released when the exec'ed image's last copy is gone. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(MST_PAGE, 0);
	int pin = mst_pin(ctl, m, MST_PAGE, 0);
	char cmd[128];
	int fl = fcntl(pin, F_GETFD);

	CHECK(fl >= 0 && (fl & FD_CLOEXEC), "pin fd FD_CLOEXEC (got F_GETFD %d)", fl);
	fflush(stdout);
	pid_t pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		snprintf(cmd, sizeof(cmd), "test ! -e /proc/self/fd/%d", pin);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(2);
	}
	CHECK_EQ(mst_wait_child(pid, "sh"), 0, "the pin fd is closed after execve (sh's exit status)");
	close(pin);
	munmap(m, MST_PAGE);
	PASS();
}
