// SPDX-License-Identifier: MIT
/* A process SIGKILLed while it pins or while the kernel works through its
 * pin (a long FILL or CRC) releases everything: the ioctl stops (fatal
 * signal), the pin fd's release unpins, the module's nr_pins and
 * pinned_pages are back, the long-term charge too, and /proc/vmstat
 * nr_foll_pin_acquired == nr_foll_pin_released. */
#include "mstest.h"
#include <signal.h>

#define LEN (64UL << 20)

/* The child: signal readiness on @wfd, then loop forever. */
static void child(int ctl, int wfd, int mode)
{
	uint8_t *m = mst_anon(LEN, 3);
	int pin = -1;

	if (mode == 1)
		pin = mst_pin(ctl, m, LEN, MEMSHARE_PIN_WRITE | MEMSHARE_PIN_LONGTERM);
	if (write(wfd, "r", 1) != 1)
		_exit(3);
	for (unsigned i = 0;; i++) {
		if (mode == 0) {	/* pin and unpin */
			pin = mst_pin(ctl, m, LEN, MEMSHARE_PIN_WRITE | (i & 1 ? MEMSHARE_PIN_LONGTERM : 0));
			close(pin);
		} else if (i & 1) {
			mst_pin_access(pin, MEMSHARE_ACCESS_FILL, 0, LEN, i & 0xff, NULL, 0, 0, NULL);
		} else {
			mst_pin_kcrc(pin, 1, LEN - 1);
		}
	}
}

int main(void)
{
	MST_INIT();
	mst_require_root();	/* /proc/sys/vm/stat_refresh */
	int ctl = mst_ctl();
	const char *modes[] = { "pinning in a loop", "FILL/CRC of a 64 MiB pin in a loop" };

	mst_check_foll_pins_balanced("before the test");
	struct memshare_version v0 = mst_version(ctl);
	for (int mode = 0; mode < 2; mode++) {
		for (int delay = 0; delay < 3; delay++) {
			int pfd[2];
			char c;

			CHECK(pipe(pfd) == 0, "pipe");
			fflush(stdout);
			pid_t pid = fork();
			CHECK(pid >= 0, "fork");
			if (pid == 0) {
				close(pfd[0]);
				child(ctl, pfd[1], mode);
			}
			close(pfd[1]);
			CHECK_EQ(read(pfd[0], &c, 1), 1, "child ready");
			close(pfd[0]);
			usleep(20000 + 90000 * delay);
			kill(pid, SIGKILL);
			int st;
			CHECK(waitpid(pid, &st, 0) == pid, "waitpid");
			CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
			      "%s: child status 0x%x (want killed by SIGKILL; it failed on its own)",
			      modes[mode], st);
			char what[128];
			snprintf(what, sizeof(what), "%s, killed after %d ms: nr_pins/pinned_pages",
				 modes[mode], 20 + 90 * delay);
			mst_check_pins_back(ctl, &v0, what);
			snprintf(what, sizeof(what), "%s, killed after %d ms", modes[mode], 20 + 90 * delay);
			mst_check_foll_pins_balanced(what);
		}
	}
	PASS();
}
