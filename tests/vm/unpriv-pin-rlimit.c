// SPDX-License-Identifier: MIT
/* Long-term pins are charged to the user's RLIMIT_MEMLOCK (uid 1000, no
 * CAP_IPC_LOCK): with the limit at 16 pages, a 17-page long-term pin is
 * ENOMEM and pins nothing; 16 pages work, then one more page is ENOMEM;
 * short-term pins are not charged; VmPin shows the long-term pages; the
 * charge comes back on close (the same pin works again) and when a
 * process holding a pin exits; the limit is per user: a second process
 * of the same user shares it. */
#include "mstest.h"

#define LIMIT (16 * MST_PAGE)
#define LT (MEMSHARE_PIN_LONGTERM | MEMSHARE_PIN_WRITE)

int main(void)
{
	MST_INIT();
	mst_require_unpriv();
	int ctl = mst_ctl();
	struct rlimit rl = { LIMIT, LIMIT };
	uint8_t *m = mst_anon(64 * MST_PAGE, 1);
	long vmpin0 = mst_status_kb("VmPin");

	CHECK(setrlimit(RLIMIT_MEMLOCK, &rl) == 0, "setrlimit(RLIMIT_MEMLOCK, 16 pages) (got -%s)",
	      mst_errname(errno));
	struct memshare_version v0 = mst_version(ctl);

	CHECK_ERR(mst_pin_raw(ctl, m, LIMIT + 1, LT, NULL), ENOMEM,
		  "long-term PIN of 17 pages (16 pages + 1 byte) over RLIMIT_MEMLOCK of 16 pages");
	CHECK_ERR(mst_pin_raw(ctl, m, LIMIT + MST_PAGE, MEMSHARE_PIN_LONGTERM, NULL), ENOMEM,
		  "read-only long-term PIN of 17 pages");
	struct memshare_version v1 = mst_version(ctl);
	CHECK_EQ(v1.nr_pins, v0.nr_pins, "nr_pins after ENOMEM");
	CHECK_EQ(v1.pinned_pages, v0.pinned_pages, "pinned_pages after ENOMEM");

	int a = mst_pin(ctl, m, 10 * MST_PAGE, LT);
	if (vmpin0 >= 0)
		CHECK_EQ(mst_status_kb("VmPin"), vmpin0 + 40, "VmPin with a 10-page long-term pin (kB)");
	int b = mst_pin(ctl, m + 20 * MST_PAGE, 6 * MST_PAGE, MEMSHARE_PIN_LONGTERM);
	CHECK_ERR(mst_pin_raw(ctl, m + 30 * MST_PAGE, 1, LT, NULL), ENOMEM,
		  "long-term PIN of 1 page with 16 of 16 charged");
	/* short-term pins are not charged */
	int s = mst_pin(ctl, m, 64 * MST_PAGE, MEMSHARE_PIN_WRITE);
	if (vmpin0 >= 0)
		CHECK_EQ(mst_status_kb("VmPin"), vmpin0 + 64, "VmPin with 16 long-term pages (kB)");
	close(s);

	/* the same user in another process shares the limit */
	fflush(stdout);
	pid_t pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		long r = mst_pin_raw(ctl, m + 40 * MST_PAGE, MST_PAGE, LT, NULL);

		_exit(r == -ENOMEM ? 0 : 1);
	}
	CHECK_EQ(mst_wait_child(pid, "child"), 0,
		 "another process of the user pinning 1 page with 16 of 16 charged is ENOMEM");

	close(b);
	/* 6 pages came back: a 6-page pin works, a 7-page one does not */
	CHECK_ERR(mst_pin_raw(ctl, m + 30 * MST_PAGE, 7 * MST_PAGE, LT, NULL), ENOMEM,
		  "long-term PIN of 7 pages with 10 of 16 charged");
	b = mst_pin(ctl, m + 30 * MST_PAGE, 6 * MST_PAGE, LT);
	close(b);
	close(a);
	if (vmpin0 >= 0)
		CHECK_EQ(mst_status_kb("VmPin"), vmpin0, "VmPin after closing the pins (kB)");
	a = mst_pin(ctl, m, LIMIT, LT);	/* all 16 pages again */
	close(a);

	/* a process that exits with a pin open returns its charge */
	pid = fork();
	CHECK(pid >= 0, "fork");
	if (pid == 0) {
		long r = mst_pin_raw(ctl, m, LIMIT, LT, NULL);

		_exit(r >= 0 ? 0 : 1);	/* exits with the pin open */
	}
	CHECK_EQ(mst_wait_child(pid, "child"), 0, "child's 16-page long-term PIN");
	mst_check_pins_back(ctl, &v0, "counters after the child exited with its pin");
	a = (int)CHECK_OK(mst_pin_raw(ctl, m, LIMIT, LT, NULL),
			  "16-page long-term PIN after a child exited holding 16 pages");
	close(a);
	munmap(m, 64 * MST_PAGE);
	PASS();
}
